//! Native unit tests for plugins: an in-process mock of the wasmbox host.
//!
//! Available on every target except `wasm32`. `#[plugin_fn] pub fn quote(…)` also defines
//! `__wasmbox_export_quote`, the ABI export; [`MockHost::call`] runs it the way the host
//! would, with the input, config, kv store, clock, random and HTTP responses you give it.
//!
//! ```
//! use wasmbox_pdk::testing::MockHost;
//!
//! #[wasmbox_pdk::plugin_fn]
//! pub fn greet(name: String) -> String {
//!     wasmbox_pdk::info!("greeting {}", name);
//!     format!("hello {}", name)
//! }
//!
//! let mut host = MockHost::new();
//! let out: String = host.call_json(__wasmbox_export_greet, &"ada").unwrap();
//! assert_eq!(out, "hello ada");
//! assert_eq!(host.logs()[0].1, "greeting ada");
//! ```
//!
//! This checks your logic, not the sandbox: test the built `.wasm` against a real policy
//! with the Java host (see `docs/plugin-authoring.md`).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::http::{Request, Response};
use crate::log::Level;
use crate::sys;

type HttpHandler = Box<dyn FnMut(&Request) -> Result<Response, (i32, String)>>;

/// The outcome of one [`MockHost::call`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallOutcome {
    /// The export's return value (`0` = success).
    pub code: i32,
    /// The bytes last passed to `output_write` (empty if none).
    pub output: Vec<u8>,
    /// The message last passed to `error_write`, if any.
    pub error: Option<String>,
}

/// An in-process stand-in for the wasmbox host (native targets only).
///
/// By default every kv namespace is readable and writable, no config key is exposed, the
/// clock reads `0`, random bytes come from a fixed-seed generator and HTTP is denied.
pub struct MockHost {
    state: State,
}

#[derive(Default)]
struct State {
    input: Vec<u8>,
    output: Vec<u8>,
    error: Option<Vec<u8>>,
    result: Option<Vec<u8>>,
    config: BTreeMap<String, String>,
    kv: BTreeMap<String, BTreeMap<String, Vec<u8>>>,
    read_only: BTreeSet<String>,
    denied: BTreeSet<String>,
    logs: Vec<(Level, String)>,
    max_logs: Option<usize>,
    now_millis: i64,
    monotonic_nanos: i64,
    seed: u64,
    http: Option<HttpHandler>,
}

thread_local! {
    static CURRENT: RefCell<Option<State>> = RefCell::new(None);
}

impl Default for MockHost {
    fn default() -> Self {
        MockHost::new()
    }
}

impl MockHost {
    /// A mock host with no config, an empty kv store and HTTP denied.
    pub fn new() -> MockHost {
        MockHost { state: State { seed: 0x9E37_79B9_7F4A_7C15, ..State::default() } }
    }

    /// Exposes a config key.
    pub fn config(mut self, key: &str, value: &str) -> MockHost {
        self.state.config.insert(key.to_string(), value.to_string());
        self
    }

    /// Stores a kv value.
    pub fn kv(mut self, ns: &str, key: &str, value: &[u8]) -> MockHost {
        self.state.kv.entry(ns.to_string()).or_default().insert(key.to_string(), value.to_vec());
        self
    }

    /// Makes a namespace read-only (`put` and `delete` are denied).
    pub fn read_only(mut self, ns: &str) -> MockHost {
        self.state.read_only.insert(ns.to_string());
        self
    }

    /// Denies every access to a namespace.
    pub fn deny_namespace(mut self, ns: &str) -> MockHost {
        self.state.denied.insert(ns.to_string());
        self
    }

    /// Sets the wall clock (`now_millis`) and the monotonic clock (`monotonic_nanos`).
    pub fn clock(mut self, now_millis: i64, monotonic_nanos: i64) -> MockHost {
        self.state.now_millis = now_millis;
        self.state.monotonic_nanos = monotonic_nanos;
        self
    }

