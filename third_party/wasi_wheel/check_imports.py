"""Checks that wasm32-wasi extension modules import only what a component provides.

Usage: check_imports.py --provider LIB.so [--provider LIB.so ...] DIR

Every `*.so` under DIR is a shared library (dylink.0). Each of its imports
must be either something the dynamic linker itself supplies (memory, the
function table, the stack pointer, the memory and table bases) or a symbol
exported by one of the providers (libpython3.13.so, libc.so, the emulation
libraries) or by the library itself. Anything else would make the component
link fail later, far from its cause; this names the library and the symbols.
Exit status 1 on any unresolved import.
"""

import argparse
import pathlib
import sys

# What the linker provides to every shared library, by (module, name).
LINKER_PROVIDED = {
    ("env", "memory"),
    ("env", "__indirect_function_table"),
    ("env", "__stack_pointer"),
    ("env", "__memory_base"),
    ("env", "__table_base"),
    ("GOT.mem", "__heap_base"),
    ("GOT.mem", "__heap_end"),
    ("GOT.mem", "__dso_handle"),
}

IMPORT_SECTION = 2
EXPORT_SECTION = 7


class Reader:
    """Reads the wasm binary encoding (LEB128 integers, names, vectors)."""

    def __init__(self, data, pos=0, end=None):
        self.data = data
        self.pos = pos
        self.end = len(data) if end is None else end

    def byte(self):
        b = self.data[self.pos]
        self.pos += 1
        return b

    def u32(self):
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return result

    def name(self):
        n = self.u32()
        s = self.data[self.pos:self.pos + n].decode("utf-8")
        self.pos += n
        return s

    def limits(self):
        flags = self.byte()
        self.u32()
        if flags & 1:
            self.u32()


def sections(data, path):
    if data[:8] != b"\0asm\1\0\0\0":
        raise SystemExit(f"error: {path} is not a wasm module")
    r = Reader(data, 8)
    while r.pos < r.end:
        sid = r.byte()
        size = r.u32()
        yield sid, Reader(data, r.pos, r.pos + size)
        r.pos += size


def imports_of(data, path):
    result = []
    for sid, r in sections(data, path):
        if sid != IMPORT_SECTION:
            continue
        for _ in range(r.u32()):
            module, name, kind = r.name(), r.name(), r.byte()
            if kind == 0:  # function: type index
                r.u32()
            elif kind == 1:  # table: reftype, limits
                r.byte()
                r.limits()
            elif kind == 2:  # memory: limits
                r.limits()
            elif kind == 3:  # global: valtype, mutability
                r.byte()
                r.byte()
            elif kind == 4:  # tag: attribute, type index
                r.byte()
                r.u32()
            else:
                raise SystemExit(f"error: {path}: unknown import kind {kind}")
            result.append((module, name))
    return result


def exports_of(data, path):
    names = set()
    for sid, r in sections(data, path):
        if sid != EXPORT_SECTION:
            continue
        for _ in range(r.u32()):
            names.add(r.name())
            r.byte()
            r.u32()
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provider", action="append", default=[], type=pathlib.Path)
    parser.add_argument("tree", type=pathlib.Path)
    args = parser.parse_args()

    provided = set()
    for lib in args.provider:
        provided |= exports_of(lib.read_bytes(), lib)

    failures = 0
    libraries = sorted(args.tree.rglob("*.so"))
    for lib in libraries:
        data = lib.read_bytes()
        own = exports_of(data, lib)
        missing = sorted(
            f"{module}.{name}"
            for module, name in imports_of(data, lib)
            if (module, name) not in LINKER_PROVIDED and name not in provided and name not in own
        )
        if missing:
            failures += 1
            rel = lib.relative_to(args.tree)
            print(f"error: {rel} imports {len(missing)} symbol(s) that neither libpython3.13.so, "
                  f"libc.so nor the emulation libraries export:", file=sys.stderr)
            for m in missing:
                print(f"  {m}", file=sys.stderr)
    if failures:
        print("Each of these would make the component link fail. Provide the symbol "
              "(a static library linked into the extension) or avoid it.", file=sys.stderr)
        return 1
    print(f"checked the imports of {len(libraries)} extension libraries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
