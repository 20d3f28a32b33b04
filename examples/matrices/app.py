"""The seed article's matrix multiplier, with NumPy, on `wasi:http/proxy`.

`POST /multiply` with a JSON pair of matrices `[a, b]` answers
`numpy.matmul(a, b).tolist()` as JSON, exactly as the article's app does;
any other route answers 400; anything that fails (malformed JSON, matrices
that do not conform) answers 500 with `Type: message`. NumPy is
//third_party/numpy, built from its sdist for wasm32-wasi; app_pure.py is the
same app without it.
"""

import json

import numpy
import py_wasm_http
from wit_world import exports
from wit_world.imports.types import IncomingRequest, Method_Post, ResponseOutparam


class IncomingHandler(exports.IncomingHandler):
    def handle(self, request: IncomingRequest, response_out: ResponseOutparam) -> None:
        py_wasm_http.run(handle_async(request, response_out))


async def handle_async(request: IncomingRequest, response_out: ResponseOutparam) -> None:
    if not (isinstance(request.method(), Method_Post) and request.path_with_query() == "/multiply"):
        await py_wasm_http.respond(response_out, 400)
        return
    try:
        [a, b] = json.loads(await py_wasm_http.read_body(request))
        body = bytes(json.dumps(numpy.matmul(a, b).tolist()), "utf-8")
    except Exception as e:
        message = bytes(f"{type(e).__name__}: {str(e)}", "utf-8")
        await py_wasm_http.respond(response_out, 500, message, [("content-type", b"text/plain")])
        return
    await py_wasm_http.respond(response_out, 200, body, [("content-type", b"application/json")])
