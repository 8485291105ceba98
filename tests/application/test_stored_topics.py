"""Events stored under a module's earlier name still load after the module moved."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import uuid4

from application.journeys import RecoveryJourneys
from application.storage.urls import store_env
from domain.actor import Actor, Role, acting_as
from domain.step import Step
from domain.vocabulary import StepStatus

WORKER = Actor("alice", Role.WORKER, frozenset({"north"}))


def test_a_step_stored_as_domain_action_loads_and_takes_commands(database_url: str) -> None:
    with acting_as(WORKER):
        journeys = RecoveryJourneys(env=store_env(database_url))
        person = journeys.register_person("Sam", "north")
        goal = journeys.identify_goal(
            person.id,
            statement="I want to dance again",
            identified_by="person",
            orientation="approach",
            life_domain="occupational",
            responsibility="person",
            in_own_words=True,
        )
        step = journeys.plan_step(goal.id, "Look up classes", "independent", due=date(2027, 1, 5))
        journeys.start_step(step.id)
        stored = journeys.recorder.select_events(step.id)
        assert [event.topic for event in stored] == [
            "domain.step:Step.StepPlanned",
            "domain.step:Step.StepStarted",
        ]

        # The same events as they were stored while Step lived in domain.action (in plain JSON,
        # before encryption at rest), under an id of their own (a stored state holds no originator id).
        old_id = uuid4()
        old = [
            replace(
                event,
                originator_id=old_id,
                topic=event.topic.replace("domain.step:", "domain.action:"),
                state=journeys.mapper.open(event.state).replace(b"domain.step:Step", b"domain.action:Step"),
            )
            for event in stored
        ]
        assert b"domain.action:Step" in old[0].state
        journeys.recorder.insert_events(old)
        assert journeys.recorder.select_events(old_id)[0].topic == "domain.action:Step.StepPlanned"
        journeys.close()

        journeys = RecoveryJourneys(env=store_env(database_url))
        loaded = journeys.repository.get(old_id)
        assert isinstance(loaded, Step)
        assert loaded.status is StepStatus.STARTED
        assert loaded.description == "Look up classes"
        journeys.complete_step(old_id, expected_version=2)
        assert journeys.repository.get(old_id).status is StepStatus.COMPLETED
        journeys.close()
