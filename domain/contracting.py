"""Dynamic contracting: the working agreement's parts (manual, 2.6 and REACH "Dynamic Contracting").

Making the psychological contract explicit: expectations of each other, how the
person and the worker work together, how they handle differences and conflict,
and the practicalities; a dynamic process, reviewed and updated, so each
agreement is made again whole and the earlier ones stay in the history.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain import text
from domain.errors import InvalidInputError

#: The structured parts of the agreement, in the manual's order.
PARTS = ("expectations", "how_we_work", "differences", "practicalities")


def checked_agreement(
    agreement: str | None,
    parts: dict[str, str | None],
    review_by: date | None,
    agreed_by_person: bool,
    agreed_on: date | None,
    today: date,
) -> dict[str, Any]:
    """The fields of a ``WorkingAgreementMade``: free text, the manual's parts, or both."""
    checked: dict[str, Any] = {
        "text": text.optional_text("text", agreement, text.NOTE_MAX_CHARS),
        **{name: text.optional_text(name, parts.get(name), text.NOTE_MAX_CHARS) for name in PARTS},
    }
    if all(value is None for value in checked.values()):
        raise InvalidInputError("text", "give the agreement's text or at least one of " + ", ".join(PARTS))
    if agreed_by_person:
        agreed_on = checked_agreed_on(agreed_on, today)
    elif agreed_on is not None:
        raise InvalidInputError("agreed_on", "give it only when the person agreed (agreed_by_person)")
    return {
        **checked,
        "review_by": review_by,
        "agreed_by_person": bool(agreed_by_person),
        "agreed_on": agreed_on,
    }


def checked_agreed_on(agreed_on: date | None, today: date) -> date:
    """The day the person agreed: today unless said, never in the future."""
    if agreed_on is None:
        return today
    if agreed_on > today:
        raise InvalidInputError("agreed_on", "the person cannot have agreed on a day still to come")
    return agreed_on
