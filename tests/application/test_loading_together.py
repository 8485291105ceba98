"""A command on a goal or step reads it, its goal and its person in one query.

On each store (in memory, a SQLite file, PostgreSQL): the recorders' one-query
read answers exactly what the per-aggregate reads answer, a command on a known
step reads the store once, and a process that never saw the step still gets it
right (it reads the step alone once, to learn its goal and person).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.postgres import PostgresApplicationRecorder

from domain.actor import acting_as
from domain.errors import RuleViolationError
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import ALICE, SECRET
from tests.journeys import identify, plan, register


def count_calls(monkeypatch: pytest.MonkeyPatch, target: Any, name: str) -> list[int]:
    calls: list[int] = []
    original: Callable[..., Any] = getattr(target, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, counted)
    return calls


def test_one_query_answers_what_reading_each_aggregate_answers(runtime_on_store: Runtime) -> None:
    journeys = runtime_on_store.journeys
    with acting_as(ALICE):
        person = register(journeys)
        goal = identify(journeys, person)
        step = plan(journeys, goal)
        journeys.start_step(step)
        journeys.complete_step(step)
        someone_else = register(journeys, name="Kim")
        identify(journeys, someone_else)
    recorder: Any = journeys.recorder

    together = recorder.select_events_of((step, goal, person))

    expected = {
        (e.originator_id, e.originator_version, e.topic, e.state)
        for aggregate in (step, goal, person)
        for e in recorder.select_events(aggregate)
    }
    assert {(e.originator_id, e.originator_version, e.topic, e.state) for e in together} == expected
    assert len(together) == len(expected) == 5
    step_versions = [e.originator_version for e in together if e.originator_id == step]
    assert step_versions == sorted(step_versions) and len(step_versions) == 3
    assert recorder.select_events_of((someone_else,)) != []
    assert all(e.originator_id == someone_else for e in recorder.select_events_of((someone_else,)))


def test_a_command_on_a_known_step_reads_the_store_once(
    runtime_on_store: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    journeys = runtime_on_store.journeys
    with acting_as(ALICE):
        step = plan(journeys, identify(journeys, register(journeys)))
    one_by_one = count_calls(monkeypatch, journeys.repository, "get")
    together = count_calls(monkeypatch, journeys.recorder, "select_events_of")

    with acting_as(ALICE):
        started = journeys.start_step(step)

    assert (len(together), len(one_by_one)) == (1, 0)
    assert started.version == 2


def test_a_process_that_never_saw_the_step_reads_it_once_to_learn_its_parents(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two processes share a SQLite file or a PostgreSQL database (``settings``: both).
    with Runtime(settings) as first, Runtime(settings) as second:
        with acting_as(ALICE):
            step = plan(first.journeys, identify(first.journeys, register(first.journeys)))
        one_by_one = count_calls(monkeypatch, second.journeys.repository, "get")
        together = count_calls(monkeypatch, second.journeys.recorder, "select_events_of")

        with acting_as(ALICE):
            assert second.journeys.start_step(step).version == 2
            # The step alone first, to learn whose journey it is; then all three together.
            assert (len(one_by_one), len(together)) == (1, 1)
            assert second.journeys.complete_step(step).version == 3
            assert (len(one_by_one), len(together)) == (1, 2)


def test_a_goal_closed_elsewhere_stops_a_command_on_its_known_step(settings: Settings) -> None:
    with Runtime(settings) as first, Runtime(settings) as second, acting_as(ALICE):
        goal = identify(first.journeys, register(first.journeys))
        step = plan(first.journeys, goal)
        second.journeys.achieve_goal(goal)
        # The step's parents are remembered; the goal itself is read afresh, closed.
        with pytest.raises(RuleViolationError) as refused:
            first.journeys.start_step(step)
    assert refused.value.rule == "goal_closed"


@pytest.mark.postgres
def test_the_guard_and_the_insert_lock_the_events_table_once(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=postgres_url, secret_key=SECRET)
    with Runtime(settings) as runtime:
        with acting_as(ALICE):
            step = plan(runtime.journeys, identify(runtime.journeys, register(runtime.journeys)))
        locks = count_calls(monkeypatch, PostgresApplicationRecorder, "_lock_table")
        with acting_as(ALICE):
            runtime.journeys.start_step(step)
        assert locks == [1]
