//! Configuration values the policy exposes to this plugin (`wasmbox:config/get`).
//!
//! ```no_run
//! # fn f() -> wasmbox_pdk::Result<()> {
//! let currency = wasmbox_pdk::config::get("currency")?.unwrap_or_else(|| "EUR".to_string());
//! let api = wasmbox_pdk::config::require("rates_url")?; // NotFound error when absent
//! # let _ = (currency, api); Ok(()) }
//! ```
//!
//! Requires the grant `wasmbox:config/get`.

use crate::{io, sys, Error, Result};

/// The value of `key`, or `None` when the key is not exposed to this plugin (`-2`).
/// Other host errors (for example [`crate::ErrorKind::Denied`]) are returned as errors.
#[inline]
pub fn get(key: &str) -> Result<Option<String>> {
    match require(key) {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// The value of `key`; a key that is not exposed is a [`crate::ErrorKind::NotFound`] error.
#[inline]
pub fn require(key: &str) -> Result<String> {
    let code = unsafe { sys::config_get(key.as_ptr(), key.len()) };
    let bytes = io::take(code)?;
    String::from_utf8(bytes)
        .map_err(|_| Error::invalid_argument(format!("config value of '{}' is not UTF-8", key)))
}
