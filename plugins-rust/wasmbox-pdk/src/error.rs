//! The PDK's error type: host error codes mapped to typed errors, and plugin-defined failures.

use std::fmt;

use crate::sys;

/// What went wrong, as a closed set that mirrors the ABI v1 error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `-1`: the policy does not grant this target (kv namespace, HTTP host, config key, …).
    Denied,
    /// `-2`: no such key or entry.
    NotFound,
    /// `-3`: malformed arguments (bad UTF-8, bad JSON, out-of-range value). Also used by the
    /// PDK when the call's input cannot be decoded.
    InvalidArgument,
    /// `-4`: the host could not do it (I/O error, remote failure). Also used for unknown
    /// negative codes from a newer host.
    Failed,
    /// `-5`: the value exceeds a policy cap.
    TooLarge,
    /// A failure defined by the plugin itself (business rule, validation).
    Plugin,
}

impl ErrorKind {
    /// Maps an ABI error code to its kind: `-1..=-5` to the named kinds, any other negative
    /// code to [`ErrorKind::Failed`], and non-negative codes to [`ErrorKind::Plugin`].
    pub fn from_code(code: i32) -> ErrorKind {
        match code {
            sys::DENIED => ErrorKind::Denied,
            sys::NOT_FOUND => ErrorKind::NotFound,
            sys::INVALID_ARGUMENT => ErrorKind::InvalidArgument,
            sys::FAILED => ErrorKind::Failed,
            sys::TOO_LARGE => ErrorKind::TooLarge,
            c if c < 0 => ErrorKind::Failed,
            _ => ErrorKind::Plugin,
        }
    }

    /// The ABI code of this kind; [`ErrorKind::Plugin`] is `1`.
    pub fn code(self) -> i32 {
        match self {
            ErrorKind::Denied => sys::DENIED,
            ErrorKind::NotFound => sys::NOT_FOUND,
            ErrorKind::InvalidArgument => sys::INVALID_ARGUMENT,
            ErrorKind::Failed => sys::FAILED,
            ErrorKind::TooLarge => sys::TOO_LARGE,
            ErrorKind::Plugin => 1,
        }
    }

    /// A short lower-case name: `denied`, `not found`, `invalid argument`, `failed`,
    /// `too large`, `plugin error`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Denied => "denied",
            ErrorKind::NotFound => "not found",
            ErrorKind::InvalidArgument => "invalid argument",
            ErrorKind::Failed => "failed",
            ErrorKind::TooLarge => "too large",
            ErrorKind::Plugin => "plugin error",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error from a host capability or from the plugin itself.
///
/// Host errors carry the host's message (read through `result_length` + `result_read`).
/// When a `#[plugin_fn]` returns `Err(error)`, the PDK reports `error.to_string()` with
/// `error_write` and returns [`Error::code`] to the host, which throws
/// `PluginFailedException`.
///
/// ```
/// use wasmbox_pdk::{Error, ErrorKind};
/// let e = Error::msg("coupon expired");
/// assert_eq!(e.kind(), ErrorKind::Plugin);
/// assert_eq!(e.code(), 1);
/// let e = Error::from_code(-1, "namespace 'billing' is not granted");
/// assert_eq!(e.kind(), ErrorKind::Denied);
/// assert_eq!(e.to_string(), "denied: namespace 'billing' is not granted");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    code: i32,
    message: String,
}

