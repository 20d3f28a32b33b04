"""A kitchen-sink app implementing every export; must pass mypy --strict."""

from typing import List, Optional

from componentize_py_types import Err
from wit_world import Config, WitWorld as WitWorldProtocol, get_config, log
from wit_world import exports
from wit_world.exports import handler as handler_exports
from wit_world.exports import shared as shared_exports
from wit_world.imports import geometry, shared, types


class WitWorld(WitWorldProtocol):
    def run(self, cfg: Config, ident: int) -> None:
        log(cfg.name, 1)
        if not cfg.verbose:
            raise Err("quiet")

    def version(self) -> str:
        return get_config().name


class Shared(exports.Shared):
    def lookup(self, key: str) -> Optional[shared.Entry]:
        return shared.Entry(key, types.Color.RED)

    def open(self, e: shared.Entry) -> shared_exports.Handle:
        return Handle()

    def wrap(self, h: shared_exports.Holder) -> List[shared_exports.Holder]:
        return [h, shared_exports.Holder(Handle(), "copy")]


class Handle(shared_exports.Handle):
    def __init__(self) -> None:
        pass

    def name(self) -> str:
        return "handle"


class Session(handler_exports.Session):
    def __init__(self, name: str) -> None:
        self.shapes: List[types.Shape] = []

    def push(self, s: types.Shape) -> int:
        self.shapes.append(s)
        return len(self.shapes)

    @classmethod
    def count(cls) -> int:
        return 0

    def compare(self, other: "Session") -> bool:
        return self.shapes == other.shapes


class Handler(exports.Handler):
    def handle(
        self, s: handler_exports.Session, c: types.Counter, m: handler_exports.Mode
    ) -> geometry.Point:
        with types.Counter(3) as counter:
            counter.increment(c.get())
        if m == handler_exports.Mode.SAFE:
            raise Err("unsafe")
        return geometry.Point(1.0, 2.0)

    def ping(self) -> None:
        shape = types.Shape_Circle(1.0)
        found = types.shapes([shape, types.Shape_None_()], types.Tag_First())
        if isinstance(found, types.Shape_At):
            print(found.value.x)
        perms = types.Perms.READ | types.Perms.IMPORT
        types.paint(types.Color.HOT_PINK, perms)
        types.nested_opt(None, 3)
