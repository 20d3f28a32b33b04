

async def send(
    request: _types.OutgoingRequest,
    options: Optional[_types.RequestOptions] = None,
) -> _types.IncomingResponse:
    """Sends `request`, waits for the response head; raises `Err(ErrorCode)`
    if the request fails."""
    future = _outgoing_handler.handle(request, options)
    try:
        while (result := future.get()) is None:
            await ready(future.subscribe())
    finally:
        _drop(future)
    if isinstance(result, Err):
        raise RuntimeError("the response of this request was already taken")
    inner = result.value
    if isinstance(inner, Err):
        raise inner
    return inner.value
