"""The progress timeline: every event of a person's journey, in order, in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from domain.vocabulary import DropKind, IdentifiedBy, WorksheetRow
from projections import coaching, json_text, practice_summaries
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
from projections.worksheet_quality import ROW_WORDS, listed_names

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
    elif kind == "CoachingConversationRecorded":
        # And a coaching conversation to every goal it concerned.
        entry["goal_ids"] = entry["data"]["goal_ids"]
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


def _strength_identified(e: Person.StrengthIdentified, doc: Document) -> str:
    return f"Strength identified ({_area(e.domain)}, {_area(e.column)}, {e.resource}): {quote(e.statement)}"


def _strength_revised(e: Person.StrengthRevised, doc: Document) -> str:
    if not e.changes:
        strength = doc["strengths"][uuid_text(e.strength_id)]
        return f"Strength {quote(strength['statement'])} marked as written by the {e.written_by}"
    if "statement" in e.changes:
        return f"Strength revised from {quote(e.previous['statement'])} to {quote(e.changes['statement'])}"
    fields = ", ".join(name.replace("_", " ") for name in e.changes)
    strength = doc["strengths"][uuid_text(e.strength_id)]
    return f"Strength {quote(strength['statement'])} revised: {fields}"


def _strength_removed(e: Person.StrengthRemoved, doc: Document) -> str:
    return f"Strength removed: {quote(doc['strengths'][uuid_text(e.strength_id)]['statement'])}"


def _domain_reviewed(e: Person.StrengthsDomainReviewed, doc: Document) -> str:
    if e.domain == WorksheetRow.ANYTHING_ELSE:
        return "Strengths worksheet reviewed: the “anything else” row"
    return f"Strengths worksheet reviewed: the {ROW_WORDS[e.domain]} domain"


def _worksheet_agreed(e: Person.WorksheetAgreed, doc: Document) -> str:
    return f"Strengths worksheet agreed on {e.agreed_on.isoformat()} by {listed_names(e.participants)}"


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


#: How the timeline says each kind of drop; an old event without a kind reads as ``other``.
_DROPPED = {
    DropKind.DONE_ANOTHER_WAY: "done another way",
    DropKind.NO_LONGER_WANTED: "no longer wanted",
    DropKind.NOT_WORKING: "not working",
    DropKind.OTHER: "for another reason",
}


def _step_dropped(e: Step.StepDropped, doc: Document) -> str:
    return f"Step dropped ({_DROPPED[DropKind(e.kind)]}): {_step_description(e, doc)}"


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
    Person.WorkingAgreementMade: practice_summaries.agreement_made,
    Person.ReviewHeld: _review_held,
    Person.CoachingConversationRecorded: coaching.summary,
    Goal.GoalReviewed: _goal_reviewed,
    Person.ValueRecorded: lambda e, doc: (
        f"Value recorded ({_area(e.area)}, {e.approach}): {quote(e.statement)}"
    ),
    Person.ValueRevised: _value_revised,
    Person.ValueWithdrawn: _value_withdrawn,
    Person.AreaDeclined: lambda e, doc: f"The person chose not to discuss {_area(e.area)}",
    Person.TreatmentPreferenceRecorded: lambda e, doc: (
        "Treatment preference recorded"
        + (f" ({_area(e.area)})" if e.area else "")
        + f": {quote(e.statement)}"
    ),
    Person.NarrativeEntryAdded: practice_summaries.narrative_added,
    Person.LifeMapDrawn: lambda e, doc: (
        f"{_area(e.kind).capitalize()} life map drawn "
        f"({len(e.entries)} {'entry' if len(e.entries) == 1 else 'entries'})"
    ),
    Person.StrengthIdentified: _strength_identified,
    Person.StrengthRevised: _strength_revised,
    Person.StrengthRemoved: _strength_removed,
    Person.StrengthsDomainReviewed: _domain_reviewed,
    Person.WorksheetAgreed: _worksheet_agreed,
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
    Step.StepDropped: _step_dropped,
    Step.StepRescheduled: lambda e, doc: (
        f"Step {_step_description(e, doc)} rescheduled to {e.due.isoformat()}"
        + (f" (was {e.previous_due.isoformat()})" if e.previous_due else "")
    ),
    Step.StepModeChanged: lambda e, doc: (
        f"Step {_step_description(e, doc)} changed from {e.previous_mode} to {e.mode}{_with(e.with_whom)}"
    ),
    Person.NarrativeEntryRevised: practice_summaries.narrative_revised,
    Person.NarrativeEntryWithdrawn: practice_summaries.narrative_withdrawn,
    Person.WorkingAgreementAgreed: practice_summaries.agreement_agreed,
    Person.GoalsPrioritised: practice_summaries.goals_prioritised,
}
