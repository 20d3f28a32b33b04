#!/usr/bin/env bash
# Benchmark (run by hand, not a test): py-wasm against componentize-py 0.25.1
# on the same machine, in the same run, on the hello, cli and matrices apps.
#
# Measures, per app and tool: build wall time (min/median of RUNS builds),
# component size, `wasmtime run` cold (-C cache=n), warm (compile cache on)
# and precompiled (`wasmtime compile` + --allow-precompiled), each min/median;
# for matrices, HTTP requests/s and p50/p99 latency with wrk (127.0.0.1,
# 10 s, 2 connections, 1 thread) against `wasmtime serve -S cli`. Prints a
# markdown table with the ratios py-wasm / componentize-py and the goals
# (build <= 0.7x, size <= 0.5x, warm run <= 1.0x, HTTP req/s >= 1.2x).
#
# Usage: bench/compare.sh [RUNS] [--apps hello,cli,matrices] [--record]
#   RUNS      builds and runs per measurement (default 3, at least 3)
#   --apps    which apps to measure (default all three)
#   --record  also append the table, dated, to bench/RESULTS.md
# Environment: PY_WASM=/path/to/py-wasm measures that binary instead of the
# dist tree's (it still finds its toolchain as usual, e.g. PY_WASM_TOOLCHAIN).
#
# Needs: bazel (builds //tools/py-wasm:dist and the pinned wasmtime CLI),
# python3, wrk (Debian package; installed with apt-get if missing).
# componentize-py is pip-installed (hash-pinned, bench/componentize_py.sh).
#
# Both tools build the same apps: examples/hello and examples/cli as they are,
# and for matrices the examples/matrices logic written against the
# `poll_loop` API that both tools ship (componentize-py bundles its own
# poll_loop; py-wasm's py_wasm_http answers to that name too).
set -euo pipefail

RUNS=3
RECORD=0
APPS=hello,cli,matrices
while [ $# -gt 0 ]; do
  case "$1" in
    --record) RECORD=1 ;;
    --apps) APPS=$2; shift ;;
    *) RUNS="$1" ;;
  esac
  shift
done
if [ "$RUNS" -lt 3 ]; then
  echo "error: use at least 3 runs" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

cd "$ROOT"
echo "==> bazel build //tools/py-wasm:dist @wasmtime_cli//:wasmtime" >&2
bazel build //tools/py-wasm:dist @wasmtime_cli//:wasmtime >&2
PY_WASM="${PY_WASM:-$(bazel info bazel-bin 2>/dev/null)/tools/py-wasm/dist/bin/py-wasm}"
EXTERNAL="$(bazel info output_base 2>/dev/null)/external"
WASMTIME="$EXTERNAL/wasmtime_cli/wasmtime_cli/wasmtime"

. "$ROOT/bench/componentize_py.sh"

