# Checks the stdlib's bytecode (//third_party/cpython:stdlib, PyCompileStdlib)
# as the guest sees it at /python: every module has an unchecked-hash .pyc
# (PEP 552) made from the source beside it, and the code in it names the
# guest's path, not the build's.
import importlib.util
import marshal
import os

missing = []
wrong = []
for root, dirs, files in os.walk("/python"):
    dirs[:] = [d for d in dirs if d != "__pycache__"]
    for name in files:
        if not name.endswith(".py"):
            continue
        source = os.path.join(root, name)
        cached = importlib.util.cache_from_source(source)
        try:
            with open(cached, "rb") as f:
                header = f.read(16)
        except OSError:
            missing.append(source)
            continue
        with open(source, "rb") as f:
            digest = importlib.util.source_hash(f.read())
        # flags 0b01: hash-based, not checked against the source at import
        if (header[:4] != importlib.util.MAGIC_NUMBER
                or int.from_bytes(header[4:8], "little") != 0b01
                or header[8:16] != digest):
            wrong.append(source)
print("modules without bytecode:", len(missing), missing[:3])
print("bytecode not unchecked-hash of its source:", len(wrong), wrong[:3])
with open(importlib.util.cache_from_source("/python/typing.py"), "rb") as f:
    code = marshal.loads(f.read()[16:])
print("code file name:", code.co_filename)
