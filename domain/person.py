"""A person using the service: registration, team, key worker, agreement, discharge, reviews,
what working practices 1 and 2 record with them (values, preferences, narrative, life maps,
strengths), and the order of their goals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from domain import (
    coaching,
    contracting,
    identity,
    life_map,
    narrative,
    preferences,
    priorities,
    strengths,
    text,
)
from domain.base import JourneyAggregate
from domain.errors import InvalidInputError, RuleViolationError, StrengthNotFoundError, ValueNotFoundError
from domain.values import revised_value
from domain.vocabulary import Approach, LifeMapKind, PersonStatus, VtpArea, WorksheetRow, WrittenBy


class Person(JourneyAggregate):
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

    def record_preferred_name(self, preferred_name: str | None, pronouns: str | None) -> None:
        """Record how the person wants to be named and referred to; None clears either."""
        self.ensure_journey_open()
        checked = identity.checked(preferred_name, pronouns)
        if checked == {"preferred_name": self.preferred_name, "pronouns": self.pronouns}:
            raise RuleViolationError("no_change", "the preferred name and pronouns are already these")
        self._record(
            self.PreferredNameRecorded,
            **checked,
            previous_preferred_name=self.preferred_name,
            previous_pronouns=self.pronouns,
        )

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

    def make_working_agreement(
        self,
        agreement: str | None = None,
        review_by: date | None = None,
        *,
        parts: Mapping[str, str | None] | None = None,
        agreed_by_person: bool = False,
        agreed_on: date | None = None,
        today: date | None = None,
    ) -> None:
        """Make the agreement again, whole (manual, 2.6 "Dynamic Contracting"): its text, the
        manual's ``parts`` (``contracting.PARTS``), or both; and whether the person agreed."""
        self.ensure_journey_open()
        checked = contracting.checked_agreement(
            agreement, dict(parts or {}), review_by, agreed_by_person, agreed_on, today or date.today()
        )
        self._record(self.WorkingAgreementMade, **checked)

    def agree_working_agreement(self, agreed_on: date | None = None, today: date | None = None) -> None:
        """Record that the person agreed to the agreement as it stands."""
        self.ensure_journey_open()
        if not self.working_agreement_made:
            raise RuleViolationError("no_working_agreement", "no working agreement has been made yet")
        if self.working_agreement_agreed:
            raise RuleViolationError("no_change", "the person has already agreed to this working agreement")
        checked = contracting.checked_agreed_on(agreed_on, today or date.today())
        self._record(self.WorkingAgreementAgreed, agreed_on=checked)

    def prioritise_goals(self, goal_ids: Sequence[UUID]) -> None:
        """The person's order of their goals (manual, 5.4 "Planning actions"); the application
        checks first that each is an open goal of theirs (``priorities.check_open_goal_of``)."""
        self.ensure_journey_open()
        ordered = priorities.checked_order(goal_ids)
        if ordered == self.goal_priority:
            raise RuleViolationError("no_change", "the goals are already in this order")
        self._record(self.GoalsPrioritised, goal_ids=ordered)

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

    def record_conversation(self, conversation_id: UUID, today: date, **details: Any) -> None:
        """Record a coaching conversation, its fields checked by ``domain.coaching``; the use case
        checks that the goals and steps it concerned are this person's."""
        self.ensure_journey_open()
        checked = coaching.checked_conversation(today=today, **details)
        self._record(self.CoachingConversationRecorded, conversation_id=conversation_id, **checked)

    # Working practice 1: values and treatment preferences

    def record_value(
        self,
        area: str,
        statement: str,
        in_own_words: bool,
        approach: str,
        written_by: str | None = None,
    ) -> UUID:
        self.ensure_journey_open()
        value_id = uuid4()
        self._record(
            self.ValueRecorded,
            value_id=value_id,
            area=text.choice("area", area, VtpArea).value,
            statement=text.text("statement", statement, text.STATEMENT_MAX_CHARS),
            in_own_words=text.flag("in_own_words", in_own_words),
            approach=text.choice("approach", approach, Approach).value,
            written_by=text.optional_choice("written_by", written_by, WrittenBy),
        )
        return value_id

    def revise_value(
        self,
        value_id: UUID,
        statement: str,
        in_own_words: bool | None,
        approach: str | None = None,
        written_by: str | None = None,
    ) -> None:
        self.ensure_journey_open()
        value = self._current_value(value_id)
        revised = revised_value(value, statement, in_own_words, approach, written_by)
        if all(revised[name] == value[name] for name in revised):
            raise RuleViolationError("no_change", "the revised value is the same as the current one")
        previous = {f"previous_{name}": value[name] for name in revised}
        self._record(self.ValueRevised, value_id=value_id, **revised, **previous)

    def withdraw_value(self, value_id: UUID) -> None:
        self.ensure_journey_open()
        self._current_value(value_id)
        self._record(self.ValueWithdrawn, value_id=value_id)

    def decline_area(self, area: str, note: str | None = None) -> None:
        self.ensure_journey_open()
        checked = text.choice("area", area, VtpArea).value
        if checked in self.declined_areas:
            raise RuleViolationError("no_change", "the person has already declined to discuss this area")
        if any(v["current"] and v["area"] == checked for v in self.values.values()):
            raise RuleViolationError(
                "area_has_values",
                "the person has current values in this area: withdraw them before recording a decline",
            )
        self._record(
            self.AreaDeclined, area=checked, note=text.optional_text("note", note, text.NOTE_MAX_CHARS)
        )

    def record_treatment_preference(
        self,
        statement: str,
        area: str | None = None,
        *,
        in_own_words: bool,
        written_by: str | None = None,
    ) -> UUID:
        self.ensure_journey_open()
        preference_id = uuid4()
        self._record(
            self.TreatmentPreferenceRecorded,
            preference_id=preference_id,
            statement=text.text("statement", statement, text.STATEMENT_MAX_CHARS),
            area=preferences.checked_area(area),
            in_own_words=text.flag("in_own_words", in_own_words),
            written_by=text.optional_choice("written_by", written_by, WrittenBy),
        )
        return preference_id

    def revise_treatment_preference(
        self,
        preference_id: UUID,
        statement: str,
        in_own_words: bool | None = None,
        area: str | None = None,
        *,
        clear_area: bool = False,
    ) -> None:
        """Revise a preference as the person's view changes (manual, 3.3); ``area`` None keeps
        the area, ``clear_area`` removes it."""
        self.ensure_journey_open()
        preference = preferences.current(self.preferences, preference_id)
        revised = preferences.revision(preference, statement, in_own_words, area, clear_area)
        self._record(self.TreatmentPreferenceRevised, preference_id=preference_id, **revised)

    def withdraw_treatment_preference(self, preference_id: UUID) -> None:
        self.ensure_journey_open()
        preferences.current(self.preferences, preference_id)
        self._record(self.TreatmentPreferenceWithdrawn, preference_id=preference_id)

    def add_narrative_entry(
        self, entry: str, themes: Sequence[str] = (), written_by: str | None = None
    ) -> UUID:
        self.ensure_journey_open()
        entry_id = uuid4()
        checked = narrative.checked_entry(entry, themes, written_by)
        self._record(self.NarrativeEntryAdded, entry_id=entry_id, **checked)
        return entry_id

    def revise_narrative_entry(
        self,
        entry_id: UUID,
        entry: str | None = None,
        themes: Sequence[str] | None = None,
        written_by: str | None = None,
    ) -> None:
        self.ensure_journey_open()
        revised = narrative.checked_revision(
            narrative.current(self.narrative, entry_id), entry, themes, written_by
        )
        self._record(self.NarrativeEntryRevised, entry_id=entry_id, **revised)

    def withdraw_narrative_entry(self, entry_id: UUID) -> None:
        self.ensure_journey_open()
        narrative.current(self.narrative, entry_id)
        self._record(self.NarrativeEntryWithdrawn, entry_id=entry_id)

    def draw_life_map(self, kind: str, entries: Sequence[Mapping[str, str | None]]) -> None:
        self.ensure_journey_open()
        checked_kind = text.choice("kind", kind, LifeMapKind).value
        self._record(self.LifeMapDrawn, kind=checked_kind, entries=life_map.checked_entries(entries))

    def _current_value(self, value_id: UUID) -> dict[str, Any]:
        value = self.values.get(value_id)
        if value is None:
            raise ValueNotFoundError(value_id)
        if not value["current"]:
            raise RuleViolationError(
                "value_withdrawn", "this value has been withdrawn: it stays in the history"
            )
        return value

    # Working practice 2: strengths

    def identify_strength(
        self,
        domain: str,
        column: str,
        resource: str,
        statement: str,
        in_own_words: bool,
        written_by: str | None = None,
    ) -> UUID:
        self.ensure_journey_open()
        strength_id = uuid4()
        checked = strengths.checked_fields(
            domain=domain, column=column, resource=resource, statement=statement, in_own_words=in_own_words
        )
        writer = strengths.checked_writer(written_by)
        self._record(self.StrengthIdentified, strength_id=strength_id, **checked, written_by=writer)
        return strength_id

    def revise_strength(self, strength_id: UUID, written_by: str | None = None, **proposed: Any) -> None:
        self.ensure_journey_open()
        strength = self._current_strength(strength_id)
        changes, writer = strengths.revision(strength, proposed, written_by)
        self._record(
            self.StrengthRevised,
            strength_id=strength_id,
            changes=changes,
            previous={name: strength[name] for name in changes},
            written_by=writer,
        )

    def review_strengths_domain(self, domain: str, note: str | None = None) -> None:
        self.ensure_journey_open()
        self._record(
            self.StrengthsDomainReviewed,
            domain=text.choice("domain", domain, WorksheetRow).value,
            note=text.optional_text("note", note, text.NOTE_MAX_CHARS),
        )

    def agree_strengths_worksheet(
        self, agreed_on: date, participants: Sequence[str], note: str | None, today: date
    ) -> None:
        self.ensure_journey_open()
        has_strengths = any(s["current"] for s in self.strengths.values())
        checked = strengths.checked_agreement(agreed_on, participants, note, today, has_strengths)
        self._record(self.WorksheetAgreed, **checked)

    def remove_strength(self, strength_id: UUID) -> None:
        self.ensure_journey_open()
        self._current_strength(strength_id)
        self._record(self.StrengthRemoved, strength_id=strength_id)

    def _current_strength(self, strength_id: UUID) -> dict[str, Any]:
        strength = self.strengths.get(strength_id)
        if strength is None:
            raise StrengthNotFoundError(strength_id)
        if not strength["current"]:
            raise RuleViolationError(
                "strength_removed", "this strength has been removed: it stays in the history"
            )
        return strength
