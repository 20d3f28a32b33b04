//! Errors of py-wasm. Each is one paragraph: what is wrong and where (a file
//! and line when there is one), then what to do; evidence the guest printed
//! (a traceback, a WIT snippet) follows it.

use std::path::PathBuf;

use crate::app::ExportClass;

/// Why a `componentize` or `bindings` run failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The toolchain directory is missing or incomplete.
    #[error(
        "the py-wasm toolchain was not found: {} ({source}) has no {missing}. py-wasm needs \
         the WebAssembly runtime, libpython3.13.so, libc.so and the wasi-emulated libraries in \
         <dir>/lib, and the Python stdlib in <dir>/python. Build an installable tree with \
         `bazel build //tools/py-wasm:dist` and run `bazel-bin/tools/py-wasm/dist/bin/py-wasm`, \
         or point --toolchain-dir (or PY_WASM_TOOLCHAIN) at a directory with that layout",
        root.as_ref().map(|r| r.display().to_string()).unwrap_or_else(|| "<unknown>".to_string()),
        source = found_by
    )]
    Toolchain {
        /// The directory looked at.
        root: Option<PathBuf>,
        /// How it was chosen.
        found_by: String,
        /// The first missing piece.
        missing: String,
    },
    /// The WIT could not be loaded or the world selected (unknown world,
    /// syntax error, missing dependency: rendered with `file:line:col`).
    #[error("{0}")]
    Wit(#[from] glue_gen::WitError),
    /// The world uses something the toolchain cannot handle.
    #[error("{0}")]
    Glue(#[from] glue_gen::GlueError),
    /// The bindings could not be generated or written.
    #[error("{0}")]
    Bindings(#[from] wit_bindgen_py::BindgenError),
    /// Linking failed.
    #[error("{0}")]
    Link(#[from] py_link::LinkError),
    /// Pre-initialization failed in a way not explained more precisely below.
    #[error("{0}")]
    Preinit(#[from] py_preinit::PreinitError),
    /// No Python-path directory has the app module.
    #[error(
        "the app module `{app}` was not found: none of the Python-path directories ({}) has \
         {candidates}. Pass the directory that contains it with -p/--python-path, or fix the \
         module name after `componentize`",
        list(searched)
    )]
    AppNotFound {
        /// The module name.
        app: String,
        /// The directories searched.
        searched: Vec<PathBuf>,
        /// The file names tried, for the message.
        candidates: String,
    },
    /// The app lacks a class the world's exports need.
    #[error(
        "the app `{app}` does not define the class `{}`, which implements {}: add \
         `class {}({})` at the top level of {}{}",
        class.class,
        class.what,
        class.class,
        class.protocol,
        file.display(),
        lookup_hint(class)
    )]
    ExportClassMissing {
        /// The module.
        app: String,
        /// The class and what it implements.
        class: Box<ExportClass>,
        /// The file to put it in.
        file: PathBuf,
    },
    /// A Python file of the app does not parse.
    #[error(
        "{}:{line}: {exception} (while importing the app `{app}`). Fix the Python source at \
         that line{excerpt}",
        file.display()
    )]
    PythonSyntax {
        /// The app module.
        app: String,
        /// The file on the build host.
        file: PathBuf,
        /// The line.
        line: u32,
        /// `SyntaxError: message`, `IndentationError: …`.
        exception: String,
        /// The offending line and caret, as Python printed them (starts with
        /// a newline; may be empty).
        excerpt: String,
    },
    /// The app (or something it imports) imports a module that is not on
    /// the Python path.
    #[error(
        "importing the app `{app}` failed: there is no module `{module}` on the Python path \
         ({}, then the stdlib). py-wasm adds no site-packages directory by itself: pass the \
         directory that contains `{module}` with -p/--python-path (a package with native \
         extensions must be built for wasm32-wasi)\n{traceback}",
        list(searched)
    )]
    ModuleMissing {
        /// The app module.
        app: String,
        /// The missing module.
        module: String,
        /// The Python path.
        searched: Vec<PathBuf>,
        /// The traceback, with build-host paths.
        traceback: String,
    },
    /// Importing the app raised.
    #[error(
        "importing the app `{app}` raised {exception}. Code at the top level of the app runs \
         at build time (pre-initialization); fix the error shown in the traceback, or move \
         that code into an export\n{traceback}"
    )]
    AppRaised {
        /// The app module.
        app: String,
        /// `Type: message`.
        exception: String,
        /// The traceback, with guest paths replaced by build-host paths.
        traceback: String,
    },
    /// An export method's parameters do not match its WIT function (the
    /// runtime checks each export when it loads the app).
    #[error("the app `{app}` does not fit its world: {message}")]
    ExportSignature {
        /// The app module.
        app: String,
        /// The runtime's message: the method, the WIT function, and the
        /// signature the world declares.
        message: String,
    },
    /// The component cannot be written where `-o` says.
    #[error(
        "cannot write the component to {}: {problem}; pass -o/--output a path \
         in a writable directory",
        path.display()
    )]
    Output {
        /// The `-o` path.
        path: PathBuf,
        /// What is in the way.
        problem: String,
    },
    /// A file could not be read or written.
    #[error("cannot {what} {}: {source}", path.display())]
    Io {
        /// What was being done ("write", "create").
        what: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Where the runtime looks an exported resource's class up.
fn lookup_hint(class: &ExportClass) -> String {
    match &class.module {
        None => String::new(),
        Some(module) => format!(
            " (the runtime looks exported resources up in the top-level module `{module}`, \
             named after the interface)"
        ),
    }
}

fn list(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "none exists".to_string();
    }
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<glue_gen::Error> for Error {
    fn from(e: glue_gen::Error) -> Error {
        match e {
            glue_gen::Error::Wit(e) => Error::Wit(e),
            glue_gen::Error::Glue(e) => Error::Glue(e),
            other => Error::Glue(glue_gen::GlueError::Encode {
                stage: "glue-gen",
                world: String::new(),
                message: other.to_string(),
            }),
        }
    }
}

/// An I/O error constructor for `map_err`.
pub(crate) fn io(
    what: &'static str,
    path: &std::path::Path,
) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Io { what, path, source }
}
