#!/usr/bin/env bash
# Benchmark (not a test): wall time of generating Python bindings for
# wasi:http/proxy with our wit-bindgen-py (release build) and with
# componentize-py 0.25.1's `bindings`, median of RUNS runs each, and the ratio.
#
# Usage: bench/bindings.sh [RUNS]   (default 15, at least 10)
# Needs: cargo, python3. componentize-py is pip-installed (pinned) into the
# venv the tests use, ~/.cache/rules_py_wasm/venv. Record results in
# bench/RESULTS.md.
set -euo pipefail

RUNS="${1:-15}"
if [ "$RUNS" -lt 10 ]; then
  echo "error: use at least 10 runs" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rules_py_wasm/cargo-target}"

cargo build --quiet --release -p wit-bindgen-py --manifest-path "$ROOT/Cargo.toml"
OURS="$CARGO_TARGET_DIR/release/wit-bindgen-py"

. "$ROOT/bench/componentize_py.sh"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# The same WIT files for both tools: the WASI 0.2.12 packages wit-bindgen-py
# bundles (from the pinned wasip2 crate), under a trivial root package.
WASI_DEPS="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/wasip2-2.0.1*/wit/deps | head -n 1)"
mkdir -p "$WORK/wit/deps"
cp "$WASI_DEPS"/*.wit "$WORK/wit/deps/"
echo "package bench:root;" > "$WORK/wit/root.wit"

python3 - "$RUNS" "$WORK" "$OURS" "$THEIRS" <<'PY'
import statistics, subprocess, sys, time

runs, work, ours, theirs = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
world = "wasi:http/proxy@0.2.12"
commands = {
    "wit-bindgen-py -d wit": lambda i: [ours, "-d", f"{work}/wit", "-w", world, "-o", f"{work}/ours-{i}"],
    "wit-bindgen-py (built-in WASI)": lambda i: [ours, "-w", world, "-o", f"{work}/ours-bundled-{i}"],
    "componentize-py bindings": lambda i: [theirs, "-d", f"{work}/wit", "-w", world, "bindings", f"{work}/theirs-{i}"],
}
medians = {}
for name, make in commands.items():
    subprocess.run(make("warmup"), check=True, capture_output=True)
    times = []
    for i in range(runs):
        start = time.perf_counter()
        subprocess.run(make(i), check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    medians[name] = statistics.median(times)
    print(f"{name:32s} median {medians[name] * 1000:7.1f} ms  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, {runs} runs)")
ref = medians["componentize-py bindings"]
for name in ("wit-bindgen-py -d wit", "wit-bindgen-py (built-in WASI)"):
    print(f"ratio {name} / componentize-py: {medians[name] / ref:.2f}x")
PY
