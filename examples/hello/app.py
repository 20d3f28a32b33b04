"""The `hello` world's app: `greet(name)` returns a greeting."""

import wit_world


class WitWorld(wit_world.WitWorld):
    def greet(self, name: str) -> str:
        return f"Hello, {name}!"
