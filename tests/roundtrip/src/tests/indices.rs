//! Must-show 4: wit-bindgen-py's real-mode indices and glue-gen's metadata
//! agree on every index.
//!
//! Two views of the bindings are checked against `glue-meta.json`:
//! - the symbol table `_py_wasm_symbols`, as the running app reports it
//!   (export `symbols`): entry `i` of each list must name the item `i` of
//!   the matching metadata list (class, field, case and member names follow
//!   componentize-py's naming rules);
//! - every `_py_wasm_runtime.call_import(N, …)` and `drop_resource, N` in
//!   the generated Python: the function or class around it must be the one
//!   that import `N` (resource `N`) is.
//!
//! The runtime also checks the symbol table against the glue's metadata at
//! init; the last tests show that a broken table stops `py-wasm-init`.

use std::path::Path;

use anyhow::{anyhow, bail, Result};
use serde_json::Value;

use crate::harness::harness;

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

fn snake(kebab: &str) -> String {
    let s = kebab.replace('-', "_");
    if KEYWORDS.contains(&s.as_str()) {
        s + "_"
    } else {
        s
    }
}

fn camel(kebab: &str) -> String {
    kebab
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn shouty(kebab: &str) -> String {
    kebab.replace('-', "_").to_uppercase()
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The interface name without package and version: `test:x/guest@1` -> `guest`.
fn iface_name(interface: &str) -> &str {
    let tail = interface.rsplit('/').next().unwrap_or(interface);
    tail.split('@').next().unwrap_or(tail)
}

/// Follows `alias:N` entries to the aliased type string.
fn dealias<'a>(meta: &'a Value, mut ty: &'a str) -> &'a str {
    while let Some(n) = ty.strip_prefix("alias:") {
        let next = n
            .parse::<usize>()
            .ok()
            .and_then(|i| list(meta, "aliases").get(i))
            .map(|a| text(a, "type"));
        match next {
            Some(t) => ty = t,
            None => break,
        }
    }
    ty
}

fn style(meta: &Value, func: &Value) -> &'static str {
    match func.get("result").and_then(Value::as_str) {
        None => "none",
        Some(t) if dealias(meta, t).starts_with("result:") => "result",
        Some(_) => "normal",
    }
}

fn resource_index(meta: &Value, name: &str, interface: &Value) -> Option<usize> {
    list(meta, "resources")
        .iter()
        .position(|r| text(r, "name") == name && r.get("interface") == Some(interface))
}

/// What symbol table entry `EXPORTS[k]` must be for export `func`.
fn expected_export(meta: &Value, func: &Value) -> Value {
    let name = text(func, "name");
    let iface = func.get("interface").cloned().unwrap_or(Value::Null);
    let st = style(meta, func);
    let resource_of = |rest: &str| {
        let r = rest.split('.').next().unwrap_or(rest);
        resource_index(meta, r, &iface).map_or(Value::Null, Value::from)
    };
    if iface.is_null() && name == "py-wasm-init" {
        serde_json::json!(["init"])
    } else if let Some(r) = name.strip_prefix("[constructor]") {
        serde_json::json!(["constructor", resource_of(r), st])
    } else if let Some(rest) = name.strip_prefix("[method]") {
        let m = rest.split_once('.').map_or(rest, |(_, m)| m);
        serde_json::json!(["method", snake(m), st])
    } else if let Some(rest) = name.strip_prefix("[static]") {
        let m = rest.split_once('.').map_or(rest, |(_, m)| m);
        serde_json::json!(["static", resource_of(rest), snake(m), st])
    } else {
        let class = iface
            .as_str()
            .map_or("WitWorld".to_string(), |i| camel(iface_name(i)));
        serde_json::json!(["freestanding", class, snake(name), st])
    }
}

fn expect(problems: &mut Vec<String>, what: String, want: Value, got: Option<&Value>) {
    if got != Some(&want) {
        problems.push(format!(
            "{what}: metadata says {want}, bindings say {got:?}"
        ));
    }
}

/// Compares the symbol table (as reported by the app) with the metadata.
fn check_symbols(meta: &Value, symbols: &Value, problems: &mut Vec<String>) {
    expect(problems, "VERSION".into(), 1.into(), symbols.get("version"));
    expect(
        problems,
        "WORLD_FINGERPRINT".into(),
        meta.get("world_fingerprint")
            .cloned()
            .unwrap_or(Value::Null),
        symbols.get("world_fingerprint"),
    );
    let records = list(meta, "records").iter().map(|r| {
        let fields: Vec<String> = list(r, "fields")
            .iter()
            .map(|f| snake(text(f, "name")))
            .collect();
        serde_json::json!([camel(text(r, "name")), fields])
    });
    let variants = list(meta, "variants").iter().map(|v| {
        let base = camel(text(v, "name"));
        let cases: Vec<String> = list(v, "cases")
            .iter()
            .map(|c| format!("{base}_{}", camel(text(c, "name"))))
            .collect();
        serde_json::json!(cases)
    });
    let names = |key: &str| -> Vec<Value> {
        list(meta, key)
            .iter()
            .map(|e| {
                let n: Vec<String> = list(e, "names")
                    .iter()
                    .map(|n| shouty(n.as_str().unwrap_or("")))
                    .collect();
                serde_json::json!(n)
            })
            .collect()
    };
    let options = list(meta, "options")
        .iter()
        .map(|o| Value::from(dealias(meta, text(o, "type")).starts_with("option:")));
    let resources = list(meta, "resources").iter().map(|r| {
        let class = camel(text(r, "name"));
        if r.get("exported") == Some(&Value::Bool(true)) {
            let module = snake(iface_name(text(r, "interface")));
            serde_json::json!(["export", module, class])
        } else {
            serde_json::json!(["import", class])
        }
    });
    let exports = list(meta, "export_funcs")
        .iter()
        .map(|f| expected_export(meta, f));
    let tables: [(&str, Vec<Value>); 7] = [
        ("records", records.collect()),
        ("variants", variants.collect()),
        ("enums", names("enums")),
        ("flags", names("flags")),
        ("options", options.collect()),
        ("resources", resources.collect()),
        ("exports", exports.collect()),
    ];
    for (key, want) in tables {
        let got = list(symbols, key);
        if got.len() != want.len() {
            problems.push(format!(
                "{key}: metadata has {} entries, bindings {}",
                want.len(),
                got.len()
            ));
        }
        for (i, w) in want.into_iter().enumerate() {
            expect(problems, format!("{key}[{i}]"), w, got.get(i));
        }
    }
}

/// What a Python scope calling import `func` must be: (class, def).
fn expected_scope(func: &Value) -> (Option<String>, String) {
    let name = text(func, "name");
    if let Some(r) = name.strip_prefix("[constructor]") {
        return (Some(camel(r)), "__init__".to_string());
    }
    for prefix in ["[method]", "[static]"] {
        if let Some((r, m)) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.split_once('.'))
        {
            return (Some(camel(r)), snake(m));
        }
    }
    (None, snake(name))
}

