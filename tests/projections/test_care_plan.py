"""The care plan's contents and its four REFOCUS checks, read from the live views."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.actor import acting_as
from interfaces.runtime import Runtime
from projections.checks import CHECKS, CHECKS_READING_FACT, GoalFacts
from tests.conftest import ALICE
from tests.journeys import identify, plan, register


@pytest.fixture
def acting(memory_runtime: Runtime) -> Iterator[Runtime]:
    with acting_as(ALICE):
        yield memory_runtime


def _plan(runtime: Runtime, person: UUID) -> dict[str, Any]:
    runtime.projector.catch_up()
    return runtime.views.care_plan(person, ALICE)


def test_a_person_without_goals_is_asked_what_they_want_to_work_towards(acting: Runtime) -> None:
    person = register(acting.journeys)
    checks = _plan(acting, person)["checks"]
    assert checks["personally_valued_goals"] == {
        "ok": False,
        "outcome": "not_met",
        "detail": "No goals the person values yet: ask what the person wants to work towards.",
    }
    assert checks["independent_or_joint_action"]["outcome"] == "not_applicable"


def test_a_goal_identified_by_the_worker_alone_is_named_for_revisiting(acting: Runtime) -> None:
    person = register(acting.journeys)
    identify(acting.journeys, person, statement="Take medication daily", identified_by="worker")
    identify(acting.journeys, person, statement="See my friends", identified_by="jointly")
    check = _plan(acting, person)["checks"]["personally_valued_goals"]
    assert check["ok"] is False
    assert check["detail"].startswith("1 of 2 goals identified by the worker alone (“Take medication daily”)")


def test_goals_of_the_person_or_joint_pass_and_service_goals_are_listed_apart(acting: Runtime) -> None:
    person = register(acting.journeys)
    identify(acting.journeys, person, identified_by="person")
    identify(acting.journeys, person, statement="Keep to the risk plan", identified_by="service")
    care_plan = _plan(acting, person)
    assert care_plan["checks"]["personally_valued_goals"] == {
        "ok": True,
        "outcome": "met",
        "detail": (
            "The goal was identified by the person or jointly. (1 service goal listed apart, not counted.)"
        ),
    }
    assert [g["statement"] for g in care_plan["service_goals"]] == ["Keep to the risk plan"]
    assert "Keep to the risk plan" not in [g["statement"] for g in care_plan["goals"]]


def test_values_and_strengths_checks_are_honest_that_none_are_linked(acting: Runtime) -> None:
    person = register(acting.journeys)
    identify(acting.journeys, person)
    checks = _plan(acting, person)["checks"]
    assert checks["reflects_values"]["ok"] is False
    assert checks["reflects_values"]["values"]["detail"].startswith("No values explored yet")
    assert checks["builds_on_strengths"]["ok"] is False
    assert checks["builds_on_strengths"]["detail"].startswith("No strengths assessed yet")


def test_mostly_passive_steps_fail_the_action_check_and_are_named(acting: Runtime) -> None:
    person = register(acting.journeys)
    goal = identify(acting.journeys, person)
    plan(acting.journeys, goal, "passive", description="Worker fills in the form")
    plan(acting.journeys, goal, "independent", description="Read the leaflet")
    check = _plan(acting, person)["checks"]["independent_or_joint_action"]
    assert check["ok"] is False
    assert "1 independent, 0 joint and 1 passive" in check["detail"]
    assert "“Worker fills in the form”" in check["detail"]


def test_turning_a_passive_step_joint_passes_the_action_check(acting: Runtime) -> None:
    person = register(acting.journeys)
    goal = identify(acting.journeys, person)
    step = plan(acting.journeys, goal, "passive", description="Worker fills in the form")
    plan(acting.journeys, goal, "independent", description="Read the leaflet")
    acting.journeys.change_step_mode(step, "joint", ["key worker"])
    check = _plan(acting, person)["checks"]["independent_or_joint_action"]
    assert check["outcome"] == "met"
    assert (
        check["detail"]
        == "Of 2 open steps, 1 independent, 1 joint and 0 passive: all are the person's alone or shared."
    )
    assert check["counts"] == {"independent": 1, "joint": 1, "passive": 0}


def test_steps_of_paused_goals_do_not_count_as_action(acting: Runtime) -> None:
    person = register(acting.journeys)
    goal = identify(acting.journeys, person)
    other = identify(acting.journeys, person, statement="Cook for friends")
    plan(acting.journeys, goal, "independent")
    plan(acting.journeys, other, "passive")
    acting.journeys.pause_goal(goal)
    care_plan = _plan(acting, person)
    assert [g["status"] for g in care_plan["goals"]] == ["paused", "active"]
    check = care_plan["checks"]["independent_or_joint_action"]
    assert check["outcome"] == "not_met"
    assert check["counts"] == {"independent": 0, "joint": 0, "passive": 1}


def test_the_plan_shows_open_goals_only_with_progress_not_counting_dropped_steps(acting: Runtime) -> None:
    journeys = acting.journeys
    person = register(journeys)
    open_goal = identify(journeys, person, statement="Dance again", target_date=date(2027, 6, 1))
    achieved = identify(journeys, person, statement="Cook a meal")
    stopped = identify(journeys, person, statement="Run a marathon")
    done, dropped, _ = (plan(journeys, open_goal) for _ in range(3))
    journeys.complete_step(done)
    journeys.drop_step(dropped, "too much at once")
    journeys.achieve_goal(achieved)
    journeys.discontinue_goal(stopped, "the person chose another goal")

    goals = _plan(acting, person)["goals"]
    assert [g["statement"] for g in goals] == ["Dance again"]
    assert goals[0]["progress"] == {"completed": 1, "total": 2}
    assert goals[0]["target_date"] == "2027-06-01"
    assert [s["status"] for s in goals[0]["steps"]] == ["completed", "dropped", "planned"]


def test_the_timeline_tells_what_changed_in_words(acting: Runtime) -> None:
    journeys = acting.journeys
    person = register(journeys)
    goal = identify(journeys, person, statement="I don't want to feel tired", orientation="avoidance")
    journeys.reframe_goal(goal, "I want energy for the things I enjoy", "approach")
    step = plan(journeys, goal, "passive", description="Book a GP appointment", due=date(2026, 12, 1))
    journeys.reschedule_step(step, date(2026, 12, 8))
    journeys.change_step_mode(step, "joint", ["sister"])
    acting.projector.catch_up()

    summaries = [e["summary"] for e in acting.views.timeline(person, ALICE)["entries"]]
    assert summaries[2] == (
        "Goal reframed from “I don't want to feel tired” to “I want energy for the things I enjoy”"
        " (avoidance → approach)"
    )
    assert summaries[4] == "Step “Book a GP appointment” rescheduled to 2026-12-08 (was 2026-12-01)"
    assert summaries[5] == (
        "Step “Book a GP appointment” changed from passive to joint, taken by Sam with sister"
    )
    per_goal = acting.views.timeline(person, ALICE, goal_id=goal)["entries"]
    assert [e["type"] for e in per_goal] == [
        "GoalIdentified",
        "GoalReframed",
        "StepPlanned",
        "StepRescheduled",
        "StepModeChanged",
    ]


def test_every_fact_of_a_goal_names_the_checks_that_read_it() -> None:
    # Replay recomputes a check only when a fact it reads changed: a fact added without its
    # readers would leave a check stale (the replay property test would find it, by chance).
    assert set(CHECKS_READING_FACT) == set(GoalFacts._fields)
    assert {name for readers in CHECKS_READING_FACT.values() for name in readers} == set(CHECKS)
