"""A review on the aggregates and its own rules (``domain.review``): the person records it,
each goal records its decision."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain import review
from domain.errors import InvalidInputError, RuleViolationError
from domain.goal import Goal
from domain.person import Person
from domain.text import DECISIONS_MAX_ITEMS
from domain.vocabulary import GoalStatus, ReviewDecision

GOAL = {
    "statement": "Dance again",
    "identified_by": "person",
    "orientation": "approach",
    "life_domain": "occupational",
    "responsibility": "person",
    "in_own_words": True,
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


def test_a_review_resumes_a_paused_goal_and_says_so_on_the_resumption() -> None:
    g, review_id = goal_in(GoalStatus.PAUSED), uuid4()

    g.review(review_id, HELD, "resume", "Settled after the move")

    reviewed, resumed = g.collect_events()
    assert (type(reviewed).__name__, type(resumed).__name__) == ("GoalReviewed", "GoalResumed")
    assert (resumed.review_id, resumed.note) == (review_id, "Settled after the move")  # type: ignore[attr-defined]
    assert g.status is GoalStatus.ACTIVE


def test_a_goal_resumed_outside_a_review_has_no_review_id() -> None:
    g = goal_in(GoalStatus.PAUSED)
    g.resume("ready again")
    [resumed] = g.collect_events()
    assert resumed.review_id is None  # type: ignore[attr-defined]


def test_an_active_goal_cannot_be_resumed_at_a_review() -> None:
    g = goal()
    with pytest.raises(RuleViolationError) as error:
        g.review(uuid4(), HELD, "resume", None)
    assert (error.value.rule, error.value.detail) == (
        "goal_status",
        "cannot decide 'resume' for a goal that is active: it must be paused",
    )
    assert g.collect_events() == []


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


# The review's own rules


def test_a_review_decides_on_at_most_so_many_goals() -> None:
    review.check_decision_count([{}] * DECISIONS_MAX_ITEMS)
    with pytest.raises(InvalidInputError) as error:
        review.check_decision_count([{}] * (DECISIONS_MAX_ITEMS + 1))
    assert (error.value.field, error.value.message) == (
        "goal_decisions",
        f"must have at most {DECISIONS_MAX_ITEMS} items",
    )


def test_a_review_decides_on_each_goal_once() -> None:
    first, second = goal(), goal()
    review.check_one_decision_per_goal([first, second])
    with pytest.raises(InvalidInputError) as error:
        review.check_one_decision_per_goal([first, second, first])
    assert (error.value.field, error.value.message) == (
        "goal_decisions",
        "decide on each goal once per review",
    )


def test_a_decision_is_about_a_goal_of_the_person_reviewed() -> None:
    g = goal()
    assert review.goal_of(g.person_id, g) is g
    for not_theirs in (None, g):
        with pytest.raises(InvalidInputError) as error:
            review.goal_of(uuid4(), not_theirs)
        assert (error.value.field, error.value.message) == ("goal_id", "is not a goal of this person")


@pytest.mark.parametrize("decision", list(ReviewDecision))
def test_only_a_decision_to_discontinue_must_say_why(decision: ReviewDecision) -> None:
    review.check_reason(decision, "Talked it through")
    if decision is not ReviewDecision.DISCONTINUE:
        review.check_reason(decision, None)
        return
    with pytest.raises(InvalidInputError) as error:
        review.check_reason(decision, None)
    assert (error.value.field, error.value.message) == ("note", "a decision to discontinue says why")


def goal_in(status: GoalStatus) -> Goal:
    g = goal()
    if status is GoalStatus.PAUSED:
        g.pause()
    elif status is GoalStatus.ACHIEVED:
        g.achieve()
    elif status is GoalStatus.DISCONTINUED:
        g.discontinue("Other plans")
    g.collect_events()
    return g


@pytest.mark.parametrize("status", list(GoalStatus))
@pytest.mark.parametrize("decision", list(ReviewDecision))
def test_a_goal_accepts_exactly_the_decisions_its_state_allows(
    decision: ReviewDecision, status: GoalStatus
) -> None:
    g = goal_in(status)
    accepted = review.STATES_ACCEPTING[decision]
    if status in accepted:
        g.review(uuid4(), HELD, decision.value, "Talked it through")
        assert g.collect_events()
        return
    with pytest.raises(RuleViolationError) as error:
        g.review(uuid4(), HELD, decision.value, "Talked it through")
    assert error.value.rule == "goal_status"
    assert g.collect_events() == []


def test_a_closed_goal_accepts_no_decision() -> None:
    closed = {GoalStatus.ACHIEVED, GoalStatus.DISCONTINUED}
    assert all(closed.isdisjoint(states) for states in review.STATES_ACCEPTING.values())
    assert set(review.STATES_ACCEPTING) == set(ReviewDecision)


@pytest.mark.parametrize(
    ("status", "decision", "detail"),
    [
        (
            GoalStatus.PAUSED,
            "achieved",
            "cannot decide 'achieved' for a goal that is paused: it must be active",
        ),
        (
            GoalStatus.DISCONTINUED,
            "revise",
            "cannot decide 'revise' for a goal that is discontinued: it must be active or paused",
        ),
    ],
    ids=["one-state", "two-states"],
)
def test_a_refused_decision_says_which_states_would_accept_it(
    status: GoalStatus, decision: str, detail: str
) -> None:
    with pytest.raises(RuleViolationError) as error:
        goal_in(status).review(uuid4(), HELD, decision, "x")
    assert error.value.detail == detail


def test_an_error_about_one_decision_names_it_and_keeps_its_rule() -> None:
    with pytest.raises(InvalidInputError) as invalid, review.naming_decision(3):
        raise InvalidInputError("note", "a decision to discontinue says why")
    assert (invalid.value.field, invalid.value.message) == (
        "goal_decisions[3].note",
        "a decision to discontinue says why",
    )
    with pytest.raises(RuleViolationError) as violated, review.naming_decision(0):
        raise RuleViolationError("goal_status", "cannot decide")
    assert (violated.value.rule, violated.value.detail) == ("goal_status", "goal_decisions[0]: cannot decide")
