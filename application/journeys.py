"""The recovery journeys application: one public method per use case.

Every command loads what it needs, lets the aggregates check their rules, and
saves all changed aggregates in one atomic ``save``. The caller's identity comes
from :func:`domain.actor.current_actor`; a person outside the caller's teams is
reported as not found, so existence never leaks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoder

from application.errors import ConcurrentUpdateError, VersionMismatchError
from application.guard import only_read, read, recording_reads
from application.idempotency import (
    DEFAULT_TTL,
    IdempotencyKeyReusedError,
    IdempotentRequest,
    InFlight,
    KeyRecord,
    current_request,
)
from application.locks import JourneyLocks
from application.storage.transcodings import DateAsISO, FastDecodingJSONTranscoder, RememberedUUIDAsHex
from domain.actor import current_actor
from domain.errors import (
    GoalNotFoundError,
    InvalidInputError,
    NotFoundError,
    NotPermittedError,
    PersonNotFoundError,
    RuleViolationError,
    StepNotFoundError,
    SupervisionNoteNotFoundError,
)
from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from domain.supervision import SupervisionNote
from domain.text import DECISIONS_MAX_ITEMS

A = TypeVar("A", Person, Goal, Step, SupervisionNote)

#: Attempts at a command whose aggregate changed under it before it is refused.
COMMAND_ATTEMPTS = 5
#: Goals and steps whose goal and person this process remembers (fixed when they are created).
PARENTS_REMEMBERED = 100_000
#: While a command runs: aggregates read from the store in one query (None: not found).
_LOADED_TOGETHER: ContextVar[Mapping[UUID, Any] | None] = ContextVar("loaded_together", default=None)


@dataclass(frozen=True)
class CommandOutcome:
    """What a command changed: the aggregate, its new version, the last event's position."""

    id: UUID
    version: int
    position: int


