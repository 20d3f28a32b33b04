//! The stages, chained: each one is its tool's library `run()` with the
//! options the Bazel action of that tool passes (rules/private/actions/).
//! Files exist only where the next stage reads files (glue-meta.json, the
//! libraries, the bindings and the Python path that pre-init maps into the
//! guest), in one scratch directory removed afterwards.

use std::path::{Path, PathBuf};
use std::time::Instant;

use wit_bindgen_py::model::Model;

use crate::app;
use crate::error::io;
use crate::progress::{Event, Progress, Stage};
use crate::toolchain::RUNTIME;
use crate::{diagnose, ComponentizeOptions, Error, WorldOptions};

/// File name of the glue in the link (glue-gen's `RUNTIME_LIBRARY` needs it
/// next to the runtime).
const GLUE: &str = "libpy_wasm_glue.so";

/// What `componentize` produced.
#[derive(Debug)]
pub struct Outputs {
    /// The pre-initialized component.
    pub component: Vec<u8>,
    /// The world it implements (`ns:pkg/name@version`).
    pub world: String,
    /// Native extensions linked in (their guest paths).
    pub extensions: Vec<String>,
    /// What the app printed to stdout while it was imported.
    pub stdout: String,
    /// What the app printed to stderr while it was imported.
    pub stderr: String,
}

/// Stub-mode bindings for IDEs and type checkers (`bindings DIR`); the
/// caller writes them with `Files::write_into`.
pub fn bindings(world: &WorldOptions) -> Result<wit_bindgen_py::Files, Error> {
    Ok(wit_bindgen_py::run(
        &world.bindgen_options(wit_bindgen_py::Mode::Stub, None),
    )?)
}

/// Builds the component for `opts`, reporting progress.
pub fn componentize(
    opts: &ComponentizeOptions,
    progress: &mut dyn Progress,
) -> Result<Outputs, Error> {
    let mut python_path: Vec<PathBuf> = opts
        .python_path
        .iter()
        .filter(|p| p.is_dir())
        .cloned()
        .collect();
    if opts.cjk_codecs {
        let dir = opts
            .toolchain
            .cjk_codecs
            .clone()
            .ok_or_else(|| Error::Toolchain {
                root: Some(opts.toolchain.root.clone()),
                found_by: opts.toolchain.source.to_string(),
                missing: format!(
                    "{}/ (the CJK codec extension modules --cjk-codecs links)",
                    crate::toolchain::CJK_CODECS_DIR
                ),
            })?;
        python_path.push(dir);
    }
    progress.event(Event::Discovered {
        what: "toolchain",
        value: format!(
            "{} ({})",
            opts.toolchain.root.display(),
            opts.toolchain.source
        ),
    });
    progress.event(Event::Discovered {
        what: "python path",
        value: describe_path(&opts.python_path, &python_path),
    });

    let start = begin(progress, Stage::World);
    let loaded = glue_gen::load(&opts.world.wit)?;
    let world = glue_gen::wit::world_name(&loaded.resolve, loaded.world);
    let model = Model::new(
        &loaded.resolve,
        loaded.world,
        opts.world.world_module(),
        &opts.world.name_overrides(),
    );
    let classes = app::export_classes(&model);
    let app = app::find_app(&opts.app, &python_path)?;
    finish(progress, Stage::World, start, world.clone());

    let scratch = tempfile::Builder::new()
        .prefix("py-wasm")
        .tempdir()
        .map_err(io("create a scratch directory in", &std::env::temp_dir()))?;
    let dir = scratch.path();
    let (glue_path, meta_path) = glue_stage(opts, dir, progress)?;
    let bindings = bindings_stage(opts, meta_path, dir, progress)?;
    let linked = link_stage(opts, &glue_path, &python_path, dir, progress)?;

    let start = begin(progress, Stage::Preinit);
    let preinit = py_preinit::run(&py_preinit::Options {
        component: linked.component,
        app: opts.app.clone(),
        stdlib: opts.toolchain.stdlib.clone(),
        bindings: bindings.clone(),
        python_path: python_path.clone(),
        stub_wasi_component: linked.stub_wasi_component,
        precompiled: None,
    })
    .map_err(|e| {
        let context = diagnose::Context {
            app: &opts.app,
            app_module: &app,
            python_path: &python_path,
            stdlib: &opts.toolchain.stdlib,
            classes: &classes,
        };
        diagnose::preinit_failure(e, &context)
    })?;
    let detail = size(preinit.component.len());
    finish(progress, Stage::Preinit, start, detail);

    Ok(Outputs {
        component: preinit.component,
        world,
        extensions: linked.extensions,
        stdout: preinit.stdout,
        stderr: preinit.stderr,
    })
}

