"""The unit of work: how every command loads, checks, saves and, when it lost a race, runs again.

A command is a function of a :class:`Transaction`: it loads what it needs through
the transaction (which checks what the actor may see and write), lets the
aggregates check their rules, and returns. :meth:`UnitOfWork.run` then saves every
aggregate the command changed in one atomic ``save``, with the versions of those
it only read, to be checked at commit (``application.guard``), and its
idempotency key (``application.idempotency``). If another process wrote first,
the command runs again on a fresh transaction, against what is stored now
(docs/decisions/0012-unit-of-work.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from application.encryption.columns import PlainText, SealedText
from application.errors import ConcurrentUpdateError, VersionMismatchError
from application.idempotency import (
    DEFAULT_TTL,
    IdempotencyKeyReusedError,
    IdempotentRequest,
    InFlight,
    KeyRecord,
    current_request,
)
from domain.actor import Actor, current_actor
from domain.errors import (
    GoalNotFoundError,
    NotFoundError,
    NotPermittedError,
    PersonNotFoundError,
    StepNotFoundError,
    SupervisionNoteNotFoundError,
)
from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from domain.supervision import SupervisionNote

A = TypeVar("A", Person, Goal, Step, SupervisionNote)
#: What a command does in one transaction; it returns the id its outcome names when that is
#: not the changed aggregate's own (an entity created inside the person, a review), else None.
Command = Callable[["Transaction"], UUID | None]

#: Attempts at a command whose aggregates changed under it before it is refused.
COMMAND_ATTEMPTS = 5
#: Goals and steps whose goal and person a process remembers (fixed when they are created).
PARENTS_REMEMBERED = 100_000
_NOTHING_FETCHED: Mapping[UUID, Any] = {}


@dataclass(frozen=True)
class CommandOutcome:
    """What a command changed: the aggregate, its new version, the last event's position."""

    id: UUID
    version: int
    position: int


