"""The team audit's dated facts, kept by the projector beside the other views (manual, chapter 6:
audit supports practice change).

Two tables, both written as events arrive, so an audit reads a team's own rows and never the
event store:

- ``refocus_audit_days``: one row per person and day on which something was recorded for them.
  It holds the person's state at the end of that day (``state``, judged by the same rules as
  the care plan, the worksheet and the values conversation) and what happened that day
  (its counts: steps planned by mode, passive steps made joint or independent, steps finished,
  avoidance goals identified and reframed).
- ``refocus_audit_meetings``: each review and coaching conversation with the day it was held,
  the day it was recorded and, for a review, the next review's date and whether the person
  took part.

A day is the UTC day of the event's recorded time; the audit as of a date reads only rows of
days up to it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from domain.vocabulary import IdentifiedBy, LifeDomain, Orientation, PersonStatus, StepMode, VtpArea
from projections import json_text
from projections.care_plan import OPEN_GOAL_STATUSES, OPEN_STEP_STATUSES
from projections.checks import checks, goal_facts
from projections.events import iso_time, uuid_text
from projections.journey import Document
from projections.store import ViewCursor
from projections.strengths import strengths_worksheet
from projections.vtp import areas_to_explore

#: What a day's ``counts`` add up; every key is present in every row.
COUNT_KEYS = (
    "planned_independent",
    "planned_joint",
    "planned_passive",
    "passive_moved",
    "steps_completed",
    "steps_dropped",
    "avoidance_identified",
    "avoidance_reframed",
)

DAY_COLUMNS = ("person_id", "day", "team_id", "worker_id", "active", "registered_on", "state", *COUNT_KEYS)
MEETING_COLUMNS = ("item_id", "person_id", "kind", "held_on", "recorded_on", "next_due", "took_part")

_LIFE_DOMAINS = tuple(domain.value for domain in LifeDomain)
#: How the person may be named among a review's participants besides their own names.
_PERSON_WORDS = frozenset({"person", "the person"})


def new_counts() -> dict[str, int]:
    return dict.fromkeys(COUNT_KEYS, 0)


def _valued(goal: dict[str, Any] | None) -> bool:
    """Goals the service needs for other reasons are integrated in the plan but never counted
    (manual, 5.3 principle 2)."""
    return goal is not None and goal["identified_by"] != IdentifiedBy.SERVICE


Counter = Callable[[dict[str, int], Document, Any], None]


def _planned(counts: dict[str, int], doc: Document, event: Step.StepPlanned) -> None:
    if _valued(doc["goals"].get(uuid_text(event.goal_id))):
        counts[f"planned_{event.mode}"] += 1


def _mode_changed(counts: dict[str, int], doc: Document, event: Step.StepModeChanged) -> None:
    # Passive steps moving towards joint or independent action (manual, 5.3 principle 6).
    if event.previous_mode == StepMode.PASSIVE and event.mode != StepMode.PASSIVE:
        counts["passive_moved"] += 1


def _tally(key: str) -> Counter:
    def tally(counts: dict[str, int], doc: Document, event: Any) -> None:
        counts[key] += 1

    return tally


def _identified(counts: dict[str, int], doc: Document, event: Goal.GoalIdentified) -> None:
    if event.identified_by != IdentifiedBy.SERVICE and event.orientation == Orientation.AVOIDANCE:
        counts["avoidance_identified"] += 1


def _reframed(counts: dict[str, int], doc: Document, event: Goal.GoalReframed) -> None:
    """Reframing an avoidance goal as an approach goal (manual, 5.4.1)."""
    goal = doc["goals"].get(uuid_text(event.originator_id))
    was_avoidance = goal is not None and _valued(goal) and goal["orientation"] == Orientation.AVOIDANCE
    if was_avoidance and event.orientation == Orientation.APPROACH:
        counts["avoidance_reframed"] += 1


#: What each kind of event adds to the day's counts, looked up once per event; called before the
#: event is folded, so the document still shows what it changes from.
COUNTERS: dict[type, Counter] = {
    Step.StepPlanned: _planned,
    Step.StepModeChanged: _mode_changed,
    Step.StepCompleted: _tally("steps_completed"),
    Step.StepDropped: _tally("steps_dropped"),
    Goal.GoalIdentified: _identified,
    Goal.GoalReframed: _reframed,
}


def person_state(doc: Document, day: str) -> dict[str, Any]:
    """What the audit reads of a person at the end of ``day``, by the views' own rules: the
    values conversation (:mod:`projections.vtp`), the worksheet's quality
    (:mod:`projections.strengths`), the four checks (:mod:`projections.checks`)."""
    worksheet = _worksheet(doc, day)
    open_goals = [g for g in doc["goals"].values() if g["status"] in OPEN_GOAL_STATUSES]
    facts = [goal_facts(doc, g) for g in open_goals]
    valued = [(g, f) for g, f in zip(open_goals, facts, strict=True) if f.valued]
    return {
        # Explored or declined: every VTP area but those still to explore.
        "vtp_answered": len(VtpArea) - areas_to_explore(doc),
        "preferences": sum(1 for p in doc["treatment_preferences"].values() if p["current"]),
        **worksheet,
        "goals": len(valued),
        "goals_own_choice": sum(1 for _, f in valued if not f.by_worker),
        "goals_own_words": sum(1 for g, _ in valued if g["in_own_words"]),
        "goals_approach": sum(1 for g, _ in valued if g["orientation"] == Orientation.APPROACH),
        "goals_avoidance": sum(1 for g, _ in valued if g["orientation"] == Orientation.AVOIDANCE),
        "goals_value": sum(1 for _, f in valued if f.linked_to_value),
        "goals_strength": sum(1 for _, f in valued if f.linked_to_strength),
        "open_passive": sum(
            1
            for s in doc["steps"].values()
            if s["mode"] == StepMode.PASSIVE
            and s["status"] in OPEN_STEP_STATUSES
            and _valued(doc["goals"].get(s["goal_id"]))
        ),
        "checks": {name: answer["outcome"] for name, answer in checks(doc, facts).items()},
        "next_review_due": doc.get("next_review_due"),
    }


_NO_WORKSHEET = {
    "ws_complete": False,
    "ws_external": False,
    "ws_by_person": False,
    "ws_agreed": False,
    "ws_oldest": None,
}


def _worksheet(doc: Document, day: str) -> dict[str, Any]:
    """The worksheet's quality criteria (:mod:`projections.strengths`) the audit counts."""
    if not (doc["strengths"] or doc.get("worksheet_rows") or doc.get("worksheet_agreement")):
        # Nothing recorded, reviewed or agreed yet: no criterion can be met (the early journey,
        # most common, is not worth building the whole worksheet for).
        return _NO_WORKSHEET
    worksheet = strengths_worksheet(doc, date.fromisoformat(day))
    criteria = worksheet["quality"]["criteria"]
    updated = [worksheet["currency"][d]["last_updated"] for d in _LIFE_DOMAINS]
    return {
        "ws_complete": criteria["complete"]["met"],
        "ws_external": criteria["external_resources"]["met"],
        "ws_by_person": criteria["written_by_person"]["met"],
        "ws_agreed": criteria["agreed"]["met"],
        # The day the least recently updated life domain was last updated; None while any
        # domain never was. Up to date on a day within the stale window of it.
        "ws_oldest": None if None in updated else min(t for t in updated if t)[:10],
    }


