//! Must-show 3: exceptions in exports, bad return values, bad import
//! arguments. Each trapping case gets its own instance (a trap poisons it).

use anyhow::{bail, Result};

use crate::harness::{harness, Instance};
use crate::host::ErrorInfo;

const GUEST: &str = "test:roundtrip/guest@0.1.0";

macro_rules! guest {
    ($i:expr) => {
        $i.bindings.test_roundtrip_guest()
    };
}

/// Asserts that `outcome` is a trap and that stderr holds every `wants`
/// line fragment, no Rust panic message, and the summary line last.
fn assert_trapped<T: std::fmt::Debug>(
    i: &Instance,
    outcome: wasmtime::Result<T>,
    wants: &[&str],
    summary: &str,
) -> Result<()> {
    let stderr = i.stderr();
    let Err(err) = outcome else {
        bail!("expected a trap, got {outcome:?}; stderr:\n{stderr}");
    };
    assert!(
        format!("{err:?}").contains("unreachable"),
        "expected abort()'s trap, got {err:?}"
    );
    for want in wants {
        assert!(stderr.contains(want), "stderr lacks {want:?}:\n{stderr}");
    }
    let last = stderr.lines().last().unwrap_or_default();
    assert_eq!(last, summary, "the last stderr line; stderr:\n{stderr}");
    assert!(
        !stderr.contains("panicked at"),
        "a Rust panic message:\n{stderr}"
    );
    Ok(())
}

#[test]
fn result_export_with_record_error() -> Result<()> {
    let mut i = harness()?.instance()?;
    assert!(matches!(
        guest!(i).call_fail_record(&mut i.store, 0)?,
        Ok(1)
    ));
    let err = guest!(i).call_fail_record(&mut i.store, 1)?;
    assert!(
        matches!(&err, Err(ErrorInfo { code: 7, message }) if message == "custom record error"),
        "{err:?}"
    );
    assert_eq!(i.stderr(), "", "a raised Err is data, not an error");
    let outcome = guest!(i).call_fail_record(&mut i.store, 2);
    assert_trapped(
        &i,
        outcome,
        &[
            "Traceback (most recent call last):",
            "in fail_record",
            "ValueError: not representable as error-info",
        ],
        &format!(
            "py-wasm: export `{GUEST}#fail-record` failed: \
             ValueError: not representable as error-info"
        ),
    )
}

#[test]
fn result_export_with_record_error_bad_return() -> Result<()> {
    let mut i = harness()?.instance()?;
    let outcome = guest!(i).call_fail_record(&mut i.store, 3);
    assert_trapped(
        &i,
        outcome,
        &[],
        &format!(
            "py-wasm: export `{GUEST}#fail-record` failed: TypeError: export \
             `{GUEST}#fail-record` returned a value that does not match its WIT \
             result type result<u32, record `error-info`>: the Ok payload: \
             expected u32 (an int), got str"
        ),
    )
}

#[test]
fn result_export_with_string_error() -> Result<()> {
    let mut i = harness()?.instance()?;
    let g = guest!(i);
    assert_eq!(g.call_fail_string(&mut i.store, 0)?, Ok(2));
    assert_eq!(
        g.call_fail_string(&mut i.store, 1)?,
        Err("custom".to_string())
    );
    assert_eq!(
        g.call_fail_string(&mut i.store, 2)?,
        Err("ValueError: boom".to_string())
    );
    assert_eq!(
        g.call_fail_string(&mut i.store, 3)?,
        Err(format!(
            "TypeError: export `{GUEST}#fail-string` returned a value that does not \
             match its WIT result type result<u32, string>: the Ok payload: \
             expected u32 (an int), got str"
        ))
    );
    // Still usable: nothing trapped.
    assert_eq!(g.call_fail_string(&mut i.store, 0)?, Ok(2));
    Ok(())
}

#[test]
fn plain_export_raises() -> Result<()> {
    let mut i = harness()?.instance()?;
    assert_eq!(guest!(i).call_fail_plain(&mut i.store, 0)?, "fine");
    let outcome = guest!(i).call_fail_plain(&mut i.store, 1);
    assert_trapped(
        &i,
        outcome,
        &[
            "Traceback (most recent call last):",
            "in fail_plain",
            "RuntimeError: plain failure",
        ],
        &format!("py-wasm: export `{GUEST}#fail-plain` failed: RuntimeError: plain failure"),
    )
}

#[test]
fn plain_export_returns_the_wrong_type() -> Result<()> {
    let mut i = harness()?.instance()?;
    let outcome = guest!(i).call_fail_plain(&mut i.store, 2);
    assert_trapped(
        &i,
        outcome,
        &[],
        &format!(
            "py-wasm: export `{GUEST}#fail-plain` failed: TypeError: export \
             `{GUEST}#fail-plain` returned a value that does not match its WIT \
             result type string: expected string (a str), got int"
        ),
    )
}

#[test]
fn bad_import_arguments_raise_in_python() -> Result<()> {
    let mut i = harness()?.instance()?;
    let got = guest!(i).call_bad_import_args(&mut i.store);
    let got = got.map_err(|e| anyhow::anyhow!("{e:?}\nstderr:\n{}", i.stderr()))?;
    let host = "test:roundtrip/host@0.1.0";
    let want = [
        format!("TypeError: argument 1 of import `{host}#echo-u32`: expected u32 (an int), got str"),
        format!("OverflowError: argument 1 of import `{host}#echo-u8`: int 256 is out of range for u8"),
        format!("OverflowError: argument 1 of import `{host}#echo-u32`: int -1 is out of range for u32"),
        format!("TypeError: argument 1 of import `{host}#echo-char`: expected char (a str of length 1), got str"),
        format!("TypeError: argument 1 of import `{host}#echo-scalars`: expected record `scalars` (an instance of Scalars), got int, which has no attribute 'a_bool'"),
        format!("TypeError: argument 1 of import `{host}#echo-color`: expected enum `color` (a member of its enum class), got int"),
        format!("TypeError: argument 1 of import `{host}#echo-tuple`: expected tuple<u8, string, f64> (a tuple of 3 items), got tuple"),
        format!("TypeError: import `{host}#echo-bool` takes 1 arguments (0 given)"),
        "ValueError: import index 1000000 is out of range (the world has 35 imports)".to_string(),
        "ValueError: resource index 99 is out of range (the world has 2 resources)".to_string(),
        format!("ValueError: argument 1 of import `{host}#[method]counter.get`: resource `counter` used after drop (or after it was moved away)"),
        format!("ValueError: argument 1 of import `{host}#[method]counter.get`: resource `counter` used after drop (or after it was moved away)"),
    ];
    assert_eq!(got, want);
    assert_eq!(i.store.data().live_counters(), 0);
    Ok(())
}

#[test]
fn export_before_init_traps() -> Result<()> {
    let mut i = harness()?.instance_uninit()?;
    let outcome = i.bindings.call_ping(&mut i.store, 1);
    assert_trapped(
        &i,
        outcome,
        &[],
        "py-wasm: export `ping` was called before py-wasm-init",
    )
}

#[test]
fn init_failure_prints_the_traceback() -> Result<()> {
    let h = harness()?;
    let mut i = h.instance_with(&h.built.bindings, "no_such_app")?;
    let init = i.init;
    let outcome = init.call(&mut i.store, ());
    assert_trapped(
        &i,
        outcome,
        &["ModuleNotFoundError: No module named 'no_such_app'"],
        "py-wasm: py-wasm-init failed loading the app `no_such_app` and its \
         bindings: ModuleNotFoundError: No module named 'no_such_app'",
    )
}
