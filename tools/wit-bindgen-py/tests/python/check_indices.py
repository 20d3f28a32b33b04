"""Calls every imported function of real-mode bindings and checks the index
each one passes to `_py_wasm_runtime.call_import`.

Usage: python3 check_indices.py EXPECTED.json   (bindings and fake runtime on PYTHONPATH)

EXPECTED.json is a list of {"index", "module", "attr", "kind", "nparams"},
one per entry of glue-meta.json's import_funcs, derived by the test from the
metadata alone. kind is "free", "method", "static" or "constructor"; attr is
"func" or "Class.method" (just "Class" for constructors). Arguments are
dummies: the fake runtime raises before anything looks at them.
"""

import importlib
import json
import sys

import _py_wasm_runtime as rt


def call(entry: dict) -> int:
    module = importlib.import_module(entry["module"])
    kind, attr, n = entry["kind"], entry["attr"], entry["nparams"]
    args = [None] * n
    try:
        if kind == "free":
            getattr(module, attr)(*args)
        else:
            cls_name, _, method = attr.partition(".")
            cls = getattr(module, cls_name)
            if kind == "constructor":
                cls(*args)
            elif kind == "static":
                getattr(cls, method)(*args)
            else:
                obj = cls.__new__(cls)
                getattr(obj, method)(*args[1:])
    except rt.Called as called:
        return called.index
    raise AssertionError(f"{entry} did not call the runtime")


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        expected = json.load(f)
    bad = []
    for entry in expected:
        got = call(entry)
        if got != entry["index"]:
            bad.append(f"{entry['module']}.{entry['attr']}: calls index {got}, glue-meta says {entry['index']}")
    if bad:
        print("\n".join(bad))
        sys.exit(1)
    print(f"{len(expected)} imports call their glue-meta index")


main()
