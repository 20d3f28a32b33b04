//! The Python venv the tests share, `~/.cache/rules_py_wasm/venv`, and the
//! pinned tools in it: mypy (tests/fuzz, tools/wit-bindgen-py) and
//! componentize-py (tools/wit-bindgen-py).
//!
//! Each tool is pinned by a requirements file under
//! `third_party/requirements/` that lists it and every package it pulls in,
//! each with the sha256 of its wheel. [`install`] runs `pip install
//! --require-hashes --only-binary=:all: --force-reinstall -r FILE`, so a
//! download whose hash differs, or a dependency the file does not list,
//! fails the install, and with it every test that needs the tool. After a
//! successful install the file is copied into the venv (`pinned/<name>`) as
//! a stamp. A later run installs again only if that copy differs from the
//! file or an installed version differs from its pin (one `python -c`
//! probe); each process checks each file once, and a lock file
//! (`~/.cache/rules_py_wasm/venv.lock`) keeps concurrent test processes from
//! installing at the same time.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use anyhow::{anyhow, bail, Context, Result};

use crate::{repo_root, run_checked};

/// The requirements file of mypy and its dependencies.
pub const MYPY: &str = "mypy.txt";
/// The requirements file of componentize-py.
pub const COMPONENTIZE_PY: &str = "componentize-py.txt";

/// `~/.cache/rules_py_wasm`, the caches every build and test shares.
pub fn cache_dir() -> Result<PathBuf> {
    let home = std::env::var_os("HOME").context("HOME is not set")?;
    Ok(PathBuf::from(home).join(".cache/rules_py_wasm"))
}

/// `third_party/requirements/<name>`.
pub fn requirements_file(name: &str) -> PathBuf {
    repo_root().join("third_party/requirements").join(name)
}

/// The pinned mypy executable (installed on first use).
pub fn mypy() -> Result<PathBuf> {
    Ok(shared_venv(MYPY)?.join("bin/mypy"))
}

/// The pinned componentize-py executable (installed on first use).
pub fn componentize_py() -> Result<PathBuf> {
    Ok(shared_venv(COMPONENTIZE_PY)?.join("bin/componentize-py"))
}

/// The shared venv with the packages of `third_party/requirements/<name>`
/// installed (see the module docs). A failure is remembered, so every test
/// of the process that needs the venv fails with the same message.
pub fn shared_venv(name: &str) -> Result<PathBuf> {
    static DONE: Mutex<BTreeMap<String, std::result::Result<PathBuf, String>>> =
        Mutex::new(BTreeMap::new());
    // A test that panicked while holding the lock leaves nothing half done
    // in the map: recover it.
    let mut done = DONE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let result = match done.get(name) {
        Some(result) => result.clone(),
        None => {
            let result = install_shared(name).map_err(|e| format!("{e:#}"));
            done.insert(name.to_string(), result.clone());
            result
        }
    };
    result.map_err(|e| anyhow!("cannot set up the pinned Python tools: {e}"))
}

fn install_shared(name: &str) -> Result<PathBuf> {
    let cache = cache_dir()?;
    std::fs::create_dir_all(&cache)
        .with_context(|| format!("cannot create {}", cache.display()))?;
    let lock_path = cache.join("venv.lock");
    let lock = File::create(&lock_path)
        .with_context(|| format!("cannot open the lock file {}", lock_path.display()))?;
    lock.lock()
        .with_context(|| format!("cannot lock {}", lock_path.display()))?;
    let venv = cache.join("venv");
    install(&venv, &requirements_file(name))?;
    Ok(venv)
}

