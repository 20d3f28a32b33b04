import json

import wit_world

CONFIG = json.loads("{not json")


class WitWorld(wit_world.WitWorld):
    def greet(self, name: str) -> str:
        return name
