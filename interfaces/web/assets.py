"""Styles, scripts and icons, served by the app itself from the installed package.

Pages name each file by a digest of its content (``/static/<digest>/<path>``), so a
browser may keep it for a year: a changed file has a new name. Files are read and
gzipped once, on first request, and kept in memory; a browser that accepts gzip
gets the compressed bytes (NHS.UK frontend's stylesheet: 278 KB as a file, about
30 KB on the wire).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

STATIC_DIR = Path(__file__).parent / "static"
STATIC_PREFIX = "/static"
NHSUK_FRONTEND = "vendor/nhsuk-frontend-10.6.1"
SWAGGER_UI = "vendor/swagger-ui-5.36.0"
#: NHS.UK frontend's stylesheet refers to its icons from the site's root.
NHSUK_IMAGES_PREFIX = "/assets/images"
_DIGEST_CHARS = 12
_A_YEAR = "public, max-age=31536000, immutable"
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class Asset:
    content: bytes
    gzipped: bytes
    digest: str
    media_type: str


class Assets:
    """The files under ``static/``, by their path there."""

    def __init__(self, root: Path = STATIC_DIR) -> None:
        self._root = root.resolve()
        self._loaded: dict[str, Asset] = {}
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        """The versioned address of a file, for templates."""
        return f"{STATIC_PREFIX}/{self.load(path).digest}/{path}"

    def load(self, path: str) -> Asset:
        asset = self._loaded.get(path)
        if asset is not None:
            return asset
        file = (self._root / path).resolve()
        # Only files under static/: never a path that climbs out of it.
        if not file.is_relative_to(self._root) or not file.is_file():
            raise FileNotFoundError(path)
        content = file.read_bytes()
        media_type = (
            _TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        )
        asset = Asset(
            content,
            gzip.compress(content, compresslevel=9, mtime=0),
            hashlib.sha256(content).hexdigest()[:_DIGEST_CHARS],
            media_type,
        )
        with self._lock:
            self._loaded[path] = asset
        return asset

    async def serve(self, request: Request) -> Response:
        """``/static/<digest>/<path>``: cached for a year when the digest is the file's own."""
        digest, path = request.path_params["digest"], request.path_params["path"]
        return await self._respond(request, path, immutable=digest == await self._digest(path))

    async def serve_nhsuk_image(self, request: Request) -> Response:
        """``/assets/images/<name>``: the icons NHS.UK frontend's stylesheet names from the root."""
        path = f"{NHSUK_FRONTEND}/assets/images/{request.path_params['name']}"
        return await self._respond(request, path, immutable=False)

    async def _digest(self, path: str) -> str | None:
        try:
            return (await run_in_threadpool(self.load, path)).digest
        except FileNotFoundError:
            return None

    async def _respond(self, request: Request, path: str, *, immutable: bool) -> Response:
        try:
            asset = await run_in_threadpool(self.load, path)
        except FileNotFoundError:
            return Response("Not found", status_code=404, media_type="text/plain")
        headers = {
            "Cache-Control": _A_YEAR if immutable else "public, max-age=3600",
            "Vary": "Accept-Encoding",
            "X-Content-Type-Options": "nosniff",
        }
        if "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(asset.gzipped, media_type=asset.media_type, headers=headers)
        return Response(asset.content, media_type=asset.media_type, headers=headers)
