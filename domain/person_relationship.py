"""The working relationship with a person (manual, 2.6 and 5.4): how they want to be named, the
working agreement, coaching conversations and the order of their goals. Mixed into ``Person``,
whose nested events these record."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain import coaching, contracting, identity, priorities
from domain.errors import RuleViolationError
from domain.person_state import PersonState

if TYPE_CHECKING:
    from domain.base import JourneyAggregate


class RelationshipPractice(PersonState):
    if TYPE_CHECKING:
        # Person's nested events; declared here for the type checker only (see PersonState).
        PreferredNameRecorded: type[JourneyAggregate.Event]
        WorkingAgreementMade: type[JourneyAggregate.Event]
        WorkingAgreementAgreed: type[JourneyAggregate.Event]
        GoalsPrioritised: type[JourneyAggregate.Event]
        CoachingConversationRecorded: type[JourneyAggregate.Event]

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

    def record_conversation(self, conversation_id: UUID, today: date, **details: Any) -> None:
        """Record a coaching conversation, its fields checked by ``domain.coaching``; the use case
        checks that the goals and steps it concerned are this person's."""
        self.ensure_journey_open()
        checked = coaching.checked_conversation(today=today, **details)
        self._record(self.CoachingConversationRecorded, conversation_id=conversation_id, **checked)
