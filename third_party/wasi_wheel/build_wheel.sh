#!/bin/bash
# Builds a Python sdist with C/C++/Cython extensions for wasm32-wasi, through
# its own PEP 517 backend (meson-python), and unpacks the wheel into a
# directory: the package tree with `*.cpython-313-wasm32-wasi.so` extensions
# (PIC, dylink.0) next to its Python files.
#
# Usage: build_wheel.sh --out DIR --sdist FILE --sysroot DIR --headers DIR
#          --libpython FILE --libcxx DIR --build-python DIR --check-imports FILE
#          [--provider LIB.so]... [--wheel FILE]... [--setup-arg ARG]...
#          [--install-tags TAGS]
#   --sysroot, --headers, --libpython  the WASI CPython toolchain
#   --libcxx        libc++/libc++abi for wasm32-wasi (//third_party/libcxx)
#   --build-python  the native CPython 3.13 that runs the build backend
#   --provider      libc.so and the emulation libraries: what an extension may
#                   import from besides libpython and itself
#   --wheel         a build-tool wheel (meson, meson-python, Cython, ninja, ...),
#                   unpacked onto PYTHONPATH
#   --setup-arg     an extra `meson setup` argument
#   --install-tags  `meson install --tags` (default: the package's own choice)
# Run by the `WasiWheel` Bazel action (rules/private/wasi_wheel.bzl); the
# error test (tests/numpy) runs it directly.
#
# Every input is reached through a symlink inside one scratch directory, so
# exactly one path prefix can end up in outputs; compilers map it to
# /wasi-wheel and text files are rewritten. The build fails if the scratch
# path is still in any output file.
set -euo pipefail

out="" sdist="" sysroot="" headers="" libpython="" libcxx="" build_python=""
check_imports="" install_tags=""
providers=() wheels=() setup_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$(realpath -m "$2") ;;
    --sdist) sdist=$(realpath "$2") ;;
    --sysroot) sysroot=$(realpath "$2") ;;
    --headers) headers=$(realpath "$2") ;;
    --libpython) libpython=$(realpath "$2") ;;
    --libcxx) libcxx=$(realpath "$2") ;;
    --build-python) build_python=$(realpath "$2") ;;
    --check-imports) check_imports=$(realpath "$2") ;;
    --provider) providers+=("$(realpath "$2")") ;;
    --wheel) wheels+=("$(realpath "$2")") ;;
    --setup-arg) setup_args+=("$2") ;;
    --install-tags) install_tags=$2 ;;
    *) echo "build_wheel.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done
for required in out sdist sysroot headers libpython libcxx build_python check_imports; do
  if [ -z "${!required}" ]; then
    echo "build_wheel.sh: --${required//_/-} is required" >&2
    exit 2
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/wasi-wheel.XXXXXX")
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
mkdir "$work/in" "$work/in/lib" "$work/bin" "$work/site" "$work/dist"
ln -s "$sdist" "$work/in/$(basename "$sdist")"
ln -s "$sysroot" "$work/in/sysroot"
ln -s "$headers" "$work/in/include"
ln -s "$libpython" "$work/in/libpython3.13.so"
ln -s "$libcxx" "$work/in/libcxx"
ln -s "$build_python" "$work/in/python"
shared_libs=()
for lib in "${providers[@]}"; do
  ln -s "$lib" "$work/in/lib/$(basename "$lib")"
  shared_libs+=("$work/in/lib/$(basename "$lib")")
done
in="$work/in"
python="$in/python/bin/python3.13"

export PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 PYTHONNOUSERSITE=1
export PYTHONPATH="$work/site"
export PATH="$work/bin:/usr/bin:/bin"
export _PYTHON_HOST_PLATFORM=wasi-wasm32
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1749600000}

# The build tools, unpacked wheels on PYTHONPATH; ninja from its wheel.
for wheel in "${wheels[@]}"; do
  "$python" -m zipfile -e "$wheel" "$work/site"
