//! Logging through the host (`wasmbox:log/write`).
//!
//! Messages go to the SLF4J logger `wasmbox.plugin.<plugin name>` with control characters
//! escaped. The host caps the size of each message and the number of messages per call.
//!
//! ```no_run
//! wasmbox_pdk::info!("applied coupon {}", "WELCOME10");
//! wasmbox_pdk::warn!("slow rates API: {} ms", 350);
//! # fn f() -> wasmbox_pdk::Result<()> {
//! wasmbox_pdk::log::write(wasmbox_pdk::log::Level::Error, "fails on the count cap")?;
//! # Ok(()) }
//! ```
//!
//! The macros ignore failures (logging never fails a plugin); call [`write`] to see them.
//! Requires the grant `wasmbox:log/write`.

use crate::{io, sys, Result};

/// Log level, as the ABI numbers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(i32)]
pub enum Level {
    /// `0`
    Trace = 0,
    /// `1`
    Debug = 1,
    /// `2`
    Info = 2,
    /// `3`
    Warn = 3,
    /// `4`
    Error = 4,
}

/// Writes one log message. Fails with [`crate::ErrorKind::TooLarge`] once the per-call
/// count cap is reached.
#[inline]
pub fn write(level: Level, message: &str) -> Result<()> {
    let code = unsafe { sys::log_write(level as i32, message.as_ptr(), message.len()) };
    io::check(code).map(|_| ())
}

/// Logs a formatted message at the given [`Level`]; failures are ignored.
///
/// ```no_run
/// wasmbox_pdk::log!(wasmbox_pdk::log::Level::Info, "total {}", 42);
/// ```
#[macro_export]
macro_rules! log {
    ($level:expr, $($arg:tt)+) => {{
        let _ = $crate::log::write($level, &::std::format!($($arg)+));
    }};
}

/// Logs a formatted message at level trace; failures are ignored.
#[macro_export]
macro_rules! trace {
    ($($arg:tt)+) => { $crate::log!($crate::log::Level::Trace, $($arg)+) };
}

/// Logs a formatted message at level debug; failures are ignored.
#[macro_export]
macro_rules! debug {
    ($($arg:tt)+) => { $crate::log!($crate::log::Level::Debug, $($arg)+) };
}

/// Logs a formatted message at level info; failures are ignored.
#[macro_export]
macro_rules! info {
    ($($arg:tt)+) => { $crate::log!($crate::log::Level::Info, $($arg)+) };
}

/// Logs a formatted message at level warn; failures are ignored.
#[macro_export]
macro_rules! warn {
    ($($arg:tt)+) => { $crate::log!($crate::log::Level::Warn, $($arg)+) };
}

/// Logs a formatted message at level error; failures are ignored.
#[macro_export]
macro_rules! error {
    ($($arg:tt)+) => { $crate::log!($crate::log::Level::Error, $($arg)+) };
}
