//! HOSTILE: calls host functions with bad pointers, huge and negative lengths, wrapping
//! ranges and malformed arguments. Per ABI v1 the host bounds-checks every `(ptr, len)`
//! with unsigned arithmetic before it reads, writes or allocates anything, and traps the
//! guest on a bad pointer; malformed but in-bounds arguments are `-3` (invalid argument).
//!
//! Capabilities: `wasmbox:log/write`, `wasmbox:config/get`, `wasmbox:kv/get`,
//! `wasmbox:random/fill`, `wasmbox:http/request`.
//!
//! Exports that should **trap** (the host must throw `PluginTrapException` and allocate nothing):
//! `quote` (= `input_read_oob`), `input_read_oob`, `input_read_wrap`, `output_huge_len`,
//! `output_wrap`, `output_past_end`, `output_negative_len`, `error_oob`, `result_read_oob`,
//! `log_huge_len`, `log_bad_ptr`, `config_bad_ptr`, `kv_huge_key`, `random_oob`,
//! `http_bad_ptr`.
//!
//! Exports that should **not trap** and return a JSON report of the host's answers:
//! `result_read_clears` (`{"first": n, "afterRead": 0}`), `log_bad_level`,
//! `config_bad_utf8` (`-3`), `kv_bad_utf8` (`-3`), `http_bad_json` (`-3`),
//! `random_too_large` (`-5` when 4 MiB exceeds `max-host-result`).
//! Each report is `{"code": <return value>, ...}`.

use serde_json::{json, Value};
use wasmbox_pdk::{plugin_fn, sys};

const BAD: usize = 0xFFFF_FFF0;
const HUGE: usize = 0x7FFF_FFFF;

fn memory_bytes() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) * 65536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

fn bad() -> *mut u8 {
    BAD as *mut u8
}

fn reached(what: &str) -> Value {
    json!({"trapped": false, "reached": what})
}

/// `input_read` to an address far past the end of memory.
#[plugin_fn]
pub fn quote(_order: Vec<u8>) -> Value {
    unsafe { sys::input_read(bad()) };
    reached("input_read(0xFFFFFFF0)")
}

/// `input_read` to an address far past the end of memory (with a non-empty input).
#[plugin_fn]
pub fn input_read_oob(_input: Vec<u8>) -> Value {
    unsafe { sys::input_read(bad()) };
    reached("input_read(0xFFFFFFF0)")
}

/// `input_read` at `u32::MAX`, so that `ptr + len` wraps.
#[plugin_fn]
pub fn input_read_wrap(_input: Vec<u8>) -> Value {
    unsafe { sys::input_read(u32::MAX as usize as *mut u8) };
    reached("input_read(0xFFFFFFFF)")
}

/// `output_write(0, 2^31 - 1)`.
#[plugin_fn]
pub fn output_huge_len() -> Value {
    unsafe { sys::output_write(std::ptr::null(), HUGE) };
    reached("output_write(0, 0x7FFFFFFF)")
}

/// `output_write(0xFFFFFFFF, 2)`: the range wraps around.
#[plugin_fn]
pub fn output_wrap() -> Value {
    unsafe { sys::output_write(u32::MAX as usize as *const u8, 2) };
    reached("output_write(0xFFFFFFFF, 2)")
}

/// `output_write(memory_end - 4, 8)`: crosses the end of memory.
#[plugin_fn]
pub fn output_past_end() -> Value {
    let end = memory_bytes();
    unsafe { sys::output_write((end - 4) as *const u8, 8) };
    reached("output_write(end - 4, 8)")
}

/// `output_write(16, -1)`.
#[plugin_fn]
pub fn output_negative_len() -> Value {
    unsafe { sys::output_write(16 as *const u8, u32::MAX as usize) };
    reached("output_write(16, -1)")
}

/// `error_write(0xFFFFFF00, 1000)`.
#[plugin_fn]
pub fn error_oob() -> Value {
    unsafe { sys::error_write(0xFFFF_FF00usize as *const u8, 1000) };
    reached("error_write(0xFFFFFF00, 1000)")
}

fn pending_message() -> i32 {
    let key = "no-such-key-for-host-call-abuse";
    unsafe { sys::config_get(key.as_ptr(), key.len()) }
}

/// Creates a pending result (a failed `config/get`), then `result_read` to a bad address.
#[plugin_fn]
pub fn result_read_oob() -> Value {
    let code = pending_message();
    unsafe { sys::result_read(bad()) };
    json!({"trapped": false, "configCode": code})
}

