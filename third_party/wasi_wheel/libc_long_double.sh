#!/bin/bash
# Relinks wasi-libc's libc.so with full `long double` support in the printf
# and scanf families (strtold, "%Lg", ...), which NumPy needs: on wasm32
# `long double` is IEEE quad, and the default libc.so stops the program with
# "Support for formatting long double values is currently disabled" on the
# first use (NumPy's import parses a long double).
#
# Usage: libc_long_double.sh SYSROOT OUT_LIBC_SO
# Output: OUT_LIBC_SO, the same library as SYSROOT's libc.so (same exports)
#   with the six objects of libc-printscan-long-double.a in place of their
#   default versions; about 5 KB larger.
# Run by the `WasiLibcLongDouble` Bazel action
# (//third_party/wasi_wheel:libc_long_double). The link flags are those of
# third_party/wasi-libc/build.sh, where this belongs once the toolchain
# adopts it.
set -euo pipefail

lib=$(realpath "$1")/lib/wasm32-wasi
out=$(realpath -m "$2")
work=$(mktemp -d "${TMPDIR:-/tmp}/libc-long-double.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

cp "$lib/libc.a" libc-for-so.a
chmod u+w libc-for-so.a
# The `main` trampoline (as in build.sh) and the default printscan objects.
llvm-ar-19 d libc-for-so.a __main_argc_argv.o \
  floatscan.o vfprintf.o vfwprintf.o vfscanf.o strtod.o wcstod.o
printf '%s\n' __heap_base __heap_end >allow-undefined.txt
clang-19 --target=wasm32-wasi -nostdlib -shared -Wl,--no-entry -Wl,--strip-debug \
  -Wl,--export-if-defined=__wasm_call_ctors -Wl,--allow-undefined-file=allow-undefined.txt \
  -o libc.so -Wl,--whole-archive libc-for-so.a "$lib/libc-printscan-long-double.a" \
  -Wl,--no-whole-archive /usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a \
  2> >(grep -v 'creating shared libraries, with -shared, is not yet stable' >&2)
mkdir -p "$(dirname "$out")"
cp libc.so "$out"
