//! Oracles beyond text (house style 9): generated packages pass
//! `mypy --strict` (kitchen sink, `wasi:cli/command`, `wasi:http/proxy`, in
//! stub and real mode, together with an app that implements the exports),
//! mypy catches an export method without `self`, real-mode code imports and
//! behaves in CPython with a fake runtime, its indices equal glue-gen's
//! metadata order, and names and layout equal componentize-py 0.25.1's.
//!
//! The pinned mypy and componentize-py (`third_party/requirements/`, with
//! the sha256 of every wheel) are installed by the tests into
//! `~/.cache/rules_py_wasm/venv` (created if missing); if that fails, the
//! tests fail.

mod common;

use std::path::Path;

use common::*;
use glue_gen::GlueMeta;
use serde_json::{json, Value};

fn mypy_case(args: &[&str], mode: &str, app: &str, cache: &str) -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut all = args.to_vec();
    all.extend(["--mode", mode]);
    bindgen_ok(&all, tmp.path())?;
    std::fs::copy(script(app), tmp.path().join("app.py"))?;
    let mut targets = vec![
        "-p",
        "wit_world",
        "-m",
        "componentize_py_types",
        "-m",
        "app",
    ];
    if mode == "real" {
        targets.extend(["-m", "_py_wasm_symbols"]);
    }
    let (success, output) = mypy(tmp.path(), &targets, cache)?;
    assert!(success, "mypy --strict failed:\n{output}");
    Ok(())
}

fn ks() -> String {
    kitchen_sink().display().to_string()
}

#[test]
fn mypy_strict_kitchen_sink_stub() -> TestResult {
    mypy_case(&["-d", &ks()], "stub", "kitchen_app.py", "kitchen-stub")
}

#[test]
fn mypy_strict_kitchen_sink_real() -> TestResult {
    mypy_case(&["-d", &ks()], "real", "kitchen_app.py", "kitchen-real")
}

#[test]
fn mypy_strict_wasi_cli_command_stub() -> TestResult {
    mypy_case(
        &["-w", "wasi:cli/command@0.2.0"],
        "stub",
        "cli_app.py",
        "cli-stub",
    )
}

#[test]
fn mypy_strict_wasi_cli_command_real() -> TestResult {
    mypy_case(
        &["-w", "wasi:cli/command@0.2.0"],
        "real",
        "cli_app.py",
        "cli-real",
    )
}

#[test]
fn mypy_strict_wasi_http_proxy_stub() -> TestResult {
    mypy_case(
        &["-w", "wasi:http/proxy@0.2.0"],
        "stub",
        "http_app.py",
        "http-stub",
    )
}

#[test]
fn mypy_strict_wasi_http_proxy_real() -> TestResult {
    mypy_case(
        &["-w", "wasi:http/proxy@0.2.0"],
        "real",
        "http_app.py",
        "http-real",
    )
}

/// The seed article's mistake: an export method without `self`.
#[test]
fn mypy_rejects_export_method_without_self() -> TestResult {
    let tmp = tempfile::tempdir()?;
    bindgen_ok(&["-w", "wasi:http/proxy"], tmp.path())?;
    std::fs::copy(script("http_app_mistake.py"), tmp.path().join("app.py"))?;
    let (success, output) = mypy(tmp.path(), &["-m", "app"], "http-mistake")?;
    assert!(!success, "mypy accepted a handle() without self:\n{output}");
    assert!(
        output.contains("app.py:15: error: \"self\" parameter missing for a non-static method")
            && output
                .contains("app.py:15: error: Signature of \"handle\" incompatible with supertype"),
        "unexpected mypy output:\n{output}"
    );
    std::fs::copy(script("http_app.py"), tmp.path().join("app.py"))?;
    let (success, output) = mypy(tmp.path(), &["-m", "app"], "http-mistake")?;
    assert!(success, "the fixed app fails mypy:\n{output}");
    Ok(())
}

