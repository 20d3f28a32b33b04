#!/bin/bash
# Compiles the WASI stdlib to bytecode once, at build time, so that no app's
# pre-initialization parses and compiles the stdlib modules it imports.
#
# Usage: compile_stdlib.sh STDLIB_DIR BUILD_PYTHON_DIR OUT_DIR
# Output: OUT_DIR, a copy of STDLIB_DIR with __pycache__/*.cpython-313.pyc
#   beside every module (a module that does not compile fails the action).
#   The .pyc files are "unchecked-hash" (PEP 552): the import system loads
#   them without looking at the source's mtime, which py-preinit fixes
#   anyway. Their code objects name their files as the guest sees them
#   (/python/...), not as this action does.
# The native build Python is the same CPython version (3.13.5) as the WASI
# one, so it writes the bytecode format the guest reads. Run by the
# `PyCompileStdlib` Bazel action (//third_party/cpython:stdlib).
set -euo pipefail

stdlib=$(realpath "$1")
python="$(realpath "$2")/bin/python3.13"
out=$(realpath -m "$3")

rm -rf "$out"
mkdir -p "$out"
cp -rL "$stdlib/." "$out/"
chmod -R u+w "$out"
# The import system's cache tag is the implementation's (cpython-313 on both
# hosts); a fixed hash seed keeps constant sets in the same order every run.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! PYTHONHASHSEED=0 "$python" -E -s -m compileall -q \
    --invalidation-mode unchecked-hash -d /python "$out" >"$log" 2>&1; then
  echo "error: $python could not compile every stdlib module (a source that" \
    "does not compile, or a build Python of another version):" >&2
  cat "$log" >&2
  exit 1
fi
