#!/bin/bash
# A pinned download whose sha256 does not match must fail the fetch with a
# message that names the package, the expected and the actual hash.
#
# Runs a nested Bazel on a scratch workspace that declares one pypi_wheel
# (six 1.16.0, small) with a wrong pin, using this repository's fetch rules.
set -euo pipefail
runfiles="$PWD"
work="${TEST_TMPDIR:-$(mktemp -d)}/sha_mismatch"
rm -rf "$work"
mkdir -p "$work/rules_py_wasm/rules/private" "$work/main"

# The fetch rules, as a repository of their own.
cp -L "$runfiles/rules/private/fetch.bzl" "$runfiles/rules/private/repo_utils.bzl" \
  "$work/rules_py_wasm/rules/private/"
touch "$work/rules_py_wasm/WORKSPACE" "$work/rules_py_wasm/BUILD.bazel" \
  "$work/rules_py_wasm/rules/BUILD.bazel" "$work/rules_py_wasm/rules/private/BUILD.bazel"

wrong=0000000000000000000000000000000000000000000000000000000000000000
cat > "$work/main/WORKSPACE" <<WS
workspace(name = "sha_mismatch")

local_repository(name = "rules_py_wasm", path = "$work/rules_py_wasm")

load("@rules_py_wasm//rules/private:fetch.bzl", "pypi_wheel")

pypi_wheel(
    name = "six_wheel",
    file = "six-1.16.0-py2.py3-none-any.whl",
    package = "six",
    sha256 = "$wrong",
    version = "1.16.0",
)
WS
touch "$work/main/BUILD.bazel"

cd "$work/main"
status=0
out=$(HOME="$work" RULES_PY_WASM_CACHE="$work/cache" \
  bazel --output_user_root="$work/bazel-root" --batch \
  build --nosandbox_debug @six_wheel//:all 2>&1) || status=$?
bazel --output_user_root="$work/bazel-root" --batch shutdown >/dev/null 2>&1 || true

echo "$out" | tail -n 20
fail=0
[ "$status" != 0 ] || { echo "FAIL: the fetch succeeded"; fail=1; }
for want in "sha256 mismatch for six==1.16.0" "expected: $wrong" "actual:   "; do
  grep -qF -- "$want" <<<"$out" || { echo "FAIL: the error lacks: $want"; fail=1; }
done
actual=$(grep -o 'actual:   [0-9a-f]\{64\}' <<<"$out" | head -n 1 | awk '{print $2}')
[ -n "$actual" ] && [ "$actual" != "$wrong" ] || { echo "FAIL: no actual hash reported"; fail=1; }
[ "$fail" = 0 ] && echo PASS
exit "$fail"
