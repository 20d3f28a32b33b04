"""Deep recursion through C raises RecursionError instead of exhausting the
wasm stack (runtime/src/init.c, limit_c_recursion).

Each kind recurses DEPTH levels through a different C path: the repr, ==
and json.dumps of nested lists, a dict repr, a chain of __call__ objects,
a __getattr__ that recurses, and a sort key that calls back into the
function that sorts (the costliest per level: the interpreter re-entered
from C). The nested lists are freed after the call, which recurses too.
"""

import json
import sys

import wit_world

DEPTH = 100_000


def nested(n):
    value = []
    for _ in range(n):
        value = [value]
    return value


def call_chain(n):
    classes = [type(f"C{i}", (), {}) for i in range(n + 1)]
    for i in range(n):
        classes[i].__call__ = classes[i + 1]()
    classes[n].__call__ = lambda self: "end"
    return classes[0]()


class Attr:
    def __init__(self, k):
        self.k = k

    def __getattr__(self, name):
        if self.k == 0:
            return 0
        return getattr(Attr(self.k - 1), name)


def sort_key(k):
    if k == 0:
        return 0
    return sorted([k], key=lambda x: sort_key(k - 1))[0]


KINDS = {
    "repr": lambda: len(repr(nested(DEPTH))),
    "eq": lambda: nested(DEPTH) == nested(DEPTH),
    "json": lambda: len(json.dumps(nested(DEPTH))),
    "dict-repr": lambda: len(str({1: nested(DEPTH)})),
    "call": lambda: call_chain(DEPTH)(),
    "getattr": lambda: Attr(DEPTH).x,
    "sort-key": lambda: sort_key(DEPTH),
}


def deep(kind):
    # Python frames are not the point: only the C recursion limit may stop
    # these.
    sys.setrecursionlimit(10 * DEPTH)
    try:
        return f"{kind}: computed {KINDS[kind]()!r}"
    except RecursionError as e:
        return f"{kind}: RecursionError: {e}"
    finally:
        sys.setrecursionlimit(1000)


AT_IMPORT = " | ".join(deep(kind) for kind in ("eq", "getattr", "sort-key"))


class WitWorld(wit_world.WitWorld):
    def deep(self, kind: str) -> str:
        return deep(kind)

    def at_import(self) -> str:
        return AT_IMPORT
