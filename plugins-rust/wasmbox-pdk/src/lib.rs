//! # wasmbox-pdk: write wasmbox plugins in Rust
//!
//! A wasmbox plugin is a `wasm32-wasi` module that the JVM host runs in an isolated sandbox.
//! This crate implements the guest side of the wasmbox **guest ABI v1** (`docs/abi.md`):
//!
//! * [`#[plugin_fn]`](plugin_fn) turns an ordinary function into a plugin function the
//!   host can call: it reads the input, decodes it (JSON by default), runs your code and
//!   writes the output or the error message;
//! * [`manifest!`] embeds the `wasmbox.manifest` custom section (name and version from
//!   Cargo, ABI version, exported functions, requested capabilities);
//! * typed wrappers for every capability: [`log`] (and the [`info!`]-style macros),
//!   [`clock`], [`random`], [`config`], [`kv`], [`http`]. Failures come back as a typed
//!   [`Error`] (`Denied`, `NotFound`, `InvalidArgument`, `Failed`, `TooLarge`) carrying the
//!   host's message;
//! * a panic hook that reports the panic message to the host;
//! * [`testing::MockHost`] (native targets only) to unit-test plugins with `cargo test`.
//!
//! ```no_run
//! use serde::{Deserialize, Serialize};
//! use wasmbox_pdk::{plugin_fn, Error};
//!
//! #[derive(Deserialize)]
//! pub struct Order { pub total_cents: i64 }
//!
//! #[derive(Serialize)]
//! pub struct Quote { pub discount_cents: i64 }
//!
//! #[plugin_fn]
//! pub fn quote(order: Order) -> Result<Quote, Error> {
//!     if order.total_cents < 0 {
//!         return Err(Error::invalid_argument("negative total"));
//!     }
//!     wasmbox_pdk::info!("quoting {} cents", order.total_cents);
//!     Ok(Quote { discount_cents: order.total_cents / 10 })
//! }
//!
//! wasmbox_pdk::manifest! {
//!     exports = [quote],
//!     capabilities = ["wasmbox:log/write"],
//! }
//! ```
//!
//! Only the capability functions a plugin actually calls are imported by the final module
//! (the host refuses to load a module that imports functions its policy does not grant).

#![warn(missing_docs)]

// Lets the macros' `::wasmbox_pdk::…` paths resolve inside this crate's own tests.
extern crate self as wasmbox_pdk;

pub mod clock;
#[cfg(doctest)]
mod compile_fail;
pub mod config;
mod error;
pub mod http;
pub mod io;
pub mod kv;
pub mod log;
pub mod random;
pub mod sys;
#[cfg(not(target_arch = "wasm32"))]
pub mod testing;

pub use error::{Error, ErrorKind, Result};

/// Marks a function as a plugin function exported to the host.
///
/// ```no_run
/// # use wasmbox_pdk::{plugin_fn, Error, Json};
/// # #[derive(serde::Deserialize)] pub struct Order {}
/// # #[derive(serde::Serialize)] pub struct Quote {}
/// #[plugin_fn]
/// pub fn quote(order: Order) -> Result<Quote, Error> { Ok(Quote {}) }
///
/// #[plugin_fn]
/// pub fn echo(bytes: Vec<u8>) -> Vec<u8> { bytes }
///
/// #[plugin_fn]
/// pub fn health() {}
/// ```
///
/// The function stays a normal Rust function; the macro adds an export with the same name
/// and the ABI signature `() -> i32`:
///
/// * **parameter** (none or one): `Vec<u8>` receives the raw input bytes, [`Json<T>`] and
///   any other type `T: DeserializeOwned` are decoded from JSON. Undecodable input fails the
///   call with [`ErrorKind::InvalidArgument`] (code `-3`) before your code runs.
/// * **return type**: `Vec<u8>` (raw output), `()` or nothing (empty output), [`Json<T>`] or
///   any other `T: Serialize` (JSON output), or `Result<O, E>` of these where
///   `E: Into<Error>` (`Error`, `String`, `&str`). `Err(e)` reports `e` through
///   `error_write` and returns [`Error::code`] (non-zero).
///
/// The function must be `pub`, not `async`, not `unsafe`, not generic, and its name must
/// not begin with `_` (such exports are reserved by the ABI). Misuse is a compile error.
pub use wasmbox_pdk_macros::plugin_fn;

