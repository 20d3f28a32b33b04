//! `mypy --strict`, pinned, from the venv the repository's tests share
//! (`~/.cache/rules_py_wasm/venv`, the one tools/wit-bindgen-py's tests
//! create). If the pinned mypy is not there it is installed with pip; if
//! that fails, every test that needs it fails with pip's output.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use anyhow::{anyhow, bail, Context, Result};

/// mypy, pinned (the same pin as tools/wit-bindgen-py's tests).
pub const MYPY: &str = "mypy==2.4.1";

fn cache_root() -> Result<PathBuf> {
    let home = std::env::var_os("HOME").context("HOME is not set")?;
    Ok(PathBuf::from(home).join(".cache/rules_py_wasm"))
}

fn install() -> Result<PathBuf> {
    let venv = cache_root()?.join("venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        let out = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .output()
            .context("cannot run python3 -m venv")?;
        if !out.status.success() {
            bail!(
                "python3 -m venv failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let (name, version) = MYPY.split_once("==").context("MYPY is not pinned")?;
    let probe = format!("import importlib.metadata as m; print(m.version({name:?}))");
    let have = Command::new(&python).arg("-c").arg(&probe).output()?;
    if String::from_utf8_lossy(&have.stdout).trim() != version {
        let out = Command::new(venv.join("bin/pip"))
            .args(["install", "--disable-pip-version-check", MYPY])
            .output()
            .context("cannot run pip")?;
        if !out.status.success() {
            bail!(
                "pip install {MYPY} failed:\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    Ok(venv.join("bin/mypy"))
}

/// The pinned mypy executable (installed on first use).
pub fn mypy() -> Result<PathBuf> {
    static MYPY_BIN: OnceLock<std::result::Result<PathBuf, String>> = OnceLock::new();
    MYPY_BIN
        .get_or_init(|| install().map_err(|e| format!("{e:#}")))
        .clone()
        .map_err(|e| anyhow!("cannot set up the pinned mypy: {e}"))
}

/// Runs `mypy --strict` on each directory (each a separate check, since
/// bindings of different worlds use the same module names), in one process
/// per directory, with the cache `~/.cache/rules_py_wasm/mypy-cache/<cache>`
/// (one per test, as concurrent mypys must not share one). Fails with
/// mypy's output.
pub fn check(dirs: &[&Path], cache: &str) -> Result<()> {
    let mypy = mypy()?;
    let cache = cache_root()?.join("mypy-cache").join(cache);
    for dir in dirs {
        let out = Command::new(&mypy)
            .current_dir(dir)
            .args(["--strict", "--python-version", "3.13", "--no-error-summary"])
            .arg("--cache-dir")
            .arg(&cache)
            .arg(".")
            .output()
            .context("cannot run mypy")?;
        if !out.status.success() {
            bail!(
                "mypy --strict failed in {}:\n{}{}",
                dir.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    Ok(())
}