/// Checks every `call_import(N` and `drop_resource, N` in the generated
/// Python source against the metadata.
fn check_sources(meta: &Value, files: &[(String, String)], problems: &mut Vec<String>) {
    let imports = list(meta, "import_funcs");
    let mut seen = vec![false; imports.len()];
    for (path, source) in files {
        let (mut class, mut def) = (None::<String>, String::new());
        for (lineno, line) in source.lines().enumerate() {
            let trimmed = line.trim_start();
            if let Some(rest) = line.strip_prefix("class ") {
                class = Some(rest.split(['(', ':']).next().unwrap_or("").to_string());
            } else if !line.starts_with([' ', '\t', '#', '@', ')']) && !line.is_empty() {
                class = None;
            }
            if let Some(rest) = trimmed.strip_prefix("def ") {
                def = rest.split('(').next().unwrap_or("").to_string();
                if !line.starts_with(' ') {
                    class = None;
                }
            }
            let at = format!("{path}:{}", lineno + 1);
            for (marker, is_drop) in [("call_import(", false), ("drop_resource, ", true)] {
                let Some(pos) = line.find(marker) else {
                    continue;
                };
                let digits: String = line[pos + marker.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                let Ok(n) = digits.parse::<usize>() else {
                    continue;
                };
                if is_drop {
                    let want = list(meta, "resources")
                        .get(n)
                        .map(|r| camel(text(r, "name")));
                    if want != class {
                        problems.push(format!(
                            "{at}: drop_resource {n} is {want:?}, in class {class:?}"
                        ));
                    }
                    continue;
                }
                let Some(func) = imports.get(n) else {
                    problems.push(format!("{at}: import index {n} out of range"));
                    continue;
                };
                seen[n] = true;
                let want = expected_scope(func);
                if want != (class.clone(), def.clone()) {
                    problems.push(format!(
                        "{at}: call_import({n}) is `{}`, expected in {want:?}, found in {:?}",
                        text(func, "name"),
                        (&class, &def)
                    ));
                }
            }
        }
    }
    for (n, s) in seen.iter().enumerate() {
        if !s {
            problems.push(format!("import {n} is never called by the bindings"));
        }
    }
}

fn python_files(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            python_files(&path, base, out)?;
        } else if path.extension().is_some_and(|e| e == "py") {
            let rel = path.strip_prefix(base)?.display().to_string();
            out.push((rel, std::fs::read_to_string(&path)?));
        }
    }
    Ok(())
}

