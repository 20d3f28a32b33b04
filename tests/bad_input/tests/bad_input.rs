//! The bad-input suite (see the crate docs): one trial per `build/<case>/`
//! directory, and one per run-time case.
//!
//! A build case directory holds:
//! - `cmd`: one line, `FAIL: ARGS`, py-wasm's arguments split on
//!   whitespace (`--toolchain-dir <the Bazel-built toolchain>` is put
//!   first);
//! - `expect`: key words, one per line, each of which must appear in
//!   py-wasm's stderr;
//! - anything else (`app.py`, `wit/`, `deps/`): the inputs, copied into a
//!   fresh working directory, in which py-wasm runs.
//!
//! Every build case must exit with status 1 (not a panic's 101 or a
//! signal), print `error: ` first, write no component, and show none of
//! [`harness::PANIC_MARKERS`] although `RUST_BACKTRACE=1` is set.
//!
//! The hygiene cases (`tests/harness/hygiene.rs`) build examples/hello and
//! `runtime/` twice each and compare the bytes, then scan them for the
//! build directory and a planted environment variable.
//!
//! The run-time cases build `runtime/` (its WIT and `app.py`) with py-wasm
//! once, then call one misbehaving export each on a fresh instance and
//! check the trap and the guest's stderr. On failure the working directory
//! is kept and its path printed.

mod harness;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{anyhow, bail, Result};
use libtest_mimic::{Arguments, Failed, Trial};

use harness::host::{instantiate, Instance};
use harness::{copy_inputs, run_py_wasm, PANIC_MARKERS};

fn main() {
    let args = Arguments::from_args();
    let mut trials: Vec<Trial> = test_artifacts::case_dirs_or_exit("build")
        .into_iter()
        .map(|(name, case)| {
            Trial::test(format!("build::{name}"), move || {
                build_case(&case).map_err(|e| Failed::from(format!("{e:#}")))
            })
        })
        .collect();
    for (name, case) in RUNTIME_CASES {
        trials.push(Trial::test(format!("runtime::{name}"), move || {
            case().map_err(|e| Failed::from(format!("{e:#}")))
        }));
    }
    let root = harness::repo_root();
    for (name, source) in [
        ("hello_example", root.join("examples/hello")),
        (
            "runtime_app",
            test_artifacts::manifest_dir().join("runtime"),
        ),
    ] {
        trials.push(Trial::test(format!("hygiene::{name}"), move || {
            harness::hygiene::check(&source).map_err(|e| Failed::from(format!("{e:#}")))
        }));
    }
    if trials.len() < 18 {
        eprintln!(
            "only {} cases found (build cases under {})",
            trials.len(),
            test_artifacts::manifest_dir().join("build").display()
        );
        std::process::exit(1);
    }
    libtest_mimic::run(&args, trials).exit();
}

