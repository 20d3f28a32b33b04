//! Golden tests of the `glue-gen` binary: one trial per directory under
//! `tests/golden/`.
//!
//! Protocol:
//! - A case directory holds `case.wit`. Its leading `//@` lines form a TOML
//!   header with the options (all optional): `paths` (the `-d` inputs,
//!   relative to the case directory; default `["case.wit"]`), `worlds`
//!   (`-w`), `features`, `all_features`. The binary runs with the case
//!   directory as its working directory, so paths in messages are relative.
//! - A case named `error-*` must fail: exit code non-zero, no panic or
//!   backtrace, and stderr equal to `expected.stderr`.
//! - Any other case must succeed, and its `glue-meta.json` must equal the
//!   file of that name in the case directory. Every successful case also
//!   checks, without golden files: the glue validates (wasmparser), its
//!   `dylink.0` NEEDED list is `libpy_wasm_runtime.so`, it carries a
//!   `component-type:py-wasm-glue:*` section; the component-type object has
//!   exactly a `linking` and a `component-type:*` section; the header is the
//!   pinned `wit_dylib.h`; and a second run gives byte-identical outputs.
//! - `BLESS=1 cargo test -p glue-gen --test golden` rewrites the expected
//!   files instead of comparing. On failure the outputs are kept in a
//!   temporary directory whose path is printed.

use std::path::Path;
use std::process::Command;

use libtest_mimic::{Arguments, Failed, Trial};
use serde::Deserialize;
use wasmparser::{Dylink0Subsection, KnownCustom, Parser, Payload};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    paths: Option<Vec<String>>,
    #[serde(default)]
    worlds: Vec<String>,
    #[serde(default)]
    features: Vec<String>,
    #[serde(default)]
    all_features: bool,
}

fn main() {
    let args = Arguments::from_args();
    let trials = test_artifacts::case_dirs_or_exit("tests/golden")
        .into_iter()
        .map(|(name, dir)| Trial::test(name, move || run_case(&dir)))
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn bless() -> bool {
    std::env::var_os("BLESS").is_some()
}

fn read_header(case: &Path) -> Result<Header, Failed> {
    let text = std::fs::read_to_string(case.join("case.wit"))?;
    let toml: String = text
        .lines()
        .map_while(|l| l.strip_prefix("//@"))
        .map(|l| format!("{}\n", l.trim()))
        .collect();
    Ok(toml::from_str(&toml)?)
}

fn command(case: &Path, header: &Header, out: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_glue-gen"));
    cmd.current_dir(case);
    let paths = header
        .paths
        .clone()
        .unwrap_or_else(|| vec!["case.wit".to_string()]);
    for p in paths {
        cmd.arg("-d").arg(p);
    }
    for w in &header.worlds {
        cmd.arg("-w").arg(w);
    }
    if !header.features.is_empty() {
        cmd.arg("--features").arg(header.features.join(","));
    }
    if header.all_features {
        cmd.arg("--all-features");
    }
    cmd.arg("--glue-out").arg(out.join("glue.so"));
    cmd.arg("--meta-out").arg(out.join("glue-meta.json"));
    cmd.arg("--header-out").arg(out.join("wit_dylib.h"));
    cmd.arg("--component-type-object")
        .arg(out.join("component-type.o"));
    cmd
}

fn run_case(case: &Path) -> Result<(), Failed> {
    let header = read_header(case)?;
    let tmp = tempfile::tempdir()?;
    let result = check_case(case, &header, tmp.path());
    if result.is_err() {
        let kept = tmp.keep();
        eprintln!("outputs kept in {}", kept.display());
    }
    result
}

fn check_case(case: &Path, header: &Header, tmp: &Path) -> Result<(), Failed> {
    let is_error = case
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("error-"));
    let first = tmp.join("first");
    std::fs::create_dir_all(&first)?;
    let output = command(case, header, &first).output()?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if is_error {
        if output.status.success() {
            return Err("expected failure, but glue-gen succeeded".into());
        }
        if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
            return Err(format!("glue-gen panicked:\n{stderr}").into());
        }
        return compare(&case.join("expected.stderr"), stderr.as_bytes());
    }
    if !output.status.success() {
        return Err(format!("glue-gen failed:\n{stderr}").into());
    }
    let meta = std::fs::read(first.join("glue-meta.json"))?;
    compare(&case.join("glue-meta.json"), &meta)?;
    check_glue(&std::fs::read(first.join("glue.so"))?)?;
    check_object(&std::fs::read(first.join("component-type.o"))?)?;
    if std::fs::read_to_string(first.join("wit_dylib.h"))? != glue_gen::C_HEADER {
        return Err("wit_dylib.h differs from wit_dylib::C_HEADER".into());
    }

    let second = tmp.join("second");
    std::fs::create_dir_all(&second)?;
    let again = command(case, header, &second).output()?;
    if !again.status.success() {
        return Err("second run failed".into());
    }
    for file in [
        "glue.so",
        "glue-meta.json",
        "component-type.o",
        "wit_dylib.h",
    ] {
        if std::fs::read(first.join(file))? != std::fs::read(second.join(file))? {
            return Err(format!("{file} differs between two runs on the same input").into());
        }
    }
    Ok(())
}

fn compare(expected: &Path, actual: &[u8]) -> Result<(), Failed> {
    if bless() {
        std::fs::write(expected, actual)?;
        return Ok(());
    }
    let want = std::fs::read(expected)
        .map_err(|e| format!("{}: {e} (run with BLESS=1)", expected.display()))?;
    if want != actual {
        return Err(format!(
            "{} differs (run with BLESS=1 to accept):\n--- expected\n{}\n--- actual\n{}",
            expected.display(),
            String::from_utf8_lossy(&want),
            String::from_utf8_lossy(actual)
        )
        .into());
    }
    Ok(())
}

fn check_glue(glue: &[u8]) -> Result<(), Failed> {
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
        .validate_all(glue)
        .map_err(|e| format!("glue does not validate: {e}"))?;
    let mut needed = None;
    let mut component_type = false;
    for payload in Parser::new(0).parse_all(glue) {
        if let Payload::CustomSection(section) = payload? {
            if section.name().starts_with("component-type:py-wasm-glue:") {
                component_type = true;
            }
            if let KnownCustom::Dylink0(reader) = section.as_known() {
                for sub in reader {
                    if let Dylink0Subsection::Needed(libs) = sub? {
                        needed = Some(libs.iter().map(|s| s.to_string()).collect::<Vec<_>>());
                    }
                }
            }
        }
    }
    if needed != Some(vec!["libpy_wasm_runtime.so".to_string()]) {
        return Err(format!("dylink.0 NEEDED is {needed:?}").into());
    }
    if !component_type {
        return Err("the glue has no component-type:py-wasm-glue:* section".into());
    }
    Ok(())
}

fn check_object(object: &[u8]) -> Result<(), Failed> {
    let mut names = Vec::new();
    for payload in Parser::new(0).parse_all(object) {
        match payload? {
            Payload::CustomSection(s) => names.push(s.name().to_string()),
            Payload::Version { .. } | Payload::End(_) => {}
            other => return Err(format!("unexpected section in the object: {other:?}").into()),
        }
    }
    match names.as_slice() {
        [linking, ct] if linking == "linking" && ct.starts_with("component-type:") => Ok(()),
        _ => Err(format!("object sections are {names:?}").into()),
    }
}