/// Makes sure the venv `venv` (created with the host's `python3 -m venv` if
/// missing) holds exactly the pins of the requirements file `requirements`,
/// installing them with `pip --require-hashes` unless the stamp and the
/// installed versions say they are there already. Takes no lock: callers
/// that share a venv serialize themselves ([`shared_venv`] does).
pub fn install(venv: &Path, requirements: &Path) -> Result<()> {
    let text = std::fs::read_to_string(requirements)
        .with_context(|| format!("cannot read {}", requirements.display()))?;
    let pins = pins(&text);
    if pins.is_empty() {
        bail!(
            "{} pins nothing: each requirement must be `name==version` followed by \
             `--hash=sha256:...`",
            requirements.display()
        );
    }
    let python = venv.join("bin/python");
    if !python.exists() {
        run_checked(
            Command::new("python3").arg("-m").arg("venv").arg(venv),
            "python3 -m venv",
        )?;
    }
    let file_name = requirements
        .file_name()
        .context("the requirements path has no file name")?;
    let stamp = venv.join("pinned").join(file_name);
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(text.as_str())
        && installed_versions(&python, &pins)? == pins
    {
        return Ok(());
    }
    let out = Command::new(&python)
        .args(["-m", "pip", "install", "--disable-pip-version-check"])
        .args(["--no-input", "--progress-bar", "off", "--force-reinstall"])
        .args(["--require-hashes", "--only-binary=:all:"])
        .arg("-r")
        .arg(requirements)
        .output()
        .context("cannot run pip")?;
    if !out.status.success() {
        bail!(
            "pip could not install the pins of {} into {} ({}). If pip reports \
             that hashes do not match, a download differs from its pin: find out \
             why before changing the file (its header says how pins are made). \
             pip's output:\n{}{}",
            requirements.display(),
            venv.display(),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let found = installed_versions(&python, &pins)?;
    if found != pins {
        bail!(
            "after pip installed {}, the venv {} holds {found:?}, not the pins {pins:?}",
            requirements.display(),
            venv.display()
        );
    }
    let stamp_dir = venv.join("pinned");
    std::fs::create_dir_all(&stamp_dir)
        .with_context(|| format!("cannot create {}", stamp_dir.display()))?;
    std::fs::write(&stamp, &text).with_context(|| format!("cannot write {}", stamp.display()))
}

/// The `name==version` pins of a requirements file, in file order (`--hash`
/// continuation lines, comments and blank lines are skipped).
pub fn pins(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#') && !line.starts_with("--"))
        .filter_map(|line| {
            let spec = line.split_whitespace().next()?;
            let (name, version) = spec.split_once("==")?;
            Some((name.to_string(), version.to_string()))
        })
        .collect()
}

/// The installed version of each pinned package (empty if not installed).
fn installed_versions(python: &Path, pins: &[(String, String)]) -> Result<Vec<(String, String)>> {
    const PROBE: &str = "\
import importlib.metadata as m, sys
for name in sys.argv[1:]:
    try:
        print(m.version(name))
    except m.PackageNotFoundError:
        print()
";
    let out = run_checked(
        Command::new(python)
            .arg("-c")
            .arg(PROBE)
            .args(pins.iter().map(|(name, _)| name)),
        "the venv's python (probing installed versions)",
    )?;
    let versions: Vec<&str> = out.lines().map(str::trim).collect();
    Ok(pins
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let version = versions.get(i).copied().unwrap_or_default();
            (name.clone(), version.to_string())
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_skip_hashes_comments_and_blank_lines() {
        let text = "# header\n\nmypy==2.4.1 \\\n    --hash=sha256:ab\nlibrt==0.17.0 \\\n    --hash=sha256:cd \\\n    --hash=sha256:ef\n";
        assert_eq!(
            pins(text),
            [
                ("mypy".to_string(), "2.4.1".to_string()),
                ("librt".to_string(), "0.17.0".to_string())
            ]
        );
        assert!(pins("mypy>=2\n# mypy==1\n").is_empty());
    }

    /// Every requirement of the checked-in files is pinned to one version
    /// and carries a sha256 (pip's `--require-hashes` checks it too, but
    /// only when it installs).
    #[test]
    fn checked_in_requirements_are_pinned_with_sha256() {
        for name in [MYPY, COMPONENTIZE_PY] {
            let path = requirements_file(name);
            let text = std::fs::read_to_string(&path).unwrap();
            let mut requirements = 0;
            let mut current: Option<(String, usize)> = None;
            for line in text.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if let Some(hash) = line.strip_prefix("--hash=sha256:") {
                    let hash = hash.trim_end_matches(['\\', ' ']);
                    assert!(
                        hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
                        "{name}: bad sha256 {hash:?}"
                    );
                    if let Some((_, hashes)) = current.as_mut() {
                        *hashes += 1;
                    }
                    continue;
                }
                if let Some((spec, 0)) = current.take() {
                    panic!("{name}: {spec} has no --hash");
                }
                let spec = line.trim_end_matches(['\\', ' ']).to_string();
                assert!(
                    spec.split_once("==").is_some_and(|(n, v)| !n.is_empty()
                        && !v.is_empty()
                        && !v.contains(['*', ',', ';'])),
                    "{name}: {spec:?} is not pinned as name==version"
                );
                requirements += 1;
                current = Some((spec, 0));
            }
            if let Some((spec, 0)) = current {
                panic!("{name}: {spec} has no --hash");
            }
            assert_eq!(requirements, pins(&text).len(), "{name}");
            assert!(requirements > 0, "{name} pins nothing");
        }
    }
}
