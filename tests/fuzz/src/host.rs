//! The host round trip of an echo world's pre-initialized component.
//!
//! The host defines each echoed import dynamically (`func_new`): it checks
//! that the arguments it receives are the ones it passed to the export, and
//! returns a random result that it then expects back from the export.
//! Everything else the component imports is WASI (wasmtime-wasi) or traps.
//! The component is the pre-initialized one, so no `py-wasm-init` runs: the
//! exports are called on the snapshot, as a user's host would.

use std::sync::{Arc, Mutex};

use anyhow::{anyhow, bail, Context, Result};
use rand::rngs::StdRng;
use wasmtime::component::types::ComponentItem;
use wasmtime::component::{
    Component, ComponentExportIndex, Linker, ResourceTable, ResourceType, Val,
};
use wasmtime::{Config, Engine, Store, Strategy};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::app::Echoed;
use crate::values::{random, same};

/// The call the host is waiting for: which import, with what arguments,
/// and what it answers.
#[derive(Default)]
struct Pending {
    import: String,
    args: Vec<Val>,
    results: Vec<Val>,
    /// Set by the import: `Ok` when called as expected.
    outcome: Option<std::result::Result<(), String>>,
}

/// The store's data.
pub struct State {
    wasi: WasiCtx,
    table: ResourceTable,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

/// The engine round trips run on: Winch, like py-preinit (each world's
/// component is compiled once and called a few times).
pub fn engine() -> Result<Engine> {
    let mut config = Config::new();
    config.wasm_component_model(true);
    config.strategy(Strategy::Winch);
    Ok(Engine::new(&config)?)
}

fn display(e: &Echoed) -> String {
    match &e.instance {
        Some(i) => format!("{i}#{}", e.func),
        None => e.func.clone(),
    }
}

/// Calls every echoed export `calls` times with random values; returns the
/// number of calls made. Fails on the first value that does not come back.
pub fn round_trip(
    engine: &Engine,
    component: &[u8],
    echoed: &[Echoed],
    rng: &mut StdRng,
    calls: usize,
) -> Result<usize> {
    let component = Component::new(engine, component)
        .map_err(anyhow::Error::from)
        .context("compiling the component")?;
    let pending = Arc::new(Mutex::new(Pending::default()));
    let mut linker = Linker::<State>::new(engine);
    for e in echoed {
        let pending = pending.clone();
        let name = display(e);
        let handler = move |_: wasmtime::StoreContextMut<'_, State>,
                            _: wasmtime::component::types::ComponentFunc,
                            args: &[Val],
                            results: &mut [Val]|
              -> wasmtime::Result<()> {
            let mut p = pending
                .lock()
                .map_err(|_| wasmtime::Error::msg("poisoned"))?;
            let outcome = check_call(&p, &name, args);
            let ok = outcome.is_ok();
            p.outcome = Some(outcome);
            if !ok {
                wasmtime::bail!("unexpected import call (see the test's message)");
            }
            if results.len() != p.results.len() {
                wasmtime::bail!(
                    "{} results expected, {} prepared",
                    results.len(),
                    p.results.len()
                );
            }
            results.clone_from_slice(&p.results);
            Ok(())
        };
        match &e.instance {
            Some(i) => linker.instance(i)?.func_new(&e.func, handler)?,
            None => linker.root().func_new(&e.func, handler)?,
        }
    }
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    define_traps(&mut linker, engine, &component, echoed)?;
    let stderr = MemoryOutputPipe::new(1 << 20);
    let wasi = WasiCtxBuilder::new().stderr(stderr.clone()).build();
    let mut store = Store::new(
        engine,
        State {
            wasi,
            table: ResourceTable::new(),
        },
    );
    let instance = linker
        .instantiate(&mut store, &component)
        .map_err(anyhow::Error::from)
        .context("instantiating the pre-initialized component")?;
    let mut made = 0;
    for e in echoed {
        let parent: Option<ComponentExportIndex> = match &e.instance {
            Some(i) => Some(
                instance
                    .get_export_index(&mut store, None, i)
                    .with_context(|| format!("no export `{i}`"))?,
            ),
            None => None,
        };
        let index = instance
            .get_export_index(&mut store, parent.as_ref(), &e.func)
            .with_context(|| format!("no export `{}`", display(e)))?;
        let func = instance
            .get_func(&mut store, index)
            .with_context(|| format!("`{}` is not a function", display(e)))?;
        let ty = func.ty(&store);
        let param_types: Vec<_> = ty.params().map(|(_, t)| t).collect();
        let result_types: Vec<_> = ty.results().collect();
        for _ in 0..calls {
            let args = param_types
                .iter()
                .map(|t| random(rng, t))
                .collect::<Result<Vec<_>>>()?;
            let want = result_types
                .iter()
                .map(|t| random(rng, t))
                .collect::<Result<Vec<_>>>()?;
            {
                let mut p = pending.lock().map_err(|_| anyhow!("poisoned"))?;
                *p = Pending {
                    import: display(e),
                    args: args.clone(),
                    results: want.clone(),
                    outcome: None,
                };
            }
            let mut got = vec![Val::Bool(false); want.len()];
            let call = func.call(&mut store, &args, &mut got);
            let outcome = pending
                .lock()
                .map_err(|_| anyhow!("poisoned"))?
                .outcome
                .take();
            let guest_err = String::from_utf8_lossy(&stderr.contents()).into_owned();
            match (call, outcome) {
                (_, Some(Err(why))) => bail!("`{}`: {why}", display(e)),
                (Err(trap), _) => {
                    bail!(
                        "`{}` trapped: {trap:#}\nargs {args:?}\nguest stderr:\n{guest_err}",
                        display(e)
                    )
                }
                (Ok(()), None) => bail!("`{}` returned without calling its import", display(e)),
                (Ok(()), Some(Ok(()))) => {}
            }
            let equal = got.len() == want.len() && got.iter().zip(&want).all(|(a, b)| same(a, b));
            if !equal {
                bail!(
                    "`{}` returned a different value\nsent args {args:?}\nimport answered {want:?}\nexport returned {got:?}",
                    display(e)
                );
            }
            made += 1;
        }
    }
    Ok(made)
}

/// The type of every resource the component imports from its world (no
/// handle is ever made: they are only in signatures that are not echoed).
struct Stub;

/// Defines every non-WASI import that is not echoed as a trap. (wasmtime's
/// `define_unknown_imports_as_traps` cannot be used: it stubs WASI 0.2.12
/// instances that wasmtime-wasi provides under an older 0.2 version, with
/// resource types of their own.)
fn define_traps(
    linker: &mut Linker<State>,
    engine: &Engine,
    component: &Component,
    echoed: &[Echoed],
) -> Result<()> {
    let is_echoed = |instance: Option<&str>, func: &str| {
        echoed
            .iter()
            .any(|e| e.instance.as_deref() == instance && e.func == func)
    };
    let trap = |name: String| {
        move |_: wasmtime::StoreContextMut<'_, State>,
              _: wasmtime::component::types::ComponentFunc,
              _: &[Val],
              _: &mut [Val]|
              -> wasmtime::Result<()> {
            wasmtime::bail!("import `{name}` is not implemented by the fuzz host")
        }
    };
    let ty = component.component_type();
    for (name, item) in ty.imports(engine) {
        if name.starts_with("wasi:") {
            continue;
        }
        match item.ty {
            ComponentItem::ComponentFunc(_) if !is_echoed(None, name) => {
                linker.root().func_new(name, trap(name.to_string()))?;
            }
            ComponentItem::Resource(_) => {
                linker
                    .root()
                    .resource(name, ResourceType::host::<Stub>(), |_, _| Ok(()))?;
            }
            ComponentItem::ComponentInstance(instance) => {
                let mut li = linker.instance(name)?;
                for (export, item) in instance.exports(engine) {
                    match item.ty {
                        ComponentItem::ComponentFunc(_) if !is_echoed(Some(name), export) => {
                            li.func_new(export, trap(format!("{name}#{export}")))?;
                        }
                        ComponentItem::Resource(_) => {
                            li.resource(export, ResourceType::host::<Stub>(), |_, _| Ok(()))?;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Is this import call the one expected, with the same arguments?
fn check_call(p: &Pending, name: &str, args: &[Val]) -> std::result::Result<(), String> {
    if p.import != name {
        return Err(format!(
            "import `{name}` called while `{}` was expected",
            p.import
        ));
    }
    let equal = args.len() == p.args.len() && args.iter().zip(&p.args).all(|(a, b)| same(a, b));
    if !equal {
        return Err(format!(
            "the import received different arguments\nsent     {:?}\nreceived {args:?}",
            p.args
        ));
    }
    Ok(())
}
