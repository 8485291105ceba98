"""The person's priorities: the order of the goals they choose to focus on (manual, 5.4 "Planning actions":
the person themselves prioritising the goal(s) to focus on).

The order is the person's; the goals it names must be their own and open. Goals
it does not name follow, in the order they were identified.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from domain.errors import InvalidInputError
from domain.vocabulary import GoalStatus

#: Goals one order may name.
GOALS_MAX_ITEMS = 100


class _PersonsGoal(Protocol):
    @property
    def person_id(self) -> UUID: ...

    @property
    def status(self) -> GoalStatus: ...


def checked_order(goal_ids: Sequence[UUID]) -> list[UUID]:
    if len(goal_ids) > GOALS_MAX_ITEMS:
        raise InvalidInputError("goal_ids", f"must have at most {GOALS_MAX_ITEMS} items")
    seen: set[UUID] = set()
    for i, goal_id in enumerate(goal_ids):
        if goal_id in seen:
            raise InvalidInputError(f"goal_ids[{i}]", "names a goal already in the order")
        seen.add(goal_id)
    return list(goal_ids)


def check_open_goal_of(person_id: UUID, index: int, goal: _PersonsGoal | None) -> None:
    """Refuse a goal that is not this person's (None: no such goal) or is closed."""
    if goal is None or goal.person_id != person_id or goal.status.is_closed:
        raise InvalidInputError(f"goal_ids[{index}]", "is not an open goal of this person")