fn glue_meta(args: &[&str]) -> TestResult<GlueMeta> {
    let mut wit = glue_gen::WitOptions::default();
    let mut it = args.iter();
    while let (Some(flag), Some(value)) = (it.next(), it.next()) {
        match *flag {
            "-d" => wit.paths.push(value.into()),
            "-w" => wit.worlds.push(value.to_string()),
            _ => return Err(format!("unexpected flag {flag}").into()),
        }
    }
    let outputs = glue_gen::run(&glue_gen::Options {
        wit,
        ..Default::default()
    })?;
    Ok(outputs.meta)
}

fn real_bindings(args: &[&str], meta: &GlueMeta, dir: &Path) -> TestResult {
    let meta_path = dir.join("glue-meta.json");
    std::fs::write(&meta_path, meta.to_json())?;
    let meta_arg = meta_path.display().to_string();
    let mut all = args.to_vec();
    all.extend(["--mode", "real", "--glue-meta", &meta_arg]);
    bindgen_ok(&all, &dir.join("out"))
}

#[test]
fn real_kitchen_sink_runs_in_cpython() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let args = ["-d", &ks()];
    let meta = glue_meta(&args)?;
    real_bindings(&args, &meta, tmp.path())?;
    let fake = script("fake");
    let meta_path = tmp.path().join("glue-meta.json").display().to_string();
    let run = python(
        &script("check_kitchen_real.py"),
        &[&meta_path],
        &[&tmp.path().join("out"), &fake],
    )?;
    ok(&run, "check_kitchen_real.py")?;
    Ok(())
}

// --- Index order: derived here from glue-meta.json alone, independently of
// --- the generator, then checked against what the Python code does.

const KEYWORDS: &[&str] = &[
    "from", "lambda", "class", "import", "none", "in", "is", "not",
];

fn snake(s: &str) -> String {
    let out = s.to_ascii_lowercase().replace('-', "_");
    if KEYWORDS.contains(&out.as_str()) {
        out + "_"
    } else {
        out
    }
}

fn camel(s: &str) -> String {
    let out: String = s
        .split('-')
        .map(|w| {
            let w = w.to_ascii_lowercase();
            w[..1].to_ascii_uppercase() + &w[1..]
        })
        .collect();
    if out == "None" {
        out + "_"
    } else {
        out
    }
}

fn module_of(interface: Option<&str>) -> String {
    match interface {
        None => "wit_world".to_string(),
        Some(key) => {
            let name = key.split('/').nth(1).unwrap_or(key);
            let name = name.split('@').next().unwrap_or(name);
            format!("wit_world.imports.{}", snake(name))
        }
    }
}

/// `[constructor]r`, `[method]r.f`, `[static]r.f` or `f` → (kind, attr).
fn split_name(name: &str) -> (&'static str, String) {
    if let Some(r) = name.strip_prefix("[constructor]") {
        return ("constructor", camel(r));
    }
    for (prefix, kind) in [("[method]", "method"), ("[static]", "static")] {
        if let Some(rest) = name.strip_prefix(prefix) {
            let (r, f) = rest.split_once('.').unwrap_or((rest, ""));
            return (kind, format!("{}.{}", camel(r), snake(f)));
        }
    }
    ("free", snake(name))
}

fn expected_calls(meta: &GlueMeta) -> Value {
    let calls: Vec<Value> = meta
        .import_funcs
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (kind, attr) = split_name(&f.name);
            json!({
                "index": i,
                "module": module_of(f.interface.as_deref()),
                "attr": attr,
                "kind": kind,
                "nparams": f.params.len(),
            })
        })
        .collect();
    Value::Array(calls)
}

