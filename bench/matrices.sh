#!/usr/bin/env bash
# Benchmark (run by hand, not a test): the NumPy matrices app against the
# plain-Python one, both built by Bazel from examples/matrices, in one run.
#
# Measures:
#   - with --build-time: the cold NumPy build for wasm32-wasi, i.e. the
#     WasiWheel action of //third_party/numpy (and WasiLibcxx, libc++ for its
#     C++ extensions) forced to run again, in a second output base so the
#     shared Bazel server and its caches are left alone; every other input
#     comes from the disk cache. Prints each action's wall time.
#   - the component sizes: matrices_component (NumPy) and
#     matrices_pure_component;
#   - HTTP requests/s and p50/p99 latency with wrk (127.0.0.1, DURATION
#     seconds, 1 thread, CONNECTIONS connections) against `wasmtime serve -S
#     cli` for each app, at the article's 3x2 . 2x3 product and at 64x64 .
#     64x64. Both servers run at once and the measurements alternate between
#     them, ROUNDS times (medians reported), so load from other work on the
#     machine hits both alike. Each server is checked first: both apps must
#     give the correct product, and wrk must see no error responses.
# Prints a markdown table with the ratios NumPy / pure measured in this run.
#
# Usage: bench/matrices.sh [--build-time] [--duration S] [--connections N] [--rounds R] [--record]
#   --build-time   also measure the cold NumPy build (≈ 5 min on 2 cores)
#   --duration     seconds of wrk per measurement (default 5)
#   --connections  wrk connections (default 2)
#   --rounds       alternating rounds; the table shows medians (default 3)
#   --record       also append the table, dated, to bench/RESULTS.md
# Needs: bazel, python3, curl, wrk (Debian package; installed with apt-get if
# missing).
set -euo pipefail

BUILD_TIME=0
DURATION=5
CONNECTIONS=2
ROUNDS=3
RECORD=0
while [ $# -gt 0 ]; do
  case "$1" in
    --build-time) BUILD_TIME=1 ;;
    --duration) DURATION=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --record) RECORD=1 ;;
    *) echo "bench/matrices.sh: unknown argument $1 (see the usage at the top of the script)" >&2; exit 2 ;;
  esac
  shift
done
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

if ! command -v wrk >/dev/null; then
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y -qq wrk >&2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-matrices.XXXXXX")"
SERVER=""
SECOND_BASE="$WORK/output-base"
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  if [ -d "$SECOND_BASE" ]; then
    bazel --output_base="$SECOND_BASE" shutdown >/dev/null 2>&1 || true
    chmod -R u+w "$WORK" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "==> bazel build //examples/matrices:matrices_component :matrices_pure_component @wasmtime_cli//:wasmtime" >&2
bazel build //examples/matrices:matrices_component //examples/matrices:matrices_pure_component @wasmtime_cli//:wasmtime >&2
BIN="$(bazel info bazel-bin 2>/dev/null)"
WASMTIME="$(bazel info output_base 2>/dev/null)/external/wasmtime_cli/wasmtime_cli/wasmtime"
NUMPY_WASM="$BIN/examples/matrices/matrices_component.wasm"
PURE_WASM="$BIN/examples/matrices/matrices_pure_component.wasm"

: >"$WORK/build.txt"
if [ "$BUILD_TIME" = 1 ]; then
  echo "==> cold NumPy build in $SECOND_BASE (WasiWheel and WasiLibcxx run again)" >&2
  start=$(date +%s.%N)
  bazel --output_base="$SECOND_BASE" build --symlink_prefix=/ \
    --modify_execution_info=WasiWheel=+no-cache,WasiLibcxx=+no-cache \
    --profile="$WORK/profile.json" //third_party/numpy >&2
  end=$(date +%s.%N)
  python3 - "$WORK/profile.json" "$start" "$end" >"$WORK/build.txt" <<'PY'
import json, sys
# Bazel's JSON trace profile: one "action processing" event per action,
# named by its progress message, with its duration in microseconds.
trace = json.load(open(sys.argv[1], encoding="utf-8"))
events = trace["traceEvents"] if isinstance(trace, dict) else trace
actions = [e for e in events if e.get("cat") == "action processing" and "dur" in e]
for mnemonic, message in (("WasiLibcxx", "Building libc++ for wasm32-wasi"),
                          ("WasiWheel", "for wasm32-wasi (//third_party/numpy:numpy)")):
    durations = [e["dur"] for e in actions if message in e.get("name", "")]
    if not durations:
        sys.exit(f"error: the profile has no {mnemonic} action ('{message}'); did it run?")
    print(f"{mnemonic}\t{max(durations) / 1e6:.0f}")
print(f"total\t{float(sys.argv[3]) - float(sys.argv[2]):.0f}")
PY
  cat "$WORK/build.txt" >&2
fi

python3 - "$WASMTIME" "$NUMPY_WASM" "$PURE_WASM" "$WORK" "$DURATION" "$CONNECTIONS" "$ROUNDS" "$RECORD" \
  "$ROOT/bench/RESULTS.md" "$WORK/build.txt" <<'PY'
import datetime, json, os, re, socket, statistics, subprocess, sys, time, urllib.request

wasmtime, numpy_wasm, pure_wasm, work, duration, connections, rounds, record, results, build = sys.argv[1:]
record, rounds = record == "1", int(rounds)

