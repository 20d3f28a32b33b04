"""The class is misnamed: the world's exports need `WitWorld`."""

import wit_world


class Greeter(wit_world.WitWorld):
    def greet(self, name: str) -> str:
        return f"Hello, {name}!"
