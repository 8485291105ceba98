"""The recovery journeys application: outcomes, visibility and permissions, versions,
closed goals, concurrent writers, and a round trip through a SQLite file.

Most tests use the in-memory store (``memory_runtime``): real code, not a mock.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import Context
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from threading import Barrier
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import IntegrityError

from application.errors import ConcurrentUpdateError, VersionMismatchError
from application.journeys import CommandOutcome, RecoveryJourneys
from application.storage.urls import store_env
from application.unit_of_work import COMMAND_ATTEMPTS
from domain.actor import Actor, Role, acting_as
from domain.errors import (
    GoalNotFoundError,
    InvalidInputError,
    JourneyError,
    MissingActorError,
    NotFoundError,
    NotPermittedError,
    PersonNotFoundError,
    RuleViolationError,
    StepNotFoundError,
)
from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from domain.vocabulary import GoalStatus, LifeDomain, Orientation, PersonStatus, StepMode, StepStatus
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import ADMIN, ALICE, BOB_SOUTH, SUPERVISOR
from tests.journeys import GOAL, identify, plan, register

#: A worker in both teams, who may move a person from one to the other.
ALICE_NORTH_AND_SOUTH = Actor("alice", Role.WORKER, frozenset({"north", "south"}))

#: A supervisor, but of team south: people in north are not theirs to see.
SOUTH_SUPERVISOR = Actor("sol", Role.SUPERVISOR, frozenset({"south"}))


@dataclass(frozen=True)
class Journey:
    """A person in team north with one active goal and one planned step."""

    person: UUID
    goal: UUID
    step: UUID


Command = Callable[[RecoveryJourneys, Journey], CommandOutcome]

#: Every command on a person, each valid on a fresh journey.
PERSON_COMMANDS: dict[str, Command] = {
    "assign_key_worker": lambda j, x: j.assign_key_worker(x.person, "carol"),
    "transfer_person": lambda j, x: j.transfer_person(x.person, "south"),
    "discharge_person": lambda j, x: j.discharge_person(x.person, "Moved away"),
    "make_working_agreement": lambda j, x: j.make_working_agreement(x.person, "Weekly, at the café"),
    "identify_goal": lambda j, x: j.identify_goal(x.person, **GOAL),
    "prioritise_goals": lambda j, x: j.prioritise_goals(x.person, [x.goal]),
}
#: Every command on a goal, each valid on a fresh journey.
GOAL_COMMANDS: dict[str, Command] = {
    "reframe_goal": lambda j, x: j.reframe_goal(x.goal, "I want to dance at the festival", "approach"),
    "revise_goal": lambda j, x: j.revise_goal(x.goal, life_domain="health"),
    "record_grow": lambda j, x: j.record_grow(x.goal, reality="I get breathless"),
    "pause_goal": lambda j, x: j.pause_goal(x.goal, "Holiday"),
    "achieve_goal": lambda j, x: j.achieve_goal(x.goal, "Danced!"),
    "discontinue_goal": lambda j, x: j.discontinue_goal(x.goal, "Not for me"),
    "plan_step": lambda j, x: j.plan_step(x.goal, "Buy shoes", "independent"),
}
#: Every command on a step, each valid on a fresh journey.
STEP_COMMANDS: dict[str, Command] = {
    "start_step": lambda j, x: j.start_step(x.step, "Looked online"),
    "complete_step": lambda j, x: j.complete_step(x.step, "Done"),
    "drop_step": lambda j, x: j.drop_step(x.step, "Not needed"),
    "reschedule_step": lambda j, x: j.reschedule_step(x.step, date(2026, 2, 1)),
    "change_step_mode": lambda j, x: j.change_step_mode(x.step, "joint", ["sister"]),
}

#: (command, what an actor who cannot see the person is told)
EVERY_COMMAND = [
    *[pytest.param(c, PersonNotFoundError, id=n) for n, c in PERSON_COMMANDS.items()],
    *[pytest.param(c, GoalNotFoundError, id=n) for n, c in GOAL_COMMANDS.items()],
    *[pytest.param(c, StepNotFoundError, id=n) for n, c in STEP_COMMANDS.items()],
]
GOAL_AND_STEP_COMMANDS = [
    *[pytest.param(c, id=n) for n, c in GOAL_COMMANDS.items()],
    *[pytest.param(c, id=n) for n, c in STEP_COMMANDS.items()],
]


@pytest.fixture
def journeys(memory_runtime: Runtime) -> RecoveryJourneys:
    return memory_runtime.journeys


@pytest.fixture
def sam(journeys: RecoveryJourneys) -> Journey:
    with acting_as(ALICE):
        person = register(journeys)
        goal = identify(journeys, person)
        step = plan(journeys, goal, due=date(2026, 1, 13))
    return Journey(person, goal, step)


def head(journeys: RecoveryJourneys) -> int:
    """The position of the newest event in the store (0 when it is empty)."""
    return journeys.recorder.max_notification_id() or 0


@contextmanager
def writes_nothing(
    journeys: RecoveryJourneys, error: type[BaseException]
) -> Iterator[pytest.ExceptionInfo[Any]]:
    """Expect ``error``, and that not one event was written to the store."""
    before = head(journeys)
    with pytest.raises(error) as info:
        yield info
    assert head(journeys) == before, "a refused command wrote events"


def addressed(journey: Journey, not_found: type[NotFoundError]) -> UUID:
    """The id a command that reports ``not_found`` was addressed to."""
    kinds = {
        PersonNotFoundError: journey.person,
        GoalNotFoundError: journey.goal,
        StepNotFoundError: journey.step,
    }
    return kinds[not_found]


def last_event(journeys: RecoveryJourneys, aggregate_id: UUID) -> Any:
    [event] = journeys.events.get(aggregate_id, desc=True, limit=1)
    return event


def event_types(journeys: RecoveryJourneys, aggregate_id: UUID) -> list[str]:
    return [type(e).__name__ for e in journeys.events.get(aggregate_id)]


# Outcomes


def test_each_command_returns_the_aggregate_its_new_version_and_a_later_position(
    journeys: RecoveryJourneys,
) -> None:
    with acting_as(ALICE):
        registered = journeys.register_person("Sam", "north")
        agreed = journeys.make_working_agreement(registered.id, "Weekly", date(2026, 3, 1))
        identified = journeys.identify_goal(registered.id, **GOAL)
        planned = journeys.plan_step(identified.id, "Find a class", "independent")
        started = journeys.start_step(planned.id)

    outcomes = [registered, agreed, identified, planned, started]
    assert all(isinstance(o, CommandOutcome) for o in outcomes)
    assert [(o.id, o.version) for o in outcomes] == [
        (registered.id, 1),
        (registered.id, 2),
        (identified.id, 1),
        (planned.id, 1),
        (planned.id, 2),
    ]
    positions = [o.position for o in outcomes]
    assert positions == sorted(set(positions)), "positions must strictly increase"
    assert positions[-1] == head(journeys)
    assert journeys.repository.get(planned.id).version == started.version


def test_commands_record_the_acting_worker_on_every_event(journeys: RecoveryJourneys, sam: Journey) -> None:
    with acting_as(ALICE):
        journeys.start_step(sam.step)

    for aggregate_id in (sam.person, sam.goal, sam.step):
        events = list(journeys.events.get(aggregate_id))
        assert events
        assert {(e.actor_subject, e.actor_role) for e in events} == {("alice", "worker")}


@pytest.mark.parametrize(
    ("command", "error"),
    [
        pytest.param(lambda j, x: j.register_person("   ", "north"), InvalidInputError, id="blank-name"),
        pytest.param(
            lambda j, x: j.identify_goal(x.person, **{**GOAL, "responsibility": "worker"}),
            InvalidInputError,
            id="worker-responsibility",
        ),
        pytest.param(
            lambda j, x: j.plan_step(x.goal, "Go together", "joint", []), InvalidInputError, id="joint-alone"
        ),
        pytest.param(
            lambda j, x: j.reframe_goal(x.goal, GOAL["statement"], "approach"),
            RuleViolationError,
            id="reframe-as-itself",
        ),
        pytest.param(lambda j, x: j.resume_goal(x.goal), RuleViolationError, id="resume-active-goal"),
        pytest.param(lambda j, x: j.transfer_person(x.person, "north"), RuleViolationError, id="same-team"),
        pytest.param(
            lambda j, x: j.reschedule_step(x.step, date(2026, 1, 13)), RuleViolationError, id="same-due"
        ),
        pytest.param(lambda j, x: j.drop_step(x.step, "\x00"), InvalidInputError, id="nul-reason"),
        pytest.param(
            lambda j, x: j.link_goal(x.goal, [uuid4()]), InvalidInputError, id="link-to-unknown-value"
        ),
        pytest.param(lambda j, x: j.identify_goal(uuid4(), **GOAL), PersonNotFoundError, id="unknown-person"),
        pytest.param(lambda j, x: j.start_step(uuid4()), StepNotFoundError, id="unknown-step"),
    ],
)
def test_a_refused_command_writes_no_event(
    journeys: RecoveryJourneys, sam: Journey, command: Command, error: type[JourneyError]
) -> None:
    with acting_as(ALICE), writes_nothing(journeys, error):
        command(journeys, sam)


def test_a_command_without_an_actor_is_refused_and_writes_nothing(
    journeys: RecoveryJourneys, sam: Journey
) -> None:
    with writes_nothing(journeys, MissingActorError):
        Context().run(journeys.start_step, sam.step)
    with writes_nothing(journeys, MissingActorError):
        Context().run(journeys.register_person, "Sam", "north")


# Visibility and permissions


@pytest.mark.parametrize(("command", "not_found"), EVERY_COMMAND)
def test_a_worker_is_told_a_journey_in_another_team_does_not_exist(
    journeys: RecoveryJourneys, sam: Journey, command: Command, not_found: type[NotFoundError]
) -> None:
    with acting_as(BOB_SOUTH), writes_nothing(journeys, not_found) as error:
        command(journeys, sam)

    assert type(error.value) is not_found
    assert error.value.resource_id == addressed(sam, not_found)


@pytest.mark.parametrize(("command", "not_found"), EVERY_COMMAND)
def test_a_supervisor_of_the_team_is_not_permitted_to_change_a_journey(
    journeys: RecoveryJourneys, sam: Journey, command: Command, not_found: type[NotFoundError]
) -> None:
    with acting_as(SUPERVISOR), writes_nothing(journeys, NotPermittedError):
        command(journeys, sam)


@pytest.mark.parametrize(("command", "not_found"), EVERY_COMMAND)
def test_a_supervisor_of_another_team_is_told_the_journey_does_not_exist(
    journeys: RecoveryJourneys, sam: Journey, command: Command, not_found: type[NotFoundError]
) -> None:
    with acting_as(SOUTH_SUPERVISOR), writes_nothing(journeys, not_found) as error:
        command(journeys, sam)

    assert type(error.value) is not_found
    assert error.value.resource_id == addressed(sam, not_found)


@pytest.mark.parametrize(("command", "not_found"), EVERY_COMMAND)
def test_an_admin_may_change_a_journey_in_any_team(
    journeys: RecoveryJourneys, sam: Journey, command: Command, not_found: type[NotFoundError]
) -> None:
    with acting_as(ADMIN):
        outcome = command(journeys, sam)

    assert outcome.position == head(journeys)
    event = last_event(journeys, outcome.id)
    assert (event.actor_subject, event.actor_role) == ("ada", "admin")


def test_an_admin_may_register_a_person_in_any_team(journeys: RecoveryJourneys) -> None:
    with acting_as(ADMIN):
        outcome = journeys.register_person("Sam", "east")

    person = journeys.repository.get(outcome.id)
    assert person.team_id == "east"


def test_registering_a_person_in_a_team_the_worker_is_not_in_is_not_permitted(
    journeys: RecoveryJourneys,
) -> None:
    with acting_as(ALICE), writes_nothing(journeys, NotPermittedError):
        journeys.register_person("Sam", "south")


@pytest.mark.parametrize("supervisor", [SUPERVISOR, SOUTH_SUPERVISOR], ids=["own-team", "other-team"])
def test_a_supervisor_may_not_register_a_person(journeys: RecoveryJourneys, supervisor: Actor) -> None:
    with acting_as(supervisor), writes_nothing(journeys, NotPermittedError):
        journeys.register_person("Sam", "north")


@pytest.mark.parametrize(
    ("command", "not_found"),
    [
        pytest.param(
            lambda j, x: j.discharge_person(x.goal, "moved"), PersonNotFoundError, id="goal-as-person"
        ),
        pytest.param(lambda j, x: j.identify_goal(x.step, **GOAL), PersonNotFoundError, id="step-as-person"),
        pytest.param(lambda j, x: j.pause_goal(x.person), GoalNotFoundError, id="person-as-goal"),
        pytest.param(lambda j, x: j.plan_step(x.step, "Go", "passive"), GoalNotFoundError, id="step-as-goal"),
        pytest.param(lambda j, x: j.start_step(x.goal), StepNotFoundError, id="goal-as-step"),
        pytest.param(lambda j, x: j.complete_step(x.person), StepNotFoundError, id="person-as-step"),
    ],
)
def test_an_id_of_the_wrong_kind_is_not_found(
    journeys: RecoveryJourneys, sam: Journey, command: Command, not_found: type[NotFoundError]
) -> None:
    with acting_as(ALICE), writes_nothing(journeys, not_found):
        command(journeys, sam)


def test_a_transferred_journey_is_seen_by_the_new_team_only(journeys: RecoveryJourneys, sam: Journey) -> None:
    with acting_as(ALICE_NORTH_AND_SOUTH):
        journeys.transfer_person(sam.person, "south")

    with acting_as(ALICE):
        with pytest.raises(PersonNotFoundError):
            journeys.make_working_agreement(sam.person, "Weekly")
        with pytest.raises(GoalNotFoundError):
            journeys.pause_goal(sam.goal)
        with pytest.raises(StepNotFoundError):
            journeys.start_step(sam.step)
    with acting_as(BOB_SOUTH):
        started = journeys.start_step(sam.step)

    assert journeys.repository.get(started.id).status is StepStatus.STARTED


# Versions


@pytest.mark.parametrize(
    ("command", "target"),
    [
        pytest.param(
            lambda j, x, v: j.make_working_agreement(x.person, "Weekly", expected_version=v),
            "person",
            id="person",
        ),
        pytest.param(lambda j, x, v: j.pause_goal(x.goal, expected_version=v), "goal", id="goal"),
        pytest.param(lambda j, x, v: j.start_step(x.step, expected_version=v), "step", id="step"),
    ],
)
def test_a_command_expecting_a_stale_version_is_refused_with_the_current_one(
    journeys: RecoveryJourneys, sam: Journey, command: Callable[..., CommandOutcome], target: str
) -> None:
    with acting_as(ALICE):
        journeys.assign_key_worker(sam.person, "alice")
        journeys.revise_goal(sam.goal, life_domain="health")
        journeys.reschedule_step(sam.step, date(2026, 2, 1))

        with writes_nothing(journeys, VersionMismatchError) as error:
            command(journeys, sam, 1)
        assert (error.value.expected, error.value.current) == (1, 2)

        outcome = command(journeys, sam, 2)

    assert outcome.id == getattr(sam, target)
    assert outcome.version == 3


# Closed goals and discharged people


@pytest.mark.parametrize("close", ["achieve_goal", "discontinue_goal"])
@pytest.mark.parametrize(
    "command",
    [pytest.param(c, id=n) for n, c in {**STEP_COMMANDS, "plan_step": GOAL_COMMANDS["plan_step"]}.items()],
)
def test_steps_on_a_closed_goal_are_refused(
    journeys: RecoveryJourneys, sam: Journey, close: str, command: Command
) -> None:
    with acting_as(ALICE):
        GOAL_COMMANDS[close](journeys, sam)

        with writes_nothing(journeys, RuleViolationError) as error:
            command(journeys, sam)

    assert error.value.rule == "goal_closed"
    assert journeys.repository.get(sam.step).status is StepStatus.PLANNED


def test_a_closed_goal_stays_closed_and_keeps_its_history(journeys: RecoveryJourneys, sam: Journey) -> None:
    with acting_as(ALICE):
        journeys.pause_goal(sam.goal)
        journeys.discontinue_goal(sam.goal, "Not for me")
        with writes_nothing(journeys, RuleViolationError):
            journeys.resume_goal(sam.goal)
        with writes_nothing(journeys, RuleViolationError) as error:
            journeys.reframe_goal(sam.goal, "I want to sing", "approach")

    assert error.value.rule == "goal_closed"
    assert journeys.repository.get(sam.goal).status is GoalStatus.DISCONTINUED
    assert event_types(journeys, sam.goal) == ["GoalIdentified", "GoalPaused", "GoalDiscontinued"]


@pytest.mark.parametrize(
    "command",
    [
        *[pytest.param(c, id=n) for n, c in PERSON_COMMANDS.items()],
        *GOAL_AND_STEP_COMMANDS,
    ],
)
def test_a_discharged_persons_journey_is_read_only(
    journeys: RecoveryJourneys, sam: Journey, command: Command
) -> None:
    with acting_as(ALICE):
        journeys.discharge_person(sam.person, "Moved away")

        with writes_nothing(journeys, RuleViolationError) as error:
            command(journeys, sam)

    assert error.value.rule == "person_discharged"
    assert journeys.repository.get(sam.person).status is PersonStatus.DISCHARGED


# Concurrent writers


class RacingJourneys(RecoveryJourneys):
    """The real application on the in-memory store, letting a rival command in before a save.

    Each function in ``rivals`` runs (once, in order) just before a save, after the
    command being saved has loaded and changed its aggregate: the lost-update race,
    made deterministic.
    """

    def __init__(self) -> None:
        super().__init__(env=store_env("memory://"))
        self.rivals: list[Callable[[], object]] = []
        self._rival_running = False

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        if self.rivals and not self._rival_running:
            rival = self.rivals.pop(0)
            self._rival_running = True
            try:
                rival()
            finally:
                self._rival_running = False
        return super().save(*objs, **kwargs)


@pytest.fixture
def racing() -> Iterator[RacingJourneys]:
    app = RacingJourneys()
    try:
        yield app
    finally:
        app.close()


def racing_step(app: RacingJourneys) -> UUID:
    with acting_as(ALICE):
        return plan(app, identify(app, register(app)))


def test_saving_a_stale_copy_is_refused_by_the_store_and_the_first_change_is_kept(
    journeys: RecoveryJourneys, sam: Journey
) -> None:
    stale = journeys.repository.get(sam.step)
    with acting_as(ALICE):
        journeys.start_step(sam.step)
        stale.drop("changed my mind")
    before = head(journeys)

    with pytest.raises(IntegrityError):
        journeys.save(stale)

    assert head(journeys) == before
    step = journeys.repository.get(sam.step)
    assert step.status is StepStatus.STARTED
    assert event_types(journeys, sam.step) == ["StepPlanned", "StepStarted"]


def test_a_command_that_loses_a_race_is_retried_and_its_rules_are_checked_again(
    racing: RacingJourneys,
) -> None:
    step = racing_step(racing)
    racing.rivals.append(lambda: racing.complete_step(step, "rival"))

    with acting_as(ALICE), pytest.raises(RuleViolationError) as error:
        racing.complete_step(step, "mine")

    assert error.value.rule == "step_status"
    assert not racing.rivals, "the rival command did run first"
    assert event_types(racing, step) == ["StepPlanned", "StepCompleted"]
    assert last_event(racing, step).note == "rival"


def test_a_command_that_loses_a_race_to_a_compatible_change_keeps_both(racing: RacingJourneys) -> None:
    step = racing_step(racing)
    racing.rivals.append(lambda: racing.reschedule_step(step, date(2026, 2, 1)))

    with acting_as(ALICE):
        outcome = racing.start_step(step)

    assert not racing.rivals
    assert outcome.version == 3
    assert outcome.position == head(racing)
    assert event_types(racing, step) == ["StepPlanned", "StepRescheduled", "StepStarted"]
    reloaded = racing.repository.get(step)
    assert (reloaded.status, reloaded.due) == (StepStatus.STARTED, date(2026, 2, 1))


def test_a_command_that_loses_a_race_checks_its_expected_version_again(racing: RacingJourneys) -> None:
    step = racing_step(racing)
    racing.rivals.append(lambda: racing.reschedule_step(step, date(2026, 2, 1)))

    with acting_as(ALICE), pytest.raises(VersionMismatchError) as error:
        racing.start_step(step, expected_version=1)

    assert (error.value.expected, error.value.current) == (1, 2)
    assert event_types(racing, step) == ["StepPlanned", "StepRescheduled"]


def test_a_command_that_keeps_losing_races_gives_up_and_records_nothing(racing: RacingJourneys) -> None:
    step = racing_step(racing)
    racing.rivals.extend(
        (lambda day=day: racing.reschedule_step(step, date(2026, 2, day)))
        for day in range(1, COMMAND_ATTEMPTS + 1)
    )

    with acting_as(ALICE), pytest.raises(ConcurrentUpdateError):
        racing.start_step(step)

    assert not racing.rivals
    assert event_types(racing, step) == ["StepPlanned"] + ["StepRescheduled"] * COMMAND_ATTEMPTS
    assert racing.repository.get(step).status is StepStatus.PLANNED


class PausingJourneys(RecoveryJourneys):
    """The real application on the in-memory store, pausing one command just before it saves.

    The paused command has loaded its aggregates and checked the rules; it waits for
    the rival command to finish (or for ``patience`` seconds) and then saves. Without
    per-journey serialisation the rival finishes first and the paused command writes
    on the strength of a rule check that is no longer true.
    """

    patience = 0.5

    def __init__(self) -> None:
        super().__init__(env=store_env("memory://"))
        self.pause_next_save = False
        self.rival_done = threading.Event()

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        if self.pause_next_save:
            self.pause_next_save = False
            self.rival_done.wait(self.patience)
        return super().save(*objs, **kwargs)


@pytest.fixture
def pausing() -> Iterator[PausingJourneys]:
    app = PausingJourneys()
    try:
        yield app
    finally:
        app.close()


def race_against(
    app: PausingJourneys, paused: Callable[[], object], rival: Callable[[], object]
) -> list[object]:
    """Run ``paused`` (pausing before its save) and ``rival`` at once; return what each raised or answered."""
    outcomes: list[object] = [None, None]
    started = threading.Event()

    def run(index: int, command: Callable[[], object]) -> None:
        with acting_as(ALICE):
            try:
                outcomes[index] = command()
            except Exception as error:  # reported to the test
                outcomes[index] = error
            finally:
                if index == 1:
                    app.rival_done.set()

    def run_paused() -> None:
        app.pause_next_save = True
        started.set()
        run(0, paused)

    first = threading.Thread(target=run_paused)
    first.start()
    started.wait()
    second = threading.Thread(target=run, args=(1, rival))
    second.start()
    first.join()
    second.join()
    return outcomes


def positions_of(app: RecoveryJourneys, *aggregate_ids: UUID) -> list[tuple[int, str]]:
    notifications = app.recorder.select_notifications(start=1, limit=1000)
    return [(n.id, n.topic.rsplit(".", 1)[-1]) for n in notifications if n.originator_id in aggregate_ids]


def test_no_step_is_planned_after_its_goal_was_achieved_even_when_both_race(pausing: PausingJourneys) -> None:
    with acting_as(ALICE):
        goal = identify(pausing, register(pausing))

    planned, achieved = race_against(
        pausing,
        lambda: pausing.plan_step(goal, "Buy shoes", "independent"),
        lambda: pausing.achieve_goal(goal, "Danced!"),
    )

    assert isinstance(achieved, CommandOutcome)
    assert isinstance(planned, CommandOutcome), "the step, checked first, is planned before the goal closes"
    order = [topic for _, topic in positions_of(pausing, goal, planned.id)]
    assert order == ["GoalIdentified", "StepPlanned", "GoalAchieved"]


def test_no_step_starts_after_its_goal_was_discontinued_even_when_both_race(pausing: PausingJourneys) -> None:
    with acting_as(ALICE):
        goal = identify(pausing, register(pausing))
        step = plan(pausing, goal)

    started, discontinued = race_against(
        pausing, lambda: pausing.start_step(step), lambda: pausing.discontinue_goal(goal, "Not for me")
    )

    assert isinstance(started, CommandOutcome)
    assert isinstance(discontinued, CommandOutcome)
    order = [topic for _, topic in positions_of(pausing, goal, step)]
    assert order == ["GoalIdentified", "StepPlanned", "StepStarted", "GoalDiscontinued"]


def test_no_goal_is_identified_after_the_person_was_discharged_even_when_both_race(
    pausing: PausingJourneys,
) -> None:
    with acting_as(ALICE):
        person = register(pausing)

    identified, discharged = race_against(
        pausing,
        lambda: pausing.identify_goal(person, **GOAL),
        lambda: pausing.discharge_person(person, "Moved"),
    )

    assert isinstance(discharged, CommandOutcome)
    assert isinstance(identified, CommandOutcome)
    order = [topic for _, topic in positions_of(pausing, person, identified.id)]
    assert order == ["PersonRegistered", "GoalIdentified", "PersonDischarged"]


@pytest.fixture
def eager_thread_switching() -> Iterator[None]:
    """Switch threads as often as possible, so two commands really interleave mid-command."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


