"""Words the answers share: short quotes of the person's own words, counts that agree in number."""

from __future__ import annotations

from collections.abc import Sequence

_QUOTE_CHARS = 60
_QUOTED_AT_MOST = 3


def quote(statement: str, limit: int = _QUOTE_CHARS) -> str:
    short = statement if len(statement) <= limit else statement[: limit - 1].rstrip() + "…"
    return f"“{short}”"


def quotes(texts: Sequence[str]) -> str:
    """“A”; “A” and “B”; “A”, “B” and “C”; “A”, “B”, “C” and 2 more."""
    shown = [quote(text) for text in texts[:_QUOTED_AT_MOST]]
    more = len(texts) - len(shown)
    if more > 0:
        return f"{', '.join(shown)} and {more} more"
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def count(n: int, noun: str) -> str:
    """``1 goal``, ``2 goals``, ``0 goals``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def every(n: int, noun: str) -> str:
    """``The goal``, ``Both goals``, ``All 3 goals``: a whole of ``n`` (at least one)."""
    if n == 1:
        return f"The {noun}"
    return f"Both {noun}s" if n == 2 else f"All {n} {noun}s"
