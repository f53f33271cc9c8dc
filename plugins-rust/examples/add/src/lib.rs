//! `add`: small pure functions for host tests and benchmarks. No capabilities.
//!
//! | export | input | output |
//! |---|---|---|
//! | `add` | `{"a": i64, "b": i64}` | the sum as a JSON number; overflow fails (`-3`) |
//! | `add_raw` | 16 bytes: two little-endian `i64` | 8 bytes: the wrapping sum, little-endian |
//! | `fib` | JSON number `n` (0..=50) | the `n`-th Fibonacci number, computed naively (CPU/fuel benchmark) |
//! | `sum` | JSON array of numbers | their sum as a JSON number |
//! | `echo_json` | any JSON | the same value, re-encoded (JSON decode + encode cost) |

use serde::Deserialize;
use serde_json::Value;
use wasmbox_pdk::{plugin_fn, Error};

/// The input of `add`.
#[derive(Debug, Deserialize)]
pub struct Pair {
    /// First addend.
    pub a: i64,
    /// Second addend.
    pub b: i64,
}

/// `a + b`, failing on overflow.
#[plugin_fn]
pub fn add(pair: Pair) -> Result<i64, Error> {
    pair.a
        .checked_add(pair.b)
        .ok_or_else(|| Error::invalid_argument(format!("{} + {} overflows i64", pair.a, pair.b)))
}

/// The wrapping sum of two little-endian `i64`, as 8 little-endian bytes.
#[plugin_fn]
pub fn add_raw(input: Vec<u8>) -> Result<Vec<u8>, Error> {
    if input.len() != 16 {
        return Err(Error::invalid_argument(format!("expected 16 bytes, got {}", input.len())));
    }
    let mut a = [0u8; 8];
    let mut b = [0u8; 8];
    a.copy_from_slice(&input[..8]);
    b.copy_from_slice(&input[8..]);
    Ok(i64::from_le_bytes(a).wrapping_add(i64::from_le_bytes(b)).to_le_bytes().to_vec())
}

fn fib_naive(n: u32) -> u64 {
    if n < 2 {
        n as u64
    } else {
        fib_naive(n - 1) + fib_naive(n - 2)
    }
}

/// The `n`-th Fibonacci number by naive recursion (exponential time on purpose).
#[plugin_fn]
pub fn fib(n: u32) -> Result<u64, Error> {
    if n > 50 {
        return Err(Error::invalid_argument("n must be at most 50"));
    }
    Ok(fib_naive(n))
}

/// The sum of a JSON array of numbers.
#[plugin_fn]
pub fn sum(values: Vec<f64>) -> f64 {
    values.iter().sum()
}

/// Decodes any JSON value and encodes it again.
#[plugin_fn]
pub fn echo_json(value: Value) -> Value {
    value
}

wasmbox_pdk::manifest! {
    exports = [add, add_raw, fib, sum, echo_json],
    capabilities = [],
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use wasmbox_pdk::testing::MockHost;

    #[test]
    fn functions() {
        let mut host = MockHost::new();
        let r: i64 = host.call_json(__wasmbox_export_add, &serde_json::json!({"a": 2, "b": 40})).unwrap();
        assert_eq!(r, 42);
        let e = host.call_json::<_, i64>(__wasmbox_export_add, &serde_json::json!({"a": i64::MAX, "b": 1})).unwrap_err();
        assert_eq!(e.0, -3);
        let mut raw = 5i64.to_le_bytes().to_vec();
        raw.extend_from_slice(&(-7i64).to_le_bytes());
        assert_eq!(host.call(__wasmbox_export_add_raw, &raw).output, (-2i64).to_le_bytes());
        assert_eq!(host.call_json::<_, u64>(__wasmbox_export_fib, &20).unwrap(), 6765);
        assert_eq!(host.call_json::<_, f64>(__wasmbox_export_sum, &[1.5, 2.5]).unwrap(), 4.0);
        let v = serde_json::json!({"x": [1, "y", null]});
        assert_eq!(host.call_json::<_, Value>(__wasmbox_export_echo_json, &v).unwrap(), v);
    }
}
