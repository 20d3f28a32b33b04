#!/bin/bash
# Per-stage caching of py_wasm_component (issue: Bazel rules, "Must show" 2).
#
# In a copy of the working tree (its own output base, the shared disk cache):
#  1. build //tests/bazel/stage_caching:first;
#  2. edit only first.py and build again: PyPreinit (and PyAppTree, which
#     reads the Python sources) must run, GlueGen and PyLink must not;
#  3. build :second, another app on the same world: it must reuse the first
#     app's GlueGen, WitBindgenPy, PyLink and PyPrecompile outputs (none
#     of them runs).
# Bazel's execution log says which actions ran (or came from the cache).
set -euo pipefail
cd "$(dirname "$0")/../.."
src=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/stage-caching.XXXXXX")
trap '(cd "$work/tree" && bazel --output_user_root="$work/root" shutdown >/dev/null 2>&1); rm -rf "$work"' EXIT
mkdir -p "$work/tree"
tar -C "$src" --exclude='./bazel-*' --exclude=./.git --exclude=./target -cf - . | tar -C "$work/tree" -xf -
cd "$work/tree"

# Mnemonics of the actions a build ran or fetched from a cache.
build() {
  local log="$work/exec-$1.json"
  shift
  bazel --output_user_root="$work/root" build --execution_log_json_file="$log" "$@" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
  python3 - "$log" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
dec, i, seen = json.JSONDecoder(), 0, []
while i < len(text):
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    obj, i = dec.raw_decode(text, i)
    seen.append(obj.get("mnemonic", "?"))
print(" ".join(sorted(seen)))
PY
}

status=0
expect() {  # expect WHAT "MNEMONICS" present|absent MNEMONIC...
  local what=$1 ran=$2 mode=$3
  shift 3
  for m in "$@"; do
    if [ "$mode" = present ] && ! grep -qw "$m" <<<"$ran"; then
      echo "FAIL: $what: $m did not run"; status=1
    elif [ "$mode" = absent ] && grep -qw "$m" <<<"$ran"; then
      echo "FAIL: $what: $m ran"; status=1
    fi
  done
}

build first //tests/bazel/stage_caching:first >/dev/null
echo "# an edit of first.py" >> tests/bazel/stage_caching/first.py
ran=$(build edit //tests/bazel/stage_caching:first)
echo "after editing first.py: $ran"
expect "app edit" "$ran" present PyAppTree PyPreinit
expect "app edit" "$ran" absent GlueGen WitBindgenPy PyLink PyPrecompile CargoBuild

ran=$(build second //tests/bazel/stage_caching:second)
echo "second app on the same world: $ran"
expect "second app" "$ran" present PyPreinit
expect "second app" "$ran" absent GlueGen WitBindgenPy PyLink PyPrecompile

[ "$status" = 0 ] && echo PASS
exit "$status"
