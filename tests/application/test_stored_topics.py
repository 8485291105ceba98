"""Events stored under a module's earlier name still load after the module moved."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from application.journeys import RecoveryJourneys
from application.storage.urls import store_env
from domain.actor import Actor, Role, acting_as
from domain.step import Step
from domain.vocabulary import StepStatus

WORKER = Actor("alice", Role.WORKER, frozenset({"north"}))


def test_a_step_stored_as_domain_action_loads_and_takes_commands(tmp_path):
    url = f"sqlite:///{tmp_path / 'refocus.db'}"
    with acting_as(WORKER):
        journeys = RecoveryJourneys(env=store_env(url))
        person = journeys.register_person("Sam", "north")
        goal = journeys.identify_goal(
            person.id,
            statement="I want to dance again",
            identified_by="person",
            orientation="approach",
            life_domain="occupational",
            responsibility="person",
        )
        step = journeys.plan_step(goal.id, "Look up classes", "independent", due=date(2027, 1, 5))
        journeys.start_step(step.id)
        stored = journeys.recorder.select_events(step.id)
        assert [event.topic for event in stored] == [
            "domain.step:Step.StepPlanned",
            "domain.step:Step.StepStarted",
        ]
        journeys.close()

        # Rewrite the step's events as they were stored when Step lived in domain.action.
        old = [
            replace(
                event,
                topic=event.topic.replace("domain.step:", "domain.action:"),
                state=event.state.replace(b"domain.step:Step", b"domain.action:Step"),
            )
            for event in stored
        ]
        assert b"domain.action:Step" in old[0].state
        journeys = RecoveryJourneys(env=store_env(url))
        with journeys.recorder.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            cursor.execute("DELETE FROM stored_events WHERE originator_id = ?", (step.id.hex,))
        journeys.recorder.insert_events(old)
        assert journeys.recorder.select_events(step.id)[0].topic == ("domain.action:Step.StepPlanned")

        loaded = journeys.repository.get(step.id)
        assert isinstance(loaded, Step)
        assert loaded.status is StepStatus.STARTED
        assert loaded.description == "Look up classes"
        journeys.complete_step(step.id, expected_version=2)
        assert journeys.repository.get(step.id).status is StepStatus.COMPLETED
        journeys.close()
