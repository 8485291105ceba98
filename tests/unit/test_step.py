"""The Step aggregate (an action towards a goal): planning, the step lifecycle, its mode.

Every test runs as ALICE (a worker in team north) unless it says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import Context
from datetime import date
from typing import Any

import pytest

from domain import text
from domain.errors import InvalidInputError, MissingActorError, RuleViolationError
from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from domain.vocabulary import DropKind, StepMode, StepStatus
from tests.unit.conftest import refused

BAD_TEXT = [
    pytest.param("", id="empty"),
    pytest.param(" \t\n ", id="blank"),
    pytest.param("Find a\x00class", id="nul-character"),
    pytest.param("broken \ud800 text", id="lone-surrogate"),
]

VERBATIM_DESCRIPTIONS = [
    pytest.param("  Find a class  ", id="surrounding-spaces"),
    pytest.param("Find a salsa class 💃🏽", id="emoji"),
    pytest.param("ابحث عن درس رقص", id="right-to-left"),
    pytest.param("Cafe\u0301 after class", id="decomposed-accent"),
]


def a_goal() -> Goal:
    sam = Person.register("Sam", "north")
    goal = Goal.identify(
        sam,
        statement="I want to dance again",
        identified_by="person",
        orientation="approach",
        life_domain="occupational",
        responsibility="person",
        in_own_words=True,
    )
    goal.collect_events()
    return goal


def planned(mode: str = "independent", with_whom: list[str] | None = None, due: date | None = None) -> Step:
    """A planned step with its planning event already collected."""
    step = Step.plan(a_goal(), description="Find a class", mode=mode, with_whom=with_whom or [], due=due)
    step.collect_events()
    return step


def started() -> Step:
    step = planned()
    step.start()
    step.collect_events()
    return step


def completed() -> Step:
    step = started()
    step.complete()
    step.collect_events()
    return step


def dropped() -> Step:
    step = planned()
    step.drop("not needed")
    step.collect_events()
    return step


def assert_actor_is_alice(event: Any) -> None:
    assert (event.actor_subject, event.actor_role) == ("alice", "worker")


# Planning


def test_planning_a_step_records_who_does_what_and_when() -> None:
    goal = a_goal()

    step = Step.plan(
        goal, description="Beginners' class", mode="joint", with_whom=["sister", "Mo"], due=date(2026, 1, 13)
    )

    [event] = step.collect_events()
    assert isinstance(event, Step.StepPlanned)
    assert event.description == "Beginners' class"
    assert event.mode == "joint"
    assert event.with_whom == ["sister", "Mo"]
    assert event.due == date(2026, 1, 13)
    assert event.goal_id == goal.id
    assert event.person_id == goal.person_id
    assert_actor_is_alice(event)
    assert step.status is StepStatus.PLANNED
    assert step.mode is StepMode.JOINT
    assert (step.goal_id, step.person_id) == (goal.id, goal.person_id)
    assert step.version == 1


@pytest.mark.parametrize("mode", ["independent", "passive"])
def test_a_step_taken_alone_or_for_the_person_needs_no_company(mode: str) -> None:
    step = Step.plan(a_goal(), description="Phone the studio", mode=mode)

    [event] = step.collect_events()
    assert (event.mode, event.with_whom, event.due) == (mode, [], None)


def test_a_joint_step_must_name_who_it_is_shared_with() -> None:
    goal = a_goal()

    with refused(goal, error=InvalidInputError) as error:
        Step.plan(goal, description="Go to the class", mode="joint")

    assert error.value.field == "with_whom"


def test_an_independent_step_cannot_name_company() -> None:
    goal = a_goal()

    with refused(goal, error=InvalidInputError) as error:
        Step.plan(goal, description="Walk to the studio", mode="independent", with_whom=["sister"])

    assert error.value.field == "with_whom"


def test_a_mode_outside_the_vocabulary_is_rejected() -> None:
    with pytest.raises(InvalidInputError) as error:
        Step.plan(a_goal(), description="Find a class", mode="together")

    assert error.value.field == "mode"


@pytest.mark.parametrize("name", [*BAD_TEXT, pytest.param("x" * (text.NAME_MAX_CHARS + 1), id="too-long")])
def test_an_unstorable_name_in_the_company_is_rejected_naming_its_position(name: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        Step.plan(a_goal(), description="Go together", mode="joint", with_whom=["sister", name])

    assert error.value.field == "with_whom[1]"


def test_a_joint_step_names_at_most_the_documented_number_of_people() -> None:
    crowd = [f"friend {i}" for i in range(text.WITH_WHOM_MAX_ITEMS)]

    step = Step.plan(a_goal(), description="Party", mode="joint", with_whom=crowd)
    assert step.with_whom == crowd

    with pytest.raises(InvalidInputError) as error:
        Step.plan(a_goal(), description="Party", mode="joint", with_whom=[*crowd, "one more"])
    assert error.value.field == "with_whom"


def test_names_in_the_company_are_kept_verbatim() -> None:
    company = [" my sister ", "José 👯", "مريم", "n" * text.NAME_MAX_CHARS]

    step = Step.plan(a_goal(), description="Go together", mode="joint", with_whom=company)

    [event] = step.collect_events()
    assert event.with_whom == company


@pytest.mark.parametrize("description", VERBATIM_DESCRIPTIONS)
def test_a_step_description_is_kept_exactly_as_written(description: str) -> None:
    step = Step.plan(a_goal(), description=description, mode="independent")

    [event] = step.collect_events()
    assert event.description == description
    assert step.description == description


def test_a_step_description_at_the_limit_is_kept() -> None:
    description = "ش" * text.STATEMENT_MAX_CHARS

    step = Step.plan(a_goal(), description=description, mode="independent")

    assert step.description == description


@pytest.mark.parametrize(
    "description", [*BAD_TEXT, pytest.param("x" * (text.STATEMENT_MAX_CHARS + 1), id="too-long")]
)
def test_an_unstorable_step_description_is_rejected_naming_the_field(description: str) -> None:
    goal = a_goal()

    with refused(goal, error=InvalidInputError) as error:
        Step.plan(goal, description=description, mode="independent")

    assert error.value.field == "description"


def test_a_step_may_be_planned_on_a_paused_goal() -> None:
    goal = a_goal()
    goal.pause()

    step = Step.plan(goal, description="Find a class", mode="independent")

    assert step.status is StepStatus.PLANNED


@pytest.mark.parametrize(
    "close",
    [
        pytest.param(lambda g: g.achieve(), id="achieved"),
        pytest.param(lambda g: g.discontinue("not for me"), id="discontinued"),
    ],
)
def test_no_step_is_planned_on_a_closed_goal(close: Callable[[Goal], None]) -> None:
    goal = a_goal()
    close(goal)
    goal.collect_events()

    with refused(goal, error=RuleViolationError) as error:
        Step.plan(goal, description="Find a class", mode="independent")

    assert error.value.rule == "goal_closed"


def test_planning_without_an_actor_is_refused() -> None:
    goal = a_goal()

    with pytest.raises(MissingActorError):
        Context().run(lambda: Step.plan(goal, description="Find a class", mode="independent"))


# The step lifecycle


def test_starting_a_step_records_the_note() -> None:
    step = planned()

    step.start("Looked up three studios")

    [event] = step.collect_events()
    assert isinstance(event, Step.StepStarted)
    assert event.note == "Looked up three studios"
    assert (event.goal_id, event.person_id) == (step.goal_id, step.person_id)
    assert_actor_is_alice(event)
    assert step.status is StepStatus.STARTED


def test_completing_a_started_step_records_the_note() -> None:
    step = started()

    step.complete("Went to the first class 🎉")

    [event] = step.collect_events()
    assert isinstance(event, Step.StepCompleted)
    assert event.note == "Went to the first class 🎉"
    assert (event.goal_id, event.person_id) == (step.goal_id, step.person_id)
    assert_actor_is_alice(event)
    assert step.status is StepStatus.COMPLETED
    assert step.version == 3


@pytest.mark.parametrize("state", [planned, started])
def test_dropping_a_step_that_is_not_finished_records_the_reason(state: Callable[[], Step]) -> None:
    step = state()

    step.drop("The studio closed")

    [event] = step.collect_events()
    assert isinstance(event, Step.StepDropped)
    assert event.reason == "The studio closed"
    assert_actor_is_alice(event)
    assert step.status is StepStatus.DROPPED


@pytest.mark.parametrize("kind", list(DropKind))
def test_a_dropped_step_records_its_kind(kind: DropKind) -> None:
    step = planned()

    step.drop("Found one through a friend", kind.value)

    [event] = step.collect_events()
    assert (event.kind, event.reason) == (kind.value, "Found one through a friend")  # type: ignore[attr-defined]


def test_a_step_dropped_without_a_kind_is_of_kind_other() -> None:
    step = planned()

    step.drop("The studio closed")

    [event] = step.collect_events()
    assert event.kind == "other"  # type: ignore[attr-defined]


def test_a_drop_of_an_unknown_kind_is_refused_and_records_nothing() -> None:
    step = planned()

    with refused(step, error=InvalidInputError) as error:
        step.drop("The studio closed", "gave_up")

    assert (error.value.field, error.value.message) == (
        "kind",
        "must be one of: done_another_way, no_longer_wanted, not_working, other",
    )
    assert step.status is StepStatus.PLANNED


def test_a_drop_event_stored_before_kinds_reads_as_other() -> None:
    step = planned()
    step.drop("The studio closed", "not_working")
    [event] = step.collect_events()
    fields = {k: v for k, v in event.__dict__.items() if k != "kind"}

    old = Step.StepDropped(**fields)

    assert (old.kind, old.reason) == ("other", "The studio closed")


def test_starting_a_started_step_is_rejected() -> None:
    step = started()

    with refused(step, error=RuleViolationError) as error:
        step.start()

    assert error.value.rule == "step_status"


STEP_COMMANDS = {
    "start": lambda s: s.start(),
    "complete": lambda s: s.complete(),
    "drop": lambda s: s.drop("changed my mind"),
    "reschedule": lambda s: s.reschedule(date(2026, 2, 1)),
    "change_mode": lambda s: s.change_mode("joint", ["sister"]),
}


@pytest.mark.parametrize("command", STEP_COMMANDS)
@pytest.mark.parametrize("state", [completed, dropped])
def test_a_finished_step_takes_no_more_changes(state: Callable[[], Step], command: str) -> None:
    step = state()

    with refused(step, error=RuleViolationError) as error:
        STEP_COMMANDS[command](step)

    assert error.value.rule == "step_status"


def test_completing_a_dropped_step_is_rejected() -> None:
    step = dropped()

    with refused(step, error=RuleViolationError):
        step.complete("done after all")

    assert step.status is StepStatus.DROPPED


@pytest.mark.parametrize(
    ("command", "field"),
    [
        pytest.param(lambda s: s.start(""), "note", id="start-empty-note"),
        pytest.param(lambda s: s.complete("x" * (text.NOTE_MAX_CHARS + 1)), "note", id="complete-long-note"),
        pytest.param(lambda s: s.complete("\ud800"), "note", id="complete-surrogate-note"),
        pytest.param(lambda s: s.drop("  "), "reason", id="drop-blank-reason"),
        pytest.param(lambda s: s.drop("a\x00b"), "reason", id="drop-nul-reason"),
        pytest.param(lambda s: s.drop("x" * (text.NOTE_MAX_CHARS + 1)), "reason", id="drop-long-reason"),
    ],
)
def test_a_lifecycle_move_with_an_unstorable_note_is_rejected(
    command: Callable[[Step], None], field: str
) -> None:
    step = planned()

    with refused(step, error=InvalidInputError) as error:
        command(step)

    assert error.value.field == field
    assert step.status is StepStatus.PLANNED


def test_a_note_at_the_limit_is_kept_verbatim() -> None:
    note = "\n" + "😊" * (text.NOTE_MAX_CHARS - 1)
    step = started()

    step.complete(note)

    [event] = step.collect_events()
    assert event.note == note


# Rescheduling


@pytest.mark.parametrize("state", [planned, started])
def test_rescheduling_records_the_previous_due_date(state: Callable[[], Step]) -> None:
    step = state()

    step.reschedule(date(2026, 2, 1))
    step.reschedule(date(2026, 3, 1))

    first, second = step.collect_events()
    assert isinstance(first, Step.StepRescheduled)
    assert (first.due, first.previous_due) == (date(2026, 2, 1), None)
    assert (second.due, second.previous_due) == (date(2026, 3, 1), date(2026, 2, 1))
    assert_actor_is_alice(second)
    assert step.due == date(2026, 3, 1)


def test_rescheduling_to_the_same_day_is_rejected() -> None:
    step = planned(due=date(2026, 2, 1))

    with refused(step, error=RuleViolationError) as error:
        step.reschedule(date(2026, 2, 1))

    assert error.value.rule == "no_change"


# Changing the mode


def test_a_passive_step_can_become_joint_as_the_person_takes_it_on() -> None:
    step = planned(mode="passive")

    step.change_mode("joint", ["support worker"])

    [event] = step.collect_events()
    assert isinstance(event, Step.StepModeChanged)
    assert (event.mode, event.with_whom) == ("joint", ["support worker"])
    assert (event.previous_mode, event.previous_with_whom) == ("passive", [])
    assert_actor_is_alice(event)
    assert step.mode is StepMode.JOINT
    assert step.with_whom == ["support worker"]


def test_a_joint_step_can_become_independent_and_records_who_it_was_shared_with() -> None:
    step = planned(mode="joint", with_whom=["sister"])

    step.change_mode("independent")

    [event] = step.collect_events()
    assert (event.mode, event.with_whom) == ("independent", [])
    assert (event.previous_mode, event.previous_with_whom) == ("joint", ["sister"])
    assert step.with_whom == []


def test_changing_only_the_company_of_a_joint_step_is_a_change() -> None:
    step = planned(mode="joint", with_whom=["sister"])

    step.change_mode("joint", ["sister", "cousin"])

    [event] = step.collect_events()
    assert event.previous_with_whom == ["sister"]
    assert step.with_whom == ["sister", "cousin"]


def test_changing_a_step_to_its_current_mode_and_company_is_rejected() -> None:
    step = planned(mode="joint", with_whom=["sister"])

    with refused(step, error=RuleViolationError) as error:
        step.change_mode("joint", ["sister"])

    assert error.value.rule == "no_change"


@pytest.mark.parametrize(
    ("mode", "with_whom", "field"),
    [
        pytest.param("joint", [], "with_whom", id="joint-alone"),
        pytest.param("independent", ["sister"], "with_whom", id="independent-with-company"),
        pytest.param("group", [], "mode", id="unknown-mode"),
        pytest.param("joint", ["\x00"], "with_whom[0]", id="unstorable-name"),
    ],
)
def test_an_invalid_mode_change_is_rejected_naming_the_field(
    mode: str, with_whom: list[str], field: str
) -> None:
    step = planned(mode="passive")

    with refused(step, error=InvalidInputError) as error:
        step.change_mode(mode, with_whom)

    assert error.value.field == field
    assert step.mode is StepMode.PASSIVE


def test_a_step_command_without_an_actor_is_refused_and_records_nothing() -> None:
    step = planned()

    with refused(step, error=MissingActorError):
        Context().run(step.start)

    assert step.status is StepStatus.PLANNED
