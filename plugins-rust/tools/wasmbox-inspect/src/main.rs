//! `wasmbox-inspect`: build.sh's check of the built plugins, before any Java exists.
//!
//! ```text
//! wasmbox-inspect [--check] [--max-size BYTES] [--inventory OUT.md] FILE.wasm...
//! ```
//!
//! To look at a module, audit it against a policy or call it, use the `wasmbox` command
//! (docs/cli.md); this tool only checks and lists what build.sh built. With `--check` it fails
//! (exit 1) when a module breaks a rule of guest ABI v1 or of this workspace:
//! * a reactor (no `_start`) must carry a `wasmbox.manifest` section with `"abi": 1`, and
//!   its `exports` must equal the module's callable function exports;
//! * every import from a `wasmbox:*` module must be declared in the manifest's
//!   `capabilities`, and every import from `wasmbox` must be a core ABI function;
//! * names beginning with `__wasmbox_` are neither imported nor exported;
//! * the module is at most `--max-size` bytes (when given).
//!
//! `--inventory` writes a Markdown table of all modules (used for `dist/INVENTORY.md`).

use std::collections::BTreeSet;
use std::process::ExitCode;

use serde_json::Value;

const USAGE: &str = "usage: wasmbox-inspect [--check] [--max-size BYTES] [--inventory OUT.md] FILE.wasm...\n\
    build.sh's check of built plugins; to inspect, audit or call a plugin use the wasmbox command (docs/cli.md)";

const CORE: &[&str] = &["input_length", "input_read", "output_write", "error_write", "result_length", "result_read"];

#[derive(Default, Debug)]
struct Module {
    imports: Vec<(String, String, &'static str)>,
    exports: Vec<(String, u8)>,
    memory: Option<(u64, Option<u64>)>,
    memory_imported: bool,
    manifest: Option<Vec<u8>>,
    manifest_sections: usize,
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.data.get(self.pos).ok_or("unexpected end of module")?;
        self.pos += 1;
        Ok(b)
    }
    fn leb(&mut self) -> Result<u64, String> {
        let (mut result, mut shift) = (0u64, 0);
        loop {
            let b = self.byte()?;
            result |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(result);
            }
            shift += 7;
            if shift > 63 {
                return Err("LEB128 too long".into());
            }
        }
    }
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len()).ok_or("section out of bounds")?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn name(&mut self) -> Result<String, String> {
        let n = self.leb()? as usize;
        String::from_utf8(self.bytes(n)?.to_vec()).map_err(|_| "name is not UTF-8".to_string())
    }
    fn limits(&mut self) -> Result<(u64, Option<u64>), String> {
        let flags = self.byte()?;
        let min = self.leb()?;
        let max = if flags & 1 == 1 { Some(self.leb()?) } else { None };
        Ok((min, max))
    }
}

fn parse(data: &[u8]) -> Result<Module, String> {
    if data.len() < 8 || &data[0..4] != b"\0asm" || data[4..8] != [1, 0, 0, 0] {
        return Err("not a WebAssembly 1.0 module".into());
    }
    let mut m = Module::default();
    let mut r = Reader { data, pos: 8 };
    while r.pos < data.len() {
        let id = r.byte()?;
        let size = r.leb()? as usize;
        let body = r.bytes(size)?;
        let mut s = Reader { data: body, pos: 0 };
        match id {
            0 => {
                if s.name()? == "wasmbox.manifest" {
                    m.manifest = Some(body[s.pos..].to_vec());
                    m.manifest_sections += 1;
                }
            }
            2 => {
                for _ in 0..s.leb()? {
                    let (module, field) = (s.name()?, s.name()?);
                    let kind = match s.byte()? {
                        0 => {
                            s.leb()?;
                            "func"
                        }
                        1 => {
                            s.byte()?;
                            s.limits()?;
                            "table"
                        }
                        2 => {
                            m.memory = Some(s.limits()?);
                            m.memory_imported = true;
                            "memory"
                        }
                        3 => {
                            s.byte()?;
                            s.byte()?;
                            "global"
                        }
                        k => return Err(format!("unknown import kind {}", k)),
                    };
                    m.imports.push((module, field, kind));
                }
            }
            5 => {
                if s.leb()? > 0 {
                    m.memory = Some(s.limits()?);
                }
            }
            7 => {
                for _ in 0..s.leb()? {
                    let name = s.name()?;
                    let kind = s.byte()?;
                    s.leb()?;
                    m.exports.push((name, kind));
                }
            }
            _ => {}
        }
    }
    Ok(m)
}

