//! HOSTILE: every way a Rust plugin can crash. Each call traps; the sandbox must report it
//! (`PluginTrapException`, with the panic message the PDK's hook passed to `error_write`
//! where there is one), discard the instance and keep serving. No capabilities.
//!
//! | export | how it dies |
//! |---|---|
//! | `quote` | `panic!` with a message that includes the input length |
//! | `panic_long` | `panic!` with a 1 MiB message (the hook truncates it to 4 KiB) |
//! | `unwrap_none` | `None.unwrap()` |
//! | `divide_by_zero` | integer division by zero (input: JSON divisor, default 0) |
//! | `out_of_bounds` | slice index out of bounds |
//! | `double_panic` | a panic while panicking (a `Drop` that panics): abort |
//! | `process_abort` | `std::process::abort()` |
//! | `process_exit` | `std::process::exit(42)` from a reactor: WASI `proc_exit(42)` |
//! | `unreachable` | the Wasm `unreachable` instruction, no message |
//! | `stack_overflow` | recursion with 4 KiB frames: overflows the 64 KiB shadow stack |

use std::ptr;

use wasmbox_pdk::plugin_fn;

/// Panics.
#[plugin_fn]
pub fn quote(order: Vec<u8>) -> Vec<u8> {
    panic!("panic storm: refusing to quote an order of {} bytes", order.len())
}

/// Panics with a 1 MiB message.
#[plugin_fn]
pub fn panic_long() {
    panic!("{}", "P".repeat(1 << 20))
}

/// Unwraps `None`.
#[plugin_fn]
pub fn unwrap_none() -> u32 {
    let nothing: Option<u32> = unsafe { ptr::read_volatile(&None) };
    nothing.unwrap()
}

/// Divides by the input (0 by default).
#[plugin_fn]
pub fn divide_by_zero(input: Vec<u8>) -> i64 {
    let divisor: i64 = std::str::from_utf8(&input).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0);
    100 / unsafe { ptr::read_volatile(&divisor) }
}

/// Indexes past the end of a slice.
#[plugin_fn]
pub fn out_of_bounds(input: Vec<u8>) -> u8 {
    let index = unsafe { ptr::read_volatile(&(input.len() + 10)) };
    input[index]
}

struct PanicOnDrop;

impl Drop for PanicOnDrop {
    fn drop(&mut self) {
        panic!("panic in Drop")
    }
}

/// Panics while panicking.
#[plugin_fn]
pub fn double_panic() {
    let _guard = PanicOnDrop;
    panic!("first panic")
}

/// Aborts.
#[plugin_fn]
pub fn process_abort() {
    std::process::abort()
}

/// Exits the process with status 42.
#[plugin_fn]
pub fn process_exit() {
    std::process::exit(42)
}

/// Executes `unreachable`.
#[plugin_fn]
pub fn unreachable() {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    std::process::abort();
}

#[inline(never)]
fn deep(n: u32) -> u32 {
    let mut frame = [0u8; 4096];
    unsafe { ptr::write_volatile(&mut frame[(n as usize) % 4096], n as u8) };
    let next: fn(u32) -> u32 = unsafe { ptr::read_volatile(&(deep as fn(u32) -> u32)) };
    next(n + 1).wrapping_add(unsafe { ptr::read_volatile(&frame[0]) } as u32)
}

/// Overflows the shadow stack.
#[plugin_fn]
pub fn stack_overflow() -> u32 {
    deep(0)
}

wasmbox_pdk::manifest! {
    exports = [quote, panic_long, unwrap_none, divide_by_zero, out_of_bounds, double_panic, process_abort, process_exit, unreachable, stack_overflow],
    capabilities = [],
}
