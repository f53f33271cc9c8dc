//! HOSTILE: floods every output channel. The sandbox must cap the output (`max-output`),
//! stdout/stderr and the log, fail or truncate as documented, and keep serving.
//!
//! Capabilities: `wasmbox:log/write`.
//!
//! | export | what it does |
//! |---|---|
//! | `quote` | sets an 8 MiB output (without allocating: straight from linear memory) |
//! | `flood` | input: JSON number of bytes; sets an output of that size |
//! | `rewrite_output` | calls `output_write` 100 000 times with 1 KiB (each call replaces the last) |
//! | `error_flood` | sets an 8 MiB error message and returns 1 |
//! | `stdout_flood` | prints 1 000 000 lines of 100 bytes to stdout |
//! | `stderr_flood` | the same on stderr |
//! | `log_flood` | writes 100 000 log messages of 64 KiB; returns how many the host accepted |

use std::io::Write;

use wasmbox_pdk::{log, plugin_fn, sys};

const EIGHT_MIB: usize = 8 << 20;

/// Makes sure linear memory has at least `bytes` bytes; returns how many it has.
fn memory_of_at_least(bytes: usize) -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        use core::arch::wasm32::{memory_grow, memory_size};
        let have = memory_size(0) * 65536;
        if have < bytes {
            let pages = (bytes - have + 65535) / 65536;
            memory_grow(0, pages);
        }
        memory_size(0) * 65536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        bytes
    }
}

fn raw_output(len: usize) {
    let len = len.min(memory_of_at_least(len));
    // Address 0 is inside linear memory: output the first `len` bytes of it.
    unsafe { sys::output_write(std::ptr::null(), len) };
}

/// Sets an 8 MiB output.
#[plugin_fn]
pub fn quote(_order: Vec<u8>) {
    raw_output(EIGHT_MIB)
}

/// Sets an output of the requested size.
#[plugin_fn]
pub fn flood(bytes: u32) {
    raw_output(bytes as usize)
}

/// Replaces the output 100 000 times.
#[plugin_fn]
pub fn rewrite_output() {
    let chunk = vec![b'x'; 1024];
    for _ in 0..100_000 {
        unsafe { sys::output_write(chunk.as_ptr(), chunk.len()) };
    }
}

/// Sets an 8 MiB error message and fails (a hand-written export: the PDK would replace the
/// message with its own).
#[cfg_attr(target_arch = "wasm32", export_name = "error_flood")]
pub extern "C" fn error_flood() -> i32 {
    let len = EIGHT_MIB.min(memory_of_at_least(EIGHT_MIB));
    unsafe { sys::error_write(std::ptr::null(), len) };
    1
}

/// A million lines on stdout.
#[plugin_fn]
pub fn stdout_flood() {
    let line = [b'o'; 99];
    let mut out = std::io::stdout();
    for _ in 0..1_000_000 {
        let _ = out.write_all(&line);
        let _ = out.write_all(b"\n");
    }
}

/// A million lines on stderr.
#[plugin_fn]
pub fn stderr_flood() {
    let line = [b'e'; 99];
    let mut err = std::io::stderr();
    for _ in 0..1_000_000 {
        let _ = err.write_all(&line);
        let _ = err.write_all(b"\n");
    }
}

/// 100 000 log messages of 64 KiB.
#[plugin_fn]
pub fn log_flood() -> u32 {
    let message = "L".repeat(64 * 1024);
    let mut accepted = 0u32;
    for _ in 0..100_000 {
        if log::write(log::Level::Error, &message).is_ok() {
            accepted += 1;
        }
    }
    accepted
}

wasmbox_pdk::manifest! {
    exports = [quote, flood, rewrite_output, "error_flood", stdout_flood, stderr_flood, log_flood],
    capabilities = ["wasmbox:log/write"],
}
