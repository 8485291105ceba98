"""Revoked bearer tokens: their ids, kept in a file of the data directory.

``refocus token revoke`` appends a token's id (``jti``); every API process refuses it from
its next request on, and after a restart. The file is read again only when it changes, so
a request costs one ``stat``. Processes on several machines need a shared data directory.
"""

from __future__ import annotations

import os
import re
import threading
from datetime import timedelta
from pathlib import Path

from application.storage.files import PRIVATE_FILE, private_directory
from domain.actor import Actor
from interfaces.auth import TokenError, read_token

REVOKED_FILE = "revoked-tokens"
#: What ``secrets.token_urlsafe`` makes, with room for ids minted elsewhere.
TOKEN_ID = re.compile(r"[A-Za-z0-9_-]{8,128}")


class RevokedTokens:
    """The ids in ``<data dir>/revoked-tokens``, one a line."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / REVOKED_FILE
        self._seen: tuple[int, int] | None = None
        self._ids: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    def __contains__(self, token_id: str) -> bool:
        return token_id in self._current()

    def revoke(self, token_id: str) -> None:
        if not TOKEN_ID.fullmatch(token_id):
            raise ValueError("not a token id: 8 to 128 letters, digits, - or _")
        private_directory(self.path.parent)
        # One short append per line: writers in several processes never interleave within it.
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
        try:
            os.fchmod(descriptor, PRIVATE_FILE)
            os.write(descriptor, f"{token_id}\n".encode())
        finally:
            os.close(descriptor)

    def _current(self) -> frozenset[str]:
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            return frozenset()
        seen = (status.st_mtime_ns, status.st_size)
        if seen != self._seen:
            with self._lock:
                ids = frozenset(line.strip() for line in self.path.read_text().splitlines() if line.strip())
                self._ids, self._seen = ids, seen
        return self._ids


class TokenVerifier:
    """Checks a bearer token: its signature, claims and lifetime, and that it is not revoked."""

    def __init__(self, key: str, max_ttl: timedelta, revoked: RevokedTokens) -> None:
        self.key = key
        self.max_ttl = max_ttl
        self.revoked = revoked

    def read(self, token: str) -> tuple[Actor, str, float]:
        """The token's actor, id and expiry; ``TokenError`` if it is not to be accepted."""
        actor, token_id, expires = read_token(self.key, token, self.max_ttl)
        self.check_not_revoked(token_id)
        return actor, token_id, expires

    def check_not_revoked(self, token_id: str) -> None:
        if token_id in self.revoked:
            raise TokenError("the token has been revoked")
