"""Compares what the NumPy component printed with host NumPy's results.

Usage: compare.py COMPONENT_STDOUT

Runs numpy_checks.py with the host's NumPy (same version as the one
built for wasm32-wasi) and checks every line `name<TAB>json` the component
printed against it: same names in the same order, same structure, equal
integers, bools and strings, floats equal within a relative tolerance of
1e-9 (lapack_lite and the host's BLAS round differently). Prints each
mismatch; exit status 1 if there is any.
"""

import json
import math
import pathlib
import sys

# numpy_checks.py is next to this file in the test's runfiles.
sys.path.insert(0, str(pathlib.Path(__file__).parent))

import numpy_checks  # noqa: E402

RTOL = 1e-9
ATOL = 1e-12


def diff(path, got, want):
    """Yields a description of every difference between two JSON values."""
    if isinstance(want, float) or isinstance(got, float):
        if isinstance(got, bool) or isinstance(want, bool) or not isinstance(got, (int, float)):
            yield f"{path}: {got!r} != {want!r}"
        elif math.isnan(want):
            if not math.isnan(got):
                yield f"{path}: {got!r} != nan"
        elif not math.isclose(got, want, rel_tol=RTOL, abs_tol=ATOL):
            yield f"{path}: {got!r} != {want!r} (beyond rtol {RTOL})"
    elif isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            yield f"{path}: {got!r} != {want!r} (structure)"
            return
        for i, (g, w) in enumerate(zip(got, want)):
            yield from diff(f"{path}[{i}]", g, w)
    elif type(got) is not type(want) or got != want:
        yield f"{path}: {got!r} != {want!r}"


def main():
    lines = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
    got = []
    for line in lines:
        name, sep, value = line.partition("\t")
        if sep:
            got.append((name, json.loads(value)))
    want = [(name, json.loads(json.dumps(value))) for name, value in numpy_checks.results()]

    if [n for n, _ in got] != [n for n, _ in want]:
        print("MISMATCH check names differ:")
        print(f"  component: {[n for n, _ in got]}")
        print(f"  host:      {[n for n, _ in want]}")
        print(f"0 passed, {len(want)} failed")
        return 1
    failed = 0
    for (name, g), (_, w) in zip(got, want):
        problems = list(diff(name, g, w))
        for p in problems:
            print("MISMATCH", p)
        failed += bool(problems)
    print(f"{len(want) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
