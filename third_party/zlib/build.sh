#!/bin/bash
# Builds zlib as a static, position-independent wasm32-wasi library.
#
# Usage: build.sh ORIG_TARBALL SYSROOT OUT_DIR
# Output: OUT_DIR/include/{zlib.h,zconf.h}, OUT_DIR/lib/libz.a
# Run by the `WasiZlib` Bazel action (//third_party/zlib:zlib).
set -euo pipefail

tarball=$(realpath "$1")
sysroot=$(realpath "$2")
out=$(realpath -m "$3")

work=$(mktemp -d "${TMPDIR:-/tmp}/zlib.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
tar xf "$tarball" --no-same-owner --strip-components=1

# An empty pkg-config directory: host .pc files must never leak in.
mkdir pkgconfig
CC="clang-19 --target=wasm32-wasi --sysroot=$sysroot" \
  AR=llvm-ar-19 RANLIB=llvm-ranlib-19 \
  CFLAGS="-O2 -fPIC -Wno-deprecated-non-prototype -ffile-prefix-map=$work=/zlib" \
  CHOST=wasm32-wasi PKG_CONFIG_LIBDIR="$work/pkgconfig" \
  ./configure --static >/dev/null
make -s -j"$(nproc)" libz.a >/dev/null

rm -rf "$out"
mkdir -p "$out/include" "$out/lib"
cp zlib.h zconf.h "$out/include/"
cp libz.a "$out/lib/"
