"""Goals and steps stored before they could be linked to treatment preferences still load,
take commands and show in the care plan, linked to none."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID, uuid4

from application.journeys import RecoveryJourneys
from application.storage.urls import store_env
from domain.actor import Actor, Role, acting_as
from domain.goal import Goal
from domain.step import Step
from tests.journeys import GOAL

WORKER = Actor("alice", Role.WORKER, frozenset({"north"}))


def _copy_without_preferences(journeys: RecoveryJourneys, aggregate_id: UUID) -> UUID:
    """The aggregate's events as they were stored before ``preference_ids`` existed (and before
    encryption at rest: plain JSON), under a new id."""
    transcoder = journeys.mapper.transcoder
    copy_id = uuid4()
    old = []
    for event in journeys.recorder.select_events(aggregate_id):
        state = transcoder.decode(journeys.mapper.open(event.state))
        state.pop("preference_ids", None)
        old.append(replace(event, originator_id=copy_id, state=transcoder.encode(state)))
    journeys.recorder.insert_events(old)
    return copy_id


def test_a_goal_and_a_step_stored_without_preferences_load_linked_to_none(database_url: str) -> None:
    with acting_as(WORKER):
        journeys = RecoveryJourneys(env=store_env(database_url))
        person = journeys.register_person("Sam", "north").id
        goal = journeys.identify_goal(person, **GOAL).id
        step = journeys.plan_step(goal, "Look up classes", "independent").id
        old_goal = _copy_without_preferences(journeys, goal)
        old_step = _copy_without_preferences(journeys, step)
        preference = journeys.record_treatment_preference(person, "At my pace", in_own_words=True).id

        loaded_goal, loaded_step = journeys.repository.get(old_goal), journeys.repository.get(old_step)
        assert isinstance(loaded_goal, Goal) and isinstance(loaded_step, Step)
        assert (loaded_goal.preference_ids, loaded_step.preference_ids) == ([], [])
        journeys.link_goal(old_goal, preference_ids=[preference], expected_version=1)
        journeys.link_step(old_step, [preference], expected_version=1)
        assert journeys.repository.get(old_goal).preference_ids == [preference]
        assert journeys.repository.get(old_step).preference_ids == [preference]
        journeys.close()
