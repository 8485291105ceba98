"""Words the answers share: how the person is named, short quotes of the person's own words,
counts that agree in number, lists of names, and the areas of the VTP interview as a reader
says them.

No pronoun is ever assumed: summaries name the person (their preferred name, else their
display name) and so need no pronoun at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.vocabulary import SENSITIVE_AREAS, VtpArea

#: The VTP areas (manual, Appendix 1) as a sentence says them.
AREA_WORDS: dict[str, str] = {
    VtpArea.CULTURAL_IDENTITY: "cultural identity",
    VtpArea.RELIGION_SPIRITUALITY: "religion and spirituality",
    VtpArea.GENDER: "gender",
    VtpArea.SEXUALITY: "sexuality",
    VtpArea.SOCIAL_ROLES: "social roles",
    VtpArea.MEANING_OF_EXPERIENCE: "meaning of experience",
    VtpArea.SERVICE_EXPERIENCES: "service experiences",
    VtpArea.STIGMA_DISCRIMINATION: "stigma and discrimination",
    VtpArea.OTHER_IDENTITY: "other identity",
    VtpArea.TREATMENT_PREFERENCES: "treatment preferences",
}
_SENSITIVE = frozenset(area.value for area in SENSITIVE_AREAS)

#: Plurals that are not the noun and an "s".
_PLURALS = {"entry": "entries", "person": "people"}


def name_of(doc: dict[str, Any]) -> str:
    """The person as summaries name them: the name they prefer, else their display name."""
    person = doc["person"]
    name: str = person.get("preferred_name") or person["display_name"]
    return name


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``count(0, "goal")`` is "no goals", ``count(1, "goal")`` "1 goal", ``count(2, "entry")``
    "2 entries"."""
    if n == 1:
        return f"1 {noun}"
    many = plural or _PLURALS.get(noun) or f"{noun}s"
    return f"no {many}" if n == 0 else f"{n} {many}"


def listed(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def area_words(area: str) -> str:
    """A VTP area as a reader says it ("religion and spirituality")."""
    return AREA_WORDS.get(area) or area.replace("_", " ")


def is_sensitive(area: str | None) -> bool:
    """Whether summaries must name the area without quoting the words (manual, 3.3)."""
    return area in _SENSITIVE


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


def every(n: int, noun: str) -> str:
    """``The goal``, ``Both goals``, ``All 3 goals``: a whole of ``n`` (at least one)."""
    if n == 1:
        return f"The {noun}"
    return f"Both {noun}s" if n == 2 else f"All {n} {noun}s"
