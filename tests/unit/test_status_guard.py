"""The status guard goals and steps share: what a refusal says, and that it records nothing.

The rule names and messages are part of the HTTP contract (a 409's ``rule`` and ``detail``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain.base import JourneyAggregate
from domain.errors import RuleViolationError
from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from tests.unit.conftest import refused


def a_goal(*moves: Callable[[Goal], None]) -> Goal:
    """An active goal moved by ``moves``, its events already collected."""
    goal = Goal.identify(
        Person.register("Sam", "north"),
        statement="I want to dance again",
        identified_by="person",
        orientation="approach",
        life_domain="occupational",
        responsibility="person",
        in_own_words=True,
    )
    for move in moves:
        move(goal)
    goal.collect_events()
    return goal


def a_step(*moves: Callable[[Step], None]) -> Step:
    """A planned step moved by ``moves``, its events already collected."""
    step = Step.plan(a_goal(), description="Find a class", mode="independent")
    for move in moves:
        move(step)
    step.collect_events()
    return step


REFUSALS = [
    pytest.param(
        lambda: a_goal(lambda g: g.pause()),
        lambda g: g.pause(),
        "goal_status",
        "cannot pause a goal that is paused: it must be active",
        id="pause-a-paused-goal",
    ),
    pytest.param(
        lambda: a_goal(),
        lambda g: g.resume("back"),
        "goal_status",
        "cannot resume a goal that is active: it must be paused",
        id="resume-an-active-goal",
    ),
    pytest.param(
        lambda: a_goal(lambda g: g.pause()),
        lambda g: g.achieve("Danced!"),
        "goal_status",
        "cannot achieve a goal that is paused: it must be active",
        id="achieve-a-paused-goal",
    ),
    pytest.param(
        lambda: a_goal(lambda g: g.achieve()),
        lambda g: g.discontinue("no longer wanted"),
        "goal_status",
        "cannot discontinue a goal that is achieved: it must be active or paused",
        id="discontinue-an-achieved-goal",
    ),
    pytest.param(
        lambda: a_step(lambda s: s.start()),
        lambda s: s.start(),
        "step_status",
        "cannot start a step that is started: it must be planned",
        id="start-a-started-step",
    ),
    pytest.param(
        lambda: a_step(lambda s: s.drop("not needed")),
        lambda s: s.complete("done after all"),
        "step_status",
        "cannot complete a step that is dropped: it must be planned or started",
        id="complete-a-dropped-step",
    ),
    pytest.param(
        lambda: a_step(lambda s: s.complete()),
        lambda s: s.drop("changed my mind"),
        "step_status",
        "cannot drop a step that is completed: it must be planned or started",
        id="drop-a-completed-step",
    ),
    pytest.param(
        lambda: a_step(lambda s: s.complete()),
        lambda s: s.reschedule(date(2026, 2, 1)),
        "step_status",
        "cannot reschedule a step that is completed: it must be planned or started",
        id="reschedule-a-completed-step",
    ),
    pytest.param(
        lambda: a_step(lambda s: s.drop("not needed")),
        lambda s: s.change_mode("joint", ["my sister"]),
        "step_status",
        "cannot change the mode of a step that is dropped: it must be planned or started",
        id="change-the-mode-of-a-dropped-step",
    ),
]


@pytest.mark.parametrize(("make", "command", "rule", "detail"), REFUSALS)
def test_a_move_the_status_forbids_is_refused_naming_the_allowed_statuses_and_records_nothing(
    make: Callable[[], JourneyAggregate], command: Callable[[Any], None], rule: str, detail: str
) -> None:
    aggregate = make()
    status, version = aggregate.status, aggregate.version

    with refused(aggregate, error=RuleViolationError) as error:
        command(aggregate)

    assert (error.value.rule, error.value.detail, str(error.value)) == (rule, detail, detail)
    assert aggregate.collect_events() == []
    assert (aggregate.status, aggregate.version) == (status, version)


def test_the_status_checked_is_the_one_the_latest_event_left() -> None:
    goal = a_goal(lambda g: g.pause(), lambda g: g.resume())

    goal.pause("holiday")

    with refused(goal, error=RuleViolationError) as error:
        goal.pause("again")

    assert error.value.detail == "cannot pause a goal that is paused: it must be active"
