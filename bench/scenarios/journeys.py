"""The journeys the scenarios write and read: many people at once, or one long journey."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from typing import Any
from uuid import UUID

from application.journeys import RecoveryJourneys
from bench.harness import TEAM, WORKER
from bench.load import GOAL
from domain.actor import Actor, acting_as
from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from interfaces.cli import progress_bar
from interfaces.runtime import Runtime


def populate(rt: Runtime, people: int, events_per_person: int, team: str = TEAM) -> list[UUID]:
    """Journeys written through the application's aggregates, one atomic save per person.

    Each person: registered, then goals, each with steps planned and started
    (11 events a goal), until ``events_per_person`` events; all in ``team``.
    """
    goals_per_person = max(1, (events_per_person - 1) // 11)
    ids: list[UUID] = []
    show = progress_bar(sys.stderr, time.monotonic())
    total = people * (1 + goals_per_person * 11)
    written = 0
    with acting_as(Actor(WORKER.subject, WORKER.role, frozenset({team}))):
        for i in range(people):
            person = Person.register(f"Person {i}", team)
            changed: list[Any] = [person]
            for g in range(goals_per_person):
                goal = Goal.identify(person, **{**GOAL, "statement": f"Goal {g} of person {i}"})
                changed.append(goal)
                for s in range(5):
                    step = Step.plan(goal, description=f"Step {s}", mode="independent")
                    step.start()
                    changed.append(step)
            rt.journeys.save(*changed)
            ids.append(person.id)
            written += 1 + goals_per_person * 11
            if i % 50 == 0 or i == people - 1:
                show(written, total)
    sys.stderr.write("\n")
    return ids


def long_journey(rt: Runtime, events: int) -> UUID:
    """One person with exactly ``events`` events, written command by command through the application.

    The views are left behind: P2 rebuilds them next, or the caller catches them up.
    """
    with acting_as(WORKER):
        return build_journey(rt, events)


def build_journey(runtime: Runtime, events: int) -> UUID:
    """A journey of exactly ``events`` events: goals, steps moving along, values linked."""
    person = runtime.journeys.register_person("Sam", TEAM).id
    commands = _commands(runtime.journeys, person)
    for _ in range(events - 1):
        next(commands)
    return person


def _commands(journeys: RecoveryJourneys, person: UUID) -> Iterator[None]:
    """Runs one command (one event) each time it is advanced."""
    n = 0
    while True:
        n += 1
        goal = journeys.identify_goal(person, **{**GOAL, "statement": f"Goal {n}"}).id
        yield
        value = journeys.record_value(person, "other_identity", f"Value {n}", True, "visual").id
        yield
        journeys.link_goal(goal, [value])
        yield
        for i in range(4):
            step = journeys.plan_step(goal, f"Step {n}.{i}", "joint", ["sister"]).id
            yield
            journeys.start_step(step)
            yield
            journeys.complete_step(step)
            yield
        if n % 3 == 0:
            journeys.achieve_goal(goal)
            yield
