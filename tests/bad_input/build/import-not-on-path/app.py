"""Imports `greetings`, which lives in lib/ (not on the Python path)."""

import greetings
import wit_world


class WitWorld(wit_world.WitWorld):
    def greet(self, name: str) -> str:
        return str(greetings.TEMPLATE.format(name))
