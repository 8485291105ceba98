"""Every read of a person's data is recorded in the access log before its answer leaves.

Each route that can read people (every query of the API, every page) runs inside
:func:`recording_reads`: the views note each person they let the caller see
(``projections.people_read``), and the noted reads are appended to the access log
in the query's own worker thread, right after the endpoint returns and before its
answer is serialised or streamed (:func:`record_noted_reads`, called by
``interfaces.http.routing.in_worker_thread``). An endpoint that read on the event
loop or in threads of its own is recorded once it returns. If the record cannot
be written, ``AccessLogUnavailableError`` answers ``503`` instead of the data.
The request's id, which the record carries, is answered as ``X-Request-Id``.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any
from uuid import uuid4

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from projections.access_log import Access
from projections.people_read import PersonRead, current_reads, noting_reads

REQUEST_ID_HEADER = "X-Request-Id"
Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def recording_reads(handler: Handler, view_name: str) -> Handler:
    """``handler``, recording the reads of people it makes under ``view_name`` (the route's
    path template: never the address with its values)."""

    async def answer(request: Request) -> Response:
        runtime = request.app.state.runtime
        if not runtime.settings.access_records:
            return await handler(request)
        request_id = uuid4().hex
        access_log = runtime.access_log

        def record(reads: Sequence[PersonRead]) -> None:
            access_log.append([Access(viewer, person, view_name, request_id) for person, viewer in reads])

        with noting_reads(record) as reads:
            response = await handler(request)
            if reads.pending:
                await run_in_threadpool(reads.record)
        if reads.people:
            response.headers[REQUEST_ID_HEADER] = request_id
        return response

    return answer


def record_noted_reads() -> None:
    """Append the reads noted so far in this request, in the calling (worker) thread."""
    reads = current_reads()
    if reads is not None:
        reads.record()
