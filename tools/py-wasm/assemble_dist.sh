#!/bin/bash
# Assembles the py-wasm install tree (see dist.bzl).
# Usage: assemble_dist.sh OUT_DIR PY_WASM STDLIB_DIR CJK_CODECS_DIR LIBRARY...
set -euo pipefail
out=$1
exe=$2
stdlib=$3
cjk_codecs=$4
shift 4
share="$out/share/py-wasm"
mkdir -p "$out/bin" "$share/lib"
cp -L "$exe" "$out/bin/py-wasm"
chmod 0755 "$out/bin/py-wasm"
for lib in "$@"; do
  cp -L "$lib" "$share/lib/"
  chmod 0644 "$share/lib/$(basename "$lib")"
done
cp -RL "$stdlib" "$share/python"
chmod -R u+w "$share/python"
cp -RL "$cjk_codecs" "$share/cjk_codecs"
chmod -R u+w "$share/cjk_codecs"
