"""The seed article's matrix multiplier in plain Python, on `wasi:http/proxy`.

The same HTTP interface as app.py (the NumPy version): `POST /multiply`
with a JSON pair of matrices `[a, b]` answers `a × b` as JSON; any other
route answers 400; input that is not a pair of conforming matrices answers
500 with `Type: message`. The multiplication is a list comprehension, with
the input checked first; bench/matrices.sh compares the two apps' req/s.
"""

import json
from numbers import Real

import py_wasm_http
from wit_world import exports
from wit_world.imports.types import IncomingRequest, Method_Post, ResponseOutparam

Matrix = list[list[Real]]


def check_matrix(value: object, name: str) -> Matrix:
    """`value` if it is a non-empty rectangular list of rows of numbers."""
    if not isinstance(value, list) or not value or not all(isinstance(r, list) for r in value):
        raise ValueError(f"{name} is not a non-empty list of rows")
    width = len(value[0])
    for row in value:
        if len(row) != width or width == 0:
            raise ValueError(f"the rows of {name} are not all of the same, non-zero length")
        for x in row:
            if isinstance(x, bool) or not isinstance(x, Real):
                raise ValueError(f"{name} holds {x!r}, which is not a number")
    return value


def matmul(a: Matrix, b: Matrix) -> Matrix:
    """The product `a × b`."""
    if len(a[0]) != len(b):
        raise ValueError(
            f"cannot multiply a {len(a)}x{len(a[0])} matrix by a {len(b)}x{len(b[0])} matrix"
        )
    columns = list(zip(*b))
    return [[sum(x * y for x, y in zip(row, col)) for col in columns] for row in a]


class IncomingHandler(exports.IncomingHandler):
    def handle(self, request: IncomingRequest, response_out: ResponseOutparam) -> None:
        py_wasm_http.run(handle_async(request, response_out))


async def handle_async(request: IncomingRequest, response_out: ResponseOutparam) -> None:
    if not (isinstance(request.method(), Method_Post) and request.path_with_query() == "/multiply"):
        await py_wasm_http.respond(response_out, 400)
        return
    try:
        pair = json.loads(await py_wasm_http.read_body(request))
        if not isinstance(pair, list) or len(pair) != 2:
            raise ValueError("expected a JSON list of two matrices")
        product = matmul(check_matrix(pair[0], "a"), check_matrix(pair[1], "b"))
    except Exception as e:
        message = f"{type(e).__name__}: {e}".encode()
        await py_wasm_http.respond(response_out, 500, message, [("content-type", b"text/plain")])
        return
    body = json.dumps(product).encode()
    await py_wasm_http.respond(response_out, 200, body, [("content-type", b"application/json")])
