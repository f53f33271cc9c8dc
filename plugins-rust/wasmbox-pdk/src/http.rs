//! Outbound HTTP through the host (`wasmbox:http/request`).
//!
//! The host performs the request only when the policy grants the target (scheme, host and
//! port; IP literals and names that resolve to private or loopback addresses are refused
//! unless granted explicitly). A refused target is a [`crate::ErrorKind::Denied`] error.
//!
//! ```no_run
//! # fn f() -> wasmbox_pdk::Result<()> {
//! use wasmbox_pdk::http::{self, Request};
//! let response = http::send(
//!     &Request::post("https://rates.example.com/v1/rates")
//!         .header("accept", "application/json")
//!         .json(&serde_json::json!({"country": "DE"}))?,
//! )?;
//! if response.status == 200 {
//!     let rates: serde_json::Value = response.json()?;
//! #   let _ = rates;
//! }
//! # Ok(()) }
//! ```
//!
//! Requires the grant `wasmbox:http/request` plus the outbound hosts in the policy.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use crate::{io, sys, Error, Result};

/// An HTTP request, encoded as the ABI's JSON
/// `{"method","url","headers":{…},"body"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// `GET`, `POST`, …
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// Request headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// UTF-8 body, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

impl Request {
    /// A request with the given method and URL, no headers and no body.
    pub fn new(method: impl Into<String>, url: impl Into<String>) -> Request {
        Request { method: method.into(), url: url.into(), headers: BTreeMap::new(), body: None }
    }

    /// A `GET` request.
    pub fn get(url: impl Into<String>) -> Request {
        Request::new("GET", url)
    }

    /// A `POST` request.
    pub fn post(url: impl Into<String>) -> Request {
        Request::new("POST", url)
    }

    /// Adds (or replaces) a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Request {
        self.headers.insert(name.into(), value.into());
        self
    }

    /// Sets a UTF-8 body.
    pub fn body(mut self, body: impl Into<String>) -> Request {
        self.body = Some(body.into());
        self
    }

    /// Sets a JSON body and the `content-type` header.
    pub fn json<T: Serialize + ?Sized>(self, value: &T) -> Result<Request> {
        let body = serde_json::to_string(value)
            .map_err(|e| Error::invalid_argument(format!("cannot encode request body: {}", e)))?;
        Ok(self.header("content-type", "application/json").body(body))
    }
}

/// An HTTP response, decoded from the ABI's JSON `{"status","headers":{…},"body"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Response headers; a header the host reports with several values is joined with `", "`.
    #[serde(default, deserialize_with = "header_map")]
    pub headers: BTreeMap<String, String>,
    /// Body as UTF-8 text (empty when absent).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub body: String,
}

impl Response {
    /// `true` for a 2xx status.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Decodes the body as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        Ok(serde_json::from_str(&self.body)?)
    }

    /// The first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn null_as_empty<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

fn header_map<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<BTreeMap<String, String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Values {
        One(String),
        Many(Vec<String>),
    }
    let raw = Option::<BTreeMap<String, Values>>::deserialize(d)?.unwrap_or_default();
    Ok(raw
        .into_iter()
        .map(|(k, v)| match v {
            Values::One(s) => (k, s),
            Values::Many(list) => (k, list.join(", ")),
        })
        .collect())
}

/// Sends a request. Any status (including 4xx/5xx) is `Ok`; a target the policy does not
/// grant is [`crate::ErrorKind::Denied`], a transport failure [`crate::ErrorKind::Failed`],
/// an over-cap response [`crate::ErrorKind::TooLarge`].
#[inline]
pub fn send(request: &Request) -> Result<Response> {
    let json = serde_json::to_vec(request)
        .map_err(|e| Error::invalid_argument(format!("cannot encode request: {}", e)))?;
    let code = unsafe { sys::http_request(json.as_ptr(), json.len()) };
    let bytes = io::take(code)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::failed(format!("host returned a malformed HTTP response: {}", e)))
}

/// Sends a `GET` request to `url`.
#[inline]
pub fn get(url: &str) -> Result<Response> {
    send(&Request::get(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_json_matches_the_abi() {
        let r = Request::post("https://x.example/a").header("a", "b").body("hi");
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"method":"POST","url":"https://x.example/a","headers":{"a":"b"},"body":"hi"}"#
        );
        let r = Request::get("https://x.example/");
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"method":"GET","url":"https://x.example/","headers":{}}"#
        );
    }

    #[test]
    fn response_tolerates_multi_valued_headers_and_missing_body() {
        let r: Response = serde_json::from_str(
            r#"{"status":200,"headers":{"Set-Cookie":["a=1","b=2"],"Content-Type":"text/plain"}}"#,
        )
        .unwrap();
        assert_eq!(r.header("set-cookie"), Some("a=1, b=2"));
        assert_eq!(r.header("content-type"), Some("text/plain"));
        assert_eq!(r.body, "");
        assert!(r.is_success());
        let r: Response = serde_json::from_str(r#"{"status":404,"body":null}"#).unwrap();
        assert!(!r.is_success());
    }
}
