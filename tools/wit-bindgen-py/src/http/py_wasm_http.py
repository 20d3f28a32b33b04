@@MARKER@@
"""asyncio for `wasi:http` 0.2, over this world's bindings.

- `PollLoop`: an asyncio event loop whose only way of waiting is
  `wasi:io/poll.poll`. Timers (`asyncio.sleep`, `asyncio.wait_for`) wait on
  `wasi:clocks/monotonic-clock` pollables, so they work too.
- `run(coroutine)`: runs a coroutine to completion on a fresh `PollLoop`;
  call it from an export, e.g. `IncomingHandler.handle`.
- `Stream` / `Sink`: read an incoming body and write an outgoing one,
  waiting whenever the host is not ready (`async for chunk in Stream(b)`).
- `read_body`, `respond`: a whole request body in, a whole response out.
- `send` (when the world imports `wasi:http/outgoing-handler`): an
  outgoing request, awaited.

Every WASI resource this module obtains (pollables, streams, futures) is
dropped as soon as it is no longer needed, children before parents, as
`wasi:io` and `wasi:http` require.

This module is also importable as `poll_loop`, the name componentize-py's
examples use.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine, Sequence
from typing import Any, Optional, TypeVar

from componentize_py_types import Err, Ok
from @@WORLD@@.imports import @@CLOCK@@ as _clock
from @@WORLD@@.imports import @@POLL@@ as _poll
from @@WORLD@@.imports import @@STREAMS@@ as _streams
from @@WORLD@@.imports import @@TYPES@@ as _types
@@SEND_IMPORT@@
__all__ = [
    "READ_SIZE",
    "PollLoop",
    "Sink",
    "Stream",
    "read_body",
    "ready",
    "register",
    "respond",
    "run",
@@SEND_EXPORT@@]

READ_SIZE: int = 64 * 1024
"""The most bytes `Stream` asks the host for at a time."""

_T = TypeVar("_T")


def _drop(resource: Any) -> None:
    """Drops a WASI resource now (its `__exit__` releases the handle)."""
    resource.__exit__(None, None, None)


class _Waiting:
    """What `PollLoop` waits on: futures, each resolved when its pollable is
    ready. It plays the selector `asyncio.BaseEventLoop` polls once per turn.
    """

    def __init__(self) -> None:
        self.entries: list[tuple[_poll.Pollable, asyncio.Future[None]]] = []

    def add(self, pollable: _poll.Pollable, future: asyncio.Future[None]) -> None:
        self.entries.append((pollable, future))

    def select(self, timeout: Optional[float]) -> list[asyncio.Future[None]]:
        """Waits up to `timeout` seconds (forever if None); returns the
        futures whose pollables became ready (their pollables dropped)."""
        self._forget_cancelled()
        if timeout is not None and timeout <= 0:
            ready = [i for i, (p, _) in enumerate(self.entries) if p.ready()]
            return self._take(ready)
        pollables = [p for p, _ in self.entries]
        timer = None
        if timeout is not None:
            timer = _clock.subscribe_duration(int(timeout * 1e9))
            pollables.append(timer)
        if not pollables:
            raise RuntimeError(
                "the event loop has nothing to wait for: every task is "
                "blocked, but no WASI pollable or timer is pending"
            )
        indices = _poll.poll(pollables)
        if timer is not None:
            _drop(timer)
        return self._take([i for i in indices if i < len(self.entries)])

    def _take(self, indices: list[int]) -> list[asyncio.Future[None]]:
        chosen = set(indices)
        done = [f for i, (_, f) in enumerate(self.entries) if i in chosen]
        for i in sorted(chosen):
            _drop(self.entries[i][0])
        self.entries = [e for i, e in enumerate(self.entries) if i not in chosen]
        return done

    def _forget_cancelled(self) -> None:
        for pollable, future in self.entries:
            if future.done():
                _drop(pollable)
        self.entries = [(p, f) for p, f in self.entries if not f.done()]

    def close(self) -> None:
        for pollable, future in self.entries:
            _drop(pollable)
            future.cancel()
        self.entries = []


class PollLoop(asyncio.BaseEventLoop):
    """An asyncio event loop that waits with `wasi:io/poll.poll`.

    Everything of asyncio that needs no sockets, pipes or threads works:
    tasks, futures, `gather`, `sleep`, `wait_for`, `call_later`.
    """

    def __init__(self) -> None:
        super().__init__()
        self._selector = _Waiting()

    def _process_events(self, event_list: list[asyncio.Future[None]]) -> None:
        for future in event_list:
            if not future.done():
                future.set_result(None)

    def _write_to_self(self) -> None:
        # There are no other threads to wake the loop up from.
        pass

    async def wait(self, pollable: _poll.Pollable) -> None:
        """Waits until `pollable` is ready, then drops it."""
        future: asyncio.Future[None] = self.create_future()
        self._selector.add(pollable, future)
        await future

    def close(self) -> None:
        if not self.is_closed():
            self._selector.close()
        super().close()


async def ready(pollable: _poll.Pollable) -> None:
    """Waits, on the running `PollLoop`, until `pollable` is ready; drops it."""
    loop = asyncio.get_running_loop()
    if not isinstance(loop, PollLoop):
        raise RuntimeError("wasi:io pollables can only be awaited on a PollLoop; use run()")
    await loop.wait(pollable)


async def register(loop: PollLoop, pollable: _poll.Pollable) -> None:
    """Waits on `loop` until `pollable` is ready (componentize-py's name)."""
    await loop.wait(pollable)


def run(main: Coroutine[Any, Any, _T]) -> _T:
    """Runs `main` on a fresh `PollLoop` and closes the loop afterwards."""
    loop = PollLoop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(main)
    finally:
        asyncio.set_event_loop(None)
        loop.close()


class Stream:
    """Reads an incoming body (a request's or a response's) chunk by chunk.

    When the body ends, its stream is dropped and the body finished.
    """

    def __init__(self, body: _types.IncomingBody) -> None:
        self._body: Optional[_types.IncomingBody] = body
        self._stream: Optional[_streams.InputStream] = body.stream()

    async def next(self) -> Optional[bytes]:
        """The next chunk, or None at the end of the body."""
        while self._stream is not None:
            try:
                chunk = self._stream.read(READ_SIZE)
            except Err as e:
                if isinstance(e.value, _streams.StreamError_Closed):
                    self._finish()
                    return None
                raise
            if chunk:
                return chunk
            await ready(self._stream.subscribe())
        return None

    async def read_all(self, limit: Optional[int] = None) -> bytes:
        """The rest of the body; ValueError if it is longer than `limit`."""
        out = bytearray()
        while (chunk := await self.next()) is not None:
            out += chunk
            if limit is not None and len(out) > limit:
                self._finish()
                raise ValueError(f"the body is longer than {limit} bytes")
        return bytes(out)

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._chunks()

    async def _chunks(self) -> AsyncIterator[bytes]:
        while (chunk := await self.next()) is not None:
            yield chunk

    def _finish(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            _drop(stream)
        body, self._body = self._body, None
        if body is not None:
            _drop(_types.IncomingBody.finish(body))


class Sink:
    """Writes an outgoing body, waiting whenever the host applies
    back-pressure. `close()` finishes the body; call it exactly once."""

    def __init__(self, body: _types.OutgoingBody) -> None:
        self._body: Optional[_types.OutgoingBody] = body
        self._stream: Optional[_streams.OutputStream] = body.write()

    async def send(self, data: bytes) -> None:
        """Writes `data` and waits until the host has flushed it."""
        stream = self._stream
        if stream is None:
            raise ValueError("the body is already closed")
        view = memoryview(data)
        while view:
            room = stream.check_write()
            if room == 0:
                await ready(stream.subscribe())
                continue
            stream.write(bytes(view[:room]))
            view = view[room:]
        stream.flush()
        while stream.check_write() == 0:
            await ready(stream.subscribe())

    def close(self, trailers: Optional[_types.Fields] = None) -> None:
        """Ends the body (with optional trailers)."""
        stream, self._stream = self._stream, None
        if stream is not None:
            _drop(stream)
        body, self._body = self._body, None
        if body is not None:
            _types.OutgoingBody.finish(body, trailers)


async def read_body(request: _types.IncomingRequest, limit: Optional[int] = None) -> bytes:
    """The whole body of `request` (empty if it has none)."""
    return await Stream(request.consume()).read_all(limit)


async def respond(
    response_out: _types.ResponseOutparam,
    status: int,
    body: bytes = b"",
    headers: Sequence[tuple[str, bytes]] = (),
) -> None:
    """Sends a whole response: status, headers, then the body."""
    response = _types.OutgoingResponse(_types.Fields.from_list(list(headers)))
    response.set_status_code(status)
    outgoing = response.body()
    _types.ResponseOutparam.set(response_out, Ok(response))
    sink = Sink(outgoing)
    if body:
        await sink.send(body)
    sink.close()
