"""A review on the aggregates: the person records it, each goal records its decision."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.errors import InvalidInputError, RuleViolationError
from domain.goal import Goal
from domain.person import Person
from domain.vocabulary import GoalStatus

GOAL = {
    "statement": "Dance again",
    "identified_by": "person",
    "orientation": "approach",
    "life_domain": "occupational",
    "responsibility": "person",
}
HELD = date(2026, 11, 20)


def goal() -> Goal:
    g = Goal.identify(Person.register("Sam", "north"), **GOAL)
    g.collect_events()
    return g


@pytest.mark.parametrize(
    ("decision", "events", "status"),
    [
        ("continue", ["GoalReviewed"], GoalStatus.ACTIVE),
        ("revise", ["GoalReviewed"], GoalStatus.ACTIVE),
        ("pause", ["GoalReviewed", "GoalPaused"], GoalStatus.PAUSED),
        ("achieved", ["GoalReviewed", "GoalAchieved"], GoalStatus.ACHIEVED),
        ("discontinue", ["GoalReviewed", "GoalDiscontinued"], GoalStatus.DISCONTINUED),
    ],
)
def test_each_decision_records_the_review_and_the_change_it_decides(
    decision: str, events: list[str], status: GoalStatus
) -> None:
    g, review_id = goal(), uuid4()
    g.review(review_id, HELD, decision, "Talked it through")
    recorded = g.collect_events()
    assert [type(e).__name__ for e in recorded] == events
    assert recorded[0].review_id == review_id  # type: ignore[attr-defined]
    assert recorded[0].held_on == HELD  # type: ignore[attr-defined]
    assert all(getattr(e, "review_id", None) == review_id for e in recorded)
    assert g.status is status


def test_a_decision_the_goal_state_forbids_records_nothing() -> None:
    g = goal()
    g.achieve()
    g.collect_events()
    with pytest.raises(RuleViolationError) as error:
        g.review(uuid4(), HELD, "pause", None)
    assert error.value.rule == "goal_status"
    assert g.collect_events() == []
    assert g.status is GoalStatus.ACHIEVED


def test_discontinuing_at_a_review_says_why() -> None:
    g = goal()
    with pytest.raises(InvalidInputError) as error:
        g.review(uuid4(), HELD, "discontinue", None)
    assert error.value.field == "note"
    assert g.collect_events() == []


def test_a_goal_paused_outside_a_review_has_no_review_id() -> None:
    g = goal()
    g.pause("resting")
    [paused] = g.collect_events()
    assert paused.review_id is None  # type: ignore[attr-defined]


def test_the_person_records_when_the_next_review_is_due() -> None:
    sam = Person.register("Sam", "north")
    review_id = uuid4()
    sam.hold_review(
        review_id=review_id,
        held_on=HELD,
        participants=["Sam"],
        summary="Good progress",
        goal_decisions=[],
        next_review_due=date(2027, 2, 20),
        today=date(2026, 11, 28),
    )
    held = sam.collect_events()[-1]
    assert type(held).__name__ == "ReviewHeld"
    assert (sam.next_review_due, sam.last_review_on) == (date(2027, 2, 20), HELD)


@pytest.mark.parametrize(
    ("held_on", "next_due", "field"),
    [(date(2026, 11, 29), date(2027, 1, 1), "held_on"), (HELD, HELD, "next_review_due")],
)
def test_a_review_with_impossible_dates_records_nothing(held_on: date, next_due: date, field: str) -> None:
    sam = Person.register("Sam", "north")
    sam.collect_events()
    with pytest.raises(InvalidInputError) as error:
        sam.hold_review(
            review_id=uuid4(),
            held_on=held_on,
            participants=[],
            summary="x",
            goal_decisions=[],
            next_review_due=next_due,
            today=date(2026, 11, 28),
        )
    assert error.value.field == field
    assert sam.collect_events() == []
