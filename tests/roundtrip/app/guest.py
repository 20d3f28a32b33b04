"""The exported resource `blob` of test:roundtrip/guest.

The runtime finds it as RESOURCES entry ("export", "guest", "Blob").
`LIVE` counts Blob objects alive in Python, so the host can check that
dropping its handles frees them.
"""

from typing import Self

LIVE = 0


class Blob:
    def __init__(self, data: bytes) -> None:
        global LIVE
        LIVE += 1
        self._data = bytearray(data)

    def __del__(self) -> None:
        global LIVE
        LIVE -= 1

    def data(self) -> bytes:
        return bytes(self._data)

    def append(self, more: bytes) -> None:
        self._data += more

    @classmethod
    def concat(cls, a: Self, b: Self) -> Self:
        return cls(a.data() + b.data())

    @classmethod
    def into_data(cls, b: Self) -> bytes:
        return b.data()
