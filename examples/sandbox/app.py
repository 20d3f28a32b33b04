"""A Python sandbox: `eval` and `exec` over one namespace that lives as long
as the component instance.

Built with `--stub-wasi`, the component imports nothing from WASI, so the
code it runs can compute but cannot touch the host: every WASI call traps.
What `exec` prints is captured and returned instead of written to stdout
(which does not exist). Only modules imported while the app was being built
(at pre-initialization) are available; there is no file system to import
others from.
"""

import contextlib
import io

import wit_world
from componentize_py_types import Err

# Modules the sandboxed code may import: they are in the snapshot.
import json  # noqa: F401
import math  # noqa: F401


def describe(e: Exception) -> Err[str]:
    return Err(f"{type(e).__name__}: {e}")


class WitWorld(wit_world.WitWorld):
    def __init__(self) -> None:
        self.namespace: dict[str, object] = {}

    def eval(self, expression: str) -> str:
        try:
            return repr(eval(expression, self.namespace))
        except Exception as e:
            raise describe(e) from e

    def exec(self, statements: str) -> str:
        output = io.StringIO()
        try:
            with contextlib.redirect_stdout(output):
                exec(statements, self.namespace)
        except Exception as e:
            raise describe(e) from e
        return output.getvalue()