fn check_symbols(meta: &GlueMeta, symbols: &Value) -> TestResult {
    let class_name = |v: &Value| {
        v.as_str()
            .and_then(|s| s.split(':').nth(1))
            .map(str::to_string)
    };
    assert_eq!(symbols["version"], 1);
    assert_eq!(
        symbols["world_fingerprint"],
        meta.world_fingerprint.as_str()
    );
    let records = symbols["records"].as_array().ok_or("records")?;
    assert_eq!(records.len(), meta.records.len());
    for (i, r) in meta.records.iter().enumerate() {
        assert_eq!(
            class_name(&records[i]),
            Some(camel(&r.name)),
            "RECORDS[{i}]"
        );
        let fields: Vec<String> = r.fields.iter().map(|f| snake(&f.name)).collect();
        assert_eq!(
            symbols["record_fields"][i],
            json!(fields),
            "RECORD_FIELDS[{i}]"
        );
    }
    let variants = symbols["variants"].as_array().ok_or("variants")?;
    assert_eq!(variants.len(), meta.variants.len());
    for (i, v) in meta.variants.iter().enumerate() {
        let cases: Vec<Option<String>> = variants[i]
            .as_array()
            .ok_or("cases")?
            .iter()
            .map(class_name)
            .collect();
        let want: Vec<Option<String>> = v
            .cases
            .iter()
            .map(|c| Some(format!("{}_{}", camel(&v.name), camel(&c.name))))
            .collect();
        assert_eq!(cases, want, "VARIANTS[{i}]");
    }
    for (list, metas) in [("enums", &meta.enums), ("flags", &meta.flags)] {
        let got = symbols[list].as_array().ok_or(list)?;
        let want: Vec<Option<String>> = metas.iter().map(|e| Some(camel(&e.name))).collect();
        assert_eq!(
            got.iter().map(class_name).collect::<Vec<_>>(),
            want,
            "{list}"
        );
    }
    assert_eq!(
        symbols["options"].as_array().map(Vec::len),
        Some(meta.options.len())
    );
    for (i, r) in meta.resources.iter().enumerate() {
        let entry = &symbols["resources"][i];
        if r.exported {
            assert_eq!(entry[0], "export", "RESOURCES[{i}]");
            assert_eq!(entry[2], camel(&r.name).as_str(), "RESOURCES[{i}]");
        } else {
            assert_eq!(entry[0], "import", "RESOURCES[{i}]");
            assert_eq!(
                class_name(&entry[1]),
                Some(camel(&r.name)),
                "RESOURCES[{i}]"
            );
        }
    }
    check_exports(meta, symbols)
}

fn check_exports(meta: &GlueMeta, symbols: &Value) -> TestResult {
    let exports = symbols["exports"].as_array().ok_or("exports")?;
    assert_eq!(exports.len(), meta.export_funcs.len());
    for (k, f) in meta.export_funcs.iter().enumerate() {
        let entry = &exports[k];
        if k == meta.init_export {
            assert_eq!(entry, &json!(["init"]));
            continue;
        }
        let (kind, attr) = split_name(&f.name);
        let method = attr.split('.').next_back().unwrap_or_default().to_string();
        match kind {
            "constructor" => {
                assert_eq!(entry[0], "constructor", "EXPORTS[{k}]");
                let r = entry[1].as_u64().ok_or("index")? as usize;
                assert!(meta.resources[r].exported && camel(&meta.resources[r].name) == attr);
            }
            "method" => assert_eq!(
                (&entry[0], &entry[1]),
                (&json!("method"), &json!(method)),
                "EXPORTS[{k}]"
            ),
            "static" => {
                assert_eq!(
                    (&entry[0], &entry[2]),
                    (&json!("static"), &json!(method)),
                    "EXPORTS[{k}]"
                );
                let r = entry[1].as_u64().ok_or("index")? as usize;
                assert!(meta.resources[r].exported);
            }
            _ => assert_eq!(
                (&entry[0], &entry[2]),
                (&json!("freestanding"), &json!(method)),
                "EXPORTS[{k}]"
            ),
        }
    }
    Ok(())
}

fn check_indices(args: &[&str], meta: &GlueMeta) -> TestResult<Value> {
    check_indices_against(args, meta, meta)
}

/// Generates real bindings from `meta`, then checks them against what
/// `expected` says (the two differ only in the negative test).
fn check_indices_against(
    args: &[&str],
    meta: &GlueMeta,
    expected_meta: &GlueMeta,
) -> TestResult<Value> {
    let tmp = tempfile::tempdir()?;
    real_bindings(args, meta, tmp.path())?;
    let expected = tmp.path().join("expected.json");
    std::fs::write(
        &expected,
        serde_json::to_vec(&expected_calls(expected_meta))?,
    )?;
    let out = tmp.path().join("out");
    let fake = script("fake");
    let run = python(
        &script("check_indices.py"),
        &[&expected.display().to_string()],
        &[&out, &fake],
    )?;
    ok(&run, "check_indices.py")?;
    let dump = python(&script("dump_symbols.py"), &[], &[&out, &fake])?;
    let symbols: Value = serde_json::from_str(&ok(&dump, "dump_symbols.py")?)?;
    check_symbols(meta, &symbols)?;
    Ok(symbols)
}

