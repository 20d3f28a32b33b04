#!/bin/bash
# The CJK codec modules are in a component only when its deps ask for them:
# their init functions' names (libraries keep their name sections) are in
# with_cjk.wasm and nowhere in without_cjk.wasm.
set -euo pipefail
dir=tests/cjk_codecs
status=0
for m in _multibytecodec _codecs_cn _codecs_hk _codecs_iso2022 _codecs_jp _codecs_kr _codecs_tw; do
  with=$(grep -caF -- "PyInit_$m" "$dir/with_cjk.wasm" || true)
  without=$(grep -caF -- "PyInit_$m" "$dir/without_cjk.wasm" || true)
  if [ "$with" = 0 ]; then
    echo "FAIL: PyInit_$m is not in with_cjk.wasm"; status=1
  fi
  if [ "$without" != 0 ]; then
    echo "FAIL: PyInit_$m is in without_cjk.wasm"; status=1
  fi
done
[ "$status" = 0 ] && echo PASS
exit "$status"
