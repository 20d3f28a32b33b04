//! The test world pre-initialized by py-preinit (the library, as the Bazel
//! action and py-wasm call it) and driven from the wasmtime crate: no init
//! call, no stdlib or app on any file system, and the values still round-trip.

use anyhow::{Context, Result};

use crate::harness::harness;

#[test]
fn snapshot_round_trips_without_init_or_files() -> Result<()> {
    let h = harness()?;
    let work = tempfile::tempdir()?;
    let linked = work.path().join("linked.wasm");
    std::fs::write(&linked, &h.built.component)?;
    let out = py_preinit::run(&py_preinit::Options {
        component: linked,
        app: "app".into(),
        stdlib: h.built.artifacts.stdlib.clone(),
        bindings: h.built.bindings.clone(),
        python_path: vec![h.built.app.clone()],
        stub_wasi_component: None,
        precompiled: None,
    })
    .context("py-preinit")?;

    let (mut store, exports) = h.instantiate_other(&out.component)?;
    let got = exports.call_ping(&mut store, 41)?;
    assert_eq!(got, 42);
    assert_eq!(store.data().log, vec!["ping 41".to_string()]);
    let strings = vec!["snap".to_string(), "shot ✓".to_string()];
    let g = exports.test_roundtrip_guest();
    assert_eq!(g.call_echo_strings(&mut store, &strings)?, strings);
    Ok(())
}
