//! The wasmtime host of the run-time cases: `runtime/wit/runtime.wit`'s
//! `host` interface (a `counter` resource) and WASI, with the guest's
//! stderr captured.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use anyhow::{anyhow, Context, Result};
use wasmtime::component::{Component, HasSelf, Linker, Resource, ResourceTable};
use wasmtime::{Config, Engine, Store, Strategy};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

wasmtime::component::bindgen!({
    path: "runtime/wit",
    world: "runtime",
});

pub use test::bad_input::host::Counter;

/// The store's data.
pub struct Host {
    wasi: WasiCtx,
    table: ResourceTable,
    counters: BTreeMap<u32, u32>,
    next: u32,
}

impl WasiView for Host {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl Host {
    /// A counter the host owns (to lend to an export).
    pub fn new_counter(&mut self, start: u32) -> Resource<Counter> {
        self.next += 1;
        self.counters.insert(self.next, start);
        Resource::new_own(self.next)
    }
}

impl test::bad_input::host::Host for Host {}

impl test::bad_input::host::HostCounter for Host {
    fn new(&mut self, start: u32) -> Resource<Counter> {
        self.new_counter(start)
    }

    fn get(&mut self, c: Resource<Counter>) -> u32 {
        self.counters.get(&c.rep()).copied().unwrap_or(u32::MAX)
    }

    fn drop(&mut self, c: Resource<Counter>) -> wasmtime::Result<()> {
        if self.counters.remove(&c.rep()).is_none() {
            wasmtime::bail!("counter {} dropped twice", c.rep());
        }
        Ok(())
    }
}

/// One instance of the run-time component.
pub struct Instance {
    /// The store.
    pub store: Store<Host>,
    /// The world's exports.
    pub exports: Runtime,
    stderr: MemoryOutputPipe,
}

impl Instance {
    /// What the guest wrote to stderr so far.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.contents()).into_owned()
    }
}

/// The compiled component, shared by the cases of one process.
struct Compiled {
    engine: Engine,
    pre: RuntimePre<Host>,
}

fn compile(path: &Path) -> Result<Compiled> {
    let mut config = Config::new();
    config.wasm_component_model(true);
    // Winch compiles the ~10 MB component several times faster than
    // Cranelift; what is checked here is behaviour, not speed.
    config.strategy(Strategy::Winch);
    let engine = Engine::new(&config)?;
    let component = Component::from_file(&engine, path)
        .map_err(anyhow::Error::from)
        .with_context(|| format!("loading {}", path.display()))?;
    let mut linker = Linker::<Host>::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    Runtime::add_to_linker::<Host, HasSelf<Host>>(&mut linker, |h| h)?;
    let pre = RuntimePre::new(linker.instantiate_pre(&component)?)?;
    Ok(Compiled { engine, pre })
}

/// A fresh instance of the component at `path` (compiled on first use;
/// every call must pass the same path).
pub fn instantiate(path: &Path) -> Result<Instance> {
    static COMPILED: OnceLock<std::result::Result<Compiled, String>> = OnceLock::new();
    let compiled = COMPILED
        .get_or_init(|| compile(path).map_err(|e| format!("{e:#}")))
        .as_ref()
        .map_err(|e| anyhow!("{e}"))?;
    let stderr = MemoryOutputPipe::new(1 << 20);
    let wasi = WasiCtxBuilder::new().stderr(stderr.clone()).build();
    let mut store = Store::new(
        &compiled.engine,
        Host {
            wasi,
            table: ResourceTable::new(),
            counters: BTreeMap::new(),
            next: 0,
        },
    );
    let exports = compiled.pre.instantiate(&mut store)?;
    Ok(Instance {
        store,
        exports,
        stderr,
    })
}
