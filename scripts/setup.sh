#!/bin/bash
# Installs what building and testing rules_py_wasm needs, idempotently:
# Debian packages (clang-19 toolchain for wasm32-wasi, Bazel, nginx, wrk),
# the Rust crates of Cargo.lock, and the caches under ~/.cache/rules_py_wasm.
# Everything is fetched through the ordinary clients (apt-get, cargo).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  clang-19 lld-19 llvm-19 libclang-rt-19-dev-wasm32  # C for wasm32-wasi
  bazel-bootstrap                                    # Bazel 4.2.3 (WORKSPACE mode)
  dpkg-dev xz-utils bzip2 patch make                 # unpacking and building sources
  nginx wrk curl                                     # remote-cache test, HTTP tests
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null; then
  echo "setup: cargo not found; install Rust with rustup (rustc >= 1.95)" >&2
  exit 1
fi

cache="$HOME/.cache/rules_py_wasm"
mkdir -p "$cache"
cargo fetch --locked --quiet

# buildifier (Starlark lint), pinned, from npm.
buildifier_version=8.2.1
if [ "$("$cache/npm/node_modules/.bin/buildifier" --version 2>/dev/null | head -n 1)" != "buildifier version: $buildifier_version " ]; then
  mkdir -p "$cache/npm"
  npm install --prefix "$cache/npm" --silent --no-audit --no-fund "@bazel/buildifier@$buildifier_version" >/dev/null
fi
