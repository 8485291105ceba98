"""Idempotent commands: a retried request is answered, not executed again.

After the IETF draft *The Idempotency-Key HTTP Header Field*: the first
successful command with a key stores its outcome **in the same transaction as
its events** (the recorders of ``application.storage.recorders`` add one row to
the event store's insert), so a crash between commit and answer cannot lead a
retry to write twice. A repeat
with the same key and request answers the stored outcome; the same key with a
different request is refused; a repeat while the first is still running here
is refused as a conflict. Keys belong to the caller who sent them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.errors import InvalidInputError, RuleViolationError

#: Keys are kept at least this long unless configured otherwise (``IDEMPOTENCY_TTL_HOURS``).
DEFAULT_TTL = timedelta(hours=24)
TABLE = "refocus_idempotency"


@dataclass(frozen=True)
class StoredOutcome:
    fingerprint: str
    aggregate_id: str
    version: int
    position: int
    created_at: datetime


@dataclass
class IdempotentRequest:
    """A command's key and a fingerprint of the request it came with."""

    caller: str
    key: str
    fingerprint: str
    #: Set by the application when it answered from a stored outcome.
    replayed: bool = field(default=False)


@dataclass(frozen=True)
class KeyRecord:
    """What the recorder writes beside the events; it adds the position itself."""

    caller: str
    key: str
    fingerprint: str
    aggregate_id: str
    version: int

    def row(self, position: int) -> tuple[Any, ...]:
        """The key row's values, in the table's column order."""
        return (
            self.caller,
            self.key,
            self.fingerprint,
            self.aggregate_id,
            self.version,
            position,
            utc_now().isoformat(),
        )


_current: ContextVar[IdempotentRequest | None] = ContextVar("refocus_idempotency", default=None)


def current_request() -> IdempotentRequest | None:
    return _current.get()


@contextmanager
def idempotent(request: IdempotentRequest | None) -> Iterator[IdempotentRequest | None]:
    token = _current.set(request)
    try:
        yield request
    finally:
        _current.reset(token)


class IdempotencyKeyReusedError(InvalidInputError):
    """Raised when a key comes back with a different request than it was first used for."""

    def __init__(self) -> None:
        super().__init__("Idempotency-Key", "was already used for a different request")


class RequestInFlightError(RuleViolationError):
    """Raised when a key comes back while its first request is still being processed."""

    def __init__(self) -> None:
        super().__init__("request_in_flight", "a request with this Idempotency-Key is still being processed")


class InFlight:
    """Keys whose first request is running in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: set[tuple[str, str]] = set()

    @contextmanager
    def claim(self, request: IdempotentRequest) -> Iterator[None]:
        ident = (request.caller, request.key)
        with self._lock:
            if ident in self._keys:
                raise RequestInFlightError
            self._keys.add(ident)
        try:
            yield
        finally:
            with self._lock:
                self._keys.discard(ident)


def utc_now() -> datetime:
    return datetime.now(UTC)


def outcome_from_row(row: Sequence[Any]) -> StoredOutcome:
    fingerprint, aggregate_id, version, position, created_at = row
    return StoredOutcome(
        fingerprint, str(aggregate_id), int(version), int(position), datetime.fromisoformat(created_at)
    )
