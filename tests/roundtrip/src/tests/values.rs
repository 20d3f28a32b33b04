//! Must-show 1: every type kind, property-based, export -> Python ->
//! import -> host -> back, on one shared instance.

use std::cell::{Cell, RefCell};
use std::sync::Mutex;

use anyhow::{anyhow, Result};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

use crate::harness::{harness, Instance};
use crate::host::{Bag, Color, Perms, Point, Scalars, Shape};

/// The seed used unless `PROPTEST_RNG_SEED` is set.
const DEFAULT_SEED: u64 = 0x5eed_2026;

static SHARED: Mutex<Option<Instance>> = Mutex::new(None);

fn config() -> Config {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let cases = env("PROPTEST_CASES").and_then(|n| u32::try_from(n).ok());
    Config {
        cases: cases.unwrap_or(256),
        rng_seed: RngSeed::Fixed(env("PROPTEST_RNG_SEED").unwrap_or(DEFAULT_SEED)),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Runs `call` on `strategy`'s values against the shared instance; each
/// call must give back what went in (`same`).
fn check<S, F, C>(strategy: S, call: F, same: C) -> Result<()>
where
    S: Strategy,
    S::Value: Clone + std::fmt::Debug,
    F: Fn(&mut Instance, S::Value) -> wasmtime::Result<S::Value>,
    C: Fn(&S::Value, &S::Value) -> bool,
{
    let h = harness()?;
    let mut guard = SHARED
        .lock()
        .map_err(|_| anyhow!("a value test panicked"))?;
    if guard.is_none() {
        *guard = Some(h.instance()?);
    }
    let inst = RefCell::new(guard.as_mut().ok_or_else(|| anyhow!("no instance"))?);
    let cfg = config();
    let cases = cfg.cases;
    let mut runner = TestRunner::new(cfg);
    let ran = Cell::new(0u32);
    let result = runner.run(&strategy, |value| {
        ran.set(ran.get() + 1);
        let mut inst = inst.borrow_mut();
        let got = call(&mut inst, value.clone())
            .map_err(|e| TestCaseError::fail(format!("{e:?}\nstderr:\n{}", inst.stderr())))?;
        if !same(&value, &got) {
            return Err(TestCaseError::fail(format!("sent {value:?}, got {got:?}")));
        }
        Ok(())
    });
    result.map_err(|e| anyhow!("{e}"))?;
    assert!(ran.get() >= cases, "ran {} of {cases} cases", ran.get());
    Ok(())
}

fn f32_same(a: f32, b: f32) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

fn f64_same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

fn text() -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..24).prop_map(String::from_iter)
}

fn point() -> impl Strategy<Value = Point> {
    (any::<f64>(), any::<f64>()).prop_map(|(x, y)| Point { x, y })
}

fn point_same(a: &Point, b: &Point) -> bool {
    f64_same(a.x, b.x) && f64_same(a.y, b.y)
}

fn scalars() -> impl Strategy<Value = Scalars> {
    (
        (any::<bool>(), any::<u8>(), any::<u16>(), any::<u32>()),
        (any::<u64>(), any::<i8>(), any::<i16>(), any::<i32>()),
        (
            any::<i64>(),
            any::<f32>(),
            any::<f64>(),
            any::<char>(),
            text(),
        ),
    )
        .prop_map(
            |((b, u8_, u16_, u32_), (u64_, s8, s16, s32), (s64, f32_, f64_, c, s))| Scalars {
                a_bool: b,
                a_u8: u8_,
                a_u16: u16_,
                a_u32: u32_,
                a_u64: u64_,
                a_s8: s8,
                a_s16: s16,
                a_s32: s32,
                a_s64: s64,
                a_f32: f32_,
                a_f64: f64_,
                a_char: c,
                a_string: s,
            },
        )
}

fn scalars_same(a: &Scalars, b: &Scalars) -> bool {
    a.a_bool == b.a_bool
        && a.a_u8 == b.a_u8
        && a.a_u16 == b.a_u16
        && a.a_u32 == b.a_u32
        && a.a_u64 == b.a_u64
        && a.a_s8 == b.a_s8
        && a.a_s16 == b.a_s16
        && a.a_s32 == b.a_s32
        && a.a_s64 == b.a_s64
        && f32_same(a.a_f32, b.a_f32)
        && f64_same(a.a_f64, b.a_f64)
        && a.a_char == b.a_char
        && a.a_string == b.a_string
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        Just(Shape::Empty),
        any::<f64>().prop_map(Shape::Circle),
        (any::<f64>(), any::<f64>()).prop_map(Shape::Rect),
        point().prop_map(Shape::At),
        text().prop_map(Shape::Label),
    ]
}

