"""Exercises real-mode kitchen-sink bindings in CPython with the fake runtime:
every module imports, and the imported-resource protocol of
docs/formats/python-abi.md (constructor, methods, `with`, finalizer) and the
`result` unwrapping behave.

Usage: python3 check_kitchen_real.py GLUE_META.json   (bindings and fake runtime on PYTHONPATH)
"""

import gc
import importlib
import json
import pkgutil
import sys
import weakref

import _py_wasm_runtime as rt
import _py_wasm_symbols as symbols
import wit_world
from componentize_py_types import Err, Ok
from wit_world.imports import types

with open(sys.argv[1], encoding="utf-8") as f:
    meta = json.load(f)

for info in pkgutil.walk_packages(wit_world.__path__, "wit_world."):
    importlib.import_module(info.name)

assert symbols.VERSION == 1
assert symbols.WORLD_FINGERPRINT == meta["world_fingerprint"]


def index_of(name: str) -> int:
    for i, f in enumerate(meta["import_funcs"]):
        if f["interface"] == "test:kitchen/types@0.1.0" and f["name"] == name:
            return i
    raise KeyError(name)


COUNTER = next(
    i
    for i, r in enumerate(meta["resources"])
    if r["name"] == "counter" and not r["exported"]
)
assert symbols.RESOURCES[COUNTER] == ("import", types.Counter)

calls: list = []
next_handle = [10]


def lift_counter() -> types.Counter:
    """What the runtime does to lift an own<counter>."""
    next_handle[0] += 1
    obj = types.Counter.__new__(types.Counter)
    obj.handle = next_handle[0]
    obj.finalizer = weakref.finalize(obj, rt.drop_resource, COUNTER, obj.handle)
    return obj


def handler(index: int, args: list) -> object:
    calls.append((index, args))
    if index == index_of("[constructor]counter"):
        return lift_counter()
    if index == index_of("[method]counter.increment"):
        return args[1] + 1
    if index == index_of("fallible"):
        return Err("boom") if args[0] == 0 else Ok(args[0] * 2)
    if index == index_of("fallible-void"):
        return Ok(None)
    raise AssertionError(f"unexpected call {index}")


rt.handler = handler

counter = types.Counter(5)
assert calls[-1] == (index_of("[constructor]counter"), [5])
assert counter.handle == 11
gc.collect()
assert rt.dropped == [], "the temporary's finalizer must be detached"

assert counter.increment(2) == 3
assert calls[-1][1][0] is counter

with counter as entered:
    assert entered is counter
assert rt.dropped == [(COUNTER, 11)]
assert not hasattr(counter, "handle")
counter.__exit__(None, None, None)
assert rt.dropped == [(COUNTER, 11)], "a second exit must not drop again"

other = types.Counter(1)
assert other.handle == 12
del other
gc.collect()
assert rt.dropped == [(COUNTER, 11), (COUNTER, 12)], rt.dropped

assert types.fallible(4) == 8
try:
    types.fallible(0)
    raise AssertionError("fallible(0) must raise")
except Err as e:
    assert e.value == "boom"
assert types.fallible_void() is None

print("real-mode kitchen-sink bindings behave")
