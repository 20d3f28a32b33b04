//! Helpers shared by the integration tests: running the binary, the pinned
//! Python tools (mypy, componentize-py) in a venv the tests create, and
//! Python scripts under `tests/python/`.

#![allow(dead_code)]

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Result type of the tests.
pub type TestResult<T = ()> = Result<T, Box<dyn Error>>;

/// mypy, pinned.
pub const MYPY: &str = "mypy==2.4.1";
/// The reference tool, pinned.
pub const COMPONENTIZE_PY: &str = "componentize-py==0.25.1";

/// `tools/wit-bindgen-py`.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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

fn home_cache() -> TestResult<PathBuf> {
    let home = std::env::var_os("HOME").ok_or("HOME is not set")?;
    Ok(PathBuf::from(home).join(".cache/rules_py_wasm"))
}

fn run_checked(cmd: &mut Command, what: &str) -> TestResult {
    let out = cmd
        .output()
        .map_err(|e| format!("{what}: cannot run: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(())
}

fn pinned(pkg: &str) -> (&str, &str) {
    pkg.split_once("==").unwrap_or((pkg, ""))
}

fn create_venv() -> TestResult<PathBuf> {
    let venv = home_cache()?.join("venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        run_checked(
            Command::new("python3").arg("-m").arg("venv").arg(&venv),
            "python3 -m venv",
        )?;
    }
    let probe = format!(
        "import importlib.metadata as m\nfor p in {:?}:\n    print(p + '==' + m.version(p))",
        [pinned(MYPY).0, pinned(COMPONENTIZE_PY).0]
    );
    let have = Command::new(&python).arg("-c").arg(&probe).output()?;
    let want = format!("{MYPY}\n{COMPONENTIZE_PY}\n");
    if String::from_utf8_lossy(&have.stdout) != want {
        run_checked(
            Command::new(venv.join("bin/pip")).args([
                "install",
                "--disable-pip-version-check",
                MYPY,
                COMPONENTIZE_PY,
            ]),
            "pip install of the pinned mypy and componentize-py",
        )?;
    }
    Ok(venv)
}

/// The venv with the pinned tools, created on first use. Fails loudly (the
/// tests that need it fail) if it cannot be made.
pub fn venv() -> TestResult<PathBuf> {
    static VENV: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    VENV.get_or_init(|| create_venv().map_err(|e| e.to_string()))
        .clone()
        .map_err(|e| format!("cannot set up the Python venv: {e}").into())
}

/// Runs `mypy --strict ARGS` in `dir`; returns (success, output).
pub fn mypy(dir: &Path, args: &[&str], cache: &str) -> TestResult<(bool, String)> {
    let venv = venv()?;
    let cache = home_cache()?.join("mypy-cache").join(cache);
    let out = Command::new(venv.join("bin/mypy"))
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