fn shape_same(a: &Shape, b: &Shape) -> bool {
    match (a, b) {
        (Shape::Empty, Shape::Empty) => true,
        (Shape::Circle(x), Shape::Circle(y)) => f64_same(*x, *y),
        (Shape::Rect((a1, a2)), Shape::Rect((b1, b2))) => f64_same(*a1, *b1) && f64_same(*a2, *b2),
        (Shape::At(p), Shape::At(q)) => point_same(p, q),
        (Shape::Label(x), Shape::Label(y)) => x == y,
        _ => false,
    }
}

fn color() -> impl Strategy<Value = Color> {
    prop_oneof![
        Just(Color::Red),
        Just(Color::Green),
        Just(Color::Blue),
        Just(Color::HotPink)
    ]
}

fn perms() -> impl Strategy<Value = Perms> {
    (0u8..16).prop_map(|bits| {
        let mut p = Perms::empty();
        for (bit, flag) in [Perms::READ, Perms::WRITE, Perms::EXEC, Perms::ADMIN]
            .into_iter()
            .enumerate()
        {
            if bits & (1 << bit) != 0 {
                p |= flag;
            }
        }
        p
    })
}

fn result_u32() -> impl Strategy<Value = Result<u32, String>> {
    prop_oneof![any::<u32>().prop_map(Ok), text().prop_map(Err)]
}

fn bag() -> impl Strategy<Value = Bag> {
    (
        (
            vec(any::<u8>(), 0..40),
            vec(any::<i8>(), 0..40),
            vec(text(), 0..6),
            vec(vec(any::<u32>(), 0..5), 0..5),
            (any::<u8>(), text()),
        ),
        (
            proptest::option::of(point()),
            proptest::option::of(proptest::option::of(any::<u32>())),
            result_u32(),
            prop_oneof![Just(Ok(())), Just(Err(()))],
        ),
        (
            vec(shape(), 0..6),
            vec(color(), 0..6),
            perms(),
            proptest::option::of(any::<u32>()),
        ),
    )
        .prop_map(
            |(
                (raw, signed, names, matrix, pair),
                (where_, deep, full, bare),
                (shapes, colors, perms, maybe),
            )| Bag {
                raw,
                signed,
                names,
                matrix,
                pair,
                where_,
                deep,
                full,
                bare,
                shapes,
                colors,
                perms,
                maybe,
            },
        )
}

fn bag_same(a: &Bag, b: &Bag) -> bool {
    let opt_point = |p: &Option<Point>, q: &Option<Point>| match (p, q) {
        (Some(p), Some(q)) => point_same(p, q),
        (None, None) => true,
        _ => false,
    };
    a.raw == b.raw
        && a.signed == b.signed
        && a.names == b.names
        && a.matrix == b.matrix
        && a.pair == b.pair
        && opt_point(&a.where_, &b.where_)
        && a.deep == b.deep
        && a.full == b.full
        && a.bare == b.bare
        && a.shapes.len() == b.shapes.len()
        && a.shapes
            .iter()
            .zip(&b.shapes)
            .all(|(x, y)| shape_same(x, y))
        && a.colors == b.colors
        && a.perms == b.perms
        && a.maybe == b.maybe
}

macro_rules! scalar_tests {
    ($($test:ident: $call:ident, $strategy:expr;)*) => {$(
        #[test]
        fn $test() -> Result<()> {
            check(
                $strategy,
                |i, v| i.bindings.test_roundtrip_guest().$call(&mut i.store, v),
                |a, b| a == b,
            )
        }
    )*};
}

scalar_tests! {
    echo_bool: call_echo_bool, any::<bool>();
    echo_u8: call_echo_u8, any::<u8>();
    echo_u16: call_echo_u16, any::<u16>();
    echo_u32: call_echo_u32, any::<u32>();
    echo_u64: call_echo_u64, any::<u64>();
    echo_s8: call_echo_s8, any::<i8>();
    echo_s16: call_echo_s16, any::<i16>();
    echo_s32: call_echo_s32, any::<i32>();
    echo_s64: call_echo_s64, any::<i64>();
    echo_char: call_echo_char, any::<char>();
    echo_color: call_echo_color, color();
    echo_perms: call_echo_perms, perms();
    echo_option: call_echo_option, proptest::option::of(any::<u32>());
}

#[test]
fn echo_f32() -> Result<()> {
    check(
        any::<f32>(),
        |i, v| {
            i.bindings
                .test_roundtrip_guest()
                .call_echo_f32(&mut i.store, v)
        },
        |a, b| f32_same(*a, *b),
    )
}

#[test]
fn echo_f64() -> Result<()> {
    check(
        any::<f64>(),
        |i, v| {
            i.bindings
                .test_roundtrip_guest()
                .call_echo_f64(&mut i.store, v)
        },
        |a, b| f64_same(*a, *b),
    )
}

