//! Support files written next to the bindings: `componentize_py_types.py`
//! (same module name and API as componentize-py's, so apps import it
//! unchanged) and, in real mode, `_py_wasm_runtime.pyi`, the typed stub of
//! the runtime's builtin module (docs/formats/python-abi.md).

use crate::emit::GENERATED_MARKER;

/// File name of the result/option helpers.
pub const TYPES_FILE: &str = "componentize_py_types.py";

/// File name of the runtime module's type stub.
pub const RUNTIME_STUB_FILE: &str = "_py_wasm_runtime.pyi";

/// File name of the symbol table.
pub const SYMBOLS_FILE: &str = "_py_wasm_symbols.py";

/// `componentize_py_types.py`.
pub fn types_module() -> String {
    format!(
        r#"{GENERATED_MARKER}
"""Values of WIT `result` and nested `option` types.

A function whose WIT result is `result<T, E>` returns `T` and raises
`Err(e)`; an export does the same to produce an `err`. `option<option<T>>`
is `Optional[Some[Optional[T]]]`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar, Union

S = TypeVar("S")
T = TypeVar("T")
E = TypeVar("E")


@dataclass
class Some(Generic[S]):
    """The present case of an option whose payload is itself an option."""

    value: S


@dataclass
class Ok(Generic[T]):
    """The `ok` case of a WIT `result`."""

    value: T


@dataclass(frozen=True)
class Err(Generic[E], Exception):
    """The `err` case of a WIT `result`; raised by functions that return one."""

    value: E


Result = Union[Ok[T], Err[E]]
"""A WIT `result<T, E>`: `Ok(value)` or `Err(value)`."""
"#
    )
}

/// `_py_wasm_runtime.pyi`.
pub fn runtime_stub() -> String {
    format!(
        r#"{GENERATED_MARKER}
"""The runtime's builtin module, as generated real-mode bindings use it."""

from typing import Any

def call_import(index: int, args: list[Any], /) -> Any:
    """Calls the glue's import function `index` with `args`; returns its result."""
    ...

def drop_resource(resource_index: int, handle: int, /) -> None:
    """Drops `handle` of the imported resource `resource_index`."""
    ...
"#
    )
}
