"""The person's values, life maps and strengths: what each command records, and what it refuses.

Every test runs as ALICE (a worker in team north) unless it says otherwise.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain import text
from domain.errors import InvalidInputError, RuleViolationError, StrengthNotFoundError
from domain.goal import Goal
from domain.person import Person
from tests.unit.conftest import refused


def registered() -> Person:
    person = Person.register("Sam", "north")
    person.collect_events()
    return person


def with_value(person: Person) -> UUID:
    value_id = person.record_value("social_roles", "Being a good aunt", True, "conversational")
    person.collect_events()
    return value_id


def with_strength(person: Person) -> UUID:
    strength_id = person.identify_strength("social_supports", "current", "external", "My sister nearby", True)
    person.collect_events()
    return strength_id


# Values


def test_revising_a_value_records_the_new_and_previous_wording() -> None:
    sam = registered()
    value_id = with_value(sam)

    sam.revise_value(value_id, "Being there for my nieces", True, approach="narrative")

    [event] = sam.collect_events()
    assert isinstance(event, Person.ValueRevised)
    assert (event.statement, event.in_own_words, event.approach) == (
        "Being there for my nieces",
        True,
        "narrative",
    )
    assert (event.previous_statement, event.previous_in_own_words, event.previous_approach) == (
        "Being a good aunt",
        True,
        "conversational",
    )
    assert sam.values[value_id]["statement"] == "Being there for my nieces"


def test_revising_a_value_to_what_it_already_says_is_refused() -> None:
    sam = registered()
    value_id = with_value(sam)

    with refused(sam, error=RuleViolationError) as error:
        sam.revise_value(value_id, "Being a good aunt", in_own_words=True, approach="conversational")

    assert error.value.rule == "no_change"


def test_a_withdrawn_value_is_neither_revised_nor_linked() -> None:
    sam = registered()
    value_id = with_value(sam)
    sam.withdraw_value(value_id)
    sam.collect_events()

    with refused(sam, error=RuleViolationError) as error:
        sam.revise_value(value_id, "Being there for my nieces", True)
    assert error.value.rule == "value_withdrawn"

    with pytest.raises(InvalidInputError) as invalid:
        sam.check_links([value_id], [])
    assert invalid.value.field == "value_ids[0]"


# Life maps


def test_a_life_map_records_every_field_of_each_entry_with_the_ones_left_out_as_none() -> None:
    sam = registered()

    sam.draw_life_map("relationships", [{"label": "My sister Ayo", "group": "family"}, {"label": "Choir"}])

    [event] = sam.collect_events()
    assert isinstance(event, Person.LifeMapDrawn)
    assert event.kind == "relationships"
    assert event.entries == [
        {"label": "My sister Ayo", "detail": None, "group": "family", "when": None},
        {"label": "Choir", "detail": None, "group": None, "when": None},
    ]


@pytest.mark.parametrize(
    ("entries", "field"),
    [
        pytest.param(
            [{"label": "Ayo"}, {"detail": "We met at the choir"}], "entries[1].label", id="no-label"
        ),
        pytest.param([{"label": "  "}], "entries[0].label", id="blank-label"),
        pytest.param([{"label": "Ayo", "colour": "green"}], "entries[0]", id="unknown-field"),
        pytest.param(
            [{"label": "Ayo", "when": "x" * (text.STATEMENT_MAX_CHARS + 1)}],
            "entries[0].when",
            id="long-when",
        ),
        pytest.param([{"label": "Ayo"}] * (text.LIFE_MAP_MAX_ENTRIES + 1), "entries", id="too-many"),
    ],
)
def test_a_life_map_entry_that_cannot_be_stored_is_refused_naming_where(
    entries: list[dict[str, Any]], field: str
) -> None:
    sam = registered()

    with refused(sam, error=InvalidInputError) as error:
        sam.draw_life_map("relationships", entries)

    assert error.value.field == field


# Strengths


def test_identifying_a_strength_records_where_it_sits_on_the_worksheet() -> None:
    sam = registered()

    strength_id = sam.identify_strength("health", "past_resource", "internal", "I used to swim", False)

    [event] = sam.collect_events()
    assert isinstance(event, Person.StrengthIdentified)
    assert event.strength_id == strength_id
    assert (event.domain, event.column, event.resource) == ("health", "past_resource", "internal")
    assert (event.statement, event.in_own_words) == ("I used to swim", False)


@pytest.mark.parametrize("field", ["domain", "column", "resource"])
def test_a_strength_outside_the_worksheet_is_refused_naming_the_field(field: str) -> None:
    sam = registered()
    fields = {
        "domain": "health",
        "column": "current",
        "resource": "internal",
        "statement": "I swim",
        "in_own_words": True,
    }

    with refused(sam, error=InvalidInputError) as error:
        sam.identify_strength(**{**fields, field: "elsewhere"})

    assert error.value.field == field


def test_revising_a_strength_records_only_what_changed_and_what_it_was() -> None:
    sam = registered()
    strength_id = with_strength(sam)

    sam.revise_strength(strength_id, column="current", resource="internal", statement=None)

    [event] = sam.collect_events()
    assert isinstance(event, Person.StrengthRevised)
    assert (event.changes, event.previous) == ({"resource": "internal"}, {"resource": "external"})
    assert sam.strengths[strength_id]["resource"] == "internal"


@pytest.mark.parametrize(
    ("proposed", "field"),
    [
        pytest.param({}, "body", id="nothing-given"),
        pytest.param({"statement": None}, "body", id="only-none-given"),
        pytest.param({"column": "someday"}, "column", id="unknown-column"),
        pytest.param({"statement": "\x00"}, "statement", id="nul-statement"),
    ],
)
def test_a_strength_revision_with_nothing_storable_is_refused_naming_the_field(
    proposed: dict[str, Any], field: str
) -> None:
    sam = registered()
    strength_id = with_strength(sam)

    with refused(sam, error=InvalidInputError) as error:
        sam.revise_strength(strength_id, **proposed)

    assert error.value.field == field


def test_a_strength_revision_that_changes_nothing_is_refused() -> None:
    sam = registered()
    strength_id = with_strength(sam)

    with refused(sam, error=RuleViolationError) as error:
        sam.revise_strength(strength_id, column="current", in_own_words=True)

    assert error.value.rule == "no_change"


def test_a_removed_strength_stays_known_but_is_not_revised_or_linked() -> None:
    sam = registered()
    strength_id = with_strength(sam)
    sam.remove_strength(strength_id)
    sam.collect_events()

    with refused(sam, error=RuleViolationError) as error:
        sam.revise_strength(strength_id, statement="My sister, when she visits")
    assert error.value.rule == "strength_removed"

    with pytest.raises(InvalidInputError) as invalid:
        Goal.identify(
            sam,
            statement="See my sister more",
            identified_by="person",
            orientation="approach",
            life_domain="social_supports",
            responsibility="person",
            in_own_words=True,
            strength_ids=[strength_id],
        )
    assert invalid.value.field == "strength_ids[0]"


def test_a_strength_the_person_never_had_is_not_found() -> None:
    sam = registered()

    with refused(sam, error=StrengthNotFoundError):
        sam.remove_strength(UUID(int=7))
