//! One world through every stage, each called as a library with the
//! options the Bazel actions pass: wit-bindgen-py (stub and real, each
//! checked with `mypy --strict`), glue-gen, py-link, py-preinit, and
//! wasmparser's validator on the pre-initialized component.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use wasmparser::{Validator, WasmFeatures};

use crate::artifacts::Artifacts;

/// The library name the glue is linked under (as the Bazel rules do).
const GLUE_LIBRARY: &str = "libpy_wasm_glue.so";

/// One world to build: its WIT file and `ns:pkg/world` spec.
pub struct World<'a> {
    /// The WIT file holding the world's package (and nested packages).
    pub wit: &'a Path,
    /// The world, fully qualified.
    pub spec: &'a str,
}

impl World<'_> {
    /// The WIT options every stage gets.
    pub fn wit_options(&self) -> glue_gen::WitOptions {
        glue_gen::WitOptions {
            paths: vec![self.wit.to_path_buf()],
            worlds: vec![self.spec.to_string()],
            features: Vec::new(),
            all_features: true,
        }
    }
}

/// Writes the stub and real bindings of `world` under `dir` (`stub/`,
/// `real/`, with the glue's `glue-meta.json`) and checks both with mypy.
/// Returns the glue library and the real bindings directory.
pub fn bindings(world: &World<'_>, dir: &Path, mypy_cache: &str) -> Result<(PathBuf, PathBuf)> {
    let glue = glue_gen::run(&glue_gen::Options {
        wit: world.wit_options(),
        ..Default::default()
    })
    .context("glue-gen")?;
    let glue_path = dir.join(GLUE_LIBRARY);
    std::fs::write(&glue_path, &glue.glue)?;
    let meta_path = dir.join("glue-meta.json");
    std::fs::write(&meta_path, glue.meta.to_json())?;

    let stub = dir.join("stub");
    let real = dir.join("real");
    for (mode, out, meta) in [
        (wit_bindgen_py::Mode::Stub, &stub, None),
        (wit_bindgen_py::Mode::Real, &real, Some(meta_path.clone())),
    ] {
        wit_bindgen_py::run(&wit_bindgen_py::Options {
            wit: world.wit_options(),
            mode,
            glue_meta: meta,
            ..Default::default()
        })
        .with_context(|| format!("wit-bindgen-py ({mode:?})"))?
        .write_into(out)
        .with_context(|| format!("writing the {mode:?} bindings"))?;
    }
    crate::mypy::check(&[&stub, &real], mypy_cache)?;
    Ok((glue_path, real))
}

fn named(path: &Path) -> Result<py_link::NamedPath> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .context("a library path without a file name")?;
    Ok(py_link::NamedPath {
        name: name.to_string(),
        path: path.to_path_buf(),
    })
}

/// Links the component of `glue` and pre-initializes it with `app` (file
/// name → text, written to `dir/app/`); returns the validated,
/// pre-initialized component.
pub fn component(
    artifacts: &Artifacts,
    glue: &Path,
    bindings: &Path,
    app: &BTreeMap<String, String>,
    dir: &Path,
) -> Result<Vec<u8>> {
    let mut libraries = vec![named(&artifacts.runtime)?, named(glue)?];
    for lib in &artifacts.libs {
        libraries.push(named(lib)?);
    }
    let linked = py_link::run(&py_link::Options {
        libraries,
        ..Default::default()
    })
    .context("py-link")?;
    let linked_path = dir.join("linked.wasm");
    std::fs::write(&linked_path, &linked.component)?;

    let app_dir = dir.join("app");
    std::fs::create_dir_all(&app_dir)?;
    for (name, text) in app {
        std::fs::write(app_dir.join(name), text)?;
    }
    let pre = py_preinit::run(&py_preinit::Options {
        component: linked_path,
        app: crate::app::APP.to_string(),
        stdlib: artifacts.stdlib.clone(),
        bindings: bindings.to_path_buf(),
        python_path: vec![app_dir],
        stub_wasi_component: None,
        precompiled: None,
    })
    .context("py-preinit")?;
    let path = dir.join("component.wasm");
    std::fs::write(&path, &pre.component)?;
    Validator::new_with_features(WasmFeatures::default())
        .validate_all(&pre.component)
        .with_context(|| {
            format!(
                "the pre-initialized component {} is invalid",
                path.display()
            )
        })?;
    Ok(pre.component)
}
