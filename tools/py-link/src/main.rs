//! The `py-link` command: see the library documentation.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use py_link::NamedPath;

/// Links a Python component: libraries in the given order, native extensions
/// as dl-openable libraries, and the preview1 reactor adapter.
#[derive(Parser)]
#[command(version)]
struct Cli {
    /// A library, in link order: NAME=PATH (NAME is the `dylink.0` name,
    /// e.g. `libc.so`).
    #[arg(long = "lib", value_name = "NAME=PATH")]
    libraries: Vec<NamedPath>,
    /// An extra dl-openable library: GUEST_PATH=PATH.
    #[arg(long = "dl-openable", value_name = "GUEST_PATH=PATH")]
    dl_openable: Vec<NamedPath>,
    /// A Python-path directory to scan for native extensions:
    /// GUEST_DIR=HOST_DIR.
    #[arg(long = "python-path", value_name = "GUEST_DIR=HOST_DIR")]
    python_path: Vec<NamedPath>,
    /// The preview1 reactor adapter (default: the pinned one built in).
    #[arg(long, value_name = "PATH")]
    adapter: Option<PathBuf>,
    /// Stack size of the component, in bytes.
    #[arg(long, value_name = "BYTES")]
    stack_size: Option<u32>,
    /// Where to write the component.
    #[arg(short, long, value_name = "PATH")]
    output: PathBuf,
    /// Where to write the link manifest (JSON).
    #[arg(long, value_name = "PATH")]
    manifest: Option<PathBuf>,
    /// Also link the component with every WASI import stubbed out (they
    /// trap), and write it here (componentize-py's `--stub-wasi`).
    #[arg(long, value_name = "PATH")]
    stub_wasi_output: Option<PathBuf>,
    /// Link every library as given. By default the code of libpython, libc
    /// and the other libraries that are not dl-openable and that no module
    /// can call is dropped first (see the manifest's `pruned`).
    #[arg(long)]
    keep_unused: bool,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let outputs = py_link::run(&py_link::Options {
        libraries: cli.libraries,
        dl_openable: cli.dl_openable,
        python_path: cli.python_path,
        adapter: cli.adapter,
        stack_size: cli.stack_size,
        stub_wasi: cli.stub_wasi_output.is_some(),
        keep_unused: cli.keep_unused,
    })?;
    std::fs::write(&cli.output, &outputs.component)
        .with_context(|| format!("cannot write {}", cli.output.display()))?;
    if let (Some(path), Some(stub)) = (&cli.stub_wasi_output, &outputs.stub_wasi_component) {
        std::fs::write(path, stub).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &cli.manifest {
        outputs
            .manifest
            .write(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