/// `result_read` clears the pending result.
#[plugin_fn]
pub fn result_read_clears() -> Value {
    let code = pending_message();
    let first = unsafe { sys::result_length() };
    let mut buf = vec![0u8; first.max(0) as usize];
    unsafe { sys::result_read(buf.as_mut_ptr()) };
    let after = unsafe { sys::result_length() };
    json!({"code": code, "first": first, "message": String::from_utf8_lossy(&buf), "afterRead": after})
}

/// `log/write(2, 0, 2^31 - 1)`.
#[plugin_fn]
pub fn log_huge_len() -> Value {
    let code = unsafe { sys::log_write(2, std::ptr::null(), HUGE) };
    json!({"trapped": false, "code": code})
}

/// `log/write(2, 0xFFFFFFF0, 100)`.
#[plugin_fn]
pub fn log_bad_ptr() -> Value {
    let code = unsafe { sys::log_write(2, bad(), 100) };
    json!({"trapped": false, "code": code})
}

/// `log/write` with levels outside 0..=4.
#[plugin_fn]
pub fn log_bad_level() -> Value {
    let msg = "level abuse";
    let codes: Vec<i32> = [-1, 5, 99, i32::MIN, i32::MAX]
        .iter()
        .map(|&level| unsafe { sys::log_write(level, msg.as_ptr(), msg.len()) })
        .collect();
    json!({"code": codes})
}

/// `config/get(0xFFFFFFF0, 32)`.
#[plugin_fn]
pub fn config_bad_ptr() -> Value {
    let code = unsafe { sys::config_get(bad(), 32) };
    json!({"trapped": false, "code": code})
}

/// `config/get` with a key that is not UTF-8.
#[plugin_fn]
pub fn config_bad_utf8() -> Value {
    let key = [0xFFu8, 0xFE, 0x00, 0xC3];
    let code = unsafe { sys::config_get(key.as_ptr(), key.len()) };
    json!({"code": code})
}

/// `kv/get` with a key length of 2^31 - 1.
#[plugin_fn]
pub fn kv_huge_key() -> Value {
    let ns = "coupons";
    let code = unsafe { sys::kv_get(ns.as_ptr(), ns.len(), std::ptr::null(), HUGE) };
    json!({"trapped": false, "code": code})
}

/// `kv/get` with a namespace that is not UTF-8.
#[plugin_fn]
pub fn kv_bad_utf8() -> Value {
    let ns = [0xC0u8, 0xAF];
    let key = "k";
    let code = unsafe { sys::kv_get(ns.as_ptr(), ns.len(), key.as_ptr(), key.len()) };
    json!({"code": code})
}

/// `random/fill(0xFFFF0000, 0x10000)`: the range ends exactly at 2^32 (wraps to 0).
#[plugin_fn]
pub fn random_oob() -> Value {
    let code = unsafe { sys::random_fill(0xFFFF_0000usize as *mut u8, 0x1_0000) };
    json!({"trapped": false, "code": code})
}

/// `random/fill` of 4 MiB of valid memory.
#[plugin_fn]
pub fn random_too_large() -> Value {
    let mut buf = vec![0u8; 4 << 20];
    let code = unsafe { sys::random_fill(buf.as_mut_ptr(), buf.len()) };
    json!({"code": code})
}

/// `http/request` with a request that is not JSON.
#[plugin_fn]
pub fn http_bad_json() -> Value {
    let req = b"{\"method\": \"GET\", \"url\": ";
    let code = unsafe { sys::http_request(req.as_ptr(), req.len()) };
    json!({"code": code})
}

/// `http/request(0xFFFFFFF0, 64)`.
#[plugin_fn]
pub fn http_bad_ptr() -> Value {
    let code = unsafe { sys::http_request(bad(), 64) };
    json!({"trapped": false, "code": code})
}

wasmbox_pdk::manifest! {
    exports = [
        quote, input_read_oob, input_read_wrap, output_huge_len, output_wrap, output_past_end,
        output_negative_len, error_oob, result_read_oob, result_read_clears, log_huge_len,
        log_bad_ptr, log_bad_level, config_bad_ptr, config_bad_utf8, kv_huge_key, kv_bad_utf8,
        random_oob, random_too_large, http_bad_json, http_bad_ptr,
    ],
    capabilities = [
        "wasmbox:log/write", "wasmbox:config/get", "wasmbox:kv/get", "wasmbox:random/fill",
        "wasmbox:http/request",
    ],
}
