//! The `py-preinit` command: see the library documentation.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

/// Runs a linked Python component's `py-wasm-init` export in wasmtime and
/// writes a component that starts from the resulting snapshot.
#[derive(Parser)]
#[command(version)]
struct Cli {
    /// The linked component (py-link's output).
    component: PathBuf,
    /// Only compile COMPONENT for the init, and write that to --output
    /// (for --precompiled: once per linked component, shared by every app
    /// pre-initialized from it).
    #[arg(long, conflicts_with_all = ["app", "stdlib", "bindings", "python_path", "precompiled", "stub_wasi_component", "init_log"])]
    precompile: bool,
    /// The app's module name.
    #[arg(long, value_name = "MODULE", required_unless_present = "precompile")]
    app: Option<String>,
    /// The stdlib directory (mapped at /python during init).
    #[arg(long, value_name = "DIR", required_unless_present = "precompile")]
    stdlib: Option<PathBuf>,
    /// The real-mode bindings directory (mapped at /bindings during init).
    #[arg(long, value_name = "DIR", required_unless_present = "precompile")]
    bindings: Option<PathBuf>,
    /// COMPONENT as compiled by `py-preinit --precompile` (used instead of
    /// compiling it again, unless it was compiled for another CPU).
    #[arg(long, value_name = "PATH")]
    precompiled: Option<PathBuf>,
    /// A directory of the app's Python path, in order (the i-th is mapped
    /// at /app/<i> during init).
    #[arg(short = 'p', long = "python-path", value_name = "DIR")]
    python_path: Vec<PathBuf>,
    /// The --stub-wasi twin of the component (py-link --stub-wasi-output):
    /// the init runs in COMPONENT, the snapshot is written into this one.
    #[arg(long, value_name = "PATH")]
    stub_wasi_component: Option<PathBuf>,
    /// Also write what the app printed while it was imported (stdout, then
    /// stderr) to this file.
    #[arg(long, value_name = "PATH")]
    init_log: Option<PathBuf>,
    /// Where to write the pre-initialized component.
    #[arg(short, long, value_name = "PATH")]
    output: PathBuf,
    /// Do not pass on what the app printed while it was imported (by
    /// default it is shown, as build output).
    #[arg(short, long)]
    quiet: bool,
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
    if cli.precompile {
        let code = py_preinit::precompiled::precompile(&py_preinit::read(&cli.component)?)?;
        return std::fs::write(&cli.output, code)
            .with_context(|| format!("cannot write {}", cli.output.display()));
    }
    // clap requires these unless --precompile is given.
    let (Some(app), Some(stdlib), Some(bindings)) = (cli.app, cli.stdlib, cli.bindings) else {
        anyhow::bail!("--app, --stdlib and --bindings are required to pre-initialize");
    };
    let outputs = py_preinit::run(&py_preinit::Options {
        component: cli.component,
        app,
        stdlib,
        bindings,
        python_path: cli.python_path,
        stub_wasi_component: cli.stub_wasi_component,
        precompiled: cli.precompiled,
    })?;
    if !cli.quiet {
        print!("{}", outputs.stdout);
        eprint!("{}", outputs.stderr);
    }
    if let Some(path) = &cli.init_log {
        let log = format!("{}{}", outputs.stdout, outputs.stderr);
        std::fs::write(path, log).with_context(|| format!("cannot write {}", path.display()))?;
    }
    std::fs::write(&cli.output, &outputs.component)
        .with_context(|| format!("cannot write {}", cli.output.display()))?;
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
