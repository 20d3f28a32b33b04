//! The WASI host the init runs in: deterministic by construction.
//!
//! Nothing of the build machine reaches the guest except the staged file
//! system: the environment holds only the `PY_WASM_*` variables of
//! `docs/design.md`, there are no arguments, the wall clock is fixed, the
//! monotonic clock advances by a fixed step per reading, and "random" bytes
//! come from a fixed-seed generator. The same inputs therefore leave the same
//! memory behind, and so the same snapshot. (The runtime reseeds `random`
//! and reloads the environment on the first call after the snapshot.)
//!
//! WASI 0.2 cli/clocks/filesystem/io/random/sockets are provided; every other
//! import of the component (the user's world, wasi:http) is a trapping stub
//! whose trap names the import.

use std::collections::BTreeMap;
use std::time::Duration;

use rand::SeedableRng;
use wasmtime::component::types::ComponentItem;
use wasmtime::component::{
    Component, Linker, LinkerInstance, Resource, ResourceTable, ResourceType,
};
use wasmtime::{Config, Engine, Store};
use wasmtime_wasi::filesystem::WasiFilesystemView;
use wasmtime_wasi::p2::bindings::clocks::wall_clock::Datetime;
use wasmtime_wasi::p2::bindings::filesystem::types::{
    Descriptor, DescriptorStat, ErrorCode, HostDescriptor, MetadataHashValue, PathFlags,
};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::p2::FsResult;
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::stage::{Staging, FIXED_MTIME};

/// Guest output kept for error messages (bytes per stream).
const CAPTURE_LIMIT: usize = 1 << 20;

/// The store data of the init instance.
pub struct Host {
    ctx: WasiCtx,
    table: ResourceTable,
    /// Real file identities (metadata hashes) -> the small numbers the guest
    /// sees instead, in order of first appearance.
    identities: BTreeMap<(u64, u64), u64>,
}

impl Host {
    /// The deterministic stand-in for a file's real identity.
    fn identity(&mut self, real: MetadataHashValue) -> MetadataHashValue {
        let next = self.identities.len() as u64 + 1;
        let id = *self
            .identities
            .entry((real.lower, real.upper))
            .or_insert(next);
        MetadataHashValue {
            lower: id,
            upper: id,
        }
    }
}

impl WasiView for Host {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }
}

/// Captured guest output.
#[derive(Clone)]
pub struct Captured {
    /// The guest's stdout.
    pub stdout: MemoryOutputPipe,
    /// The guest's stderr.
    pub stderr: MemoryOutputPipe,
}

impl Captured {
    /// The captured text of both streams.
    pub fn text(&self) -> (String, String) {
        (
            String::from_utf8_lossy(&self.stdout.contents()).into_owned(),
            String::from_utf8_lossy(&self.stderr.contents()).into_owned(),
        )
    }
}

/// A wall clock that always reads [`FIXED_MTIME`].
struct FixedWallClock;

impl wasmtime_wasi::HostWallClock for FixedWallClock {
    fn resolution(&self) -> Duration {
        Duration::from_nanos(1)
    }
    fn now(&self) -> Duration {
        FIXED_MTIME
    }
}

/// A monotonic clock that advances one microsecond per reading.
struct SteppingClock(std::sync::atomic::AtomicU64);

impl wasmtime_wasi::HostMonotonicClock for SteppingClock {
    fn resolution(&self) -> u64 {
        1
    }
    fn now(&self) -> u64 {
        self.0
            .fetch_add(1_000, std::sync::atomic::Ordering::Relaxed)
    }
}

/// The engine the init runs on: Winch, wasmtime's baseline compiler. The
/// init runs once, and compiling the whole interpreter (about 10 MB of code)
/// dominates it: Winch compiles it about three times faster than Cranelift
/// without optimizations, and the code it makes is fast enough for imports.
/// (`--precompile` moves even that out of each app's pre-initialization.)
pub fn engine() -> wasmtime::Result<Engine> {
    let mut config = Config::new();
    config.wasm_component_model(true);
    config.strategy(wasmtime::Strategy::Winch);
    Engine::new(&config)
}

