"""Raises while it is imported (at build time)."""

import wit_world

LIMITS = {"max": 10}
MAXIMUM = LIMITS["maximum"]


class WitWorld(wit_world.WitWorld):
    def greet(self, name: str) -> str:
        return f"Hello, {name}!"
