//! Helpers of the integration tests: the toolchain directory and the pinned
//! wasmtime CLI (both built by Bazel, like tests/roundtrip's harness does),
//! running the `py-wasm` binary, and a minimal HTTP client.
//!
//! Nothing is skipped: a missing tool is built or installed here, and a
//! failure to do so fails the test with the command's output.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Result type of the tests.
pub type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// The repository root.
pub fn repo_root() -> PathBuf {
    test_artifacts::repo_root()
}

/// `examples/<name>`.
pub fn example(name: &str) -> PathBuf {
    repo_root().join("examples").join(name)
}

fn run_checked(cmd: &mut Command, what: &str) -> TestResult<String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {what} ({cmd:?}): {e}; run scripts/setup.sh first"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn bazel(args: &[&str], what: &str) -> TestResult<String> {
    let bazel = std::env::var("BAZEL").unwrap_or_else(|_| "bazel".to_string());
    run_checked(
        Command::new(bazel).current_dir(repo_root()).args(args),
        what,
    )
}

/// What Bazel built for the tests.
pub struct Built {
    /// A toolchain directory in py-wasm's layout (symlinks into bazel-bin).
    pub toolchain: PathBuf,
    /// The pinned wasmtime CLI.
    pub wasmtime: PathBuf,
}

static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();

/// Builds the runtime, CPython and wasmtime with Bazel (cached), once per
/// test process.
pub fn built() -> TestResult<&'static Built> {
    match BUILT.get_or_init(|| build().map_err(|e| e.to_string())) {
        Ok(b) => Ok(b),
        Err(e) => Err(format!("building the toolchain failed:\n{e}").into()),
    }
}

fn build() -> TestResult<Built> {
    bazel(
        &[
            "build",
            "//runtime:runtime",
            "//third_party/cpython:toolchain",
            "@wasmtime_cli//:wasmtime",
        ],
        "bazel build (runtime, CPython, wasmtime)",
    )?;
    let bin = PathBuf::from(bazel(&["info", "bazel-bin"], "bazel info bazel-bin")?);
    let external =
        PathBuf::from(bazel(&["info", "output_base"], "bazel info output_base")?).join("external");
    // target/<profile>/deps/<test binary> -> target/<profile>/py-wasm-toolchain
    let exe = std::env::current_exe()?;
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("unexpected test binary location")?;
    let toolchain = profile.join("py-wasm-toolchain");
    let lib = toolchain.join("lib");
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
        (
            bin.join("third_party/cpython/stdlib"),
            toolchain.join("python"),
        ),
    ];
    for name in py_wasm::toolchain::LIBRARIES.iter().skip(1) {
        links.push((libc.join(name), lib.join(name)));
    }
    for (target, link) in links {
        if !target.exists() {
            return Err(format!("the Bazel build did not produce {}", target.display()).into());
        }
        if std::fs::read_link(&link).ok().as_deref() == Some(target.as_path()) {
            continue;
        }
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link)?;
    }
    let wasmtime = external.join("wasmtime_cli/wasmtime_cli/wasmtime");
    if !wasmtime.is_file() {
        return Err(format!("no wasmtime CLI at {}", wasmtime.display()).into());
    }
    Ok(Built {
        toolchain,
        wasmtime,
    })
}

/// Runs `py-wasm --toolchain-dir <built> ARGS` in `cwd`.
pub fn py_wasm(cwd: &Path, args: &[&str]) -> TestResult<Output> {
    let built = built()?;
    Ok(Command::new(env!("CARGO_BIN_EXE_py-wasm"))
        .current_dir(cwd)
        .arg("--toolchain-dir")
        .arg(&built.toolchain)
        .args(args)
        .output()?)
}

/// Like [`py_wasm`], but fails unless it succeeds.
pub fn py_wasm_ok(cwd: &Path, args: &[&str]) -> TestResult<Output> {
    let out = py_wasm(cwd, args)?;
    if !out.status.success() {
        return Err(format!(
            "py-wasm {args:?} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(out)
}

/// `wasmtime ARGS`, its stdout; fails unless it succeeds.
pub fn wasmtime(args: &[&str]) -> TestResult<String> {
    let built = built()?;
    run_checked(Command::new(&built.wasmtime).args(args), "wasmtime")
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> TestResult<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// A `wasmtime serve` child process, killed when dropped.
pub struct Server {
    child: std::process::Child,
    /// The port it listens on.
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `wasmtime serve -S cli` on `component` and waits until it accepts
/// connections.
pub fn serve(component: &Path) -> TestResult<Server> {
    let built = built()?;
    let port = free_port()?;
    let child = Command::new(&built.wasmtime)
        .args(["serve", "-S", "cli", "--addr"])
        .arg(format!("127.0.0.1:{port}"))
        .arg(component)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    let mut server = Server { child, port };
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = server.child.try_wait()? {
            return Err(format!("wasmtime serve exited early ({status})").into());
        }
        if start.elapsed() > Duration::from_secs(120) {
            return Err("wasmtime serve did not start listening within 120 s".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(server)
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The body (de-chunked).
    pub body: String,
}

/// Sends one HTTP/1.1 request (`Connection: close`) and reads the response.
pub fn request(port: u16, method: &str, path: &str, body: &[u8]) -> TestResult<Response> {
    request_with(port, method, path, &[], body)
}

/// [`request`] with extra headers.
pub fn request_with(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> TestResult<Response> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         {extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("malformed HTTP response: {text:?}"))?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no status in {head:?}"))?;
    let chunked = head
        .lines()
        .any(|l| l.eq_ignore_ascii_case("transfer-encoding: chunked"));
    let body = if chunked {
        dechunk(rest)?
    } else {
        rest.to_string()
    };
    Ok(Response { status, body })
}

fn dechunk(mut rest: &str) -> TestResult<String> {
    let mut out = String::new();
    loop {
        let (size, after) = rest.split_once("\r\n").ok_or("truncated chunk")?;
        let size = usize::from_str_radix(size.trim(), 16)?;
        if size == 0 {
            return Ok(out);
        }
        out.push_str(after.get(..size).ok_or("truncated chunk")?);
        rest = after.get(size + 2..).ok_or("truncated chunk")?;
    }
}
