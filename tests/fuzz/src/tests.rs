//! The fuzz tests: a fixed seed's worlds, and the kept regressions.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use rand::rngs::StdRng;
use rand::SeedableRng;

use crate::app;
use crate::artifacts::{self, Artifacts};
use crate::host;
use crate::pipeline::{self, World};
use crate::worlds::{self, Case};

/// The seed CI runs (`FUZZ_SEED` overrides it).
const DEFAULT_SEED: u64 = 2026_1126;
/// How many worlds CI runs (`FUZZ_WORLDS` overrides it).
const DEFAULT_WORLDS: usize = 50;
/// Random calls per echoed export.
const CALLS: usize = 8;

fn env_number(name: &str) -> Result<Option<u64>> {
    match std::env::var(name) {
        Ok(v) => Ok(Some(
            v.parse()
                .with_context(|| format!("{name}={v} is not a number"))?,
        )),
        Err(_) => Ok(None),
    }
}

/// The toolchain, built once per test process.
fn toolchain() -> Result<&'static Artifacts> {
    static ARTIFACTS: OnceLock<std::result::Result<Artifacts, String>> = OnceLock::new();
    ARTIFACTS
        .get_or_init(|| artifacts::build().map_err(|e| format!("{e:#}")))
        .as_ref()
        .map_err(|e| anyhow!("{e}"))
}

/// `target/<profile>/fuzz-work/<name>`, emptied.
fn work_dir(name: &str) -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .context("unexpected test binary location")?;
    let dir = profile.join("fuzz-work").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// What one test ran.
#[derive(Default, Debug)]
struct Stats {
    worlds: usize,
    components: usize,
    echoed: usize,
    calls: usize,
    /// Time in glue-gen, wit-bindgen-py and mypy.
    bindings: Duration,
    /// Time in py-link, py-preinit and validation.
    components_time: Duration,
    /// Time in round trips (compiling the component included).
    round_trips: Duration,
}

/// Runs `f`, adding its duration to `total`.
fn timed<T>(total: &mut Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    *total += start.elapsed();
    out
}

fn find_world(parsed: &worlds::Parsed, spec: &str) -> Result<wit_parser::WorldId> {
    for w in &parsed.worlds {
        if worlds::world_spec(&parsed.resolve, *w)? == spec {
            return Ok(*w);
        }
    }
    bail!("world `{spec}` not found")
}

/// Builds (and for echo worlds round-trips) every world of `case`.
fn run_case(
    case: &Case,
    dir: &Path,
    rng: &mut StdRng,
    stats: &mut Stats,
    mypy_cache: &str,
) -> Result<()> {
    let wit = dir.join(format!("{}.wit", case.name));
    std::fs::write(&wit, &case.wit)?;
    if let Some(expected) = &case.expect_error {
        return expect_rejected(case, &wit, expected, stats);
    }
    let artifacts = toolchain()?;
    let engine = host_engine()?;
    let (echo_text, specs) = worlds::with_echo_worlds(case)?;
    let echo_case = Case {
        name: format!("{}-echo", case.name),
        wit: echo_text,
        expect_error: None,
    };
    let echo_wit = dir.join(format!("{}.wit", echo_case.name));
    std::fs::write(&echo_wit, &echo_case.wit)?;
    let parsed = worlds::parse(case)?;
    let echo_parsed = worlds::parse(&echo_case)?;
    for (i, (spec, echo_spec)) in specs.iter().enumerate() {
        stats.worlds += 1;
        let world_dir = dir.join(format!("w{i}"));
        std::fs::create_dir_all(&world_dir)?;
        let plain = World { wit: &wit, spec };
        let (glue, real) = timed(&mut stats.bindings, || {
            pipeline::bindings(&plain, &world_dir, mypy_cache)
        })
        .with_context(|| format!("world `{spec}` of {}", wit.display()))?;
        let id = find_world(&parsed, spec)?;
        let plain_app = app::generate(&parsed.resolve, id)?;
        timed(&mut stats.components_time, || {
            pipeline::component(artifacts, &glue, &real, &plain_app.files, &world_dir)
        })
        .with_context(|| format!("world `{spec}` of {}", wit.display()))?;
        stats.components += 1;

        let echo_id = find_world(&echo_parsed, echo_spec)?;
        let echo_app = app::generate(&echo_parsed.resolve, echo_id)?;
        if echo_app.echoed.is_empty() {
            continue;
        }
        let echo_dir = world_dir.join("echo");
        std::fs::create_dir_all(&echo_dir)?;
        let echo = World {
            wit: &echo_wit,
            spec: echo_spec,
        };
        let what = || format!("world `{echo_spec}` of {}", echo_wit.display());
        let (glue, real) = timed(&mut stats.bindings, || {
            pipeline::bindings(&echo, &echo_dir, mypy_cache)
        })
        .with_context(what)?;
        let component = timed(&mut stats.components_time, || {
            pipeline::component(artifacts, &glue, &real, &echo_app.files, &echo_dir)
        })
        .with_context(what)?;
        stats.components += 1;
        stats.echoed += echo_app.echoed.len();
        stats.calls += timed(&mut stats.round_trips, || {
            host::round_trip(engine, &component, &echo_app.echoed, rng, CALLS)
        })
        .with_context(what)?;
    }
    Ok(())
}