fn check_all(meta: &Value, symbols: &Value, files: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    check_symbols(meta, symbols, &mut problems);
    check_sources(meta, files, &mut problems);
    problems
}

struct Views {
    meta: Value,
    symbols: Value,
    files: Vec<(String, String)>,
}

fn views() -> Result<Views> {
    let h = harness()?;
    let mut i = h.instance()?;
    let reported = i.bindings.test_roundtrip_guest().call_symbols(&mut i.store);
    let symbols = serde_json::from_str(&reported.map_err(|e| anyhow!("{e:?}\n{}", i.stderr()))?)?;
    let mut files = Vec::new();
    python_files(&h.built.bindings, &h.built.bindings, &mut files)?;
    Ok(Views {
        meta: h.built.meta.clone(),
        symbols,
        files,
    })
}

#[test]
fn bindings_agree_with_glue_meta() -> Result<()> {
    let v = views()?;
    assert!(
        v.files.len() >= 5,
        "too few generated files: {}",
        v.files.len()
    );
    let problems = check_all(&v.meta, &v.symbols, &v.files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

fn swap(meta: &mut Value, key: &str, a: usize, b: usize) -> Result<()> {
    match meta.get_mut(key).and_then(Value::as_array_mut) {
        Some(items) if a < items.len() && b < items.len() => {
            items.swap(a, b);
            Ok(())
        }
        _ => bail!("cannot swap {key}[{a}] and {key}[{b}]"),
    }
}

/// The checks above must fail when any list is in another order.
#[test]
fn a_different_order_is_detected() -> Result<()> {
    let v = views()?;
    let cases: [(&str, usize, usize, &str); 5] = [
        ("records", 0, 1, "records[0]"),
        ("import_funcs", 1, 2, "call_import(1)"),
        ("export_funcs", 2, 3, "exports[2]"),
        ("resources", 0, 1, "resources[0]"),
        ("options", 2, 3, "options[2]"),
    ];
    for (key, a, b, want) in cases {
        let mut meta = v.meta.clone();
        swap(&mut meta, key, a, b)?;
        let problems = check_all(&meta, &v.symbols, &v.files);
        assert!(
            problems.iter().any(|p| p.contains(want)),
            "swapping {key}[{a}] and {key}[{b}] went unnoticed: {problems:?}"
        );
    }
    Ok(())
}

/// Copies the bindings, edits `_py_wasm_symbols.py`, and runs py-wasm-init
/// on them: it must trap naming the problem.
fn init_with_edited_symbols(name: &str, edit: impl Fn(&str) -> String) -> Result<String> {
    let h = harness()?;
    let dir = h.built.bindings.with_file_name(format!("bindings-{name}"));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let mut files = Vec::new();
    python_files(&h.built.bindings, &h.built.bindings, &mut files)?;
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let text = if rel == "_py_wasm_symbols.py" {
            edit(&text)
        } else {
            text
        };
        std::fs::write(path, text)?;
    }
    let mut i = h.instance_with(&dir, "app")?;
    let init = i.init;
    if init.call(&mut i.store, ()).is_ok() {
        bail!("py-wasm-init succeeded with edited symbols ({name})");
    }
    Ok(i.stderr())
}

#[test]
fn runtime_rejects_a_symbol_table_in_another_order() -> Result<()> {
    let stderr = init_with_edited_symbols("swapped", |text| {
        text.replacen("    (\"x\", \"y\"),\n", "", 1).replacen(
            "    (\"code\", \"message\"),\n",
            "    (\"code\", \"message\"),\n    (\"x\", \"y\"),\n",
            1,
        )
    })?;
    let want = "py-wasm: py-wasm-init failed loading the app `app` and its bindings: \
                ImportError: _py_wasm_symbols.RECORD_FIELDS[0] does not match record \
                `point` in the glue's metadata";
    assert!(stderr.contains(want), "stderr lacks {want:?}:\n{stderr}");
    Ok(())
}

#[test]
fn runtime_rejects_another_symbol_table_version() -> Result<()> {
    let stderr = init_with_edited_symbols("version", |text| {
        text.replacen("VERSION = 1\n", "VERSION = 2\n", 1)
    })?;
    let want = "ImportError: _py_wasm_symbols.VERSION is 2, but this runtime reads version 1";
    assert!(stderr.contains(want), "stderr lacks {want:?}:\n{stderr}");
    Ok(())
}
