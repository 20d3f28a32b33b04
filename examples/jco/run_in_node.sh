#!/bin/bash
# Runs the `hello` component in Node: `jco transpile` turns it into ES
# modules plus core wasm files, and greet.mjs calls its `greet` export.
#
# Usage: run_in_node.sh COMPONENT.wasm NAME   (prints greet(NAME))
#
# jco 1.35.0 and its WASI shim, preview2-shim 0.26.1, are pinned with every
# dependency by package-lock.json (exact versions and sha512 integrity
# hashes). On first use `npm ci` installs exactly that tree under
# ~/.cache/rules_py_wasm/jco/<sha256 of the lockfile>; npm refuses any
# package whose hash differs. Regenerate the lockfile after changing
# package.json with:
#   npm install --package-lock-only --omit-lockfile-registry-resolved
set -euo pipefail

component=$(realpath "$1")
name=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

for tool in node npm; do
  command -v "$tool" >/dev/null || {
    echo "run_in_node.sh: $tool not found; install Node.js >= 18 (Debian: apt-get install nodejs npm)" >&2
    exit 1
  }
done
home=$(getent passwd "$(id -u)" | cut -d: -f6)
lock_sha=$(sha256sum "$here/package-lock.json" | cut -c1-16)
npm_dir="$home/.cache/rules_py_wasm/jco/$lock_sha"
jco="$npm_dir/node_modules/.bin/jco"
mkdir -p "$npm_dir"
(
  flock 9
  if [ ! -e "$npm_dir/.installed" ]; then
    echo "run_in_node.sh: installing the pinned jco into $npm_dir (npm ci)" >&2
    cp "$here/package.json" "$here/package-lock.json" "$npm_dir/"
    chmod u+w "$npm_dir/package.json" "$npm_dir/package-lock.json"
    (cd "$npm_dir" && npm ci --no-audit --no-fund --ignore-scripts >&2) || {
      echo "run_in_node.sh: npm ci failed in $npm_dir (see above); the lockfile is $here/package-lock.json" >&2
      exit 1
    }
    touch "$npm_dir/.installed"
  fi
) 9>"$npm_dir/.install.lock"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$jco" transpile "$component" --name hello --out-dir "$work/hello" --quiet >&2
# The transpiled modules import @bytecodealliance/preview2-shim (WASI).
ln -s "$npm_dir/node_modules" "$work/node_modules"
cp "$here/greet.mjs" "$work/greet.mjs"
node "$work/greet.mjs" "$name"