    /// Seeds the random generator.
    pub fn seed(mut self, seed: u64) -> MockHost {
        self.state.seed = seed | 1;
        self
    }

    /// Caps the number of log messages per call (further ones return `-5`).
    pub fn max_logs(mut self, max: usize) -> MockHost {
        self.state.max_logs = Some(max);
        self
    }

    /// Answers HTTP requests with `handler`; `Err((code, message))` is a host error
    /// (`-1` denied, `-4` failed, …).
    pub fn http<F>(mut self, handler: F) -> MockHost
    where
        F: FnMut(&Request) -> Result<Response, (i32, String)> + 'static,
    {
        self.state.http = Some(Box::new(handler));
        self
    }

    /// The log messages written so far.
    pub fn logs(&self) -> &[(Level, String)] {
        &self.state.logs
    }

    /// A kv value, if present.
    pub fn kv_value(&self, ns: &str, key: &str) -> Option<&[u8]> {
        self.state.kv.get(ns).and_then(|m| m.get(key)).map(|v| v.as_slice())
    }

    /// Runs `f` with this mock installed as the host, so capability wrappers can be called
    /// directly.
    pub fn run<R>(&mut self, f: impl FnOnce() -> R) -> R {
        let state = std::mem::take(&mut self.state);
        CURRENT.with(|c| *c.borrow_mut() = Some(state));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        self.state = CURRENT.with(|c| c.borrow_mut().take()).expect("mock host state");
        match result {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }

    /// Calls an export (`__wasmbox_export_<name>`) with raw input bytes.
    pub fn call(&mut self, export: extern "C" fn() -> i32, input: &[u8]) -> CallOutcome {
        self.state.input = input.to_vec();
        self.state.output.clear();
        self.state.error = None;
        self.state.result = None;
        let code = self.run(|| export());
        CallOutcome {
            code,
            output: std::mem::take(&mut self.state.output),
            error: self
                .state
                .error
                .take()
                .map(|e| String::from_utf8_lossy(&e).into_owned()),
        }
    }

    /// Calls an export with JSON input and decodes its JSON output; a failed call is
    /// `Err((code, message))`.
    pub fn call_json<I: Serialize + ?Sized, O: DeserializeOwned>(
        &mut self,
        export: extern "C" fn() -> i32,
        input: &I,
    ) -> Result<O, (i32, String)> {
        let input = serde_json::to_vec(input).expect("input encodes as JSON");
        let outcome = self.call(export, &input);
        if outcome.code != 0 {
            return Err((outcome.code, outcome.error.unwrap_or_default()));
        }
        serde_json::from_slice(&outcome.output)
            .map_err(|e| (0, format!("output is not the expected JSON: {}", e)))
    }
}

/// Records a panic message as the call's error when a mock host is running and not busy;
/// never panics itself (it runs inside the panic hook).
pub(crate) fn report_panic(message: &str) {
    let _ = CURRENT.try_with(|c| {
        if let Ok(mut guard) = c.try_borrow_mut() {
            if let Some(state) = guard.as_mut() {
                state.error = Some(message.as_bytes().to_vec());
            }
        }
    });
}

/// The native implementations behind [`crate::sys`].
#[doc(hidden)]
pub mod host {
    use super::*;

    fn with<R>(f: impl FnOnce(&mut State) -> R) -> R {
        CURRENT.with(|c| {
            let mut guard = c.borrow_mut();
            let state = guard
                .as_mut()
                .expect("no wasmbox host: call plugin code through wasmbox_pdk::testing::MockHost");
            f(state)
        })
    }

    unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
        if len == 0 {
            &[]
        } else {
            std::slice::from_raw_parts(ptr, len)
        }
    }

    unsafe fn text(ptr: *const u8, len: usize) -> Result<String, (i32, String)> {
        String::from_utf8(bytes(ptr, len).to_vec())
            .map_err(|_| (sys::INVALID_ARGUMENT, "invalid UTF-8".to_string()))
    }

