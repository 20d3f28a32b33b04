//! `mypy --strict`, pinned by `third_party/requirements/mypy.txt` (with the
//! sha256 of every wheel), from the venv the repository's tests share
//! (`~/.cache/rules_py_wasm/venv`; installed on first use by
//! `test_artifacts::venv`). If it cannot be installed, every test that needs
//! it fails with pip's output.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// Runs `mypy --strict` on each directory (each a separate check, since
/// bindings of different worlds use the same module names), in one process
/// per directory, with the cache `~/.cache/rules_py_wasm/mypy-cache/<cache>`
/// (one per test, as concurrent mypys must not share one). Fails with
/// mypy's output.
pub fn check(dirs: &[&Path], cache: &str) -> Result<()> {
    let mypy = test_artifacts::venv::mypy()?;
    let cache = test_artifacts::venv::cache_dir()?
        .join("mypy-cache")
        .join(cache);
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
