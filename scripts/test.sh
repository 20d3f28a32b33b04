#!/bin/bash
# The test command (README quick start; .ci/run runs exactly this):
# formatting and lints, every Rust test, every Bazel test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked --quiet -- -D warnings
step "cargo test"
cargo test --workspace --locked --quiet
step "bazel test //..."
bazel test //...
