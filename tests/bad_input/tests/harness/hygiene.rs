//! Reproducibility and snapshot hygiene as standing tests: an app built
//! twice by py-wasm, from different directories, with different
//! environments, at different times, gives byte-identical components, and
//! neither the build directory nor the value of an environment variable
//! set at build time appears in the component's bytes.

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Result};

use super::{copy_inputs, tools};

/// Builds `source` (copied into a fresh directory) with `componentize
/// app`, with `env` set; returns the component and the directory.
fn build(source: &Path, env: &[(&str, &str)]) -> Result<(Vec<u8>, tempfile::TempDir)> {
    let tools = tools()?;
    let work = tempfile::Builder::new()
        .prefix("bad-input-repro-")
        .tempdir()?;
    copy_inputs(source, work.path())?;
    let out = std::process::Command::new(&tools.py_wasm)
        .current_dir(work.path())
        .arg("--toolchain-dir")
        .arg(&tools.toolchain)
        .args(["-d", "wit", "componentize", "app", "-o", "out.wasm"])
        .envs(env.iter().copied())
        .output()?;
    if !out.status.success() {
        bail!(
            "py-wasm failed building {} ({}):\n{}",
            source.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok((std::fs::read(work.path().join("out.wasm"))?, work))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Builds `source` twice and checks both properties.
pub fn check(source: &Path) -> Result<()> {
    const PLANTED: &str = "planted-a6f3c1d9e2b7";
    let (first, first_dir) = build(
        source,
        &[
            ("PY_WASM_PLANTED", PLANTED),
            ("PYTHONHASHSEED", "1234"),
            ("TZ", "Pacific/Kiritimati"),
            ("LANG", "C"),
        ],
    )?;
    std::thread::sleep(Duration::from_millis(1100));
    let (second, second_dir) = build(
        source,
        &[
            ("OTHER_VARIABLE", "other"),
            ("PYTHONHASHSEED", "random"),
            ("TZ", "UTC"),
            ("LANG", "C.UTF-8"),
        ],
    )?;
    if first != second {
        let at = first
            .iter()
            .zip(&second)
            .position(|(a, b)| a != b)
            .unwrap_or(first.len().min(second.len()));
        bail!(
            "two builds of {} differ ({} and {} bytes, first difference at byte {at}); \
             kept in {} and {}",
            source.display(),
            first.len(),
            second.len(),
            first_dir.keep().display(),
            second_dir.keep().display()
        );
    }
    let dir = first_dir.path().to_string_lossy().into_owned();
    let name = first_dir
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for needle in [PLANTED, dir.as_str(), name.as_str(), "PY_WASM_PLANTED"] {
        if let Some(at) = find(&first, needle.as_bytes()) {
            bail!(
                "the component of {} holds `{needle}` at byte {at} (kept in {})",
                source.display(),
                first_dir.keep().display()
            );
        }
    }
    Ok(())
}
