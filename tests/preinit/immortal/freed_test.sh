#!/bin/bash
# Memory the app's import freed is zero in the snapshot: the text app.py
# built and dropped at import must not be anywhere in the component.
set -euo pipefail
wasm=tests/preinit/immortal/immortal.wasm
[ -s "$wasm" ] || { echo "FAIL: $wasm is missing"; exit 1; }
count=$(grep -caF -- "FREED-MEMORY-42;" "$wasm" || true)
if [ "$count" != 0 ]; then
  echo "FAIL: the freed text is in the component ($count lines of it)"
  exit 1
fi
echo PASS
