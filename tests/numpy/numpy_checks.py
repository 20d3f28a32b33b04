"""NumPy computations whose results the component and host NumPy must agree on.

`results()` returns (name, value) pairs, value being JSON-ready (nested
lists of numbers, bools and strings; complex numbers as [re, im]). The
component prints them (numpy_app.py); tests/numpy/compare.py computes them again
with host NumPy of the same version and compares.
"""

import numpy as np


def _plain(value):
    """Turns NumPy scalars and arrays into JSON-ready Python values."""
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value] if value.ndim else _plain(value[()])
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (complex, np.complexfloating)):
        return [float(value.real), float(value.imag)]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    return str(value)


def _creation():
    yield "arange_reshape", np.arange(12).reshape(3, 4)
    yield "linspace", np.linspace(0.0, 1.0, 5)
    yield "zeros_shape", list(np.zeros((2, 3)).shape)
    yield "ones_int8", np.ones(3, dtype=np.int8)
    yield "eye", np.eye(3)
    yield "full", np.full((2, 2), 7.5)
    yield "from_nested", np.array([[1, 2], [3, 4]], dtype=np.float32)
    yield "meshgrid", np.meshgrid(np.arange(3), np.arange(2))


def _casts():
    yield "float_to_int32", np.array([1.7, -2.5, 3.99]).astype(np.int32)
    yield "int_to_uint8_wraps", np.array([300, -1, 255]).astype(np.uint8)
    yield "third_float32", np.float32(1) / np.float32(3)
    yield "int_to_bool", np.array([1, 0, 2]).astype(bool)
    yield "to_complex", np.array([1, 2]).astype(np.complex128) * 1j
    yield "float16", np.array([0.1, 65504.0, 1e-8]).astype(np.float16)
    yield "str_to_float", np.array(["1.5", "-2", "1e3"]).astype(np.float64)
    yield "dtype_names", [np.dtype(t).str for t in ("i1", "u2", "i8", "f4", "f8", "c16", "?")]
    yield "promotion", [np.result_type(np.int8, np.uint8).str, np.result_type(np.int32, np.float32).str]
    yield "longdouble_sum", float(np.longdouble(1) / 3 + np.longdouble(2) / 3)


def _broadcasting():
    a = np.arange(3).reshape(3, 1)
    b = np.arange(4)
    yield "outer_add", a + b
    yield "row_scale", np.arange(6).reshape(2, 3) * np.array([1, 10, 100])
    yield "broadcast_shape", list(np.broadcast_shapes((5, 1, 3), (4, 1)))
    yield "where", np.where(np.arange(6) % 2 == 0, np.arange(6), -1)


def _matmul():
    # The seed's request, exactly as the matrices app computes it.
    yield "matmul_seed", np.matmul([[1, 2], [4, 5], [6, 7]], [[1, 2, 3], [4, 5, 6]]).tolist()
    m = np.arange(16, dtype=np.float64).reshape(4, 4) / 7.0
    yield "matmul_float", m @ m.T
    yield "matmul_batch", np.matmul(np.arange(12).reshape(2, 2, 3), np.arange(6).reshape(3, 2))
    yield "dot_vec", np.dot(np.arange(5.0), np.arange(5.0) + 1)


def _linalg():
    a = np.array([[4.0, -2.0, 1.0], [-2.0, 4.0, -2.0], [1.0, -2.0, 4.0]])
    b = np.array([11.0, -16.0, 17.0])
    yield "inv", np.linalg.inv(a)
    yield "solve", np.linalg.solve(a, b)
    yield "solve_check", np.allclose(a @ np.linalg.solve(a, b), b)
    yield "det", np.linalg.det(a)
    yield "inv_identity", np.allclose(np.linalg.inv(a) @ a, np.eye(3))
    yield "norm", np.linalg.norm(a)
    yield "eigvalsh", np.linalg.eigvalsh(a)


def _fft():
    x = np.arange(8, dtype=np.float64)
    yield "fft", np.fft.fft(x)
    yield "rfft", np.fft.rfft(x)
    yield "ifft_roundtrip", np.fft.ifft(np.fft.fft(x)).real
    yield "fft2", np.fft.fft2(np.arange(6.0).reshape(2, 3))
    yield "fftfreq", np.fft.fftfreq(6, d=0.5)


def _random():
    rng = np.random.default_rng(12345)
    yield "rng_random", rng.random(5)
    yield "rng_integers", rng.integers(0, 100, size=6)
    yield "rng_normal", rng.normal(size=4)
    yield "rng_permutation", rng.permutation(10)
    yield "rng_choice", rng.choice(["a", "b", "c"], size=5)
    yield "legacy_seed", np.random.RandomState(7).randint(0, 1000, size=4)


def _reductions():
    x = np.arange(1, 13, dtype=np.float64).reshape(3, 4)
    yield "sum", x.sum()
    yield "sum_axis0", x.sum(axis=0)
    yield "mean_axis1", x.mean(axis=1)
    yield "std", x.std()
    yield "var_ddof1", x.var(ddof=1)
    yield "min_max", [x.min(), x.max()]
    yield "argmax_axis0", np.argmax(np.array([[1, 9, 3], [7, 2, 8]]), axis=0)
    yield "cumsum", np.cumsum(np.arange(6))
    yield "prod", np.prod(np.arange(1, 11))
    yield "median", np.median(np.array([7.0, 1.0, 3.0, 5.0]))
    yield "sort", np.sort(np.array([3, 1, 4, 1, 5, 9, 2, 6]))
    yield "unique", np.unique(np.array([3, 1, 2, 3, 1]))
    yield "unique_strings", np.unique(np.array(["pear", "apple", "pear", "fig"]))
    yield "any_all", [bool(np.any(x > 11)), bool(np.all(x > 0))]


def results():
    """Every check as (name, JSON-ready value), in a fixed order."""
    out = [("version", np.__version__)]
    for group in (_creation, _casts, _broadcasting, _matmul, _linalg, _fft, _random, _reductions):
        for name, value in group():
            out.append((name, _plain(value)))
    return out
