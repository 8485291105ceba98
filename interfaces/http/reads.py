"""Every read of a person's data is recorded in the access log before its answer leaves.

Each route that can read people (every query of the API, every page) runs inside
:func:`recording_reads`: the views note each person they let the caller see
(``projections.people_read``), each note hands that read's access record to the
access log's writer at once, and the route waits for every record to be committed
after the endpoint has built its answer and before a byte of it is sent (a
streamed replay included: its frames are computed only once the response starts).
The write thus overlaps the query's own work. If a record cannot be written,
``AccessLogUnavailableError`` answers ``503`` instead of the data. The request's
id, which its records carry, is answered as ``X-Request-Id``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from typing import Any
from uuid import uuid4

from starlette.requests import Request
from starlette.responses import Response

from domain.actor import Actor
from interfaces.logs import current_request_id
from projections.access_log import Access, AccessLog
from projections.people_read import noting_reads

REQUEST_ID_HEADER = "X-Request-Id"
Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def recording_reads(handler: Handler, view_name: str) -> Handler:
    """``handler``, recording the reads of people it makes under ``view_name`` (the route's
    path template: never the address with its values)."""

    async def answer(request: Request) -> Response:
        runtime = request.app.state.runtime
        if not runtime.settings.access_records:
            return await handler(request)
        # With JSON logs the request already has an id, answered by ``RequestIds``: the same
        # id then joins its log lines and its access records.
        given = current_request_id()
        request_id = given or uuid4().hex
        access_log: AccessLog = runtime.access_log

        def submit(person_id: str, viewer: Actor) -> Future[None]:
            return access_log.submit([Access(viewer, person_id, view_name, request_id)])

        with noting_reads(submit) as reads:
            response = await handler(request)
        for write in reads.writes:
            # Usually done already: the write ran while the answer was being built.
            if not write.done():
                await asyncio.wrap_future(write)
            write.result()  # raises AccessLogUnavailableError: the answer does not leave
        if reads.writes and given is None:
            response.headers[REQUEST_ID_HEADER] = request_id
        return response

    return answer