/// `Result` with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of the given kind; its code is the kind's ABI code.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, code: kind.code(), message: message.into() }
    }

    /// A plugin-defined failure (kind [`ErrorKind::Plugin`], code `1`).
    pub fn msg(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Plugin, message)
    }

    /// An error for an ABI code and the host's message (see [`ErrorKind::from_code`]).
    /// Code `0` (success) is not an error and becomes a plugin error with code `1`.
    pub fn from_code(code: i32, message: impl Into<String>) -> Error {
        let kind = ErrorKind::from_code(code);
        let code = if code == 0 { 1 } else { code };
        Error { kind, code, message: message.into() }
    }

    /// [`ErrorKind::Denied`] with a message.
    pub fn denied(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Denied, message)
    }

    /// [`ErrorKind::NotFound`] with a message.
    pub fn not_found(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::NotFound, message)
    }

    /// [`ErrorKind::InvalidArgument`] with a message.
    pub fn invalid_argument(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidArgument, message)
    }

    /// [`ErrorKind::Failed`] with a message.
    pub fn failed(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Failed, message)
    }

    /// [`ErrorKind::TooLarge`] with a message.
    pub fn too_large(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::TooLarge, message)
    }

    /// Replaces the code returned to the host when this error ends a plugin function.
    /// `0` would mean success and is replaced by `1`.
    pub fn with_code(mut self, code: i32) -> Error {
        self.code = if code == 0 { 1 } else { code };
        self
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The non-zero code a plugin function returns for this error.
    pub fn code(&self) -> i32 {
        self.code
    }

    /// The message without the kind prefix.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// `true` for [`ErrorKind::Denied`].
    pub fn is_denied(&self) -> bool {
        self.kind == ErrorKind::Denied
    }

    /// `true` for [`ErrorKind::NotFound`].
    pub fn is_not_found(&self) -> bool {
        self.kind == ErrorKind::NotFound
    }
}

impl fmt::Display for Error {
    /// `"<kind>: <message>"` for host kinds, the bare message for [`ErrorKind::Plugin`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Plugin => f.write_str(&self.message),
            kind if self.message.is_empty() => f.write_str(kind.as_str()),
            kind => write!(f, "{}: {}", kind, self.message),
        }
    }
}

impl std::error::Error for Error {}

impl From<&str> for Error {
    fn from(message: &str) -> Error {
        Error::msg(message)
    }
}

impl From<String> for Error {
    fn from(message: String) -> Error {
        Error::msg(message)
    }
}

impl From<serde_json::Error> for Error {
    /// JSON errors are [`ErrorKind::InvalidArgument`].
    fn from(e: serde_json::Error) -> Error {
        Error::invalid_argument(format!("invalid JSON: {}", e))
    }
}

impl From<std::str::Utf8Error> for Error {
    fn from(e: std::str::Utf8Error) -> Error {
        Error::invalid_argument(format!("invalid UTF-8: {}", e))
    }
}

impl From<std::string::FromUtf8Error> for Error {
    fn from(e: std::string::FromUtf8Error) -> Error {
        Error::invalid_argument(format!("invalid UTF-8: {}", e))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::failed(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_every_abi_code() {
        let cases = [
            (-1, ErrorKind::Denied),
            (-2, ErrorKind::NotFound),
            (-3, ErrorKind::InvalidArgument),
            (-4, ErrorKind::Failed),
            (-5, ErrorKind::TooLarge),
            (-99, ErrorKind::Failed),
            (7, ErrorKind::Plugin),
        ];
        for (code, kind) in cases {
            let e = Error::from_code(code, "why");
            assert_eq!(e.kind(), kind, "code {}", code);
            assert_eq!(e.code(), code);
            assert_eq!(e.message(), "why");
        }
        for kind in [
            ErrorKind::Denied,
            ErrorKind::NotFound,
            ErrorKind::InvalidArgument,
            ErrorKind::Failed,
            ErrorKind::TooLarge,
        ] {
            assert_eq!(ErrorKind::from_code(kind.code()), kind);
        }
    }

    #[test]
    fn code_zero_is_never_success() {
        assert_eq!(Error::from_code(0, "x").code(), 1);
        assert_eq!(Error::msg("x").with_code(0).code(), 1);
        assert_eq!(Error::msg("x").with_code(42).code(), 42);
    }

    #[test]
    fn display() {
        assert_eq!(Error::denied("host 'evil.example' is not granted").to_string(),
            "denied: host 'evil.example' is not granted");
        assert_eq!(Error::msg("coupon expired").to_string(), "coupon expired");
        assert_eq!(Error::not_found("").to_string(), "not found");
    }

    #[test]
    fn conversions() {
        let e: Error = "nope".into();
        assert_eq!(e.kind(), ErrorKind::Plugin);
        let e: Error = serde_json::from_str::<u32>("x").unwrap_err().into();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument);
        assert!(e.to_string().starts_with("invalid argument: invalid JSON: "));
    }
}
