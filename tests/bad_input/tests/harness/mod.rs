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

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run_checked(cmd: &mut Command, what: &str) -> Result<String> {
    let out = cmd
        .output()
        .with_context(|| format!("cannot run {what} ({cmd:?}); run scripts/setup.sh first"))?;
    if !out.status.success() {
        bail!(
            "{what} failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

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
    let bazel = std::env::var("BAZEL").unwrap_or_else(|_| "bazel".to_string());
    run_checked(
        Command::new(&bazel).current_dir(repo_root()).args([
            "build",
            "//runtime:runtime",
            "//third_party/cpython:toolchain",
        ]),
        "bazel build //runtime:runtime //third_party/cpython:toolchain",
    )?;
    let bin = PathBuf::from(run_checked(
        Command::new(&bazel)
            .current_dir(repo_root())
            .args(["info", "bazel-bin"]),
        "bazel info bazel-bin",
    )?);
    let dir = profile_dir()?.join("bad-input-toolchain");
    let lib = dir.join("lib");
    std::fs::create_dir_all(&lib)?;
    let libc = bin.join("third_party/wasi-libc");
    let mut links = vec![
        (
            bin.join("runtime/libpy_wasm_runtime.so"),
            lib.join("libpy_wasm_runtime.so"),
        ),
        (
            bin.join("third_party/cpython/libpython3.13.so"),
            lib.join("libpython3.13.so"),
        ),
        (bin.join("third_party/cpython/stdlib"), dir.join("python")),
    ];
    for name in [
        "libc.so",
        "libwasi-emulated-signal.so",
        "libwasi-emulated-getpid.so",
        "libwasi-emulated-process-clocks.so",
        "libwasi-emulated-mman.so",
    ] {
        links.push((libc.join(name), lib.join(name)));
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

/// Copies the inputs of a case (everything but `cmd` and `expect`).
pub fn copy_inputs(from: &Path, to: &Path) -> Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "cmd" || name == "expect" {
            continue;
        }
        let dest = to.join(&name);
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&dest)?;
            copy_inputs(&entry.path(), &dest)?;
        } else {
            std::fs::copy(entry.path(), dest)?;
        }
    }
    Ok(())
}

/// What must never appear in py-wasm's or the guest's error output.
pub const PANIC_MARKERS: &[&str] = &["panicked at", "stack backtrace", "RUST_BACKTRACE"];
