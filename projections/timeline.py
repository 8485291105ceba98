"""The progress timeline: every event of a person's journey, in order, in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from domain.vocabulary import SENSITIVE_AREAS, DropKind, IdentifiedBy, StepMode, WorksheetRow, WrittenBy
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
from projections.sealed import PLAIN, TextSeal, open_data_and_summary, seal_data_and_summary
from projections.words import area_words, count, is_sensitive, listed, name_of
from projections.worksheet_quality import ROW_WORDS, listed_names

#: Said instead of the words of a sensitive area (manual, 3.3): they stay in the profile.
_WORDS_KEPT = "the words are kept in the profile"
_LIFE_MAPS = {"who_am_i": "“Who am I?”"}
# Plain strings: events hold the words, and a str compares fastest with a str (rebuild, P2).
_PERSON, _JOINTLY, _SERVICE = (
    IdentifiedBy.PERSON.value,
    IdentifiedBy.JOINTLY.value,
    IdentifiedBy.SERVICE.value,
)
_PASSIVE = StepMode.PASSIVE.value
_BY_PERSON = WrittenBy.PERSON.value


def timeline_row(position: int, event: Any, doc: Document, seal: TextSeal = PLAIN) -> tuple[Any, ...]:
    """The row for one event; ``doc`` is the journey with the event already applied. With a
    sealing ``seal``, the row as stored (:func:`sealed_timeline_row`)."""
    goal_id, step_id = goal_id_of(event), step_id_of(event)
    person = doc["person"]
    summary, data = summarise(event, doc), json_text.dumps(event_data(event))
    if seal.sealing:
        data, summary = seal_data_and_summary(seal, data, summary)
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
        summary,
        data,
        uuid_text(event.originator_id),
        event.originator_version,
        person["team_id"],
        getattr(event, "previous_team_id", None),
    )


def sealed_timeline_row(seal: TextSeal, position: int, event: Any, doc: Document) -> tuple[Any, ...]:
    """:func:`timeline_row` as stored: its data and summary sealed as one value, in ``data``."""
    return timeline_row(position, event, doc, seal)


def opened_timeline_row(seal: TextSeal, row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A stored row with its summary and data (columns 9 and 10) opened."""
    if not seal.sealing:
        return row
    data, summary = open_data_and_summary(seal, row[10], row[9])
    return (*row[:9], summary, data, *row[11:])


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


def _who_takes(mode: str, people: list[str], doc: Document) -> str:
    """Who takes a step: the person, alone or with the people named; a passive step is done
    *for* the person, by whoever is named (manual, 5.3: passive, joint, independent action)."""
    name = name_of(doc)
    if mode == _PASSIVE:
        return f"done for {name}" + (f" by {listed(people)}" if people else "")
    return f"taken by {name}" + (f" with {listed(people)}" if people else "")


def _step_planned(e: Step.StepPlanned, doc: Document) -> str:
    due = f", due {e.due.isoformat()}" if e.due else ""
    return (
        f"{e.mode.capitalize()} step planned towards {_goal_statement(e, doc)}, "
        f"{_who_takes(e.mode, e.with_whom, doc)}: {quote(e.description)}{due}"
    )


def _mode_changed(e: Step.StepModeChanged, doc: Document) -> str:
    return (
        f"Step {_step_description(e, doc)} changed from {e.previous_mode} to {e.mode}, "
        f"{_who_takes(e.mode, e.with_whom, doc)}"
    )


def _reframed(e: Goal.GoalReframed, doc: Document) -> str:
    turn = f" ({e.previous_orientation} → {e.orientation})" if e.previous_orientation != e.orientation else ""
    return f"Goal reframed from {quote(e.previous_statement)} to {quote(e.statement)}{turn}"


def _revised(e: Goal.GoalRevised, doc: Document) -> str:
    fields = listed([name.replace("_", " ") for name in e.changes])
    return f"Goal {_goal_statement(e, doc)} revised: {fields}"


def _area(area: str | None) -> str:
    return area.replace("_", " ") if area else ""


