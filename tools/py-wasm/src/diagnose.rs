//! Turns a failed pre-initialization into an error about the app.
//!
//! When importing the app fails, the runtime prints the Python traceback to
//! the guest's stderr and aborts; py-preinit reports that as
//! `PreinitError::InitFailed` with the guest's output. Here the last
//! traceback is read back, its guest paths (`/app/<i>/…`, `/python/…`,
//! `/bindings/…`, see docs/design.md) are mapped to the files on the build
//! host, and the exception decides the error: a syntax error names
//! `file:line`, a missing export class names the class and the file to put
//! it in, a missing module says to pass its directory with `-p`, anything
//! else is "importing the app raised" with the traceback. (The bindings are
//! generated into a scratch directory that is gone by then; their frames
//! show as `<generated bindings>/…`.)

use std::path::{Path, PathBuf};

use py_preinit::PreinitError;

use crate::app::{class_file, AppModule, ExportClass};
use crate::Error;

/// What the guest paths and class names of a traceback refer to.
pub struct Context<'a> {
    /// The app module name.
    pub app: &'a str,
    /// Where it was found.
    pub app_module: &'a AppModule,
    /// The (existing) Python path, in order: entry `i` is `/app/<i>`.
    pub python_path: &'a [PathBuf],
    /// The stdlib directory (`/python`).
    pub stdlib: &'a Path,
    /// The classes the world's exports need.
    pub classes: &'a [ExportClass],
}

/// The last exception the guest printed, with its traceback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traceback {
    /// Every line of the traceback, the exception line included.
    pub lines: Vec<String>,
    /// The exception type (`ZeroDivisionError`, `SyntaxError`).
    pub kind: String,
    /// The exception message (may be empty).
    pub message: String,
}

const SYNTAX_ERRORS: &[&str] = &["SyntaxError", "IndentationError", "TabError"];

/// How the runtime's TypeError for an export method whose parameters do not
/// match its WIT function begins (runtime/src/init.c, `check_arity`).
const ARITY_PREFIX: &str = "the app's `";

/// Maps a py-preinit error to the most precise [`Error`].
pub fn preinit_failure(error: PreinitError, cx: &Context<'_>) -> Error {
    let stderr = match &error {
        PreinitError::InitFailed { output, .. } => guest_stderr(output),
        _ => None,
    };
    let Some(tb) = stderr.as_deref().and_then(last_traceback) else {
        return Error::Preinit(error);
    };
    if let Some(missing) = missing_class(&tb, cx) {
        return missing;
    }
    if tb.kind == "TypeError" && tb.message.starts_with(ARITY_PREFIX) {
        return Error::ExportSignature {
            app: cx.app.to_string(),
            message: tb.message.clone(),
        };
    }
    if SYNTAX_ERRORS.contains(&tb.kind.as_str()) {
        if let Some(e) = syntax_error(&tb, cx) {
            return e;
        }
    }
    let traceback = tb
        .lines
        .iter()
        .map(|l| map_paths(l, cx))
        .collect::<Vec<_>>()
        .join("\n");
    let missing = tb
        .message
        .strip_prefix("No module named '")
        .and_then(|rest| rest.strip_suffix('\''));
    if let (true, Some(module)) = (tb.kind == "ModuleNotFoundError", missing) {
        return Error::ModuleMissing {
            app: cx.app.to_string(),
            module: module.to_string(),
            searched: cx.python_path.to_vec(),
            traceback,
        };
    }
    Error::AppRaised {
        app: cx.app.to_string(),
        exception: exception_line(&tb),
        traceback,
    }
}

/// The guest's stderr inside py-preinit's formatted output.
fn guest_stderr(output: &str) -> Option<String> {
    let start = output.find("--- guest stderr ---\n")? + "--- guest stderr ---\n".len();
    let rest = &output[start..];
    let end = rest.find("\n--- guest stdout ---").unwrap_or(rest.len());
    Some(rest[..end].to_string())
}

/// The last exception block of `text`: the exception line (`Type: message`,
/// not indented) with the frames and code lines above it, back to its
/// `Traceback (most recent call last):` header if it has one. A syntax error
/// has no header (just `File "…", line N`, the code and a caret); an
/// exception raised from C code may have no frames at all. Lines of the
/// runtime's own (`py-wasm: …`) are never exception lines.
pub fn last_traceback(text: &str) -> Option<Traceback> {
    let lines: Vec<&str> = text.lines().collect();
    let (end, kind, message) = lines
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, line)| exception(line).map(|(k, m)| (i, k, m)))?;
    let mut start = end;
    while start > 0 && lines[start - 1].starts_with(' ') {
        start -= 1;
    }
    if start > 0 && lines[start - 1].starts_with("Traceback (most recent call last):") {
        start -= 1;
    }
    if start == end && !(kind.ends_with("Error") || kind.ends_with("Exception")) {
        return None;
    }
    Some(Traceback {
        lines: lines[start..=end].iter().map(|l| l.to_string()).collect(),
        kind,
        message,
    })
}

