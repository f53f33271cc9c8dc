//! The pure part of `manifest!`: capability validation and the JSON text around the
//! name and version (which come from `env!` in the plugin crate).

/// The capability functions of ABI v1, as `module/function`.
pub const CAPABILITIES: &[&str] = &[
    "wasmbox:log/write",
    "wasmbox:clock/now_millis",
    "wasmbox:clock/monotonic_nanos",
    "wasmbox:random/fill",
    "wasmbox:config/get",
    "wasmbox:kv/get",
    "wasmbox:kv/put",
    "wasmbox:kv/delete",
    "wasmbox:kv/list",
    "wasmbox:http/request",
];

/// The ABI version the manifest declares.
pub const ABI_VERSION: u32 = 1;

pub fn check_capability(cap: &str) -> Result<(), String> {
    if CAPABILITIES.contains(&cap) {
        return Ok(());
    }
    if cap.starts_with("wasmbox/") {
        return Err(format!(
            "\"{}\": the core module `wasmbox` is always linked and needs no capability",
            cap
        ));
    }
    Err(format!(
        "unknown capability \"{}\"; ABI v1 capabilities are: {}",
        cap,
        CAPABILITIES.join(", ")
    ))
}

/// Name and version are emitted without escaping, so they must not need any.
pub fn check_plain(s: &str) -> Result<(), String> {
    if s.is_empty() || s.chars().any(|c| c == '"' || c == '\\' || c.is_control()) {
        return Err(format!("\"{}\" must be non-empty and contain no quotes, backslashes or control characters", s));
    }
    Ok(())
}

/// A hand-written export named in the manifest: callable per ABI v1, no escaping needed.
pub fn check_export_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.starts_with('_') {
        return Err(format!("\"{}\": plugin function names must be non-empty and must not begin with `_`", name));
    }
    check_plain(name)
}

fn json_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{}\"", s)).collect();
    format!("[{}]", quoted.join(","))
}

/// The manifest is `head + name + middle + version + tail`.
pub fn parts(exports: &[String], capabilities: &[String]) -> (String, String, String) {
    (
        "{\"name\":\"".to_string(),
        "\",\"version\":\"".to_string(),
        format!(
            "\",\"abi\":{},\"exports\":{},\"capabilities\":{}}}",
            ABI_VERSION,
            json_list(exports),
            json_list(capabilities)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_text_matches_the_abi_example() {
        let (h, m, t) = parts(
            &["quote".to_string()],
            &["wasmbox:kv/get".to_string(), "wasmbox:kv/put".to_string(), "wasmbox:log/write".to_string()],
        );
        let json = format!("{}{}{}{}{}", h, "discount-rules", m, "1.2.0", t);
        assert_eq!(
            json,
            r#"{"name":"discount-rules","version":"1.2.0","abi":1,"exports":["quote"],"capabilities":["wasmbox:kv/get","wasmbox:kv/put","wasmbox:log/write"]}"#
        );
    }

    #[test]
    fn empty_capabilities() {
        let (h, m, t) = parts(&["echo".to_string()], &[]);
        assert_eq!(format!("{}e{}0.1.0{}", h, m, t), r#"{"name":"e","version":"0.1.0","abi":1,"exports":["echo"],"capabilities":[]}"#);
    }

    #[test]
    fn capability_validation() {
        for cap in CAPABILITIES {
            assert!(check_capability(cap).is_ok());
        }
        assert!(check_capability("wasmbox:kv/*").unwrap_err().contains("unknown capability"));
        assert!(check_capability("wasmbox/input_read").unwrap_err().contains("always linked"));
        assert!(check_plain("1.0.0").is_ok());
        assert!(check_plain("a\"b").is_err());
        assert!(check_plain("").is_err());
        assert!(check_export_name("quote").is_ok());
        assert!(check_export_name("_start").is_err());
    }
}
