#!/bin/bash
# Hermeticity of the WASI CPython toolchain (issue: toolchain, "Must show" 3).
#
#   tests/toolchain/hermeticity.sh          second checkout, same disk cache:
#                                           nothing is rebuilt, same bytes
#   tests/toolchain/hermeticity.sh --full   two from-scratch builds (no disk
#                                           cache, fresh output bases, other
#                                           paths): byte-identical libc.so,
#                                           libpython3.13.so, CJK codec modules
#                                           and stdlib bytecode;
#                                           prints the wall
#                                           and CPU time of each piece
#
# Each run copies the working tree to fresh directories (so uncommitted
# changes count) and uses its own Bazel output base there.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=$PWD
mode=${1:-}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/hermeticity.XXXXXX")
cleanup() {
  for dir in "$scratch"/*/; do
    [ -d "$dir/root" ] && (cd "$dir/tree" && bazel --output_user_root="$dir/root" shutdown >/dev/null 2>&1 || true)
  done
  rm -rf "$scratch"
}
trap cleanup EXIT

targets=(//third_party/wasi-libc:sysroot //third_party/zlib //third_party/cpython:build_python //third_party/cpython:wasi_build //third_party/cpython:stdlib)

checkout() {
  local dir=$1
  mkdir -p "$dir/tree"
  tar -C "$src" --exclude='./bazel-*' --exclude=./.git --exclude=./target -cf - . | tar -C "$dir/tree" -xf -
}

bazel_in() {
  local dir=$1
  shift
  (cd "$dir/tree" && bazel --output_user_root="$dir/root" "$@")
}

# The sha256 of libc.so, of libpython3.13.so, of the CJK codec modules and
# of the compiled stdlib tree (every file's path and contents), in the
# bazel-bin directory $1.
outputs_hashes() {
  local bin=$1
  sha256sum "$bin/third_party/wasi-libc/sysroot/lib/wasm32-wasi/libc.so" "$bin/third_party/cpython/libpython3.13.so" | awk '{print $1}'
  for tree in cjk_codecs stdlib.compiled; do
    (cd "$bin/third_party/cpython/$tree" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | awk '{print $1}'
  done
}

hashes() {
  outputs_hashes "$(bazel_in "$1" info bazel-bin 2>/dev/null)"
}

# CPU seconds (user + system) of the Bazel server's finished child processes,
# i.e. of the actions it ran: unlike wall time, it does not depend on what
# else the machine is doing.
children_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{ print ($16 + $17) / hz }' "/proc/$1/stat"
}

status=0
if [ "$mode" = --full ]; then
  for name in first second; do
    checkout "$scratch/$name"
    echo "== from-scratch build in $scratch/$name (no disk cache)"
    pid=$(bazel_in "$scratch/$name" info server_pid 2>/dev/null)
    for target in "${targets[@]}"; do
      start=$(date +%s.%N)
      cpu_start=$(children_cpu "$pid")
      bazel_in "$scratch/$name" build --disk_cache= --noshow_progress "$target" >"$scratch/$name.log" 2>&1 \
        || { cat "$scratch/$name.log"; exit 1; }
      printf '   %-40s %6.1f s wall %6.1f s CPU\n' "$target" \
        "$(echo "$(date +%s.%N) - $start" | bc)" "$(echo "$(children_cpu "$pid") - $cpu_start" | bc)"
    done
  done
  a=$(hashes "$scratch/first")
  b=$(hashes "$scratch/second")
  echo "first:  $(echo $a)"
  echo "second: $(echo $b)"
  [ "$a" = "$b" ] || { echo "FAIL: the two from-scratch builds differ"; status=1; }
else
  checkout "$scratch/clone"
  echo "== second checkout at $scratch/clone, shared disk cache"
  log=$(bazel_in "$scratch/clone" build "${targets[@]}" 2>&1) || { echo "$log"; exit 1; }
  summary=$(grep -oE '[0-9]+ process(es)?: .*' <<<"$log" | tail -n 1)
  echo "   $summary"
  # Only cache hits and Bazel-internal actions may run.
  for kind in linux-sandbox local processwrapper-sandbox worker; do
    if grep -qE "[0-9]+ $kind" <<<"$summary"; then
      echo "FAIL: the second checkout rebuilt something ($summary)"
      status=1
    fi
  done
  a=$(hashes "$scratch/clone")
  b=$(outputs_hashes "$(bazel info bazel-bin 2>/dev/null)")
  [ "$a" = "$b" ] || { echo "FAIL: the second checkout's outputs differ"; status=1; }
fi
[ "$status" = 0 ] && echo PASS
exit "$status"
