#!/bin/bash
# Builds the wasm32-wasi sysroot with shared libraries from the pinned
# wasi-libc source (a 2022 tree without a shared-library build of its own).
#
# Usage: build.sh ORIG_TARBALL PATCH OUT_SYSROOT_DIR
#
# Run by the `WasiLibc` Bazel action (//third_party/wasi-libc:sysroot); the
# environment is pinned by the rule. Output layout:
#   include/                         headers, plus musl's pthread.h and dlfcn.h
#   lib/wasm32-wasi/crt1*.o, *.a     the static libc and startup files
#   lib/wasm32-wasi/libc.so          libc as a PIC shared library
#   lib/wasm32-wasi/libwasi-emulated-{signal,getpid,process-clocks,mman}.so
#   lib/wasm32-wasi/libdl.{so,a}     placeholder: dlopen always fails; the real
#                                    one is wit-component's built-in libdl
set -euo pipefail

tarball=$(realpath "$1")
patch_file=$(realpath "$2")
out=$(realpath -m "$3")

: "${CLANG:=clang-19}"
: "${LLVM_AR:=llvm-ar-19}"
: "${LLVM_NM:=llvm-nm-19}"
builtins=/usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a

work=$(mktemp -d "${TMPDIR:-/tmp}/wasi-libc.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
tar xf "$tarball" --no-same-owner --strip-components=1
patch -s -p1 < "$patch_file"

# Paths of the scratch directory must not reach the artifacts.
prefix_map="-ffile-prefix-map=$work=/wasi-libc"
if ! make -s -j"$(nproc)" CC="$CLANG" AR="$LLVM_AR" NM="$LLVM_NM" \
    EXTRA_CFLAGS="-O2 -DNDEBUG -fPIC -fvisibility=default $prefix_map" \
    SYSROOT="$work/sysroot" startup_files libc >make.log 2>&1; then
  echo "error: building wasi-libc failed; last lines of the log:" >&2
  tail -n 40 make.log >&2
  exit 1
fi

# wasm-ld warns on every -shared link that the feature "is not yet stable".
quiet() { "$@" 2>&1 | { grep -v 'is not yet stable' >&2 || true; }; }

sysroot="$work/sysroot"
lib="$sysroot/lib/wasm32-wasi"

# The libraries POSIX puts beside libc are empty archives (everything is in
# libc), as the upstream `finish` target makes them.
for name in m rt pthread crypt util xnet resolv; do
  "$LLVM_AR" crs "$lib/lib$name.a"
done

# CPython needs pthread.h (it sizes pthread_t) and dlfcn.h (dynamic loading);
# the single-threaded Makefile leaves both out.
cp libc-top-half/musl/include/pthread.h libc-top-half/musl/include/dlfcn.h \
  "$sysroot/include/"

# The component linker supplies __heap_base/__heap_end at link time.
printf '%s\n' __heap_base __heap_end > allow-undefined.txt

so_flags=(--target=wasm32-wasi -nostdlib -shared -Wl,--no-entry -Wl,--strip-debug
  -Wl,--export-if-defined=__wasm_call_ctors
  "-Wl,--allow-undefined-file=$work/allow-undefined.txt")

# libc.so: every object of libc.a except the `main` trampoline, which would
# make every user of libc.so need a main, and with full `long double` support
# in the printf and scanf families (strtold, "%Lg", ...): the objects of
# libc-printscan-long-double.a replace their default versions, which stop
# the program on the first long double ("Support for formatting long double
# values is currently disabled"). On wasm32 `long double` is IEEE quad, and
# NumPy parses one when it is imported. About 5 KB; static links keep
# wasi-libc's choice (-lc-printscan-long-double).
# (Deleted from a copy of the archive: extracting would lose members that
# share a file name.)
cp "$lib/libc.a" libc-for-so.a
"$LLVM_AR" d libc-for-so.a __main_argc_argv.o \
  floatscan.o vfprintf.o vfwprintf.o vfscanf.o strtod.o wcstod.o
quiet "$CLANG" "${so_flags[@]}" -o "$lib/libc.so" \
  -Wl,--whole-archive libc-for-so.a "$lib/libc-printscan-long-double.a" \
  -Wl,--no-whole-archive "$builtins"

for emu in signal getpid process-clocks mman; do
  quiet "$CLANG" "${so_flags[@]}" -o "$lib/libwasi-emulated-$emu.so" \
    -Wl,--whole-archive "$lib/libwasi-emulated-$emu.a" -Wl,--no-whole-archive \
    "$lib/libc.so" "$builtins"
done

# Placeholder libdl so that `-ldl` links; see the header comment.
cat > dlstub.c <<'EOF'
#include <stddef.h>
static const char message[] = "dlopen is provided at component-link time";
void *dlopen(const char *file, int mode) { (void)file; (void)mode; return NULL; }
void *dlsym(void *handle, const char *name) { (void)handle; (void)name; return NULL; }
int dlclose(void *handle) { (void)handle; return 0; }
char *dlerror(void) { return (char *)message; }
EOF
quiet "$CLANG" "${so_flags[@]}" -O2 -fPIC -fvisibility=default "$prefix_map" \
  -o "$lib/libdl.so" dlstub.c "$lib/libc.so" "$builtins"
# The same as a static archive: CPython's configure decides whether it can
# load extensions by linking a test program with `-ldl`.
"$CLANG" --target=wasm32-wasi -O2 -fPIC "$prefix_map" -c dlstub.c -o dlstub.o
"$LLVM_AR" crs "$lib/libdl.a" dlstub.o

rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -r "$sysroot" "$out"
