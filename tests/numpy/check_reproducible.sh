#!/bin/bash
# Checks that NumPy for wasm32-wasi (and the libraries built for it) is
# reproducible and cached. Run from anywhere; takes about as long as one
# cold NumPy build.
#
#  1. Builds the targets and hashes every output file.
#  2. Builds them again: Bazel must run no action at all (fully cached).
#  3. Builds them in a second output base (another execroot path, so other
#     absolute paths), with the WasiWheel and WasiLibcxx
#     actions forced to run again (no cache); every other action may come from
#     the disk cache. Every output file must hash the same as in 1.
#
# Prints what it compares and exits non-zero on any difference.
set -euo pipefail
cd "$(dirname "$0")/../.."

targets=(//third_party/numpy //third_party/libcxx)
outputs=(third_party/numpy/numpy third_party/libcxx/libcxx)

hashes() {  # BAZEL_BIN -> sorted "sha256  path" of every output file
  local bin=$1 dir
  for dir in "${outputs[@]}"; do
    (cd "$bin" && find "$dir" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
  done
}

work=$(mktemp -d "${TMPDIR:-/tmp}/numpy-repro.XXXXXX")
second_base="$work/output-base"
cleanup() {
  if [ -d "$second_base" ]; then
    bazel --output_base="$second_base" shutdown >/dev/null 2>&1 || true
    chmod -R u+w "$work" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== 1. build"
bazel build "${targets[@]}"
hashes "$(bazel info bazel-bin 2>/dev/null)" >"$work/first.txt"
echo "$(wc -l <"$work/first.txt") output files, $(grep -c '\.so$' "$work/first.txt") of them .so"

echo "== 2. second build: nothing may run"
bazel build "${targets[@]}" 2>&1 | tee "$work/second.log"
summary=$(grep -E 'INFO: [0-9]+ process(es)?:' "$work/second.log" | tail -n 1)
if ! echo "$summary" | grep -qE 'INFO: [0-9]+ process(es)?: [0-9]+ internal\.$'; then
  echo "FAIL: the second build ran actions: $summary"
  exit 1
fi
echo "ok: $summary"

echo "== 3. clean rebuild in $second_base (the NumPy and libc++ actions run again)"
# --symlink_prefix=/: leave the workspace's bazel-* symlinks alone.
bazel --output_base="$second_base" build --symlink_prefix=/ \
  --modify_execution_info=WasiWheel=+no-cache,WasiLibcxx=+no-cache \
  "${targets[@]}" 2>&1 | tee "$work/third.log"
if ! grep -q 'WasiWheel\|for wasm32-wasi (//third_party/numpy' "$work/third.log"; then
  echo "FAIL: the clean rebuild did not run the NumPy build action"
  exit 1
fi
hashes "$(bazel --output_base="$second_base" info bazel-bin 2>/dev/null)" >"$work/third.txt"
if ! diff -u "$work/first.txt" "$work/third.txt"; then
  echo "FAIL: the clean rebuild differs (diff above: first build -, rebuild +)"
  exit 1
fi
echo "ok: all $(wc -l <"$work/first.txt") output files are identical, among them:"
grep '\.so$' "$work/first.txt" | head -n 5
echo "PASS"
