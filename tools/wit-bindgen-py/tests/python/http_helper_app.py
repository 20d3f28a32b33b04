"""Uses every public name of py_wasm_http and poll_loop with their types,
for `mypy --strict`. `WORLD`, `HTTP_TYPES`, `POLL` and `IncomingHandler`
are replaced by the names of the case (see tests/http_helper.rs)."""

import asyncio

import poll_loop
import py_wasm_http
from componentize_py_types import Ok
from WORLD import exports
from WORLD.imports.HTTP_TYPES import (
    Fields,
    IncomingRequest,
    OutgoingRequest,
    OutgoingResponse,
    ResponseOutparam,
)
from WORLD.imports.POLL import Pollable


class IncomingHandler(exports.IncomingHandler):
    def handle(self, request: IncomingRequest, response_out: ResponseOutparam) -> None:
        py_wasm_http.run(handle_async(request, response_out))


async def handle_async(request: IncomingRequest, response_out: ResponseOutparam) -> None:
    body: bytes = await py_wasm_http.read_body(request, limit=1 << 20)
    response = await py_wasm_http.send(OutgoingRequest(Fields()))
    async for chunk in py_wasm_http.Stream(response.consume()):
        body += chunk
    await asyncio.wait_for(asyncio.sleep(0.01), timeout=1.0)
    await py_wasm_http.respond(response_out, 200, body, [("content-type", b"text/plain")])


async def componentize_py_style(request: IncomingRequest, response_out: ResponseOutparam) -> None:
    """The names componentize-py's poll_loop has, used its way."""
    stream = poll_loop.Stream(request.consume())
    data = bytearray()
    while (chunk := await stream.next()) is not None:
        data += chunk
    response = OutgoingResponse(Fields.from_list([]))
    body = response.body()
    ResponseOutparam.set(response_out, Ok(response))
    sink = poll_loop.Sink(body)
    await sink.send(bytes(data))
    sink.close()
    fetched = await poll_loop.send(OutgoingRequest(Fields()))
    assert fetched.status() >= 100


def run_componentize_py_style(request: IncomingRequest, response_out: ResponseOutparam) -> None:
    loop = poll_loop.PollLoop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(componentize_py_style(request, response_out))


async def wait_on(loop: poll_loop.PollLoop, a: Pollable, b: Pollable) -> None:
    await poll_loop.register(loop, a)
    await py_wasm_http.ready(b)
