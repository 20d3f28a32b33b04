"""Encodes with the CJK codecs, or reports what looking them up raises.

The encodings are looked up at import (what is not loaded by then cannot be
loaded after the snapshot): with the CJK codecs linked they all load; without
them each lookup raises, and `LOOKUP_ERRORS` keeps the messages.
"""

import wit_world

CODECS = ("shift_jis", "gbk", "big5", "euc_kr", "iso2022_jp")
LOADED = []
LOOKUP_ERRORS = []
for name in CODECS:
    try:
        "x".encode(name)
        LOADED.append(name)
    except LookupError as e:
        LOOKUP_ERRORS.append(str(e))


class WitWorld(wit_world.WitWorld):
    def encode(self, text: str) -> str:
        if LOOKUP_ERRORS:
            return "\n".join(LOOKUP_ERRORS)
        return "|".join(text.encode(name).hex() for name in LOADED)

    def try_encoding(self, encoding: str) -> str:
        try:
            "x".encode(encoding)
            return "ok"
        except LookupError as e:
            return f"{type(e).__name__}: {e}"
