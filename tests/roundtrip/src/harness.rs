//! Building the test component and instantiating it (see the crate docs).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::{bail, Context, Result};
use wasmtime::component::{Component, HasSelf, InstancePre, Linker, TypedFunc};
use wasmtime::{Cache, CacheConfig, Config, Engine, Store};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{FsPerms, WasiCtxBuilder};

use crate::host::{Host, Roundtrip};

pub use test_artifacts::Artifacts;

/// The generated inputs and the linked component.
pub struct Built {
    /// The built artifacts.
    pub artifacts: Artifacts,
    /// glue-gen's metadata for the test world.
    pub meta: serde_json::Value,
    /// The bindings directory (mounted at /bindings).
    pub bindings: PathBuf,
    /// The app directory (mounted at /app/0).
    pub app: PathBuf,
    /// The linked component.
    pub component: Vec<u8>,
}

fn work_dir() -> Result<PathBuf> {
    // target/<profile>/deps/<test binary> -> target/<profile>/roundtrip-work
    let exe = std::env::current_exe()?;
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .context("unexpected test binary location")?;
    let dir = profile_dir.join("roundtrip-work");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Runs glue-gen, wit-bindgen-py (real mode) and py-link for the test world.
pub fn build() -> Result<Built> {
    let artifacts = test_artifacts::build()?;
    let work = work_dir()?;
    let wit = glue_gen::WitOptions {
        paths: vec![test_artifacts::manifest_dir().join("wit")],
        ..Default::default()
    };
    let loaded = glue_gen::load(&wit).context("glue-gen: loading the WIT")?;
    let glue = glue_gen::generate(&loaded.resolve, loaded.world, &Default::default())
        .context("glue-gen")?;
    let glue_path = work.join("libpy_wasm_glue.so");
    std::fs::write(&glue_path, &glue.module)?;
    let meta_path = work.join("glue-meta.json");
    std::fs::write(&meta_path, glue.meta.to_json())?;
    let meta = serde_json::from_slice(&glue.meta.to_json())?;

    let bindings = work.join("bindings");
    wit_bindgen_py::run(&wit_bindgen_py::Options {
        wit,
        mode: wit_bindgen_py::Mode::Real,
        glue_meta: Some(meta_path),
        ..Default::default()
    })
    .context("wit-bindgen-py")?
    .write_into(&bindings)
    .context("writing the bindings")?;

    let lib = |path: &Path| -> Result<py_link::NamedPath> {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .context("library path without a file name")?;
        Ok(py_link::NamedPath {
            name: name.to_string(),
            path: path.to_path_buf(),
        })
    };
    let mut libraries = vec![lib(&artifacts.runtime)?, lib(&glue_path)?];
    for path in &artifacts.libs {
        libraries.push(lib(path)?);
    }
    let linked = py_link::run(&py_link::Options {
        libraries,
        ..Default::default()
    })
    .context("py-link")?;
    Ok(Built {
        artifacts,
        meta,
        bindings,
        app: test_artifacts::manifest_dir().join("app"),
        component: linked.component,
    })
}

/// The compiled component, shared by every test of the process.
pub struct Harness {
    /// What was built.
    pub built: Built,
    engine: Engine,
    linker: Linker<Host>,
    pre: InstancePre<Host>,
}

static HARNESS: OnceLock<std::result::Result<Arc<Harness>, String>> = OnceLock::new();

/// The process-wide harness; the first call builds and compiles.
pub fn harness() -> Result<Arc<Harness>> {
    match HARNESS.get_or_init(|| Harness::new().map(Arc::new).map_err(|e| format!("{e:?}"))) {
        Ok(h) => Ok(h.clone()),
        Err(e) => bail!("building the test component failed:\n{e}"),
    }
}

impl Harness {
    fn new() -> Result<Harness> {
        let built = build()?;
        let mut config = Config::new();
        // Compiled code is cached across runs (the component is ~9 MB).
        let home = std::env::var("HOME").context("HOME is not set")?;
        let mut cache = CacheConfig::new();
        cache.with_directory(Path::new(&home).join(".cache/rules_py_wasm/wasmtime-cache"));
        config.cache(Some(Cache::new(cache)?));
        let engine = Engine::new(&config)?;
        let component = Component::new(&engine, &built.component)?;
        let mut linker = Linker::<Host>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        Roundtrip::add_to_linker::<Host, HasSelf<Host>>(&mut linker, |h| h)?;
        let pre = linker.instantiate_pre(&component)?;
        Ok(Harness {
            built,
            engine,
            linker,
            pre,
        })
    }

    /// A fresh instance on which `py-wasm-init` has run.
    pub fn instance(&self) -> Result<Instance> {
        let mut inst = self.instance_uninit()?;
        let init = inst.init.call(&mut inst.store, ());
        if let Err(e) = init {
            bail!("py-wasm-init failed: {e:?}\nstderr:\n{}", inst.stderr());
        }
        Ok(inst)
    }

    /// A fresh instance on which nothing has run yet.
    pub fn instance_uninit(&self) -> Result<Instance> {
        self.instance_with(&self.built.bindings, "app")
    }

    /// A fresh instance, not initialized, that mounts `bindings` at
    /// /bindings and names `app` in PY_WASM_APP.
    pub fn instance_with(&self, bindings: &Path, app: &str) -> Result<Instance> {
        let stdout = MemoryOutputPipe::new(1 << 20);
        let stderr = MemoryOutputPipe::new(1 << 20);
        let mut wasi = WasiCtxBuilder::new();
        wasi.stdout(stdout.clone())
            .stderr(stderr.clone())
            .env("PY_WASM_APP", app)
            .env("PY_WASM_PYTHONPATH", "/bindings:/app/0:/python")
            .env("PY_WASM_PYTHONHOME", "/python")
            .env("ROUNDTRIP_MARK", "refreshed")
            .args(&["roundtrip", "--flag"]);
        for (host, guest) in [
            (&self.built.artifacts.stdlib, "/python"),
            (&bindings.to_path_buf(), "/bindings"),
            (&self.built.app, "/app/0"),
        ] {
            wasi.preopened_dir(host, guest, FsPerms::ReadOnly)?;
        }
        let mut store = Store::new(&self.engine, Host::new(wasi.build()));
        let instance = self.pre.instantiate(&mut store)?;
        let bindings = Roundtrip::new(&mut store, &instance)?;
        // Not part of the user's world, so not in the typed bindings.
        let init = instance.get_typed_func::<(), ()>(&mut store, "py-wasm-init")?;
        Ok(Instance {
            store,
            bindings,
            init,
            stdout,
            stderr,
        })
    }
}

impl Harness {
    /// An instance of another build of the test world (e.g. py-preinit's
    /// snapshot), with the same host and no preopens: `(store, exports)`.
    pub fn instantiate_other(&self, component: &[u8]) -> Result<(Store<Host>, Roundtrip)> {
        let component = Component::new(&self.engine, component)?;
        let mut store = Store::new(&self.engine, Host::new(WasiCtxBuilder::new().build()));
        let instance = self.linker.instantiate(&mut store, &component)?;
        let exports = Roundtrip::new(&mut store, &instance)?;
        Ok((store, exports))
    }
}

/// One instance of the test component.
pub struct Instance {
    /// The store (its data is the host state).
    pub store: Store<Host>,
    /// The world's exports.
    pub bindings: Roundtrip,
    /// The `py-wasm-init` export.
    pub init: TypedFunc<(), ()>,
    stdout: MemoryOutputPipe,
    stderr: MemoryOutputPipe,
}

impl Instance {
    /// What the guest wrote to stdout so far.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout.contents()).into_owned()
    }

    /// What the guest wrote to stderr so far.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.contents()).into_owned()
    }
}
