"""A wasi:cli/command component that prints NumPy results, one per line.

NumPy, the submodules the checks use and the checks themselves are imported
at the top level: only what is imported during pre-initialization is in the
snapshot, and the component cannot import anything later (numpy.fft,
numpy.random and numpy.ma, which np.median uses, are otherwise loaded lazily,
on first use). Each output line is `name<TAB>json`.
"""

import json

import numpy  # noqa: F401
import numpy.fft  # noqa: F401
import numpy.linalg  # noqa: F401
import numpy.ma  # noqa: F401
import numpy.random  # noqa: F401
import numpy_checks

from wit_world import exports


class Run(exports.Run):
    def run(self) -> None:
        for name, value in numpy_checks.results():
            print(f"{name}\t{json.dumps(value)}")