class UnitOfWork:
    """Runs the commands of one application: locks, retries, idempotency and the store's reads."""

    def __init__(self, app: Application[UUID], text_seal: SealedText | PlainText | None = None) -> None:
        self._app = app
        # Fingerprints are hashes of people's words: stored sealed, like the read models.
        self._seal = text_seal or PlainText()
        self._journey_locks = JourneyLocks()
        self._in_flight = InFlight()
        #: Commands saved again after another writer came first (read by the metrics at scrape time).
        self.conflicts_retried = 0
        # A goal's (person_id,), a step's (goal_id, person_id).
        self._parents: dict[UUID, tuple[UUID, ...]] = {}

    def run(self, journey: UUID | None, command: Command) -> CommandOutcome:
        """Run ``command`` on a fresh transaction and save what it changed, one command per
        journey (person id; None for a new one) at a time in this process.

        A request already answered under its idempotency key is answered again from the
        stored outcome, and the key is stored in the same transaction as the events
        (docs/decisions/0008-idempotency-keys-in-the-events-transaction.md).
        """
        request = current_request()
        claimed = self._in_flight.claim(request) if request else nullcontext()
        locked = self._journey_locks.of(journey) if journey else nullcontext()
        with claimed, locked:
            for _ in range(COMMAND_ATTEMPTS):
                if request and (stored := self.stored_outcome(request)):
                    self._authorize(command)
                    return stored
                tx = Transaction(self)
                named_id = command(tx)
                try:
                    return self._save(tx, named_id, request)
                except IntegrityError:
                    self.conflicts_retried += 1
                    continue  # another writer came first: load again, check again
        raise ConcurrentUpdateError("the journey kept changing while this command ran: try again")

    def run_on_goal(self, goal_id: UUID, command: Command) -> CommandOutcome:
        """Run a command on a goal, in the journey of the person it belongs to."""
        return self.run(self._journey_of(goal_id, Goal, GoalNotFoundError), command)

    def run_on_step(self, step_id: UUID, command: Command) -> CommandOutcome:
        return self.run(self._journey_of(step_id, Step, StepNotFoundError), command)

    def _journey_of(
        self, aggregate_id: UUID, kind: type[Goal] | type[Step], not_found: type[NotFoundError]
    ) -> UUID:
        """The person a goal or step belongs to, which picks the journey lock.

        Remembered rather than read again for every command, as it never changes; the
        command reads the goal or step itself under the lock, with every check.
        """
        parents = self._parents.get(aggregate_id)
        if parents is not None:
            return parents[-1]
        aggregate = self.load(aggregate_id)
        if not isinstance(aggregate, kind):
            raise not_found(aggregate_id)
        self._remember_parents([aggregate])
        return aggregate.person_id

    def load(self, aggregate_id: UUID) -> Any | None:
        try:
            return self._app.repository.get(aggregate_id, projector_func=_fold)
        except AggregateNotFoundError:
            return None

    def load_with_parents(self, aggregate_id: UUID) -> Mapping[UUID, Any | None]:
        """A goal or step with its goal and person, from one query, when their ids are remembered;
        else nothing, and each is loaded on its own.

        One query, not three: each is a round trip on PostgreSQL
        (docs/decisions/0006-one-query-per-command.md).
        """
        parents = self._parents.get(aggregate_id)
        if parents is None:
            return _NOTHING_FETCHED
        ids = (aggregate_id, *parents)
        events: dict[UUID, list[Any]] = {i: [] for i in ids}
        for stored in self._app.recorder.select_events_of(ids):  # type: ignore[attr-defined]
            events[stored.originator_id].append(self._app.mapper.to_domain_event(stored))
        return {i: _fold(None, e) if e else None for i, e in events.items()}

    def event_at(self, position: int) -> Any | None:
        """The event at ``position`` in the application's sequence (one row, by key), if any."""
        found = self._app.recorder.select_notifications(start=position, limit=1, stop=position)
        if not found or found[0].id != position:
            return None
        return self._app.mapper.to_domain_event(found[0])

    def _save(
        self, tx: Transaction, named_id: UUID | None, request: IdempotentRequest | None
    ) -> CommandOutcome:
        changed, only_read = tx.changes()
        subject = changed[0]
        outcome_id = named_id or subject.id
        extra: dict[str, Any] = {"reads": only_read}
        if request:
            extra["idempotency"] = self.key_record(request, outcome_id, subject.version)
        recordings = self._app.save(*changed, **extra)
        self._remember_parents(changed)
        return CommandOutcome(outcome_id, subject.version, recordings[-1].notification.id)

    def _remember_parents(self, aggregates: Iterable[Any]) -> None:
        if len(self._parents) >= PARENTS_REMEMBERED:
            self._parents.clear()  # rarely: cheaper than an LRU on every command
        for aggregate in aggregates:
            if isinstance(aggregate, Goal):
                self._parents[aggregate.id] = (aggregate.person_id,)
            elif isinstance(aggregate, Step):
                self._parents[aggregate.id] = (aggregate.goal_id, aggregate.person_id)

    def _authorize(self, command: Command) -> None:
        """Check the actor may still run ``command`` before its stored outcome is answered: the
        same subject with another team's token, or a supervisor's, is refused as a new request
        would be (404 or 403), never answered from the store.

        The command runs until its first check of the actor's right, which ends it; nothing it
        did is saved. Its rules are not checked again: the journey has moved on since the first
        answer, by that very command.
        """
        try:
            command(Transaction(self, authorize_only=True))
        except _Authorized:
            return
        raise RuntimeError("a command ended without checking the actor's right")

    def claim(self, request: IdempotentRequest) -> AbstractContextManager[None]:
        """Hold the request's key while it runs here: a repeat meanwhile is refused (409)."""
        return self._in_flight.claim(request)

    def key_record(self, request: IdempotentRequest, outcome_id: UUID, version: int) -> KeyRecord:
        """The key row to save in the same transaction as the request's events."""
        return KeyRecord(
            request.caller, request.key, self._seal.seal(request.fingerprint), str(outcome_id), version
        )

    def stored_outcome(self, request: IdempotentRequest) -> CommandOutcome | None:
        """The outcome first saved under the request's key, within its time to live; refused
        (422) if the key came with another request."""
        hours = self._app.env.get("IDEMPOTENCY_TTL_HOURS")
        ttl = timedelta(hours=float(hours)) if hours else DEFAULT_TTL
        stored = self._app.recorder.find_outcome(request.caller, request.key, ttl)  # type: ignore[attr-defined]
        if stored is None:
            return None
        if self._seal.open(stored.fingerprint) != request.fingerprint:
            raise IdempotencyKeyReusedError
        request.replayed = True
        return CommandOutcome(UUID(stored.aggregate_id), stored.version, stored.position)


