//! The `glue-gen` command: see the library documentation.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

/// Generates the canonical-ABI glue library for a WIT world, its metadata
/// (glue-meta.json) and the C header the runtime compiles against.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(flatten)]
    wit: glue_gen::WitOptions,
    /// Where to write the glue library (`libpy_wasm_glue.so`).
    #[arg(long, value_name = "PATH")]
    glue_out: Option<PathBuf>,
    /// Where to write glue-meta.json.
    #[arg(long, value_name = "PATH")]
    meta_out: Option<PathBuf>,
    /// Where to write wit_dylib.h (the runtime's ABI header).
    #[arg(long, value_name = "PATH")]
    header_out: Option<PathBuf>,
    /// Where to write a relocatable object holding only the world's
    /// `component-type` section (link it into a C program with clang).
    #[arg(long, value_name = "PATH")]
    component_type_object: Option<PathBuf>,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    if let Some(path) = &cli.header_out {
        write(path, glue_gen::C_HEADER.as_bytes())?;
    }
    let want_glue = cli.glue_out.is_some() || cli.meta_out.is_some();
    if !want_glue && cli.header_out.is_some() && cli.component_type_object.is_none() {
        return Ok(());
    }
    if !want_glue {
        // Only the component type: it describes the world as written, so it
        // also serves worlds glue-gen makes no glue for (e.g. a C program
        // with its own `py-wasm-init` export).
        if let Some(path) = &cli.component_type_object {
            let loaded = glue_gen::load(&cli.wit).map_err(|e| e.to_string())?;
            let object = glue_gen::component_type_object(&loaded.resolve, loaded.world)
                .map_err(|e| e.to_string())?;
            return write(path, &object);
        }
    }
    let outputs = glue_gen::run(&glue_gen::Options {
        wit: cli.wit,
        glue: glue_gen::GlueOptions::default(),
    })
    .map_err(|e| e.to_string())?;
    if let Some(path) = &cli.glue_out {
        write(path, &outputs.glue)?;
    }
    if let Some(path) = &cli.meta_out {
        write(path, &outputs.meta.to_json())?;
    }
    if let Some(path) = &cli.component_type_object {
        write(path, &outputs.component_type_object)?;
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
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
