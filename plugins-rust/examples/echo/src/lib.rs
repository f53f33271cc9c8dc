//! `echo`: the smallest useful plugin, for host tests and benchmarks. No capabilities.
//!
//! | export | input | output |
//! |---|---|---|
//! | `echo` | any bytes | the same bytes |
//! | `reverse` | any bytes | the bytes reversed |
//! | `noop` | (not read) | empty |
//! | `fail` | UTF-8 text | fails with code 7 and message `asked to fail: <text>` |
//! | `length` | any bytes | the input length as a JSON number |

use wasmbox_pdk::{plugin_fn, Error};

/// Returns its input unchanged.
#[plugin_fn]
pub fn echo(input: Vec<u8>) -> Vec<u8> {
    input
}

/// Returns its input reversed (byte by byte).
#[plugin_fn]
pub fn reverse(mut input: Vec<u8>) -> Vec<u8> {
    input.reverse();
    input
}

/// Does nothing: the cost of a call with no input and no output.
#[plugin_fn]
pub fn noop() {}

/// Always fails, with code 7 and a message that quotes the input.
#[plugin_fn]
pub fn fail(input: Vec<u8>) -> Result<Vec<u8>, Error> {
    Err(Error::msg(format!("asked to fail: {}", String::from_utf8_lossy(&input))).with_code(7))
}

/// The length of the input, as a JSON number.
#[plugin_fn]
pub fn length(input: Vec<u8>) -> wasmbox_pdk::Json<usize> {
    wasmbox_pdk::Json(input.len())
}

wasmbox_pdk::manifest! {
    exports = [echo, reverse, noop, fail, length],
    capabilities = [],
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use wasmbox_pdk::testing::MockHost;

    #[test]
    fn echoes_and_fails() {
        let mut host = MockHost::new();
        assert_eq!(host.call(__wasmbox_export_echo, b"hi").output, b"hi");
        assert_eq!(host.call(__wasmbox_export_reverse, b"abc").output, b"cba");
        assert_eq!(host.call(__wasmbox_export_length, b"abcd").output, b"4");
        let noop = host.call(__wasmbox_export_noop, b"ignored");
        assert_eq!((noop.code, noop.output.len()), (0, 0));
        let failed = host.call(__wasmbox_export_fail, b"why");
        assert_eq!(failed.code, 7);
        assert_eq!(failed.error.as_deref(), Some("asked to fail: why"));
    }

    #[test]
    fn manifest() {
        assert_eq!(
            crate::__WASMBOX_MANIFEST_JSON,
            r#"{"name":"echo","version":"0.1.0","abi":1,"exports":["echo","reverse","noop","fail","length"],"capabilities":[]}"#
        );
    }
}
