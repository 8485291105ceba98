"""The unit of work on each store (in memory, a SQLite file, PostgreSQL).

A command is a function of a transaction: it runs again, on a fresh transaction,
when another writer came first; the transaction loads with the actor's visibility
and checks expected versions; the outcome names what the command created; a
request repeated under its idempotency key is answered without running again.

A second ``UnitOfWork`` on the same application stands for another process: it
has its own journey locks and remembered parents, and shares only the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from application.errors import ConcurrentUpdateError, VersionMismatchError
from application.idempotency import IdempotencyKeyReusedError, IdempotentRequest, idempotent
from application.journeys import RecoveryJourneys
from application.unit_of_work import COMMAND_ATTEMPTS, Transaction, UnitOfWork
from domain.actor import acting_as
from domain.errors import (
    GoalNotFoundError,
    NotFoundError,
    NotPermittedError,
    PersonNotFoundError,
    RuleViolationError,
    StepNotFoundError,
)
from domain.step import Step
from interfaces.runtime import Runtime
from tests.conftest import ALICE, BOB_SOUTH, SUPERVISOR
from tests.journeys import identify, plan, register


@dataclass(frozen=True)
class Journey:
    person: UUID
    goal: UUID
    step: UUID


@pytest.fixture
def journeys(runtime_on_store: Runtime) -> RecoveryJourneys:
    return runtime_on_store.journeys


@pytest.fixture
def uow(journeys: RecoveryJourneys) -> UnitOfWork:
    return UnitOfWork(journeys)


@pytest.fixture
def other_process(journeys: RecoveryJourneys) -> UnitOfWork:
    return UnitOfWork(journeys)


@pytest.fixture
def sam(journeys: RecoveryJourneys) -> Journey:
    with acting_as(ALICE):
        person = register(journeys)
        goal = identify(journeys, person)
        return Journey(person, goal, plan(journeys, goal))


def event_types(journeys: RecoveryJourneys, aggregate_id: UUID) -> list[str]:
    return [type(e).__name__ for e in journeys.events.get(aggregate_id)]


def event_count(journeys: RecoveryJourneys) -> int:
    # Counted, not read off the newest id: PostgreSQL's ids skip those of rolled-back saves.
    return len(journeys.recorder.select_notifications(start=None, limit=10_000))


def reschedule(uow: UnitOfWork, step_id: UUID, day: int) -> None:
    uow.run_on_step(step_id, lambda tx: tx.step(step_id).reschedule(date(2026, 2, day)))


# Running again after another writer


def test_a_command_runs_again_on_a_fresh_transaction_when_another_writer_came_first(
    journeys: RecoveryJourneys, uow: UnitOfWork, other_process: UnitOfWork, sam: Journey
) -> None:
    versions_seen: list[int] = []

    def start(tx: Transaction) -> None:
        step = tx.step(sam.step)
        versions_seen.append(step.version)
        if len(versions_seen) == 1:
            reschedule(other_process, sam.step, 1)
        step.start("Looked online")

    with acting_as(ALICE):
        outcome = uow.run_on_step(sam.step, start)

    assert versions_seen == [1, 2]
    assert (outcome.id, outcome.version) == (sam.step, 3)
    assert event_types(journeys, sam.step) == ["StepPlanned", "StepRescheduled", "StepStarted"]


def test_a_command_runs_again_when_an_aggregate_it_only_read_changed_before_its_save(
    journeys: RecoveryJourneys, uow: UnitOfWork, other_process: UnitOfWork, sam: Journey
) -> None:
    attempts: list[int] = []

    def plan_then_let_the_goal_close(tx: Transaction) -> None:
        goal = tx.goal(sam.goal)
        attempts.append(goal.version)
        tx.add(Step.plan(goal, description="Buy shoes", mode="independent", with_whom=(), due=None))
        if len(attempts) == 1:
            other_process.run_on_goal(sam.goal, lambda t: t.goal(sam.goal).achieve("Danced!"))

    before = event_count(journeys)
    with acting_as(ALICE), pytest.raises(RuleViolationError) as refused:
        uow.run_on_goal(sam.goal, plan_then_let_the_goal_close)

    assert refused.value.rule == "goal_closed"
    assert attempts == [1, 2], "the second attempt read the goal, achieved, and planned nothing"
    assert event_count(journeys) == before + 1, "only the other process's GoalAchieved"


def test_a_command_that_never_wins_a_race_is_refused_and_writes_nothing_of_its_own(
    journeys: RecoveryJourneys, uow: UnitOfWork, other_process: UnitOfWork, sam: Journey
) -> None:
    attempts: list[int] = []

    def start(tx: Transaction) -> None:
        step = tx.step(sam.step)
        attempts.append(step.version)
        reschedule(other_process, sam.step, len(attempts))
        step.start()

    with acting_as(ALICE), pytest.raises(ConcurrentUpdateError):
        uow.run_on_step(sam.step, start)

    assert len(attempts) == COMMAND_ATTEMPTS
    assert event_types(journeys, sam.step) == ["StepPlanned"] + ["StepRescheduled"] * COMMAND_ATTEMPTS


# Loading with visibility


LOADS: dict[str, tuple[Callable[[Transaction, Journey], Any], type[NotFoundError]]] = {
    "person": (lambda tx, x: tx.person(x.person), PersonNotFoundError),
    "goal": (lambda tx, x: tx.goal(x.goal), GoalNotFoundError),
    "goal-and-person": (lambda tx, x: tx.goal_and_person(x.goal), GoalNotFoundError),
    "step": (lambda tx, x: tx.step(x.step), StepNotFoundError),
}


@pytest.mark.parametrize("load", list(LOADS))
def test_a_transaction_finds_no_journey_outside_the_actors_teams(
    journeys: RecoveryJourneys, uow: UnitOfWork, sam: Journey, load: str
) -> None:
    loader, not_found = LOADS[load]
    before = event_count(journeys)
    with acting_as(BOB_SOUTH), pytest.raises(not_found) as refused:
        uow.run(sam.person, lambda tx: loader(tx, sam))

    assert type(refused.value) is not_found
    assert refused.value.resource_id == getattr(sam, load.split("-")[0])
    assert event_count(journeys) == before


@pytest.mark.parametrize("load", list(LOADS))
def test_a_transaction_lets_a_supervisor_see_a_journey_but_not_change_it(
    uow: UnitOfWork, sam: Journey, load: str
) -> None:
    loader, _ = LOADS[load]
    with acting_as(SUPERVISOR), pytest.raises(NotPermittedError) as refused:
        uow.run(sam.person, lambda tx: loader(tx, sam))

    assert str(refused.value) == "supervisors read journeys; they do not change them"


@pytest.mark.parametrize(
    ("actor", "message"),
    [
        (SUPERVISOR, "supervisors read journeys; they do not change them"),
        (BOB_SOUTH, "people can only be registered in one of your own teams"),
    ],
    ids=["supervisor", "worker-of-another-team"],
)
def test_registering_is_refused_to_a_supervisor_and_outside_the_actors_teams(
    uow: UnitOfWork, actor: Any, message: str
) -> None:
    with acting_as(actor), pytest.raises(NotPermittedError) as refused:
        uow.run(None, lambda tx: tx.check_may_register_in("north"))

    assert str(refused.value) == message


def test_a_transaction_does_not_find_an_id_of_another_kind(uow: UnitOfWork, sam: Journey) -> None:
    found: list[Step | None] = []

    def look_for_the_goal_as_a_step(tx: Transaction) -> None:
        found.append(tx.find(sam.goal, Step))
        tx.step(sam.goal)

    with acting_as(ALICE), pytest.raises(StepNotFoundError) as refused:
        uow.run(sam.person, look_for_the_goal_as_a_step)

    assert found == [None]
    assert refused.value.resource_id == sam.goal


# Versions


@pytest.mark.parametrize(
    ("load", "target"),
    [
        pytest.param(lambda tx, x, v: tx.person(x.person, v), "person", id="person"),
        pytest.param(lambda tx, x, v: tx.goal(x.goal, v), "goal", id="goal"),
        pytest.param(lambda tx, x, v: tx.step(x.step, v), "step", id="step"),
    ],
)
def test_a_transaction_refuses_an_aggregate_at_another_version_than_expected(
    uow: UnitOfWork, sam: Journey, load: Callable[[Transaction, Journey, int], Any], target: str
) -> None:
    with acting_as(ALICE), pytest.raises(VersionMismatchError) as refused:
        uow.run(sam.person, lambda tx: load(tx, sam, 7))

    assert (refused.value.expected, refused.value.current) == (7, 1)


def test_a_transaction_records_what_it_changed_and_the_versions_of_what_it_only_read(
    uow: UnitOfWork, sam: Journey
) -> None:
    with acting_as(ALICE):
        tx = Transaction(uow)
        tx.step(sam.step).start()
        changed, only_read = tx.changes()

    assert [aggregate.id for aggregate in changed] == [sam.step]
    assert only_read == {sam.goal: 1, sam.person: 1}


# Outcomes


def test_the_outcome_names_the_entity_a_command_created_inside_the_person(
    journeys: RecoveryJourneys, uow: UnitOfWork, sam: Journey
) -> None:
    with acting_as(ALICE):
        outcome = uow.run(
            sam.person,
            lambda tx: tx.person(sam.person).record_value(
                "religion_spirituality", "Quiet", True, "conversational"
            ),
        )

    person = journeys.repository.get(sam.person)
    assert outcome.id in person.values
    assert outcome.version == person.version == 2


def test_the_outcome_names_a_new_aggregate_rather_than_the_ones_it_read(
    journeys: RecoveryJourneys, uow: UnitOfWork, sam: Journey
) -> None:
    def plan_step(tx: Transaction) -> None:
        tx.add(
            Step.plan(tx.goal(sam.goal), description="Buy shoes", mode="independent", with_whom=(), due=None)
        )

    with acting_as(ALICE):
        outcome = uow.run_on_goal(sam.goal, plan_step)

    assert outcome.id not in (sam.goal, sam.person)
    assert event_types(journeys, outcome.id) == ["StepPlanned"]
    assert outcome.version == 1


# Idempotency


def test_a_request_repeated_under_its_key_is_answered_from_its_outcome_without_running_again(
    journeys: RecoveryJourneys, uow: UnitOfWork, sam: Journey
) -> None:
    runs: list[int] = []

    def assign(tx: Transaction) -> None:
        # A repeat runs the command only up to its check of the actor's right.
        person = tx.person(sam.person)
        runs.append(1)
        person.assign_key_worker(f"worker-{len(runs)}")

    first, repeated = (IdempotentRequest("alice", "key-1", "same request") for _ in range(2))
    with acting_as(ALICE):
        with idempotent(first):
            answered = uow.run(sam.person, assign)
        before = event_count(journeys)
        with idempotent(repeated):
            answered_again = uow.run(sam.person, assign)

    assert answered_again == answered
    assert runs == [1]
    assert (first.replayed, repeated.replayed) == (False, True)
    assert event_count(journeys) == before
    assert journeys.repository.get(sam.person).key_worker_id == "worker-1"


def test_a_key_used_again_for_another_request_is_refused(uow: UnitOfWork, sam: Journey) -> None:
    with acting_as(ALICE):
        with idempotent(IdempotentRequest("alice", "key-1", "one request")):
            uow.run(sam.person, lambda tx: tx.person(sam.person).assign_key_worker("carol"))
        with (
            idempotent(IdempotentRequest("alice", "key-1", "another request")),
            pytest.raises(IdempotencyKeyReusedError),
        ):
            uow.run(sam.person, lambda tx: tx.person(sam.person).assign_key_worker("dave"))
