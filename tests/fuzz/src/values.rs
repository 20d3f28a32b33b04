//! Random component values of any (handle-free) component type, and their
//! comparison.
//!
//! Values are built from wasmtime's reflected types
//! (`wasmtime::component::Type`), so the host can drive any function of a
//! generated world with `Func::call`. Floats are drawn from a mix of
//! special values (±0, ±∞, NaN, the extremes) and random bit patterns; NaNs
//! compare equal to each other (a NaN's payload is not preserved by
//! Python's `float`, nor required to be by the Component Model). Strings
//! mix ASCII with any Unicode scalar value. Lists are short, so that deep
//! nestings stay small.

use anyhow::{bail, Result};
use rand::rngs::StdRng;
use rand::RngExt;
use wasmtime::component::{Type, Val};

/// Draws a random value of `ty`.
pub fn random(rng: &mut StdRng, ty: &Type) -> Result<Val> {
    Ok(match ty {
        Type::Bool => Val::Bool(rng.random()),
        Type::S8 => Val::S8(rng.random()),
        Type::U8 => Val::U8(rng.random()),
        Type::S16 => Val::S16(rng.random()),
        Type::U16 => Val::U16(rng.random()),
        Type::S32 => Val::S32(rng.random()),
        Type::U32 => Val::U32(rng.random()),
        Type::S64 => Val::S64(rng.random()),
        Type::U64 => Val::U64(rng.random()),
        Type::Float32 => Val::Float32(f32_value(rng)),
        Type::Float64 => Val::Float64(f64_value(rng)),
        Type::Char => Val::Char(char_value(rng)),
        Type::String => {
            let len = rng.random_range(0..12);
            Val::String((0..len).map(|_| char_value(rng)).collect())
        }
        Type::List(list) => {
            let len = rng.random_range(0..4);
            let elem = list.ty();
            Val::List(
                (0..len)
                    .map(|_| random(rng, &elem))
                    .collect::<Result<_>>()?,
            )
        }
        Type::Record(record) => Val::Record(
            record
                .fields()
                .map(|f| Ok((f.name.to_string(), random(rng, &f.ty)?)))
                .collect::<Result<_>>()?,
        ),
        Type::Tuple(tuple) => Val::Tuple(
            tuple
                .types()
                .map(|t| random(rng, &t))
                .collect::<Result<_>>()?,
        ),
        Type::Variant(variant) => {
            let cases: Vec<_> = variant.cases().collect();
            let case = &cases[rng.random_range(0..cases.len())];
            let value = payload(rng, case.ty.clone())?;
            Val::Variant(case.name.to_string(), value)
        }
        Type::Enum(e) => {
            let names: Vec<&str> = e.names().collect();
            Val::Enum(names[rng.random_range(0..names.len())].to_string())
        }
        Type::Option(option) => {
            if rng.random_bool(0.3) {
                Val::Option(None)
            } else {
                Val::Option(Some(Box::new(random(rng, &option.ty())?)))
            }
        }
        Type::Result(result) => {
            if rng.random() {
                Val::Result(Ok(payload(rng, result.ok())?))
            } else {
                Val::Result(Err(payload(rng, result.err())?))
            }
        }
        Type::Flags(flags) => Val::Flags(
            flags
                .names()
                .filter(|_| rng.random())
                .map(str::to_string)
                .collect(),
        ),
        other => bail!("no random values of {other:?} (excluded from echo worlds)"),
    })
}

/// A value of `ty`, boxed, if there is a type.
fn payload(rng: &mut StdRng, ty: Option<Type>) -> Result<Option<Box<Val>>> {
    match ty {
        Some(t) => Ok(Some(Box::new(random(rng, &t)?))),
        None => Ok(None),
    }
}

fn f32_value(rng: &mut StdRng) -> f32 {
    const SPECIAL: [f32; 8] = [
        0.0,
        -0.0,
        1.5,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        f32::MAX,
        f32::MIN_POSITIVE,
    ];
    if rng.random_bool(0.3) {
        SPECIAL[rng.random_range(0..SPECIAL.len())]
    } else {
        f32::from_bits(rng.random())
    }
}

fn f64_value(rng: &mut StdRng) -> f64 {
    const SPECIAL: [f64; 8] = [
        0.0,
        -0.0,
        1.5,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MAX,
        f64::MIN_POSITIVE,
    ];
    if rng.random_bool(0.3) {
        SPECIAL[rng.random_range(0..SPECIAL.len())]
    } else {
        f64::from_bits(rng.random())
    }
}

fn char_value(rng: &mut StdRng) -> char {
    if rng.random_bool(0.6) {
        char::from(rng.random_range(0x20u8..0x7f))
    } else {
        loop {
            if let Some(c) = char::from_u32(rng.random_range(0..=0x10_ffff)) {
                return c;
            }
        }
    }
}

/// Are `a` and `b` the same value (NaNs equal, flags as sets)?
pub fn same(a: &Val, b: &Val) -> bool {
    let all = |a: &[Val], b: &[Val]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y));
    let boxed = |a: &Option<Box<Val>>, b: &Option<Box<Val>>| match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => same(x, y),
        _ => false,
    };
    match (a, b) {
        (Val::Float32(x), Val::Float32(y)) => {
            (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits()
        }
        (Val::Float64(x), Val::Float64(y)) => {
            (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits()
        }
        (Val::List(x), Val::List(y)) | (Val::Tuple(x), Val::Tuple(y)) => all(x, y),
        (Val::Record(x), Val::Record(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((n1, v1), (n2, v2))| n1 == n2 && same(v1, v2))
        }
        (Val::Variant(n1, p1), Val::Variant(n2, p2)) => n1 == n2 && boxed(p1, p2),
        (Val::Option(x), Val::Option(y)) => boxed(x, y),
        (Val::Result(Ok(x)), Val::Result(Ok(y))) | (Val::Result(Err(x)), Val::Result(Err(y))) => {
            boxed(x, y)
        }
        (Val::Flags(x), Val::Flags(y)) => {
            let mut x = x.clone();
            let mut y = y.clone();
            x.sort();
            y.sort();
            x == y
        }
        _ => a == b,
    }
}