fn func_exports(m: &Module) -> Vec<&str> {
    m.exports.iter().filter(|(_, k)| *k == 0).map(|(n, _)| n.as_str()).collect()
}

fn check(m: &Module, size: usize, max_size: Option<usize>) -> Vec<String> {
    let mut problems = Vec::new();
    let funcs = func_exports(m);
    let command = funcs.contains(&"_start");
    if !m.exports.iter().any(|(n, k)| n == "memory" && *k == 2) {
        problems.push("does not export its memory as \"memory\"".to_string());
    }
    for (module, field, _) in &m.imports {
        if field.starts_with("__wasmbox_") || module.starts_with("__wasmbox_") {
            problems.push(format!("imports the reserved name {}/{}", module, field));
        }
        if module == "wasmbox" && !CORE.contains(&field.as_str()) {
            problems.push(format!("imports wasmbox/{}, which is not a core ABI v1 function", field));
        }
    }
    for (name, _) in &m.exports {
        if name.starts_with("__wasmbox_") {
            problems.push(format!("exports the reserved name {}", name));
        }
    }
    if m.manifest_sections > 1 {
        problems.push(format!("has {} wasmbox.manifest sections (emit it once)", m.manifest_sections));
    }
    if let Some(max) = max_size {
        if size > max {
            problems.push(format!("is {} bytes, over the limit of {}", size, max));
        }
    }
    let manifest: Option<Value> = match &m.manifest {
        Some(bytes) => match serde_json::from_slice(bytes) {
            Ok(v) => Some(v),
            Err(e) => {
                problems.push(format!("wasmbox.manifest is not JSON: {}", e));
                return problems;
            }
        },
        None => {
            if !command {
                problems.push("is a reactor without a wasmbox.manifest section".to_string());
            }
            None
        }
    };
    if let Some(v) = manifest {
        if v["abi"] != Value::from(1) {
            problems.push(format!("manifest abi is {}, expected 1", v["abi"]));
        }
        for key in ["name", "version"] {
            if !v[key].is_string() {
                problems.push(format!("manifest has no string \"{}\"", key));
            }
        }
        let strings = |key: &str| -> BTreeSet<String> {
            v[key].as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default()
        };
        let declared = strings("exports");
        let callable: BTreeSet<String> = funcs.iter().filter(|n| !n.starts_with('_')).map(|s| s.to_string()).collect();
        if !command && declared != callable {
            problems.push(format!("manifest exports {:?} differ from the module's callable exports {:?}", declared, callable));
        }
        let caps = strings("capabilities");
        for (module, field, _) in &m.imports {
            if module.starts_with("wasmbox:") && !caps.contains(&format!("{}/{}", module, field)) {
                problems.push(format!("imports {}/{} but the manifest does not declare it", module, field));
            }
        }
    }
    problems
}