@pytest.mark.usefixtures("eager_thread_switching")
def test_two_workers_completing_the_same_step_at_once_one_wins_and_one_is_refused(
    journeys: RecoveryJourneys,
) -> None:
    with acting_as(ALICE):
        goal = identify(journeys, register(journeys))
        steps = [plan(journeys, goal, description=f"Step {i}") for i in range(20)]

    def complete(step: UUID, barrier: Barrier) -> CommandOutcome:
        with acting_as(ALICE):
            barrier.wait()
            return journeys.complete_step(step)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for step in steps:
            barrier = Barrier(2)
            futures = [pool.submit(complete, step, barrier) for _ in range(2)]
            errors = [f.exception() for f in futures]
            winners = [f.result() for f, e in zip(futures, errors, strict=True) if e is None]
            losers = [e for e in errors if e is not None]

            assert len(winners) == 1
            assert len(losers) == 1
            assert isinstance(losers[0], RuleViolationError), repr(losers[0])
            assert losers[0].rule == "step_status"
            assert event_types(journeys, step) == ["StepPlanned", "StepCompleted"]
            assert winners[0].version == 2


# A real SQLite file


def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path}/x.db", data_dir=tmp_path, secret_key="k")


def test_dates_and_choices_survive_a_round_trip_through_a_sqlite_file(tmp_path: Path) -> None:
    with Runtime(sqlite_settings(tmp_path)) as runtime, acting_as(ALICE):
        journeys = runtime.journeys
        person = register(journeys)
        journeys.make_working_agreement(person, "Weekly, at the café", date(2026, 3, 1))
        goal = identify(journeys, person, target_date=date(2026, 6, 30), orientation="avoidance")
        journeys.revise_goal(goal, target_date=date(2026, 7, 31), life_domain="health")
        step = plan(journeys, goal, mode="joint", with_whom=["sister"], due=date(2026, 1, 13))
        journeys.reschedule_step(step, date(2026, 1, 20))
        last_position = head(journeys)

    with Runtime(sqlite_settings(tmp_path)) as runtime:
        journeys = runtime.journeys
        reloaded_person = journeys.repository.get(person)
        reloaded_goal = journeys.repository.get(goal)
        reloaded_step = journeys.repository.get(step)
        revised = last_event(journeys, goal)
        rescheduled = last_event(journeys, step)
        assert head(journeys) == last_position

        with acting_as(ALICE):
            later = journeys.start_step(step)

    assert isinstance(reloaded_person, Person)
    assert type(reloaded_person.working_agreement_review_by) is date
    assert reloaded_person.working_agreement_review_by == date(2026, 3, 1)

    assert isinstance(reloaded_goal, Goal)
    assert type(reloaded_goal.target_date) is date
    assert reloaded_goal.target_date == date(2026, 7, 31)
    assert reloaded_goal.life_domain is LifeDomain.HEALTH
    assert reloaded_goal.orientation is Orientation.AVOIDANCE
    assert revised.changes == {"target_date": date(2026, 7, 31), "life_domain": "health"}
    assert revised.previous == {"target_date": date(2026, 6, 30), "life_domain": "occupational"}

    assert isinstance(reloaded_step, Step)
    assert type(reloaded_step.due) is date
    assert reloaded_step.due == date(2026, 1, 20)
    assert (rescheduled.due, rescheduled.previous_due) == (date(2026, 1, 20), date(2026, 1, 13))
    assert (reloaded_step.mode, reloaded_step.with_whom) == (StepMode.JOINT, ["sister"])
    assert later.position > last_position


def test_the_persons_words_survive_a_round_trip_through_a_sqlite_file_verbatim(tmp_path: Path) -> None:
    statement = "  أريد أن أرقص مرة أخرى 💃🏽 — Zoe\u0308\n"
    with Runtime(sqlite_settings(tmp_path)) as runtime, acting_as(ALICE):
        person = register(runtime.journeys, name="Zoë 🌻")
        goal = identify(runtime.journeys, person, statement=statement)

    with Runtime(sqlite_settings(tmp_path)) as runtime:
        assert runtime.journeys.repository.get(person).display_name == "Zoë 🌻"
        assert runtime.journeys.repository.get(goal).statement == statement
