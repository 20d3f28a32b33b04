#!/bin/bash
# Memory the app's import freed is zero in the snapshot: the texts app.py
# built and dropped at import (one large string from malloc, 20,000 small
# ones from pymalloc's pools) must not be anywhere in the component.
set -euo pipefail
wasm=tests/preinit/immortal/immortal.wasm
[ -s "$wasm" ] || { echo "FAIL: $wasm is missing"; exit 1; }
count=$(grep -caF -- "FREED-MEMORY-42;" "$wasm" || true)
if [ "$count" != 0 ]; then
  echo "FAIL: the freed text is in the component ($count lines of it)"
  exit 1
fi
count=$(grep -caF -- "PYMALLOC-FREED-" "$wasm" || true)
if [ "$count" != 0 ]; then
  echo "FAIL: the freed small strings are in the component ($count lines of them)"
  exit 1
fi
echo PASS
