//! The binary on bad input and on existing output directories.

mod common;

use std::path::Path;

use common::*;

/// Runs the binary expecting failure; checks there is no panic and that the
/// message points into a WIT file (`name.wit:LINE:COL`).
fn fails_with_location(args: &[&str], wit_name: &str) -> TestResult<String> {
    let tmp = tempfile::tempdir()?;
    let output = bindgen(args, &tmp.path().join("out"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "succeeded on bad input: {args:?}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    let located = stderr.lines().any(|l| {
        l.split(&format!("{wit_name}:"))
            .nth(1)
            .and_then(|rest| rest.split(':').next())
            .is_some_and(|line| !line.is_empty() && line.chars().all(|c| c.is_ascii_digit()))
    });
    assert!(located, "no {wit_name}:LINE in:\n{stderr}");
    assert!(
        !tmp.path().join("out").exists(),
        "output written despite the error"
    );
    Ok(stderr)
}

fn write_wit(dir: &Path, name: &str, text: &str) -> TestResult<String> {
    let path = dir.join(name);
    std::fs::write(&path, text)?;
    Ok(path.display().to_string())
}

#[test]
fn unknown_world_lists_worlds_with_locations() -> TestResult {
    let dir = tempfile::tempdir()?;
    let wit = write_wit(dir.path(), "w.wit", "package a:b;\n\nworld real-one {}\n")?;
    let stderr = fails_with_location(&["-d", &wit, "-w", "imaginary"], "w.wit")?;
    assert!(
        stderr.starts_with("error: unknown world `imaginary`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("a:b/real-one (") && stderr.contains("w.wit:3:7"),
        "{stderr}"
    );
    assert!(stderr.contains("wasi:http/proxy@0.2.12"), "{stderr}");
    Ok(())
}

#[test]
fn wit_syntax_error_has_file_and_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let wit = write_wit(
        dir.path(),
        "bad.wit",
        "package a:b;\n\nworld w {\n  import f: func(;\n}\n",
    )?;
    let stderr = fails_with_location(&["-d", &wit], "bad.wit")?;
    assert!(stderr.contains("bad.wit:4:"), "{stderr}");
    Ok(())
}

#[test]
fn missing_dependency_is_named_with_file_and_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let wit = write_wit(
        dir.path(),
        "needs.wit",
        "package a:b;\n\nworld w {\n  import other:pkg/api@1.0.0;\n}\n",
    )?;
    let stderr = fails_with_location(&["-d", &wit], "needs.wit")?;
    assert!(
        stderr.contains("package 'other:pkg@1.0.0' not found"),
        "{stderr}"
    );
    assert!(stderr.contains("needs.wit:4:10"), "{stderr}");
    Ok(())
}

#[test]
fn glue_meta_of_another_world_is_rejected_naming_both() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let meta = glue_gen::run(&glue_gen::Options {
        wit: glue_gen::WitOptions {
            worlds: vec!["wasi:cli/command".into()],
            ..Default::default()
        },
        ..Default::default()
    })?
    .meta;
    let path = tmp.path().join("glue-meta.json");
    std::fs::write(&path, meta.to_json())?;
    let path = path.display().to_string();
    let output = bindgen(
        &[
            "-w",
            "wasi:http/proxy",
            "--mode",
            "real",
            "--glue-meta",
            &path,
        ],
        &tmp.path().join("out"),
    )?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("was made for world `wasi:cli/command@0.2.12` (sha256:")
            && stderr.contains("selects world `wasi:http/proxy@0.2.12` (sha256:"),
        "{stderr}"
    );
    // The same file for the right world is accepted.
    bindgen_ok(
        &[
            "-w",
            "wasi:cli/command@0.2.1",
            "--mode",
            "real",
            "--glue-meta",
            &path,
        ],
        &tmp.path().join("ok"),
    )?;
    Ok(())
}

#[test]
fn glue_meta_of_another_version_names_its_producer() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let path = tmp.path().join("glue-meta.json");
    std::fs::write(&path, r#"{"version": 99, "producer": "glue-gen 42.0.0"}"#)?;
    let path = path.display().to_string();
    let output = bindgen(
        &[
            "-w",
            "wasi:cli/command",
            "--mode",
            "real",
            "--glue-meta",
            &path,
        ],
        &tmp.path().join("o"),
    )?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("version 99 (written by glue-gen 42.0.0)"),
        "{stderr}"
    );
    Ok(())
}

#[test]
fn rewriting_keeps_unrelated_files_and_removes_stale_generated_ones() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let out = tmp.path().join("out");
    bindgen_ok(&["-w", "wasi:cli/command", "--mode", "real"], &out)?;
    std::fs::write(out.join("app.py"), "print('mine')\n")?;
    std::fs::write(out.join("wit_world/imports/notes.txt"), "mine\n")?;
    assert!(out.join("wit_world/imports/tcp.py").exists());
    assert!(out.join("_py_wasm_symbols.py").exists());

    // Another world, stub mode, into the same directory.
    bindgen_ok(&["-w", "wasi:http/proxy"], &out)?;
    assert_eq!(
        std::fs::read_to_string(out.join("app.py"))?,
        "print('mine')\n"
    );
    assert!(out.join("wit_world/imports/notes.txt").exists());
    assert!(out.join("wit_world/imports/outgoing_handler.py").exists());
    assert!(
        !out.join("wit_world/imports/tcp.py").exists(),
        "stale module kept"
    );
    assert!(
        !out.join("_py_wasm_symbols.py").exists(),
        "stale real-mode file kept"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&out)?
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".wit-bindgen-py")
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary directory left behind");
    Ok(())
}

#[test]
fn check_mode_detects_out_of_date_files() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let out = tmp.path().join("out");
    bindgen_ok(&["-w", "wasi:cli/command"], &out)?;
    bindgen_ok(&["-w", "wasi:cli/command", "--check"], &out)?;
    std::fs::write(out.join("wit_world/imports/stdout.py"), "# edited\n")?;
    let output = bindgen(&["-w", "wasi:cli/command", "--check"], &out)?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("wit_world/imports/stdout.py"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("wit_world/imports/stdout.py"))?,
        "# edited\n"
    );
    Ok(())
}
