#!/bin/bash
# Run times of two components under the pinned wasmtime CLI (run by hand, not
# a test; record the output in bench/toolchain.md and bench/RESULTS.md):
#
# - toolchain: //tests/toolchain:pyrun_component (CPython embedded in a C
#   wasi:cli/command, no pre-initialization: it starts the interpreter and
#   runs python_hello/main.py) and //tests/preinit/greet:greet (the
#   pre-initialized hello component), each cold (`-C cache=n`: compiled on
#   every run) and warm (wasmtime's compile cache, filled by one run first);
# - pre-init: greet's `precomputed()` (work done at import, i.e. build time)
#   against `compute-now()` (the same work inside the export), warm.
#
# Usage: bench/run_times.sh [RUNS]   (default 5; min and median reported)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
. scripts/env.sh

bazel build -- @wasmtime_cli//:wasmtime //tests/toolchain:pyrun_component //tests/preinit/greet:greet \
  //third_party/cpython:stdlib >/dev/null 2>&1
bin=$(bazel info bazel-bin 2>/dev/null)
external=$(bazel info output_base 2>/dev/null)/external
wasmtime=$(find -L "$external/wasmtime_cli" -name wasmtime -type f -perm -u+x | head -n 1)
[ -x "$wasmtime" ] || { echo "error: no wasmtime binary under $external/wasmtime_cli" >&2; exit 1; }
pyrun="$bin/tests/toolchain/pyrun_component.wasm"
greet="$bin/tests/preinit/greet/greet.wasm"
for f in "$pyrun" "$greet"; do
  [ -f "$f" ] || { echo "error: $f was not built; look for its name under $bin" >&2; exit 1; }
done

cache=$(mktemp -d "${TMPDIR:-/tmp}/run_times.XXXXXX")
trap 'rm -rf "$cache"' EXIT
cat >"$cache/config.toml" <<EOF
[cache]
directory = "$cache/dir"
EOF

# time_runs LABEL -- COMMAND...: runs COMMAND RUNS times, prints min/median.
time_runs() {
  local label=$1
  shift 2
  local times=() start
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    "$@" >/dev/null
    times+=("$(echo "$(date +%s.%N) - $start" | bc)")
  done
  python3 -c 'import statistics, sys
v = sorted(map(float, sys.argv[2:]))
print(f"{sys.argv[1]:<44} min {v[0] * 1000:7.0f} ms   median {statistics.median(v) * 1000:7.0f} ms")' "$label" "${times[@]}"
}

hello=(--dir "$bin/third_party/cpython/stdlib::/python" --dir "$PWD/tests/toolchain/python_hello::/test")
"$wasmtime" run -C cache-config="$cache/config.toml" "${hello[@]}" "$pyrun" >/dev/null
"$wasmtime" run -C cache-config="$cache/config.toml" --invoke 'greet("x")' "$greet" >/dev/null

echo "wasmtime $("$wasmtime" --version | awk '{print $2}'), $runs runs each"
time_runs "pyrun (python_hello), cold" -- "$wasmtime" run -C cache=n "${hello[@]}" "$pyrun"
time_runs "pyrun (python_hello), warm" -- "$wasmtime" run -C cache-config="$cache/config.toml" "${hello[@]}" "$pyrun"
time_runs "greet('x'), cold" -- "$wasmtime" run -C cache=n --invoke 'greet("x")' "$greet"
time_runs "greet('x'), warm" -- "$wasmtime" run -C cache-config="$cache/config.toml" --invoke 'greet("x")' "$greet"
time_runs "precomputed() (work done at build time), warm" -- "$wasmtime" run -C cache-config="$cache/config.toml" --invoke 'precomputed()' "$greet"
time_runs "compute-now() (same work in the export), warm" -- "$wasmtime" run -C cache-config="$cache/config.toml" --invoke 'compute-now()' "$greet"
