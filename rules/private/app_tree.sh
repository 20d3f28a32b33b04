#!/bin/bash
# Lays out an app's Python files as a directory (one Python-path root).
#
# Usage: app_tree.sh OUT_DIR REL_PATH=SRC_FILE...
# Run by the `PyAppTree` action (rules/private/actions/app_tree.bzl).
set -euo pipefail
out=$1
shift
mkdir -p "$out"
for pair in "$@"; do
  rel=${pair%%=*}
  src=${pair#*=}
  mkdir -p "$out/$(dirname "$rel")"
  cp -L "$src" "$out/$rel"
done
