"""Runs some of CPython's own tests on the toolchain's CPython, while the app
is imported (during pre-initialization, on Winch), and keeps the verdict.

The test modules are those the `test` package on the Python path holds
(tests/cpython/BUILD.bazel picks them). Every test must pass or be skipped;
`results()` answers `OK: <modules> modules, <tests> tests` or lists each
failure and error.
"""

import importlib
import io
import os
import unittest

import test
import wit_world

NAMES = sorted(
    name.removesuffix(".py")
    for name in os.listdir(os.path.dirname(test.__file__))
    if name.startswith("test_")
)


def run_all():
    ran, problems = 0, []
    for name in NAMES:
        try:
            module = importlib.import_module("test." + name)
        except Exception as e:
            problems.append(f"{name}: import failed: {type(e).__name__}: {e}")
            continue
        suite = unittest.defaultTestLoader.loadTestsFromModule(module)
        result = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
        ran += result.testsRun
        for case, trace in result.failures + result.errors:
            problems.append(f"{case}: {trace.strip().splitlines()[-1]}")
    if problems:
        return "FAILED:\n" + "\n".join(problems)
    return f"OK: {len(NAMES)} modules, {ran} tests"


RESULTS = run_all()


class WitWorld(wit_world.WitWorld):
    def results(self) -> str:
        return RESULTS