done
for ninja in "$work"/site/ninja-*.data/scripts/ninja; do
  [ -e "$ninja" ] && chmod +x "$ninja" && ln -sf "$ninja" "$work/bin/ninja"
done
# Console scripts of the tool wheels (an unpacked wheel has none).
printf '#!/bin/sh\nexec "%s" -m cython "$@"\n' "$python" >"$work/bin/cython"
printf '#!/bin/sh\nexec "%s" -m mesonbuild.mesonmain "$@"\n' "$python" >"$work/bin/meson"
chmod +x "$work/bin/cython" "$work/bin/meson"

# The compiler: clang-19 for wasm32-wasi. A link with -shared (an extension)
# gets the shared-library flags and exactly the libraries a component
# provides (libpython, libc.so, emulation libraries) plus private static
# copies of compiler-rt and, for C++, libc++/libc++abi; every other link is a
# configure check, linked statically against libc.a as usual.
builtins=/usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a
for lang in c c++; do
  driver=clang-19
  extra=""
  cxxlibs=""
  if [ "$lang" = c++ ]; then
    driver=clang++-19
    extra="-nostdinc++ -isystem $in/libcxx/include/c++/v1"
    cxxlibs="$in/libcxx/lib/errno_tls_init.o $in/libcxx/lib/libc++.a $in/libcxx/lib/libc++abi.a"
  fi
  cat >"$work/bin/wasi-$lang" <<WRAPPER
#!/bin/bash
shared=0
args=()
for a in "\$@"; do
  case "\$a" in
    -shared) shared=1 ;;
    # GNU ld options meson passes that wasm-ld does not know.
    -Wl,--allow-shlib-undefined|-Wl,--as-needed|-Wl,--no-undefined) continue ;;
    -Wl,--start-group|-Wl,--end-group) continue ;;
  esac
  args+=("\$a")
done
if [ \$shared = 1 ]; then
  exec $driver --target=wasm32-wasi --sysroot=$in/sysroot $extra "\${args[@]}" \\
    -nostdlib -Wl,--no-entry -Wl,--export-if-defined=__wasm_call_ctors -Wl,--strip-debug \\
    $cxxlibs $in/libpython3.13.so ${shared_libs[*]} $builtins \\
    2> >(grep -v 'creating shared libraries, with -shared, is not yet stable' >&2)
fi
exec $driver --target=wasm32-wasi --sysroot=$in/sysroot $extra "\${args[@]}"
WRAPPER
  chmod +x "$work/bin/wasi-$lang"
done

# PEP 739 build details of the target interpreter: meson takes the headers,
# extension suffix and platform from here instead of the build Python.
cat >"$work/build-details.json" <<JSON
{
  "schema_version": "1.0",
  "base_prefix": "$in",
  "platform": "wasi-wasm32",
  "language": {"version": "3.13", "version_info": {"major": 3, "minor": 13, "micro": 5, "releaselevel": "final", "serial": 0}},
  "implementation": {"name": "cpython", "cache_tag": "cpython-313", "hexversion": 51185136},
  "abi": {"flags": [], "extension_suffix": ".cpython-313-wasm32-wasi.so", "stable_abi_suffix": ".abi3.so"},
  "suffixes": {"source": [".py"], "bytecode": [".pyc"], "extensions": [".cpython-313-wasm32-wasi.so", ".abi3.so", ".so"]},
  "libpython": {"dynamic": "$in/libpython3.13.so", "link_extensions": false},
  "c_api": {"headers": "$in/include"}
}
JSON

map="-ffile-prefix-map=$work=/wasi-wheel"
cat >"$work/cross.ini" <<INI
[binaries]
c = '$work/bin/wasi-c'
cpp = '$work/bin/wasi-c++'
ar = '/usr/bin/llvm-ar-19'
ranlib = '/usr/bin/llvm-ranlib-19'
strip = '/usr/bin/llvm-strip-19'
cython = '$work/bin/cython'
python = '$python'
pkg-config = '/usr/bin/pkg-config'

[host_machine]
system = 'wasi'
cpu_family = 'wasm32'
cpu = 'wasm32'
endian = 'little'

