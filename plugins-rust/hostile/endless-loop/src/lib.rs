//! HOSTILE: never returns. The sandbox must stop it with fuel or the call deadline, discard
//! the instance, and keep serving. No capabilities.
//!
//! | export | what it does |
//! |---|---|
//! | `quote` | the same as `spin` (drop-in for the discount slot of the sample app) |
//! | `spin` | a tight arithmetic loop, no calls |
//! | `spin_host_calls` | a loop that calls the core host function `input_length` forever |
//! | `sleep` | sleeps for an hour through WASI `poll_oneoff` (a blocking host call) |
//! | `recurse` | unbounded recursion through an indirect call (stack exhaustion) |

use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};
use wasmbox_pdk::plugin_fn;

#[inline(never)]
fn spin_forever() -> ! {
    let mut x: u64 = 1;
    loop {
        // Volatile so that the optimizer can neither remove nor shorten the loop.
        unsafe { ptr::write_volatile(&mut x, ptr::read_volatile(&x).wrapping_mul(6364136223846793005).wrapping_add(1)) };
    }
}

/// Spins forever (drop-in replacement for a `quote` function).
#[plugin_fn]
pub fn quote(_order: Vec<u8>) -> Vec<u8> {
    spin_forever()
}

/// Spins forever.
#[plugin_fn]
pub fn spin() {
    spin_forever()
}

/// Calls `wasmbox/input_length` in an endless loop.
#[plugin_fn]
pub fn spin_host_calls() {
    let mut sum: i64 = 0;
    loop {
        sum = sum.wrapping_add(unsafe { wasmbox_pdk::sys::input_length() } as i64);
        unsafe { ptr::write_volatile(&mut sum, sum) };
    }
}

/// Blocks in the host for an hour.
#[plugin_fn]
pub fn sleep() {
    std::thread::sleep(std::time::Duration::from_secs(3600));
}

static DEPTH: AtomicU64 = AtomicU64::new(0);

#[inline(never)]
fn dive(n: u64) -> u64 {
    DEPTH.store(n, Ordering::Relaxed);
    // An indirect call the optimizer cannot turn into a loop.
    let next: fn(u64) -> u64 = unsafe { ptr::read_volatile(&(dive as fn(u64) -> u64)) };
    next(n + 1) ^ n
}

/// Recurses without bound.
#[plugin_fn]
pub fn recurse() -> u64 {
    dive(0)
}

wasmbox_pdk::manifest! {
    exports = [quote, spin, spin_host_calls, sleep, recurse],
    capabilities = [],
}
