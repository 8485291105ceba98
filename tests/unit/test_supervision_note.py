"""A supervision note on its own: added, revised and retracted by its author, with history."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import uuid4

import pytest

from domain import text
from domain.actor import Actor, Role, acting_as
from domain.errors import InvalidInputError, NotPermittedError, RuleViolationError
from domain.supervision import SupervisionNote
from tests.conftest import SUPERVISOR

OTHER_SUPERVISOR = Actor("sam-sup", Role.SUPERVISOR, frozenset({"north"}))


@pytest.fixture(autouse=True)
def as_supervisor() -> Iterator[None]:
    with acting_as(SUPERVISOR):
        yield


def added() -> SupervisionNote:
    note = SupervisionNote.add(uuid4(), 7, "Notice how the passive step became joint")
    note.collect_events()
    return note


def test_a_note_records_who_pinned_what_to_which_event() -> None:
    person = uuid4()
    note = SupervisionNote.add(person, 7, "Notice how the passive step became joint")
    [event] = note.collect_events()
    assert type(event).__name__ == "SupervisionNoteAdded"
    assert (event.person_id, event.position, event.text) == (person, 7, note.text)  # type: ignore[attr-defined]
    assert (event.actor_subject, event.actor_role) == ("sue", "supervisor")  # type: ignore[attr-defined]
    assert note.author == "sue"


@pytest.mark.parametrize(
    ("position", "words"), [(0, "fine"), (3, "   "), (3, "x" * (text.NOTE_MAX_CHARS + 1))]
)
def test_a_note_needs_an_event_and_storable_words(position: int, words: str) -> None:
    with pytest.raises(InvalidInputError):
        SupervisionNote.add(uuid4(), position, words)


def test_revising_keeps_what_was_said_before() -> None:
    note = added()
    note.revise("Ask the worker what made the difference")
    [revised] = note.collect_events()
    assert revised.previous_text == "Notice how the passive step became joint"  # type: ignore[attr-defined]
    assert note.text == "Ask the worker what made the difference"


def test_only_the_author_changes_a_note_and_a_retracted_note_stays_retracted() -> None:
    note = added()
    with acting_as(OTHER_SUPERVISOR), pytest.raises(NotPermittedError):
        note.revise("Not mine to change")
    note.retract("Discussed in person")
    assert note.retracted
    with pytest.raises(RuleViolationError) as error:
        note.revise("Too late")
    assert error.value.rule == "note_retracted"
    assert [type(e).__name__ for e in note.collect_events()] == ["SupervisionNoteRetracted"]


def test_revising_to_the_same_words_changes_nothing() -> None:
    note = added()
    with pytest.raises(RuleViolationError) as error:
        note.revise("Notice how the passive step became joint")
    assert error.value.rule == "no_change"
    assert note.collect_events() == []
