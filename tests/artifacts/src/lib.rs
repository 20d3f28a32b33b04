//! What the workspace's test crates share.
//!
//! - The inputs every test component is linked from — the C runtime,
//!   libpython, libc with the emulation libraries, and the stdlib — built by
//!   Bazel (`$BAZEL`, default `bazel`; a no-op when cached), for
//!   tests/roundtrip, tests/fuzz and tests/bad_input ([`build`]). A build
//!   that fails is an error with Bazel's output: nothing is skipped.
//! - The pinned Python tools, mypy and componentize-py, in the venv the
//!   tests share, installed from hash-pinned requirements files ([`venv`]).
//! - Copying a case's inputs into a working directory ([`copy_tree`]).
//! - Where the calling test's package is ([`manifest_dir`]) and the
//!   repository root ([`repo_root`]), read at run time; the case
//!   directories of a data-driven test ([`case_dirs`]).

pub mod copy;
pub mod venv;

pub use copy::copy_tree;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The Bazel targets [`build`] builds.
pub const TARGETS: [&str; 2] = ["//runtime:runtime", "//third_party/cpython:toolchain"];

/// libc and the emulation libraries, in link order (after libpython).
pub const LIBC_LIBRARIES: [&str; 5] = [
    "libc.so",
    "libwasi-emulated-signal.so",
    "libwasi-emulated-getpid.so",
    "libwasi-emulated-process-clocks.so",
    "libwasi-emulated-mman.so",
];

/// The directory of the package whose test is running: `CARGO_MANIFEST_DIR`
/// as `cargo test` sets it when it runs the test.
///
/// Not `env!("CARGO_MANIFEST_DIR")`, which is fixed when the test is
/// compiled: the target directory is shared by every checkout
/// (`scripts/env.sh`), and cargo reuses a test binary built in another
/// checkout whose sources are the same, with that checkout's path inside.
/// A test binary run by hand, without cargo, gets the current directory
/// (where cargo would have run it).
pub fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The repository root: the nearest directory above [`manifest_dir`] with
/// a `WORKSPACE.bazel`.
pub fn repo_root() -> PathBuf {
    let start = manifest_dir();
    start
        .ancestors()
        .find(|dir| dir.join("WORKSPACE.bazel").is_file())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| start.join("../.."))
}

/// The case directories under `manifest_dir()/rel`, as `(name, path)` in
/// name order, for a data-driven test's main. A directory that cannot be
/// read, or holds no case, is an error: a test with no cases would pass.
pub fn case_dirs(rel: &str) -> Result<Vec<(String, PathBuf)>> {
    case_dirs_in(&manifest_dir().join(rel))
}

/// The case directories in `dir` (see [`case_dirs`]).
pub fn case_dirs_in(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.is_dir() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            cases.push((name, path));
        }
    }
    if cases.is_empty() {
        bail!("no case directories in {}", dir.display());
    }
    cases.sort();
    Ok(cases)
}

/// [`case_dirs`], or the process exits with the error (for a test's main).
pub fn case_dirs_or_exit(rel: &str) -> Vec<(String, PathBuf)> {
    case_dirs(rel).unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        std::process::exit(1)
    })
}

/// Where the built inputs of a component are.
#[derive(Debug, Clone)]
pub struct Artifacts {
    /// `libpy_wasm_runtime.so`.
    pub runtime: PathBuf,
    /// libpython3.13.so, then [`LIBC_LIBRARIES`].
    pub libs: Vec<PathBuf>,
    /// The stdlib directory (mounted at /python).
    pub stdlib: PathBuf,
}

/// Runs `cmd`, failing with its output unless it succeeds; returns its
/// trimmed stdout.
pub fn run_checked(cmd: &mut Command, what: &str) -> Result<String> {
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

/// Builds [`TARGETS`] and returns where their outputs are.
pub fn build() -> Result<Artifacts> {
    let root = repo_root();
    let bazel = std::env::var("BAZEL").unwrap_or_else(|_| "bazel".to_string());
    run_checked(
        Command::new(&bazel)
            .current_dir(&root)
            .arg("build")
            .args(TARGETS),
        &format!("bazel build {}", TARGETS.join(" ")),
    )?;
    let bin = PathBuf::from(run_checked(
        Command::new(&bazel)
            .current_dir(&root)
            .args(["info", "bazel-bin"]),
        "bazel info bazel-bin",
    )?);
    let libc = bin.join("third_party/wasi-libc");
    let libs = std::iter::once(bin.join("third_party/cpython/libpython3.13.so"))
        .chain(LIBC_LIBRARIES.iter().map(|name| libc.join(name)))
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_dirs_are_the_subdirectories_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b-case", "a-case"] {
            std::fs::create_dir(dir.path().join(name)).unwrap();
        }
        std::fs::write(dir.path().join("README"), "not a case").unwrap();
        let cases = case_dirs_in(dir.path()).unwrap();
        let names: Vec<&str> = cases.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a-case", "b-case"]);
        assert_eq!(cases[0].1, dir.path().join("a-case"));
    }

    #[test]
    fn no_cases_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let empty = case_dirs_in(dir.path()).unwrap_err().to_string();
        assert!(empty.contains("no case directories"), "{empty}");
        let missing = case_dirs_in(&dir.path().join("absent")).unwrap_err();
        assert!(
            format!("{missing:#}").contains("cannot list"),
            "{missing:#}"
        );
    }
}
