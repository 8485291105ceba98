"""The person's order of their goals, through the application, on each kind of store: which goals
an order may name, what the care plan answers, and the rule across aggregates between processes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID, uuid4

import pytest

from application.journeys import RecoveryJourneys
from domain.actor import acting_as
from domain.errors import InvalidInputError, PersonNotFoundError
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from projections import replay
from projections.history import fold
from tests.application.test_rules_between_processes import commit_between_load_and_save, event_count
from tests.conftest import ADMIN, ALICE, BOB_SOUTH
from tests.journeys import identify, register


def plan_order(runtime: Runtime, person: UUID) -> list[str]:
    runtime.projector.catch_up()
    return [goal["statement"] for goal in runtime.views.care_plan(person, ADMIN)["goals"]]


def goals(journeys: RecoveryJourneys, person: UUID, *statements: str) -> list[UUID]:
    return [identify(journeys, person, statement=statement, in_own_words=True) for statement in statements]


def test_the_care_plan_answers_goals_in_the_persons_order_and_the_others_after_as_they_were(
    runtime_on_store: Runtime,
) -> None:
    journeys = runtime_on_store.journeys
    with acting_as(ALICE):
        sam = register(journeys)
        walk, cook, dance, sing = goals(journeys, sam, "Walk", "Cook", "Dance", "Sing")
        journeys.prioritise_goals(sam, [dance, walk])
        assert plan_order(runtime_on_store, sam) == ["Dance", "Walk", "Cook", "Sing"]

        paint = goals(journeys, sam, "Paint")[0]
        journeys.pause_goal(walk)
        journeys.achieve_goal(dance)
        assert plan_order(runtime_on_store, sam) == ["Walk", "Cook", "Sing", "Paint"]

        journeys.prioritise_goals(sam, [paint, sing, cook, walk])
        assert plan_order(runtime_on_store, sam) == ["Paint", "Sing", "Cook", "Walk"]
        journeys.prioritise_goals(sam, [])
        assert plan_order(runtime_on_store, sam) == ["Walk", "Cook", "Sing", "Paint"]

    recorded = runtime_on_store.history.events(sam, ADMIN)
    incremental = replay.IncrementalPlan()
    for item in recorded:
        incremental.apply(item)
    plan = incremental.plan()
    assert plan is not None
    assert [goal["statement"] for goal in plan["goals"]] == ["Walk", "Cook", "Sing", "Paint"]


def test_the_journey_document_keeps_the_order_as_given(runtime_on_store: Runtime) -> None:
    journeys = runtime_on_store.journeys
    with acting_as(ALICE):
        sam = register(journeys)
        walk, cook = goals(journeys, sam, "Walk", "Cook")
        journeys.prioritise_goals(sam, [cook, walk])
    runtime_on_store.projector.catch_up()
    document = fold(runtime_on_store.history.events(sam, ADMIN)).document
    assert document["goal_priority"] == [str(cook), str(walk)]


def refused_order(journeys: RecoveryJourneys, person: UUID, order: list[UUID]) -> InvalidInputError:
    before = journeys.recorder.max_notification_id()
    with pytest.raises(InvalidInputError) as refused:
        journeys.prioritise_goals(person, order)
    assert journeys.recorder.max_notification_id() == before, "a refused order wrote an event"
    return refused.value


def test_an_order_may_name_only_open_goals_of_this_person(runtime_on_store: Runtime) -> None:
    journeys = runtime_on_store.journeys
    with acting_as(ALICE):
        sam, kim = register(journeys), register(journeys, name="Kim")
        walk, cook, dance = goals(journeys, sam, "Walk", "Cook", "Dance")
        [kims] = goals(journeys, kim, "Swim")
        journeys.discontinue_goal(dance, "Changed mind")
        journeys.pause_goal(cook)
        step = journeys.plan_step(walk, "Buy shoes", "independent").id

        cases: list[tuple[list[Any], str]] = [
            ([walk, kims], "goal_ids[1]"),
            ([dance], "goal_ids[0]"),
            ([cook, walk, uuid4()], "goal_ids[2]"),
            ([walk, step], "goal_ids[1]"),
            ([sam], "goal_ids[0]"),
            ([cook, walk, cook], "goal_ids[2]"),
        ]
        for order, field in cases:
            assert refused_order(journeys, sam, order).field == field, order

        journeys.prioritise_goals(sam, [cook, walk])  # a paused goal is open: the person may put it first
    assert plan_order(runtime_on_store, sam) == ["Cook", "Walk"]


def test_a_person_outside_the_callers_teams_is_not_found(runtime_on_store: Runtime) -> None:
    journeys = runtime_on_store.journeys
    with acting_as(ALICE):
        sam = register(journeys)
        [walk] = goals(journeys, sam, "Walk")
    with acting_as(BOB_SOUTH), pytest.raises(PersonNotFoundError):
        journeys.prioritise_goals(sam, [walk])


@pytest.fixture
def other_process(settings: Settings) -> Iterator[Runtime]:
    with Runtime(settings) as runtime:
        yield runtime


def test_an_order_naming_a_goal_another_process_just_closed_is_refused(
    runtime: Runtime, other_process: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    with acting_as(ALICE):
        sam = register(runtime.journeys)
        walk, cook = goals(runtime.journeys, sam, "Walk", "Cook")
    before = event_count(runtime)
    saves = commit_between_load_and_save(
        runtime.journeys, monkeypatch, lambda: other_process.journeys.achieve_goal(cook)
    )
    with acting_as(ALICE), pytest.raises(InvalidInputError) as refused:
        runtime.journeys.prioritise_goals(sam, [walk, cook])
    assert refused.value.field == "goal_ids[1]"
    assert len(saves) == 1, "the retry loaded the achieved goal and refused before saving"
    assert event_count(runtime) == before + 1, "only GoalAchieved"