class RecoveryJourneys(Application[UUID]):
    name = "refocus"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._journey_locks = JourneyLocks()
        self._in_flight = InFlight()
        # A goal's (person_id,), a step's (goal_id, person_id).
        self._parents: dict[UUID, tuple[UUID, ...]] = {}

    def construct_transcoder(self) -> Transcoder:
        transcoder = FastDecodingJSONTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(RememberedUUIDAsHex())  # replaces the library's, by name and type
        transcoder.register(DateAsISO())

    # People

    def register_person(
        self,
        display_name: str,
        team_id: str,
        key_worker_id: str | None = None,
        external_ref: str | None = None,
    ) -> CommandOutcome:
        actor = current_actor()
        if not actor.may_change_journeys:
            raise NotPermittedError("supervisors read journeys; they do not change them")
        if not actor.may_see(team_id):
            raise NotPermittedError("people can only be registered in one of your own teams")

        def attempt() -> tuple[Person, list[Any]]:
            person = Person.register(display_name, team_id, key_worker_id, external_ref)
            return person, [person]

        return self._command(attempt, None)

    def assign_key_worker(
        self, person_id: UUID, worker_id: str, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._change_person(person_id, expected_version, lambda p: p.assign_key_worker(worker_id))

    def transfer_person(
        self, person_id: UUID, team_id: str, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._change_person(person_id, expected_version, lambda p: p.transfer(team_id))

    def discharge_person(
        self, person_id: UUID, reason: str, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._change_person(person_id, expected_version, lambda p: p.discharge(reason))

    def make_working_agreement(
        self,
        person_id: UUID,
        text: str,
        review_by: date | None = None,
        *,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        return self._change_person(
            person_id, expected_version, lambda p: p.make_working_agreement(text, review_by)
        )

    # Working practice 1: values and treatment preferences

    def record_value(
        self, person_id: UUID, area: str, statement: str, in_own_words: bool, approach: str
    ) -> CommandOutcome:
        return self._change_person(
            person_id, None, lambda p: p.record_value(area, statement, in_own_words, approach)
        )

    def revise_value(
        self,
        person_id: UUID,
        value_id: UUID,
        statement: str,
        in_own_words: bool | None = None,
        approach: str | None = None,
        *,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        def act(person: Person) -> UUID:
            person.revise_value(value_id, statement, in_own_words, approach)
            return value_id

        return self._change_person(person_id, expected_version, act)

    def withdraw_value(
        self, person_id: UUID, value_id: UUID, *, expected_version: int | None = None
    ) -> CommandOutcome:
        def act(person: Person) -> UUID:
            person.withdraw_value(value_id)
            return value_id

        return self._change_person(person_id, expected_version, act)

    def decline_area(
        self, person_id: UUID, area: str, note: str | None = None, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._change_person(person_id, expected_version, lambda p: p.decline_area(area, note))

    def record_treatment_preference(
        self, person_id: UUID, statement: str, area: str | None = None, in_own_words: bool = True
    ) -> CommandOutcome:
        return self._change_person(
            person_id, None, lambda p: p.record_treatment_preference(statement, area, in_own_words)
        )

    def add_narrative_entry(self, person_id: UUID, text: str, themes: Sequence[str] = ()) -> CommandOutcome:
        return self._change_person(person_id, None, lambda p: p.add_narrative_entry(text, themes))

    def draw_life_map(
        self,
        person_id: UUID,
        kind: str,
        entries: Sequence[Mapping[str, str | None]],
        *,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        return self._change_person(person_id, expected_version, lambda p: p.draw_life_map(kind, entries))

    # Working practice 2: strengths

    def identify_strength(
        self, person_id: UUID, domain: str, column: str, resource: str, statement: str, in_own_words: bool
    ) -> CommandOutcome:
        return self._change_person(
            person_id,
            None,
            lambda p: p.identify_strength(domain, column, resource, statement, in_own_words),
        )

    def revise_strength(
        self, person_id: UUID, strength_id: UUID, *, expected_version: int | None = None, **changes: Any
    ) -> CommandOutcome:
        def act(person: Person) -> UUID:
            person.revise_strength(strength_id, **changes)
            return strength_id

        return self._change_person(person_id, expected_version, act)

    def remove_strength(
        self, person_id: UUID, strength_id: UUID, *, expected_version: int | None = None
    ) -> CommandOutcome:
        def act(person: Person) -> UUID:
            person.remove_strength(strength_id)
            return strength_id

        return self._change_person(person_id, expected_version, act)

    # Reviews

    def hold_review(
        self,
        person_id: UUID,
        *,
        held_on: date,
        participants: Sequence[str],
        summary: str,
        goal_decisions: Sequence[Mapping[str, Any]],
        next_review_due: date,
        today: date | None = None,
    ) -> CommandOutcome:
        """Record a review and every goal's decision atomically: one refused decision writes nothing."""
        review_id = uuid4()
        if len(goal_decisions) > DECISIONS_MAX_ITEMS:
            raise InvalidInputError("goal_decisions", f"must have at most {DECISIONS_MAX_ITEMS} items")

        def attempt() -> tuple[Person, list[Any]]:
            person = self._writable_person(person_id)
            person.hold_review(
                review_id=review_id,
                held_on=held_on,
                participants=participants,
                summary=summary,
                goal_decisions=goal_decisions,
                next_review_due=next_review_due,
                today=today or date.today(),
            )
            goals = [
                self._decide(person, index, decision, review_id, held_on)
                for index, decision in enumerate(goal_decisions)
            ]
            if len({goal.id for goal in goals}) != len(goals):
                raise InvalidInputError("goal_decisions", "decide on each goal once per review")
            return person, [person, *goals]

        return self._command(attempt, person_id, lambda: review_id)

    def _decide(
        self, person: Person, index: int, decision: Mapping[str, Any], review_id: UUID, held_on: date
    ) -> Goal:
        where = f"goal_decisions[{index}]"
        try:
            goal = self._load(decision["goal_id"], Goal, GoalNotFoundError)
        except GoalNotFoundError:
            goal = None
        if goal is None or goal.person_id != person.id:
            raise InvalidInputError(f"{where}.goal_id", "is not a goal of this person")
        try:
            goal.review(review_id, held_on, decision["decision"], decision.get("note"))
        except InvalidInputError as error:
            raise InvalidInputError(f"{where}.{error.field}", error.message) from None
        except RuleViolationError as error:
            raise RuleViolationError(error.rule, f"{where}: {error.detail}") from None
        return goal

    # Goals

    def identify_goal(self, person_id: UUID, **details: Any) -> CommandOutcome:
        def attempt() -> tuple[Goal, list[Any]]:
            person = self._writable_person(person_id)
            goal = Goal.identify(person, **details)
            return goal, [goal]

        return self._command(attempt, person_id)

    def reframe_goal(
        self, goal_id: UUID, statement: str, orientation: str, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._change_goal(goal_id, expected_version, lambda g, _: g.reframe(statement, orientation))

    def revise_goal(
        self, goal_id: UUID, *, expected_version: int | None = None, **changes: Any
    ) -> CommandOutcome:
        return self._change_goal(goal_id, expected_version, lambda g, _: g.revise(**changes))

    def link_goal(
        self,
        goal_id: UUID,
        value_ids: Sequence[UUID] = (),
        strength_ids: Sequence[UUID] = (),
        *,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        return self._change_goal(goal_id, expected_version, lambda g, p: g.link(value_ids, strength_ids, p))

    def record_grow(
        self, goal_id: UUID, *, expected_version: int | None = None, **parts: str | None
    ) -> CommandOutcome:
        return self._change_goal(goal_id, expected_version, lambda g, _: g.record_grow(**parts))

    def pause_goal(
        self, goal_id: UUID, note: str | None = None, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._change_goal(goal_id, expected_version, lambda g, _: g.pause(note))

    def resume_goal(
        self, goal_id: UUID, note: str | None = None, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._change_goal(goal_id, expected_version, lambda g, _: g.resume(note))

    def achieve_goal(
        self, goal_id: UUID, note: str | None = None, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._change_goal(goal_id, expected_version, lambda g, _: g.achieve(note))

    def discontinue_goal(
        self, goal_id: UUID, reason: str, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._change_goal(goal_id, expected_version, lambda g, _: g.discontinue(reason))

    # Steps

    def plan_step(
        self,
        goal_id: UUID,
        description: str,
        mode: str,
        with_whom: Sequence[str] = (),
        due: date | None = None,
    ) -> CommandOutcome:
        def attempt() -> tuple[Step, list[Any]]:
            with self._loading_together(goal_id):
                goal, _ = self._writable_goal(goal_id)
            step = Step.plan(goal, description=description, mode=mode, with_whom=with_whom, due=due)
            return step, [step]

        return self._command(attempt, self._owner(goal_id, Goal, GoalNotFoundError))

    def start_step(
        self, step_id: UUID, note: str | None = None, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._change_step(step_id, expected_version, lambda s: s.start(note))

    def complete_step(
        self, step_id: UUID, note: str | None = None, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._change_step(step_id, expected_version, lambda s: s.complete(note))

    def drop_step(self, step_id: UUID, reason: str, *, expected_version: int | None = None) -> CommandOutcome:
        return self._change_step(step_id, expected_version, lambda s: s.drop(reason))

    def reschedule_step(
        self, step_id: UUID, due: date, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._change_step(step_id, expected_version, lambda s: s.reschedule(due))

    def change_step_mode(
        self,
        step_id: UUID,
        mode: str,
        with_whom: Sequence[str] = (),
        *,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        return self._change_step(step_id, expected_version, lambda s: s.change_mode(mode, with_whom))

    # Supervision: notes beside the journey, never part of it

    def add_supervision_note(self, person_id: UUID, position: int, text: str) -> CommandOutcome:
        """Pin a note to ``position``, which must be one of this person's journey events."""

        def attempt() -> tuple[SupervisionNote, list[Any]]:
            person = self._load(person_id, Person, PersonNotFoundError)
            self._check_may_write_notes(person)
            if not self._is_journey_event_of(person_id, position):
                raise InvalidInputError("position", "is not the position of one of this person's events")
            note = SupervisionNote.add(person_id, position, text)
            return note, [note]

        return self._command(attempt, person_id)

    def revise_supervision_note(
        self, person_id: UUID, note_id: UUID, text: str, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._change_note(person_id, note_id, expected_version, lambda n: n.revise(text))

    def retract_supervision_note(
        self,
        person_id: UUID,
        note_id: UUID,
        reason: str | None = None,
        *,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        return self._change_note(person_id, note_id, expected_version, lambda n: n.retract(reason))

    def _change_note(
        self,
        person_id: UUID,
        note_id: UUID,
        expected_version: int | None,
        act: Callable[[SupervisionNote], None],
    ) -> CommandOutcome:
        def attempt() -> tuple[SupervisionNote, list[Any]]:
            person = self._load(person_id, Person, PersonNotFoundError)
            self._check_may_write_notes(person)
            note = self._load(note_id, SupervisionNote, SupervisionNoteNotFoundError)
            if note.person_id != person_id:
                raise SupervisionNoteNotFoundError(note_id)
            _check_version(note, expected_version)
            act(note)
            return note, [note]

        return self._command(attempt, person_id)

    @staticmethod
    def _check_may_write_notes(person: Person) -> None:
        actor = current_actor()
        if not actor.may_see(person.team_id):
            raise PersonNotFoundError(person.id)
        if not actor.may_write_supervision_notes:
            raise NotPermittedError("supervision notes are written by the team's workers and supervisors")

    def _is_journey_event_of(self, person_id: UUID, position: int) -> bool:
        """Whether the event at ``position`` belongs to this person's journey (one row, by key)."""
        found = self.recorder.select_notifications(start=position, limit=1, stop=position)
        if not found or found[0].id != position:
            return False
        event = self.mapper.to_domain_event(found[0])
        if isinstance(event, Person.Event):
            return bool(event.originator_id == person_id)
        return isinstance(event, (Goal.Event, Step.Event)) and event.person_id == person_id

    # The shape every command shares

    def _change_person(
        self, person_id: UUID, expected_version: int | None, act: Callable[[Person], UUID | None]
    ) -> CommandOutcome:
        """Change the person; the outcome's id is the entity ``act`` created, else the person's."""
        created: list[UUID] = []

        def attempt() -> tuple[Person, list[Any]]:
            created.clear()
            person = self._writable_person(person_id, check_open=False)
            _check_version(person, expected_version)
            entity_id = act(person)
            if entity_id is not None:
                created.append(entity_id)
            return person, [person]

        return self._command(attempt, person_id, lambda: created[0] if created else None)

    def _change_goal(
        self, goal_id: UUID, expected_version: int | None, act: Callable[[Goal, Person], None]
    ) -> CommandOutcome:
        def attempt() -> tuple[Goal, list[Any]]:
            with self._loading_together(goal_id):
                goal, person = self._writable_goal(goal_id)
            _check_version(goal, expected_version)
            act(goal, person)
            return goal, [goal]

        return self._command(attempt, self._owner(goal_id, Goal, GoalNotFoundError))

    def _change_step(
        self, step_id: UUID, expected_version: int | None, act: Callable[[Step], None]
    ) -> CommandOutcome:
        def attempt() -> tuple[Step, list[Any]]:
            with self._loading_together(step_id):
                step = self._load(step_id, Step, StepNotFoundError)
                goal, _ = self._writable_goal(step.goal_id, not_found=StepNotFoundError(step_id))
            goal.ensure_open()
            _check_version(step, expected_version)
            act(step)
            return step, [step]

        return self._command(attempt, self._owner(step_id, Step, StepNotFoundError))

    def _command(
        self,
        attempt: Callable[[], tuple[Any, list[Any]]],
        person_id: UUID | None,
        result_id: Callable[[], UUID | None] = lambda: None,
    ) -> CommandOutcome:
        """Run ``attempt`` and save, one command per journey at a time; if another
        process wrote first, load again, re-check the rules and retry.

        With an idempotency key (``application.idempotency``), a request already
        answered is answered again from its stored outcome, and the key is stored
        in the same transaction as the events.
        """
        request = current_request()
        claimed = self._in_flight.claim(request) if request else nullcontext()
        journey = self._journey_locks.of(person_id) if person_id else nullcontext()
        with claimed, journey:
            for _ in range(COMMAND_ATTEMPTS):
                if request and (stored := self._stored_outcome(request)):
                    return stored
                with recording_reads() as reads:
                    subject, changed = attempt()
                outcome_id = result_id() or subject.id
                extra: dict[str, Any] = {"reads": only_read(reads, changed)}
                if request:
                    extra["idempotency"] = _key_record(request, outcome_id, subject.version)
                try:
                    recordings = self.save(*changed, **extra)
                except IntegrityError:
                    continue
                self._remember_parents(changed)
                return CommandOutcome(outcome_id, subject.version, recordings[-1].notification.id)
        raise ConcurrentUpdateError("the journey kept changing while this command ran: try again")

    def _owner(
        self, aggregate_id: UUID, kind: type[Goal] | type[Step], not_found: type[NotFoundError]
    ) -> UUID:
        """The person a goal or step belongs to, which picks the journey lock.

        Fixed when the goal or step is created, so it is remembered rather than loaded
        again for every command: the command loads the goal or step itself under the
        lock anyway, with every check (kind, visibility, state) done there.
        """
        parents = self._parents.get(aggregate_id)
        if parents is None:
            loaded: Goal | Step = (
                self._load(aggregate_id, Goal, not_found)
                if kind is Goal
                else self._load(aggregate_id, Step, not_found)
            )
            self._remember_parents([loaded])
            return loaded.person_id
        return parents[-1]

    def _remember_parents(self, aggregates: Sequence[Any]) -> None:
        if len(self._parents) >= PARENTS_REMEMBERED:
            self._parents.clear()  # rarely: cheaper than an LRU on every command
        for aggregate in aggregates:
            if isinstance(aggregate, Goal):
                self._parents[aggregate.id] = (aggregate.person_id,)
            elif isinstance(aggregate, Step):
                self._parents[aggregate.id] = (aggregate.goal_id, aggregate.person_id)

    @contextmanager
    def _loading_together(self, aggregate_id: UUID) -> Iterator[None]:
        """Within, ``_load`` answers the goal or step and the goal and person it belongs to
        from one query, when this process knows them (a goal's or step's parents never change).

        A step's command reads the step, its goal and its person: three reads were three
        transactions, three round trips on PostgreSQL (BENCHMARKS.md, P1).
        """
        parents = self._parents.get(aggregate_id)
        if parents is None:
            yield
            return
        ids = (aggregate_id, *parents)
        events: dict[UUID, list[Any]] = {i: [] for i in ids}
        for stored in self.recorder.select_events_of(ids):  # type: ignore[attr-defined]
            events[stored.originator_id].append(self.mapper.to_domain_event(stored))
        token = _LOADED_TOGETHER.set({i: _fold(None, e) if e else None for i, e in events.items()})
        try:
            yield
        finally:
            _LOADED_TOGETHER.reset(token)

    def _stored_outcome(self, request: IdempotentRequest) -> CommandOutcome | None:
        hours = self.env.get("IDEMPOTENCY_TTL_HOURS")
        ttl = timedelta(hours=float(hours)) if hours else DEFAULT_TTL
        stored = self.recorder.find_outcome(request.caller, request.key, ttl)  # type: ignore[attr-defined]
        if stored is None:
            return None
        if stored.fingerprint != request.fingerprint:
            raise IdempotencyKeyReusedError
        request.replayed = True
        return CommandOutcome(UUID(stored.aggregate_id), stored.version, stored.position)

    # Loading with visibility

    def _writable_person(
        self, person_id: UUID, *, check_open: bool = True, not_found: NotFoundError | None = None
    ) -> Person:
        actor = current_actor()
        person = self._load(person_id, Person, PersonNotFoundError)
        if not actor.may_see(person.team_id):
            raise not_found or PersonNotFoundError(person_id)
        if not actor.may_change_journeys:
            raise NotPermittedError("supervisors read journeys; they do not change them")
        if check_open:
            person.ensure_journey_open()
        return person

    def _writable_goal(self, goal_id: UUID, *, not_found: NotFoundError | None = None) -> tuple[Goal, Person]:
        goal = self._load(goal_id, Goal, GoalNotFoundError)
        person = self._writable_person(goal.person_id, not_found=not_found or GoalNotFoundError(goal_id))
        return goal, person

    def _load(self, aggregate_id: UUID, kind: type[A], not_found: type[NotFoundError]) -> A:
        aggregate: Any
        together = _LOADED_TOGETHER.get()
        if together is not None and aggregate_id in together:
            aggregate = together[aggregate_id]
            if aggregate is None:
                raise not_found(aggregate_id)
        else:
            try:
                aggregate = self.repository.get(aggregate_id, projector_func=_fold)
            except AggregateNotFoundError:
                raise not_found(aggregate_id) from None
        if not isinstance(aggregate, kind):
            raise not_found(aggregate_id)
        read(aggregate)
        return aggregate


def _fold(aggregate: Any, events: Iterable[Any]) -> Any:
    """The library's ``project_aggregate`` without its ``assert isinstance(event, CanMutateProtocol)``.

    On Python 3.11 a runtime-checkable protocol recomputes its attributes at every
    ``isinstance``: 9 µs an event, and a command loads two or three aggregates. Our events
    are the library's own ``DomainEvent`` subclasses, mutable by construction. Measured
    on the 4-command cycle of P1 (BENCHMARKS.md): 2,038 k → 1,652 k instructions a command.
    """
    for domain_event in events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


def _key_record(request: IdempotentRequest, outcome_id: UUID, version: int) -> KeyRecord:
    return KeyRecord(request.caller, request.key, request.fingerprint, str(outcome_id), version)


def _check_version(aggregate: Person | Goal | Step | SupervisionNote, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != aggregate.version:
        raise VersionMismatchError(expected_version, aggregate.version)
