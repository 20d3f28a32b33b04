"""Objects in the snapshot are immortal; objects made after it are not;
memory freed before it is zero in it.

The runtime makes every object alive at the snapshot immortal (and freezes
it for the GC), so that calls do not write reference counts into the
snapshot's copy-on-write pages. `check` reports what it sees.
"""

import gc
import sys

import wit_world

# The reference count CPython gives immortal objects on 32-bit targets is
# 2**30 - 1; any ordinary count is far below 2**29.
IMMORTAL = 2**29


class Holder:
    """A class defined at build time."""

    def __init__(self) -> None:
        self.items = [1, 2, 3]


HOLDER = Holder()
TABLE = {"key": ["value"]}

# Memory the init frees does not reach the snapshot (the runtime zeroes free
# memory before it): this text exists only in the heap, and only until `del`
# (freed_memory_zeroed_test looks for it in the component).
_freed = ("FREED-" + "MEMORY-" + str(6 * 7) + ";") * 20_000
del _freed
# The same for small objects, which pymalloc keeps in its own pools (the
# runtime zeroes their free blocks too): 20,000 short strings, freed. The
# marker is built at run time so that no constant holds it.
_small = ["PYMALLOC" + chr(45) + "FREED" + chr(45) + str(i) for i in range(20_000)]
del _small


def reuse() -> str:
    """Small objects made after the snapshot, in the pools the import
    emptied, hold what was put in them."""
    rows = [(str(i), i) for i in range(100_000)]
    ok = all(int(text) == i for text, i in rows) and len({id(r) for r in rows}) == 100_000
    return "ok" if ok else "corrupt"


def state(obj: object) -> str:
    return "immortal" if sys.getrefcount(obj) >= IMMORTAL else "mortal"


class WitWorld(wit_world.WitWorld):
    def check(self) -> str:
        fresh = Holder()
        HOLDER.items.append(4)  # a snapshot object can still change
        TABLE["new"] = [5]
        words = [
            f"class:{state(Holder)}",
            f"instance:{state(HOLDER)}",
            f"list:{state(HOLDER.items)}",
            f"dict:{state(TABLE)}",
            f"function:{state(state)}",
            f"fresh-instance:{state(fresh)}",
            f"fresh-list:{state(TABLE['new'])}",
            f"items:{len(HOLDER.items)}",
            f"frozen:{'yes' if gc.get_freeze_count() > 0 else 'no'}",
            f"reuse:{reuse()}",
        ]
        return " ".join(words)