#[test]
fn echo_string() -> Result<()> {
    check(
        text(),
        |i, v| {
            i.bindings
                .test_roundtrip_guest()
                .call_echo_string(&mut i.store, &v)
        },
        |a, b| a == b,
    )
}

#[test]
fn echo_bytes() -> Result<()> {
    check(
        vec(any::<u8>(), 0..300),
        |i, v| {
            i.bindings
                .test_roundtrip_guest()
                .call_echo_bytes(&mut i.store, &v)
        },
        |a, b| a == b,
    )
}

#[test]
fn echo_signed() -> Result<()> {
    check(
        vec(any::<i8>(), 0..300),
        |i, v| {
            i.bindings
                .test_roundtrip_guest()
                .call_echo_signed(&mut i.store, &v)
        },
        |a, b| a == b,
    )
}

#[test]
fn echo_strings() -> Result<()> {
    check(
        vec(text(), 0..10),
        |i, v| {
            i.bindings
                .test_roundtrip_guest()
                .call_echo_strings(&mut i.store, &v)
        },
        |a, b| a == b,
    )
}

#[test]
fn echo_matrix() -> Result<()> {
    check(
        vec(vec(any::<u32>(), 0..8), 0..8),
        |i, v| {
            i.bindings
                .test_roundtrip_guest()
                .call_echo_matrix(&mut i.store, &v)
        },
        |a, b| a == b,
    )
}

#[test]
fn echo_tuple() -> Result<()> {
    check(
        (any::<u8>(), text(), any::<f64>()),
        |i, v| {
            i.bindings
                .test_roundtrip_guest()
                .call_echo_tuple(&mut i.store, (v.0, &v.1, v.2))
        },
        |a, b| a.0 == b.0 && a.1 == b.1 && f64_same(a.2, b.2),
    )
}

#[test]
fn echo_scalars() -> Result<()> {
    check(
        scalars(),
        |i, v| {
            i.bindings
                .test_roundtrip_guest()
                .call_echo_scalars(&mut i.store, &v)
        },
        scalars_same,
    )
}

#[test]
fn echo_shape() -> Result<()> {
    check(
        shape(),
        |i, v| {
            i.bindings
                .test_roundtrip_guest()
                .call_echo_shape(&mut i.store, &v)
        },
        shape_same,
    )
}

#[test]
fn echo_nested() -> Result<()> {
    check(
        proptest::option::of(proptest::option::of(text())),
        |i, v| {
            i.bindings
                .test_roundtrip_guest()
                .call_echo_nested(&mut i.store, v.as_ref().map(|o| o.as_deref()))
        },
        |a, b| a == b,
    )
}

#[test]
fn echo_result() -> Result<()> {
    check(
        result_u32(),
        |i, v| {
            let arg = v.as_ref().map(|n| *n).map_err(|s| s.as_str());
            i.bindings
                .test_roundtrip_guest()
                .call_echo_result(&mut i.store, arg)
        },
        |a, b| a == b,
    )
}

#[test]
fn echo_bag() -> Result<()> {
    check(
        bag(),
        |i, v| {
            i.bindings
                .test_roundtrip_guest()
                .call_echo_bag(&mut i.store, &v)
        },
        bag_same,
    )
}

type Many = (
    u8,
    i16,
    u32,
    i64,
    f32,
    f64,
    char,
    String,
    Vec<u8>,
    Option<Point>,
);

#[test]
fn echo_many() -> Result<()> {
    let strategy = (
        (any::<u8>(), any::<i16>(), any::<u32>(), any::<i64>()),
        (any::<f32>(), any::<f64>(), any::<char>(), text()),
        (vec(any::<u8>(), 0..20), proptest::option::of(point())),
    )
        .prop_map(|((a, b, c, d), (e, f, g, h), (i, j))| (a, b, c, d, e, f, g, h, i, j));
    check(
        strategy,
        |i, v: Many| {
            let p = Point { x: 1.0, y: 2.0 };
            i.bindings.test_roundtrip_guest().call_echo_many(
                &mut i.store,
                v.0,
                v.1,
                v.2,
                v.3,
                v.4,
                v.5,
                v.6,
                &v.7,
                &v.8,
                v.9,
                p,
                p,
                p,
                p,
            )
        },
        |a, b| {
            a.0 == b.0
                && a.1 == b.1
                && a.2 == b.2
                && a.3 == b.3
                && f32_same(a.4, b.4)
                && f64_same(a.5, b.5)
                && a.6 == b.6
                && a.7 == b.7
                && a.8 == b.8
                && match (&a.9, &b.9) {
                    (Some(p), Some(q)) => point_same(p, q),
                    (None, None) => true,
                    _ => false,
                }
        },
    )
}
