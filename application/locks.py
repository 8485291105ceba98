"""Commands on one person's journey run one at a time within a process.

Rules that span aggregates (no new steps on a closed goal, nothing on a
discharged person's journey) are checked on one aggregate and written to
another, so the store's per-aggregate version check cannot catch a race
between them. Serialising each journey's commands closes that gap for every
thread of a process without a retry; between processes ``application.guard``
closes it at commit time, at the price of a retry when two commands race.
"""

from __future__ import annotations

import threading
from uuid import UUID

_STRIPES = 256


class JourneyLocks:
    def __init__(self, stripes: int = _STRIPES) -> None:
        # Striped rather than one lock per person, so memory stays bounded.
        self._locks = [threading.RLock() for _ in range(stripes)]

    def of(self, person_id: UUID) -> threading.RLock:
        return self._locks[person_id.int % len(self._locks)]
