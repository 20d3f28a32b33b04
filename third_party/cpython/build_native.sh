#!/bin/bash
# Builds the native "build Python" that CPython's cross build runs
# (--with-build-python); same source, same version as the WASI build.
#
# Usage: build_native.sh ORIG_TARBALL OUT_DIR
# Output: OUT_DIR/bin/python3.13 with its stdlib under OUT_DIR/lib/python3.13.
# Run by the `BuildPython` Bazel action (//third_party/cpython:build_python).
set -euo pipefail

tarball=$(realpath "$1")
out=$(realpath -m "$2")

work=$(mktemp -d "${TMPDIR:-/tmp}/cpython-native.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
tar xf "$tarball" --no-same-owner --strip-components=1

log="$work/build.log"
if ! { ./configure --prefix=/ --disable-test-modules --without-ensurepip \
        && make -j"$(nproc)" \
        && make install DESTDIR="$work/install"; } >"$log" 2>&1; then
  echo "error: building the native build Python failed; last lines of the log:" >&2
  tail -n 40 "$log" >&2
  exit 1
fi
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -a "$work/install" "$out"
