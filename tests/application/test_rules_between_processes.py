"""Rules that span aggregates hold between processes, on a SQLite file and on PostgreSQL.

Two ``Runtime`` objects on one store stand for two API processes: each has its
own application and its own journey locks, so nothing in memory serialises
them. The other "process" commits its command exactly between this one's loads
and its save (the widest window there is); the save must notice that an
aggregate it only read has changed, and the command must then be checked again
against what is stored now.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

import pytest

from application.journeys import RecoveryJourneys
from domain.actor import acting_as
from domain.errors import InvalidInputError, RuleViolationError
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import ALICE
from tests.journeys import identify, plan, register


@pytest.fixture
def other_process(settings: Settings) -> Iterator[Runtime]:
    with Runtime(settings) as runtime:
        yield runtime


def commit_between_load_and_save(
    journeys: RecoveryJourneys, monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], Any]
) -> list[int]:
    """Run ``meanwhile`` just before this application's next save; count the saves tried."""
    saves: list[int] = []
    save = journeys.save

    def save_after_the_other_process(*aggregates: Any, **kwargs: Any) -> Any:
        saves.append(len(aggregates))
        if len(saves) == 1:
            with acting_as(ALICE):
                meanwhile()
        return save(*aggregates, **kwargs)

    monkeypatch.setattr(journeys, "save", save_after_the_other_process)
    return saves


def event_count(runtime: Runtime) -> int:
    # Counted, not read off the newest id: PostgreSQL's ids skip those of rolled-back saves.
    return len(runtime.journeys.recorder.select_notifications(start=None, limit=10_000))


def test_no_step_is_planned_on_a_goal_another_process_just_achieved(
    runtime: Runtime, other_process: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    with acting_as(ALICE):
        person = register(runtime.journeys)
        goal = identify(runtime.journeys, person)
    before = event_count(runtime)
    saves = commit_between_load_and_save(
        runtime.journeys, monkeypatch, lambda: other_process.journeys.achieve_goal(goal)
    )
    with acting_as(ALICE), pytest.raises(RuleViolationError) as refused:
        plan(runtime.journeys, goal)
    assert refused.value.rule == "goal_closed"
    assert len(saves) == 1  # the retry loaded the achieved goal and refused before saving
    assert event_count(runtime) == before + 1  # only GoalAchieved


def test_no_goal_is_identified_for_a_person_another_process_just_discharged(
    runtime: Runtime, other_process: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    with acting_as(ALICE):
        person = register(runtime.journeys)
    before = event_count(runtime)
    commit_between_load_and_save(
        runtime.journeys,
        monkeypatch,
        lambda: other_process.journeys.discharge_person(person, "Moved away"),
    )
    with acting_as(ALICE), pytest.raises(RuleViolationError) as refused:
        identify(runtime.journeys, person)
    assert refused.value.rule == "person_discharged"
    assert event_count(runtime) == before + 1


def test_a_goal_is_not_linked_to_a_value_another_process_just_withdrew(
    runtime: Runtime, other_process: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    with acting_as(ALICE):
        person = register(runtime.journeys)
        goal = identify(runtime.journeys, person)
        value = runtime.journeys.record_value(person, "other_identity", "Being a good dad", True, "visual").id
    before = event_count(runtime)
    commit_between_load_and_save(
        runtime.journeys, monkeypatch, lambda: other_process.journeys.withdraw_value(person, value)
    )
    with acting_as(ALICE), pytest.raises(InvalidInputError) as refused:
        runtime.journeys.link_goal(goal, [value])
    assert refused.value.field == "value_ids[0]"
    assert event_count(runtime) == before + 1
    with acting_as(ALICE):
        assert not runtime.journeys.repository.get(goal).value_ids


def test_a_harmless_change_by_another_process_costs_one_retry_not_the_command(
    runtime: Runtime, other_process: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    with acting_as(ALICE):
        person = register(runtime.journeys)
        goal = identify(runtime.journeys, person)
    saves = commit_between_load_and_save(
        runtime.journeys,
        monkeypatch,
        lambda: other_process.journeys.add_narrative_entry(person, "Started volunteering"),
    )
    with acting_as(ALICE):
        step: UUID = plan(runtime.journeys, goal)
    assert len(saves) == 2  # refused once (the person moved on), then saved
    with acting_as(ALICE):
        assert runtime.journeys.repository.get(step).goal_id == goal


def test_a_command_that_races_nobody_is_saved_at_the_first_attempt(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    with acting_as(ALICE):
        person = register(runtime.journeys)
        goal = identify(runtime.journeys, person)
    saves = commit_between_load_and_save(runtime.journeys, monkeypatch, lambda: None)
    with acting_as(ALICE):
        plan(runtime.journeys, goal)
    assert len(saves) == 1
