"""Person's commands live in practices mixed into it; its events, state and stored topics stay
Person's own."""

from __future__ import annotations

import dataclasses
import inspect

import pytest
from eventsourcing.utils import get_topic, resolve_topic

from domain.person import Person
from domain.person_relationship import RelationshipPractice
from domain.person_state import PersonState
from domain.person_strengths import StrengthsPractice
from domain.person_values import ValuesPractice

PRACTICES = [PersonState, ValuesPractice, StrengthsPractice, RelationshipPractice]

# Every event a person's journey has stored; each must load from the topic it was stored under.
STORED_EVENTS = [
    "PersonRegistered",
    "PreferredNameRecorded",
    "KeyWorkerAssigned",
    "PersonTransferred",
    "PersonDischarged",
    "WorkingAgreementMade",
    "WorkingAgreementAgreed",
    "GoalsPrioritised",
    "ReviewHeld",
    "CoachingConversationRecorded",
    "ValueRecorded",
    "ValueRevised",
    "ValueWithdrawn",
    "AreaDeclined",
    "TreatmentPreferenceRecorded",
    "TreatmentPreferenceRevised",
    "TreatmentPreferenceWithdrawn",
    "NarrativeEntryAdded",
    "NarrativeEntryRevised",
    "NarrativeEntryWithdrawn",
    "LifeMapDrawn",
    "StrengthIdentified",
    "StrengthRevised",
    "StrengthRemoved",
    "StrengthsDomainReviewed",
    "WorksheetAgreed",
]


@pytest.mark.parametrize("name", STORED_EVENTS)
def test_each_event_keeps_the_topic_it_is_stored_under(name: str) -> None:
    event_class = getattr(Person, name)
    assert get_topic(event_class) == f"domain.person:Person.{name}"
    assert resolve_topic(f"domain.person:Person.{name}") is event_class
    assert issubclass(event_class, Person.Event)


@pytest.mark.parametrize("practice", PRACTICES, ids=lambda p: p.__name__)
def test_a_practice_adds_methods_only(practice: type) -> None:
    # A run-time annotation would make the library turn Person into a dataclass, and an event
    # class here would be stored under the practice's module instead of Person's.
    assert not inspect.get_annotations(practice)
    assert not any(isinstance(value, type) for value in vars(practice).values())
    assert "__init__" not in vars(practice)
    assert not dataclasses.is_dataclass(practice)


def test_person_is_built_by_its_own_init_and_is_no_dataclass() -> None:
    assert not dataclasses.is_dataclass(Person)
    assert list(inspect.signature(Person.__init__).parameters) == [
        "self",
        "display_name",
        "team_id",
        "key_worker_id",
        "external_ref",
        "preferred_name",
        "pronouns",
    ]
