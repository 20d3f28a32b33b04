# Imports a C extension that the component linked as dl-openable.
import sys

sys.path.insert(0, "/ext")
import spam

print("spam file", spam.__file__)
assert spam.__file__ == "/ext/spam.cpython-313-wasm32-wasi.so", spam.__file__
assert spam.answer() == 42
print("answer", spam.answer())
