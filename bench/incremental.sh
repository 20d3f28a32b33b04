#!/bin/bash
# Rebuild after an app edit: Bazel's incremental build of a py_wasm_component
# vs componentize-py 0.25.1 rebuilding the same app from scratch (it has no
# other mode). Same machine, same run; prints both and the ratio.
#
# Usage: bench/incremental.sh [RUNS]   (default 3; min and median reported)
# Not a test: run by hand, record the output in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
runs=${1:-3}
. scripts/env.sh
ROOT=$src
. bench/componentize_py.sh

work=$(mktemp -d "${TMPDIR:-/tmp}/incremental.XXXXXX")
trap '(cd "$work/tree" && bazel --output_user_root="$work/root" shutdown >/dev/null 2>&1); rm -rf "$work"' EXIT
mkdir -p "$work/tree"
tar -C "$src" --exclude='./bazel-*' --exclude=./.git --exclude=./target -cf - . | tar -C "$work/tree" -xf -
app=tests/bazel/stage_caching
target=//$app:first

seconds() { python3 -c 'import sys, time; print(f"{time.time():.3f}")'; }
stats() { python3 -c 'import statistics, sys; v = sorted(map(float, sys.argv[1:])); print(f"min {v[0]:.2f} s, median {statistics.median(v):.2f} s")' "$@"; }

# Ours: warm the build, then edit app.py and rebuild, RUNS times.
(cd "$work/tree" && bazel --output_user_root="$work/root" build "$target" >/dev/null 2>&1)
ours=()
for i in $(seq "$runs"); do
  # A unique edit: the disk cache must not already know the result.
  echo "# edit $i $(date +%s%N)" >> "$work/tree/$app/first.py"
  start=$(seconds)
  (cd "$work/tree" && bazel --output_user_root="$work/root" build "$target" >/dev/null 2>&1)
  ours+=("$(python3 -c "print($(seconds) - $start)")")
done

# componentize-py: the same app, the same world (its WIT from the pinned
# wasip2 crate, which componentize-py needs as a directory).
(cd "$work/tree" && bazel --output_user_root="$work/root" fetch @wasi_wit//:all >/dev/null 2>&1)
wit=$(cd "$work/tree" && bazel --output_user_root="$work/root" info output_base 2>/dev/null)/external/wasi_wit/wit
[ -d "$wit" ] || { echo "error: the warm build did not fetch @wasi_wit ($wit is missing)" >&2; exit 1; }
mkdir -p "$work/cpy"
cp "$work/tree/$app/first.py" "$work/cpy/"
theirs=()
for i in $(seq "$runs"); do
  echo "# edit $i" >> "$work/cpy/first.py"
  start=$(seconds)
  (cd "$work/cpy" && "$THEIRS" -d "$wit" -w wasi:cli/command@0.2.12 \
    componentize first -o first.wasm >/dev/null)
  theirs+=("$(python3 -c "print($(seconds) - $start)")")
done

echo "py_wasm_component incremental rebuild after an app edit: $(stats "${ours[@]}")"
echo "componentize-py 0.25.1 componentize of the same app:    $(stats "${theirs[@]}")"
python3 -c 'import statistics, sys
o = statistics.median(map(float, sys.argv[1].split()))
t = statistics.median(map(float, sys.argv[2].split()))
print(f"ratio (median): {o / t:.2f}x  (goal <= 0.25x)")' "${ours[*]}" "${theirs[*]}"
