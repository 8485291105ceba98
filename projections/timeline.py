"""The progress timeline: every event of a person's journey, in order, in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from domain.vocabulary import SENSITIVE_AREAS, IdentifiedBy
from projections import json_text
from projections.care_plan import quote
from projections.events import (
    event_data,
    event_type,
    goal_id_of,
    iso_time,
    step_id_of,
    uuid_text,
)
from projections.journey import Document, happened_at

_WHO_IDENTIFIED = {
    IdentifiedBy.PERSON: "Goal identified by the person",
    IdentifiedBy.JOINTLY: "Goal identified jointly",
    IdentifiedBy.WORKER: "Goal identified by the worker",
    IdentifiedBy.SERVICE: "Service goal recorded",
}


def timeline_row(position: int, event: Any, doc: Document) -> tuple[Any, ...]:
    """The row for one event; ``doc`` is the journey with the event already applied."""
    goal_id, step_id = goal_id_of(event), step_id_of(event)
    person = doc["person"]
    return (
        position,
        person["id"],
        uuid_text(goal_id) if goal_id else None,
        uuid_text(step_id) if step_id else None,
        happened_at(doc, event),
        iso_time(event.timestamp),
        event_type(event),
        event.actor_subject,
        event.actor_role,
        summarise(event, doc),
        json_text.dumps(event_data(event)),
        uuid_text(event.originator_id),
        event.originator_version,
        person["team_id"],
        getattr(event, "previous_team_id", None),
    )


def timeline_entry(row: tuple[Any, ...]) -> dict[str, Any]:
    """The answer for one timeline row, in :func:`timeline_row`'s column order."""
    position, _, goal_id, step_id, at, recorded_at, kind, subject, role, summary, data, *_ = row
    entry = {
        "position": int(position),
        "at": at,
        "recorded_at": recorded_at,
        "type": kind,
        "actor": {"subject": subject, "role": role},
        "summary": summary,
        "goal_id": goal_id,
        "step_id": step_id,
        "data": json_text.loads(data),
    }
    if kind == "ReviewHeld":
        # A review links to every goal it decided on.
        entry["goal_ids"] = [d["goal_id"] for d in entry["data"]["goal_decisions"]]
    return entry


def summarise(event: Any, doc: Document) -> str:
    describe = _SUMMARIES.get(type(event))
    return describe(event, doc) if describe else event_type(event)


def _goal_statement(e: Any, doc: Document) -> str:
    goal_id = goal_id_of(e)
    goal = doc["goals"].get(uuid_text(goal_id)) if goal_id else None
    return quote(goal["statement"]) if goal else "a goal"


def _step_description(e: Any, doc: Document) -> str:
    step = doc["steps"].get(uuid_text(e.originator_id))
    return quote(step["description"]) if step else "a step"


def _with(people: list[str]) -> str:
    return f" with {', '.join(people)}" if people else ""


def _step_planned(e: Step.StepPlanned, doc: Document) -> str:
    due = f", due {e.due.isoformat()}" if e.due else ""
    return (
        f"{e.mode.capitalize()} step planned{_with(e.with_whom)} towards "
        f"{_goal_statement(e, doc)}: {quote(e.description)}{due}"
    )


def _reframed(e: Goal.GoalReframed, doc: Document) -> str:
    turn = f" ({e.previous_orientation} → {e.orientation})" if e.previous_orientation != e.orientation else ""
    return f"Goal reframed from {quote(e.previous_statement)} to {quote(e.statement)}{turn}"


def _revised(e: Goal.GoalRevised, doc: Document) -> str:
    fields = ", ".join(name.replace("_", " ") for name in e.changes)
    return f"Goal {_goal_statement(e, doc)} revised: {fields}"


def _agreement(e: Person.WorkingAgreementMade, doc: Document) -> str:
    review = f" (to review by {e.review_by.isoformat()})" if e.review_by else ""
    return f"Working agreement made{review}"


def _area(area: str | None) -> str:
    return area.replace("_", " ") if area else ""


def _value_revised(e: Person.ValueRevised, doc: Document) -> str:
    if e.statement == e.previous_statement:
        return f"Value revised ({_area(doc['values'][uuid_text(e.value_id)]['area'])}): {quote(e.statement)}"
    return (
        f"Value revised ({_area(doc['values'][uuid_text(e.value_id)]['area'])}) from "
        f"{quote(e.previous_statement)} to {quote(e.statement)}"
    )


def _value_withdrawn(e: Person.ValueWithdrawn, doc: Document) -> str:
    value = doc["values"][uuid_text(e.value_id)]
    return f"Value withdrawn ({_area(value['area'])}): {quote(value['statement'])}"


def _preference_said(verb: str, area: str | None, statement: str, *areas_seen: str | None) -> str:
    """A preference's summary; one in a sensitive area (or that was in one) names the area but
    never quotes the words, which stay in the profile (manual, 3.3)."""
    named = f" ({_area(area)})" if area else ""
    if any(a in SENSITIVE_AREAS for a in (area, *areas_seen)):
        return f"Treatment preference {verb}{named}"
    return f"Treatment preference {verb}{named}: {quote(statement)}"


def _preference_revised(e: Person.TreatmentPreferenceRevised, doc: Document) -> str:
    sensitive = e.area in SENSITIVE_AREAS or e.previous_area in SENSITIVE_AREAS
    if e.statement == e.previous_statement or sensitive:
        return _preference_said("revised", e.area, e.statement, e.previous_area)
    named = f" ({_area(e.area)})" if e.area else ""
    return f"Treatment preference revised{named} from {quote(e.previous_statement)} to {quote(e.statement)}"


