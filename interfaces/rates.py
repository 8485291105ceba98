"""Rate limits: a token bucket per key (a subject, a client address), kept in process memory.

A bucket holds up to ``count`` tokens and refills at ``count`` per ``seconds``: a burst of
``count`` is allowed, then one every ``seconds / count``. Each check is a few dictionary
operations, cheap enough to run on every command. Limits are per process: behind several
processes each counts its own share.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

_RATE = re.compile(r"(\d+)/(\d*)([smh])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}
#: Past this many keys the buckets start afresh: memory stays bounded whatever the traffic.
KEYS_REMEMBERED = 100_000


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: float

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds:g}s"


def parse_rate(text: str) -> Rate | None:
    """``120/m``, ``20/5m``, ``10/s`` or ``3000/h``; ``off`` (or ``0``) for no limit."""
    text = text.strip().lower()
    if text in ("off", "0"):
        return None
    match = _RATE.fullmatch(text)
    if not match or int(match.group(1)) == 0 or match.group(2) == "0":
        raise ValueError("a rate looks like 120/m, 20/5m or 10/s, or off")
    return Rate(int(match.group(1)), int(match.group(2) or 1) * _UNIT_SECONDS[match.group(3)])


class TokenBuckets:
    """One bucket per key."""

    def __init__(self, rate: Rate, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(rate.count)
        self.per_second = rate.count / rate.seconds
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: str) -> float:
        """Take a token: 0 if there was one, else the seconds until there will be."""
        now = self._clock()
        tokens, then = self._buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - then) * self.per_second)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.per_second
        if len(self._buckets) >= KEYS_REMEMBERED:
            self._buckets.clear()
        self._buckets[key] = (tokens - 1, now)
        return 0.0

    def wait(self, key: str) -> float:
        """The seconds until ``key`` has a token, without taking one (0: it has one now)."""
        entry = self._buckets.get(key)
        if entry is None:
            return 0.0
        tokens = min(self.capacity, entry[0] + (self._clock() - entry[1]) * self.per_second)
        return 0.0 if tokens >= 1 else (1 - tokens) / self.per_second


def retry_after(seconds: float) -> str:
    """A ``Retry-After`` value: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))
