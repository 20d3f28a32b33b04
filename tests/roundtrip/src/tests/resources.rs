//! Must-show 2: imported and exported resources.

use anyhow::Result;
use wasmtime::component::ResourceAny;

use crate::harness::{harness, Instance};
use crate::host::{CounterRef, Host};

fn instance() -> Result<Instance> {
    harness()?.instance()
}

macro_rules! guest {
    ($i:expr) => {
        $i.bindings.test_roundtrip_guest()
    };
}

/// Calls `guest!(i).$method(&mut i.store, ...)`, adding stderr to errors.
macro_rules! call {
    ($i:expr, $method:ident($($arg:expr),*)) => {{
        let out = guest!($i).$method(&mut $i.store, $($arg),*);
        out.map_err(|e| anyhow::anyhow!("{e:?}\nstderr:\n{}", $i.stderr()))?
    }};
}

#[test]
fn imported_constructor_method_static() -> Result<()> {
    let mut i = instance()?;
    let got = call!(i, call_counter_roundtrip(5, &[1, 2, 3]));
    assert_eq!(got, 11);
    assert_eq!(i.store.data().created, 2, "constructor + static");
    assert_eq!(i.store.data().live_counters(), 0, "both dropped");
    Ok(())
}

#[test]
fn imported_handles_return_to_zero() -> Result<()> {
    let mut i = instance()?;
    let n = 10_000;
    let got = call!(i, call_counter_cycles(n));
    assert_eq!(got, n);
    assert_eq!(i.store.data().created, u64::from(n));
    assert_eq!(i.store.data().live_counters(), 0, "a counter leaked");
    Ok(())
}

#[test]
fn imported_borrows_and_owns() -> Result<()> {
    let mut i = instance()?;
    let a = i.store.data_mut().new_counter(10);
    let b = i.store.data_mut().new_counter(32);

    let got = call!(i, call_read_counter(Host::borrow_counter(&a)));
    assert_eq!(got, 10);

    let list = [Host::borrow_counter(&a), Host::borrow_counter(&b)];
    assert_eq!(call!(i, call_sum_borrowed(&list)), 42);

    let refs = [
        CounterRef {
            c: Host::borrow_counter(&a),
            label: "a".to_string(),
        },
        CounterRef {
            c: Host::borrow_counter(&b),
            label: "b".to_string(),
        },
        CounterRef {
            c: Host::borrow_counter(&b),
            label: "b again".to_string(),
        },
    ];
    assert_eq!(call!(i, call_sum_ref_records(&refs)), 74);
    // Lent handles were given back; the host still owns both.
    assert_eq!(i.store.data().live_counters(), 2);

    // own in: Python reads it, then moves it to the host's take-counter.
    assert_eq!(call!(i, call_consume_counter(a)), 20);
    assert_eq!(i.store.data().live_counters(), 1);

    // own out: made in Python, returned to the host.
    let given = call!(i, call_give_counter(7));
    assert_eq!(i.store.data_mut().value_of(&given), 7);
    i.store.data_mut().drop_counter(given);
    i.store.data_mut().drop_counter(b);
    assert_eq!(i.store.data().live_counters(), 0);
    Ok(())
}

#[test]
fn borrow_used_after_the_call_raises() -> Result<()> {
    let mut i = instance()?;
    let c = i.store.data_mut().new_counter(1);
    call!(i, call_keep_counter(Host::borrow_counter(&c)));
    let msg = call!(i, call_use_kept_counter());
    assert_eq!(
        msg,
        "ValueError: argument 1 of import `test:roundtrip/host@0.1.0#[method]counter.get`: \
         resource `counter` used after the call that lent it returned"
    );
    i.store.data_mut().drop_counter(c);
    Ok(())
}

#[test]
fn exported_constructor_method_static() -> Result<()> {
    let mut i = instance()?;
    let blob = guest!(i).blob();
    let a = blob.call_constructor(&mut i.store, b"ab")?;
    let b = blob.call_constructor(&mut i.store, b"cd")?;
    blob.call_append(&mut i.store, a, b"!")?;
    assert_eq!(blob.call_data(&mut i.store, a)?, b"ab!");
    let c = blob.call_concat(&mut i.store, a, b)?;
    assert_eq!(blob.call_data(&mut i.store, c)?, b"ab!cd");
    assert_eq!(call!(i, call_live_blobs()), 3);
    // own<blob> back into the component: its rep becomes a Python object
    // again and the handle is gone.
    assert_eq!(blob.call_into_data(&mut i.store, c)?, b"ab!cd");
    assert_eq!(call!(i, call_live_blobs()), 2);
    for r in [a, b] {
        r.resource_drop(&mut i.store)?;
    }
    assert_eq!(
        call!(i, call_live_blobs()),
        0,
        "the destructor must free the object"
    );
    Ok(())
}

#[test]
fn exported_destructor_frees_the_object() -> Result<()> {
    let mut i = instance()?;
    let blob = guest!(i).blob();
    let b = blob.call_constructor(&mut i.store, b"watched")?;
    call!(i, call_watch_blob(b));
    assert!(call!(i, call_watched_alive()));
    b.resource_drop(&mut i.store)?;
    assert!(
        !call!(i, call_watched_alive()),
        "the weakref must be dead after the handle was dropped"
    );
    Ok(())
}

#[test]
fn exported_handles_return_to_zero() -> Result<()> {
    let mut i = instance()?;
    let blob = guest!(i).blob();
    let mut held: Vec<ResourceAny> = Vec::new();
    for n in 0..10_000u32 {
        let b = blob.call_constructor(&mut i.store, &n.to_le_bytes())?;
        if n % 100 == 0 {
            held.push(b);
        } else {
            b.resource_drop(&mut i.store)?;
        }
    }
    assert_eq!(call!(i, call_live_blobs()), 100);
    for b in held {
        b.resource_drop(&mut i.store)?;
    }
    assert_eq!(call!(i, call_live_blobs()), 0, "a blob leaked");
    Ok(())
}
