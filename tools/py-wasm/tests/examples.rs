//! Every example under `examples/`, built through the `py-wasm` command line
//! exactly as its README says, then run on a real host: the pinned wasmtime
//! CLI (`run`, `run --invoke`, `serve`), wasmtime embedded without any WASI
//! (the sandbox), and Node through jco.

mod common;

use std::path::Path;

use common::*;

fn built_component(dir: &Path, name: &str, args: &[&str]) -> TestResult<std::path::PathBuf> {
    let out = dir.join(format!("{name}.wasm"));
    let out_arg = out.display().to_string();
    let mut all = args.to_vec();
    all.extend(["-o", &out_arg]);
    let output = py_wasm_ok(&example(name), &all)?;
    // Not a terminal: no progress lines, only componentize-py's message.
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout, "Component built successfully\n");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(out)
}

#[test]
fn hello_greets() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let wasm = built_component(tmp.path(), "hello", &["-d", "wit", "componentize", "app"])?;
    let wasm = wasm.display().to_string();
    assert_eq!(
        wasmtime(&["run", "--invoke", "greet(\"x\")", &wasm])?,
        "\"Hello, x!\""
    );
    assert_eq!(
        wasmtime(&["run", "--invoke", "greet(\"Wasm\")", &wasm])?,
        "\"Hello, Wasm!\""
    );
    Ok(())
}

/// The same inputs give the same bytes, from another directory too. (The
/// whole Python-path directory is an input: CPython's path finder caches
/// its listing, so the copy holds every file of examples/hello.)
#[test]
fn hello_builds_are_reproducible() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let first = built_component(tmp.path(), "hello", &["-d", "wit", "componentize", "app"])?;
    let copy = tmp.path().join("elsewhere/hello");
    test_artifacts::copy_tree(&example("hello"), &copy, &[])?;
    let second = tmp.path().join("second.wasm");
    let second_arg = second.display().to_string();
    py_wasm_ok(
        &copy,
        &["-d", "wit", "componentize", "app", "-o", &second_arg],
    )?;
    assert!(
        std::fs::read(&first)? == std::fs::read(&second)?,
        "two builds of examples/hello differ"
    );
    Ok(())
}

#[test]
fn cli_prints_hello_world() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let wasm = built_component(
        tmp.path(),
        "cli",
        &["-w", "wasi:cli/command", "componentize", "app"],
    )?;
    assert_eq!(
        wasmtime(&["run", &wasm.display().to_string()])?,
        "Hello, world!"
    );
    Ok(())
}

/// The seed article's request, then malformed and non-conforming input, on
/// examples/matrices' plain-Python app (`app_pure`; its NumPy app needs
/// NumPy for wasm32-wasi, which Bazel builds: //examples/matrices tests it).
#[test]
fn matrices_multiplies_over_http() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let wasm = built_component(
        tmp.path(),
        "matrices",
        &["-w", "wasi:http/proxy", "componentize", "app_pure"],
    )?;
    let server = serve(&wasm)?;
    let article = br#"[[[1, 2], [4, 5], [6, 7]], [[1, 2, 3], [4, 5, 6]]]"#;
    let r = request(server.port, "POST", "/multiply", article)?;
    assert_eq!(
        (r.status, r.body.as_str()),
        (200, "[[9, 12, 15], [24, 33, 42], [34, 47, 60]]")
    );

    let r = request(server.port, "GET", "/multiply", b"")?;
    assert_eq!(r.status, 400, "{r:?}");
    let r = request(server.port, "POST", "/divide", article)?;
    assert_eq!(r.status, 400, "{r:?}");

    let r = request(server.port, "POST", "/multiply", b"[[[1, 2]], [[3")?;
    assert_eq!(r.status, 500, "{r:?}");
    assert!(r.body.starts_with("JSONDecodeError: "), "{r:?}");

    let r = request(server.port, "POST", "/multiply", b"[[[1, 2]], [[3, 4]]]")?;
    assert_eq!(r.status, 500, "{r:?}");
    assert_eq!(
        r.body,
        "ValueError: cannot multiply a 1x2 matrix by a 1x2 matrix"
    );

    let r = request(server.port, "POST", "/multiply", br#"[[["a"]], [[1]]]"#)?;
    assert_eq!(r.status, 500, "{r:?}");
    assert!(r.body.starts_with("ValueError: a holds 'a'"), "{r:?}");

    // The instance pool keeps working after errors.
    let r = request(server.port, "POST", "/multiply", article)?;
    assert_eq!(r.status, 200, "{r:?}");
    Ok(())
}

