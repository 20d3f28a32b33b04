//! Progress output: one line per stage when stderr is a terminal, nothing
//! with `-q`. The command runs under `script` (util-linux), which gives it a
//! pseudo-terminal; without one it is quiet, which tests/examples.rs checks
//! on every build.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// Runs `py-wasm ARGS` in `cwd` on a pseudo-terminal; what it printed there
/// (stdout and stderr together, `\r\n` line ends).
fn on_terminal(cwd: &Path, args: &[&str]) -> TestResult<String> {
    let built = built()?;
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut command = vec![
        quote(env!("CARGO_BIN_EXE_py-wasm")),
        "--toolchain-dir".to_string(),
        quote(&built.toolchain.display().to_string()),
    ];
    command.extend(args.iter().map(|a| quote(a)));
    let out = Command::new("script")
        .current_dir(cwd)
        .args(["-qec", &command.join(" "), "/dev/null"])
        .env_remove("PY_WASM_TOOLCHAIN")
        .output()
        .map_err(|e| format!("cannot run `script` (util-linux): {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!("py-wasm {args:?} failed ({}):\n{text}", out.status).into());
    }
    Ok(text)
}

#[test]
fn a_terminal_shows_every_stage_then_the_output() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let wasm = tmp.path().join("hello.wasm").display().to_string();
    let text = on_terminal(&example("hello"), &["componentize", "app", "-o", &wasm])?;
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    assert_eq!(lines.len(), 9, "{text}");
    assert!(
        lines[0].starts_with("toolchain: ") && lines[0].ends_with(" (--toolchain-dir)"),
        "{text}"
    );
    assert_eq!(lines[1], "python path: .", "{text}");
    // Each stage line is "[i/5] name ..." overwritten (\r, erase) by its
    // result.
    let stages = [
        ("world", "example:hello/hello"),
        ("glue", "libpy_wasm_glue.so, "),
        ("bindings", "wit_world, "),
        ("link", " 0 native extensions"),
        ("pre-init", " MiB"),
    ];
    for (i, (name, detail)) in stages.iter().enumerate() {
        let line = lines[2 + i];
        let start = format!(
            "[{}/5] {name:<9} ...\r\x1b[K[{}/5] {name:<9} ",
            i + 1,
            i + 1
        );
        assert!(
            line.starts_with(&start) && line.contains(detail) && line.ends_with(" s)"),
            "stage {name}: {line:?}\n{text}"
        );
    }
    assert!(
        lines[7].starts_with(&format!("example:hello/hello: {wasm} (")),
        "{text}"
    );
    assert_eq!(&lines[8..], ["Component built successfully"], "{text}");
    Ok(())
}

#[test]
fn quiet_prints_nothing_even_on_a_terminal() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let wasm = tmp.path().join("hello.wasm");
    let wasm_arg = wasm.display().to_string();
    let text = on_terminal(
        &example("hello"),
        &["-q", "componentize", "app", "-o", &wasm_arg],
    )?;
    assert_eq!(text, "");
    assert!(wasm.is_file(), "{} was not written", wasm.display());
    Ok(())
}