def person_took_part(doc: Document, participants: list[str]) -> bool:
    """The person is among a review's participants: named by their name, their preferred name,
    or as "the person" (manual, 5.4 "Reviewing progress": reviewed with the person)."""
    person = doc["person"]
    names = {n.strip().casefold() for n in (person["display_name"], person.get("preferred_name")) if n}
    return any(p.strip().casefold() in names | _PERSON_WORDS for p in participants)


_MEETINGS = frozenset({Person.ReviewHeld, Person.CoachingConversationRecorded})


def meeting_row(doc: Document, event: Any, day: str) -> tuple[Any, ...]:
    """The review or coaching conversation ``event`` records, as a meetings row."""
    person_id = doc["person"]["id"]
    if type(event) is Person.ReviewHeld:
        return (
            uuid_text(event.review_id),
            person_id,
            "review",
            event.held_on.isoformat(),
            day,
            event.next_review_due.isoformat(),
            int(person_took_part(doc, list(event.participants))),
        )
    conversation_id = uuid_text(event.conversation_id)
    return (conversation_id, person_id, "conversation", event.held_on.isoformat(), day, None, 0)


# A day met again by a later batch takes the new state and adds the new counts to its own, so no
# batch reads a row back first.
_UPSERT_DAY = (
    f"INSERT INTO {{s}}refocus_audit_days ({', '.join(DAY_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(DAY_COLUMNS))})"
    " ON CONFLICT (person_id, day) DO UPDATE SET team_id = excluded.team_id,"
    " worker_id = excluded.worker_id, active = excluded.active, state = excluded.state, "
    + ", ".join(f"{key} = {{s}}refocus_audit_days.{key} + excluded.{key}" for key in COUNT_KEYS)
)


