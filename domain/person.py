"""A person using the service: registration, team, key worker, discharge, reviews, and every event
of their journey that is not a goal's or a step's. The commands of working practices 1 and 2 and
of the working relationship live in the practices mixed in (``domain.person_values``,
``domain.person_strengths``, ``domain.person_relationship``); the events stay nested here, where
their stored topics (``domain.person:Person.<Event>``) name them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from domain import identity, preferences, strengths, text
from domain.base import JourneyAggregate
from domain.errors import InvalidInputError, RuleViolationError
from domain.person_relationship import RelationshipPractice
from domain.person_strengths import StrengthsPractice
from domain.person_values import ValuesPractice
from domain.vocabulary import PersonStatus


class Person(ValuesPractice, StrengthsPractice, RelationshipPractice, JourneyAggregate):
    class Event(JourneyAggregate.Event):
        pass

    class PersonRegistered(Event, JourneyAggregate.Created):
        display_name: str
        team_id: str
        key_worker_id: str | None
        external_ref: str | None
        #: In the person's own words; None when not given (and on older events).
        preferred_name: str | None = None
        pronouns: str | None = None

    class PreferredNameRecorded(Event):
        #: None clears: the person would rather not give one (any more).
        preferred_name: str | None
        pronouns: str | None
        previous_preferred_name: str | None
        previous_pronouns: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.preferred_name = self.preferred_name
            aggregate.pronouns = self.pronouns

    class KeyWorkerAssigned(Event):
        worker_id: str
        previous_worker_id: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.key_worker_id = self.worker_id

    class PersonTransferred(Event):
        team_id: str
        previous_team_id: str

        def apply(self, aggregate: Any) -> None:
            aggregate.team_id = self.team_id

    class PersonDischarged(Event):
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = PersonStatus.DISCHARGED

    class WorkingAgreementMade(Event):
        text: str | None
        review_by: date | None
        # The manual's parts (2.6, "Dynamic Contracting"); agreements made before them have text only.
        expectations: str | None = None
        how_we_work: str | None = None
        differences: str | None = None
        practicalities: str | None = None
        agreed_by_person: bool = False
        agreed_on: date | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.working_agreement = self.text
            aggregate.working_agreement_review_by = self.review_by
            aggregate.working_agreement_made = True
            aggregate.working_agreement_agreed = self.agreed_by_person

    class WorkingAgreementAgreed(Event):
        agreed_on: date

        def apply(self, aggregate: Any) -> None:
            aggregate.working_agreement_agreed = True

    class GoalsPrioritised(Event):
        #: The person's order; their other open goals follow it.
        goal_ids: list[UUID]

        def apply(self, aggregate: Any) -> None:
            aggregate.goal_priority = list(self.goal_ids)

    class ReviewHeld(Event):
        review_id: UUID
        held_on: date
        participants: list[str]
        summary: str
        #: ``{goal_id, decision, note}`` for each goal decided on.
        goal_decisions: list[dict[str, Any]]
        next_review_due: date

        def apply(self, aggregate: Any) -> None:
            aggregate.next_review_due = self.next_review_due
            aggregate.last_review_on = self.held_on

    class CoachingConversationRecorded(Event):
        conversation_id: UUID
        held_on: date
        participants: list[str]
        goal_ids: list[UUID]
        step_ids: list[UUID]
        reflect: str | None
        explore: str | None
        agree_outcomes: str | None
        commit_to_action: str | None
        hold_to_account: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.conversations.add(self.conversation_id)

    # Working practice 1: values and treatment preferences

    class ValueRecorded(Event):
        value_id: UUID
        area: str
        statement: str
        in_own_words: bool
        approach: str
        #: Who wrote the statement down; None when not said (and on older events).
        written_by: str | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.values[self.value_id] = {
                "area": self.area,
                "statement": self.statement,
                "in_own_words": self.in_own_words,
                "approach": self.approach,
                "written_by": self.written_by,
                "current": True,
            }
            aggregate.declined_areas.discard(self.area)

    class ValueRevised(Event):
        value_id: UUID
        statement: str
        in_own_words: bool
        approach: str
        previous_statement: str
        previous_in_own_words: bool
        previous_approach: str
        written_by: str | None = None
        previous_written_by: str | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.values[self.value_id].update(
                statement=self.statement,
                in_own_words=self.in_own_words,
                approach=self.approach,
                written_by=self.written_by,
            )

    class ValueWithdrawn(Event):
        value_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.values[self.value_id]["current"] = False

    class AreaDeclined(Event):
        area: str
        note: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.declined_areas.add(self.area)

    class TreatmentPreferenceRecorded(Event):
        preference_id: UUID
        statement: str
        area: str | None
        in_own_words: bool
        written_by: str | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.preferences[self.preference_id] = {
                "statement": self.statement,
                "area": self.area,
                "in_own_words": self.in_own_words,
                "current": True,
            }

    class TreatmentPreferenceRevised(Event):
        preference_id: UUID
        statement: str
        area: str | None
        in_own_words: bool
        previous_statement: str
        previous_area: str | None
        previous_in_own_words: bool

        def apply(self, aggregate: Any) -> None:
            aggregate.preferences[self.preference_id].update(
                statement=self.statement, area=self.area, in_own_words=self.in_own_words
            )

    class TreatmentPreferenceWithdrawn(Event):
        preference_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.preferences[self.preference_id]["current"] = False

    class NarrativeEntryAdded(Event):
        entry_id: UUID
        text: str
        themes: list[str]
        written_by: str | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.narrative[self.entry_id] = {
                "text": self.text,
                "themes": list(self.themes),
                "written_by": self.written_by,
                "current": True,
            }

    class NarrativeEntryRevised(Event):
        entry_id: UUID
        text: str
        themes: list[str]
        previous_text: str
        previous_themes: list[str]
        written_by: str | None = None
        previous_written_by: str | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.narrative[self.entry_id].update(
                text=self.text, themes=list(self.themes), written_by=self.written_by
            )

    class NarrativeEntryWithdrawn(Event):
        entry_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.narrative[self.entry_id]["current"] = False

    class LifeMapDrawn(Event):
        kind: str
        entries: list[dict[str, str | None]]

    # Working practice 2: strengths

    class StrengthIdentified(Event):
        strength_id: UUID
        domain: str
        column: str
        resource: str
        statement: str
        in_own_words: bool
        #: ``person`` or ``worker``; None where it was not said (and in events before it was asked).
        written_by: str | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.strengths[self.strength_id] = {
                "domain": self.domain,
                "column": self.column,
                "resource": self.resource,
                "statement": self.statement,
                "in_own_words": self.in_own_words,
                "written_by": self.written_by,
                "current": True,
            }

    class StrengthRevised(Event):
        strength_id: UUID
        #: Only the fields that changed, with their new and previous values.
        changes: dict[str, Any]
        previous: dict[str, Any]
        #: Who wrote the revision; None where it was not said (``domain.strengths.revision``).
        written_by: str | None = None

        def apply(self, aggregate: Any) -> None:
            strength = aggregate.strengths[self.strength_id]
            strength["written_by"] = strengths.writer_after(strength, self.changes, self.written_by)
            strength.update(self.changes)

    class StrengthRemoved(Event):
        strength_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.strengths[self.strength_id]["current"] = False

    class StrengthsDomainReviewed(Event):
        """One row of the worksheet gone through with the person, whether or not anything changed."""

        domain: str
        note: str | None

    class WorksheetAgreed(Event):
        agreed_on: date
        participants: list[str]
        note: str | None

    def __init__(
        self,
        display_name: str,
        team_id: str,
        key_worker_id: str | None,
        external_ref: str | None,
        preferred_name: str | None = None,
        pronouns: str | None = None,
    ) -> None:
        self.display_name = display_name
        self.preferred_name = preferred_name
        self.pronouns = pronouns
        self.team_id = team_id
        self.key_worker_id = key_worker_id
        self.external_ref = external_ref
        self.status = PersonStatus.ACTIVE
        self.working_agreement: str | None = None
        self.working_agreement_review_by: date | None = None
        self.working_agreement_made = False
        self.working_agreement_agreed = False
        self.goal_priority: list[UUID] = []
        self.next_review_due: date | None = None
        self.last_review_on: date | None = None
        # Withdrawn values and preferences and removed strengths stay, marked not current: a
        # command on one is refused by its rule rather than reported unknown, and it cannot be linked.
        self.values: dict[UUID, dict[str, Any]] = {}
        self.preferences: dict[UUID, dict[str, Any]] = {}
        self.strengths: dict[UUID, dict[str, Any]] = {}
        self.narrative: dict[UUID, dict[str, Any]] = {}
        self.declined_areas: set[str] = set()
        self.conversations: set[UUID] = set()

    @classmethod
    def register(
        cls,
        display_name: str,
        team_id: str,
        key_worker_id: str | None = None,
        external_ref: str | None = None,
        preferred_name: str | None = None,
        pronouns: str | None = None,
    ) -> Person:
        return cls._begin(
            cls.PersonRegistered,
            display_name=text.text("display_name", display_name, text.NAME_MAX_CHARS),
            team_id=text.reference("team_id", team_id),
            key_worker_id=text.optional_reference("key_worker_id", key_worker_id),
            external_ref=text.optional_reference("external_ref", external_ref),
            **identity.checked(preferred_name, pronouns),
        )

    @property
    def is_discharged(self) -> bool:
        return self.status is PersonStatus.DISCHARGED

    def ensure_journey_open(self) -> None:
        if self.is_discharged:
            raise RuleViolationError(
                "person_discharged", "the person has been discharged: their journey is read-only"
            )

    def check_links(
        self,
        value_ids: Iterable[UUID],
        strength_ids: Iterable[UUID],
        preference_ids: Iterable[UUID] = (),
    ) -> None:
        """Refuse links to values, strengths or treatment preferences this person does not
        currently hold."""
        for i, value_id in enumerate(value_ids):
            if not self.values.get(value_id, {}).get("current"):
                raise InvalidInputError(f"value_ids[{i}]", "is not a current value of this person")
        for i, strength_id in enumerate(strength_ids):
            if not self.strengths.get(strength_id, {}).get("current"):
                raise InvalidInputError(f"strength_ids[{i}]", "is not a current strength of this person")
        preferences.check_links(self.preferences, preference_ids)

    def assign_key_worker(self, worker_id: str) -> None:
        self.ensure_journey_open()
        text.reference("worker_id", worker_id)
        if worker_id == self.key_worker_id:
            raise RuleViolationError("no_change", "this worker is already the key worker")
        self._record(self.KeyWorkerAssigned, worker_id=worker_id, previous_worker_id=self.key_worker_id)

    def transfer(self, team_id: str) -> None:
        self.ensure_journey_open()
        text.reference("team_id", team_id)
        if team_id == self.team_id:
            raise RuleViolationError("no_change", "the person is already with this team")
        self._record(self.PersonTransferred, team_id=team_id, previous_team_id=self.team_id)

    def discharge(self, reason: str) -> None:
        self.ensure_journey_open()
        self._record(self.PersonDischarged, reason=text.text("reason", reason, text.NOTE_MAX_CHARS))

    def hold_review(
        self,
        *,
        review_id: UUID,
        held_on: date,
        participants: Sequence[str],
        summary: str,
        goal_decisions: Sequence[Mapping[str, Any]],
        next_review_due: date,
        today: date,
    ) -> None:
        """Record the review itself; each goal records its own decision (``Goal.review``)."""
        self.ensure_journey_open()
        if held_on > today:
            raise InvalidInputError("held_on", "a review cannot be recorded before it is held")
        if next_review_due <= held_on:
            raise InvalidInputError("next_review_due", "must be after the day the review was held")
        self._record(
            self.ReviewHeld,
            review_id=review_id,
            held_on=held_on,
            participants=text.names("participants", participants, text.PARTICIPANTS_MAX_ITEMS),
            summary=text.text("summary", summary, text.NOTE_MAX_CHARS),
            goal_decisions=[
                {"goal_id": d["goal_id"], "decision": d["decision"], "note": d.get("note")}
                for d in goal_decisions
            ],
            next_review_due=next_review_due,
        )
