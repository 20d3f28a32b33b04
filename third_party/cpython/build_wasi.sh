#!/bin/bash
# Cross-builds CPython for wasm32-wasi and relinks it as a shared library.
#
# Usage: build_wasi.sh ORIG_TARBALL PATCH SYSROOT ZLIB_DIR BUILD_PYTHON_DIR \
#                      OUT_LIBPYTHON_SO OUT_STDLIB_DIR OUT_HEADERS_DIR
# Outputs:
#   OUT_LIBPYTHON_SO  libpython3.13.so: PIC, dylink.0, no debug info
#   OUT_STDLIB_DIR    the installed Lib tree (lib/python3.13 contents) without
#                     __pycache__, tests, idlelib, tkinter, turtledemo,
#                     ensurepip or the static-library config directory
#   OUT_HEADERS_DIR   include/python3.13 contents, pyconfig.h included
# Run by the `WasiCPython` Bazel action (//third_party/cpython:wasi_build).
# Paths of the scratch directory never reach the outputs: compiler prefix
# maps for objects, and a rewrite of the one Python file that records them.
set -euo pipefail

tarball=$(realpath "$1")
patch_file=$(realpath "$2")
sysroot_in=$(realpath "$3")
zlib=$(realpath "$4")
build_python_dir=$(realpath "$5")
out_so=$(realpath -m "$6")
out_stdlib=$(realpath -m "$7")
out_headers=$(realpath -m "$8")

# The same fixed date for __DATE__/__TIME__ in every build (CPython 3.13.5's
# release day), so that sys.version does not change from build to build.
export SOURCE_DATE_EPOCH=1749600000

work=$(mktemp -d "${TMPDIR:-/tmp}/cpython-wasi.XXXXXX")
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
cd "$work"
mkdir src
tar xf "$tarball" --no-same-owner -C src --strip-components=1
patch -s -d src -p1 < "$patch_file"

# One sysroot with zlib added, so configure finds it like a system library.
cp -r "$sysroot_in" sysroot
chmod -R u+w sysroot
cp "$zlib"/include/*.h sysroot/include/
cp "$zlib"/lib/libz.a sysroot/lib/wasm32-wasi/
sysroot="$work/sysroot"
mkdir pkgconfig

build_triple=$(src/config.guess)
log="$work/build.log"
fail() {
  echo "error: $1; last lines of the log:" >&2
  tail -n 40 "$log" >&2
  exit 1
}

mkdir build
cd build
cc="clang-19 --target=wasm32-wasi --sysroot=$sysroot"
if ! CONFIG_SITE="$work/src/Tools/wasm/config.site-wasm32-wasi" \
    CC="$cc" CPP="$cc -E" CXX="clang++-19 --target=wasm32-wasi --sysroot=$sysroot" \
    CFLAGS="-fPIC -ffile-prefix-map=$work=/cpython" \
    AR=llvm-ar-19 RANLIB=llvm-ranlib-19 READELF=llvm-readelf-19 \
    PKG_CONFIG_LIBDIR="$work/pkgconfig" \
    ../src/configure -C --host=wasm32-wasi --build="$build_triple" \
      --with-build-python="$build_python_dir/bin/python3.13" \
      --prefix=/usr/local --disable-test-modules --without-ensurepip \
      >"$log" 2>&1; then
  fail "configuring CPython for wasm32-wasi failed"
fi
if ! { make -j"$(nproc)" && make install DESTDIR="$work/install"; } >>"$log" 2>&1; then
  fail "building CPython for wasm32-wasi failed"
fi

# Relink the static interpreter as one shared library. Its undefined symbols
# come from libc.so and the emulation libraries at component-link time.
lib="$sysroot/lib/wasm32-wasi"
clang-19 --target=wasm32-wasi --sysroot="$sysroot" -shared -nostdlib \
  -Wl,--no-entry -Wl,--strip-debug -Wl,--export-if-defined=__wasm_call_ctors \
  -o "$work/libpython3.13.so" \
  -Wl,--whole-archive libpython3.13.a -Wl,--no-whole-archive \
  Modules/_decimal/libmpdec/libmpdec.a Modules/expat/libexpat.a \
  Modules/_hacl/libHacl_Hash_SHA2.a "$lib/libz.a" \
  "$lib/libwasi-emulated-signal.so" "$lib/libwasi-emulated-getpid.so" \
  "$lib/libwasi-emulated-process-clocks.so" "$lib/libdl.so" "$lib/libc.so" \
  /usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a \
  2>&1 | { grep -v 'creating shared libraries, with -shared, is not yet stable' || true; }

stdlib="$work/install/usr/local/lib/python3.13"
find "$stdlib" -name __pycache__ -type d -prune -exec rm -rf {} +
rm -rf "$stdlib"/test "$stdlib"/idlelib "$stdlib"/tkinter "$stdlib"/turtledemo \
  "$stdlib"/ensurepip "$stdlib"/config-3.13-wasm32-wasi
find "$stdlib" -type d -name tests -prune -exec rm -rf {} +
# The sysconfig data records the configure command line and the build
# directory; neither may depend on where this build ran.
sed -i -e "s#$work#/cpython#g" -e "s#$build_python_dir#/build-python#g" \
  "$stdlib"/_sysconfigdata_*.py

rm -rf "$out_stdlib" "$out_headers"
mkdir -p "$(dirname "$out_so")" "$(dirname "$out_stdlib")" "$(dirname "$out_headers")"
cp "$work/libpython3.13.so" "$out_so"
cp -r "$stdlib" "$out_stdlib"
cp -r "$work/install/usr/local/include/python3.13" "$out_headers"
