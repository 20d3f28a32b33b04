//! Helpers shared by the integration tests: running the binary, the pinned
//! Python tools (mypy, componentize-py; hash-pinned under
//! `third_party/requirements/` and installed by `test_artifacts::venv`), and
//! Python scripts under `tests/python/`.

#![allow(dead_code)]

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Result type of the tests.
pub type TestResult<T = ()> = Result<T, Box<dyn Error>>;

/// `tools/wit-bindgen-py`.
pub fn crate_dir() -> PathBuf {
    test_artifacts::manifest_dir()
}

/// The kitchen-sink WIT.
pub fn kitchen_sink() -> PathBuf {
    crate_dir().join("tests/codegen/kitchen-sink.wit")
}

/// A script under `tests/python/`.
pub fn script(name: &str) -> PathBuf {
    crate_dir().join("tests/python").join(name)
}

/// Runs `wit-bindgen-py ARGS -o OUT`.
pub fn bindgen(args: &[&str], out: &Path) -> TestResult<Output> {
    Ok(Command::new(env!("CARGO_BIN_EXE_wit-bindgen-py"))
        .args(args)
        .arg("-o")
        .arg(out)
        .output()?)
}

/// Like [`bindgen`], but fails unless it succeeds.
pub fn bindgen_ok(args: &[&str], out: &Path) -> TestResult {
    let output = bindgen(args, out)?;
    if !output.status.success() {
        return Err(format!(
            "wit-bindgen-py {args:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(())
}

/// The pinned componentize-py executable, installed on first use. Fails
/// loudly (the tests that need it fail) if it cannot be installed.
pub fn componentize_py() -> TestResult<PathBuf> {
    Ok(test_artifacts::venv::componentize_py()?)
}

/// Runs the pinned `mypy --strict ARGS` in `dir` (installed on first use);
/// returns (success, output).
pub fn mypy(dir: &Path, args: &[&str], cache: &str) -> TestResult<(bool, String)> {
    let mypy = test_artifacts::venv::mypy()?;
    let cache = test_artifacts::venv::cache_dir()?
        .join("mypy-cache")
        .join(cache);
    let out = Command::new(mypy)
        .current_dir(dir)
        .arg("--strict")
        .arg("--cache-dir")
        .arg(&cache)
        .args(args)
        .output()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok((out.status.success(), text))
}

/// Runs the host's `python3 SCRIPT ARGS` with `path` as `PYTHONPATH`.
pub fn python(script: &Path, args: &[&str], path: &[&Path]) -> TestResult<Output> {
    let joined = std::env::join_paths(path)?;
    Ok(Command::new("python3")
        .arg(script)
        .args(args)
        .env("PYTHONPATH", joined)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()?)
}

/// Fails with the output unless the process succeeded.
pub fn ok(output: &Output, what: &str) -> TestResult<String> {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(format!(
            "{what} failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(stdout)
}
