#!/bin/bash
# Builds the workspace's Rust tools with cargo and copies the binaries out.
#
# Usage: cargo_build.sh WORKSPACE_MANIFEST OUT_BINARY...
# Run by the `CargoBuild` action (rules/private/cargo.bzl) outside the
# sandbox, so that cargo's target directory under ~/.cache persists across
# builds and checkouts. Release binaries are byte-identical across checkouts
# (profile.release in Cargo.toml; workspace paths are relative).
set -euo pipefail
manifest=$1
shift

home=$(getent passwd "$(id -u)" | cut -d: -f6)
export CARGO_HOME="${CARGO_HOME:-$home/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$home/.rustup}"
export PATH="$CARGO_HOME/bin:$PATH"
cache="$home/.cache/rules_py_wasm"
export CARGO_TARGET_DIR="$cache/cargo-target"
mkdir -p "$cache"

packages=()
for out in "$@"; do
  packages+=(-p "$(basename "$out")")
done

# One cargo build of the shared target directory at a time, copy included.
exec 9>"$cache/cargo-target.lock"
flock 9
log=$(mktemp)
if ! cargo build --release --locked --quiet --manifest-path "$manifest" "${packages[@]}" >"$log" 2>&1; then
  echo "error: cargo build of ${packages[*]} failed:" >&2
  cat "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
for out in "$@"; do
  cp "$CARGO_TARGET_DIR/release/$(basename "$out")" "$out"
done
