"""A coaching conversation with the person: when, who took part, what it concerned, and short
notes on each stage of the REACH conversation (manual, 2.6 Coaching and "REACH - The Coaching
for Recovery approach"; 5.3 principle 1, goal-striving is supported by coaching).

The person records the conversation (``Person.record_conversation``); the rules on what it
holds live here. The goals and steps it concerned are aggregates of their own, which the
use case loads and checks are this person's (:func:`check_concerns`), as a review does with
the goals it decides on. Steps agreed in the conversation name it when they are planned
(:func:`check_held_with`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from domain import text
from domain.errors import InvalidInputError

#: The stages of a REACH conversation after dynamic contracting, in the order they are held.
REACH_STAGES = ("reflect", "explore", "agree_outcomes", "commit_to_action", "hold_to_account")
#: Goals, and steps, one conversation can concern.
CONCERNS_MAX_ITEMS = 50


class _PersonsPart(Protocol):
    @property
    def person_id(self) -> UUID: ...


class _Person(Protocol):
    @property
    def conversations(self) -> set[UUID]: ...


def checked_conversation(
    *,
    held_on: date,
    today: date,
    participants: Sequence[str],
    goal_ids: Sequence[UUID],
    step_ids: Sequence[UUID],
    notes: Mapping[str, str | None],
) -> dict[str, Any]:
    """The conversation's fields as recorded: every REACH note is optional, but a conversation
    records at least what it concerned or one note."""
    if held_on > today:
        raise InvalidInputError("held_on", "a conversation cannot be recorded before it is held")
    checked: dict[str, Any] = {
        "held_on": held_on,
        "participants": text.names("participants", participants, text.PARTICIPANTS_MAX_ITEMS),
        "goal_ids": _ids("goal_ids", goal_ids),
        "step_ids": _ids("step_ids", step_ids),
    }
    for stage in notes:
        if stage not in REACH_STAGES:
            raise InvalidInputError(stage, "is not a stage of a REACH conversation")
    for stage in REACH_STAGES:
        checked[stage] = text.optional_text(stage, notes.get(stage), text.STATEMENT_MAX_CHARS)
    if not (checked["goal_ids"] or checked["step_ids"] or any(checked[s] for s in REACH_STAGES)):
        raise InvalidInputError(
            "body", "say what the conversation concerned (goal_ids, step_ids) or note one of its stages"
        )
    return checked


def check_concerns(person_id: UUID, found: _PersonsPart | None, field: str, kind: str) -> None:
    """A goal or step the conversation concerned, which must be one of the person's (None: none such)."""
    if found is None or found.person_id != person_id:
        raise InvalidInputError(field, f"is not a {kind} of this person")


def check_held_with(person: _Person, conversation_id: UUID) -> None:
    """A step agreed in a conversation names one held with the same person."""
    if conversation_id not in person.conversations:
        raise InvalidInputError("conversation_id", "is not a coaching conversation with this person")


def _ids(field: str, ids: Sequence[UUID]) -> list[UUID]:
    if len(ids) > CONCERNS_MAX_ITEMS:
        raise InvalidInputError(field, f"must have at most {CONCERNS_MAX_ITEMS} items")
    if len(set(ids)) != len(ids):
        raise InvalidInputError(field, "names each one once")
    return list(ids)