/// Builds the store for one init of `app` over `staged`. `stub_wasi` tells
/// the runtime that the snapshot goes into a component without WASI.
pub fn store(
    engine: &Engine,
    staged: &Staging,
    app: &str,
    stub_wasi: bool,
) -> wasmtime::Result<(Store<Host>, Captured)> {
    let captured = Captured {
        stdout: MemoryOutputPipe::new(CAPTURE_LIMIT),
        stderr: MemoryOutputPipe::new(CAPTURE_LIMIT),
    };
    let python_path = staged
        .mounts
        .iter()
        .map(|(_, guest)| guest.as_str())
        .filter(|guest| *guest != "/python")
        .chain(["/python"])
        .collect::<Vec<_>>()
        .join(":");
    let mut builder = WasiCtxBuilder::new();
    builder
        .stdout(captured.stdout.clone())
        .stderr(captured.stderr.clone())
        .env("PY_WASM_APP", app)
        .env("PY_WASM_PYTHONPATH", &python_path)
        .env("PY_WASM_PYTHONHOME", "/python")
        .env("PY_WASM_STUB_WASI", if stub_wasi { "1" } else { "0" })
        .wall_clock(FixedWallClock)
        .monotonic_clock(SteppingClock(std::sync::atomic::AtomicU64::new(0)))
        .secure_random(rand::rngs::StdRng::seed_from_u64(0))
        .insecure_random(rand::rngs::StdRng::seed_from_u64(1))
        .insecure_random_seed(0);
    for (host, guest) in &staged.mounts {
        builder.preopened_dir(host, guest, FsPerms::ReadOnly)?;
    }
    let host = Host {
        ctx: builder.build(),
        table: ResourceTable::new(),
        identities: BTreeMap::new(),
    };
    Ok((Store::new(engine, host), captured))
}

/// WASI 0.2 packages the init host implements; every other import is a stub.
const PROVIDED: &[&str] = &[
    "wasi:cli/",
    "wasi:clocks/",
    "wasi:filesystem/",
    "wasi:io/",
    "wasi:random/",
    "wasi:sockets/",
];

/// The message of a stub's trap; py-preinit's error reporting recognises it.
pub fn stub_message(import: &str) -> String {
    format!("unknown import: `{import}` has not been defined")
}

/// A linker with WASI 0.2 and trapping stubs for every other import of
/// `component`.
///
/// (wasmtime's own `define_unknown_imports_as_traps` would also stub a WASI
/// interface imported at a newer 0.2.x than the host's, whose resources then
/// clash with the real ones; here WASI is matched by package name instead.)
pub fn linker(engine: &Engine, component: &Component) -> wasmtime::Result<Linker<Host>> {
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
    deterministic_identities(&mut linker)?;
    let ty = component.component_type();
    // Resources of earlier imports: a later interface that `use`s one (as
    // wasi:http/types uses wasi:io's streams and pollable) imports it again
    // as an alias, which is satisfied by the first definition and must not
    // get a stub of its own (wasmtime: "mismatched resource types").
    let mut known = Vec::new();
    for (name, import) in ty.imports(engine) {
        let provided = PROVIDED.iter().any(|p| name.starts_with(p));
        match import.ty {
            ComponentItem::ComponentInstance(instance) => {
                let mut inst = if provided {
                    None
                } else {
                    Some(linker.instance(name)?)
                };
                for (item, export) in instance.exports(engine) {
                    if let ComponentItem::Resource(resource) = export.ty {
                        if known.contains(&resource) {
                            continue;
                        }
                        known.push(resource);
                    }
                    if let Some(inst) = inst.as_mut() {
                        stub(inst, &format!("{name}#{item}"), item, &export.ty)?;
                    }
                }
            }
            other if !provided => stub(&mut linker.root(), name, name, &other)?,
            _ => {}
        }
    }
    Ok(linker)
}

