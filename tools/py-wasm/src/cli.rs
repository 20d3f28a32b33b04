//! The command line: componentize-py's, unchanged, so build scripts work by
//! swapping the binary name; plus `--toolchain-dir`.
//!
//! ```text
//! py-wasm [-d WIT]... [-w WORLD]... [--world-module M] [--full-names]
//!         [--import-interface-name K=V]... [--export-interface-name K=V]...
//!         [--features A,B] [--all-features] [-q] [--toolchain-dir DIR]
//!         componentize APP [-p DIR]... [-o OUT] [-s]
//! py-wasm [global options] bindings DIR
//! ```
//!
//! As in componentize-py, the global options go before the subcommand, `-p`
//! defaults to `.`, `-o` to `index.wasm`, and without `-d` a `./wit`
//! directory is used if there is one. Unlike componentize-py, the WASI 0.2
//! packages are built in (`-w wasi:http/proxy` needs no `-d`), and no
//! site-packages directory is added behind the user's back: list every
//! Python-path directory with `-p`.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::{KeyValue, WorldOptions};

/// Builds WebAssembly components from Python apps and WIT worlds
/// (componentize-py compatible).
#[derive(Debug, Parser)]
#[command(name = "py-wasm", version)]
pub struct Cli {
    /// A WIT file or directory (repeatable). Default: `./wit` if it exists.
    /// The WASI 0.2 packages are built in.
    #[arg(short = 'd', long = "wit-path", value_name = "PATH")]
    pub wit_path: Vec<PathBuf>,
    /// The world to target: `name`, `ns:pkg/name` or `ns:pkg/name@version`
    /// (repeatable; several worlds are merged).
    #[arg(short = 'w', long = "world", value_name = "NAME")]
    pub world: Vec<String>,
    /// Name of the generated Python package (default `wit_world`).
    #[arg(long, value_name = "NAME")]
    pub world_module: Option<String>,
    /// Python module name of an imported interface, e.g.
    /// `wasi:http/types@0.2.0=http_types` (repeatable).
    #[arg(long = "import-interface-name", value_name = "KEY=NAME")]
    pub import_interface_name: Vec<KeyValue>,
    /// Python module name of an exported interface (repeatable).
    #[arg(long = "export-interface-name", value_name = "KEY=NAME")]
    pub export_interface_name: Vec<KeyValue>,
    /// Always qualify interface module names with package and version.
    #[arg(long)]
    pub full_names: bool,
    /// Enable these `@unstable` WIT features.
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub features: Vec<String>,
    /// Enable every `@unstable` WIT feature.
    #[arg(long)]
    pub all_features: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// The toolchain directory (default: `$PY_WASM_TOOLCHAIN`, else
    /// `share/py-wasm` next to the executable's `bin/`).
    #[arg(long, value_name = "DIR")]
    pub toolchain_dir: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a component from a Python app.
    Componentize(Componentize),
    /// Generate typed Python bindings (every function body raises
    /// NotImplementedError) for IDEs and type checkers such as mypy.
    Bindings {
        /// Where to write them; generated files are replaced, others kept.
        #[arg(value_name = "DIR")]
        output_dir: PathBuf,
    },
}

/// `componentize`'s arguments.
#[derive(Debug, Args)]
pub struct Componentize {
    /// The app module: it must define the classes the world's exports need
    /// (e.g. `WitWorld`, `Run`, `IncomingHandler`).
    #[arg(value_name = "APP_NAME")]
    pub app: String,
    /// A directory of the app's Python path (repeatable, in order).
    #[arg(
        short = 'p',
        long = "python-path",
        value_name = "DIR",
        default_value = "."
    )]
    pub python_path: Vec<PathBuf>,
    /// Where to write the component.
    #[arg(short, long, value_name = "PATH", default_value = "index.wasm")]
    pub output: PathBuf,
    /// Make every WASI import trap: the component imports nothing from WASI
    /// (for sandboxes).
    #[arg(short = 's', long)]
    pub stub_wasi: bool,
    /// Link the CJK codecs (gbk, big5, shift_jis, euc_kr, ...: ~0.7 MB),
    /// which the toolchain's libpython does not build in (not a
    /// componentize-py option).
    #[arg(long)]
    pub cjk_codecs: bool,
}

impl Cli {
    /// The world options; `cwd` is where a default `wit` directory is
    /// looked for.
    pub fn world_options(&self, cwd: &Path) -> WorldOptions {
        let mut paths = self.wit_path.clone();
        let default_wit = cwd.join("wit");
        if paths.is_empty() && default_wit.is_dir() {
            paths.push(default_wit);
        }
        WorldOptions {
            wit: glue_gen::WitOptions {
                paths,
                worlds: self.world.clone(),
                features: self.features.clone(),
                all_features: self.all_features,
            },
            world_module: self.world_module.clone(),
            import_interface_names: self.import_interface_name.clone(),
            export_interface_names: self.export_interface_name.clone(),
            full_names: self.full_names,
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

    #[test]
    fn accepts_componentize_py_arguments() {
        let cli = Cli::try_parse_from([
            "py-wasm",
            "-d",
            "wit",
            "-d",
            "more",
            "-w",
            "a:b/c",
            "-w",
            "d",
            "--world-module",
            "my_world",
            "--import-interface-name",
            "a:b/i=ii",
            "--export-interface-name",
            "e=ee",
            "--full-names",
            "--features",
            "x,y",
            "--all-features",
            "-q",
            "componentize",
            "app",
            "-p",
            ".",
            "-p",
            "deps",
            "-o",
            "out.wasm",
            "-s",
            "--cjk-codecs",
        ])
        .unwrap();
        let world = cli.world_options(Path::new("/nonexistent"));
        assert_eq!(
            world.wit.paths,
            [PathBuf::from("wit"), PathBuf::from("more")]
        );
        assert_eq!(world.wit.worlds, ["a:b/c", "d"]);
        assert_eq!(world.wit.features, ["x", "y"]);
        assert!(world.wit.all_features && world.full_names && cli.quiet);
        assert_eq!(world.world_module(), "my_world");
        assert_eq!(world.import_interface_names[0].value, "ii");
        let Command::Componentize(c) = cli.command else {
            panic!("not componentize");
        };
        assert_eq!(c.python_path, [PathBuf::from("."), PathBuf::from("deps")]);
        assert_eq!(c.output, PathBuf::from("out.wasm"));
        assert!(c.stub_wasi && c.cjk_codecs);
    }

    #[test]
    fn defaults_match_componentize_py() {
        let cli = Cli::try_parse_from(["py-wasm", "componentize", "app"]).unwrap();
        let Command::Componentize(c) = cli.command else {
            panic!("not componentize");
        };
        assert_eq!(c.python_path, [PathBuf::from(".")]);
        assert_eq!(c.output, PathBuf::from("index.wasm"));
        assert!(!c.stub_wasi && !c.cjk_codecs);
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("wit")).unwrap();
        let cli = Cli::try_parse_from(["py-wasm", "bindings", "out"]).unwrap();
        assert_eq!(
            cli.world_options(tmp.path()).wit.paths,
            [tmp.path().join("wit")]
        );
        assert_eq!(
            cli.world_options(Path::new("/nonexistent")).world_module(),
            "wit_world"
        );
    }
}
