#!/bin/bash
# The main job (README quick start): build the seed article's matrices app as
# a wasi:http/proxy component with Bazel, serve it with `wasmtime serve` on
# 127.0.0.1, and send it the article's request.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh

bazel build //examples/matrices:matrices_component @wasmtime_cli//:wasmtime
component=bazel-bin/examples/matrices/matrices_component.wasm
wasmtime="$(bazel info output_base 2>/dev/null)/external/wasmtime_cli/wasmtime_cli/wasmtime"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$wasmtime" serve -S cli --addr "127.0.0.1:$port" "$component" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 300); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done

echo "POST http://127.0.0.1:$port/multiply"
curl -sS -i -H 'content-type: application/json' \
  -d '[[[1, 2], [4, 5], [6, 7]], [[1, 2, 3], [4, 5, 6]]]' \
  "http://127.0.0.1:$port/multiply"
echo