if ! command -v wrk >/dev/null; then
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y -qq wrk >&2
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# componentize-py has no built-in WASI: both tools read the same WASI 0.2.12
# WIT files (the pinned wasip2 crate's), under a trivial root package.
mkdir -p "$WORK/wasi/deps"
cp "$EXTERNAL"/wasi_wit/wit/deps/*.wit "$WORK/wasi/deps/"
echo "package bench:root;" > "$WORK/wasi/root.wit"

mkdir -p "$WORK/apps/hello" "$WORK/apps/cli" "$WORK/apps/matrices"
cp -r examples/hello/app.py examples/hello/wit "$WORK/apps/hello/"
cp examples/cli/app.py "$WORK/apps/cli/"
cat > "$WORK/apps/matrices/app.py" <<'PY'
"""examples/matrices on the poll_loop API both tools ship."""

import asyncio
import json

from componentize_py_types import Ok
from poll_loop import PollLoop, Sink, Stream
from wit_world import exports
from wit_world.imports.types import (
    Fields, IncomingRequest, Method_Post, OutgoingResponse, ResponseOutparam,
)


def matmul(a, b):
    if len(a[0]) != len(b):
        raise ValueError(f"cannot multiply a {len(a)}x{len(a[0])} matrix by a {len(b)}x{len(b[0])} matrix")
    columns = list(zip(*b))
    return [[sum(x * y for x, y in zip(row, col)) for col in columns] for row in a]


class IncomingHandler(exports.IncomingHandler):
    def handle(self, request: IncomingRequest, response_out: ResponseOutparam) -> None:
        loop = PollLoop()
        asyncio.set_event_loop(loop)
        loop.run_until_complete(handle_async(request, response_out))


async def respond(response_out, status, body, content_type):
    response = OutgoingResponse(Fields.from_list([("content-type", content_type)]))
    response.set_status_code(status)
    outgoing = response.body()
    ResponseOutparam.set(response_out, Ok(response))
    sink = Sink(outgoing)
    if body:
        await sink.send(body)
    sink.close()


async def handle_async(request, response_out):
    if not (isinstance(request.method(), Method_Post) and request.path_with_query() == "/multiply"):
        await respond(response_out, 400, b"", b"text/plain")
        return
    try:
        stream = Stream(request.consume())
        data = bytearray()
        while (chunk := await stream.next()) is not None:
            data += chunk
        [a, b] = json.loads(data)
        body = json.dumps(matmul(a, b)).encode()
    except Exception as e:
        await respond(response_out, 500, f"{type(e).__name__}: {e}".encode(), b"text/plain")
        return
    await respond(response_out, 200, body, b"application/json")
PY

python3 - "$RUNS" "$RECORD" "$WORK" "$PY_WASM" "$THEIRS" "$WASMTIME" "$ROOT/bench/RESULTS.md" "$APPS" <<'PY'
import datetime, os, re, socket, statistics, subprocess, sys, time, urllib.request

runs, record = int(sys.argv[1]), sys.argv[2] == "1"
work, ours, theirs, wasmtime, results = sys.argv[3:8]
apps = sys.argv[8].split(",")
wasi = f"{work}/wasi"
WORLD = {
    "hello": ["-d", "wit", "-w", "hello"],
    "cli": ["-d", wasi, "-w", "wasi:cli/command@0.2.12"],
    "matrices": ["-d", wasi, "-w", "wasi:http/proxy@0.2.12"],
}
TOOLS = {"py-wasm": ours, "componentize-py": theirs}
ARTICLE = b"[[[1, 2], [4, 5], [6, 7]], [[1, 2, 3], [4, 5, 6]]]"
EXPECTED = b"[[9, 12, 15], [24, 33, 42], [34, 47, 60]]"


def timed(cmd, **kw):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kw)
    return time.perf_counter() - start


def stats(xs):
    return min(xs), statistics.median(xs)


def build(tool, app, i):
    out = f"{work}/out/{tool}-{app}-{i}.wasm"
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cmd = [TOOLS[tool], *WORLD[app], "componentize", "app", "-p", ".", "-o", out]
    return timed(cmd, cwd=f"{work}/apps/{app}"), out


def run_cmd(app, wasm, extra):
    invoke = ["--invoke", 'greet("x")'] if app == "hello" else []
    return [wasmtime, "run", *extra, *invoke, wasm]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_bench(wasm):
    port = free_port()
    server = subprocess.Popen([wasmtime, "serve", "-S", "cli", "--addr", f"127.0.0.1:{port}", wasm],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/multiply"
    try:
        deadline = time.time() + 300
        while True:
            try:
                req = urllib.request.Request(url, data=ARTICLE, headers={"content-type": "application/json"})
                body = urllib.request.urlopen(req, timeout=60).read()
                if body != EXPECTED:
                    raise SystemExit(f"unexpected response {body!r} from {wasm}")
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise SystemExit(f"wasmtime serve did not answer for {wasm}")
                time.sleep(0.2)
        lua = f"{work}/post.lua"
        with open(lua, "w") as f:
            f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                    f'wrk.body = "{ARTICLE.decode()}"\n')
        out = subprocess.run(["wrk", "-t1", "-c2", "-d10s", "--latency", "-s", lua, url],
                             check=True, capture_output=True, text=True).stdout
    finally:
        server.kill()
        server.wait()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]

    return rps, pct(50), pct(99)


rows = []  # (app, metric, ours, theirs, unit, goal)
for app in apps:
    res = {}
    for tool in TOOLS:
        print(f"==> {app}: {tool}", file=sys.stderr)
        times, wasm = [], None
        for i in range(runs):
            t, wasm = build(tool, app, i)
            times.append(t)
        r = {"build": stats(times), "size": os.path.getsize(wasm)}
        if app != "matrices":
            r["cold"] = stats([timed(run_cmd(app, wasm, ["-C", "cache=n"])) for _ in range(runs)])
            timed(run_cmd(app, wasm, []))  # fills the compile cache
            r["warm"] = stats([timed(run_cmd(app, wasm, [])) for _ in range(max(runs, 5))])
            cwasm = wasm[:-5] + ".cwasm"
            subprocess.run([wasmtime, "compile", wasm, "-o", cwasm], check=True)
            r["pre"] = stats([timed(run_cmd(app, cwasm, ["--allow-precompiled"])) for _ in range(max(runs, 5))])
        else:
            r["http"] = http_bench(wasm)
        res[tool] = r
    o, t = res["py-wasm"], res["componentize-py"]
    rows.append((app, "build (min / median)", o["build"], t["build"], "s", 0.7))
    rows.append((app, "size", o["size"] / 2**20, t["size"] / 2**20, "MiB", 0.5))
    if app != "matrices":
        rows.append((app, "cold run, -C cache=n (min / median)", o["cold"], t["cold"], "s", None))
        rows.append((app, "warm run (min / median)", o["warm"], t["warm"], "s", 1.0))
        rows.append((app, "precompiled run (min / median)", o["pre"], t["pre"], "s", None))
    else:
        rows.append((app, "HTTP requests/s", o["http"][0], t["http"][0], "req/s", -1.2))
        rows.append((app, "HTTP p50 latency", o["http"][1], t["http"][1], "ms", None))
        rows.append((app, "HTTP p99 latency", o["http"][2], t["http"][2], "ms", None))


def fmt(v, unit):
    if isinstance(v, tuple):
        return " / ".join(fmt(x, unit) for x in v)
    if unit == "s":
        return f"{v:.2f} s"
    if unit == "req/s":
        return f"{v:.1f}"
    return f"{v:.2f} {unit}"


lines = ["| app | metric | py-wasm | componentize-py | ratio | goal |", "|---|---|---|---|---|---|"]
for app, metric, o, t, unit, goal in rows:
    key = lambda v: v[1] if isinstance(v, tuple) else v  # medians
    ratio = key(o) / key(t)
    if goal is None:
        verdict = ""
    elif goal < 0:
        verdict = f"≥ {-goal}×: " + ("met" if ratio >= -goal else "**missed**")
    else:
        verdict = f"≤ {goal}×: " + ("met" if ratio <= goal else "**missed**")
    lines.append(f"| {app} | {metric} | {fmt(o, unit)} | {fmt(t, unit)} | {ratio:.2f}× | {verdict} |")
table = "\n".join(lines)
print(table)

if record:
    load = open("/proc/loadavg").read().split()[:3]
    section = (f"\n### {datetime.date.today().isoformat()}\n\n"
               f"`bench/compare.sh {runs} --apps {','.join(apps)} --record`; load average before the run: {' '.join(load)}. "
               "Ratios are py-wasm / componentize-py, on medians.\n\n" + table + "\n")
    with open(results) as f:
        text = f.read()
    header = "## py-wasm vs componentize-py (`bench/compare.sh`)"
    if header not in text:
        text += ("\n" + header + "\n\nSame machine, same run, on examples/hello, examples/cli and examples/matrices "
                 "(poll_loop version, identical for both tools). Goals: build ≤ 0.7×, size ≤ 0.5×, "
                 "warm run ≤ 1.0×, HTTP req/s ≥ 1.2×.\n")
    at = text.index(header) + len(header)
    nxt = text.find("\n## ", at)
    nxt = len(text) if nxt < 0 else nxt
    # Newest first: right after the section's introduction paragraph.
    intro_end = text.find("\n### ", at)
    insert = nxt if intro_end < 0 or intro_end > nxt else intro_end
    text = text[:insert].rstrip("\n") + "\n" + section + text[insert:]
    with open(results, "w") as f:
        f.write(text)
    print(f"recorded in {results}", file=sys.stderr)
PY
