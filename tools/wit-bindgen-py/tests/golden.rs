//! Golden tests of the `wit-bindgen-py` binary: one trial per directory
//! under `tests/golden/`.
//!
//! Protocol:
//! - A case directory holds `case.wit`. Its leading `//@` lines form a TOML
//!   header (all keys optional): `paths` (the `-d` inputs, relative to the
//!   case directory; default `["case.wit"]`), `worlds`, `features`,
//!   `all_features`, `mode` (`"stub"` or `"real"`), `world_module`,
//!   `import_names` and `export_names` (lists of `"KEY=NAME"`),
//!   `full_names`. The binary runs in the case directory, so paths in
//!   messages are relative.
//! - A case named `error-*` must fail with a non-zero exit code, without a
//!   panic or backtrace, and with stderr equal to `expected.stderr`.
//! - Any other case must succeed, and the output directory must equal the
//!   `expected/` tree: the same files with the same contents. A second run
//!   into the same directory must leave it byte-identical (determinism).
//! - `BLESS=1 cargo test -p wit-bindgen-py --test golden` rewrites the
//!   expectations. On failure the output is kept in a temporary directory
//!   whose path is printed.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use libtest_mimic::{Arguments, Failed, Trial};
use serde::Deserialize;

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
    mode: Option<String>,
    world_module: Option<String>,
    #[serde(default)]
    import_names: Vec<String>,
    #[serde(default)]
    export_names: Vec<String>,
    #[serde(default)]
    full_names: bool,
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
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wit-bindgen-py"));
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
    if let Some(mode) = &header.mode {
        cmd.arg("--mode").arg(mode);
    }
    if let Some(module) = &header.world_module {
        cmd.arg("--world-module").arg(module);
    }
    for kv in &header.import_names {
        cmd.arg("--import-interface-name").arg(kv);
    }
    for kv in &header.export_names {
        cmd.arg("--export-interface-name").arg(kv);
    }
    if header.full_names {
        cmd.arg("--full-names");
    }
    cmd.arg("-o").arg(out);
    cmd
}

fn run_case(case: &Path) -> Result<(), Failed> {
    let header = read_header(case)?;
    let tmp = tempfile::tempdir()?;
    let result = check_case(case, &header, tmp.path());
    if result.is_err() {
        let kept = tmp.keep();
        eprintln!("output kept in {}", kept.display());
    }
    result
}

fn check_case(case: &Path, header: &Header, tmp: &Path) -> Result<(), Failed> {
    let is_error = case
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("error-"));
    let out = tmp.join("out");
    let output = command(case, header, &out).output()?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if is_error {
        if output.status.success() {
            return Err("expected failure, but wit-bindgen-py succeeded".into());
        }
        if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
            return Err(format!("wit-bindgen-py panicked:\n{stderr}").into());
        }
        return compare_file(&case.join("expected.stderr"), stderr.as_bytes());
    }
    if !output.status.success() {
        return Err(format!("wit-bindgen-py failed:\n{stderr}").into());
    }
    let first = read_tree(&out)?;
    let again = command(case, header, &out).output()?;
    if !again.status.success() || read_tree(&out)? != first {
        return Err("a second run into the same directory changed its contents".into());
    }
    let expected = case.join("expected");
    if bless() {
        if expected.exists() {
            std::fs::remove_dir_all(&expected)?;
        }
        for (rel, bytes) in &first {
            let path = expected.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)?;
        }
        return Ok(());
    }
    let want = read_tree(&expected)?;
    if want.keys().collect::<Vec<_>>() != first.keys().collect::<Vec<_>>() {
        return Err(format!(
            "file sets differ (run with BLESS=1 to accept):\n expected {:?}\n actual   {:?}",
            want.keys().collect::<Vec<_>>(),
            first.keys().collect::<Vec<_>>()
        )
        .into());
    }
    for (rel, bytes) in &first {
        compare_bytes(&expected.join(rel), &want[rel], bytes)?;
    }
    Ok(())
}

fn read_tree(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, Failed> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                out.insert(rel, std::fs::read(&path)?);
            }
        }
    }
    Ok(out)
}

fn compare_file(expected: &Path, actual: &[u8]) -> Result<(), Failed> {
    if bless() {
        std::fs::write(expected, actual)?;
        return Ok(());
    }
    let want = std::fs::read(expected)
        .map_err(|e| format!("{}: {e} (run with BLESS=1)", expected.display()))?;
    compare_bytes(expected, &want, actual)
}

fn compare_bytes(path: &Path, want: &[u8], actual: &[u8]) -> Result<(), Failed> {
    if want == actual {
        return Ok(());
    }
    let want = String::from_utf8_lossy(want);
    let actual = String::from_utf8_lossy(actual);
    let first_diff = want
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| want.lines().count().min(actual.lines().count()));
    Err(format!(
        "{} differs from line {} (run with BLESS=1 to accept):\n--- expected\n{}\n--- actual\n{}",
        path.display(),
        first_diff + 1,
        want.lines()
            .skip(first_diff)
            .take(5)
            .collect::<Vec<_>>()
            .join("\n"),
        actual
            .lines()
            .skip(first_diff)
            .take(5)
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .into())
}
