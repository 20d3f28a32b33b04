//! The `py-wasm` command: see the library documentation and `py_wasm::cli`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use py_wasm::cli::{Cli, Command, Componentize};
use py_wasm::{ComponentizeOptions, Event, Progress, Stage, Toolchain};

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), py_wasm::Error> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let world = cli.world_options(&cwd);
    match &cli.command {
        Command::Bindings { output_dir } => {
            let files = py_wasm::bindings(&world)?;
            files.write_into(output_dir)?;
            Ok(())
        }
        Command::Componentize(args) => componentize(&cli, args, world),
    }
}

fn componentize(
    cli: &Cli,
    args: &Componentize,
    world: py_wasm::WorldOptions,
) -> Result<(), py_wasm::Error> {
    let env = std::env::var_os("PY_WASM_TOOLCHAIN").map(PathBuf::from);
    let exe = std::env::current_exe().ok();
    let toolchain =
        Toolchain::locate(cli.toolchain_dir.as_deref(), env.as_deref(), exe.as_deref())?;
    let opts = ComponentizeOptions {
        world,
        app: args.app.clone(),
        python_path: args.python_path.clone(),
        stub_wasi: args.stub_wasi,
        cjk_codecs: args.cjk_codecs,
        toolchain,
    };
    // Before the build, so that a bad -o does not cost one.
    check_output(&args.output)?;
    let mut terminal = Terminal {
        show: !cli.quiet && std::io::stderr().is_terminal(),
    };
    let outputs = py_wasm::componentize(&opts, &mut terminal)?;
    if !cli.quiet {
        print!("{}", outputs.stdout);
        eprint!("{}", outputs.stderr);
    }
    write_output(&args.output, &outputs.component)?;
    if terminal.show {
        let mib = outputs.component.len() as f64 / (1024.0 * 1024.0);
        eprintln!(
            "{}: {} ({mib:.1} MiB)",
            outputs.world,
            args.output.display()
        );
    }
    if !cli.quiet {
        println!("Component built successfully");
    }
    Ok(())
}

/// Fails early when `path` cannot become a file: it is a directory, or
/// the nearest of its ancestors that exists is not one.
fn check_output(path: &Path) -> Result<(), py_wasm::Error> {
    let problem = |problem: String| py_wasm::Error::Output {
        path: path.to_path_buf(),
        problem,
    };
    if path.is_dir() {
        return Err(problem("it is a directory".to_string()));
    }
    let existing = path
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .find(|a| a.exists());
    match existing {
        Some(dir) if !dir.is_dir() => Err(problem(format!("{} is not a directory", dir.display()))),
        _ => Ok(()),
    }
}

fn write_output(path: &Path, bytes: &[u8]) -> Result<(), py_wasm::Error> {
    let problem = |source: std::io::Error| py_wasm::Error::Output {
        path: path.to_path_buf(),
        problem: source.to_string(),
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(problem)?;
    }
    std::fs::write(path, bytes).map_err(problem)
}

/// Progress lines on stderr, when it is a terminal and `-q` is not given.
struct Terminal {
    show: bool,
}

impl Progress for Terminal {
    fn event(&mut self, event: Event) {
        if !self.show {
            return;
        }
        let total = Stage::ALL.len();
        let mut err = std::io::stderr().lock();
        // Progress is best effort: a closed stderr must not fail the build.
        let _ = match event {
            Event::Discovered { what, value } => writeln!(err, "{what}: {value}"),
            Event::Started(stage) => {
                write!(err, "[{}/{total}] {:<9} ...", stage.number(), stage.name())
                    .and_then(|()| err.flush())
            }
            Event::Finished {
                stage,
                detail,
                elapsed,
            } => writeln!(
                err,
                "\r\x1b[K[{}/{total}] {:<9} {detail} ({:.1} s)",
                stage.number(),
                stage.name(),
                elapsed.as_secs_f64()
            ),
        };
    }
}
