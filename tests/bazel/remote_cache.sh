#!/bin/bash
# Remote-cache reuse across checkouts (issue: Bazel rules, "Must show" 3).
#
# Starts nginx (Debian) as a WebDAV HTTP cache on 127.0.0.1 and fills it from
# a first build, then builds the same targets from a copy of the working tree
# at another path, in a fresh output base, with no disk cache: at least 90%
# of its actions must be remote cache hits, and its components must be
# byte-identical to the first build's.
#
#   tests/bazel/remote_cache.sh [TARGET...]         the first build is this
#       checkout's own (its results, kept in the shared disk cache, are put
#       into nginx's store); fast enough for every CI run
#   tests/bazel/remote_cache.sh --cold [TARGET...]  the first build is a
#       second fresh copy that executes everything and uploads it over HTTP
set -euo pipefail
cd "$(dirname "$0")/../.."
src=$PWD
cold=false
if [ "${1:-}" = --cold ]; then
  cold=true
  shift
fi
targets=("$@")
if [ "${#targets[@]}" = 0 ]; then
  targets=(//tests/preinit/greet:greet //tests/bazel/stage_caching:all)
  [ -d examples ] && targets+=(//examples/...)
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/remote-cache.XXXXXX")
nginx_pid=
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  for name in first second; do
    [ -d "$work/$name/root" ] && (cd "$work/$name/tree" && bazel --output_user_root="$work/$name/root" shutdown >/dev/null 2>&1 || true)
  done
  rm -rf "$work"
}
trap cleanup EXIT

# nginx: PUT/GET under /ac/ and /cas/, which is all Bazel's HTTP cache needs.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx/store" "$work/nginx/logs" "$work/nginx/tmp"
# nginx's workers drop to an unprivileged user: let them in.
chmod 755 "$work"
chmod 777 "$work/nginx/store" "$work/nginx/tmp"
cat > "$work/nginx/nginx.conf" <<CONF
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events {}
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp;
  server {
    listen 127.0.0.1:$port;
    client_max_body_size 0;
    location / {
      root $work/nginx/store;
      dav_methods PUT;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
    }
  }
}
CONF
/usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done

copy_tree() {
  mkdir -p "$1"
  tar -C "$src" --exclude='./bazel-*' --exclude=./.git --exclude=./target -cf - . | tar -C "$1" -xf -
}

build() {
  local name=$1
  copy_tree "$work/$name/tree"
  (cd "$work/$name/tree" && bazel --output_user_root="$work/$name/root" build \
    --disk_cache= --remote_cache="http://127.0.0.1:$port" "${targets[@]}") >"$work/$name.log" 2>&1 \
    || { cat "$work/$name.log"; exit 1; }
  grep -oE '[0-9]+ process(es)?: .*' "$work/$name.log" | tail -n 1
}

components() {  # the sha256 of every component under a bazel-bin
  (cd "$1" && find . -name '*.wasm' -type f | sort | xargs sha256sum)
}

if $cold; then
  echo "first build (fresh copy, executes and uploads): $(build first)"
  first_bin=$(cd "$work/first/tree" && bazel --output_user_root="$work/first/root" info bazel-bin 2>/dev/null)
else
  log=$(bazel build "${targets[@]}" 2>&1) || { echo "$log"; exit 1; }
  echo "first build (this checkout): $(grep -oE '[0-9]+ process(es)?: .*' <<<"$log" | tail -n 1)"
  # Its results are in the disk cache (ac/ and cas/, sharded by the first
  # two hex digits); the HTTP cache protocol wants /ac/HASH and /cas/HASH.
  disk=$(bazel info 2>/dev/null | sed -n 's/^disk_cache: //p')
  [ -n "$disk" ] || disk="$HOME/.cache/rules_py_wasm/bazel-disk-cache"
  for kind in ac cas; do
    mkdir -p "$work/nginx/store/$kind"
    find "$disk/$kind" -type f -exec ln -f -t "$work/nginx/store/$kind" {} + 2>/dev/null \
      || find "$disk/$kind" -type f -exec cp -t "$work/nginx/store/$kind" {} +
  done
  chmod 777 "$work/nginx/store/ac" "$work/nginx/store/cas"
  first_bin=$(bazel info bazel-bin 2>/dev/null)
fi
summary=$(build second)
echo "second build (copy at another path, remote cache only): $summary"

status=0
python3 - "$summary" <<'PY' || status=1
import re, sys
summary = sys.argv[1]
total = int(re.match(r"(\d+) process", summary).group(1))
counts = {kind.strip(): int(n) for n, kind in re.findall(r"(\d+) ([a-z -]+?)(?:,|\.|$)", summary.split(":", 1)[1])}
internal = counts.get("internal", 0)
hits = counts.get("remote cache hit", 0)
actions = total - internal
share = hits / actions if actions else 0.0
print(f"remote cache hits: {hits} of {actions} actions ({share:.0%})")
sys.exit(0 if share >= 0.9 else 1)
PY
[ "$status" = 0 ] || echo "FAIL: fewer than 90% remote cache hits"

second_bin=$(cd "$work/second/tree" && bazel --output_user_root="$work/second/root" info bazel-bin 2>/dev/null)
components "$second_bin" > "$work/second.sums"
components "$first_bin" | grep -F -f <(awk '{print $2}' "$work/second.sums") > "$work/first.sums" || true
if [ -s "$work/second.sums" ] && diff "$work/first.sums" "$work/second.sums" >/dev/null; then
  echo "components identical: $(wc -l < "$work/second.sums") files"
else
  echo "FAIL: the two builds' components differ"
  diff "$work/first.sums" "$work/second.sums" || true
  status=1
fi
[ "$status" = 0 ] && echo PASS
exit "$status"
