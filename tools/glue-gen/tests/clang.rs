//! The component-type object links into a wasm shared library with clang-19
//! (`apt-get install clang-19 lld-19`), and the library keeps the section
//! byte for byte, as wit-bindgen's `*_component_type.o` does.

use std::error::Error;
use std::process::Command;

use wasmparser::{Parser, Payload};

type TestResult = Result<(), Box<dyn Error>>;

fn run(cmd: &mut Command) -> TestResult {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e} (install clang-19 and lld-19)"))?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed:\n{}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(())
}

#[test]
fn clang_links_the_component_type_object_into_a_shared_library() -> TestResult {
    let wit = glue_gen::WitOptions {
        worlds: vec!["wasi:cli/command".to_string()],
        ..Default::default()
    };
    let loaded = glue_gen::load(&wit)?;
    let object = glue_gen::component_type_object(&loaded.resolve, loaded.world)?;
    let expected = glue_gen::encode_world(&loaded.resolve, loaded.world)?;

    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("command_component_type.o"), &object)?;
    std::fs::write(
        dir.path().join("main.c"),
        "int answer(void) { return 42; }\n",
    )?;
    run(Command::new("clang-19").current_dir(dir.path()).args([
        "--target=wasm32-wasi",
        "-fPIC",
        "-c",
        "main.c",
        "-o",
        "main.o",
    ]))?;
    run(Command::new("clang-19").current_dir(dir.path()).args([
        "--target=wasm32-wasi",
        "-shared",
        "-nostdlib",
        "-Wl,--no-entry",
        "main.o",
        "command_component_type.o",
        "-o",
        "libx.so",
    ]))?;

    let library = std::fs::read(dir.path().join("libx.so"))?;
    let mut found = Vec::new();
    for payload in Parser::new(0).parse_all(&library) {
        if let Payload::CustomSection(s) = payload? {
            if s.name().starts_with("component-type:") {
                found.push((s.name().to_string(), s.data().to_vec()));
            }
        }
    }
    assert_eq!(
        found.len(),
        1,
        "component-type sections: {:?}",
        found.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert_eq!(found[0].0, "component-type:command");
    assert!(
        found[0].1 == expected,
        "the linked section differs from the encoded world"
    );
    Ok(())
}
