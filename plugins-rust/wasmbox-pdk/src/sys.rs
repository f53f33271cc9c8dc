//! Raw bindings to the wasmbox guest ABI v1 (`docs/abi.md`).
//!
//! Every function here is `unsafe`: pointers are offsets into the plugin's linear memory and
//! the host traps the plugin when a `(ptr, len)` pair lies outside it. Plugin authors normally
//! use the safe wrappers ([`crate::io`], [`crate::log`], [`crate::kv`], …) instead; these
//! bindings exist for tests of the host and for plugins that need full control.
//!
//! On `wasm32` the functions are Wasm imports. Each import appears in the final module only
//! when the plugin (transitively) calls it: the host refuses to load a module that imports a
//! capability function its policy does not grant, so an unused wrapper costs nothing.
//!
//! On every other target (native `cargo test`) the same functions are served by the in-process
//! mock host of [`crate::testing`].

#![allow(clippy::missing_safety_doc)]

/// Error code: the policy does not grant this target (kv namespace, HTTP host, config key, …).
pub const DENIED: i32 = -1;
/// Error code: no such key or entry.
pub const NOT_FOUND: i32 = -2;
/// Error code: the arguments are malformed (bad UTF-8, bad JSON, out-of-range value).
pub const INVALID_ARGUMENT: i32 = -3;
/// Error code: the host could not do it (I/O error, remote failure).
pub const FAILED: i32 = -4;
/// Error code: the value exceeds a policy cap.
pub const TOO_LARGE: i32 = -5;

#[cfg(target_arch = "wasm32")]
mod imp {
    #[link(wasm_import_module = "wasmbox")]
    extern "C" {
        pub fn input_length() -> i32;
        pub fn input_read(dst: *mut u8);
        pub fn output_write(src: *const u8, len: usize);
        pub fn error_write(src: *const u8, len: usize);
        pub fn result_length() -> i32;
        pub fn result_read(dst: *mut u8);
    }

    #[link(wasm_import_module = "wasmbox:log")]
    extern "C" {
        #[link_name = "write"]
        pub fn log_write(level: i32, ptr: *const u8, len: usize) -> i32;
    }

    #[link(wasm_import_module = "wasmbox:clock")]
    extern "C" {
        #[link_name = "now_millis"]
        pub fn clock_now_millis() -> i64;
        #[link_name = "monotonic_nanos"]
        pub fn clock_monotonic_nanos() -> i64;
    }

    #[link(wasm_import_module = "wasmbox:random")]
    extern "C" {
        #[link_name = "fill"]
        pub fn random_fill(ptr: *mut u8, len: usize) -> i32;
    }

    #[link(wasm_import_module = "wasmbox:config")]
    extern "C" {
        #[link_name = "get"]
        pub fn config_get(key_ptr: *const u8, key_len: usize) -> i32;
    }

    #[link(wasm_import_module = "wasmbox:kv")]
    extern "C" {
        #[link_name = "get"]
        pub fn kv_get(ns_ptr: *const u8, ns_len: usize, key_ptr: *const u8, key_len: usize) -> i32;
        #[link_name = "put"]
        pub fn kv_put(
            ns_ptr: *const u8,
            ns_len: usize,
            key_ptr: *const u8,
            key_len: usize,
            val_ptr: *const u8,
            val_len: usize,
        ) -> i32;
        #[link_name = "delete"]
        pub fn kv_delete(ns_ptr: *const u8, ns_len: usize, key_ptr: *const u8, key_len: usize) -> i32;
        #[link_name = "list"]
        pub fn kv_list(ns_ptr: *const u8, ns_len: usize, prefix_ptr: *const u8, prefix_len: usize) -> i32;
    }

    #[link(wasm_import_module = "wasmbox:http")]
    extern "C" {
        #[link_name = "request"]
        pub fn http_request(req_ptr: *const u8, req_len: usize) -> i32;
    }
}

#[cfg(not(target_arch = "wasm32"))]
use crate::testing::host as imp;

/// `wasmbox/input_length() -> i32`: length in bytes of the call's input.
#[inline]
pub unsafe fn input_length() -> i32 {
    imp::input_length()
}

