//! Misuse of the macros must not compile (checked by `cargo test --doc`).
//! The messages are checked by hand; see the `plugin_fn` docs.

/// Not `pub`: "#[plugin_fn] function `quote` must be `pub` ..."
/// ```compile_fail
/// #[wasmbox_pdk::plugin_fn]
/// fn quote(x: u32) -> u32 { x }
/// ```
///
/// Two parameters: "#[plugin_fn] functions take at most one parameter ..."
/// ```compile_fail
/// #[wasmbox_pdk::plugin_fn]
/// pub fn quote(a: u32, b: u32) -> u32 { a + b }
/// ```
///
/// A borrowed parameter: "... must be an owned type ..."
/// ```compile_fail
/// #[wasmbox_pdk::plugin_fn]
/// pub fn quote(a: &str) -> u32 { 1 }
/// ```
///
/// Generic: "#[plugin_fn] functions cannot be generic ..."
/// ```compile_fail
/// #[wasmbox_pdk::plugin_fn]
/// pub fn quote<T: serde::de::DeserializeOwned>(a: T) {}
/// ```
///
/// async: "#[plugin_fn] functions cannot be `async` ..."
/// ```compile_fail
/// #[wasmbox_pdk::plugin_fn]
/// pub async fn quote() {}
/// ```
///
/// Reserved name: "export names beginning with `_` are reserved ..."
/// ```compile_fail
/// #[wasmbox_pdk::plugin_fn]
/// pub fn _start() {}
/// ```
///
/// libc clash: "this name clashes with a libc/WASI symbol ..."
/// ```compile_fail
/// #[wasmbox_pdk::plugin_fn]
/// pub fn malloc() {}
/// ```
///
/// An input type that is not Deserialize:
/// ```compile_fail
/// pub struct NotSerde;
/// #[wasmbox_pdk::plugin_fn]
/// pub fn quote(x: NotSerde) {}
/// ```
///
/// Manifest naming a function that is not a #[plugin_fn]:
/// ```compile_fail
/// pub fn quote() {}
/// wasmbox_pdk::manifest! { exports = [quote], capabilities = [] }
/// ```
///
/// Manifest with an unknown capability: "unknown capability ..."
/// ```compile_fail
/// #[wasmbox_pdk::plugin_fn]
/// pub fn quote() {}
/// wasmbox_pdk::manifest! { exports = [quote], capabilities = ["wasmbox:kv/*"] }
/// ```
///
/// Manifest emitted twice:
/// ```compile_fail
/// #[wasmbox_pdk::plugin_fn]
/// pub fn quote() {}
/// wasmbox_pdk::manifest! { exports = [quote] }
/// wasmbox_pdk::manifest! { exports = [quote] }
/// ```
///
/// And the control: correct use compiles.
/// ```
/// #[wasmbox_pdk::plugin_fn]
/// pub fn quote(order: wasmbox_pdk::Json<u32>) -> Result<Vec<u8>, String> { Ok(vec![order.0 as u8]) }
/// wasmbox_pdk::manifest! { exports = [quote], capabilities = ["wasmbox:log/write"] }
/// # fn main() {}
/// ```
pub struct CompileFail;
