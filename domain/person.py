"""A person using the service: registration, team, key worker, agreement, discharge, reviews,
and what working practices 1 and 2 record with them (values, preferences, life maps, strengths)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from domain import life_map, preferences, strengths, text
from domain.base import JourneyAggregate
from domain.errors import InvalidInputError, RuleViolationError, StrengthNotFoundError, ValueNotFoundError
from domain.vocabulary import Approach, LifeMapKind, PersonStatus, VtpArea


class Person(JourneyAggregate):
    class Event(JourneyAggregate.Event):
        pass

    class PersonRegistered(Event, JourneyAggregate.Created):
        display_name: str
        team_id: str
        key_worker_id: str | None
        external_ref: str | None

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
        text: str
        review_by: date | None

        def apply(self, aggregate: Any) -> None:
            aggregate.working_agreement = self.text
            aggregate.working_agreement_review_by = self.review_by

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

    # Working practice 1: values and treatment preferences

    class ValueRecorded(Event):
        value_id: UUID
        area: str
        statement: str
        in_own_words: bool
        approach: str

        def apply(self, aggregate: Any) -> None:
            aggregate.values[self.value_id] = {
                "area": self.area,
                "statement": self.statement,
                "in_own_words": self.in_own_words,
                "approach": self.approach,
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

        def apply(self, aggregate: Any) -> None:
            aggregate.values[self.value_id].update(
                statement=self.statement, in_own_words=self.in_own_words, approach=self.approach
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

        def apply(self, aggregate: Any) -> None:
            aggregate.strengths[self.strength_id] = {
                "domain": self.domain,
                "column": self.column,
                "resource": self.resource,
                "statement": self.statement,
                "in_own_words": self.in_own_words,
                "current": True,
            }

    class StrengthRevised(Event):
        strength_id: UUID
        #: Only the fields that changed, with their new and previous values.
        changes: dict[str, Any]
        previous: dict[str, Any]

        def apply(self, aggregate: Any) -> None:
            aggregate.strengths[self.strength_id].update(self.changes)

    class StrengthRemoved(Event):
        strength_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.strengths[self.strength_id]["current"] = False

    def __init__(
        self, display_name: str, team_id: str, key_worker_id: str | None, external_ref: str | None
    ) -> None:
        self.display_name = display_name
        self.team_id = team_id
        self.key_worker_id = key_worker_id
        self.external_ref = external_ref
        self.status = PersonStatus.ACTIVE
        self.working_agreement: str | None = None
        self.working_agreement_review_by: date | None = None
        self.next_review_due: date | None = None
        self.last_review_on: date | None = None
        # Withdrawn values and preferences and removed strengths stay, marked not current: a
        # command on one is refused by its rule rather than reported unknown, and it cannot be linked.
        self.values: dict[UUID, dict[str, Any]] = {}
        self.preferences: dict[UUID, dict[str, Any]] = {}
        self.strengths: dict[UUID, dict[str, Any]] = {}
        self.declined_areas: set[str] = set()

    @classmethod
    def register(
        cls,
        display_name: str,
        team_id: str,
        key_worker_id: str | None = None,
        external_ref: str | None = None,
    ) -> Person:
        return cls._begin(
            cls.PersonRegistered,
            display_name=text.text("display_name", display_name, text.NAME_MAX_CHARS),
            team_id=text.reference("team_id", team_id),
            key_worker_id=text.optional_reference("key_worker_id", key_worker_id),
            external_ref=text.optional_reference("external_ref", external_ref),
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

    def make_working_agreement(self, agreement: str, review_by: date | None = None) -> None:
        self.ensure_journey_open()
        self._record(
            self.WorkingAgreementMade,
            text=text.text("text", agreement, text.NOTE_MAX_CHARS),
            review_by=review_by,
        )

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

    # Working practice 1: values and treatment preferences

    def record_value(self, area: str, statement: str, in_own_words: bool, approach: str) -> UUID:
        self.ensure_journey_open()
        value_id = uuid4()
        self._record(
            self.ValueRecorded,
            value_id=value_id,
            area=text.choice("area", area, VtpArea).value,
            statement=text.text("statement", statement, text.STATEMENT_MAX_CHARS),
            in_own_words=bool(in_own_words),
            approach=text.choice("approach", approach, Approach).value,
        )
        return value_id

    def revise_value(
        self, value_id: UUID, statement: str, in_own_words: bool | None = None, approach: str | None = None
    ) -> None:
        self.ensure_journey_open()
        value = self._current_value(value_id)
        revised = {
            "statement": text.text("statement", statement, text.STATEMENT_MAX_CHARS),
            "in_own_words": value["in_own_words"] if in_own_words is None else bool(in_own_words),
            "approach": (
                value["approach"] if approach is None else text.choice("approach", approach, Approach).value
            ),
        }
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
        self, statement: str, area: str | None = None, in_own_words: bool = True
    ) -> UUID:
        self.ensure_journey_open()
        preference_id = uuid4()
        self._record(
            self.TreatmentPreferenceRecorded,
            preference_id=preference_id,
            statement=text.text("statement", statement, text.STATEMENT_MAX_CHARS),
            area=preferences.checked_area(area),
            in_own_words=bool(in_own_words),
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

    def add_narrative_entry(self, entry: str, themes: Sequence[str] = ()) -> UUID:
        self.ensure_journey_open()
        entry_id = uuid4()
        self._record(
            self.NarrativeEntryAdded,
            entry_id=entry_id,
            text=text.text("text", entry, text.NOTE_MAX_CHARS),
            themes=text.names("themes", themes, text.THEMES_MAX_ITEMS),
        )
        return entry_id

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
        self, domain: str, column: str, resource: str, statement: str, in_own_words: bool
    ) -> UUID:
        self.ensure_journey_open()
        strength_id = uuid4()
        checked = strengths.checked_fields(
            domain=domain, column=column, resource=resource, statement=statement, in_own_words=in_own_words
        )
        self._record(self.StrengthIdentified, strength_id=strength_id, **checked)
        return strength_id

    def revise_strength(self, strength_id: UUID, **proposed: Any) -> None:
        self.ensure_journey_open()
        strength = self._current_strength(strength_id)
        given = strengths.checked_fields(
            **{name: value for name, value in proposed.items() if value is not None}
        )
        if not given:
            raise InvalidInputError(
                "body", "give at least one of domain, column, resource, statement, in_own_words"
            )
        changes = {name: value for name, value in given.items() if strength[name] != value}
        if not changes:
            raise RuleViolationError("no_change", "the revision changes nothing")
        self._record(
            self.StrengthRevised,
            strength_id=strength_id,
            changes=changes,
            previous={name: strength[name] for name in changes},
        )

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
