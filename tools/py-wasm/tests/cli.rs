//! Command-line cases as files (house style 10): one trial per directory
//! under `tests/cli/`.
//!
//! A case directory holds:
//! - `cmd`: one line, `RUN: ARGS` (must succeed) or `FAIL: ARGS` (must
//!   fail), ARGS being py-wasm's arguments split on whitespace. Unless ARGS
//!   has its own `--toolchain-dir`, `--toolchain-dir <the Bazel-built
//!   toolchain>` is put first;
//! - `expected.stdout` / `expected.stderr` (optional, empty if absent): the
//!   exact output, with the case's working directory written as `$CASE` and
//!   the toolchain directory as `$TOOLCHAIN`;
//! - `expected.files` (optional): paths, one per line, relative to the
//!   working directory, that must exist afterwards;
//! - anything else (`app.py`, `wit/`): the inputs, copied into a fresh
//!   working directory, in which py-wasm runs.
//!
//! `BLESS=1` rewrites the expected files from the actual output. On failure
//! the working directory is kept and its path printed.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    let trials = test_artifacts::case_dirs_or_exit("tests/cli")
        .into_iter()
        .map(|(name, case)| {
            Trial::test(name, move || {
                run_case(&case).map_err(|e| Failed::from(e.to_string()))
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// What a case directory holds besides the inputs.
const NOT_INPUTS: [&str; 4] = [
    "cmd",
    "expected.stdout",
    "expected.stderr",
    "expected.files",
];

fn run_case(case: &Path) -> TestResult {
    let cmd = std::fs::read_to_string(case.join("cmd"))?;
    let (expect_success, args) = if let Some(rest) = cmd.trim().strip_prefix("RUN:") {
        (true, rest)
    } else if let Some(rest) = cmd.trim().strip_prefix("FAIL:") {
        (false, rest)
    } else {
        return Err(format!("{}: cmd must start with RUN: or FAIL:", case.display()).into());
    };
    let args: Vec<&str> = args.split_whitespace().collect();
    let work = tempfile::Builder::new().prefix("py-wasm-cli-").tempdir()?;
    test_artifacts::copy_tree(case, work.path(), &NOT_INPUTS)?;

    let toolchain = built()?.toolchain.display().to_string();
    let mut command = Command::new(env!("CARGO_BIN_EXE_py-wasm"));
    command.current_dir(work.path());
    if !args.contains(&"--toolchain-dir") {
        command.arg("--toolchain-dir").arg(&toolchain);
    }
    let out = command
        .args(&args)
        .env_remove("PY_WASM_TOOLCHAIN")
        .output()?;
    let case_dir = work.path().display().to_string();
    let normalize = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .replace(&case_dir, "$CASE")
            .replace(&toolchain, "$TOOLCHAIN")
    };
    let (stdout, stderr) = (normalize(&out.stdout), normalize(&out.stderr));

    let bless = std::env::var_os("BLESS").is_some();
    let mut problems = Vec::new();
    if out.status.success() != expect_success {
        problems.push(format!(
            "exit status {} (expected {})",
            out.status,
            if expect_success { "success" } else { "failure" }
        ));
    }
    for (file, actual) in [("expected.stdout", &stdout), ("expected.stderr", &stderr)] {
        let path = case.join(file);
        if bless {
            if actual.is_empty() {
                let _ = std::fs::remove_file(&path);
            } else {
                std::fs::write(&path, actual)?;
            }
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if &expected != actual {
            problems.push(format!(
                "{file} differs (rerun with BLESS=1 to accept)\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    let files = std::fs::read_to_string(case.join("expected.files")).unwrap_or_default();
    for file in files.lines().filter(|l| !l.trim().is_empty()) {
        if !work.path().join(file.trim()).exists() {
            problems.push(format!("{} was not written", file.trim()));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let kept = work.keep();
    Err(format!(
        "{}\n(working directory kept at {})",
        problems.join("\n"),
        kept.display()
    )
    .into())
}