/// Built with `--stub-wasi`: the component imports nothing at all, so it is
/// instantiated here with an empty linker, and keeps its namespace between
/// calls on one instance.
#[test]
fn sandbox_runs_without_any_host() -> TestResult {
    use wasmtime::component::{Component, Linker};
    use wasmtime::{Config, Engine, Store};

    let tmp = tempfile::tempdir()?;
    let wasm = built_component(
        tmp.path(),
        "sandbox",
        &["-d", "wit", "componentize", "app", "--stub-wasi"],
    )?;
    let mut config = Config::new();
    config.wasm_component_model(true);
    let engine = Engine::new(&config)?;
    let component = Component::from_file(&engine, &wasm)?;
    let imports: Vec<String> = component
        .component_type()
        .imports(&engine)
        .map(|(name, _)| name.to_string())
        .collect();
    assert!(imports.is_empty(), "the sandbox imports {imports:?}");

    let mut store = Store::new(&engine, ());
    let instance = Linker::<()>::new(&engine).instantiate(&mut store, &component)?;
    type Call = (Result<String, String>,);
    let exec = instance.get_typed_func::<(&str,), Call>(&mut store, "exec")?;
    let eval = instance.get_typed_func::<(&str,), Call>(&mut store, "eval")?;
    // json was imported at build time, so the sandboxed code can import it.
    let (out,) = exec.call(&mut store, ("import json\nx = 6 * 7\nprint('x is', x)",))?;
    assert_eq!(out, Ok("x is 42\n".to_string()));
    let (out,) = eval.call(&mut store, ("[x, json.dumps({'a': x})]",))?;
    assert_eq!(out, Ok("[42, '{\"a\": 42}']".to_string()));
    let (out,) = eval.call(&mut store, ("1 / 0",))?;
    assert_eq!(out, Err("ZeroDivisionError: division by zero".to_string()));
    let (out,) = exec.call(&mut store, ("import socket",))?;
    assert!(
        matches!(&out, Err(e) if e.starts_with("ModuleNotFoundError")),
        "{out:?}"
    );

    // Through the wasmtime CLI too, as the README shows.
    let wasm = wasm.display().to_string();
    assert_eq!(
        wasmtime(&["run", "--invoke", "eval(\"6 * 7\")", &wasm])?,
        "ok(\"42\")"
    );
    Ok(())
}

/// The hello component in Node: `jco transpile`, then `greet("x")`
/// (examples/jco/run_in_node.sh installs the pinned jco with npm if needed).
#[test]
fn hello_runs_in_node_via_jco() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let wasm = built_component(tmp.path(), "hello", &["-d", "wit", "componentize", "app"])?;
    let out = std::process::Command::new(example("jco").join("run_in_node.sh"))
        .arg(&wasm)
        .arg("x")
        .output()?;
    assert!(
        out.status.success(),
        "run_in_node.sh failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Hello, x!\n");
    Ok(())
}

/// An app written only against componentize-py's `poll_loop` API (the
/// shape of its http example) runs unchanged: streaming echo, timers, and an
/// outgoing request to a server on 127.0.0.1.
#[test]
fn poll_loop_app_runs_unchanged() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let app = test_artifacts::manifest_dir().join("tests/apps/poll_loop_http");
    let wasm = tmp.path().join("poll_loop_http.wasm");
    let wasm_arg = wasm.display().to_string();
    py_wasm_ok(
        &app,
        &[
            "-w",
            "wasi:http/proxy@0.2.0",
            "componentize",
            "app",
            "-o",
            &wasm_arg,
        ],
    )?;
    let server = serve(&wasm)?;

    let r = request(server.port, "POST", "/echo", b"streamed back")?;
    assert_eq!((r.status, r.body.as_str()), (200, "streamed back"));
    let r = request(server.port, "GET", "/sleep", b"")?;
    assert_eq!((r.status, r.body.as_str()), (200, "slept"));

    // A one-shot origin server for the component's outgoing request.
    let origin = std::net::TcpListener::bind("127.0.0.1:0")?;
    let origin_port = origin.local_addr()?.port();
    let answered = std::thread::spawn(move || -> std::io::Result<()> {
        use std::io::{Read, Write};
        let (mut conn, _) = origin.accept()?;
        let mut buf = [0u8; 4096];
        let _ = conn.read(&mut buf)?;
        conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
    });
    let r = request_with(
        server.port,
        "GET",
        "/fetch",
        &[("url", &format!("http://127.0.0.1:{origin_port}/greeting"))],
        b"",
    )?;
    answered.join().map_err(|_| "origin thread panicked")??;
    // sha256("hello")
    assert_eq!(
        (r.status, r.body.as_str()),
        (
            200,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        )
    );
    let r = request(server.port, "GET", "/other", b"")?;
    assert_eq!(r.status, 400);
    Ok(())
}