[properties]
needs_exe_wrapper = true
longdouble_format = 'IEEE_QUAD_LE'

[built-in options]
c_args = ['-fPIC', '$map']
cpp_args = ['-fPIC', '$map']
INI

# pkg-config sees only the target Python (meson's Cython sanity check looks
# python3 up there, not in the build details).
mkdir "$work/pkgconfig"
for pc in python3 python-3.13; do
  printf 'Name: Python\nDescription: CPython 3.13 for wasm32-wasi\nVersion: 3.13\nCflags: -I%s\nLibs:\n' \
    "$in/include" >"$work/pkgconfig/$pc.pc"
done
export PKG_CONFIG_LIBDIR="$work/pkgconfig"
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

cd "$work"
mkdir src
tar xf "$sdist" --no-same-owner -C src --strip-components=1

# meson-python's config settings as one JSON object.
"$python" - "$install_tags" "$work" "${setup_args[@]}" >"$work/config.json" <<'PY'
import json, sys
tags, work, *setup = sys.argv[1:]
settings = {
    "builddir": work + "/build",
    "setup-args": [
        "--cross-file=" + work + "/cross.ini",
        "-Dpython.build_config=" + work + "/build-details.json",
        # Plain diagnostics in the log (and in the error report).
        "-Db_colorout=never",
    ] + setup,
    "compile-args": ["-j2"],
}
if tags:
    settings["install-args"] = ["--tags=" + tags]
json.dump(settings, sys.stdout)
PY

log="$work/build.log"
cd src
if ! "$python" -c '
import json, sys
import mesonpy
with open(sys.argv[2], encoding="utf-8") as f:
    settings = json.load(f)
print("built", mesonpy.build_wheel(sys.argv[1], settings))
' "$work/dist" "$work/config.json" >"$log" 2>&1; then
  echo "error: building $(basename "$sdist") for wasm32-wasi failed." >&2
  # The compiler's own diagnostics first (ninja prints them under FAILED:),
  # then the end of the log for configure-time errors.
  if grep -q -E '^FAILED: ' "$log"; then
    echo "--- compiler errors:" >&2
    grep -E -A12 '^FAILED: ' "$log" | grep -E -v '^(--|\[[0-9]+/[0-9]+\] )' | head -n 60 >&2 || true
  fi
  echo "--- last lines of the build log:" >&2
  tail -n 25 "$log" >&2
  exit 1
fi

# The package tree: the wheel's contents.
mkdir "$work/tree"
"$python" -m zipfile -e "$work"/dist/*.whl "$work/tree"

# Paths of this scratch directory in text files (e.g. numpy/__config__.py
# records the compiler command) become /wasi-wheel.
{ grep -rlI -F "$work" "$work/tree" || true; } | while IFS= read -r f; do
  sed -i "s#$work#/wasi-wheel#g" "$f"
done
if grep -rl -F "$work" "$work/tree" >&2; then
  echo "error: the files above still contain the scratch path $work" >&2
  exit 1
fi
# The wheel's RECORD holds the hashes of the files as built; rewrite it for
# the files as they are now.
"$python" - "$work/tree" <<'PY'
import base64, hashlib, pathlib, sys
tree = pathlib.Path(sys.argv[1])
(record,) = tree.glob("*.dist-info/RECORD")
rows = []
for f in sorted(p for p in tree.rglob("*") if p.is_file() and p != record):
    data = f.read_bytes()
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    rows.append(f"{f.relative_to(tree).as_posix()},sha256={digest},{len(data)}")
rows.append(f"{record.relative_to(tree).as_posix()},,")
record.write_text("\n".join(rows) + "\n", encoding="utf-8")
PY

# Every extension must import only what the component provides.
"$python" "$check_imports" --provider "$in/libpython3.13.so" \
  $(for lib in "${shared_libs[@]}"; do printf -- '--provider %s ' "$lib"; done) \
  "$work/tree"

rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -r "$work/tree" "$out"
