//! The toolchain artifacts a component is linked from, built by Bazel (the
//! same targets and the same way as tests/roundtrip's harness).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where the built inputs of a component live.
pub struct Artifacts {
    /// `libpy_wasm_runtime.so`.
    pub runtime: PathBuf,
    /// libpython3.13.so, then libc.so and the emulation libraries.
    pub libs: Vec<PathBuf>,
    /// The stdlib directory (mounted at /python during pre-init).
    pub stdlib: PathBuf,
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

/// Builds the runtime and the CPython toolchain with Bazel (`$BAZEL`,
/// default `bazel`; a no-op when cached) and returns their paths.
pub fn build() -> Result<Artifacts> {
    let root = repo_root();
    let bazel = std::env::var("BAZEL").unwrap_or_else(|_| "bazel".to_string());
    let targets = ["//runtime:runtime", "//third_party/cpython:toolchain"];
    run_checked(
        Command::new(&bazel)
            .current_dir(&root)
            .arg("build")
            .args(targets),
        "bazel build of the runtime and the toolchain",
    )?;
    let bin = PathBuf::from(run_checked(
        Command::new(&bazel)
            .current_dir(&root)
            .args(["info", "bazel-bin"]),
        "bazel info bazel-bin",
    )?);
    let libc = bin.join("third_party/wasi-libc");
    let mut libs = vec![bin.join("third_party/cpython/libpython3.13.so")];
    for name in [
        "libc.so",
        "libwasi-emulated-signal.so",
        "libwasi-emulated-getpid.so",
        "libwasi-emulated-process-clocks.so",
        "libwasi-emulated-mman.so",
    ] {
        libs.push(libc.join(name));
    }
    let artifacts = Artifacts {
        runtime: bin.join("runtime/libpy_wasm_runtime.so"),
        libs,
        stdlib: bin.join("third_party/cpython/stdlib"),
    };
    for path in std::iter::once(&artifacts.runtime)
        .chain(&artifacts.libs)
        .chain(std::iter::once(&artifacts.stdlib))
    {
        if !path.exists() {
            bail!("the Bazel build did not produce {}", path.display());
        }
    }
    Ok(artifacts)
}
