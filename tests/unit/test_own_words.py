"""Own words always said, who wrote it, and the person's preferred name and pronouns, in the domain.

Every test runs as ALICE (a worker in team north).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain import text
from domain.errors import InvalidInputError, RuleViolationError
from domain.goal import Goal
from domain.person import Person
from tests.unit.conftest import refused

GOAL = {
    "statement": "I want to dance again",
    "identified_by": "person",
    "orientation": "approach",
    "life_domain": "occupational",
    "responsibility": "person",
}


def registered(**naming: str | None) -> Person:
    person = Person.register("Sam Okafor", "north", **naming)
    person.collect_events()
    return person


def with_value(person: Person, written_by: str | None = "person") -> UUID:
    value_id = person.record_value("social_roles", "Being a good aunt", True, "conversational", written_by)
    person.collect_events()
    return value_id


# In own words: never assumed


@pytest.mark.parametrize("answer", [None, "yes", 1])
def test_a_goal_value_or_preference_whose_own_words_answer_is_not_true_or_false_is_refused(
    answer: Any,
) -> None:
    sam = registered()
    with pytest.raises(InvalidInputError) as goal:
        Goal.identify(sam, **GOAL, in_own_words=answer)
    with refused(sam, error=InvalidInputError) as value:
        sam.record_value("social_roles", "Being a good aunt", answer, "conversational")
    with refused(sam, error=InvalidInputError) as preference:
        sam.record_treatment_preference("Talk first", in_own_words=answer)

    assert [goal.value.field, value.value.field, preference.value.field] == ["in_own_words"] * 3


def test_new_words_for_a_value_must_say_whether_they_are_the_persons_own() -> None:
    sam = registered()
    value_id = with_value(sam)

    with refused(sam, error=InvalidInputError) as error:
        sam.revise_value(value_id, "Being there for my nieces", None)

    assert error.value.field == "in_own_words"


def test_a_revision_of_the_approach_alone_keeps_own_words_and_who_wrote_them() -> None:
    sam = registered()
    value_id = with_value(sam)

    sam.revise_value(value_id, "Being a good aunt", None, approach="visual")

    [event] = sam.collect_events()
    assert isinstance(event, Person.ValueRevised)
    assert (event.in_own_words, event.written_by, event.approach) == (True, "person", "visual")
    assert (event.previous_written_by, event.previous_approach) == ("person", "conversational")


def test_new_words_are_not_said_to_be_written_by_anyone_unless_given() -> None:
    sam = registered()
    value_id = with_value(sam)

    sam.revise_value(value_id, "Being there for my nieces", False)

    [event] = sam.collect_events()
    assert (event.in_own_words, event.written_by, event.previous_written_by) == (False, None, "person")
    assert sam.values[value_id]["written_by"] is None


# Who wrote it


def test_who_wrote_a_goal_value_or_preference_is_recorded_when_said() -> None:
    sam = registered()
    goal = Goal.identify(sam, **GOAL, in_own_words=True, written_by="person")
    sam.record_value("gender", "Being seen as I am", True, "narrative", "worker")
    sam.record_treatment_preference("Talk first", in_own_words=False, written_by="worker")
    unsaid = Goal.identify(sam, **GOAL, in_own_words=False)

    [identified] = goal.collect_events()
    [not_said] = unsaid.collect_events()
    value, preference = sam.collect_events()
    assert (identified.written_by, not_said.written_by) == ("person", None)
    assert (value.written_by, preference.written_by) == ("worker", "worker")


def test_who_wrote_it_is_a_person_or_a_worker_and_nobody_else() -> None:
    sam = registered()
    with pytest.raises(InvalidInputError) as error:
        Goal.identify(sam, **GOAL, in_own_words=True, written_by="family")
    assert error.value.field == "written_by"


# Preferred name and pronouns


def test_a_preferred_name_and_pronouns_given_at_registration_are_kept_verbatim() -> None:
    sam = Person.register("Sam Okafor", "north", preferred_name=" Sammy ", pronouns="they/them")

    [event] = sam.collect_events()
    assert isinstance(event, Person.PersonRegistered)
    assert (event.preferred_name, event.pronouns) == (" Sammy ", "they/them")
    assert (sam.preferred_name, sam.pronouns) == (" Sammy ", "they/them")


def test_a_preferred_name_recorded_later_keeps_the_previous_answer_in_the_event() -> None:
    sam = registered(preferred_name="Sammy")

    sam.record_preferred_name("Sam O", "he/him")

    [event] = sam.collect_events()
    assert isinstance(event, Person.PreferredNameRecorded)
    assert (event.preferred_name, event.pronouns) == ("Sam O", "he/him")
    assert (event.previous_preferred_name, event.previous_pronouns) == ("Sammy", None)
    assert (sam.preferred_name, sam.pronouns) == ("Sam O", "he/him")


def test_none_clears_a_preferred_name_and_pronouns() -> None:
    sam = registered(preferred_name="Sammy", pronouns="she/her")

    sam.record_preferred_name(None, None)

    assert (sam.preferred_name, sam.pronouns) == (None, None)


def test_the_same_preferred_name_and_pronouns_again_are_refused_as_no_change() -> None:
    sam = registered(preferred_name="Sammy")

    with refused(sam, error=RuleViolationError) as error:
        sam.record_preferred_name("Sammy", None)

    assert error.value.rule == "no_change"


@pytest.mark.parametrize(
    ("naming", "field"),
    [
        ({"preferred_name": "  ", "pronouns": None}, "preferred_name"),
        ({"preferred_name": None, "pronouns": "x" * (text.NAME_MAX_CHARS + 1)}, "pronouns"),
        ({"preferred_name": "Sa\x00m", "pronouns": None}, "preferred_name"),
    ],
)
def test_a_preferred_name_or_pronouns_that_cannot_be_stored_are_refused(
    naming: dict[str, str | None], field: str
) -> None:
    sam = registered()
    with refused(sam, error=InvalidInputError) as error:
        sam.record_preferred_name(**naming)
    assert error.value.field == field
    with pytest.raises(InvalidInputError):
        Person.register("Sam", "north", **naming)


def test_no_preferred_name_is_recorded_for_a_discharged_person() -> None:
    sam = registered()
    sam.discharge("Moved away")
    sam.collect_events()

    with refused(sam, error=RuleViolationError) as error:
        sam.record_preferred_name("Sammy", None)

    assert error.value.rule == "person_discharged"
