"""A goal the person values, and how it is reframed, revised and closed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from datetime import date
from typing import Any
from uuid import UUID

from domain import text
from domain.base import JourneyAggregate
from domain.errors import InvalidInputError, RuleViolationError
from domain.person import Person
from domain.review import STATES_ACCEPTING, check_reason
from domain.vocabulary import (
    GoalStatus,
    IdentifiedBy,
    LifeDomain,
    Orientation,
    Responsibility,
    ReviewDecision,
    WrittenBy,
)

_RESPONSIBILITY_RULE = "is the person's or shared, never the worker's alone: use person or shared"


def _responsibility(value: str) -> Responsibility:
    try:
        return Responsibility(value)
    except ValueError:
        raise InvalidInputError("responsibility", _RESPONSIBILITY_RULE) from None


class Goal(JourneyAggregate):
    kind = "goal"

    class Event(JourneyAggregate.Event):
        person_id: UUID

    class GoalIdentified(Event, JourneyAggregate.Created):
        statement: str
        identified_by: str
        orientation: str
        life_domain: str
        responsibility: str
        in_own_words: bool
        value_ids: list[UUID]
        strength_ids: list[UUID]
        target_date: date | None
        #: Who wrote the statement down; None when not said (and on older events).
        written_by: str | None = None
        #: Treatment preferences the goal is shaped by; older events have none.
        preference_ids: list[UUID] = field(default_factory=list)

    class GoalReframed(Event):
        statement: str
        orientation: str
        previous_statement: str
        previous_orientation: str

        def apply(self, aggregate: Any) -> None:
            aggregate.statement = self.statement
            aggregate.orientation = Orientation(self.orientation)

    class GoalRevised(Event):
        #: Only the fields that changed, with their new and previous values.
        changes: dict[str, Any]
        previous: dict[str, Any]

        def apply(self, aggregate: Any) -> None:
            for name, value in self.changes.items():
                if name == "life_domain":
                    value = LifeDomain(value)
                elif name == "responsibility":
                    value = Responsibility(value)
                setattr(aggregate, name, value)

    class GoalLinkedToValue(Event):
        value_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.value_ids.append(self.value_id)

    class GoalLinkedToStrength(Event):
        strength_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.strength_ids.append(self.strength_id)

    class GoalLinkedToPreference(Event):
        preference_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.preference_ids.append(self.preference_id)

    class GrowRecorded(Event):
        goal: str | None
        reality: str | None
        options: str | None
        wrap_up: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.grow = {
                "goal": self.goal,
                "reality": self.reality,
                "options": self.options,
                "wrap_up": self.wrap_up,
            }

    class GoalReviewed(Event):
        review_id: UUID
        held_on: date
        decision: str
        note: str | None

    class GoalPaused(Event):
        note: str | None
        #: Set when a review decided it; older events have none.
        review_id: UUID | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.status = GoalStatus.PAUSED

    class GoalResumed(Event):
        note: str | None
        #: Set when a review decided it; older events have none.
        review_id: UUID | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.status = GoalStatus.ACTIVE

    class GoalAchieved(Event):
        note: str | None
        review_id: UUID | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.status = GoalStatus.ACHIEVED

    class GoalDiscontinued(Event):
        reason: str
        review_id: UUID | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.status = GoalStatus.DISCONTINUED

    def __init__(
        self,
        person_id: UUID,
        statement: str,
        identified_by: str,
        orientation: str,
        life_domain: str,
        responsibility: str,
        in_own_words: bool,
        value_ids: list[UUID],
        strength_ids: list[UUID],
        target_date: date | None,
        preference_ids: list[UUID] | None = None,
    ) -> None:
        self.person_id = person_id
        self.statement = statement
        self.identified_by = IdentifiedBy(identified_by)
        self.orientation = Orientation(orientation)
        self.life_domain = LifeDomain(life_domain)
        self.responsibility = Responsibility(responsibility)
        self.in_own_words = in_own_words
        self.value_ids = list(value_ids)
        self.strength_ids = list(strength_ids)
        self.target_date = target_date
        self.preference_ids = list(preference_ids or ())
        self.grow: dict[str, str | None] | None = None
        self.status: GoalStatus = GoalStatus.ACTIVE

    def _context_fields(self) -> dict[str, Any]:
        return {"person_id": self.person_id}

    @classmethod
    def identify(
        cls,
        person: Person,
        *,
        statement: str,
        identified_by: str,
        orientation: str,
        life_domain: str,
        responsibility: str,
        in_own_words: bool,
        written_by: str | None = None,
        value_ids: Sequence[UUID] = (),
        strength_ids: Sequence[UUID] = (),
        target_date: date | None = None,
        preference_ids: Sequence[UUID] = (),
    ) -> Goal:
        person.ensure_journey_open()
        fields = {
            "statement": text.text("statement", statement, text.STATEMENT_MAX_CHARS),
            "identified_by": text.choice("identified_by", identified_by, IdentifiedBy).value,
            "orientation": text.choice("orientation", orientation, Orientation).value,
            "life_domain": text.choice("life_domain", life_domain, LifeDomain).value,
            "responsibility": _responsibility(responsibility).value,
            "in_own_words": text.flag("in_own_words", in_own_words),
            "written_by": text.optional_choice("written_by", written_by, WrittenBy),
        }
        value_ids, strength_ids = list(dict.fromkeys(value_ids)), list(dict.fromkeys(strength_ids))
        preference_ids = list(dict.fromkeys(preference_ids))
        person.check_links(value_ids, strength_ids, preference_ids)
        return cls._begin(
            cls.GoalIdentified,
            person_id=person.id,
            value_ids=value_ids,
            strength_ids=strength_ids,
            target_date=target_date,
            preference_ids=preference_ids,
            **fields,
        )

    @property
    def is_closed(self) -> bool:
        return self.status.is_closed

    def ensure_open(self) -> None:
        if self.is_closed:
            raise RuleViolationError(
                "goal_closed",
                f"the goal is {self.status.value}: closed goals stay in the history "
                "and nothing more is planned or changed on them",
            )

    def reframe(self, statement: str, orientation: str) -> None:
        self.ensure_open()
        text.text("statement", statement, text.STATEMENT_MAX_CHARS)
        new_orientation = text.choice("orientation", orientation, Orientation)
        if statement == self.statement and new_orientation is self.orientation:
            raise RuleViolationError("no_change", "the reframed goal is the same as the current one")
        self._record(
            self.GoalReframed,
            statement=statement,
            orientation=new_orientation.value,
            previous_statement=self.statement,
            previous_orientation=self.orientation.value,
        )

    def revise(
        self,
        *,
        statement: str | None = None,
        life_domain: str | None = None,
        responsibility: str | None = None,
        target_date: date | None = None,
        clear_target_date: bool = False,
    ) -> None:
        self.ensure_open()
        proposed: dict[str, Any] = {}
        if statement is not None:
            proposed["statement"] = text.text("statement", statement, text.STATEMENT_MAX_CHARS)
        if life_domain is not None:
            proposed["life_domain"] = text.choice("life_domain", life_domain, LifeDomain)
        if responsibility is not None:
            proposed["responsibility"] = _responsibility(responsibility)
        if target_date is not None or clear_target_date:
            proposed["target_date"] = target_date
        if not proposed:
            raise InvalidInputError(
                "body", "give at least one of statement, life_domain, responsibility, target_date"
            )
        changes = {k: v for k, v in proposed.items() if getattr(self, k) != v}
        if not changes:
            raise RuleViolationError("no_change", "the revision changes nothing")
        self._record(
            self.GoalRevised,
            changes={k: _primitive(v) for k, v in changes.items()},
            previous={k: _primitive(getattr(self, k)) for k in changes},
        )

    def link(
        self,
        value_ids: Sequence[UUID],
        strength_ids: Sequence[UUID],
        person: Person,
        preference_ids: Sequence[UUID] = (),
    ) -> None:
        """Link the goal to values it expresses, strengths it builds on and treatment preferences
        that shape how the person works towards it (manual, 5.3 principles 4 and 5)."""
        self.ensure_open()
        if not value_ids and not strength_ids and not preference_ids:
            raise InvalidInputError("body", "give value_ids, strength_ids or preference_ids to link")
        person.check_links(value_ids, strength_ids, preference_ids)
        new_values = [v for v in dict.fromkeys(value_ids) if v not in self.value_ids]
        new_strengths = [s for s in dict.fromkeys(strength_ids) if s not in self.strength_ids]
        new_preferences = [p for p in dict.fromkeys(preference_ids) if p not in self.preference_ids]
        if not new_values and not new_strengths and not new_preferences:
            raise RuleViolationError("no_change", "these links already exist")
        for value_id in new_values:
            self._record(self.GoalLinkedToValue, value_id=value_id)
        for strength_id in new_strengths:
            self._record(self.GoalLinkedToStrength, strength_id=strength_id)
        for preference_id in new_preferences:
            self._record(self.GoalLinkedToPreference, preference_id=preference_id)

    def record_grow(
        self,
        *,
        goal: str | None = None,
        reality: str | None = None,
        options: str | None = None,
        wrap_up: str | None = None,
    ) -> None:
        self.ensure_open()
        parts = {"goal": goal, "reality": reality, "options": options, "wrap_up": wrap_up}
        if all(part is None for part in parts.values()):
            raise InvalidInputError("body", "give at least one of goal, reality, options, wrap_up")
        checked = {k: text.optional_text(k, v, text.STATEMENT_MAX_CHARS) for k, v in parts.items()}
        self._record(self.GrowRecorded, **checked)

    def pause(self, note: str | None = None) -> None:
        self._require_status("pause", GoalStatus.ACTIVE)
        self._record(self.GoalPaused, note=_note(note))

    def resume(self, note: str | None = None) -> None:
        self._require_status("resume", GoalStatus.PAUSED)
        self._record(self.GoalResumed, note=_note(note))

    def achieve(self, note: str | None = None) -> None:
        self._require_status("achieve", GoalStatus.ACTIVE)
        self._record(self.GoalAchieved, note=_note(note))

    def discontinue(self, reason: str) -> None:
        self._require_status("discontinue", GoalStatus.ACTIVE, GoalStatus.PAUSED)
        self._record(self.GoalDiscontinued, reason=text.text("reason", reason, text.NOTE_MAX_CHARS))

    def review(self, review_id: UUID, held_on: date, decision: str, note: str | None = None) -> None:
        """Record a review's decision on this goal, and the change it decides.

        Checks everything first, so a refused decision records nothing here.
        """
        chosen = text.choice("decision", decision, ReviewDecision)
        checked_note = _note(note)
        self._require_status(f"decide '{chosen.value}' for", *STATES_ACCEPTING[chosen])
        check_reason(chosen, checked_note)
        self._record(
            self.GoalReviewed, review_id=review_id, held_on=held_on, decision=chosen.value, note=checked_note
        )
        if chosen is ReviewDecision.PAUSE:
            self._record(self.GoalPaused, note=checked_note, review_id=review_id)
        elif chosen is ReviewDecision.ACHIEVED:
            self._record(self.GoalAchieved, note=checked_note, review_id=review_id)
        elif chosen is ReviewDecision.DISCONTINUE:
            self._record(self.GoalDiscontinued, reason=checked_note, review_id=review_id)
        elif chosen is ReviewDecision.RESUME:
            self._record(self.GoalResumed, note=checked_note, review_id=review_id)


def _note(note: str | None) -> str | None:
    return text.optional_text("note", note, text.NOTE_MAX_CHARS)


def _primitive(value: Any) -> Any:
    return value.value if isinstance(value, (LifeDomain, Responsibility)) else value
