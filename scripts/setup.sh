#!/bin/bash
# Installs what building and testing rules_py_wasm needs, idempotently:
# Debian packages (clang-19 toolchain for wasm32-wasi, Bazel, nginx, wrk),
# the Rust crates of Cargo.lock, and the caches under ~/.cache/rules_py_wasm.
# Everything is fetched through the ordinary clients (apt-get, cargo, npm).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  clang-19 lld-19 llvm-19 libclang-rt-19-dev-wasm32  # C for wasm32-wasi
  bazel-bootstrap                                    # Bazel 4.2.3 (WORKSPACE mode)
  dpkg-dev xz-utils bzip2 patch make                 # unpacking and building sources
  binaryen                                           # wasm-opt, for libpython
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

# buildifier (Starlark lint): third_party/buildifier/package-lock.json pins
# it with its sha512, and `npm ci` installs exactly that, refusing a package
# whose hash differs. The stamp .installed holds the lockfile's sha256, so a
# changed lockfile installs again. After changing package.json, regenerate
# the lockfile in that directory with:
#   npm install --package-lock-only --omit-lockfile-registry-resolved
buildifier_dir="$cache/buildifier"
lock_sha=$(sha256sum third_party/buildifier/package-lock.json | cut -d' ' -f1)
buildifier_installed() {
  [ "$(cat "$buildifier_dir/.installed" 2>/dev/null)" = "$lock_sha" ] &&
    [ -x "$buildifier_dir/node_modules/.bin/buildifier" ]
}
if ! buildifier_installed; then
  command -v npm >/dev/null || {
    echo "setup: npm not found; install Node.js >= 18 with npm (Debian: apt-get install nodejs npm)" >&2
    exit 1
  }
  mkdir -p "$buildifier_dir"
  (
    flock 9
    buildifier_installed && exit 0
    rm -f "$buildifier_dir/.installed"
    echo "setup: installing the pinned buildifier into $buildifier_dir (npm ci)"
    cp third_party/buildifier/package.json third_party/buildifier/package-lock.json "$buildifier_dir/"
    chmod u+w "$buildifier_dir/package.json" "$buildifier_dir/package-lock.json"
    (cd "$buildifier_dir" && npm ci --no-audit --no-fund --no-update-notifier --ignore-scripts --loglevel=error) || {
      echo "setup: npm ci failed in $buildifier_dir (see above); a hash mismatch (EINTEGRITY) means a download differs from its pin in third_party/buildifier/package-lock.json" >&2
      exit 1
    }
    echo "$lock_sha" >"$buildifier_dir/.installed"
  ) 9>"$buildifier_dir/.install.lock"
fi
