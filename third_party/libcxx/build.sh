#!/bin/bash
# Builds libc++ and libc++abi for wasm32-wasi as static PIC archives, from
# the LLVM 19 source Debian ships (the same version as clang-19).
#
# Usage: build.sh LLVM_ORIG_TARBALL SYSROOT NO_EXCEPTIONS_CPP ERRNO_TLS_INIT_C \
#                 CONFIG_SITE_H OUT_DIR
# Output: OUT_DIR/include/c++/v1 (headers, with CONFIG_SITE_H as __config_site)
#         OUT_DIR/lib/libc++.a, OUT_DIR/lib/libc++abi.a (PIC, hidden symbols)
#         OUT_DIR/lib/errno_tls_init.o (link it into every C++ extension)
# Run by the `WasiLibcxx` Bazel action (//third_party/libcxx).
#
# Debian's own wasm32 libc++ is not PIC, so it cannot go into a shared
# extension. This builds the same members Debian's archive has (libc++abi
# without exceptions, no threads, no filesystem) with -fPIC and hidden
# visibility: every C++ extension links a private copy and exports nothing
# of it. `throw` aborts with a message (NO_EXCEPTIONS_CPP).
set -euo pipefail

tarball=$(realpath "$1")
sysroot=$(realpath "$2")
no_exceptions=$(realpath "$3")
errno_tls_init=$(realpath "$4")
config_site=$(realpath "$5")
out=$(realpath -m "$6")

work=$(mktemp -d "${TMPDIR:-/tmp}/libcxx-wasi.XXXXXX")
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
cd "$work"
top=llvm-toolchain-19_19.1.7
tar xf "$tarball" --no-same-owner --wildcards \
  "$top/libcxx/include/*" "$top/libcxx/src/*" "$top/libcxx/vendor/*" \
  "$top/libcxxabi/include/*" "$top/libcxxabi/src/*"
src="$work/$top"

inc="$work/install/include/c++/v1"
mkdir -p "$inc" "$work/install/lib"
cp -r "$src"/libcxx/include/. "$inc"/
rm -f "$inc"/CMakeLists.txt "$inc"/__config_site.in "$inc"/module.modulemap.in
cp "$config_site" "$inc"/__config_site
cp "$src"/libcxx/vendor/llvm/default_assertion_handler.in "$inc"/__assertion_handler
cp "$src"/libcxxabi/include/cxxabi.h "$src"/libcxxabi/include/__cxxabi_config.h "$inc"/

cxx=(clang++-19 --target=wasm32-wasi --sysroot="$sysroot" -nostdinc++ -isystem "$inc"
     -std=c++23 -O2 -fPIC -fvisibility=hidden -fvisibility-inlines-hidden
     -fno-exceptions -D_LIBCPP_BUILDING_LIBRARY -D_LIBCPP_REMOVE_TRANSITIVE_INCLUDES
     -DNDEBUG -ffile-prefix-map="$work"=/libcxx -w)

# The members of Debian's libc++abi-19-dev-wasm32 archive.
abi_srcs=(cxa_aux_runtime cxa_default_handlers cxa_demangle cxa_exception_storage
  cxa_guard cxa_handlers cxa_vector cxa_virtual stdlib_exception stdlib_stdexcept
  stdlib_typeinfo abort_message fallback_malloc private_typeinfo stdlib_new_delete
  cxa_noexception)
# The members of Debian's libc++-19-dev-wasm32 archive (without libc++abi's).
cxx_srcs=(algorithm any bind call_once charconv chrono error_category exception
  expected functional hash legacy_pointer_safety memory memory_resource
  new_handler new_helpers optional print random_shuffle ryu/d2fixed ryu/d2s ryu/f2s
  stdexcept string system_error typeinfo valarray variant vector verbose_abort
  random ios ios.instantiations iostream locale ostream regex strstream)

# Compile in parallel; each object has its own log, shown if it fails.
mkdir abi cxx logs
compile() {  # OBJ SRC FLAGS...
  local obj=$1 source=$2 name
  shift 2
  name=$(basename "$obj" .o)
  "${cxx[@]}" "$@" -c "$source" -o "$obj" >"logs/$name.log" 2>&1 || touch "logs/$name.failed"
}
throttle() {
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
}
for s in "${abi_srcs[@]}"; do
  throttle
  compile "abi/$s.o" "$src/libcxxabi/src/$s.cpp" -I"$src/libcxxabi/include" -I"$src/libcxx/src" \
    -D_LIBCXXABI_BUILDING_LIBRARY -D_LIBCXXABI_HAS_NO_THREADS -D_LIBCXXABI_NO_EXCEPTIONS \
    -D_LIBCXXABI_DISABLE_VISIBILITY_ANNOTATIONS &
done
throttle
compile abi/no_exceptions.o "$no_exceptions" -I"$src/libcxxabi/include" &
for s in "${cxx_srcs[@]}"; do
  throttle
  compile "cxx/${s//\//_}.o" "$src/libcxx/src/$s.cpp" -I"$src/libcxx/src" -I"$src/libcxxabi/include" \
    -DLIBCXX_BUILDING_LIBCXXABI &
done
wait
failed=$(ls logs/*.failed 2>/dev/null || true)
if [ -n "$failed" ]; then
  for f in $failed; do
    echo "error: compiling $(basename "$f" .failed) failed:" >&2
    head -n 40 "${f%.failed}.log" >&2
  done
  exit 1
fi

clang-19 --target=wasm32-wasi --sysroot="$sysroot" -O2 -fPIC -ffile-prefix-map="$work"=/libcxx \
  -c "$errno_tls_init" -o "$work/install/lib/errno_tls_init.o"

# Archives with members in a fixed order and no timestamps (D).
(cd abi && llvm-ar-19 rcsD "$work/install/lib/libc++abi.a" $(ls *.o | LC_ALL=C sort))
(cd cxx && llvm-ar-19 rcsD "$work/install/lib/libc++.a" $(ls *.o | LC_ALL=C sort))

rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -r "$work/install" "$out"
