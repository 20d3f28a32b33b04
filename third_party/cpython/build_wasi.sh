#!/bin/bash
# Cross-builds CPython for wasm32-wasi and relinks it as a shared library.
#
# Usage: build_wasi.sh ORIG_TARBALL SYSROOT ZLIB_DIR BUILD_PYTHON_DIR \
#                      OUT_LIBPYTHON_SO OUT_STDLIB_DIR OUT_HEADERS_DIR \
#                      OUT_CJK_CODECS_DIR PATCH...
# Outputs:
#   OUT_LIBPYTHON_SO    libpython3.13.so: PIC, dylink.0, no debug info, the
#                       function names kept; compiled with -Os but for the
#                       interpreter loop's objects (-O3), with pymalloc and
#                       without mimalloc,
#                       and optimized once more by Binaryen's wasm-opt -O1
#                       (smaller, not slower)
#   OUT_STDLIB_DIR      the installed Lib tree (lib/python3.13 contents)
#                       without __pycache__, tests, idlelib, tkinter,
#                       turtledemo, ensurepip or the static-library config
#                       directory
#   OUT_HEADERS_DIR     include/python3.13 contents, pyconfig.h included
#   OUT_CJK_CODECS_DIR  the CJK codecs (_multibytecodec and _codecs_*) as
#                       dl-openable extension modules (linked and
#                       optimized like libpython), not built into
#                       libpython: ~0.7 MB of tables a component links only
#                       on request (//third_party/cpython:cjk_codecs)
# The patches are applied in order (-p1).
# Run by the `WasiCPython` Bazel action (//third_party/cpython:wasi_build).
# Paths of the scratch directory never reach the outputs: compiler prefix
# maps for objects, and a rewrite of the one Python file that records them.
set -euo pipefail

tarball=$(realpath "$1")
sysroot_in=$(realpath "$2")
zlib=$(realpath "$3")
build_python_dir=$(realpath "$4")
out_so=$(realpath -m "$5")
out_stdlib=$(realpath -m "$6")
out_headers=$(realpath -m "$7")
out_cjk=$(realpath -m "$8")
shift 8
patches=()
for p in "$@"; do patches+=("$(realpath "$p")"); done

command -v wasm-opt >/dev/null || {
  echo "error: wasm-opt (Binaryen) is not installed; run scripts/setup.sh or apt-get install binaryen" >&2
  exit 1
}

# The same fixed date for __DATE__/__TIME__ in every build (CPython 3.13.5's
# release day), so that sys.version does not change from build to build.
export SOURCE_DATE_EPOCH=1749600000

work=$(mktemp -d "${TMPDIR:-/tmp}/cpython-wasi.XXXXXX")
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
cd "$work"
mkdir src
tar xf "$tarball" --no-same-owner -C src --strip-components=1
for p in "${patches[@]}"; do
  patch -s -d src -p1 < "$p"
done

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

mkdir -p build/Modules
cd build
# The CJK codecs as shared extension modules (the first rule for a module
# wins, and Setup.local is read first); everything else stays built in.
# make links them with CPython's own flags (its 20 MiB initial memory
# among them), importing what they use; they are relinked below, like
# libpython.
cjk_modules=(_multibytecodec _codecs_cn _codecs_hk _codecs_iso2022 _codecs_jp _codecs_kr _codecs_tw)
{
  echo 'PY_WASM_IMPORT_LDFLAGS=-Wl,--unresolved-symbols=import-dynamic'
  echo '*shared*'
  echo '_multibytecodec cjkcodecs/multibytecodec.c $(PY_WASM_IMPORT_LDFLAGS)'
  for m in "${cjk_modules[@]:1}"; do echo "$m cjkcodecs/$m.c \$(PY_WASM_IMPORT_LDFLAGS)"; done
} > Modules/Setup.local
cc="clang-19 --target=wasm32-wasi --sysroot=$sysroot"
# Code size: every component carries all of libpython's code, so it is
# compiled for size (-Os: ~0.7 MB less than CPython's -O3, a third of it in
# unicodeobject.c's string templates), except the objects the interpreter
# loop spends its time in, which keep -O3 (bench/toolchain.md has the
# size and speed of each choice). mimalloc is left out: it is only used
# when PYTHONMALLOC asks for it, which a component's isolated config never
# does, but its allocator table kept ~0.1 MB of its code alive. pymalloc
# is on, unlike in upstream's WASI builds: malloc gives every object a
# 16-byte-aligned chunk with a header, pymalloc packs small objects in
# 8-byte size classes, and a snapshot is mostly small objects (the runtime
# zeroes pymalloc's free blocks before it: runtime/src/obmalloc_zero.c).
opt_size="-DNDEBUG -g -Os -Wall"
opt_speed="-DNDEBUG -g -O3 -Wall"
hot_objects=(
  Python/ceval.o Python/specialize.o Python/ceval_gil.o Python/pystate.o
  Objects/abstract.o Objects/boolobject.o Objects/call.o Objects/dictobject.o
  Objects/floatobject.o Objects/frameobject.o Objects/funcobject.o
  Objects/genobject.o Objects/iterobject.o Objects/listobject.o
  Objects/longobject.o Objects/methodobject.o Objects/object.o
  Objects/rangeobject.o Objects/setobject.o Objects/tupleobject.o
  Objects/typeobject.o
  Modules/_hacl/Hacl_Hash_MD5.o Modules/_hacl/Hacl_Hash_SHA1.o
  Modules/_hacl/Hacl_Hash_SHA2.o Modules/_hacl/Hacl_Hash_SHA3.o
)
if ! CONFIG_SITE="$work/src/Tools/wasm/config.site-wasm32-wasi" \
    CC="$cc" CPP="$cc -E" CXX="clang++-19 --target=wasm32-wasi --sysroot=$sysroot" \
    CFLAGS="-fPIC -ffile-prefix-map=$work=/cpython" OPT="$opt_size" \
    AR=llvm-ar-19 RANLIB=llvm-ranlib-19 READELF=llvm-readelf-19 \
    PKG_CONFIG_LIBDIR="$work/pkgconfig" \
    ../src/configure -C --host=wasm32-wasi --build="$build_triple" \
      --with-build-python="$build_python_dir/bin/python3.13" \
      --prefix=/usr/local --disable-test-modules --without-ensurepip \
      --without-mimalloc --with-pymalloc >"$log" 2>&1; then
  fail "configuring CPython for wasm32-wasi failed"
