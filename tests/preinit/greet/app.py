"""The test app of py-preinit: greets, and shows what runs at build time."""

import os

import wit_world


def work() -> int:
    """Something expensive enough to measure."""
    return sum(i * i for i in range(2_000_000))


# Top-level work is done once, at build time, and kept in the snapshot.
print("BUILD-TIME-MARKER: app imported")
PRECOMPUTED = work()


class WitWorld(wit_world.WitWorld):
    def greet(self, name: str) -> str:
        return f"Hello, {name}!"

    def precomputed(self) -> int:
        return PRECOMPUTED

    def compute_now(self) -> int:
        return work()

    def env(self, name: str) -> str | None:
        return os.environ.get(name)