def _preference_withdrawn(e: Person.TreatmentPreferenceWithdrawn, doc: Document) -> str:
    preference = doc["treatment_preferences"][uuid_text(e.preference_id)]
    return _preference_said("withdrawn", preference["area"], preference["statement"])


def _strength_identified(e: Person.StrengthIdentified, doc: Document) -> str:
    return f"Strength identified ({_area(e.domain)}, {_area(e.column)}, {e.resource}): {quote(e.statement)}"


def _strength_revised(e: Person.StrengthRevised, doc: Document) -> str:
    if "statement" in e.changes:
        return f"Strength revised from {quote(e.previous['statement'])} to {quote(e.changes['statement'])}"
    fields = ", ".join(name.replace("_", " ") for name in e.changes)
    strength = doc["strengths"][uuid_text(e.strength_id)]
    return f"Strength {quote(strength['statement'])} revised: {fields}"


def _strength_removed(e: Person.StrengthRemoved, doc: Document) -> str:
    return f"Strength removed: {quote(doc['strengths'][uuid_text(e.strength_id)]['statement'])}"


def _review_held(e: Person.ReviewHeld, doc: Document) -> str:
    decided = len(e.goal_decisions)
    goals = "no goals" if decided == 0 else ("1 goal" if decided == 1 else f"{decided} goals")
    return (
        f"Review held on {e.held_on.isoformat()} with {', '.join(e.participants) or 'no one named'}: "
        f"decided on {goals}; next review due {e.next_review_due.isoformat()}"
    )


def _goal_reviewed(e: Goal.GoalReviewed, doc: Document) -> str:
    return f"Review decided '{e.decision}' for {_goal_statement(e, doc)}"


def _goal_event(verb: str) -> Callable[[Any, Document], str]:
    return lambda e, doc: f"Goal {verb}: {_goal_statement(e, doc)}"


def _step_event(verb: str) -> Callable[[Any, Document], str]:
    return lambda e, doc: f"Step {verb}: {_step_description(e, doc)}"


_SUMMARIES: dict[type, Callable[[Any, Document], str]] = {
    Person.PersonRegistered: lambda e, doc: (
        f"Registered with team {e.team_id}" + (f", key worker {e.key_worker_id}" if e.key_worker_id else "")
    ),
    Person.KeyWorkerAssigned: lambda e, doc: f"Key worker assigned: {e.worker_id}",
    Person.PersonTransferred: lambda e, doc: (
        f"Transferred from team {e.previous_team_id} to team {e.team_id}"
    ),
    Person.PersonDischarged: lambda e, doc: "Discharged: the journey is now read-only",
    Person.WorkingAgreementMade: _agreement,
    Person.ReviewHeld: _review_held,
    Goal.GoalReviewed: _goal_reviewed,
    Person.ValueRecorded: lambda e, doc: (
        f"Value recorded ({_area(e.area)}, {e.approach}): {quote(e.statement)}"
    ),
    Person.ValueRevised: _value_revised,
    Person.ValueWithdrawn: _value_withdrawn,
    Person.AreaDeclined: lambda e, doc: f"The person chose not to discuss {_area(e.area)}",
    Person.TreatmentPreferenceRecorded: lambda e, doc: _preference_said("recorded", e.area, e.statement),
    Person.NarrativeEntryAdded: lambda e, doc: (
        "Narrative entry added" + (f" (themes: {', '.join(e.themes)})" if e.themes else "")
    ),
    Person.LifeMapDrawn: lambda e, doc: (
        f"{_area(e.kind).capitalize()} life map drawn "
        f"({len(e.entries)} {'entry' if len(e.entries) == 1 else 'entries'})"
    ),
    Person.StrengthIdentified: _strength_identified,
    Person.StrengthRevised: _strength_revised,
    Person.StrengthRemoved: _strength_removed,
    Goal.GoalIdentified: lambda e, doc: f"{_WHO_IDENTIFIED[e.identified_by]}: {quote(e.statement)}",
    Goal.GoalReframed: _reframed,
    Goal.GoalRevised: _revised,
    Goal.GoalLinkedToValue: lambda e, doc: f"Goal {_goal_statement(e, doc)} linked to a value",
    Goal.GoalLinkedToStrength: lambda e, doc: f"Goal {_goal_statement(e, doc)} linked to a strength",
    Goal.GrowRecorded: lambda e, doc: f"GROW conversation recorded for {_goal_statement(e, doc)}",
    Goal.GoalPaused: _goal_event("paused"),
    Goal.GoalResumed: _goal_event("resumed"),
    Goal.GoalAchieved: _goal_event("achieved"),
    Goal.GoalDiscontinued: _goal_event("discontinued"),
    Step.StepPlanned: _step_planned,
    Step.StepStarted: _step_event("started"),
    Step.StepCompleted: _step_event("completed"),
    Step.StepDropped: _step_event("dropped"),
    Step.StepRescheduled: lambda e, doc: (
        f"Step {_step_description(e, doc)} rescheduled to {e.due.isoformat()}"
        + (f" (was {e.previous_due.isoformat()})" if e.previous_due else "")
    ),
    Step.StepModeChanged: lambda e, doc: (
        f"Step {_step_description(e, doc)} changed from {e.previous_mode} to {e.mode}{_with(e.with_whom)}"
    ),
    Person.TreatmentPreferenceRevised: _preference_revised,
    Person.TreatmentPreferenceWithdrawn: _preference_withdrawn,
    Goal.GoalLinkedToPreference: lambda e, doc: (
        f"Goal {_goal_statement(e, doc)} linked to a treatment preference"
    ),
    Step.StepLinkedToPreference: lambda e, doc: (
        f"Step {_step_description(e, doc)} linked to a treatment preference"
    ),
}
