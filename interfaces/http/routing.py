"""Routes whose blocking work takes exactly one trip to a worker thread.

FastAPI runs a plain ``def`` endpoint in the thread pool, then, to validate its
answer against ``response_model``, goes to the pool a second time. Each trip is
a hand-over between threads that, under load, waits for the GIL (up to the
interpreter's switch interval, 5 ms). ``OneThreadRoute`` wraps a ``def``
endpoint in a coroutine that runs it in the pool once; FastAPI then validates
and serialises the answer on the event loop, where it is cheap.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool


def in_worker_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """A coroutine with ``endpoint``'s signature that runs it in the thread pool."""

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return run


class OneThreadRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = in_worker_thread(endpoint)
        super().__init__(path, endpoint, **kwargs)