class AuditDays:
    """The audit rows one projector batch writes: each person's open day, counted event by event
    and closed (its state taken) when the person's next event is on a later day or the batch ends."""

    def __init__(self, tx: ViewCursor) -> None:
        self._tx = tx
        self._open: dict[str, tuple[str, dict[str, int]]] = {}
        self._rows: dict[tuple[str, str], tuple[Any, ...]] = {}
        self._meetings: list[tuple[Any, ...]] = []

    def before(self, person_id: str, doc: Document, event: Any) -> None:
        """Called before ``event`` is folded into ``doc``."""
        day = iso_time(event.timestamp)[:10]
        opened = self._open.get(person_id)
        if opened is None:
            opened = self._open[person_id] = (day, new_counts())
        elif opened[0] != day:
            self._close(person_id, doc, opened)
            opened = self._open[person_id] = (day, new_counts())
        kind = type(event)
        counter = COUNTERS.get(kind)
        if counter is not None:
            counter(opened[1], doc, event)
        elif kind in _MEETINGS:
            self._meetings.append(meeting_row(doc, event, day))

    def _close(self, person_id: str, doc: Document, opened: tuple[str, dict[str, int]]) -> None:
        person = doc["person"]
        if person is None:
            return
        day, counts = opened
        earlier = self._rows.get((person_id, day))
        if earlier is not None:
            # The day came round again in this batch (events recorded just out of order across
            # midnight): its counts add up, as they do across batches.
            for key, amount in zip(COUNT_KEYS, earlier[-len(COUNT_KEYS) :], strict=True):
                counts[key] += amount
        self._rows[(person_id, day)] = (
            person_id,
            day,
            person["team_id"],
            person.get("key_worker_id") or "",
            int(person["status"] == PersonStatus.ACTIVE),
            person["registered_at"][:10],
            json_text.dumps(person_state(doc, day)),
            *counts.values(),
        )

    def write(self, documents: dict[str, Document]) -> None:
        for person_id, opened in self._open.items():
            self._close(person_id, documents[person_id], opened)
        self._tx.executemany(_UPSERT_DAY, list(self._rows.values()))
        self._tx.executemany(
            f"INSERT INTO {{s}}refocus_audit_meetings ({', '.join(MEETING_COLUMNS)})"
            f" VALUES ({', '.join('?' * len(MEETING_COLUMNS))}) ON CONFLICT (item_id) DO NOTHING",
            self._meetings,
        )
