import wit_world
import numpy


class WitWorld(wit_world.WitWorld):
    def greet(self, name: str) -> str:
        return name