#[test]
fn real_indices_equal_glue_meta_order() -> TestResult {
    let kitchen = ["-d", &ks()];
    let symbols = check_indices(&kitchen, &glue_meta(&kitchen)?)?;
    // The export-side copy of a type holding a both-sides resource is the
    // exports class; the import-side copy is the imports class.
    let holders: Vec<&str> = symbols["records"]
        .as_array()
        .ok_or("records")?
        .iter()
        .filter_map(Value::as_str)
        .filter(|c| c.ends_with(":Holder"))
        .collect();
    assert_eq!(
        holders,
        [
            "wit_world.imports.shared:Holder",
            "wit_world.exports.shared:Holder"
        ]
    );
    for world in ["wasi:cli/command", "wasi:http/proxy"] {
        let args = ["-w", world];
        check_indices(&args, &glue_meta(&args)?)?;
    }
    Ok(())
}

/// Indices come from glue-meta.json: reorder its import functions (as
/// another wit-dylib might) and the generated calls follow.
#[test]
fn indices_follow_the_glue_meta_file() -> TestResult {
    let args = ["-d", &ks()];
    let original = glue_meta(&args)?;
    let mut meta = original.clone();
    let n = meta.import_funcs.len();
    meta.import_funcs.swap(4, n - 1);
    meta.import_funcs.swap(0, 5);
    check_indices(&args, &meta)?;
    // And the check itself fails when bindings and metadata diverge.
    let diverged = check_indices_against(&args, &original, &meta);
    let message = diverged.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("calls index"),
        "divergence not detected: {message}"
    );
    Ok(())
}

fn surface(dir: &Path) -> TestResult<String> {
    let run = python(
        &script("api_surface.py"),
        &[&dir.display().to_string(), "wit_world"],
        &[],
    )?;
    ok(&run, "api_surface.py")
}

/// Same files, classes, functions, methods, parameters and fields as
/// componentize-py 0.25.1's `bindings` for the same WIT.
#[test]
fn layout_and_names_match_componentize_py() -> TestResult {
    let componentize_py = componentize_py()?;
    let names = crate_dir()
        .join("tests/golden/interface-names/case.wit")
        .display()
        .to_string();
    let cases: [Vec<String>; 4] = [
        vec!["-d".into(), ks()],
        vec!["-w".into(), "wasi:cli/command@0.2.12".into()],
        vec!["-w".into(), "wasi:http/proxy@0.2.12".into()],
        vec![
            "-d".into(),
            names,
            "-w".into(),
            "names".into(),
            "--import-interface-name".into(),
            "c:z/renamed=custom_name".into(),
        ],
    ];
    // componentize-py has no built-in WASI: give it the same WIT files.
    let wasi = tempfile::tempdir()?;
    std::fs::create_dir_all(wasi.path().join("deps"))?;
    std::fs::write(wasi.path().join("root.wit"), "package test:root;\n")?;
    for (name, text) in glue_gen::wit::bundled::files() {
        std::fs::write(wasi.path().join("deps").join(name), text)?;
    }
    for case in &cases {
        let args: Vec<&str> = case.iter().map(String::as_str).collect();
        let tmp = tempfile::tempdir()?;
        let ours = tmp.path().join("ours");
        let theirs = tmp.path().join("theirs");
        bindgen_ok(&args, &ours)?;
        let mut reference = std::process::Command::new(&componentize_py);
        if args[0] == "-w" {
            reference.arg("-d").arg(wasi.path());
        }
        let out = reference
            .args(&args)
            .arg("bindings")
            .arg(&theirs)
            .output()?;
        ok(&out, "componentize-py bindings")?;
        let (a, b) = (surface(&theirs)?, surface(&ours)?);
        assert!(a == b, "API surface differs from componentize-py for {args:?}:\n--- componentize-py\n{a}\n--- ours\n{b}");
    }
    Ok(())
}
