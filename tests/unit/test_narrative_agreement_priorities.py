"""Narrative entries revised and withdrawn, the working agreement in the manual's parts, and the
person's order of their goals: what each command records, and what it refuses.

Every test runs as ALICE (a worker in team north).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest

from domain.errors import InvalidInputError, NarrativeEntryNotFoundError, RuleViolationError
from domain.person import Person
from domain.priorities import GOALS_MAX_ITEMS
from tests.unit.conftest import refused

TODAY = date(2026, 11, 20)


def registered() -> Person:
    person = Person.register("Sam", "north")
    person.collect_events()
    return person


def with_entry(person: Person, written_by: str | None = "person") -> Any:
    entry_id = person.add_narrative_entry("I grew up by the sea", ["home"], written_by)
    person.collect_events()
    return entry_id


# Narrative entries


@pytest.mark.parametrize("written_by", ["person", "worker", None])
def test_a_narrative_entry_says_who_wrote_it_or_that_it_was_not_said(written_by: str | None) -> None:
    sam = registered()

    entry_id = sam.add_narrative_entry("I grew up by the sea", ["home"], written_by)

    [event] = sam.collect_events()
    assert isinstance(event, Person.NarrativeEntryAdded)
    assert (event.entry_id, event.written_by) == (entry_id, written_by)
    assert sam.narrative[entry_id]["current"] is True


def test_a_narrative_entry_written_by_someone_else_is_refused() -> None:
    sam = registered()
    with refused(sam, error=InvalidInputError) as error:
        sam.add_narrative_entry("I grew up by the sea", [], "family")
    assert error.value.field == "written_by"


def test_revising_a_narrative_entry_records_the_new_and_previous_words_and_themes() -> None:
    sam = registered()
    entry_id = with_entry(sam)

    sam.revise_narrative_entry(entry_id, "I grew up by the sea in Lagos", ["home", "family"], "worker")

    [event] = sam.collect_events()
    assert isinstance(event, Person.NarrativeEntryRevised)
    assert (event.text, event.themes, event.written_by) == (
        "I grew up by the sea in Lagos",
        ["home", "family"],
        "worker",
    )
    assert (event.previous_text, event.previous_themes, event.previous_written_by) == (
        "I grew up by the sea",
        ["home"],
        "person",
    )


def test_what_a_revision_does_not_give_stays_as_it_was() -> None:
    sam = registered()
    entry_id = with_entry(sam)

    sam.revise_narrative_entry(entry_id, themes=["the sea"])

    [event] = sam.collect_events()
    assert (event.text, event.themes, event.written_by) == ("I grew up by the sea", ["the sea"], "person")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({}, "body"),
        ({"entry": "   "}, "text"),
        ({"themes": ["  "]}, "themes[0]"),
        ({"written_by": "the person's sister"}, "written_by"),
    ],
    ids=["nothing", "blank text", "a blank theme", "an unknown writer"],
)
def test_a_revision_that_is_malformed_or_gives_nothing_is_refused(change: dict[str, Any], field: str) -> None:
    sam = registered()
    entry_id = with_entry(sam)

    with refused(sam, error=InvalidInputError) as error:
        sam.revise_narrative_entry(entry_id, **change)

    assert error.value.field == field


def test_a_revision_that_changes_nothing_is_refused() -> None:
    sam = registered()
    entry_id = with_entry(sam)

    with refused(sam, error=RuleViolationError) as error:
        sam.revise_narrative_entry(entry_id, "I grew up by the sea", ["home"], "person")

    assert error.value.rule == "no_change"


def test_a_withdrawn_entry_stays_in_the_history_and_is_neither_revised_nor_withdrawn_again() -> None:
    sam = registered()
    entry_id = with_entry(sam)

    sam.withdraw_narrative_entry(entry_id)
    [event] = sam.collect_events()
    assert isinstance(event, Person.NarrativeEntryWithdrawn)
    assert sam.narrative[entry_id]["current"] is False

    for command in (
        lambda: sam.revise_narrative_entry(entry_id, "Something else"),
        lambda: sam.withdraw_narrative_entry(entry_id),
    ):
        with refused(sam, error=RuleViolationError) as error:
            command()
        assert error.value.rule == "narrative_entry_withdrawn"


def test_an_unknown_narrative_entry_is_not_found() -> None:
    sam = registered()
    with_entry(sam)
    for command in (
        lambda: sam.revise_narrative_entry(uuid4(), "Something else"),
        lambda: sam.withdraw_narrative_entry(uuid4()),
    ):
        with refused(sam, error=NarrativeEntryNotFoundError):
            command()


# The working agreement (dynamic contracting)

PARTS = {
    "expectations": "Sam wants straight answers",
    "how_we_work": "Sam sets the agenda",
    "differences": "We talk it through at the next meeting",
    "practicalities": "Tuesdays at 10",
}


def test_a_working_agreement_in_the_manuals_parts_records_each_part_and_the_persons_agreement() -> None:
    sam = registered()

    sam.make_working_agreement(
        None, date(2027, 3, 1), parts=PARTS, agreed_by_person=True, agreed_on=TODAY, today=TODAY
    )

    [event] = sam.collect_events()
    assert isinstance(event, Person.WorkingAgreementMade)
    assert event.text is None
    assert {name: getattr(event, name) for name in PARTS} == PARTS
    assert (event.review_by, event.agreed_by_person, event.agreed_on) == (date(2027, 3, 1), True, TODAY)
    assert (sam.working_agreement_made, sam.working_agreement_agreed) == (True, True)


def test_the_person_agreeing_without_a_date_agreed_today() -> None:
    sam = registered()
    sam.make_working_agreement(
        "Weekly", parts={"practicalities": "At home"}, agreed_by_person=True, today=TODAY
    )
    [event] = sam.collect_events()
    assert event.agreed_on == TODAY


def test_an_agreement_the_person_has_not_agreed_to_has_no_date_of_agreement() -> None:
    sam = registered()
    sam.make_working_agreement("Weekly", today=TODAY)
    [event] = sam.collect_events()
    assert (event.text, event.agreed_by_person, event.agreed_on) == ("Weekly", False, None)
    assert {name: getattr(event, name) for name in PARTS} == dict.fromkeys(PARTS)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({}, "text"),
        ({"parts": {"expectations": None, "differences": None}}, "text"),
        ({"parts": {"differences": "  "}}, "differences"),
        ({"agreement": "Weekly", "agreed_on": TODAY}, "agreed_on"),
        (
            {"agreement": "Weekly", "agreed_by_person": True, "agreed_on": TODAY + timedelta(days=1)},
            "agreed_on",
        ),
    ],
    ids=["nothing at all", "only empty parts", "a blank part", "a date without agreement", "a future date"],
)
def test_an_agreement_without_words_or_with_a_date_that_cannot_be_is_refused(
    arguments: dict[str, Any], field: str
) -> None:
    sam = registered()
    with refused(sam, error=InvalidInputError) as error:
        sam.make_working_agreement(**arguments, today=TODAY)
    assert error.value.field == field


def test_the_person_agrees_to_the_agreement_as_it_stands_once() -> None:
    sam = registered()
    with refused(sam, error=RuleViolationError) as error:
        sam.agree_working_agreement(today=TODAY)
    assert error.value.rule == "no_working_agreement"

    sam.make_working_agreement("Weekly", today=TODAY)
    sam.agree_working_agreement(date(2026, 11, 19), today=TODAY)
    [_, agreed] = sam.collect_events()
    assert isinstance(agreed, Person.WorkingAgreementAgreed)
    assert agreed.agreed_on == date(2026, 11, 19)

    with refused(sam, error=RuleViolationError) as error:
        sam.agree_working_agreement(today=TODAY)
    assert error.value.rule == "no_change"

    sam.make_working_agreement("Fortnightly", today=TODAY)
    assert sam.working_agreement_agreed is False, "an agreement made again asks for agreement again"


def test_the_person_cannot_have_agreed_on_a_day_still_to_come() -> None:
    sam = registered()
    sam.make_working_agreement("Weekly", today=TODAY)
    sam.collect_events()
    with refused(sam, error=InvalidInputError) as error:
        sam.agree_working_agreement(TODAY + timedelta(days=1), today=TODAY)
    assert error.value.field == "agreed_on"


# The person's order of their goals


def test_the_persons_order_of_goals_is_recorded_and_the_same_order_again_is_refused() -> None:
    sam = registered()
    first, second = uuid4(), uuid4()

    sam.prioritise_goals([second, first])

    [event] = sam.collect_events()
    assert isinstance(event, Person.GoalsPrioritised)
    assert event.goal_ids == [second, first]
    with refused(sam, error=RuleViolationError) as error:
        sam.prioritise_goals([second, first])
    assert error.value.rule == "no_change"


@pytest.mark.parametrize(
    ("goal_ids", "field"),
    [
        (lambda a, b: [a, b, a], "goal_ids[2]"),
        (lambda a, b: [a] * 2, "goal_ids[1]"),
        (lambda a, b: [uuid4() for _ in range(GOALS_MAX_ITEMS + 1)], "goal_ids"),
    ],
    ids=["a goal named twice", "the same goal twice in a row", "too many goals"],
)
def test_an_order_naming_a_goal_twice_or_too_many_goals_is_refused(goal_ids: Any, field: str) -> None:
    sam = registered()
    with refused(sam, error=InvalidInputError) as error:
        sam.prioritise_goals(goal_ids(uuid4(), uuid4()))
    assert error.value.field == field


@pytest.mark.parametrize(
    "command",
    [
        lambda p: p.add_narrative_entry("I grew up by the sea"),
        lambda p: p.make_working_agreement("Weekly"),
        lambda p: p.prioritise_goals([uuid4()]),
    ],
    ids=["add_narrative_entry", "make_working_agreement", "prioritise_goals"],
)
def test_nothing_is_recorded_on_a_discharged_persons_journey(command: Any) -> None:
    sam = registered()
    sam.discharge("Moved away")
    sam.collect_events()
    with refused(sam, error=RuleViolationError) as error:
        command(sam)
    assert error.value.rule == "person_discharged"
