//! The runtime's reference counting: many calls must not leave Python
//! objects behind (a missing Py_DECREF in lifting, lowering or the call
//! paths would show up here).

use anyhow::{anyhow, Result};

use crate::harness::harness;
use crate::host::{Bag, Color, Perms, Point, Shape};

fn bag(n: u32) -> Bag {
    Bag {
        raw: vec![1, 2, 3],
        signed: vec![-1, 0, 1],
        names: vec!["a".into(), format!("n{n}"), "ü€".into()],
        matrix: vec![vec![n, 2], vec![]],
        pair: (7, "pair".into()),
        where_: Some(Point { x: 1.0, y: -1.0 }),
        deep: Some(None),
        full: if n.is_multiple_of(2) {
            Ok(n)
        } else {
            Err("e".into())
        },
        bare: Err(()),
        shapes: vec![
            Shape::Empty,
            Shape::Rect((1.0, 2.0)),
            Shape::At(Point { x: 0.5, y: 0.25 }),
            Shape::Label("l".into()),
        ],
        colors: vec![Color::HotPink, Color::Red],
        perms: Perms::READ | Perms::ADMIN,
        maybe: None,
    }
}

#[test]
fn repeated_calls_do_not_leak_python_objects() -> Result<()> {
    let mut i = harness()?.instance()?;
    let round = |i: &mut crate::harness::Instance, n: u32| -> Result<u64> {
        for k in 0..n {
            let g = i.bindings.test_roundtrip_guest();
            g.call_echo_bag(&mut i.store, &bag(k))?;
            g.call_echo_strings(&mut i.store, &["x".to_string(), "y".to_string()])?;
            let failed = g.call_fail_string(&mut i.store, 2)?;
            assert_eq!(failed, Err("ValueError: boom".to_string()));
            let c = i.store.data_mut().new_counter(k);
            g.call_read_counter(&mut i.store, crate::host::Host::borrow_counter(&c))?;
            g.call_consume_counter(&mut i.store, c)?;
            let blob = g.blob().call_constructor(&mut i.store, b"leak?")?;
            g.blob().call_data(&mut i.store, blob)?;
            blob.resource_drop(&mut i.store)?;
        }
        let g = i.bindings.test_roundtrip_guest();
        g.call_python_memory(&mut i.store)
            .map_err(|e| anyhow!("{e:?}\n{}", i.stderr()))
    };
    // Start tracing, then warm up: free lists, caches, and the internal
    // tables of the sets and dicts that track resources settle within a
    // few hundred rounds.
    round(&mut i, 1)?;
    round(&mut i, 1000)?;
    let before = round(&mut i, 1)?;
    let after = round(&mut i, 3000)?;
    // One leaked object per round would be at least 48 kB. Without a leak the
    // traced size still moves by up to ~9 kB from run to run (dict and set
    // tables resize depending on the interpreter's random hash seed).
    assert!(
        after <= before + 16384,
        "Python memory grew from {before} to {after} bytes over 3000 rounds"
    );
    assert_eq!(i.store.data().live_counters(), 0);
    Ok(())
}
