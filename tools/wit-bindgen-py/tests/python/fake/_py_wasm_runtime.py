"""A stand-in for the runtime's builtin module, for tests on the host.

`call_import` hands each call to `handler` (replaceable by the test); by
default it raises `Called`, which carries the index and the arguments.
`drop_resource` records its calls in `dropped`.
"""

from typing import Any, Callable


class Called(Exception):
    def __init__(self, index: int, args: list[Any]) -> None:
        super().__init__(index)
        self.index = index
        self.call_args = args


def _raise(index: int, args: list[Any]) -> Any:
    raise Called(index, args)


handler: Callable[[int, list[Any]], Any] = _raise
dropped: list[tuple[int, int]] = []


def call_import(index: int, args: list[Any], /) -> Any:
    return handler(index, list(args))


def drop_resource(resource_index: int, handle: int, /) -> None:
    dropped.append((resource_index, handle))
