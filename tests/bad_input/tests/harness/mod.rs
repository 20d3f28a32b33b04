//! The py-wasm binary and the toolchain directory it is run with.
//!
//! py-wasm is taken from `$PY_WASM` when set, else built by `cargo build
//! -p py-wasm` in the test's own profile (run here; a no-op under `cargo
//! test --workspace`, which has built it already). The
//! toolchain (runtime, libpython, libc, stdlib) is built by Bazel (`$BAZEL`,
//! default `bazel`) and laid out as py-wasm expects, with symlinks into
//! bazel-bin, under `target/<profile>/bad-input-toolchain/`. Nothing is
//! skipped: a tool that cannot be built fails every case with its output.

pub mod host;
pub mod hygiene;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use anyhow::{anyhow, bail, Context, Result};

pub use test_artifacts::repo_root;
use test_artifacts::run_checked;

/// The built tools.
pub struct Tools {
    /// The py-wasm executable.
    pub py_wasm: PathBuf,
    /// The toolchain directory (`--toolchain-dir`).
    pub toolchain: PathBuf,
}

/// `target/<profile>` of the running test binary.
fn profile_dir() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .context("unexpected test binary location")
}

fn py_wasm() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("PY_WASM") {
        return Ok(PathBuf::from(path));
    }
    // The profile of this test binary: under `cargo test --workspace` the
    // binary is already built, and this is a no-op.
    let profile = profile_dir()?;
    let release = profile.file_name().is_some_and(|n| n == "release");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(repo_root())
        .args(["build", "--quiet", "-p", "py-wasm", "--bin", "py-wasm"]);
    if release {
        cmd.arg("--release");
    }
    run_checked(&mut cmd, "cargo build -p py-wasm")?;
    let exe = profile.join("py-wasm");
    if !exe.is_file() {
        bail!("cargo build did not produce {}", exe.display());
    }
    Ok(exe)
}

fn toolchain() -> Result<PathBuf> {
    let built = test_artifacts::build()?;
    let dir = profile_dir()?.join("bad-input-toolchain");
    let lib = dir.join("lib");
    std::fs::create_dir_all(&lib)?;
    let mut links = vec![(built.stdlib.clone(), dir.join("python"))];
    for path in std::iter::once(&built.runtime).chain(&built.libs) {
        let name = path
            .file_name()
            .context("a library path has no file name")?;
        links.push((path.clone(), lib.join(name)));
    }
    for (target, link) in links {
        if !target.exists() {
            bail!("the Bazel build did not produce {}", target.display());
        }
        if std::fs::read_link(&link).ok().as_deref() == Some(target.as_path()) {
            continue;
        }
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link)?;
    }
    Ok(dir)
}

/// Builds py-wasm and the toolchain once per process.
pub fn tools() -> Result<&'static Tools> {
    static TOOLS: OnceLock<std::result::Result<Tools, String>> = OnceLock::new();
    TOOLS
        .get_or_init(|| {
            let build = || -> Result<Tools> {
                Ok(Tools {
                    py_wasm: py_wasm()?,
                    toolchain: toolchain()?,
                })
            };
            build().map_err(|e| format!("{e:#}"))
        })
        .as_ref()
        .map_err(|e| anyhow!("{e}"))
}

/// Runs `py-wasm --toolchain-dir <built> ARGS` in `cwd`, with
/// `RUST_BACKTRACE=1` (so that a panic could not hide its backtrace).
pub fn run_py_wasm(cwd: &Path, args: &[&str]) -> Result<Output> {
    let tools = tools()?;
    Ok(Command::new(&tools.py_wasm)
        .current_dir(cwd)
        .arg("--toolchain-dir")
        .arg(&tools.toolchain)
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .env_remove("PY_WASM_TOOLCHAIN")
        .output()?)
}

/// Copies the inputs of a case (everything but `cmd` and `expect`) into
/// `to`.
pub fn copy_inputs(from: &Path, to: &Path) -> Result<()> {
    test_artifacts::copy_tree(from, to, &["cmd", "expect"])
}

/// What must never appear in py-wasm's or the guest's error output.
pub const PANIC_MARKERS: &[&str] = &["panicked at", "stack backtrace", "RUST_BACKTRACE"];
