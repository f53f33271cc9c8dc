//! Time from the host (`wasmbox:clock`).
//!
//! The policy chooses the clock mode (system, coarsened, fixed), so tests can replay a call
//! with a frozen clock. These functions return plain numbers, because the ABI gives them no
//! way to fail: a plugin without the grant does not load at all.
//!
//! ```no_run
//! let started = wasmbox_pdk::clock::monotonic_nanos();
//! let now = wasmbox_pdk::clock::now_millis();
//! # let _ = (started, now);
//! ```
//!
//! Requires the grants `wasmbox:clock/now_millis` and/or `wasmbox:clock/monotonic_nanos`
//! (each is imported only when called).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::sys;

/// Wall-clock time in milliseconds since the Unix epoch (`wasmbox:clock/now_millis`).
#[inline]
pub fn now_millis() -> i64 {
    unsafe { sys::clock_now_millis() }
}

/// Monotonic time in nanoseconds (`wasmbox:clock/monotonic_nanos`); only differences
/// between two readings are meaningful.
#[inline]
pub fn monotonic_nanos() -> i64 {
    unsafe { sys::clock_monotonic_nanos() }
}

/// Wall-clock time as a [`SystemTime`] (`wasmbox:clock/now_millis`).
#[inline]
pub fn now() -> SystemTime {
    let millis = now_millis();
    if millis >= 0 {
        UNIX_EPOCH + Duration::from_millis(millis as u64)
    } else {
        UNIX_EPOCH - Duration::from_millis(millis.unsigned_abs())
    }
}
