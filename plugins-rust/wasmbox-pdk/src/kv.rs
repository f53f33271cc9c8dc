//! The namespaced key-value store (`wasmbox:kv`).
//!
//! The policy grants namespaces read-only or read-write; a namespace that is not granted, or
//! a write to a read-only one, is a [`crate::ErrorKind::Denied`] error.
//!
//! ```no_run
//! # fn f() -> wasmbox_pdk::Result<()> {
//! use wasmbox_pdk::kv;
//! let uses: u32 = kv::get_json("coupons", "uses:WELCOME10")?.unwrap_or(0);
//! kv::put_json("coupons", "uses:WELCOME10", &(uses + 1))?;
//! let keys = kv::list("coupons", "uses:")?;
//! kv::delete("coupons", "uses:OLD")?;
//! # let _ = keys; Ok(()) }
//! ```
//!
//! Requires the grants `wasmbox:kv/get`, `wasmbox:kv/put`, `wasmbox:kv/delete`,
//! `wasmbox:kv/list` for the functions you call (each is imported only when used).

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::{io, sys, Error, Result};

/// The value stored under `key` in namespace `ns`, or `None` when absent.
#[inline]
pub fn get(ns: &str, key: &str) -> Result<Option<Vec<u8>>> {
    let code = unsafe { sys::kv_get(ns.as_ptr(), ns.len(), key.as_ptr(), key.len()) };
    match io::take(code) {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// The value under `key` as UTF-8 text, or `None` when absent.
#[inline]
pub fn get_string(ns: &str, key: &str) -> Result<Option<String>> {
    match get(ns, key)? {
        Some(bytes) => Ok(Some(String::from_utf8(bytes)?)),
        None => Ok(None),
    }
}

/// The value under `key` decoded from JSON, or `None` when absent.
#[inline]
pub fn get_json<T: DeserializeOwned>(ns: &str, key: &str) -> Result<Option<T>> {
    match get(ns, key)? {
        Some(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
        None => Ok(None),
    }
}

/// Stores `value` under `key` (replacing any previous value).
#[inline]
pub fn put(ns: &str, key: &str, value: &[u8]) -> Result<()> {
    let code = unsafe {
        sys::kv_put(ns.as_ptr(), ns.len(), key.as_ptr(), key.len(), value.as_ptr(), value.len())
    };
    io::check(code).map(|_| ())
}

/// Stores `value` encoded as JSON.
#[inline]
pub fn put_json<T: Serialize + ?Sized>(ns: &str, key: &str, value: &T) -> Result<()> {
    let bytes = serde_json::to_vec(value)
        .map_err(|e| Error::invalid_argument(format!("cannot encode value as JSON: {}", e)))?;
    put(ns, key, &bytes)
}

/// Removes `key` (succeeds when it is absent).
#[inline]
pub fn delete(ns: &str, key: &str) -> Result<()> {
    let code = unsafe { sys::kv_delete(ns.as_ptr(), ns.len(), key.as_ptr(), key.len()) };
    io::check(code).map(|_| ())
}

/// The keys of namespace `ns` that start with `prefix`, sorted.
#[inline]
pub fn list(ns: &str, prefix: &str) -> Result<Vec<String>> {
    let code = unsafe { sys::kv_list(ns.as_ptr(), ns.len(), prefix.as_ptr(), prefix.len()) };
    let bytes = io::take(code)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::failed(format!("host returned a malformed key list: {}", e)))
}
