"""A wasi:http/proxy app written only against componentize-py's `poll_loop`
API, the way its http example uses it (py-wasm must run it unchanged):

- POST /echo streams the request body back;
- GET /fetch downloads the URL in the `url` header with `poll_loop.send`
  and answers the SHA-256 of its body, hashed as it arrives;
- GET /sleep waits on two concurrent `asyncio.sleep`s;
- anything else is 400.
"""

import asyncio
import hashlib
from urllib import parse

import poll_loop
from componentize_py_types import Ok
from poll_loop import PollLoop, Sink, Stream
from wit_world import exports
from wit_world.imports.types import (
    Fields,
    IncomingRequest,
    Method_Get,
    Method_Post,
    OutgoingBody,
    OutgoingRequest,
    OutgoingResponse,
    ResponseOutparam,
    Scheme_Http,
)


class IncomingHandler(exports.IncomingHandler):
    def handle(self, request: IncomingRequest, response_out: ResponseOutparam) -> None:
        loop = PollLoop()
        asyncio.set_event_loop(loop)
        loop.run_until_complete(handle_async(request, response_out))


async def answer(response_out: ResponseOutparam, status: int, text: str) -> None:
    response = OutgoingResponse(Fields.from_list([("content-type", b"text/plain")]))
    response.set_status_code(status)
    body = response.body()
    ResponseOutparam.set(response_out, Ok(response))
    sink = Sink(body)
    await sink.send(text.encode())
    sink.close()


async def sha256_of(url: str) -> str:
    parsed = parse.urlparse(url)
    request = OutgoingRequest(Fields.from_list([]))
    request.set_scheme(Scheme_Http())
    request.set_authority(parsed.netloc)
    request.set_path_with_query(parsed.path or "/")
    response = await poll_loop.send(request)
    if not 200 <= response.status() < 300:
        return f"unexpected status {response.status()}"
    stream = Stream(response.consume())
    hasher = hashlib.sha256()
    while (chunk := await stream.next()) is not None:
        hasher.update(chunk)
    return hasher.hexdigest()


async def handle_async(request: IncomingRequest, response_out: ResponseOutparam) -> None:
    method = request.method()
    path = request.path_with_query()
    headers = request.headers().entries()
    if isinstance(method, Method_Post) and path == "/echo":
        kept = [(k, v) for k, v in headers if k == "content-type"]
        response = OutgoingResponse(Fields.from_list(kept))
        body = response.body()
        ResponseOutparam.set(response_out, Ok(response))
        stream = Stream(request.consume())
        sink = Sink(body)
        while (chunk := await stream.next()) is not None:
            await sink.send(chunk)
        sink.close()
    elif isinstance(method, Method_Get) and path == "/fetch":
        url = next(str(v, "utf-8") for k, v in headers if k == "url")
        await answer(response_out, 200, await sha256_of(url))
    elif isinstance(method, Method_Get) and path == "/sleep":
        await asyncio.gather(asyncio.sleep(0.05), asyncio.sleep(0.05))
        await answer(response_out, 200, "slept")
    else:
        response = OutgoingResponse(Fields.from_list([]))
        response.set_status_code(400)
        body = response.body()
        ResponseOutparam.set(response_out, Ok(response))
        OutgoingBody.finish(body, None)