/// `wasmbox/input_read(dst)`: copies the whole input to `dst`, which must have room for
/// [`input_length`] bytes.
#[inline]
pub unsafe fn input_read(dst: *mut u8) {
    imp::input_read(dst)
}

/// `wasmbox/output_write(src, len)`: sets the call's output (a later call replaces it).
#[inline]
pub unsafe fn output_write(src: *const u8, len: usize) {
    imp::output_write(src, len)
}

/// `wasmbox/error_write(src, len)`: sets the failure message (UTF-8) reported when the
/// plugin function returns non-zero.
#[inline]
pub unsafe fn error_write(src: *const u8, len: usize) {
    imp::error_write(src, len)
}

/// `wasmbox/result_length() -> i32`: length of the pending result of the last host function.
#[inline]
pub unsafe fn result_length() -> i32 {
    imp::result_length()
}

/// `wasmbox/result_read(dst)`: copies the pending result to `dst` and clears it.
#[inline]
pub unsafe fn result_read(dst: *mut u8) {
    imp::result_read(dst)
}

/// `wasmbox:log/write(level, ptr, len) -> i32`: `0`, or `-5` when the per-call count cap is hit.
#[inline]
pub unsafe fn log_write(level: i32, ptr: *const u8, len: usize) -> i32 {
    imp::log_write(level, ptr, len)
}

/// `wasmbox:clock/now_millis() -> i64`: wall-clock milliseconds since the Unix epoch.
#[inline]
pub unsafe fn clock_now_millis() -> i64 {
    imp::clock_now_millis()
}

/// `wasmbox:clock/monotonic_nanos() -> i64`: monotonic nanoseconds.
#[inline]
pub unsafe fn clock_monotonic_nanos() -> i64 {
    imp::clock_monotonic_nanos()
}

/// `wasmbox:random/fill(ptr, len) -> i32`: `0`, or a negative error code.
#[inline]
pub unsafe fn random_fill(ptr: *mut u8, len: usize) -> i32 {
    imp::random_fill(ptr, len)
}

/// `wasmbox:config/get(key_ptr, key_len) -> i32`: length of the pending UTF-8 value, or a
/// negative error code (`-2` when the key is not exposed to this plugin).
#[inline]
pub unsafe fn config_get(key_ptr: *const u8, key_len: usize) -> i32 {
    imp::config_get(key_ptr, key_len)
}

/// `wasmbox:kv/get(ns, key) -> i32`: length of the pending value, `-2` if absent.
#[inline]
pub unsafe fn kv_get(ns_ptr: *const u8, ns_len: usize, key_ptr: *const u8, key_len: usize) -> i32 {
    imp::kv_get(ns_ptr, ns_len, key_ptr, key_len)
}

/// `wasmbox:kv/put(ns, key, value) -> i32`: `0`, or `-1` on a namespace granted read-only.
#[inline]
pub unsafe fn kv_put(
    ns_ptr: *const u8,
    ns_len: usize,
    key_ptr: *const u8,
    key_len: usize,
    val_ptr: *const u8,
    val_len: usize,
) -> i32 {
    imp::kv_put(ns_ptr, ns_len, key_ptr, key_len, val_ptr, val_len)
}

/// `wasmbox:kv/delete(ns, key) -> i32`: `0` (also when absent).
#[inline]
pub unsafe fn kv_delete(ns_ptr: *const u8, ns_len: usize, key_ptr: *const u8, key_len: usize) -> i32 {
    imp::kv_delete(ns_ptr, ns_len, key_ptr, key_len)
}

/// `wasmbox:kv/list(ns, prefix) -> i32`: length of the pending JSON array of matching keys.
#[inline]
pub unsafe fn kv_list(ns_ptr: *const u8, ns_len: usize, prefix_ptr: *const u8, prefix_len: usize) -> i32 {
    imp::kv_list(ns_ptr, ns_len, prefix_ptr, prefix_len)
}

/// `wasmbox:http/request(req_ptr, req_len) -> i32`: length of the pending JSON response, or a
/// negative error code (`-1` when the target is not granted).
#[inline]
pub unsafe fn http_request(req_ptr: *const u8, req_len: usize) -> i32 {
    imp::http_request(req_ptr, req_len)
}