/// Checks that glue-gen rejects every world of `case` saying `expected`.
fn expect_rejected(case: &Case, wit: &Path, expected: &str, stats: &mut Stats) -> Result<()> {
    let parsed = worlds::parse(case)?;
    for id in &parsed.worlds {
        stats.worlds += 1;
        let spec = worlds::world_spec(&parsed.resolve, *id)?;
        let world = World { wit, spec: &spec };
        match glue_gen::run(&glue_gen::Options {
            wit: world.wit_options(),
            ..Default::default()
        }) {
            Ok(_) => bail!("glue-gen accepted `{spec}`; expected: {expected}"),
            Err(e) if e.to_string().contains(expected) => {}
            Err(e) => bail!("glue-gen rejected `{spec}` with {e}\nexpected: {expected}"),
        }
    }
    Ok(())
}

fn host_engine() -> Result<&'static wasmtime::Engine> {
    static ENGINE: OnceLock<std::result::Result<wasmtime::Engine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| host::engine().map_err(|e| format!("{e:#}")))
        .as_ref()
        .map_err(|e| anyhow!("{e}"))
}

impl Stats {
    fn add(&mut self, other: &Stats) {
        self.worlds += other.worlds;
        self.components += other.components;
        self.echoed += other.echoed;
        self.calls += other.calls;
        self.bindings += other.bindings;
        self.components_time += other.components_time;
        self.round_trips += other.round_trips;
    }
}

/// Worker threads (`FUZZ_JOBS`, default 2: CI has two cores, and a
/// pre-initialization keeps one busy).
fn jobs() -> Result<usize> {
    Ok(match env_number("FUZZ_JOBS")? {
        Some(n) => usize::try_from(n)?.max(1),
        None => 2,
    })
}

/// Runs every case on [`jobs`] threads; fails listing every failing case
/// (their directories are kept under `dir`). Case `i` draws its values from
/// `seed + i`, whatever thread runs it.
fn run_all(cases: &[Case], dir: &Path, seed: u64) -> Result<Stats> {
    let start = Instant::now();
    let next = AtomicUsize::new(0);
    let total = Mutex::new(Stats::default());
    let failures = Mutex::new(Vec::new());
    let worker = |job: usize| -> Result<()> {
        let mypy_cache = format!("fuzz-{job}");
        loop {
            let i = next.fetch_add(1, Ordering::SeqCst);
            let Some(case) = cases.get(i) else {
                return Ok(());
            };
            let case_dir = dir.join(&case.name);
            std::fs::create_dir_all(&case_dir)?;
            let mut rng = StdRng::seed_from_u64(seed.wrapping_add(i as u64));
            let mut stats = Stats::default();
            let outcome = run_case(case, &case_dir, &mut rng, &mut stats, &mypy_cache);
            total.lock().map_err(|_| anyhow!("poisoned"))?.add(&stats);
            match outcome {
                Ok(()) => std::fs::remove_dir_all(&case_dir)?,
                Err(e) => {
                    eprintln!(
                        "FAILED {} (kept in {}):\n{e:?}\n",
                        case.name,
                        case_dir.display()
                    );
                    failures
                        .lock()
                        .map_err(|_| anyhow!("poisoned"))?
                        .push(case.name.clone());
                }
            }
        }
    };
    let results: Vec<Result<()>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..jobs()?)
            .map(|job| scope.spawn(move || worker(job)))
            .collect();
        Ok::<_, anyhow::Error>(
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(anyhow!("a worker panicked")))
                })
                .collect(),
        )
    })?;
    for result in results {
        result?;
    }
    let stats = total.into_inner().map_err(|_| anyhow!("poisoned"))?;
    eprintln!(
        "{} worlds, {} components, {} echoed exports, {} round-trip calls in {:.0?} \
         (summed over threads: bindings and mypy {:.0?}, link and pre-init {:.0?}, \
         round trips {:.0?})",
        stats.worlds,
        stats.components,
        stats.echoed,
        stats.calls,
        start.elapsed(),
        stats.bindings,
        stats.components_time,
        stats.round_trips,
    );
    let failures = failures.into_inner().map_err(|_| anyhow!("poisoned"))?;
    if !failures.is_empty() {
        bail!(
            "{} of {} cases failed: {failures:?}",
            failures.len(),
            cases.len()
        );
    }
    Ok(stats)
}

/// A fixed seed's worlds (`FUZZ_SEED`, `FUZZ_WORLDS` to change them; e.g.
/// `FUZZ_WORLDS=500 cargo test -p fuzz --release fuzzed_worlds`).
#[test]
fn fuzzed_worlds() -> Result<()> {
    let seed = env_number("FUZZ_SEED")?.unwrap_or(DEFAULT_SEED);
    let count = match env_number("FUZZ_WORLDS")? {
        Some(n) => usize::try_from(n)?,
        None => DEFAULT_WORLDS,
    };
    let cases = worlds::generate(seed, count)?;
    let stats = run_all(&cases, &work_dir("seeded")?, seed)?;
    assert!(
        stats.worlds >= count,
        "ran {} of {count} worlds",
        stats.worlds
    );
    assert!(stats.calls > 0, "no export was round-tripped");
    Ok(())
}

/// Every kept regression world (`regressions/*.wit`).
#[test]
fn regressions() -> Result<()> {
    let cases = worlds::regressions()?;
    assert!(!cases.is_empty(), "no regression cases found");
    let stats = run_all(&cases, &work_dir("regressions")?, DEFAULT_SEED)?;
    assert!(stats.worlds >= cases.len());
    Ok(())
}
