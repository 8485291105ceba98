"""uvicorn's HTTP protocol (httptools), with a bound on each request's head: its size and its time.

uvicorn on its own reads a request's headers for as long and as large as the client sends
them: a 64 MB ``Authorization`` header holds the event loop (and so every other request) for
seconds and grows the process by hundreds of megabytes, and a connection that never finishes
its headers (slowloris) stays open. Here a head larger than
``REFOCUS_MAX_HEADER_BYTES`` (default 32 KiB) is answered ``431`` and the connection closed
as soon as that many bytes have arrived, and a connection whose head is not complete
``REFOCUS_HEADER_TIMEOUT_SECONDS`` (default 10) after it opened, or after its request's first
byte, is closed. Bodies are bounded apart (128 KiB, ``BodySizeLimit``). A reverse proxy in
front (deploy/nginx/refocus.conf) bounds them again, with its own buffers.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

#: The import string uvicorn takes for ``http=``: each worker process imports it itself.
PROTOCOL = "interfaces.http.bounded_protocol:BoundedHttpToolsProtocol"
DEFAULT_MAX_HEADER_BYTES = 32 * 1024
DEFAULT_HEADER_TIMEOUT_SECONDS = 10.0

_REFUSAL_BODY = (
    b'{"type":"/problems/request-headers-too-large","title":"Request headers too large",'
    b'"status":431,"detail":"The request\'s headers are over the limit this server accepts."}'
)
_REFUSAL = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"content-type: application/problem+json\r\n"
    b"content-length: " + str(len(_REFUSAL_BODY)).encode() + b"\r\n"
    b"connection: close\r\n\r\n" + _REFUSAL_BODY
)


def head_limits() -> tuple[int, float]:
    """The head's size and time bounds, from the environment (read once per connection)."""
    size = int(os.environ.get("REFOCUS_MAX_HEADER_BYTES", DEFAULT_MAX_HEADER_BYTES))
    seconds = float(os.environ.get("REFOCUS_HEADER_TIMEOUT_SECONDS", DEFAULT_HEADER_TIMEOUT_SECONDS))
    return size, seconds


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._max_head_bytes, self._head_timeout = head_limits()
        # Bytes received since the current request's head began, while it is incomplete.
        self._head_bytes = 0
        self._in_head = True
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head_clock()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_clock()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            self._head_bytes += len(data)
            if self._head_bytes > self._max_head_bytes:
                self._refuse()
                return
            if self._head_timer is None:
                self._start_head_clock()
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_bytes = 0
        self._stop_head_clock()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        # What arrives next is the next request's head (on a kept-alive connection).
        self._in_head = True
        super().on_message_complete()

    def _refuse(self) -> None:
        self._stop_head_clock()
        self.logger.warning("Refused a request whose headers exceed %d bytes.", self._max_head_bytes)
        if not self.transport.is_closing():
            self.transport.write(_REFUSAL)
            self.transport.close()

    def _start_head_clock(self) -> None:
        self._stop_head_clock()
        self._head_timer = self.loop.call_later(self._head_timeout, self._head_too_slow)

    def _stop_head_clock(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self._in_head and not self.transport.is_closing():
            self.transport.close()