fi
grep -q '^OPT=.*-Os' Makefile || fail "configure did not take OPT=$opt_size"
for o in "${hot_objects[@]}"; do
  [ -f "$work/src/${o%.o}.c" ] || fail "no source for the hot object $o"
  echo "$o: OPT = $opt_speed"
done >> Makefile
if ! { make -j"$(nproc)" && make install DESTDIR="$work/install"; } >>"$log" 2>&1; then
  fail "building CPython for wasm32-wasi failed"
fi
# Each flag reached the objects it was meant for.
for o in "${hot_objects[@]}"; do
  grep -qE -- "$opt_speed .*-o $o( |\$)" "$log" || fail "$o was not compiled with $opt_speed"
done
grep -qE -- "$opt_size .*-o Objects/unicodeobject.o( |\$)" "$log" ||
  fail "Objects/unicodeobject.o was not compiled with $opt_size"

# Relink the static interpreter as one shared library. Its undefined symbols
# come from libc.so and the emulation libraries at component-link time.
lib="$sysroot/lib/wasm32-wasi"
# link_shared OUT INPUT...: one PIC shared library (dylink.0), no debug info.
link_shared() {
  local out=$1
  shift
  clang-19 --target=wasm32-wasi --sysroot="$sysroot" -shared -nostdlib \
    -Wl,--no-entry -Wl,--strip-debug -Wl,--export-if-defined=__wasm_call_ctors \
    -o "$out" "$@" \
    2>&1 | { grep -v 'creating shared libraries, with -shared, is not yet stable' || true; }
}
# optimize IN OUT: Binaryen's -O1 takes ~15 % off clang's -O3 code (local
# coalescing, dead code, redundant branches) without slowing the
# interpreter (bench/toolchain.md); -g keeps the name section, for
# backtraces.
optimize() {
  wasm-opt -O1 -g "$1" -o "$2"
}
link_shared "$work/libpython3.13.so" \
  -Wl,--whole-archive libpython3.13.a -Wl,--no-whole-archive \
  Modules/_decimal/libmpdec/libmpdec.a Modules/expat/libexpat.a \
  Modules/_hacl/libHacl_Hash_SHA2.a "$lib/libz.a" \
  "$lib/libwasi-emulated-signal.so" "$lib/libwasi-emulated-getpid.so" \
  "$lib/libwasi-emulated-process-clocks.so" "$lib/libdl.so" "$lib/libc.so" \
  /usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a
# The CJK codec modules against it and libc.so, as extension modules are
# (dylink.0 naming both as needed).
mkdir "$work/cjk"
for m in "${cjk_modules[@]}"; do
  case $m in
    _multibytecodec) obj=Modules/cjkcodecs/multibytecodec.o ;;
    *) obj=Modules/cjkcodecs/$m.o ;;
  esac
  link_shared "$work/cjk/$m.so" "$obj" "$work/libpython3.13.so" "$lib/libc.so"
  optimize "$work/cjk/$m.so" "$work/cjk/$m.cpython-313-wasm32-wasi.so"
  rm "$work/cjk/$m.so"
done
optimize "$work/libpython3.13.so" "$work/libpython3.13.opt.so"
mv "$work/libpython3.13.opt.so" "$work/libpython3.13.so"

stdlib="$work/install/usr/local/lib/python3.13"
# make's copies of the CJK codec modules (relinked above, into their own
# output, so that a component links them only when asked to) leave the
# stdlib; nothing else is in lib-dynload.
for m in "${cjk_modules[@]}"; do
  rm "$stdlib/lib-dynload/$m.cpython-313-wasm32-wasi.so"
done
rmdir "$stdlib/lib-dynload" || fail "lib-dynload holds more than the CJK codecs: $(ls "$stdlib/lib-dynload")"
find "$stdlib" -name __pycache__ -type d -prune -exec rm -rf {} +
rm -rf "$stdlib"/test "$stdlib"/idlelib "$stdlib"/tkinter "$stdlib"/turtledemo \
  "$stdlib"/ensurepip "$stdlib"/config-3.13-wasm32-wasi
find "$stdlib" -type d -name tests -prune -exec rm -rf {} +
# The sysconfig data records the configure command line and the build
# directory; neither may depend on where this build ran.
sed -i -e "s#$work#/cpython#g" -e "s#$build_python_dir#/build-python#g" \
  "$stdlib"/_sysconfigdata_*.py

rm -rf "$out_stdlib" "$out_headers" "$out_cjk"
mkdir -p "$(dirname "$out_so")" "$(dirname "$out_stdlib")" "$(dirname "$out_headers")" "$(dirname "$out_cjk")"
cp "$work/libpython3.13.so" "$out_so"
cp -r "$stdlib" "$out_stdlib"
cp -r "$work/install/usr/local/include/python3.13" "$out_headers"
cp -r "$work/cjk" "$out_cjk"
