"""The round-trip test app (tests/roundtrip).

Each `echo-*` export forwards its value to the matching import of `host`
and returns what comes back. The other exports exercise resources,
exceptions and the state the runtime refreshes after the snapshot.
"""

import gc
import json
import os
import random
import sys
import tracemalloc
import weakref
from typing import Any, List, Optional, Tuple

import _py_wasm_runtime
import _py_wasm_symbols
import guest
import wit_world
from componentize_py_types import Err, Some
from wit_world import exports
from wit_world.imports import host, types

# Taken while py-wasm-init imports the app; the runtime reseeds `random`
# before the first export call.
_RANDOM_AT_INIT = random.getstate()
_kept: List[host.Counter] = []
_watched: Optional[Any] = None


class WitWorld(wit_world.WitWorld):
    def ping(self, n: int) -> int:
        wit_world.log(f"ping {n}")
        # stdout works after py-wasm-init dropped the build host's handles.
        print(f"pong {n + 1}")
        return n + 1


def _describe(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}"


class Guest(exports.Guest):
    def echo_bool(self, v: bool) -> bool:
        return host.echo_bool(v)

    def echo_u8(self, v: int) -> int:
        return host.echo_u8(v)

    def echo_u16(self, v: int) -> int:
        return host.echo_u16(v)

    def echo_u32(self, v: int) -> int:
        return host.echo_u32(v)

    def echo_u64(self, v: int) -> int:
        return host.echo_u64(v)

    def echo_s8(self, v: int) -> int:
        return host.echo_s8(v)

    def echo_s16(self, v: int) -> int:
        return host.echo_s16(v)

    def echo_s32(self, v: int) -> int:
        return host.echo_s32(v)

    def echo_s64(self, v: int) -> int:
        return host.echo_s64(v)

    def echo_f32(self, v: float) -> float:
        return host.echo_f32(v)

    def echo_f64(self, v: float) -> float:
        return host.echo_f64(v)

    def echo_char(self, v: str) -> str:
        return host.echo_char(v)

    def echo_string(self, v: str) -> str:
        return host.echo_string(v)

    def echo_bytes(self, v: bytes) -> bytes:
        assert type(v) is bytes
        return host.echo_bytes(v)

    def echo_signed(self, v: bytes) -> bytes:
        # Lowering also accepts a bytearray.
        return host.echo_signed(bytearray(v))

    def echo_strings(self, v: List[str]) -> List[str]:
        assert type(v) is list
        return host.echo_strings(v)

    def echo_matrix(self, v: List[List[int]]) -> List[List[int]]:
        # Lowering accepts any sequence.
        return host.echo_matrix(tuple(v))

    def echo_tuple(self, v: Tuple[int, str, float]) -> Tuple[int, str, float]:
        assert type(v) is tuple
        return host.echo_tuple(v)

    def echo_scalars(self, v: types.Scalars) -> types.Scalars:
        assert type(v) is types.Scalars
        return host.echo_scalars(v)

    def echo_shape(self, v: types.Shape) -> types.Shape:
        return host.echo_shape(v)

    def echo_color(self, v: types.Color) -> types.Color:
        assert isinstance(v, types.Color)
        return host.echo_color(v)

    def echo_perms(self, v: types.Perms) -> types.Perms:
        assert isinstance(v, types.Perms)
        return host.echo_perms(v)

    def echo_option(self, v: Optional[int]) -> Optional[int]:
        return host.echo_option(v)

    def echo_nested(self, v: Optional[Some[Optional[str]]]) -> Optional[Some[Optional[str]]]:
        assert v is None or type(v) is Some
        return host.echo_nested(v)

    def echo_result(self, v: Any) -> int:
        # The import raises Err for an err; this export re-raises it.
        return host.echo_result(v)

    def echo_bag(self, v: types.Bag) -> types.Bag:
        return host.echo_bag(v)

    def echo_many(self, *args: Any) -> Any:
        return host.echo_many(*args)

    def live_blobs(self) -> int:
        return guest.LIVE

    def watch_blob(self, b: guest.Blob) -> None:
        global _watched
        _watched = weakref.ref(b)

    def watched_alive(self) -> bool:
        return _watched is not None and _watched() is not None

    def counter_roundtrip(self, start: int, adds: List[int]) -> int:
        with host.Counter(start) as c:
            for n in adds:
                c.add(n)
            made = host.Counter.make(c.get())
        return made.get()

    def counter_cycles(self, n: int) -> int:
        for i in range(n):
            if i % 3 == 0:
                with host.Counter(i) as c:
                    c.add(1)
            elif i % 3 == 1:
                c = host.Counter(i)
                c.add(1)
                del c
            else:
                c = host.Counter.make(i)
                del c
        return n

    def read_counter(self, c: host.Counter) -> int:
        return c.get()

    def sum_borrowed(self, cs: List[host.Counter]) -> int:
        return host.sum_counters(cs)

    def sum_ref_records(self, refs: List[host.CounterRef]) -> int:
        return host.sum_refs(refs)

    def give_counter(self, start: int) -> host.Counter:
        return host.Counter(start)

    def consume_counter(self, c: host.Counter) -> int:
        value = c.get()
        return value + host.take_counter(c)

    def keep_counter(self, c: host.Counter) -> None:
        _kept.append(c)

    def use_kept_counter(self) -> str:
        try:
            _kept[-1].get()
        except Exception as e:
            return _describe(e)
        return "no error"

    def fail_record(self, mode: int) -> int:
        if mode == 1:
            raise Err(types.ErrorInfo(7, "custom record error"))
        if mode == 2:
            raise ValueError("not representable as error-info")
        if mode == 3:
            return "not an int"  # type: ignore[return-value]
        return 1

    def fail_string(self, mode: int) -> int:
        if mode == 1:
            raise Err("custom")
        if mode == 2:
            raise ValueError("boom")
        if mode == 3:
            return "not an int"  # type: ignore[return-value]
        return 2

    def fail_plain(self, mode: int) -> str:
        if mode == 1:
            raise RuntimeError("plain failure")
        if mode == 2:
            return 42  # type: ignore[return-value]
        return "fine"

    def bad_import_args(self) -> List[str]:
        out = []
        attempts = [
            lambda: host.echo_u32("x"),
            lambda: host.echo_u8(256),
            lambda: host.echo_u32(-1),
            lambda: host.echo_char("ab"),
            lambda: host.echo_scalars(42),
            lambda: host.echo_color(1),
            lambda: host.echo_tuple((1, "x")),
            lambda: _py_wasm_runtime.call_import(0, []),
            lambda: _py_wasm_runtime.call_import(10**6, [1]),
            lambda: _py_wasm_runtime.drop_resource(99, 1),
        ]
        for attempt in attempts:
            try:
                attempt()
                out.append("no error")
            except Exception as e:
                out.append(_describe(e))
        dropped = host.Counter(1)
        dropped.__exit__(None, None, None)
        moved = host.Counter(2)
        host.take_counter(moved)
        for c in (dropped, moved):
            try:
                c.get()
                out.append("no error")
            except Exception as e:
                out.append(_describe(e))
        return out

    def environment(self) -> List[Tuple[str, str]]:
        return sorted(os.environ.items())

    def arguments(self) -> List[str]:
        return list(sys.argv)

    def read_file(self, path: str) -> str:
        try:
            with open(path) as f:
                return f.read()
        except OSError as e:
            raise Err(_describe(e))

    def reseeded(self) -> bool:
        return random.getstate() != _RANDOM_AT_INIT

    def python_memory(self) -> int:
        if not tracemalloc.is_tracing():
            tracemalloc.start()
        gc.collect()
        return tracemalloc.get_traced_memory()[0]

    def symbols(self) -> str:
        s = _py_wasm_symbols
        return json.dumps({
            "version": s.VERSION,
            "world_fingerprint": s.WORLD_FINGERPRINT,
            "records": [[c.__name__, list(f)] for c, f in zip(s.RECORDS, s.RECORD_FIELDS)],
            "variants": [[c.__name__ for c in cases] for cases in s.VARIANTS],
            "enums": [[m.name for m in e] for e in s.ENUMS],
            "flags": [[m.name for m in f] for f in s.FLAGS],
            "options": list(s.OPTIONS),
            "resources": [
                ["import", r[1].__name__] if r[0] == "import" else list(r)
                for r in s.RESOURCES
            ],
            "exports": [list(e) for e in s.EXPORTS],
        })
