"""The run-time cases of tests/bad_input: each export misbehaves."""

from typing import List

from wit_world import exports
from wit_world.imports import host

_kept: List[host.Counter] = []


class Api(exports.Api):
    def fail(self) -> int:
        raise RuntimeError("boom in fail")

    def wrong_type(self) -> int:
        return "not a number"  # type: ignore[return-value]

    def keep(self, c: host.Counter) -> None:
        _kept.append(c)

    def use_kept(self) -> int:
        return _kept[-1].get()

    def use_dropped(self) -> int:
        c = host.Counter(7)
        c.__exit__(None, None, None)
        return c.get()

