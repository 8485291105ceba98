"""The recovery journeys application: one public method per use case.

Each use case is a command run by the unit of work (``application.unit_of_work``):
it loads what it needs through the transaction, lets the aggregates check their
rules, and the unit of work saves what changed. The caller's identity comes from
:func:`domain.actor.current_actor`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import Application
from eventsourcing.persistence import EventStore, JSONTranscoder, Mapper, Transcoder

from application.encryption.columns import PlainText, SealedText
from application.encryption.configuration import master_key_ring, sealing_enabled
from application.encryption.data_keys import DataKeys
from application.encryption.sealing import SealingEventStore, SealingMapper
from application.erasure import Erasures
from application.practices import WorkingPractices
from application.storage.transcodings import DateAsISO, FastDecodingJSONTranscoder, RememberedUUIDAsHex
from application.supervision import SupervisionNotes
from application.unit_of_work import CommandOutcome, Transaction, UnitOfWork
from domain import coaching, priorities, review
from domain.goal import Goal
from domain.person import Person
from domain.step import Step

__all__ = ["CommandOutcome", "RecoveryJourneys"]


class RecoveryJourneys(WorkingPractices, SupervisionNotes, Erasures, Application[UUID]):
    name = "refocus"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._uow = UnitOfWork(self, self.text_seal)

    def construct_mapper(self) -> Mapper[UUID]:
        """Events sealed at rest (``application.encryption``): the keys come from the environment."""
        self.data_keys = DataKeys(master_key_ring(self.env))
        sealing = sealing_enabled(self.env)
        #: Seals the read models' and idempotency keys' text that holds a person's words.
        self.text_seal = SealedText(self.data_keys.ring) if sealing else PlainText()
        return SealingMapper(self.construct_transcoder(), self.data_keys, sealing=sealing)

    def construct_event_store(self) -> EventStore[UUID]:
        self.data_keys.attach(self.recorder)  # type: ignore[arg-type]
        return SealingEventStore(mapper=self.mapper, recorder=self.recorder)

    def destroy_data_key(self, person_id: UUID) -> None:
        """Erasure's last step (``application.erasure``): without the key, the person's events
        cannot be read again, here or from any copy of the store."""
        self.data_keys.destroy(person_id)

    @property
    def conflicts_retried(self) -> int:
        """How many times a command met another writer's commit and ran again."""
        return self._uow.conflicts_retried

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
        *,
        preferred_name: str | None = None,
        pronouns: str | None = None,
    ) -> CommandOutcome:
        def register(tx: Transaction) -> None:
            tx.check_may_register_in(team_id)
            tx.add(
                Person.register(display_name, team_id, key_worker_id, external_ref, preferred_name, pronouns)
            )

        return self._uow.run(None, register)

    def record_preferred_name(
        self,
        person_id: UUID,
        preferred_name: str | None,
        pronouns: str | None,
        *,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        return self._uow.run(
            person_id,
            lambda tx: tx.person(person_id, expected_version).record_preferred_name(preferred_name, pronouns),
        )

    def assign_key_worker(
        self, person_id: UUID, worker_id: str, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run(
            person_id, lambda tx: tx.person(person_id, expected_version).assign_key_worker(worker_id)
        )

    def transfer_person(
        self, person_id: UUID, team_id: str, *, expected_version: int | None = None
    ) -> CommandOutcome:
        def transfer(tx: Transaction) -> None:
            person = tx.person(person_id, expected_version)
            person.ensure_journey_open()  # a closed journey is 409 whichever team is named
            tx.check_may_transfer_to(team_id)
            person.transfer(team_id)

        return self._uow.run(person_id, transfer)

    def discharge_person(
        self, person_id: UUID, reason: str, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run(person_id, lambda tx: tx.person(person_id, expected_version).discharge(reason))

    def make_working_agreement(
        self,
        person_id: UUID,
        text: str | None = None,
        review_by: date | None = None,
        *,
        parts: Mapping[str, str | None] | None = None,
        agreed_by_person: bool = False,
        agreed_on: date | None = None,
        today: date | None = None,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        """Make the working agreement again, whole: ``parts`` are the manual's (``domain.contracting``)."""
        return self._uow.run(
            person_id,
            lambda tx: tx.person(person_id, expected_version).make_working_agreement(
                text,
                review_by,
                parts=parts,
                agreed_by_person=agreed_by_person,
                agreed_on=agreed_on,
                today=today,
            ),
        )

    def agree_working_agreement(
        self,
        person_id: UUID,
        agreed_on: date | None = None,
        *,
        today: date | None = None,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        return self._uow.run(
            person_id,
            lambda tx: tx.person(person_id, expected_version).agree_working_agreement(agreed_on, today),
        )

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
        review.check_decision_count(goal_decisions)

        def hold(tx: Transaction) -> UUID:
            person = tx.person(person_id)
            person.hold_review(
                review_id=review_id,
                held_on=held_on,
                participants=participants,
                summary=summary,
                goal_decisions=goal_decisions,
                next_review_due=next_review_due,
                today=today or date.today(),
            )
            goals = []
            for index, decision in enumerate(goal_decisions):
                with review.naming_decision(index):
                    goal = review.goal_of(person.id, tx.find(decision["goal_id"], Goal))
                    goal.review(review_id, held_on, decision["decision"], decision.get("note"))
                goals.append(goal)
            review.check_one_decision_per_goal(goals)
            return review_id

        return self._uow.run(person_id, hold)

    # Coaching

    def record_conversation(
        self,
        person_id: UUID,
        *,
        held_on: date,
        participants: Sequence[str] = (),
        goal_ids: Sequence[UUID] = (),
        step_ids: Sequence[UUID] = (),
        today: date | None = None,
        **notes: str | None,
    ) -> CommandOutcome:
        """Record a coaching conversation with the person; ``notes`` are its REACH stages
        (``domain.coaching.REACH_STAGES``). The outcome's id is the conversation's."""
        conversation_id = uuid4()

        def record(tx: Transaction) -> UUID:
            person = tx.person(person_id)
            person.record_conversation(
                conversation_id,
                today or date.today(),
                held_on=held_on,
                participants=participants,
                goal_ids=goal_ids,
                step_ids=step_ids,
                notes=notes,
            )
            for i, goal_id in enumerate(goal_ids):
                coaching.check_concerns(person.id, tx.find(goal_id, Goal), f"goal_ids[{i}]", "goal")
            for i, step_id in enumerate(step_ids):
                coaching.check_concerns(person.id, tx.find(step_id, Step), f"step_ids[{i}]", "step")
            return conversation_id

        return self._uow.run(person_id, record)

    # Goals

    def identify_goal(self, person_id: UUID, **details: Any) -> CommandOutcome:
        def identify(tx: Transaction) -> None:
            tx.add(Goal.identify(tx.person(person_id), **details))

        return self._uow.run(person_id, identify)

    def prioritise_goals(
        self, person_id: UUID, goal_ids: Sequence[UUID], *, expected_version: int | None = None
    ) -> CommandOutcome:
        """The person's order of their goals; each must be an open goal of theirs. The goals are
        read to check it, so a goal closed meanwhile refuses the order at commit."""

        def prioritise(tx: Transaction) -> None:
            person = tx.person(person_id, expected_version)
            person.ensure_journey_open()
            for index, goal_id in enumerate(priorities.checked_order(goal_ids)):
                priorities.check_open_goal_of(person.id, index, tx.find(goal_id, Goal))
            person.prioritise_goals(goal_ids)

        return self._uow.run(person_id, prioritise)

    def reframe_goal(
        self, goal_id: UUID, statement: str, orientation: str, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run_on_goal(
            goal_id, lambda tx: tx.goal(goal_id, expected_version).reframe(statement, orientation)
        )

    def revise_goal(
        self, goal_id: UUID, *, expected_version: int | None = None, **changes: Any
    ) -> CommandOutcome:
        return self._uow.run_on_goal(goal_id, lambda tx: tx.goal(goal_id, expected_version).revise(**changes))

    def link_goal(
        self,
        goal_id: UUID,
        value_ids: Sequence[UUID] = (),
        strength_ids: Sequence[UUID] = (),
        preference_ids: Sequence[UUID] = (),
        *,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        def link(tx: Transaction) -> None:
            goal, person = tx.goal_and_person(goal_id, expected_version)
            goal.link(value_ids, strength_ids, person, preference_ids)

        return self._uow.run_on_goal(goal_id, link)

    def record_grow(
        self, goal_id: UUID, *, expected_version: int | None = None, **parts: str | None
    ) -> CommandOutcome:
        return self._uow.run_on_goal(
            goal_id, lambda tx: tx.goal(goal_id, expected_version).record_grow(**parts)
        )

    def pause_goal(
        self, goal_id: UUID, note: str | None = None, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run_on_goal(goal_id, lambda tx: tx.goal(goal_id, expected_version).pause(note))

    def resume_goal(
        self, goal_id: UUID, note: str | None = None, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run_on_goal(goal_id, lambda tx: tx.goal(goal_id, expected_version).resume(note))

    def achieve_goal(
        self, goal_id: UUID, note: str | None = None, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run_on_goal(goal_id, lambda tx: tx.goal(goal_id, expected_version).achieve(note))

    def discontinue_goal(
        self, goal_id: UUID, reason: str, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run_on_goal(
            goal_id, lambda tx: tx.goal(goal_id, expected_version).discontinue(reason)
        )

    # Steps

    def plan_step(
        self,
        goal_id: UUID,
        description: str,
        mode: str,
        with_whom: Sequence[str] = (),
        due: date | None = None,
        conversation_id: UUID | None = None,
        *,
        preference_ids: Sequence[UUID] = (),
        expected_version: int | None = None,
    ) -> CommandOutcome:
        """``expected_version`` is the goal's: a form drawn before the goal changed plans nothing."""

        def plan(tx: Transaction) -> None:
            goal, person = tx.goal_and_person(goal_id, expected_version)
            if conversation_id is not None:
                coaching.check_held_with(person, conversation_id)
            tx.add(
                Step.plan(
                    goal,
                    description=description,
                    mode=mode,
                    with_whom=with_whom,
                    due=due,
                    conversation_id=conversation_id,
                    preference_ids=preference_ids,
                    person=person,
                )
            )

        return self._uow.run_on_goal(goal_id, plan)

    def link_step(
        self, step_id: UUID, preference_ids: Sequence[UUID], *, expected_version: int | None = None
    ) -> CommandOutcome:
        def link(tx: Transaction) -> None:
            step, person = tx.step_and_person(step_id, expected_version)
            step.link(preference_ids, person)

        return self._uow.run_on_step(step_id, link)

    def start_step(
        self, step_id: UUID, note: str | None = None, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run_on_step(step_id, lambda tx: tx.step(step_id, expected_version).start(note))

    def complete_step(
        self, step_id: UUID, note: str | None = None, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run_on_step(step_id, lambda tx: tx.step(step_id, expected_version).complete(note))

    def drop_step(
        self, step_id: UUID, reason: str, kind: str = "other", *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run_on_step(
            step_id, lambda tx: tx.step(step_id, expected_version).drop(reason, kind)
        )

    def reschedule_step(
        self, step_id: UUID, due: date, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run_on_step(step_id, lambda tx: tx.step(step_id, expected_version).reschedule(due))

    def change_step_mode(
        self,
        step_id: UUID,
        mode: str,
        with_whom: Sequence[str] = (),
        *,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        return self._uow.run_on_step(
            step_id, lambda tx: tx.step(step_id, expected_version).change_mode(mode, with_whom)
        )
