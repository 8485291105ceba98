"""Coaching conversations through the use cases, on each store (in memory, a SQLite file,
PostgreSQL): the goals and steps a conversation concerned, and the conversation a step was
agreed in, must be the same person's; a refused command writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from application.journeys import RecoveryJourneys
from domain.actor import acting_as
from domain.errors import InvalidInputError, JourneyError, NotPermittedError, PersonNotFoundError
from interfaces.runtime import Runtime
from tests.conftest import ALICE, BOB_SOUTH, SUPERVISOR
from tests.journeys import identify, plan, register

HELD = date(2026, 11, 20)


@pytest.fixture
def journeys(runtime_on_store: Runtime) -> Iterator[RecoveryJourneys]:
    with acting_as(ALICE):
        yield runtime_on_store.journeys


def talk(journeys: RecoveryJourneys, person: UUID, **details: Any) -> Any:
    fields: dict[str, Any] = {"participants": ["Sam", "alice"], "reflect": "Two classes went well"}
    return journeys.record_conversation(
        person, held_on=HELD, today=date(2026, 11, 28), **{**fields, **details}
    )


def event_count(journeys: RecoveryJourneys) -> int:
    return len(journeys.recorder.select_notifications(start=None, limit=10_000))


@contextmanager
def refused(journeys: RecoveryJourneys, error: type[JourneyError]) -> Iterator[pytest.ExceptionInfo[Any]]:
    before = event_count(journeys)
    with pytest.raises(error) as info:
        yield info
    assert event_count(journeys) == before, "a refused command wrote events"


def test_a_conversation_answers_its_own_id_and_the_persons_new_version(journeys: RecoveryJourneys) -> None:
    person = register(journeys)
    goal = identify(journeys, person)
    step = plan(journeys, goal)

    outcome = talk(journeys, person, goal_ids=[goal], step_ids=[step], commit_to_action="Ring the class")

    assert outcome.id not in (person, goal, step)
    recorded = list(journeys.events.get(person))[-1]
    assert (type(recorded).__name__, recorded.conversation_id) == ("CoachingConversationRecorded", outcome.id)
    assert (recorded.goal_ids, recorded.step_ids) == ([goal], [step])
    assert (recorded.reflect, recorded.commit_to_action) == ("Two classes went well", "Ring the class")
    assert outcome.version == journeys.repository.get(person).version == 2


@pytest.mark.parametrize(
    ("concerned", "field"),
    [
        ("goal of another person", "goal_ids[1]"),
        ("unknown goal", "goal_ids[1]"),
        ("a step given as a goal", "goal_ids[1]"),
        ("step of another person", "step_ids[0]"),
        ("unknown step", "step_ids[0]"),
    ],
)
def test_a_conversation_about_what_is_not_the_persons_writes_nothing_and_names_it(
    journeys: RecoveryJourneys, concerned: str, field: str
) -> None:
    person = register(journeys)
    goal = identify(journeys, person)
    own_step = plan(journeys, goal)
    kim = register(journeys, name="Kim")
    kims_goal = identify(journeys, kim)
    kims_step = plan(journeys, kims_goal)
    stranger = {
        "goal of another person": kims_goal,
        "unknown goal": uuid4(),
        "a step given as a goal": own_step,
        "step of another person": kims_step,
        "unknown step": uuid4(),
    }[concerned]
    details = (
        {"goal_ids": [goal, stranger]}
        if field.startswith("goal")
        else {"goal_ids": [goal], "step_ids": [stranger]}
    )

    with refused(journeys, InvalidInputError) as error:
        talk(journeys, person, **details)

    assert (error.value.field, error.value.message) == (field, f"is not a {field[:4]} of this person")


def test_a_conversation_with_a_person_of_another_team_is_not_found(
    journeys: RecoveryJourneys,
) -> None:
    person = register(journeys)

    with acting_as(BOB_SOUTH), refused(journeys, PersonNotFoundError):
        talk(journeys, person)


def test_a_supervisor_records_no_conversation(journeys: RecoveryJourneys) -> None:
    person = register(journeys)

    with acting_as(SUPERVISOR), refused(journeys, NotPermittedError):
        talk(journeys, person)


def test_a_step_agreed_in_a_conversation_keeps_its_id(journeys: RecoveryJourneys) -> None:
    person = register(journeys)
    goal = identify(journeys, person)
    conversation = talk(journeys, person, goal_ids=[goal]).id

    step = plan(journeys, goal, conversation_id=conversation)

    assert journeys.repository.get(step).conversation_id == conversation
    (planned,) = journeys.events.get(step)
    assert planned.conversation_id == conversation


@pytest.mark.parametrize("whose", ["another person's", "unknown", "a review's id"])
def test_a_step_cannot_name_a_conversation_not_held_with_the_same_person(
    journeys: RecoveryJourneys, whose: str
) -> None:
    person = register(journeys)
    goal = identify(journeys, person)
    kim = register(journeys, name="Kim")
    conversation = {
        "another person's": talk(journeys, kim).id,
        "unknown": uuid4(),
        "a review's id": journeys.hold_review(
            person,
            held_on=HELD,
            participants=["Sam"],
            summary="We looked back",
            goal_decisions=[],
            next_review_due=date(2027, 2, 20),
        ).id,
    }[whose]

    with refused(journeys, InvalidInputError) as error:
        plan(journeys, goal, conversation_id=conversation)

    assert error.value.field == "conversation_id"