    /// Stores a variable-sized result (or an error message) and returns the ABI value.
    fn finish(state: &mut State, r: Result<Vec<u8>, (i32, String)>) -> i32 {
        match r {
            Ok(v) => {
                let len = v.len() as i32;
                state.result = Some(v);
                len
            }
            Err((code, message)) => {
                state.result = Some(message.into_bytes());
                code
            }
        }
    }

    pub unsafe fn input_length() -> i32 {
        with(|s| s.input.len() as i32)
    }
    pub unsafe fn input_read(dst: *mut u8) {
        with(|s| std::ptr::copy_nonoverlapping(s.input.as_ptr(), dst, s.input.len()))
    }
    pub unsafe fn output_write(src: *const u8, len: usize) {
        let v = bytes(src, len).to_vec();
        with(|s| s.output = v)
    }
    pub unsafe fn error_write(src: *const u8, len: usize) {
        let v = bytes(src, len).to_vec();
        with(|s| s.error = Some(v))
    }
    pub unsafe fn result_length() -> i32 {
        with(|s| s.result.as_ref().map_or(0, |r| r.len() as i32))
    }
    pub unsafe fn result_read(dst: *mut u8) {
        with(|s| {
            if let Some(r) = s.result.take() {
                std::ptr::copy_nonoverlapping(r.as_ptr(), dst, r.len());
            }
        })
    }

    pub unsafe fn log_write(level: i32, ptr: *const u8, len: usize) -> i32 {
        let message = String::from_utf8_lossy(bytes(ptr, len)).into_owned();
        with(|s| {
            if s.max_logs.map_or(false, |max| s.logs.len() >= max) {
                s.result = Some(b"log count cap reached".to_vec());
                return sys::TOO_LARGE;
            }
            let level = match level {
                0 => Level::Trace,
                1 => Level::Debug,
                2 => Level::Info,
                3 => Level::Warn,
                _ => Level::Error,
            };
            s.logs.push((level, message));
            0
        })
    }

    pub unsafe fn clock_now_millis() -> i64 {
        with(|s| s.now_millis)
    }
    pub unsafe fn clock_monotonic_nanos() -> i64 {
        with(|s| s.monotonic_nanos)
    }

