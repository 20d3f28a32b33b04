"""An app that forgot the class the world needs."""

import wit_world


class Greeter(wit_world.WitWorld):
    def greet(self, name: str) -> str:
        return name
