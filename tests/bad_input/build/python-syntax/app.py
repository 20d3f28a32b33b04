"""A syntax error on line 7."""

import wit_world


class WitWorld(wit_world.WitWorld):
    def greet(self, name: str) -> str
        return f"Hello, {name}!"
