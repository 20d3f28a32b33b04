//! The `wasi:http` helper (`py_wasm_http.py`, `poll_loop.py`) passes
//! `mypy --strict` together with an app that uses all of it, in stub and
//! real mode, and with renamed modules (`--world-module`, `--full-names`),
//! whose names the helper must import. Its run-time behaviour is tested end
//! to end in wasmtime by tools/py-wasm's tests (examples/matrices and a
//! componentize-py-style app).

mod common;

use common::*;

/// Module and class names of one case.
struct Names<'a> {
    world: &'a str,
    http_types: &'a str,
    poll: &'a str,
    handler: &'a str,
}

const DEFAULT: Names<'static> = Names {
    world: "wit_world",
    http_types: "types",
    poll: "poll",
    handler: "IncomingHandler",
};

fn check(args: &[&str], names: &Names<'_>, cache: &str) -> TestResult {
    let tmp = tempfile::tempdir()?;
    bindgen_ok(args, tmp.path())?;
    let app = std::fs::read_to_string(script("http_helper_app.py"))?
        .replace("WORLD", names.world)
        .replace("HTTP_TYPES", names.http_types)
        .replace("POLL", names.poll)
        .replace("IncomingHandler", names.handler);
    std::fs::write(tmp.path().join("app.py"), app)?;
    let targets = ["-m", "py_wasm_http", "-m", "poll_loop", "-m", "app"];
    let (success, output) = mypy(tmp.path(), &targets, cache)?;
    assert!(success, "mypy --strict failed for {args:?}:\n{output}");
    Ok(())
}

#[test]
fn helper_passes_mypy_strict_stub() -> TestResult {
    check(&["-w", "wasi:http/proxy"], &DEFAULT, "http-helper-stub")
}

#[test]
fn helper_passes_mypy_strict_real() -> TestResult {
    check(
        &["-w", "wasi:http/proxy@0.2.0", "--mode", "real"],
        &DEFAULT,
        "http-helper-real",
    )
}

#[test]
fn helper_follows_renamed_modules() -> TestResult {
    check(
        &[
            "-w",
            "wasi:http/proxy",
            "--world-module",
            "my_app.bindings",
            "--full-names",
        ],
        &Names {
            world: "my_app.bindings",
            http_types: "wasi_http_types_0_2_12",
            poll: "wasi_io_poll_0_2_12",
            handler: "WasiHttpIncomingHandler0212",
        },
        "http-helper-renamed",
    )
}

#[test]
fn worlds_without_wasi_http_get_no_helper() -> TestResult {
    let tmp = tempfile::tempdir()?;
    bindgen_ok(&["-w", "wasi:cli/command"], tmp.path())?;
    for file in ["py_wasm_http.py", "poll_loop.py"] {
        assert!(
            !tmp.path().join(file).exists(),
            "{file} written for wasi:cli/command"
        );
    }
    Ok(())
}
