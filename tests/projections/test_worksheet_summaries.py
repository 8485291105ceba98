"""The timeline's words for the worksheet's own events: a row reviewed, the worksheet agreed, and
a strength marked with who wrote it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain.actor import acting_as
from domain.person import Person
from projections import journey
from projections.timeline import summarise
from tests.conftest import ALICE

TODAY = date(2026, 11, 28)


def walk(person: Person) -> Any:
    return person.identify_strength("health", "current", "internal", "I walk daily", True)


def last_summary(*commands: Callable[[Person], Any]) -> str:
    """The summary of the last event the commands record, after all before it were folded."""
    with acting_as(ALICE):
        person = Person.register("Sam", "north")
        doc = journey.new_document()
        for command in commands:
            command(person)
        events = person.collect_events()
    for event in events:
        journey.apply(doc, event)
    return summarise(events[-1], doc)


CASES = {
    "a life domain reviewed": (
        lambda p: p.review_strengths_domain("social_supports"),
        "Strengths worksheet reviewed: the social supports domain",
    ),
    "the anything-else row reviewed": (
        lambda p: p.review_strengths_domain("anything_else", "Nothing to add"),
        "Strengths worksheet reviewed: the “anything else” row",
    ),
    "agreed by one person": (
        lambda p: (walk(p), p.agree_strengths_worksheet(TODAY, ["Sam"], None, TODAY)),
        "Strengths worksheet agreed on 2026-11-28 by Sam",
    ),
    "agreed by two people": (
        lambda p: (walk(p), p.agree_strengths_worksheet(TODAY, ["Sam", "alice"], None, TODAY)),
        "Strengths worksheet agreed on 2026-11-28 by Sam and alice",
    ),
    "agreed by three people": (
        lambda p: (walk(p), p.agree_strengths_worksheet(TODAY, ["Sam", "alice", "Ayo"], None, TODAY)),
        "Strengths worksheet agreed on 2026-11-28 by Sam, alice and Ayo",
    ),
    "marked as written by the person": (
        lambda p: p.revise_strength(walk(p), written_by="person"),
        "Strength “I walk daily” marked as written by the person",
    ),
    "marked as written by the worker": (
        lambda p: p.revise_strength(walk(p), written_by="worker"),
        "Strength “I walk daily” marked as written by the worker",
    ),
}


@pytest.mark.parametrize(("command", "expected"), CASES.values(), ids=CASES.keys())
def test_the_worksheets_events_read_in_words(command: Callable[[Person], Any], expected: str) -> None:
    assert last_summary(command) == expected
