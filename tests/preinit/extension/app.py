"""Imports a C extension at top level: it must be linked dl-openable and
loaded during pre-initialization, then work in the final component."""

import spam

import wit_world

AT_IMPORT = spam.answer()


class WitWorld(wit_world.WitWorld):
    def answers(self) -> tuple[int, int]:
        return (AT_IMPORT, spam.answer())
