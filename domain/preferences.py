"""Treatment preferences: the way the person wants to be helped (manual, 3.3 and Appendix 1,
"Treatment preferences"): the pace, the support from others, how much workers feature.

Preferences change over time (manual, 3.3: "it cannot be a one-off conversation"), so each
can be revised and withdrawn, its history kept; and goal-striving is based on them (manual,
5.3 principle 4), so goals and steps link to the current ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from domain import text
from domain.errors import InvalidInputError, PreferenceNotFoundError, RuleViolationError
from domain.vocabulary import VtpArea


def checked_area(area: str | None) -> str | None:
    return None if area is None else text.choice("area", area, VtpArea).value


def current(preferences: Mapping[UUID, dict[str, Any]], preference_id: UUID) -> dict[str, Any]:
    """The preference, refused if unknown (404) or withdrawn (409: it stays in the history)."""
    preference = preferences.get(preference_id)
    if preference is None:
        raise PreferenceNotFoundError(preference_id)
    if not preference["current"]:
        raise RuleViolationError(
            "preference_withdrawn", "this treatment preference has been withdrawn: it stays in the history"
        )
    return preference


def revision(
    preference: Mapping[str, Any],
    statement: str,
    in_own_words: bool | None,
    area: str | None,
    clear_area: bool,
) -> dict[str, Any]:
    """The revised fields with their previous values, as ``TreatmentPreferenceRevised`` records them.

    New words must say whether they are the person's own: ``in_own_words`` is required when
    the statement changes, never carried over from the earlier words.
    """
    checked_statement = text.text("statement", statement, text.STATEMENT_MAX_CHARS)
    new_area = None if clear_area else (preference["area"] if area is None else checked_area(area))
    if checked_statement != preference["statement"] and in_own_words is None:
        raise InvalidInputError("in_own_words", "say whether the revised words are the person's own")
    revised = {
        "statement": checked_statement,
        "area": new_area,
        "in_own_words": preference["in_own_words"] if in_own_words is None else bool(in_own_words),
    }
    if all(revised[name] == preference[name] for name in revised):
        raise RuleViolationError("no_change", "the revised preference is the same as the current one")
    return {**revised, **{f"previous_{name}": preference[name] for name in revised}}


def check_links(preferences: Mapping[UUID, dict[str, Any]], preference_ids: Iterable[UUID]) -> None:
    """Refuse links to preferences this person does not currently hold."""
    for i, preference_id in enumerate(preference_ids):
        if not preferences.get(preference_id, {}).get("current"):
            raise InvalidInputError(
                f"preference_ids[{i}]", "is not a current treatment preference of this person"
            )