def _registered(e: Person.PersonRegistered, doc: Document) -> str:
    key_worker = f", key worker {e.key_worker_id}" if e.key_worker_id else ""
    return f"{name_of(doc)} registered with team {e.team_id}{key_worker}"


def _preferred_name(e: Person.PreferredNameRecorded, doc: Document) -> str:
    """The new name is quoted (every summary uses it); pronouns are not, as they can tell of
    gender, a sensitive area: the profile shows them."""
    display = doc["person"]["display_name"]
    before, now = e.previous_preferred_name, e.preferred_name
    pronouns = _change(e.previous_pronouns, e.pronouns)
    if now == before:
        return f"Pronouns {pronouns} for {name_of(doc)}"
    if now is None:
        said = f"{display} no longer gives a preferred name"
    elif before is None:
        said = f"{display} would like to be called {quote(now)}"
    else:
        said = f"{before} would now like to be called {quote(now)}"
    return said + (f"; pronouns {pronouns}" if pronouns else "")


def _change(before: str | None, now: str | None) -> str | None:
    if now == before:
        return None
    if before is None:
        return "recorded"
    return "changed" if now else "no longer given"


def _written(written_by: str | None, doc: Document) -> str:
    if written_by is None:
        return ""
    return f", written by {name_of(doc)}" if written_by == _BY_PERSON else ", written by the worker"


def _goal_identified(e: Goal.GoalIdentified, doc: Document) -> str:
    by = e.identified_by
    if by == _PERSON:
        who = f"Goal identified by {name_of(doc)}"
    elif by == _JOINTLY:
        who = f"Goal identified by {name_of(doc)} and the worker together"
    else:
        who = "Service goal recorded" if by == _SERVICE else "Goal identified by the worker"
    written = "" if e.written_by is None else _written(e.written_by, doc)
    return f"{who}{written}: {quote(e.statement)}"


def _words(area: str | None, statement: str) -> str:
    return _WORDS_KEPT if is_sensitive(area) else quote(statement)


def _value_recorded(e: Person.ValueRecorded, doc: Document) -> str:
    return (
        f"Value recorded ({area_words(e.area)}, {e.approach}){_written(e.written_by, doc)}: "
        f"{_words(e.area, e.statement)}"
    )


_VALUE_PARTS = (
    ("statement", "the words"),
    ("in_own_words", "whether in own words"),
    ("approach", "the approach"),
    ("written_by", "who wrote it"),
)


def _value_revised(e: Person.ValueRevised, doc: Document) -> str:
    area = doc["values"][uuid_text(e.value_id)]["area"]
    if e.statement != e.previous_statement and not is_sensitive(area):
        return (
            f"Value revised ({area_words(area)}) from {quote(e.previous_statement)} to {quote(e.statement)}"
        )
    changed = [words for name, words in _VALUE_PARTS if getattr(e, name) != getattr(e, f"previous_{name}")]
    if is_sensitive(area):
        return f"Value revised ({area_words(area)}): {listed(changed)} changed; {_WORDS_KEPT}"
    return f"Value {quote(e.statement)} revised ({area_words(area)}): {listed(changed)} changed"


def _value_withdrawn(e: Person.ValueWithdrawn, doc: Document) -> str:
    value = doc["values"][uuid_text(e.value_id)]
    shown = "" if is_sensitive(value["area"]) else f": {quote(value['statement'])}"
    return f"Value withdrawn ({area_words(value['area'])}){shown}"


def _area_declined(e: Person.AreaDeclined, doc: Document) -> str:
    note = f": {quote(e.note)}" if e.note and not is_sensitive(e.area) else ""
    return f"{name_of(doc)} chose not to discuss {area_words(e.area)}{note}"


def _preference(e: Person.TreatmentPreferenceRecorded, doc: Document) -> str:
    area = f" ({area_words(e.area)})" if e.area else ""
    return f"Treatment preference recorded{area}{_written(e.written_by, doc)}: {_words(e.area, e.statement)}"


