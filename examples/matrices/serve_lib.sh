# Sourced by serve_test.sh and serve_pure_test.sh: serves a matrices
# component with `wasmtime serve -S cli` on 127.0.0.1 and checks answers.
#   serve WASMTIME COMPONENT      start the server on a free port; wait for it
#   check METHOD PATH BODY STATUS EXPECTED_BODY [prefix]
#                                 one request; EXPECTED_BODY is the whole body,
#                                 or with `prefix` how it starts
#   finish                        exit with the result (and the server log on
#                                 failure)
set -uo pipefail
command -v curl >/dev/null || { echo "FAIL: curl not found (run scripts/setup.sh)"; exit 1; }

status=0
work=$(mktemp -d)
port=""
server=""
trap 'if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; fi; rm -rf "$work"' EXIT

serve() {
  local wasmtime=$1 component=$2
  # A free port: one nothing answers on.
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  "$wasmtime" serve -S cli --addr "127.0.0.1:$port" "$component" 2>"$work/serve.log" &
  server=$!
  for _ in $(seq 3000); do
    if ! kill -0 "$server" 2>/dev/null; then
      echo "FAIL: wasmtime serve exited:"; cat "$work/serve.log"; exit 1
    fi
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return
    sleep 0.1
  done
  echo "FAIL: wasmtime serve did not listen on 127.0.0.1:$port within 300 s"; exit 1
}

check() {
  local out code body
  out=$(curl -sS -X "$1" -H 'content-type: application/json' --data-binary "$3" \
    -w '\n%{http_code}' "http://127.0.0.1:$port$2") || { echo "FAIL: curl $1 $2"; status=1; return; }
  code=${out##*$'\n'}
  body=${out%$'\n'*}
  if [ "$code" != "$4" ]; then
    echo "FAIL: $1 $2 $3 -> status $code, expected $4 (body: $body)"; status=1; return
  fi
  if [ "${6:-}" = prefix ]; then
    [[ "$body" == "$5"* ]] || { echo "FAIL: $1 $2 $3 -> body '$body', expected it to start with '$5'"; status=1; return; }
  elif [ "$body" != "$5" ]; then
    echo "FAIL: $1 $2 $3 -> body '$body', expected '$5'"; status=1; return
  fi
  echo "ok: $1 $2 $3 -> $code $body"
}

finish() {
  if [ "$status" != 0 ]; then
    echo "--- wasmtime serve:"; cat "$work/serve.log"
  fi
  exit "$status"
}
