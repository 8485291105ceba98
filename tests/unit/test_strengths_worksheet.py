"""The worksheet as the manual draws it (4.3, Appendix 3): the anything-else row, who wrote a
strength, a row reviewed with the person, and the worksheet agreed with them.

Every test runs as ALICE (a worker in team north).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from domain.errors import InvalidInputError, RuleViolationError
from domain.person import Person
from tests.unit.conftest import refused

TODAY = date(2026, 11, 28)


def registered() -> Person:
    person = Person.register("Sam", "north")
    person.collect_events()
    return person


def strength_of(person: Person, domain: str = "health", written_by: str | None = None) -> Any:
    strength_id = person.identify_strength(domain, "current", "internal", "I walk daily", True, written_by)
    person.collect_events()
    return strength_id


def test_a_strength_may_sit_in_the_anything_else_row() -> None:
    person = registered()
    person.identify_strength("anything_else", "current", "internal", "I make people laugh", True)

    (event,) = person.collect_events()
    assert isinstance(event, Person.StrengthIdentified)
    assert event.domain == "anything_else"


def test_a_strength_records_who_wrote_it_or_none_where_it_was_not_said() -> None:
    person = registered()
    person.identify_strength("health", "current", "internal", "I walk daily", True, "person")
    person.identify_strength("health", "current", "internal", "I swim", True)

    said, unsaid = person.collect_events()
    assert isinstance(said, Person.StrengthIdentified) and isinstance(unsaid, Person.StrengthIdentified)
    assert (said.written_by, unsaid.written_by) == ("person", None)


def test_an_unknown_writer_is_refused_naming_the_field() -> None:
    person = registered()
    with refused(person, error=InvalidInputError) as info:
        person.identify_strength("health", "current", "internal", "I walk daily", True, "family")
    assert info.value.field == "written_by"


@pytest.mark.parametrize(
    ("identified_by", "revision", "writer_after"),
    [
        ("person", {"resource": "external"}, "person"),
        ("person", {"statement": "I walk every day"}, None),
        ("person", {"statement": "I walk every day", "written_by": "worker"}, "worker"),
        (None, {"written_by": "person"}, "person"),
    ],
    ids=[
        "a revision of other fields keeps the writer",
        "new words whose writer is not said leave it unknown",
        "a revision saying who wrote it records that writer",
        "a revision may say only who wrote it",
    ],
)
def test_who_wrote_a_strength_follows_its_words(
    identified_by: str | None, revision: dict[str, Any], writer_after: str | None
) -> None:
    person = registered()
    strength_id = strength_of(person, written_by=identified_by)
    person.revise_strength(strength_id, **revision)

    (event,) = person.collect_events()
    assert isinstance(event, Person.StrengthRevised)
    assert event.written_by == revision.get("written_by")
    assert person.strengths[strength_id]["written_by"] == writer_after


def test_a_revision_naming_the_writer_it_already_has_and_nothing_else_is_refused() -> None:
    person = registered()
    strength_id = strength_of(person, written_by="person")
    with refused(person, error=RuleViolationError) as info:
        person.revise_strength(strength_id, written_by="person")
    assert info.value.rule == "no_change"


def test_a_row_reviewed_with_the_person_is_recorded_with_its_note() -> None:
    person = registered()
    person.review_strengths_domain("anything_else", "Nothing to add for now")

    (event,) = person.collect_events()
    assert isinstance(event, Person.StrengthsDomainReviewed)
    assert (event.domain, event.note) == ("anything_else", "Nothing to add for now")


def test_a_review_of_a_row_not_on_the_worksheet_is_refused_naming_the_field() -> None:
    person = registered()
    with refused(person, error=InvalidInputError) as info:
        person.review_strengths_domain("hobbies")
    assert info.value.field == "domain"


def test_agreeing_the_worksheet_records_the_day_and_who_took_part() -> None:
    person = registered()
    strength_of(person)
    person.agree_strengths_worksheet(TODAY - timedelta(days=2), ["Sam", "alice"], None, TODAY)

    (event,) = person.collect_events()
    assert isinstance(event, Person.WorksheetAgreed)
    assert (event.agreed_on, event.participants, event.note) == (
        TODAY - timedelta(days=2),
        ["Sam", "alice"],
        None,
    )


@pytest.mark.parametrize(
    ("agreed_on", "participants", "field"),
    [
        (TODAY + timedelta(days=1), ["Sam"], "agreed_on"),
        (TODAY, [], "participants"),
        (TODAY, ["Sam", " "], "participants[1]"),
    ],
    ids=["a day to come", "no one named", "a blank name"],
)
def test_an_agreement_that_cannot_be_true_is_refused_naming_the_field(
    agreed_on: date, participants: list[str], field: str
) -> None:
    person = registered()
    strength_of(person)
    with refused(person, error=InvalidInputError) as info:
        person.agree_strengths_worksheet(agreed_on, participants, None, TODAY)
    assert info.value.field == field


def test_an_empty_worksheet_cannot_be_agreed() -> None:
    person = registered()
    removed = strength_of(person)
    person.remove_strength(removed)
    person.collect_events()
    with refused(person, error=RuleViolationError) as info:
        person.agree_strengths_worksheet(TODAY, ["Sam"], None, TODAY)
    assert info.value.rule == "worksheet_empty"


def test_nothing_is_reviewed_or_agreed_once_the_person_is_discharged() -> None:
    person = registered()
    strength_of(person)
    person.discharge("Moved away")
    person.collect_events()
    with refused(person, error=RuleViolationError):
        person.review_strengths_domain("health")
    with refused(person, error=RuleViolationError):
        person.agree_strengths_worksheet(TODAY, ["Sam"], None, TODAY)
