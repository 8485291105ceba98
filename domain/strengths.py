"""A strength on the Strengths Worksheet: its fields, and the check each must pass; the checks of
a domain's review and of the worksheet's agreement with the person (manual, 4.3 and Appendix 3)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from domain import text
from domain.errors import InvalidInputError, RuleViolationError
from domain.vocabulary import Resource, WorksheetColumn, WorksheetRow, WrittenBy

_CHECKS: dict[str, Callable[[Any], Any]] = {
    "domain": lambda value: text.choice("domain", value, WorksheetRow).value,
    "column": lambda value: text.choice("column", value, WorksheetColumn).value,
    "resource": lambda value: text.choice("resource", value, Resource).value,
    "statement": lambda value: text.text("statement", value, text.STATEMENT_MAX_CHARS),
    "in_own_words": bool,
}


def checked_fields(**given: Any) -> dict[str, Any]:
    """The given fields as recorded, each checked in the order given."""
    return {name: _CHECKS[name](value) for name, value in given.items()}


def checked_writer(written_by: str | None) -> str | None:
    """Who wrote the words: ``person``, ``worker``, or None where it was not said."""
    return None if written_by is None else text.choice("written_by", written_by, WrittenBy).value


def revision(
    strength: Mapping[str, Any], proposed: Mapping[str, Any], written_by: str | None
) -> tuple[dict[str, Any], str | None]:
    """The fields a revision changes, and who wrote it; refused if it changes nothing.

    Who wrote a strength follows its words: a revision that says who wrote it records that
    writer, and new words whose writer is not said leave the writer unknown (``StrengthRevised``).
    """
    given = checked_fields(**{name: value for name, value in proposed.items() if value is not None})
    writer = checked_writer(written_by)
    if not given and writer is None:
        raise InvalidInputError(
            "body", "give at least one of domain, column, resource, statement, in_own_words, written_by"
        )
    changes = {name: value for name, value in given.items() if strength[name] != value}
    if not changes and (writer is None or writer == strength.get("written_by")):
        raise RuleViolationError("no_change", "the revision changes nothing")
    return changes, writer


def writer_after(
    strength: Mapping[str, Any], changes: Mapping[str, Any], written_by: str | None
) -> str | None:
    """Who wrote the strength once revised (see :func:`revision`)."""
    if written_by is not None:
        return written_by
    return None if "statement" in changes else strength.get("written_by")


def checked_agreement(
    agreed_on: date, participants: Sequence[str], note: str | None, today: date, has_strengths: bool
) -> dict[str, Any]:
    """The worksheet's agreement with the person as recorded (manual, 4.3: "reaching a mutual
    agreement on the assessment"): on a day not yet to come, naming who agreed it, on a worksheet
    that holds something to agree."""
    if agreed_on > today:
        raise InvalidInputError("agreed_on", "an agreement cannot be recorded before it is made")
    named = text.names("participants", participants, text.PARTICIPANTS_MAX_ITEMS)
    if not named:
        raise InvalidInputError("participants", "name at least one participant")
    checked_note = text.optional_text("note", note, text.NOTE_MAX_CHARS)
    if not has_strengths:
        raise RuleViolationError(
            "worksheet_empty", "the worksheet holds no current strength yet: there is nothing to agree"
        )
    return {"agreed_on": agreed_on, "participants": named, "note": checked_note}
