//! The `wit-bindgen-py` command: see the library documentation.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Generates typed Python bindings (componentize-py layout) for a WIT world.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(flatten)]
    options: wit_bindgen_py::Options,
    /// The output directory; generated files are replaced, others kept.
    #[arg(short, long, value_name = "DIR")]
    out_dir: PathBuf,
    /// Do not write; fail if the directory's generated files differ.
    #[arg(long)]
    check: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let files = match wit_bindgen_py::run(&cli.options) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if cli.check {
        let stale = files.check(&cli.out_dir);
        if stale.is_empty() {
            return ExitCode::SUCCESS;
        }
        eprintln!(
            "error: generated files in {} are out of date:\n  {}\nRun wit-bindgen-py without --check",
            cli.out_dir.display(),
            stale.join("\n  ")
        );
        return ExitCode::FAILURE;
    }
    match files.write_into(&cli.out_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
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