/// glue-gen: writes the glue and `glue-meta.json` into `dir`.
fn glue_stage(
    opts: &ComponentizeOptions,
    dir: &Path,
    progress: &mut dyn Progress,
) -> Result<(PathBuf, PathBuf), Error> {
    let start = begin(progress, Stage::Glue);
    let glue = glue_gen::run(&glue_gen::Options {
        wit: opts.world.wit.clone(),
        glue: glue_gen::GlueOptions::default(),
    })?;
    let glue_path = write(dir, GLUE, &glue.glue)?;
    let meta_path = write(dir, "glue-meta.json", &glue.meta.to_json())?;
    let detail = format!("{GLUE}, {}", size(glue.glue.len()));
    finish(progress, Stage::Glue, start, detail);
    Ok((glue_path, meta_path))
}

/// wit-bindgen-py, real mode: writes the bindings into `dir/bindings`.
fn bindings_stage(
    opts: &ComponentizeOptions,
    meta_path: PathBuf,
    dir: &Path,
    progress: &mut dyn Progress,
) -> Result<PathBuf, Error> {
    let start = begin(progress, Stage::Bindings);
    let mode = wit_bindgen_py::Mode::Real;
    let files = wit_bindgen_py::run(&opts.world.bindgen_options(mode, Some(meta_path)))?;
    let bindings = dir.join("bindings");
    files.write_into(&bindings)?;
    let detail = format!("{}, {} files", opts.world.world_module(), files.files.len());
    finish(progress, Stage::Bindings, start, detail);
    Ok(bindings)
}

/// The linked component(s), written for py-preinit.
struct Linked {
    component: PathBuf,
    stub_wasi_component: Option<PathBuf>,
    extensions: Vec<String>,
}

fn link_stage(
    opts: &ComponentizeOptions,
    glue_path: &Path,
    python_path: &[PathBuf],
    dir: &Path,
    progress: &mut dyn Progress,
) -> Result<Linked, Error> {
    let start = begin(progress, Stage::Link);
    let linked = link(opts, glue_path, python_path)?;
    let extensions: Vec<String> = linked
        .manifest
        .libraries
        .iter()
        .filter(|l| l.dl_openable)
        .map(|l| l.name.clone())
        .collect();
    let component = write(dir, "linked.wasm", &linked.component)?;
    let stub_wasi_component = match &linked.stub_wasi_component {
        Some(bytes) => Some(write(dir, "linked-stub-wasi.wasm", bytes)?),
        None => None,
    };
    let detail = format!(
        "{}, {} native extension{}{}",
        size(linked.component.len()),
        extensions.len(),
        if extensions.len() == 1 { "" } else { "s" },
        if opts.stub_wasi { ", WASI stubbed" } else { "" }
    );
    finish(progress, Stage::Link, start, detail);
    Ok(Linked {
        component,
        stub_wasi_component,
        extensions,
    })
}

/// py-link with the libraries the `py_wasm_world` rule links, and the
/// Python path scanned for native extensions at the guest directories
/// py-preinit maps it at (`/app/<i>`).
fn link(
    opts: &ComponentizeOptions,
    glue: &Path,
    python_path: &[PathBuf],
) -> Result<py_link::Outputs, Error> {
    let named = |name: &str, path: &Path| py_link::NamedPath {
        name: name.to_string(),
        path: path.to_path_buf(),
    };
    let mut libraries = vec![named(RUNTIME, &opts.toolchain.runtime), named(GLUE, glue)];
    for path in &opts.toolchain.libraries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        libraries.push(named(&name, path));
    }
    let python_path = python_path
        .iter()
        .enumerate()
        .map(|(i, dir)| named(&format!("/app/{i}"), dir))
        .collect();
    Ok(py_link::run(&py_link::Options {
        libraries,
        dl_openable: Vec::new(),
        python_path,
        adapter: opts.toolchain.adapter.clone(),
        stack_size: None,
        stub_wasi: opts.stub_wasi,
        keep_unused: false,
    })?)
}

fn begin(progress: &mut dyn Progress, stage: Stage) -> Instant {
    progress.event(Event::Started(stage));
    Instant::now()
}

fn finish(progress: &mut dyn Progress, stage: Stage, start: Instant, detail: String) {
    progress.event(Event::Finished {
        stage,
        detail,
        elapsed: start.elapsed(),
    });
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, Error> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(io("write", &path))?;
    Ok(path)
}

/// `1.2 MiB`, `46 KiB`.
pub(crate) fn size(bytes: usize) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let b = bytes as f64;
    if b >= MIB {
        format!("{:.1} MiB", b / MIB)
    } else {
        format!("{:.0} KiB", (b / 1024.0).ceil())
    }
}

fn describe_path(given: &[PathBuf], existing: &[PathBuf]) -> String {
    given
        .iter()
        .map(|p| {
            if existing.contains(p) {
                p.display().to_string()
            } else {
                format!("{} (does not exist: skipped)", p.display())
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(1), "1 KiB");
        assert_eq!(size(46 * 1024), "46 KiB");
        assert_eq!(size(18 * 1024 * 1024 + 300 * 1024), "18.3 MiB");
    }
}