/// Embeds the plugin's manifest in the `wasmbox.manifest` custom section.
///
/// Invoke it exactly once, at the crate root of the plugin:
///
/// ```ignore
/// wasmbox_pdk::manifest! {
///     exports = [quote, health],
///     capabilities = ["wasmbox:kv/get", "wasmbox:kv/put", "wasmbox:log/write"],
/// }
/// ```
///
/// It produces the JSON of ABI v1:
/// `{"name":"<CARGO_PKG_NAME>","version":"<CARGO_PKG_VERSION>","abi":1,"exports":[…],"capabilities":[…]}`.
///
/// * `exports`: the `#[plugin_fn]` functions (paths allowed, e.g. `rules::quote`); naming a
///   function that is not a `#[plugin_fn]` is a compile error. A string literal names a
///   hand-written export (`#[export_name = "raw"] pub extern "C" fn raw() -> i32`) unchecked.
/// * `capabilities`: the `module/function` pairs the plugin intends to use; unknown names
///   are a compile error. Keep it in step with the wrappers you call (`build.sh` checks that
///   every `wasmbox:*` import is declared).
/// * optional `name = "…"` and `version = "…"` override the Cargo metadata.
///
/// The JSON is also available as the constant `__WASMBOX_MANIFEST_JSON` at the crate root
/// (for tests).
pub use wasmbox_pdk_macros::manifest;

/// A value that crosses the ABI as JSON (input or output of a `#[plugin_fn]`).
///
/// A plain `T: Deserialize`/`Serialize` parameter or result is already JSON; use `Json<T>`
/// to be explicit, or for types whose name the macro would otherwise read as raw bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    /// The wrapped value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Items used by the code the macros generate. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::io::{FromInput, IntoOutput};
    use crate::{io, Error};

    /// Longest panic message reported to the host.
    const MAX_PANIC_MESSAGE: usize = 4096;

    fn install_panic_hook() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            #[cfg(not(target_arch = "wasm32"))]
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let payload = info.payload();
                let what = if let Some(s) = payload.downcast_ref::<&str>() {
                    s
                } else if let Some(s) = payload.downcast_ref::<String>() {
                    s.as_str()
                } else {
                    "Box<dyn Any>"
                };
                let mut message = match info.location() {
                    Some(at) => format!("plugin panicked at {}:{}:{}: {}", at.file(), at.line(), at.column(), what),
                    None => format!("plugin panicked: {}", what),
                };
                if message.len() > MAX_PANIC_MESSAGE {
                    let mut end = MAX_PANIC_MESSAGE;
                    while !message.is_char_boundary(end) {
                        end -= 1;
                    }
                    message.truncate(end);
                }
                #[cfg(target_arch = "wasm32")]
                io::set_error(&message);
                // Native tests: report to the mock host if one is running, and keep the test
                // harness's own panic output.
                #[cfg(not(target_arch = "wasm32"))]
                {
                    crate::testing::report_panic(&message);
                    previous(info);
                }
            }));
        });
    }

    /// Runs one plugin function: installs the panic hook, reads the input when the function
    /// takes one, writes the output or the error, returns the ABI status.
    pub fn run_export<F>(takes_input: bool, f: F) -> i32
    where
        F: FnOnce(Vec<u8>) -> Result<Option<Vec<u8>>, Error>,
    {
        install_panic_hook();
        let input = if takes_input { io::input() } else { Vec::new() };
        match f(input) {
            Ok(Some(output)) => {
                io::set_output(&output);
                0
            }
            Ok(None) => 0,
            Err(error) => {
                io::set_error(&error.to_string());
                error.code()
            }
        }
    }

    /// Copies a manifest string into a fixed-size byte array (the custom section's content).
    pub const fn manifest_bytes<const N: usize>(json: &str) -> [u8; N] {
        let bytes = json.as_bytes();
        let mut out = [0u8; N];
        let mut i = 0;
        while i < N {
            out[i] = bytes[i];
            i += 1;
        }
        out
    }
}
