"""Events the views could not apply: where the projector stopped, and what operators decided.

A projector that meets an event it cannot apply (stored data it cannot decode, a
handler that raises) stops just before it: the views keep every earlier event and
their position stays put, so nothing is skipped without a trace. The event's
position, its topic and the error's type are recorded here (never the event's data
or the error's message, which may quote it). An operator then either retries once
the cause is mended (``refocus projections resume``) or, as a recorded decision,
skips that one event (``refocus projections skip POSITION --reason ...``). A rebuild
skips the same events again: the decision outlives the views.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from projections.store import VIEW_NAME, ViewCursor, ViewStore

# The table is created with the views (``projections.store``) and kept by a rebuild.
_COLUMNS = "position, topic, error_class, stopped_at, resolution, reason, resolved_at"


@dataclass(frozen=True)
class Fault:
    position: int
    topic: str
    error_class: str
    stopped_at: str
    #: None while the views wait at this event; ``retried`` or ``skipped`` once an operator decided.
    resolution: str | None = None
    reason: str | None = None
    resolved_at: str | None = None

    def public(self) -> dict[str, object]:
        return {
            "position": self.position,
            "topic": self.topic,
            "error_class": self.error_class,
            "stopped_at": self.stopped_at,
            "resolution": self.resolution,
            "reason": self.reason,
            "resolved_at": self.resolved_at,
        }


class FaultNotFoundError(Exception):
    """Raised when an operator names an event the views are not stopped at."""


class ProjectionFaults:
    def __init__(self, store: ViewStore) -> None:
        self._store = store

    def record(self, position: int, topic: str, error_class: str) -> Fault:
        fault = Fault(position, topic, error_class, _now())
        with self._store.writing() as tx:
            # A retry that fails again opens the same fault again.
            tx.execute(
                "INSERT INTO {s}refocus_projection_faults (position, topic, error_class, stopped_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (position) DO UPDATE SET"
                " topic = excluded.topic, error_class = excluded.error_class,"
                " stopped_at = excluded.stopped_at, resolution = NULL, reason = NULL, resolved_at = NULL",
                (fault.position, fault.topic, fault.error_class, fault.stopped_at),
            )
        return fault

    def open_fault(self) -> Fault | None:
        """The event the views are stopped at, if any."""
        with self._store.reading() as tx:
            row = tx.one(
                f"SELECT {_COLUMNS} FROM {{s}}refocus_projection_faults"
                " WHERE resolution IS NULL ORDER BY position LIMIT 1"
            )
        return Fault(*row) if row else None

    def recent(self, limit: int = 20) -> list[Fault]:
        with self._store.reading() as tx:
            rows = tx.all(
                f"SELECT {_COLUMNS} FROM {{s}}refocus_projection_faults ORDER BY position DESC LIMIT ?",
                (limit,),
            )
        return [Fault(*row) for row in rows]

    def skipped_positions(self) -> frozenset[int]:
        with self._store.reading() as tx:
            rows = tx.all("SELECT position FROM {s}refocus_projection_faults WHERE resolution = 'skipped'")
        return frozenset(int(row[0]) for row in rows)

    def resume(self) -> Fault | None:
        """Let the projector try the event it stopped at again; the open fault, now ``retried``."""
        fault = self.open_fault()
        if fault is None:
            return None
        with self._store.writing() as tx:
            self._resolve(tx, fault.position, "retried", None)
        return fault

    def skip(self, position: int, reason: str) -> Fault:
        """Move the views past the event at ``position``, which they are stopped at."""
        if not reason.strip():
            raise ValueError("say why the event is skipped: --reason")
        fault = self.open_fault()
        if fault is None or fault.position != position:
            raise FaultNotFoundError(f"the views are not stopped at position {position}")
        with self._store.writing() as tx:
            current = self._store.lock_position(tx)
            if current >= position:
                raise FaultNotFoundError(f"the views have already passed position {position}")
            tx.execute(
                "UPDATE {s}refocus_view_positions SET position = ? WHERE view_name = ?", (position, VIEW_NAME)
            )
            self._resolve(tx, position, "skipped", reason.strip())
        return fault

    @staticmethod
    def _resolve(tx: ViewCursor, position: int, resolution: str, reason: str | None) -> None:
        tx.execute(
            "UPDATE {s}refocus_projection_faults SET resolution = ?, reason = ?, resolved_at = ?"
            " WHERE position = ?",
            (resolution, reason, _now(), position),
        )


def _now() -> str:
    return datetime.now(UTC).isoformat()
