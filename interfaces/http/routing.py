"""Routes whose blocking work takes at most one trip to a worker thread.

FastAPI runs a plain ``def`` endpoint in the thread pool, then, to validate its
answer against ``response_model``, goes to the pool a second time. Each trip is
a hand-over between threads that, under load, waits for the GIL (up to the
interpreter's switch interval, 5 ms). ``OneThreadRoute`` wraps a ``def``
endpoint in a coroutine that runs it in the pool once; FastAPI then validates
and serialises the answer on the event loop, where it is cheap. A command
(an endpoint taking ``Commands``) on a SQLite file runs on the loop itself
(``interfaces.http.loop_commands``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, get_args, get_type_hints

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from interfaces.http.deps import Commands


def in_worker_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """A coroutine with ``endpoint``'s signature that runs it in the thread pool."""

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return run


def on_loop_or_in_worker_thread(endpoint: Callable[..., Any], commands: str) -> Callable[..., Any]:
    """A coroutine with ``endpoint``'s signature that runs the command where its store wants it."""

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        on_loop = kwargs[commands].on_loop
        if on_loop is None:
            return await run_in_threadpool(endpoint, *args, **kwargs)
        return await on_loop.run(functools.partial(endpoint, *args, **kwargs))

    return run


def _commands_parameter(endpoint: Callable[..., Any]) -> str | None:
    hints = get_type_hints(endpoint, include_extras=True)
    for name, hint in hints.items():
        if name != "return" and Commands in (hint, *get_args(hint)):
            return name
    return None


class OneThreadRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            commands = _commands_parameter(endpoint)
            if commands is None:
                endpoint = in_worker_thread(endpoint)
            else:
                endpoint = on_loop_or_in_worker_thread(endpoint, commands)
        super().__init__(path, endpoint, **kwargs)
