#!/bin/bash
# Extracts CPython's test package from the pinned source tarball: the
# package's own modules (test/__init__.py, support/, the shared helpers and
# data at its top level, typinganndata/, mathdata/) and the named test
# modules (a module or a package), into OUT_DIR/test.
# Usage: extract.sh TARBALL OUT_DIR TEST_MODULE...
set -euo pipefail
tarball=$1
out=$2
shift 2
scratch=$(mktemp -d "${TMPDIR:-/tmp}/cpython-tests.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
tar -xf "$tarball" -C "$scratch" --wildcards '*/Lib/test/*'
src=$(echo "$scratch"/*/Lib/test)
mkdir -p "$out/test"
for f in "$src"/*.py; do
  case $(basename "$f") in test_*) ;; *) cp "$f" "$out/test/" ;; esac
done
cp -r "$src/support" "$src/typinganndata" "$src/mathdata" "$out/test/"
for m in "$@"; do
  if [ -d "$src/$m" ]; then
    cp -r "$src/$m" "$out/test/"
  elif [ -f "$src/$m.py" ]; then
    cp "$src/$m.py" "$out/test/"
  else
    echo "error: CPython's tests have no module $m" >&2
    exit 1
  fi
done
find "$out" -name __pycache__ -prune -exec rm -rf {} +
