"""A review's own rules: how many goals it decides on, each once, and which decisions a goal accepts.

The person records the review (``Person.hold_review``) and each goal its decision
(``Goal.review``); the rules that concern the review as a whole live here, and an
error about one decision names it (``goal_decisions[2].note``), so the caller knows
which one to correct.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, Sized
from contextlib import contextmanager
from typing import Protocol, TypeVar
from uuid import UUID

from domain.errors import InvalidInputError, RuleViolationError
from domain.text import DECISIONS_MAX_ITEMS
from domain.vocabulary import GoalStatus, ReviewDecision

#: The states in which a goal accepts each decision: a closed goal is decided on no more.
STATES_ACCEPTING: Mapping[ReviewDecision, tuple[GoalStatus, ...]] = {
    ReviewDecision.CONTINUE: (GoalStatus.ACTIVE, GoalStatus.PAUSED),
    ReviewDecision.REVISE: (GoalStatus.ACTIVE, GoalStatus.PAUSED),
    ReviewDecision.PAUSE: (GoalStatus.ACTIVE,),
    ReviewDecision.ACHIEVED: (GoalStatus.ACTIVE,),
    ReviewDecision.DISCONTINUE: (GoalStatus.ACTIVE, GoalStatus.PAUSED),
    ReviewDecision.RESUME: (GoalStatus.PAUSED,),
}


class _PersonsGoal(Protocol):
    @property
    def id(self) -> UUID: ...

    @property
    def person_id(self) -> UUID: ...


G = TypeVar("G", bound=_PersonsGoal)


def check_decision_count(goal_decisions: Sized) -> None:
    if len(goal_decisions) > DECISIONS_MAX_ITEMS:
        raise InvalidInputError("goal_decisions", f"must have at most {DECISIONS_MAX_ITEMS} items")


def goal_of(person_id: UUID, goal: G | None) -> G:
    """The goal a decision is about, which must be one of the reviewed person's (None: no such goal)."""
    if goal is None or goal.person_id != person_id:
        raise InvalidInputError("goal_id", "is not a goal of this person")
    return goal


def check_reason(decision: ReviewDecision, note: str | None) -> None:
    if decision is ReviewDecision.DISCONTINUE and note is None:
        raise InvalidInputError("note", "a decision to discontinue says why")


def check_one_decision_per_goal(goals: Sequence[_PersonsGoal]) -> None:
    if len({goal.id for goal in goals}) != len(goals):
        raise InvalidInputError("goal_decisions", "decide on each goal once per review")


@contextmanager
def naming_decision(index: int) -> Iterator[None]:
    """Errors raised within are about the review's decision at ``index``, and say so."""
    where = f"goal_decisions[{index}]"
    try:
        yield
    except InvalidInputError as error:
        raise InvalidInputError(f"{where}.{error.field}", error.message) from None
    except RuleViolationError as error:
        raise RuleViolationError(error.rule, f"{where}: {error.detail}") from None