    pub unsafe fn random_fill(ptr: *mut u8, len: usize) -> i32 {
        with(|s| {
            for i in 0..len {
                // xorshift64*
                s.seed ^= s.seed >> 12;
                s.seed ^= s.seed << 25;
                s.seed ^= s.seed >> 27;
                *ptr.add(i) = (s.seed.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8;
            }
            0
        })
    }

    pub unsafe fn config_get(key_ptr: *const u8, key_len: usize) -> i32 {
        let key = text(key_ptr, key_len);
        with(|s| {
            let r = key.and_then(|k| {
                s.config.get(&k).map(|v| v.clone().into_bytes()).ok_or((
                    sys::NOT_FOUND,
                    format!("config key '{}' is not exposed to this plugin", k),
                ))
            });
            finish(s, r)
        })
    }

    fn ns_check(s: &State, ns: &str, write: bool) -> Result<(), (i32, String)> {
        if s.denied.contains(ns) {
            return Err((sys::DENIED, format!("kv namespace '{}' is not granted", ns)));
        }
        if write && s.read_only.contains(ns) {
            return Err((sys::DENIED, format!("kv namespace '{}' is read-only", ns)));
        }
        Ok(())
    }

    pub unsafe fn kv_get(ns_ptr: *const u8, ns_len: usize, key_ptr: *const u8, key_len: usize) -> i32 {
        let args = text(ns_ptr, ns_len).and_then(|ns| Ok((ns, text(key_ptr, key_len)?)));
        with(|s| {
            let r = args.and_then(|(ns, key)| {
                ns_check(s, &ns, false)?;
                s.kv.get(&ns)
                    .and_then(|m| m.get(&key))
                    .cloned()
                    .ok_or((sys::NOT_FOUND, format!("no key '{}' in namespace '{}'", key, ns)))
            });
            finish(s, r)
        })
    }

    pub unsafe fn kv_put(
        ns_ptr: *const u8,
        ns_len: usize,
        key_ptr: *const u8,
        key_len: usize,
        val_ptr: *const u8,
        val_len: usize,
    ) -> i32 {
        let args = text(ns_ptr, ns_len).and_then(|ns| Ok((ns, text(key_ptr, key_len)?)));
        let value = bytes(val_ptr, val_len).to_vec();
        with(|s| {
            let r = args.and_then(|(ns, key)| {
                ns_check(s, &ns, true)?;
                s.kv.entry(ns).or_default().insert(key, value);
                Ok(())
            });
            status_of(s, r)
        })
    }

    pub unsafe fn kv_delete(ns_ptr: *const u8, ns_len: usize, key_ptr: *const u8, key_len: usize) -> i32 {
        let args = text(ns_ptr, ns_len).and_then(|ns| Ok((ns, text(key_ptr, key_len)?)));
        with(|s| {
            let r = args.and_then(|(ns, key)| {
                ns_check(s, &ns, true)?;
                if let Some(m) = s.kv.get_mut(&ns) {
                    m.remove(&key);
                }
                Ok(())
            });
            status_of(s, r)
        })
    }

    pub unsafe fn kv_list(ns_ptr: *const u8, ns_len: usize, prefix_ptr: *const u8, prefix_len: usize) -> i32 {
        let args = text(ns_ptr, ns_len).and_then(|ns| Ok((ns, text(prefix_ptr, prefix_len)?)));
        with(|s| {
            let r = args.and_then(|(ns, prefix)| {
                ns_check(s, &ns, false)?;
                let keys: Vec<&String> = s
                    .kv
                    .get(&ns)
                    .map(|m| m.keys().filter(|k| k.starts_with(&prefix)).collect())
                    .unwrap_or_default();
                Ok(serde_json::to_vec(&keys).expect("keys encode"))
            });
            finish(s, r)
        })
    }

    pub unsafe fn http_request(req_ptr: *const u8, req_len: usize) -> i32 {
        let request: Result<Request, (i32, String)> = serde_json::from_slice(bytes(req_ptr, req_len))
            .map_err(|e| (sys::INVALID_ARGUMENT, format!("bad request JSON: {}", e)));
        // Take the handler out so that it may itself log or use other mock functions.
        let handler = with(|s| s.http.take());
        let (handler, r) = match (handler, request) {
            (h, Err(e)) => (h, Err(e)),
            (None, Ok(req)) => {
                (None, Err((sys::DENIED, format!("HTTP target '{}' is not granted", req.url))))
            }
            (Some(mut h), Ok(req)) => {
                let r = h(&req).map(|resp| serde_json::to_vec(&resp).expect("response encodes"));
                (Some(h), r)
            }
        };
        with(|s| {
            if handler.is_some() {
                s.http = handler;
            }
            finish(s, r)
        })
    }

    fn status_of(s: &mut State, r: Result<(), (i32, String)>) -> i32 {
        match r {
            Ok(()) => 0,
            Err((code, message)) => {
                s.result = Some(message.into_bytes());
                code
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[crate::plugin_fn]
    pub fn boom(n: u32) -> u32 {
        if n > 1 {
            panic!("too big: {}", n);
        }
        n
    }

    #[test]
    fn a_panic_is_reported_as_the_error_and_propagates() {
        let mut host = MockHost::new();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| host.call(__wasmbox_export_boom, b"5")));
        assert!(r.is_err());
        let ok = host.call(__wasmbox_export_boom, b"1");
        assert_eq!((ok.code, ok.output), (0, b"1".to_vec()));
    }
}
