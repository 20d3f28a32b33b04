"""Imports `_py_wasm_symbols` (with the fake runtime) and prints its lists as
JSON, classes as "module:qualname".

Usage: python3 dump_symbols.py   (bindings and fake runtime on PYTHONPATH)
"""

import json

import _py_wasm_symbols as s


def name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def resource(entry: tuple) -> list:
    if entry[0] == "import":
        return ["import", name(entry[1])]
    return list(entry)


print(
    json.dumps(
        {
            "version": s.VERSION,
            "world_fingerprint": s.WORLD_FINGERPRINT,
            "records": [name(c) for c in s.RECORDS],
            "record_fields": [list(f) for f in s.RECORD_FIELDS],
            "variants": [[name(c) for c in cases] for cases in s.VARIANTS],
            "enums": [name(c) for c in s.ENUMS],
            "flags": [name(c) for c in s.FLAGS],
            "options": s.OPTIONS,
            "resources": [resource(r) for r in s.RESOURCES],
            "exports": [list(e) for e in s.EXPORTS],
        },
        indent=1,
    )
)
