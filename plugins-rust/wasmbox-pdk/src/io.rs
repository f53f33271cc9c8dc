//! The call's input, output and error message (core module `wasmbox`), and the
//! conversions `#[plugin_fn]` uses to decode its parameter and encode its result.
//!
//! A `#[plugin_fn]` does all of this for you; call these functions directly only in a
//! hand-written export (`#[no_mangle] pub extern "C" fn name() -> i32`).

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::{sys, Error, Json, Result};

/// Reads the whole input of the current call (`input_length` + `input_read`).
pub fn input() -> Vec<u8> {
    let len = unsafe { sys::input_length() };
    if len <= 0 {
        return Vec::new();
    }
    let len = len as usize;
    let mut buf = Vec::<u8>::with_capacity(len);
    unsafe {
        sys::input_read(buf.as_mut_ptr());
        buf.set_len(len);
    }
    buf
}

/// Decodes the input of the current call as JSON.
pub fn input_json<T: DeserializeOwned>() -> Result<T> {
    Ok(serde_json::from_slice(&input())?)
}

/// Sets the output of the current call (`output_write`); a later call replaces it.
pub fn set_output(bytes: &[u8]) {
    unsafe { sys::output_write(bytes.as_ptr(), bytes.len()) }
}

/// Encodes `value` as JSON and sets it as the output of the current call.
pub fn set_output_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let bytes = serde_json::to_vec(value)
        .map_err(|e| Error::failed(format!("cannot encode output as JSON: {}", e)))?;
    set_output(&bytes);
    Ok(())
}

/// Sets the failure message of the current call (`error_write`). The export must then
/// return non-zero for the host to report it.
pub fn set_error(message: &str) {
    unsafe { sys::error_write(message.as_ptr(), message.len()) }
}

/// Reads the pending host result of `len` bytes (`result_read`).
pub(crate) fn read_result(len: usize) -> Vec<u8> {
    let mut buf = Vec::<u8>::with_capacity(len);
    unsafe {
        sys::result_read(buf.as_mut_ptr());
        buf.set_len(len);
    }
    buf
}

/// Turns a host function's `i32` result into `Ok(len)` (≥ 0) or a typed [`Error`] whose
/// message is the pending result (`result_length` + `result_read`).
pub(crate) fn check(code: i32) -> Result<usize> {
    if code >= 0 {
        return Ok(code as usize);
    }
    let len = unsafe { sys::result_length() };
    let message = if len > 0 {
        String::from_utf8_lossy(&read_result(len as usize)).into_owned()
    } else {
        String::new()
    };
    Err(Error::from_code(code, message))
}

/// Turns a host function's variable-sized result into its bytes, or a typed [`Error`].
pub(crate) fn take(code: i32) -> Result<Vec<u8>> {
    let len = check(code)?;
    Ok(read_result(len))
}

/// How a `#[plugin_fn]` parameter is decoded from the call's input bytes.
///
/// Implemented for `Vec<u8>` (the raw bytes) and [`Json<T>`] (JSON). A parameter of any
/// other type `T` is decoded as `Json<T>` by the macro.
pub trait FromInput: Sized {
    /// Decodes the input.
    fn from_input(bytes: Vec<u8>) -> Result<Self>;
}

impl FromInput for Vec<u8> {
    fn from_input(bytes: Vec<u8>) -> Result<Self> {
        Ok(bytes)
    }
}

impl<T: DeserializeOwned> FromInput for Json<T> {
    fn from_input(bytes: Vec<u8>) -> Result<Self> {
        serde_json::from_slice(&bytes)
            .map(Json)
            .map_err(|e| Error::invalid_argument(format!("cannot decode the input as JSON: {}", e)))
    }
}

/// How a `#[plugin_fn]` result becomes the call's output bytes.
///
/// Implemented for `Vec<u8>` (raw bytes), [`Json<T>`] (JSON) and `()` (no output). A
/// result of any other type `T` is encoded as `Json<T>` by the macro.
pub trait IntoOutput {
    /// Encodes the output; `None` leaves the output empty.
    fn into_output(self) -> Result<Option<Vec<u8>>>;
}

impl IntoOutput for Vec<u8> {
    fn into_output(self) -> Result<Option<Vec<u8>>> {
        Ok(Some(self))
    }
}

impl IntoOutput for () {
    fn into_output(self) -> Result<Option<Vec<u8>>> {
        Ok(None)
    }
}

impl<T: Serialize> IntoOutput for Json<T> {
    fn into_output(self) -> Result<Option<Vec<u8>>> {
        serde_json::to_vec(&self.0)
            .map(Some)
            .map_err(|e| Error::failed(format!("cannot encode the output as JSON: {}", e)))
    }
}
