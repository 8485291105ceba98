"""Narrative entries: the person's own story, written down and shared (manual, 3.3 "Narrative approach").

The story grows and changes as the person writes it: an entry is revised (what
it said before stays in the event) or withdrawn (it stays in the history), and
says who wrote it, the person or the worker, when that was said.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from domain import text
from domain.errors import InvalidInputError, NarrativeEntryNotFoundError, RuleViolationError
from domain.vocabulary import WrittenBy

#: What a revision may change, each kept with its previous value.
REVISABLE = ("text", "themes", "written_by")


def current(entries: Mapping[UUID, dict[str, Any]], entry_id: UUID) -> dict[str, Any]:
    """The person's entry, if not withdrawn: a withdrawn one is refused by its rule, not unknown."""
    entry = entries.get(entry_id)
    if entry is None:
        raise NarrativeEntryNotFoundError(entry_id)
    if not entry["current"]:
        raise RuleViolationError(
            "narrative_entry_withdrawn", "this narrative entry has been withdrawn: it stays in the history"
        )
    return entry


def checked_written_by(written_by: str | None) -> str | None:
    """``person`` or ``worker``; None when it was not said."""
    return None if written_by is None else text.choice("written_by", written_by, WrittenBy).value


def checked_entry(entry: str, themes: Sequence[str], written_by: str | None) -> dict[str, Any]:
    return {
        "text": text.text("text", entry, text.NOTE_MAX_CHARS),
        "themes": text.names("themes", themes, text.THEMES_MAX_ITEMS),
        "written_by": checked_written_by(written_by),
    }


def checked_revision(
    current: dict[str, Any], entry: str | None, themes: Sequence[str] | None, written_by: str | None
) -> dict[str, Any]:
    """The fields of a ``NarrativeEntryRevised``: what is not given stays as it is."""
    if entry is None and themes is None and written_by is None:
        raise InvalidInputError("body", "give at least one of text, themes, written_by")
    revised = {
        "text": current["text"] if entry is None else text.text("text", entry, text.NOTE_MAX_CHARS),
        "themes": current["themes"]
        if themes is None
        else text.names("themes", themes, text.THEMES_MAX_ITEMS),
        "written_by": current["written_by"] if written_by is None else checked_written_by(written_by),
    }
    if all(revised[name] == current[name] for name in REVISABLE):
        raise RuleViolationError("no_change", "the revised entry is the same as the current one")
    return {**revised, **{f"previous_{name}": current[name] for name in REVISABLE}}
