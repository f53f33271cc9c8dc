//! Random bytes from the host (`wasmbox:random/fill`).
//!
//! The host uses `SecureRandom`, or a seeded generator when the policy asks for
//! deterministic replays.
//!
//! ```no_run
//! # fn f() -> wasmbox_pdk::Result<()> {
//! let nonce = wasmbox_pdk::random::bytes(16)?;
//! let roll = wasmbox_pdk::random::u64()? % 6;
//! # let _ = (nonce, roll); Ok(()) }
//! ```
//!
//! Requires the grant `wasmbox:random/fill`.

use crate::{io, sys, Result};

/// Fills `buf` with random bytes. A buffer over the policy's `max-host-result` fails with
/// [`crate::ErrorKind::TooLarge`].
#[inline]
pub fn fill(buf: &mut [u8]) -> Result<()> {
    let code = unsafe { sys::random_fill(buf.as_mut_ptr(), buf.len()) };
    io::check(code).map(|_| ())
}

/// `len` random bytes.
#[inline]
pub fn bytes(len: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; len];
    fill(&mut buf)?;
    Ok(buf)
}

/// A random `u64`.
#[inline]
pub fn u64() -> Result<u64> {
    let mut buf = [0u8; 8];
    fill(&mut buf)?;
    Ok(u64::from_le_bytes(buf))
}

/// A random `u32`.
#[inline]
pub fn u32() -> Result<u32> {
    let mut buf = [0u8; 4];
    fill(&mut buf)?;
    Ok(u32::from_le_bytes(buf))
}