def _preference_said(verb: str, area: str | None, statement: str, *areas_seen: str | None) -> str:
    """A preference's summary; one in a sensitive area (or that was in one) names the area but
    never quotes the words, which stay in the profile (manual, 3.3)."""
    named = f" ({area_words(area)})" if area else ""
    if any(a in SENSITIVE_AREAS for a in (area, *areas_seen)):
        return f"Treatment preference {verb}{named}"
    return f"Treatment preference {verb}{named}: {quote(statement)}"


def _preference_revised(e: Person.TreatmentPreferenceRevised, doc: Document) -> str:
    sensitive = e.area in SENSITIVE_AREAS or e.previous_area in SENSITIVE_AREAS
    if e.statement == e.previous_statement or sensitive:
        return _preference_said("revised", e.area, e.statement, e.previous_area)
    named = f" ({area_words(e.area)})" if e.area else ""
    return f"Treatment preference revised{named} from {quote(e.previous_statement)} to {quote(e.statement)}"


def _preference_withdrawn(e: Person.TreatmentPreferenceWithdrawn, doc: Document) -> str:
    preference = doc["treatment_preferences"][uuid_text(e.preference_id)]
    return _preference_said("withdrawn", preference["area"], preference["statement"])


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
    return (
        f"Review held on {e.held_on.isoformat()} with {listed(e.participants) or 'no one named'}: "
        f"decided on {count(len(e.goal_decisions), 'goal')}; next review due {e.next_review_due.isoformat()}"
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
    Person.PersonRegistered: _registered,
    Person.PreferredNameRecorded: _preferred_name,
    Person.KeyWorkerAssigned: lambda e, doc: f"Key worker for {name_of(doc)}: {e.worker_id}",
    Person.PersonTransferred: lambda e, doc: (
        f"{name_of(doc)} transferred from team {e.previous_team_id} to team {e.team_id}"
    ),
    Person.PersonDischarged: lambda e, doc: f"{name_of(doc)} was discharged: {e.reason}",
    Person.WorkingAgreementMade: practice_summaries.agreement_made,
    Person.ReviewHeld: _review_held,
    Person.CoachingConversationRecorded: coaching.summary,
    Goal.GoalReviewed: _goal_reviewed,
    Person.ValueRecorded: _value_recorded,
    Person.ValueRevised: _value_revised,
    Person.ValueWithdrawn: _value_withdrawn,
    Person.AreaDeclined: _area_declined,
    Person.TreatmentPreferenceRecorded: _preference,
    Person.NarrativeEntryAdded: practice_summaries.narrative_added,
    Person.LifeMapDrawn: lambda e, doc: (
        f"{_LIFE_MAPS.get(e.kind) or e.kind.capitalize()} life map drawn ({count(len(e.entries), 'entry')})"
    ),
    Person.StrengthIdentified: _strength_identified,
    Person.StrengthRevised: _strength_revised,
    Person.StrengthRemoved: _strength_removed,
    Person.StrengthsDomainReviewed: _domain_reviewed,
    Person.WorksheetAgreed: _worksheet_agreed,
    Goal.GoalIdentified: _goal_identified,
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
    Step.StepModeChanged: _mode_changed,
    Person.NarrativeEntryRevised: practice_summaries.narrative_revised,
    Person.NarrativeEntryWithdrawn: practice_summaries.narrative_withdrawn,
    Person.WorkingAgreementAgreed: practice_summaries.agreement_agreed,
    Person.GoalsPrioritised: practice_summaries.goals_prioritised,
    Person.TreatmentPreferenceRevised: _preference_revised,
    Person.TreatmentPreferenceWithdrawn: _preference_withdrawn,
    Goal.GoalLinkedToPreference: lambda e, doc: (
        f"Goal {_goal_statement(e, doc)} linked to a treatment preference"
    ),
    Step.StepLinkedToPreference: lambda e, doc: (
        f"Step {_step_description(e, doc)} linked to a treatment preference"
    ),
}
