# Checks the WASI CPython build: version, built-in modules, big allocations.
import sys

print("version", sys.version)
assert sys.version.startswith("3.13.5"), sys.version

import datetime
import decimal
import hashlib
import json
import xml.etree.ElementTree as ET
import zlib

assert json.loads(json.dumps({"a": [1, 2]})) == {"a": [1, 2]}
assert zlib.decompress(zlib.compress(b"x" * 1000)) == b"x" * 1000
assert hashlib.sha256(b"abc").hexdigest().startswith("ba7816bf")
assert str(decimal.Decimal(1) / decimal.Decimal(8)) == "0.125"
assert datetime.date(2024, 2, 29).isoformat() == "2024-02-29"
assert ET.fromstring("<a><b>t</b></a>").find("b").text == "t"

# 50 MB in one piece: fails if the allocator hands out memory past
# __heap_end that the preview1 adapter uses (see third_party/wasi-libc).
big = bytearray(50 * 1024 * 1024)
big[-1] = 1
assert sum(big[-10:]) == 1
print("imports ok, allocated", len(big))
