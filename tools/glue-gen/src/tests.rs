//! Unit tests of the loader, the metadata file and the generator. The
//! golden tests (`tests/golden.rs`) cover the binary end to end.

use std::error::Error;
use std::path::PathBuf;

use crate::meta::GlueMeta;
use crate::wit::{load, WitOptions};
use crate::{generate, world_fingerprint, GlueOptions, MetaError, WitError};

type TestResult = Result<(), Box<dyn Error>>;

fn opts(paths: &[&str], worlds: &[&str]) -> WitOptions {
    WitOptions {
        paths: paths.iter().map(PathBuf::from).collect(),
        worlds: worlds.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

fn kitchen_sink() -> String {
    format!(
        "{}/../wit-bindgen-py/tests/codegen/kitchen-sink.wit",
        test_artifacts::manifest_dir().display()
    )
}

#[test]
fn bundled_wasi_worlds_load_without_paths() -> TestResult {
    for (spec, expected) in [
        ("wasi:cli/command", "wasi:cli/command@0.2.12"),
        ("wasi:http/proxy", "wasi:http/proxy@0.2.12"),
        ("wasi:http/proxy@0.2.0", "wasi:http/proxy@0.2.12"),
        ("wasi:cli/command@0.2.3", "wasi:cli/command@0.2.12"),
    ] {
        let loaded = load(&opts(&[], &[spec]))?;
        assert_eq!(
            crate::wit::world_name(&loaded.resolve, loaded.world),
            expected
        );
    }
    Ok(())
}

#[test]
fn incompatible_version_is_unknown() {
    let err = load(&opts(&[], &["wasi:http/proxy@0.3.0"]));
    assert!(matches!(err, Err(WitError::UnknownWorld { .. })), "{err:?}");
}

#[test]
fn only_needed_bundled_packages_are_loaded() -> TestResult {
    let loaded = load(&opts(&[], &["wasi:random/imports"]))?;
    let names: Vec<String> = loaded
        .resolve
        .package_names
        .keys()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(names, ["wasi:random@0.2.12"]);
    Ok(())
}

#[test]
fn bare_world_name_and_default_world() -> TestResult {
    let ks = kitchen_sink();
    let by_name = load(&opts(&[&ks], &["kitchen"]))?;
    let default = load(&opts(&[&ks], &[]))?;
    assert_eq!(
        world_fingerprint(&by_name.resolve, by_name.world)?,
        world_fingerprint(&default.resolve, default.world)?
    );
    Ok(())
}

#[test]
fn fingerprint_is_stable_and_distinguishes_worlds() -> TestResult {
    let a = load(&opts(&[], &["wasi:cli/command"]))?;
    let b = load(&opts(&[], &["wasi:cli/command@0.2.0"]))?;
    let c = load(&opts(&[], &["wasi:http/proxy"]))?;
    let fa = world_fingerprint(&a.resolve, a.world)?;
    assert!(fa.starts_with("sha256:") && fa.len() == 7 + 64);
    assert_eq!(fa, world_fingerprint(&b.resolve, b.world)?);
    assert_ne!(fa, world_fingerprint(&c.resolve, c.world)?);
    Ok(())
}

#[test]
fn merged_worlds_union_imports_and_exports() -> TestResult {
    let loaded = load(&opts(&[], &["wasi:cli/command", "wasi:http/proxy"]))?;
    let world = &loaded.resolve.worlds[loaded.world];
    assert_eq!(
        crate::wit::world_name(&loaded.resolve, loaded.world),
        crate::wit::MERGED_WORLD
    );
    let exports: Vec<String> = world
        .exports
        .keys()
        .map(|k| loaded.resolve.name_world_key(k))
        .collect();
    assert_eq!(
        exports,
        ["wasi:cli/run@0.2.12", "wasi:http/incoming-handler@0.2.12"]
    );
    Ok(())
}

#[test]
fn glue_meta_round_trips_and_indexes_init() -> TestResult {
    let loaded = load(&opts(&[&kitchen_sink()], &[]))?;
    let glue = generate(&loaded.resolve, loaded.world, &GlueOptions::default())?;
    let meta = &glue.meta;
    assert_eq!(meta.export_funcs[meta.init_export].name, crate::INIT_EXPORT);
    assert_eq!(meta.export_funcs[meta.init_export].interface, None);
    assert_eq!(GlueMeta::from_json(&meta.to_json())?, *meta);
    // The user's world is unchanged: the init export lives in a copy.
    let world = &loaded.resolve.worlds[loaded.world];
    assert!(world
        .exports
        .keys()
        .all(|k| loaded.resolve.name_world_key(k) != crate::INIT_EXPORT));
    Ok(())
}

#[test]
fn glue_meta_rejects_other_versions_naming_the_producer() {
    let json = br#"{"version": 7, "producer": "glue-gen 9.9.9"}"#;
    let err = GlueMeta::from_json(json);
    assert!(
        matches!(err, Err(MetaError::Version { found: 7, .. })),
        "{err:?}"
    );
    let text = err.map(|_| String::new()).unwrap_or_else(|e| e.to_string());
    assert!(
        text.contains("version 7") && text.contains("glue-gen 9.9.9"),
        "{text}"
    );
    assert!(matches!(
        GlueMeta::from_json(b"[1"),
        Err(MetaError::Malformed { .. })
    ));
}

#[test]
fn wit_dylib_pins_agree() -> TestResult {
    assert_eq!(crate::meta::wit_current_version(), 3);
    let manifest = std::fs::read_to_string(test_artifacts::repo_root().join("Cargo.toml"))?;
    let pin = format!("wit-dylib = \"={}\"", crate::WIT_DYLIB_VERSION);
    assert!(
        manifest.contains(&pin),
        "workspace Cargo.toml does not pin `{pin}`"
    );
    Ok(())
}

#[test]
fn semver_compatibility_rules() -> TestResult {
    use crate::wit::compatible;
    let v = |s: &str| semver::Version::parse(s);
    assert!(compatible(&v("0.2.0")?, &v("0.2.12")?));
    assert!(compatible(&v("0.2.13")?, &v("0.2.12")?));
    assert!(!compatible(&v("0.3.0")?, &v("0.2.12")?));
    assert!(compatible(&v("1.0.0")?, &v("1.4.0")?));
    assert!(!compatible(&v("2.0.0")?, &v("1.4.0")?));
    assert!(!compatible(&v("0.0.1")?, &v("0.0.2")?));
    assert!(!compatible(&v("0.2.0-rc.1")?, &v("0.2.0")?));
    Ok(())
}

#[test]
fn bundled_files_are_the_wasi_packages() {
    let names: Vec<&str> = crate::wit::bundled::files()
        .iter()
        .map(|(n, _)| *n)
        .collect();
    for expected in ["cli.wit", "clocks.wit", "http.wit", "io.wit", "random.wit"] {
        assert!(names.contains(&expected), "{names:?}");
    }
    assert_eq!(crate::wit::bundled_wasi_version(), "0.2.12");
}
