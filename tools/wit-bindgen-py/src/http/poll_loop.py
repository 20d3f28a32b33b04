@@MARKER@@
"""The `wasi:http` helper under the name componentize-py's examples import:
everything here is `py_wasm_http`'s (see there)."""

from py_wasm_http import *  # noqa: F403
from py_wasm_http import __all__ as __all__
