#!/bin/bash
# Checks that the hello component greets from Node (through run_in_node.sh).
# Usage: node_test.sh WASMTIME COMPONENT   (WASMTIME is unused)
set -uo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
out=$("$here/run_in_node.sh" "$2" x)
code=$?
if [ "$code" != 0 ] || [ "$out" != "Hello, x!" ]; then
  echo "FAIL: run_in_node.sh exited $code and printed '$out', expected 'Hello, x!'"
  exit 1
fi
echo "ok: $out"