/// Runs one build case; see the module docs.
fn build_case(case: &Path) -> Result<()> {
    let cmd = std::fs::read_to_string(case.join("cmd"))?;
    let Some(args) = cmd.trim().strip_prefix("FAIL:") else {
        bail!("{}: cmd must start with FAIL:", case.display());
    };
    let args: Vec<&str> = args.split_whitespace().collect();
    let expect = std::fs::read_to_string(case.join("expect"))?;
    let keys: Vec<&str> = expect.lines().filter(|l| !l.trim().is_empty()).collect();
    if keys.is_empty() {
        bail!("{}: `expect` lists no key words", case.display());
    }
    let work = tempfile::Builder::new().prefix("bad-input-").tempdir()?;
    copy_inputs(case, work.path())?;
    let out = run_py_wasm(work.path(), &args)?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let mut problems = Vec::new();
    if out.status.code() != Some(1) {
        problems.push(format!("exit status {} (expected 1)", out.status));
    }
    if !stderr.starts_with("error: ") {
        problems.push("stderr does not start with `error: `".to_string());
    }
    for marker in PANIC_MARKERS {
        if stderr.contains(marker) {
            problems.push(format!("stderr shows a panic (`{marker}`)"));
        }
    }
    for key in &keys {
        if !stderr.contains(key) {
            problems.push(format!("stderr lacks `{key}`"));
        }
    }
    for written in ["index.wasm", "out.wasm"] {
        if work.path().join(written).exists() {
            problems.push(format!("a component was written ({written})"));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let kept = work.keep();
    bail!(
        "{}\n--- stderr\n{stderr}\n(working directory kept at {})",
        problems.join("\n"),
        kept.display()
    )
}

/// A run-time case.
type Case = fn() -> Result<()>;

/// The run-time cases: name and test.
const RUNTIME_CASES: &[(&str, Case)] = &[
    ("uncaught_exception_in_export", uncaught_exception_in_export),
    ("wrong_return_type", wrong_return_type),
    ("borrow_kept_past_the_call", borrow_kept_past_the_call),
    ("resource_used_after_drop", resource_used_after_drop),
];

const API: &str = "test:bad-input/api";

/// The run-time component, built once with py-wasm.
fn runtime_component() -> Result<&'static Path> {
    static BUILT: OnceLock<std::result::Result<(tempfile::TempDir, PathBuf), String>> =
        OnceLock::new();
    let build = || -> Result<(tempfile::TempDir, PathBuf)> {
        let work = tempfile::Builder::new()
            .prefix("bad-input-runtime-")
            .tempdir()?;
        let src = test_artifacts::manifest_dir().join("runtime");
        copy_inputs(&src, work.path())?;
        let out = run_py_wasm(work.path(), &["componentize", "app", "-o", "runtime.wasm"])?;
        if !out.status.success() {
            bail!(
                "py-wasm could not build the run-time component ({}):\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let path = work.path().join("runtime.wasm");
        Ok((work, path))
    };
    BUILT
        .get_or_init(|| build().map_err(|e| format!("{e:#}")))
        .as_ref()
        .map(|(_, path)| path.as_path())
        .map_err(|e| anyhow!("{e}"))
}

fn instance() -> Result<Instance> {
    instantiate(runtime_component()?)
}

/// Checks that `outcome` trapped, that stderr's last line is py-wasm's
/// summary for `export` and holds every `wants`, and that nothing panicked.
fn assert_trap<T: std::fmt::Debug>(
    i: &Instance,
    outcome: wasmtime::Result<T>,
    export: &str,
    wants: &[&str],
) -> Result<()> {
    let stderr = i.stderr();
    let Err(trap) = outcome else {
        bail!("expected a trap, got {outcome:?}; stderr:\n{stderr}");
    };
    let summary = format!("py-wasm: export `{API}#{export}` failed: ");
    let last = stderr.lines().last().unwrap_or_default();
    if !last.starts_with(&summary) {
        bail!(
            "the last stderr line is not `{summary}…`: {last:?}\nstderr:\n{stderr}\ntrap: {trap:?}"
        );
    }
    for want in wants {
        if !stderr.contains(want) {
            bail!("stderr lacks `{want}`:\n{stderr}");
        }
    }
    for marker in PANIC_MARKERS {
        if stderr.contains(marker) || format!("{trap:?}").contains(marker) {
            bail!("a panic (`{marker}`):\n{stderr}\n{trap:?}");
        }
    }
    Ok(())
}

fn uncaught_exception_in_export() -> Result<()> {
    let mut i = instance()?;
    let outcome = i.exports.test_bad_input_api().call_fail(&mut i.store);
    assert_trap(
        &i,
        outcome,
        "fail",
        &[
            "Traceback (most recent call last):",
            "in fail",
            "RuntimeError: boom in fail",
        ],
    )
}

fn wrong_return_type() -> Result<()> {
    let mut i = instance()?;
    let outcome = i.exports.test_bad_input_api().call_wrong_type(&mut i.store);
    assert_trap(
        &i,
        outcome,
        "wrong-type",
        &[
            "TypeError",
            "does not match its WIT result type",
            "u32",
            "got str",
        ],
    )
}

fn borrow_kept_past_the_call() -> Result<()> {
    let mut i = instance()?;
    let c = i.store.data_mut().new_counter(5);
    let lent = wasmtime::component::Resource::new_borrow(c.rep());
    i.exports
        .test_bad_input_api()
        .call_keep(&mut i.store, lent)
        .map_err(|e| anyhow!("keep trapped: {e:?}\n{}", i.stderr()))?;
    let outcome = i.exports.test_bad_input_api().call_use_kept(&mut i.store);
    assert_trap(
        &i,
        outcome,
        "use-kept",
        &["ValueError", "used after the call that lent it returned"],
    )
}

fn resource_used_after_drop() -> Result<()> {
    let mut i = instance()?;
    let outcome = i
        .exports
        .test_bad_input_api()
        .call_use_dropped(&mut i.store);
    assert_trap(&i, outcome, "use-dropped", &["ValueError", "dropped"])
}
