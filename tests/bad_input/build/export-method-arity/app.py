"""`greet` takes one argument in WIT, none here."""

import wit_world


class WitWorld(wit_world.WitWorld):
    def greet(self) -> str:  # type: ignore[override]
        return "Hello!"