/// `Type: message` / `pkg.Type: message` / `Type` → (`Type`, message).
fn exception(line: &str) -> Option<(String, String)> {
    if line.starts_with(' ') || line.starts_with("py-wasm:") {
        return None;
    }
    let (qualified, message) = match line.split_once(": ") {
        Some((k, m)) => (k, m),
        None => (line, ""),
    };
    let is_name = |part: &str| {
        part.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if !qualified.split('.').all(is_name) {
        return None;
    }
    let kind = qualified.rsplit('.').next().unwrap_or(qualified);
    let looks_like_exception = [
        "Error",
        "Exception",
        "Exit",
        "Interrupt",
        "Iteration",
        "Warning",
    ]
    .iter()
    .any(|suffix| kind.ends_with(suffix));
    looks_like_exception.then(|| (kind.to_string(), message.to_string()))
}

fn exception_line(tb: &Traceback) -> String {
    if tb.message.is_empty() {
        tb.kind.clone()
    } else {
        format!("{}: {}", tb.kind, tb.message)
    }
}

/// `AttributeError: module 'app' has no attribute 'Run'` (or `No module
/// named 'shapes'` for an exported resource's module), when the name is one
/// the exports need.
fn missing_class(tb: &Traceback, cx: &Context<'_>) -> Option<Error> {
    let quoted = |s: &str| format!("'{s}'");
    let class = cx.classes.iter().find(|c| {
        let module = c.module.as_deref().unwrap_or(cx.app);
        let attr = tb.kind == "AttributeError"
            && tb.message.starts_with(&format!(
                "module {} has no attribute {}",
                quoted(module),
                quoted(&c.class)
            ));
        let no_module = c.module.is_some()
            && tb.kind == "ModuleNotFoundError"
            && tb.message == format!("No module named {}", quoted(module));
        attr || no_module
    })?;
    Some(Error::ExportClassMissing {
        app: cx.app.to_string(),
        class: Box::new(class.clone()),
        file: class_file(class, cx.app_module, cx.python_path),
    })
}

fn syntax_error(tb: &Traceback, cx: &Context<'_>) -> Option<Error> {
    let at = tb
        .lines
        .iter()
        .rposition(|l| l.trim_start().starts_with("File \""))?;
    let (file, line) = parse_frame(&tb.lines[at])?;
    let excerpt: String = tb.lines[at + 1..tb.lines.len() - 1]
        .iter()
        .map(|l| format!("\n{l}"))
        .collect();
    Some(Error::PythonSyntax {
        app: cx.app.to_string(),
        file: host_path(&file, cx).unwrap_or_else(|| PathBuf::from(file)),
        line,
        exception: exception_line(tb),
        excerpt,
    })
}

/// `  File "/app/0/app.py", line 3[, in f]` → (`/app/0/app.py`, 3).
fn parse_frame(line: &str) -> Option<(String, u32)> {
    let rest = line.trim_start().strip_prefix("File \"")?;
    let (file, rest) = rest.split_once('"')?;
    let number = rest.strip_prefix(", line ")?;
    let number = number.split(',').next()?.trim();
    Some((file.to_string(), number.parse().ok()?))
}

/// The build-host file of a guest path, if it is under a mapped directory.
fn host_path(guest: &str, cx: &Context<'_>) -> Option<PathBuf> {
    if let Some(rest) = guest.strip_prefix("/app/") {
        let (index, rel) = rest.split_once('/')?;
        let dir = cx.python_path.get(index.parse::<usize>().ok()?)?;
        return Some(dir.join(rel));
    }
    if let Some(rel) = guest.strip_prefix("/python/") {
        return Some(cx.stdlib.join(rel));
    }
    let rel = guest.strip_prefix("/bindings/")?;
    Some(PathBuf::from("<generated bindings>").join(rel))
}

/// Replaces the guest path of a `File "…"` line with the host path.
fn map_paths(line: &str, cx: &Context<'_>) -> String {
    let Some((file, _)) = parse_frame(line) else {
        return line.to_string();
    };
    match host_path(&file, cx) {
        Some(host) => line.replacen(&file, &host.display().to_string(), 1),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx_with<'a>(
        module: &'a AppModule,
        path: &'a [PathBuf],
        classes: &'a [ExportClass],
    ) -> Context<'a> {
        Context {
            app: "app",
            app_module: module,
            python_path: path,
            stdlib: Path::new("/opt/share/py-wasm/python"),
            classes,
        }
    }

    fn init_failed(stderr: &str) -> PreinitError {
        PreinitError::InitFailed {
            app: "app".into(),
            summary: "x".into(),
            output: format!("\n--- guest stderr ---\n{stderr}\n--- guest stdout ---\nhi"),
        }
    }

    const RAISED: &str = "noise\nTraceback (most recent call last):\n  File \"/app/1/app.py\", line 3, in <module>\n    1 / 0\n    ~~^~~\nZeroDivisionError: division by zero\npy-wasm-init failed";

    #[test]
    fn reads_the_last_traceback() {
        let tb = last_traceback(RAISED).unwrap();
        assert_eq!(tb.kind, "ZeroDivisionError");
        assert_eq!(tb.message, "division by zero");
        assert_eq!(tb.lines.len(), 5);
        assert_eq!(last_traceback("no traceback here\nHello: world"), None);
        assert_eq!(last_traceback("py-wasm: ValueError: x"), None);
    }

    #[test]
    fn a_parameter_mismatch_is_not_an_import_error() {
        let module = AppModule {
            dir_index: 0,
            file: "/src/app.py".into(),
        };
        let path = [PathBuf::from("/src")];
        let stderr = "TypeError: the app's `WitWorld.greet(self)` cannot take the 1 \
                      argument(s) the WIT function `greet` passes: the world declares it as \
                      `greet(self, name)`; give it the same parameters\npy-wasm-init failed";
        let text = preinit_failure(init_failed(stderr), &cx_with(&module, &path, &[])).to_string();
        assert!(
            text.starts_with("the app `app` does not fit its world: the app's `WitWorld.greet"),
            "{text}"
        );
        assert!(!text.contains("top level"), "{text}");
    }

    #[test]
    fn an_exception_maps_guest_paths() {
        let module = AppModule {
            dir_index: 1,
            file: "/src/app.py".into(),
        };
        let path = [PathBuf::from("/deps"), PathBuf::from("/src")];
        let e = preinit_failure(init_failed(RAISED), &cx_with(&module, &path, &[]));
        let text = e.to_string();
        assert!(
            text.starts_with("importing the app `app` raised ZeroDivisionError: division by zero."),
            "{text}"
        );
        assert!(
            text.contains("File \"/src/app.py\", line 3, in <module>"),
            "{text}"
        );
    }

    #[test]
    fn a_syntax_error_names_file_and_line() {
        let stderr = "  File \"/app/0/app.py\", line 7\n    def greet(self, name: str) -> str\n                                     ^\nSyntaxError: expected ':'";
        let module = AppModule {
            dir_index: 0,
            file: "/src/app.py".into(),
        };
        let path = [PathBuf::from("/src")];
        let text = preinit_failure(init_failed(stderr), &cx_with(&module, &path, &[])).to_string();
        assert!(
            text.starts_with("/src/app.py:7: SyntaxError: expected ':'"),
            "{text}"
        );
        assert!(
            text.contains("\n    def greet(self, name: str) -> str\n"),
            "{text}"
        );
    }

    #[test]
    fn a_missing_export_class_names_class_and_file() {
        let stderr = "AttributeError: module 'app' has no attribute 'WitWorld'. Did you mean: 'wit_world'?\npy-wasm: py-wasm-init failed loading the app `app` and its bindings: AttributeError: module 'app' has no attribute 'WitWorld'";
        let module = AppModule {
            dir_index: 0,
            file: "/src/app.py".into(),
        };
        let path = [PathBuf::from("/src")];
        let classes = [ExportClass {
            class: "WitWorld".into(),
            module: None,
            what: "the world's exported function `greet`".into(),
            protocol: "wit_world.WitWorld".into(),
        }];
        let text =
            preinit_failure(init_failed(stderr), &cx_with(&module, &path, &classes)).to_string();
        assert!(text.starts_with("the app `app` does not define the class `WitWorld`, which implements the world's exported function `greet`: add `class WitWorld(wit_world.WitWorld)` at the top level of /src/app.py"), "{text}");
    }

    #[test]
    fn a_missing_module_says_to_pass_its_directory() {
        let stderr = "Traceback (most recent call last):\n  File \"/app/0/app.py\", line 1, in <module>\n    import numpy\nModuleNotFoundError: No module named 'numpy'";
        let module = AppModule {
            dir_index: 0,
            file: "/src/app.py".into(),
        };
        let path = [PathBuf::from("/src")];
        let text = preinit_failure(init_failed(stderr), &cx_with(&module, &path, &[])).to_string();
        assert!(text.starts_with("importing the app `app` failed: there is no module `numpy` on the Python path (/src, then the stdlib)"), "{text}");
        assert!(text.contains("File \"/src/app.py\", line 1"), "{text}");
    }

    #[test]
    fn other_failures_pass_through() {
        let module = AppModule {
            dir_index: 0,
            file: "/src/app.py".into(),
        };
        let e = PreinitError::Snapshot {
            message: "boom".into(),
        };
        let out = preinit_failure(e, &cx_with(&module, &[], &[]));
        assert!(matches!(out, Error::Preinit(_)));
    }
}
