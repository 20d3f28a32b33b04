#!/bin/bash
# The test command (README quick start; .ci/run runs exactly this):
# formatting and lints, every Rust test, every Bazel test, and the
# cross-checkout checks (hermeticity, per-stage caching, remote cache,
# NumPy's reproducible build).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked --quiet -- -D warnings
step "buildifier"
"$BUILDIFIER" --lint=warn --mode=check -r .
step "cargo test"
cargo test --workspace --locked --quiet
step "bazel test //..."
bazel test //...
step "a second checkout rebuilds nothing of the toolchain"
tests/toolchain/hermeticity.sh
step "an app edit reruns only the app's stages"
tests/bazel/stage_caching.sh
step "remote cache: a second checkout builds from an HTTP cache"
tests/bazel/remote_cache.sh
step "NumPy for WASI: reproducible, and fully cached the second time"
tests/numpy/check_reproducible.sh