ARTICLE = [[[1, 2], [4, 5], [6, 7]], [[1, 2, 3], [4, 5, 6]]]
N = 64
# Small integers: the product stays well inside NumPy's default int32 on wasm32.
A = [[(i * N + j) % 7 - 3 for j in range(N)] for i in range(N)]
B = [[(i * 3 + j * 5) % 11 - 5 for j in range(N)] for i in range(N)]
CASES = [("3x2 . 2x3 (article)", ARTICLE), ("64x64 . 64x64", [A, B])]


def product(a, b):
    return [[sum(x * y for x, y in zip(row, col)) for col in zip(*b)] for row in a]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def post(url, body):
    req = urllib.request.Request(url, data=body, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, r.read()


def serve(component):
    port = free_port()
    log = open(os.path.join(work, os.path.basename(component) + ".serve.log"), "wb")
    proc = subprocess.Popen([wasmtime, "serve", "-S", "cli", "--addr", f"127.0.0.1:{port}", component],
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 600
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"error: wasmtime serve {component} exited: {open(log.name, encoding='utf-8', errors='replace').read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, f"http://127.0.0.1:{port}/multiply"
        except OSError:
            time.sleep(0.2)
    proc.kill()
    sys.exit(f"error: wasmtime serve {component} did not listen on 127.0.0.1:{port} within 600 s")


def wrk(url, body):
    lua = os.path.join(work, "post.lua")
    with open(lua, "w", encoding="utf-8") as f:
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                f"wrk.body = {json.dumps(body.decode())}\n")
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "-s", lua, url],
                         check=True, capture_output=True, text=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if bad or errors:
        sys.exit(f"error: wrk saw failed requests against {url}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label):
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]

    return rps, ms("50%"), ms("99%")


# Both servers run at once and the measurements alternate (numpy, pure, per
# case, ROUNDS times), so a change in the machine's load during the run hits
# both apps alike; the table shows the median of the rounds.
load = open("/proc/loadavg").read().split()[:3]
servers = {}
try:
    for app, component in (("numpy", numpy_wasm), ("pure", pure_wasm)):
        servers[app] = serve(component)
    for label, pair in CASES:
        body = json.dumps(pair).encode()
        for app, (_, url) in servers.items():
            status, answer = post(url, body)
            if status != 200 or json.loads(answer) != product(*pair):
                sys.exit(f"error: the {app} app answered {status} {answer[:200]!r} for {label}, not the product")
            post(url, body)  # warm up
    runs = {}
    for round_ in range(rounds):
        for label, pair in CASES:
            body = json.dumps(pair).encode()
            for app, (_, url) in servers.items():
                result = wrk(url, body)
                runs.setdefault((app, label), []).append(result)
                print(f"round {round_ + 1}: {app:5} {label:20} {result[0]:8.1f} req/s", file=sys.stderr)
finally:
    for proc, _ in servers.values():
        proc.kill()
        proc.wait()
measured = {key: tuple(statistics.median(r[i] for r in results) for i in range(3)) for key, results in runs.items()}

mib = lambda path: os.path.getsize(path) / 2**20
lines = [
    f"Same run, same machine ({os.cpu_count()} cores, load average before the HTTP runs: {' '.join(load)}); "
    f"wrk -t1 -c{connections} -d{duration}s against `wasmtime serve -S cli` on 127.0.0.1, "
    f"median of {rounds} alternating rounds.",
    "",
    "| | NumPy (`matrices_component`) | pure Python (`matrices_pure_component`) | ratio NumPy / pure |",
    "|---|---|---|---|",
    f"| component size | {mib(numpy_wasm):.1f} MiB | {mib(pure_wasm):.1f} MiB | {mib(numpy_wasm) / mib(pure_wasm):.2f}× |",
]
for label, _ in CASES:
    n, p = measured[("numpy", label)], measured[("pure", label)]
    lines.append(f"| req/s, {label} | {n[0]:.1f} | {p[0]:.1f} | **{n[0] / p[0]:.2f}×** |")
    lines.append(f"| p50 / p99 latency, {label} | {n[1]:.1f} / {n[2]:.1f} ms | {p[1]:.1f} / {p[2]:.1f} ms | {n[1] / p[1]:.2f}× / {n[2] / p[2]:.2f}× |")
build_rows = dict(line.split("\t") for line in open(build, encoding="utf-8").read().splitlines())
if build_rows:
    minutes = lambda key: f"{int(build_rows[key]) / 60:.1f} min"
    lines += [
        "",
        f"Cold NumPy 2.5.5 build for wasm32-wasi (actions forced to run, everything else from the disk cache): "
        f"`WasiWheel` {minutes('WasiWheel')}, `WasiLibcxx` (libc++ for the C++ extensions) "
        f"{minutes('WasiLibcxx')}; `bazel build //third_party/numpy` in a fresh output base "
        f"{minutes('total')} in all.",
    ]
table = "\n".join(lines)
print(table)
if record:
    with open(results, "a", encoding="utf-8") as f:
        f.write(f"\n### {datetime.date.today().isoformat()}: `bench/matrices.sh` (generated)\n\n{table}\n")
    print(f"recorded in {results}", file=sys.stderr)
PY