fn inventory_row(path: &str, m: &Module, size: usize) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    let funcs = func_exports(m);
    let kind = if funcs.contains(&"_start") { "command" } else { "reactor" };
    let callable: Vec<&str> = funcs.iter().copied().filter(|n| !n.starts_with('_') || *n == "_start").collect();
    let wasmbox: Vec<String> = m.imports.iter().filter(|(a, _, _)| a.starts_with("wasmbox")).map(|(a, b, _)| format!("{}/{}", a, b)).collect();
    let wasi: Vec<&str> = m.imports.iter().filter(|(a, _, _)| a.starts_with("wasi")).map(|(_, b, _)| b.as_str()).collect();
    let mem = m.memory.map_or("-".to_string(), |(min, _)| format!("{} KiB", min * 64));
    format!("| `{}` | {} | {} | {} | {} | {} | {} |\n", file, kind, size, mem,
        callable.iter().map(|s| format!("`{}`", s)).collect::<Vec<_>>().join(" "),
        if wasmbox.is_empty() { "-".to_string() } else { wasmbox.iter().map(|s| format!("`{}`", s)).collect::<Vec<_>>().join(" ") },
        if wasi.is_empty() { "-".to_string() } else { wasi.join(" ") })
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut do_check = false;
    let mut max_size = None;
    let mut inventory = None;
    let mut files = Vec::new();
    while !args.is_empty() {
        let a = args.remove(0);
        match a.as_str() {
            "--check" => do_check = true,
            "--max-size" if !args.is_empty() => max_size = args.remove(0).parse().ok(),
            "--inventory" if !args.is_empty() => inventory = Some(args.remove(0)),
            "-h" | "--help" => {
                eprintln!("{}", USAGE);
                return ExitCode::SUCCESS;
            }
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        eprintln!("{}", USAGE);
        return ExitCode::from(2);
    }
    let mut failed = false;
    let mut table = String::from(
        "# Built plugins\n\nGenerated by `build.sh` (`wasmbox-inspect --inventory`); do not edit.\n\n\
         | file | mode | bytes | initial memory | exports | wasmbox imports | WASI imports |\n|---|---|---|---|---|---|---|\n",
    );
    for path in &files {
        let data = match std::fs::read(path) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{}: {}", path, e);
                failed = true;
                continue;
            }
        };
        let module = match parse(&data) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("{}: {}", path, e);
                failed = true;
                continue;
            }
        };
        table.push_str(&inventory_row(path, &module, data.len()));
        if do_check {
            for p in check(&module, data.len(), max_size) {
                eprintln!("CHECK FAILED {}: {}", path, p);
                failed = true;
            }
        }
    }
    if let Some(out) = inventory {
        if let Err(e) = std::fs::write(&out, table) {
            eprintln!("{}: {}", out, e);
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (module (import "wasmbox:kv" "get" (func (param i32 i32 i32 i32) (result i32)))
    ///   (memory (export "memory") 2) (func (export "quote") (result i32) i32.const 0))
    /// plus a manifest section, assembled by hand.
    fn module(manifest: &str) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        let section = |id: u8, body: Vec<u8>, m: &mut Vec<u8>| {
            m.push(id);
            m.push(body.len() as u8);
            m.extend(body);
        };
        section(1, vec![2, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f, 0x60, 0, 1, 0x7f], &mut m);
        let mut imp = vec![1, 10];
        imp.extend(b"wasmbox:kv");
        imp.extend([3]);
        imp.extend(b"get");
        imp.extend([0, 0]);
        section(2, imp, &mut m);
        section(3, vec![1, 1], &mut m);
        section(5, vec![1, 0, 2], &mut m);
        let mut exp = vec![2, 6];
        exp.extend(b"memory");
        exp.extend([2, 0, 5]);
        exp.extend(b"quote");
        exp.extend([0, 1]);
        section(7, exp, &mut m);
        section(10, vec![1, 4, 0, 0x41, 0, 0x0b], &mut m);
        let mut custom = vec![16];
        custom.extend(b"wasmbox.manifest");
        custom.extend(manifest.as_bytes());
        section(0, custom, &mut m);
        m
    }

    #[test]
    fn accepts_a_consistent_module() {
        let m = parse(&module(r#"{"name":"x","version":"1","abi":1,"exports":["quote"],"capabilities":["wasmbox:kv/get"]}"#)).unwrap();
        assert_eq!(m.memory, Some((2, None)));
        assert!(check(&m, 100, None).is_empty(), "{:?}", check(&m, 100, None));
    }

    #[test]
    fn reports_undeclared_imports_and_exports() {
        let m = parse(&module(r#"{"name":"x","version":"1","abi":2,"exports":["other"],"capabilities":[]}"#)).unwrap();
        let problems = check(&m, 100, Some(50));
        assert_eq!(problems.len(), 4, "{:?}", problems);
        assert!(problems.iter().any(|p| p.contains("imports wasmbox:kv/get but the manifest does not declare it")));
        assert!(problems.iter().any(|p| p.contains("abi is 2")));
        assert!(problems.iter().any(|p| p.contains("over the limit")));
    }
}
