# Sourced by the scripts: the fixed cache locations every build shares.
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="$HOME/.cache/rules_py_wasm/cargo-target"
export BUILDIFIER="$HOME/.cache/rules_py_wasm/buildifier/node_modules/.bin/buildifier"
