"""Working practice 1 on a person (manual, chapter 3): values, declined areas, treatment
preferences, narrative and life maps. Mixed into ``Person``, whose nested events these record."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from domain import life_map, narrative, preferences, text
from domain.errors import RuleViolationError, ValueNotFoundError
from domain.person_state import PersonState
from domain.values import revised_value
from domain.vocabulary import Approach, LifeMapKind, VtpArea, WrittenBy

if TYPE_CHECKING:
    from domain.base import JourneyAggregate


class ValuesPractice(PersonState):
    if TYPE_CHECKING:
        # Person's nested events; declared here for the type checker only (see PersonState).
        ValueRecorded: type[JourneyAggregate.Event]
        ValueRevised: type[JourneyAggregate.Event]
        ValueWithdrawn: type[JourneyAggregate.Event]
        AreaDeclined: type[JourneyAggregate.Event]
        TreatmentPreferenceRecorded: type[JourneyAggregate.Event]
        TreatmentPreferenceRevised: type[JourneyAggregate.Event]
        TreatmentPreferenceWithdrawn: type[JourneyAggregate.Event]
        NarrativeEntryAdded: type[JourneyAggregate.Event]
        NarrativeEntryRevised: type[JourneyAggregate.Event]
        NarrativeEntryWithdrawn: type[JourneyAggregate.Event]
        LifeMapDrawn: type[JourneyAggregate.Event]

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