class Transaction:
    """One attempt at a command: the aggregates it loaded (at which versions) and added.

    Each load is a fresh copy from the store. A person, goal or step outside the
    actor's teams is not found, so existence never leaks.
    """

    def __init__(self, work: UnitOfWork, *, authorize_only: bool = False) -> None:
        self._work = work
        # Set to check a replayed request's right: the first passed check ends the command.
        self._authorize_only = authorize_only
        self._actor: Actor = current_actor()
        # Everything loaded or added, in that order: the first that changed is the outcome's.
        self._touched: list[Any] = []
        # The version of each aggregate when first loaded, to be checked again at commit.
        self._reads: dict[UUID, int] = {}

    # What a command changes

    def person(self, person_id: UUID, expected_version: int | None = None) -> Person:
        """A person whose journey the actor may change (the person's own rules check it is open)."""
        person = self._load(person_id, Person, PersonNotFoundError)
        self._check_may_write(person.team_id, PersonNotFoundError(person_id))
        self._authorized()
        _check_version(person, expected_version)
        return person

    def goal(self, goal_id: UUID, expected_version: int | None = None) -> Goal:
        return self.goal_and_person(goal_id, expected_version)[0]

    def goal_and_person(self, goal_id: UUID, expected_version: int | None = None) -> tuple[Goal, Person]:
        """A goal on an open journey the actor may change, and the person whose journey it is."""
        fetched = self._work.load_with_parents(goal_id)
        goal = self._load(goal_id, Goal, GoalNotFoundError, fetched)
        person = self._open_journey(goal.person_id, GoalNotFoundError(goal_id), fetched)
        _check_version(goal, expected_version)
        return goal, person

    def step(self, step_id: UUID, expected_version: int | None = None) -> Step:
        """A step of an open goal, on an open journey the actor may change."""
        return self.step_and_person(step_id, expected_version)[0]

    def step_and_person(self, step_id: UUID, expected_version: int | None = None) -> tuple[Step, Person]:
        """A step of an open goal on an open journey the actor may change, and the person."""
        fetched = self._work.load_with_parents(step_id)
        step = self._load(step_id, Step, StepNotFoundError, fetched)
        goal = self._load(step.goal_id, Goal, GoalNotFoundError, fetched)
        person = self._open_journey(goal.person_id, StepNotFoundError(step_id), fetched)
        goal.ensure_open()
        _check_version(step, expected_version)
        return step, person

    def add(self, aggregate: A) -> A:
        """A new aggregate, to be saved with the rest."""
        self._touched.append(aggregate)
        return aggregate

    def check_may_register_in(self, team_id: str) -> None:
        self._check_may_write(team_id)
        if not self._actor.may_see(team_id):
            raise NotPermittedError("people can only be registered in one of your own teams")
        self._authorized()

    def check_may_transfer_to(self, team_id: str) -> None:
        """A person joins a team only on that team's say: the actor belongs to it, or is an admin.
        Refused as registering in another team is, so a worker cannot place a person where they
        could not have registered them."""
        if not self._actor.may_see(team_id):
            raise NotPermittedError("people can only be transferred into one of your own teams")

    # What a command reads to check its rules

    def find(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        """The aggregate if it exists and is a ``kind``, else None; whose it is, is the caller's check."""
        try:
            return self._load(aggregate_id, kind, NotFoundError)
        except NotFoundError:
            return None

    def event_at(self, position: int) -> Any | None:
        return self._work.event_at(position)

    # Supervision: notes beside the journey, never part of it

    def noted_person(self, person_id: UUID) -> Person:
        """A person whose journey the actor may write supervision notes about."""
        person = self._load(person_id, Person, PersonNotFoundError)
        if not self._actor.may_see(person.team_id):
            raise PersonNotFoundError(person_id)
        if not self._actor.may_write_supervision_notes:
            raise NotPermittedError("supervision notes are written by the team's workers and supervisors")
        self._authorized()
        return person

    def note(self, person_id: UUID, note_id: UUID, expected_version: int | None = None) -> SupervisionNote:
        """A supervision note about this person, which the actor may revise or retract."""
        self.noted_person(person_id)
        note = self._load(note_id, SupervisionNote, SupervisionNoteNotFoundError)
        if note.person_id != person_id:
            raise SupervisionNoteNotFoundError(note_id)
        _check_version(note, expected_version)
        return note

    # What the unit of work saves

    def changes(self) -> tuple[list[Any], dict[UUID, int]]:
        """The aggregates to save, and the versions of those only read, checked again at commit
        (docs/decisions/0007-rules-across-aggregates-checked-at-commit.md)."""
        changed = [aggregate for aggregate in self._touched if aggregate.pending_events]
        written = {aggregate.id for aggregate in changed}
        return changed, {i: version for i, version in self._reads.items() if i not in written}

    def _open_journey(self, person_id: UUID, unseen: NotFoundError, fetched: Mapping[UUID, Any]) -> Person:
        person = self._load(person_id, Person, PersonNotFoundError, fetched)
        self._check_may_write(person.team_id, unseen)
        self._authorized()
        person.ensure_journey_open()
        return person

    def _check_may_write(self, team_id: str, unseen: NotFoundError | None = None) -> None:
        """Every command that writes a journey passes here: one the actor cannot see (``unseen``,
        for a journey that exists) does not exist for them, and a supervisor may not change one."""
        if unseen is not None and not self._actor.may_see(team_id):
            raise unseen
        self._actor.ensure_may_change_journeys()

    def _authorized(self) -> None:
        if self._authorize_only:
            raise _Authorized

    def _load(
        self,
        aggregate_id: UUID,
        kind: type[A],
        not_found: type[NotFoundError],
        fetched: Mapping[UUID, Any] = _NOTHING_FETCHED,
    ) -> A:
        aggregate = fetched[aggregate_id] if aggregate_id in fetched else self._work.load(aggregate_id)
        if not isinstance(aggregate, kind):
            raise not_found(aggregate_id)
        self._touched.append(aggregate)
        self._reads.setdefault(aggregate.id, aggregate.version)
        return aggregate


class _Authorized(Exception):  # noqa: N818 -- a signal, not an error
    """Ends a command run only to check the actor's right, once the check has passed."""


class JourneyLocks:
    """Commands on one person's journey run one at a time within a process.

    Rules that span aggregates (no new steps on a closed goal, nothing on a
    discharged person's journey) are checked on one aggregate and written to
    another, so the store's per-aggregate version check cannot catch a race
    between them. Serialising each journey's commands closes that gap for every
    thread of a process without a retry; between processes ``application.guard``
    closes it at commit time, at the price of a retry when two commands race.
    """

    def __init__(self, stripes: int = 256) -> None:
        # Striped rather than one lock per person, so memory stays bounded.
        self._locks = [threading.RLock() for _ in range(stripes)]

    def of(self, person_id: UUID) -> threading.RLock:
        return self._locks[person_id.int % len(self._locks)]


def _fold(aggregate: Any, events: Iterable[Any]) -> Any:
    """The library's ``project_aggregate`` without its ``isinstance`` against a runtime-checkable
    protocol, which Python 3.11 recomputes for every event; ours are the library's own
    ``DomainEvent`` subclasses (docs/decisions/0004-fold-without-protocol-check.md)."""
    for domain_event in events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


def _check_version(aggregate: Person | Goal | Step | SupervisionNote, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != aggregate.version:
        raise VersionMismatchError(expected_version, aggregate.version)
