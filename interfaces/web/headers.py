"""Security headers on every answer: pages, ``/docs`` and static files, and the JSON API.

The Content-Security-Policy allows scripts, styles, images and fonts from the app's
own origin only: no inline script, no inline style, nothing from another site (NHS.UK
frontend's web font on ``assets.nhs.uk`` included: text falls back to Arial), no
framing. Pages that show a person also say ``no-store``: nothing personal is left in
a shared browser's cache.

The API's answers are JSON, never a document to render: their policy allows nothing
(``default-src 'none'``), and every one says ``no-store``, as nearly all carry what is
known about a person. ``Strict-Transport-Security`` goes on every answer when
``REFOCUS_HSTS_SECONDS`` is set.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interfaces.http.authentication import API_PREFIX

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Sign-in links carry a token in their query: never pass the address on.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


API_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp, hsts_seconds: int = 0) -> None:
        self.app = app
        transport = {"Strict-Transport-Security": f"max-age={hsts_seconds}"} if hsts_seconds else {}
        self._pages = {**SECURITY_HEADERS, **transport}
        # Added as they are, with no look-up: no API route sets any of them.
        api = {**API_SECURITY_HEADERS, **transport}
        self._api = [(name.lower().encode(), value.encode()) for name, value in api.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(API_PREFIX):
            api_headers = self._api

            async def with_api_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = [*message.get("headers", ()), *api_headers]
                await send(message)

            await self.app(scope, receive, with_api_headers)
            return
        pages_headers = self._pages

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in pages_headers.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)
