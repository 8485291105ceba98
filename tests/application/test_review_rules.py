"""The review's rules through the use case, on each store (in memory, a SQLite file, PostgreSQL).

A refused review writes nothing, and its error names the decision it is about.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from application.journeys import RecoveryJourneys
from domain.actor import acting_as
from domain.errors import InvalidInputError, JourneyError, RuleViolationError
from domain.text import DECISIONS_MAX_ITEMS
from interfaces.runtime import Runtime
from tests.conftest import ALICE
from tests.journeys import identify, register

HELD = date(2026, 11, 20)


@pytest.fixture
def journeys(runtime_on_store: Runtime) -> RecoveryJourneys:
    return runtime_on_store.journeys


def hold(journeys: RecoveryJourneys, person: UUID, decisions: list[dict[str, Any]]) -> Any:
    with acting_as(ALICE):
        return journeys.hold_review(
            person,
            held_on=HELD,
            participants=["Sam"],
            summary="We looked back together",
            goal_decisions=decisions,
            next_review_due=date(2027, 2, 20),
            today=date(2026, 11, 28),
        )


def event_count(journeys: RecoveryJourneys) -> int:
    return len(journeys.recorder.select_notifications(start=None, limit=10_000))


@contextmanager
def refused(journeys: RecoveryJourneys, error: type[JourneyError]) -> Iterator[pytest.ExceptionInfo[Any]]:
    before = event_count(journeys)
    with pytest.raises(error) as info:
        yield info
    assert event_count(journeys) == before, "a refused review wrote events"


def test_a_review_answers_its_own_id_and_the_persons_new_version(journeys: RecoveryJourneys) -> None:
    with acting_as(ALICE):
        person = register(journeys)
        goal = identify(journeys, person)

    outcome = hold(journeys, person, [{"goal_id": goal, "decision": "pause", "note": "After the move"}])

    assert outcome.id not in (person, goal)
    held = list(journeys.events.get(person))[-1]
    assert (type(held).__name__, held.review_id) == ("ReviewHeld", outcome.id)
    assert outcome.version == journeys.repository.get(person).version == 2
    assert [type(e).__name__ for e in journeys.events.get(goal)][1:] == ["GoalReviewed", "GoalPaused"]


def test_more_decisions_than_a_review_takes_are_refused(journeys: RecoveryJourneys) -> None:
    with acting_as(ALICE):
        person = register(journeys)
    too_many = [{"goal_id": uuid4(), "decision": "continue"}] * (DECISIONS_MAX_ITEMS + 1)

    with refused(journeys, InvalidInputError) as error:
        hold(journeys, person, too_many)

    assert (error.value.field, error.value.message) == (
        "goal_decisions",
        f"must have at most {DECISIONS_MAX_ITEMS} items",
    )


def test_a_second_decision_on_the_same_goal_is_refused(journeys: RecoveryJourneys) -> None:
    with acting_as(ALICE):
        person = register(journeys)
        goal = identify(journeys, person)

    with refused(journeys, InvalidInputError) as error:
        hold(
            journeys,
            person,
            [{"goal_id": goal, "decision": "pause", "note": "x"}, {"goal_id": goal, "decision": "achieved"}],
        )

    assert (error.value.field, error.value.message) == (
        "goal_decisions",
        "decide on each goal once per review",
    )


def test_a_decision_on_another_persons_goal_is_refused_and_named(journeys: RecoveryJourneys) -> None:
    with acting_as(ALICE):
        person = register(journeys)
        own = identify(journeys, person)
        someone_elses = identify(journeys, register(journeys, name="Kim"))

    with refused(journeys, InvalidInputError) as error:
        hold(
            journeys,
            person,
            [{"goal_id": own, "decision": "continue"}, {"goal_id": someone_elses, "decision": "continue"}],
        )

    assert (error.value.field, error.value.message) == (
        "goal_decisions[1].goal_id",
        "is not a goal of this person",
    )


@pytest.mark.parametrize(
    ("closing", "decision", "detail"),
    [
        ("pause_goal", "pause", "cannot decide 'pause' for a goal that is paused: it must be active"),
        (
            "achieve_goal",
            "continue",
            "cannot decide 'continue' for a goal that is achieved: it must be active or paused",
        ),
    ],
    ids=["one-state-accepted", "two-states-accepted"],
)
def test_a_decision_the_goals_state_does_not_accept_is_refused_and_named(
    journeys: RecoveryJourneys, closing: str, decision: str, detail: str
) -> None:
    with acting_as(ALICE):
        person = register(journeys)
        fine, changed = identify(journeys, person), identify(journeys, person, statement="Cook")
        getattr(journeys, closing)(changed)

    with refused(journeys, RuleViolationError) as error:
        hold(
            journeys,
            person,
            [{"goal_id": fine, "decision": "continue"}, {"goal_id": changed, "decision": decision}],
        )

    assert (error.value.rule, error.value.detail) == ("goal_status", f"goal_decisions[1]: {detail}")


def test_discontinuing_without_a_reason_is_refused_and_named(journeys: RecoveryJourneys) -> None:
    with acting_as(ALICE):
        person = register(journeys)
        goal = identify(journeys, person)

    with refused(journeys, InvalidInputError) as error:
        hold(journeys, person, [{"goal_id": goal, "decision": "discontinue"}])

    assert (error.value.field, error.value.message) == (
        "goal_decisions[0].note",
        "a decision to discontinue says why",
    )
