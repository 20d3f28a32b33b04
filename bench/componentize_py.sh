# Sourced by the benchmarks: puts componentize-py 0.25.1, the reference they
# measure against, into the venv the tests share, from the hash-pinned
# third_party/requirements/componentize-py.txt, and sets THEIRS to it.
# Needs ROOT (the repository) set by the caller.
VENV="$HOME/.cache/rules_py_wasm/venv"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
if ! "$VENV/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("componentize-py") != "0.25.1")' 2>/dev/null; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: \
    --require-hashes --no-deps -r "$ROOT/third_party/requirements/componentize-py.txt"
fi
THEIRS="$VENV/bin/componentize-py"
