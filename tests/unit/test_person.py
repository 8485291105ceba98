"""The Person aggregate: the event each command records, and the rules that refuse one.

Every test runs as ALICE (a worker in team north) unless it says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import Context
from datetime import date
from typing import Any

import pytest

from domain import text
from domain.actor import acting_as
from domain.errors import InvalidInputError, MissingActorError, RuleViolationError
from domain.person import Person
from domain.vocabulary import PersonStatus
from tests.conftest import ADMIN
from tests.unit.conftest import refused

BAD_TEXT = [
    pytest.param("", id="empty"),
    pytest.param(" \t\n ", id="blank"),
    pytest.param("I am\x00here", id="nul-character"),
    pytest.param("broken \ud800 text", id="lone-surrogate"),
]

VERBATIM_NAMES = [
    pytest.param("  Sam Okafor  ", id="surrounding-spaces"),
    pytest.param("Zoë 💃🏽", id="emoji"),
    pytest.param("سام أوكافور", id="right-to-left"),
    pytest.param("Zoe\u0308", id="decomposed-accent"),
]


def registered(**details: Any) -> Person:
    """A person registered in north, with the registration event already collected."""
    person = Person.register(**{"display_name": "Sam", "team_id": "north", **details})
    person.collect_events()
    return person


def discharged() -> Person:
    person = registered()
    person.discharge("moved away")
    person.collect_events()
    return person


def without_an_actor(command: Callable[..., Any], *args: Any) -> Any:
    """Run ``command`` in a fresh context, where no actor has been set."""
    return Context().run(command, *args)


# Registration


def test_registering_a_person_records_their_name_team_and_who_registered_them() -> None:
    person = Person.register("Sam Okafor", "north", key_worker_id="alice", external_ref="EHR:123/4")

    [event] = person.collect_events()
    assert isinstance(event, Person.PersonRegistered)
    assert event.display_name == "Sam Okafor"
    assert event.team_id == "north"
    assert event.key_worker_id == "alice"
    assert event.external_ref == "EHR:123/4"
    assert (event.actor_subject, event.actor_role) == ("alice", "worker")
    assert person.version == 1
    assert person.status is PersonStatus.ACTIVE
    assert not person.is_discharged
    assert person.working_agreement is None


def test_a_person_may_be_registered_without_key_worker_or_external_reference() -> None:
    person = Person.register("Sam", "north")

    [event] = person.collect_events()
    assert event.key_worker_id is None
    assert event.external_ref is None


def test_the_event_records_the_role_the_actor_acted_in() -> None:
    with acting_as(ADMIN):
        person = Person.register("Sam", "east")

    [event] = person.collect_events()
    assert (event.actor_subject, event.actor_role) == ("ada", "admin")


def test_registering_without_an_actor_is_refused() -> None:
    with pytest.raises(MissingActorError):
        without_an_actor(Person.register, "Sam", "north")


@pytest.mark.parametrize("name", VERBATIM_NAMES)
def test_a_display_name_is_kept_exactly_as_written(name: str) -> None:
    person = Person.register(name, "north")

    [event] = person.collect_events()
    assert event.display_name == name
    assert person.display_name == name


def test_a_display_name_at_the_limit_is_kept() -> None:
    name = "💃" * text.NAME_MAX_CHARS

    person = Person.register(name, "north")

    assert person.display_name == name


@pytest.mark.parametrize("name", [*BAD_TEXT, pytest.param("x" * (text.NAME_MAX_CHARS + 1), id="too-long")])
def test_an_unstorable_display_name_is_rejected_naming_the_field(name: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        Person.register(name, "north")

    assert error.value.field == "display_name"


@pytest.mark.parametrize(
    "field",
    ["team_id", "key_worker_id", "external_ref"],
)
@pytest.mark.parametrize(
    "reference",
    [
        pytest.param("", id="empty"),
        pytest.param("north team", id="space"),
        pytest.param("-north", id="leading-punctuation"),
        pytest.param("nörth", id="non-ascii"),
        pytest.param("n\x00", id="nul-character"),
        pytest.param("x" * (text.REFERENCE_MAX_CHARS + 1), id="too-long"),
    ],
)
def test_a_malformed_reference_is_rejected_naming_the_field(field: str, reference: str) -> None:
    details = {"display_name": "Sam", "team_id": "north", field: reference}

    with pytest.raises(InvalidInputError) as error:
        Person.register(**details)

    assert error.value.field == field


def test_references_may_use_the_documented_punctuation_up_to_the_limit() -> None:
    long_ref = "R" * text.REFERENCE_MAX_CHARS

    person = Person.register("Sam", "team.north-2", key_worker_id="alice@example.org", external_ref=long_ref)

    assert (person.team_id, person.key_worker_id, person.external_ref) == (
        "team.north-2",
        "alice@example.org",
        long_ref,
    )


# Key worker and team


def test_assigning_a_key_worker_records_the_previous_one() -> None:
    person = registered()

    person.assign_key_worker("alice")
    person.assign_key_worker("bob")

    first, second = person.collect_events()
    assert isinstance(first, Person.KeyWorkerAssigned)
    assert (first.worker_id, first.previous_worker_id) == ("alice", None)
    assert (second.worker_id, second.previous_worker_id) == ("bob", "alice")
    assert (second.actor_subject, second.actor_role) == ("alice", "worker")
    assert person.key_worker_id == "bob"
    assert person.version == 3


def test_assigning_the_current_key_worker_again_is_rejected() -> None:
    person = registered(key_worker_id="alice")

    with refused(person, error=RuleViolationError) as error:
        person.assign_key_worker("alice")

    assert error.value.rule == "no_change"


def test_assigning_a_malformed_worker_id_is_rejected() -> None:
    person = registered()

    with refused(person, error=InvalidInputError) as error:
        person.assign_key_worker("alice smith")

    assert error.value.field == "worker_id"


def test_transferring_a_person_records_the_team_they_left() -> None:
    person = registered()

    person.transfer("south")

    [event] = person.collect_events()
    assert isinstance(event, Person.PersonTransferred)
    assert (event.team_id, event.previous_team_id) == ("south", "north")
    assert (event.actor_subject, event.actor_role) == ("alice", "worker")
    assert person.team_id == "south"


def test_transferring_a_person_to_their_own_team_is_rejected() -> None:
    person = registered()

    with refused(person, error=RuleViolationError) as error:
        person.transfer("north")

    assert error.value.rule == "no_change"


@pytest.mark.parametrize("team_id", ["", "south team", "x" * (text.REFERENCE_MAX_CHARS + 1)])
def test_transferring_to_a_malformed_team_is_rejected(team_id: str) -> None:
    person = registered()

    with refused(person, error=InvalidInputError) as error:
        person.transfer(team_id)

    assert error.value.field == "team_id"


# Working agreement


def test_making_a_working_agreement_records_its_text_and_review_date() -> None:
    person = registered()

    person.make_working_agreement("We meet on Tuesdays at the café", review_by=date(2026, 3, 1))

    [event] = person.collect_events()
    assert isinstance(event, Person.WorkingAgreementMade)
    assert event.text == "We meet on Tuesdays at the café"
    assert event.review_by == date(2026, 3, 1)
    assert (event.actor_subject, event.actor_role) == ("alice", "worker")
    assert person.working_agreement == "We meet on Tuesdays at the café"
    assert person.working_agreement_review_by == date(2026, 3, 1)


def test_revisiting_the_working_agreement_keeps_each_version_as_an_event() -> None:
    person = registered()

    person.make_working_agreement("Weekly meetings", review_by=date(2026, 3, 1))
    person.make_working_agreement("Fortnightly meetings")

    first, second = person.collect_events()
    assert (first.text, first.review_by) == ("Weekly meetings", date(2026, 3, 1))
    assert (second.text, second.review_by) == ("Fortnightly meetings", None)
    assert person.working_agreement == "Fortnightly meetings"
    assert person.working_agreement_review_by is None


def test_a_working_agreement_at_the_limit_is_kept_verbatim() -> None:
    agreement = "  " + "ع" * (text.NOTE_MAX_CHARS - 4) + "\n\n"
    person = registered()

    person.make_working_agreement(agreement)

    [event] = person.collect_events()
    assert event.text == agreement
    assert len(event.text) == text.NOTE_MAX_CHARS


@pytest.mark.parametrize(
    "agreement", [*BAD_TEXT, pytest.param("x" * (text.NOTE_MAX_CHARS + 1), id="too-long")]
)
def test_an_unstorable_working_agreement_is_rejected_and_records_nothing(agreement: str) -> None:
    person = registered()

    with refused(person, error=InvalidInputError) as error:
        person.make_working_agreement(agreement)

    assert error.value.field == "text"


# Discharge


def test_discharging_a_person_records_the_reason_and_closes_their_journey() -> None:
    person = registered()

    person.discharge("Moved to another area 🏡")

    [event] = person.collect_events()
    assert isinstance(event, Person.PersonDischarged)
    assert event.reason == "Moved to another area 🏡"
    assert (event.actor_subject, event.actor_role) == ("alice", "worker")
    assert person.status is PersonStatus.DISCHARGED
    assert person.is_discharged


@pytest.mark.parametrize("reason", [*BAD_TEXT, pytest.param("x" * (text.NOTE_MAX_CHARS + 1), id="too-long")])
def test_discharging_without_a_storable_reason_is_rejected(reason: str) -> None:
    person = registered()

    with refused(person, error=InvalidInputError) as error:
        person.discharge(reason)

    assert error.value.field == "reason"
    assert not person.is_discharged


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(lambda p: p.assign_key_worker("bob"), id="assign_key_worker"),
        pytest.param(lambda p: p.transfer("south"), id="transfer"),
        pytest.param(lambda p: p.discharge("again"), id="discharge"),
        pytest.param(lambda p: p.make_working_agreement("Weekly"), id="make_working_agreement"),
    ],
)
def test_a_discharged_persons_journey_is_read_only(command: Callable[[Person], None]) -> None:
    person = discharged()

    with refused(person, error=RuleViolationError) as error:
        command(person)

    assert error.value.rule == "person_discharged"


def test_the_discharged_rule_is_checked_before_the_input() -> None:
    person = discharged()

    with refused(person, error=RuleViolationError) as error:
        person.make_working_agreement("")

    assert error.value.rule == "person_discharged"


# Who did it, and what errors say


def test_a_command_without_an_actor_is_refused_and_records_nothing() -> None:
    person = registered()

    with refused(person, error=MissingActorError):
        without_an_actor(person.transfer, "south")

    assert person.team_id == "north"


def test_error_messages_never_repeat_what_was_written() -> None:
    person = registered()

    with refused(person, error=InvalidInputError) as error:
        person.make_working_agreement("I hear voices at night\x00")

    assert "voices" not in str(error.value)
    assert "voices" not in error.value.message