fn stub(
    inst: &mut LinkerInstance<'_, Host>,
    full_name: &str,
    name: &str,
    item: &ComponentItem,
) -> wasmtime::Result<()> {
    match item {
        ComponentItem::ComponentFunc(_) => {
            let message = stub_message(full_name);
            inst.func_new(name, move |_, _, _, _| {
                Err(wasmtime::Error::msg(message.clone()))
            })
        }
        ComponentItem::Resource(_) => {
            inst.resource(name, ResourceType::host::<StubResource>(), |_, _| Ok(()))
        }
        _ => Ok(()),
    }
}

/// The host type of every stubbed resource (no value of it ever exists).
struct StubResource;

/// The WASI version wasmtime-wasi 48 implements.
const FILESYSTEM_TYPES: &str = "wasi:filesystem/types@0.2.12";

/// Replaces the file-metadata functions whose answers differ between two
/// copies of the same files, and would reach the snapshot through libc's and
/// CPython's buffers (even freed ones):
/// - `metadata-hash` and `metadata-hash-at`, which the preview1 adapter
///   reports as inode numbers (a hash of the host's device and inode);
/// - `stat` and `stat-at`, whose timestamps include the status-change time,
///   which the host sets to "now" when the staged copy is made.
fn deterministic_identities(linker: &mut Linker<Host>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    let mut types = linker.instance(FILESYSTEM_TYPES)?;
    types.func_wrap_async(
        "[method]descriptor.stat",
        |mut store, (fd,): (Resource<Descriptor>,)| {
            Box::new(async move {
                let host = store.data_mut();
                let real = HostDescriptor::stat(&mut host.filesystem(), fd).await;
                Ok((fixed_times(real)?,))
            })
        },
    )?;
    types.func_wrap_async(
        "[method]descriptor.stat-at",
        |mut store, (fd, flags, path): (Resource<Descriptor>, PathFlags, String)| {
            Box::new(async move {
                let host = store.data_mut();
                let real = HostDescriptor::stat_at(&mut host.filesystem(), fd, flags, path).await;
                Ok((fixed_times(real)?,))
            })
        },
    )?;
    types.func_wrap_async(
        "[method]descriptor.metadata-hash",
        |mut store, (fd,): (Resource<Descriptor>,)| {
            Box::new(async move {
                let host = store.data_mut();
                let real = HostDescriptor::metadata_hash(&mut host.filesystem(), fd).await;
                Ok((remap(host, real)?,))
            })
        },
    )?;
    types.func_wrap_async(
        "[method]descriptor.metadata-hash-at",
        |mut store, (fd, flags, path): (Resource<Descriptor>, PathFlags, String)| {
            Box::new(async move {
                let host = store.data_mut();
                let real =
                    HostDescriptor::metadata_hash_at(&mut host.filesystem(), fd, flags, path).await;
                Ok((remap(host, real)?,))
            })
        },
    )?;
    linker.allow_shadowing(false);
    Ok(())
}

fn fixed_times(
    real: FsResult<DescriptorStat>,
) -> wasmtime::Result<Result<DescriptorStat, ErrorCode>> {
    let fixed = || {
        Some(Datetime {
            seconds: FIXED_MTIME.as_secs(),
            nanoseconds: 0,
        })
    };
    match real {
        Ok(stat) => Ok(Ok(DescriptorStat {
            data_access_timestamp: fixed(),
            data_modification_timestamp: fixed(),
            status_change_timestamp: fixed(),
            ..stat
        })),
        Err(e) => Ok(Err(e.downcast()?)),
    }
}

fn remap(
    host: &mut Host,
    real: FsResult<MetadataHashValue>,
) -> wasmtime::Result<Result<MetadataHashValue, ErrorCode>> {
    match real {
        Ok(value) => Ok(Ok(host.identity(value))),
        Err(e) => Ok(Err(e.downcast()?)),
    }
}
