"""Replay: the journey frame by frame, each event with what it changed in the care plan.

Frames are produced lazily, one event at a time, so a long journey starts
streaming at once. Summaries are the timeline's own (``summarise``), computed
on the same document the live timeline saw.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from domain.vocabulary import IdentifiedBy
from projections import journey
from projections.care_plan import OPEN_GOAL_STATUSES, care_plan, goal_view, in_priority_order, step_view
from projections.changes import check_changes, goal_change, plan_changes, value_change
from projections.checks import CHECKS, GoalFacts, checks_changed, checks_reading, goal_facts
from projections.events import event_type, goal_id_of, iso_time, step_id_of, uuid_text
from projections.history import Recorded, fold
from projections.timeline import summarise

Notes = Mapping[int, Sequence[dict[str, Any]]]
#: The one event that reorders the plan's goals without touching any (looked up once, not per event).
_PRIORITISED = Person.GoalsPrioritised


def frames(
    recorded: Iterable[Recorded],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    notes: Notes | None = None,
) -> Iterator[dict[str, Any]]:
    """One frame per event at or after ``since`` and at or before ``until``."""
    plan = IncrementalPlan()
    for item in recorded:
        event = item.event
        if until is not None and event.timestamp > until:
            return
        changes = plan.apply(item)
        if since is not None and event.timestamp < since:
            continue
        yield _frame(item, plan, changes, notes)


def frame_at(
    recorded: Sequence[Recorded], notes: Notes | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The frame of the last of ``recorded`` and the care plan just after it.

    A page showing one frame passes the events up to it, and only those are folded.
    """
    plan = IncrementalPlan()
    changes: dict[str, Any] = {}
    for item in recorded:
        changes = plan.apply(item)
    now = plan.plan()
    assert now is not None, "a journey starts with the person's registration"
    return _frame(recorded[-1], plan, changes, notes), now


def _frame(
    item: Recorded, plan: IncrementalPlan, changes: dict[str, Any], notes: Notes | None
) -> dict[str, Any]:
    event = item.event
    goal_id, step_id = goal_id_of(event), step_id_of(event)
    return {
        "position": item.position,
        "at": iso_time(event.timestamp),
        "type": event_type(event),
        "actor": {"subject": event.actor_subject, "role": event.actor_role},
        "summary": summarise(event, plan.document),
        "goal_id": uuid_text(goal_id) if goal_id else None,
        "step_id": uuid_text(step_id) if step_id else None,
        "changes": changes,
        "notes": list((notes or {}).get(item.position, ())),
    }


class IncrementalPlan:
    """The care plan kept up to date event by event, saying after each what it changed.

    Building every frame's plan from scratch and comparing it with the previous
    one costs each frame work that grows with the plan
    (docs/decisions/0009-incremental-replay.md). Here an event rebuilds only the
    views and check facts of the goals it touched, recomputes only the checks
    whose inputs changed, and compares only those. ``care_plan`` and
    ``plan_changes`` stay the one definition of a plan and of its changes: after
    every event, ``plan()`` equals ``care_plan(document, position)`` and
    ``apply``'s answer equals ``plan_changes`` of the plans before and after (a
    property test holds them together).
    """

    def __init__(self) -> None:
        self.document = journey.new_document()
        self.position = 0
        # These dicts list the open goals: a goal enters them when it is identified and leaves
        # for good when it closes (a closed goal never reopens). The person's goals' views are in
        # the person's order of priority, the facts in the document's order. Who identified a
        # goal never changes, so a service goal's view stays in its own dict.
        self._goal_views: dict[str, dict[str, Any]] = {}
        self._service_views: dict[str, dict[str, Any]] = {}
        self._goal_facts: dict[str, GoalFacts] = {}
        self._checks: dict[str, dict[str, Any]] = {}
        self._next_review_due: str | None = None
        # A step's view changes only with its own events, each a new version: an event rebuilds
        # its goal's view around the same view objects of the goal's other steps.
        self._step_views: dict[str, dict[str, Any]] = {}

    def apply(self, item: Recorded) -> dict[str, Any]:
        """Fold ``item`` in; answer what it changed, as :func:`plan_changes` would."""
        doc = self.document
        event = item.event
        journey.apply(doc, event)
        self.position = item.position
        if not doc["person"]:
            return {"goals": [], "checks": [], "next_review_due": None}
        if type(event) is _PRIORITISED:
            self._reorder_goals()
        stale = list(_checks_reading_what_changed(event)) if self._checks else list(CHECKS)
        goals: list[dict[str, Any]] = []
        service_goals: list[dict[str, Any]] = []
        for goal_id in touched_goals(doc, event):
            goal = doc["goals"][goal_id]
            old_facts = self._goal_facts.get(goal_id)
            view: dict[str, Any] | None
            facts: GoalFacts | None
            service = goal["identified_by"] == IdentifiedBy.SERVICE
            views = self._service_views if service else self._goal_views
            old_view = views.get(goal_id)
            if goal["status"] in OPEN_GOAL_STATUSES:
                view = views[goal_id] = goal_view(doc, goal, self._view_of_step)
                facts = self._goal_facts[goal_id] = goal_facts(doc, goal)
            else:
                views.pop(goal_id, None)
                self._goal_facts.pop(goal_id, None)
                view = facts = None
            if change := goal_change(old_view, view, doc):
                # ``plan_changes`` answers the person's goals before the service's.
                (service_goals if service else goals).append(change)
            stale += checks_changed(old_facts, facts)
        old_checks = self._checks
        if stale:
            open_goals = list(self._goal_facts.values())
            self._checks = {
                name: check(doc, open_goals) if name in stale else old_checks[name]
                for name, check in CHECKS.items()
            }
        old_due, self._next_review_due = self._next_review_due, doc.get("next_review_due")
        return {
            "goals": goals + service_goals if service_goals else goals,
            "checks": check_changes(old_checks, self._checks) if stale else [],
            "next_review_due": value_change(old_due, self._next_review_due),
        }

    def _reorder_goals(self) -> None:
        """Put the open goals' views in the person's order, as ``care_plan`` does.

        Only on a new order: a goal identified later is named by no order and comes last, where
        it is added, and a goal that closes leaves the order of the others as it was.
        """
        views = self._goal_views
        in_document = [goal for goal in self.document["goals"].values() if goal["id"] in views]
        self._goal_views = {
            goal["id"]: views[goal["id"]] for goal in in_priority_order(self.document, in_document)
        }

    def _view_of_step(self, step: dict[str, Any]) -> dict[str, Any]:
        view = self._step_views.get(step["id"])
        if view is None or view["version"] != step["version"]:
            view = self._step_views[step["id"]] = step_view(step)
        return view

    def plan(self) -> dict[str, Any] | None:
        """The care plan as it stands; None while the person is not registered."""
        if not self.document["person"]:
            return None
        return {
            "person_id": self.document["person"]["id"],
            "as_of": None,
            "position": self.position,
            "goals": list(self._goal_views.values()),
            "service_goals": list(self._service_views.values()),
            "checks": self._checks,
            "next_review_due": self._next_review_due,
        }


def _checks_reading_what_changed(event: Any) -> tuple[str, ...]:
    """The checks an event can change through the document rather than through a goal's facts."""
    if not isinstance(event, Person.Event):
        return ()
    if getattr(event, "value_id", None) is not None:
        return checks_reading("values")
    if getattr(event, "strength_id", None) is not None:
        return checks_reading("strengths")
    if getattr(event, "preference_id", None) is not None:
        return checks_reading("treatment_preferences")
    return ()


def touched_goals(doc: journey.Document, event: Any) -> list[str]:
    """The goals whose care-plan view ``event`` can have changed (after it was applied)."""
    if isinstance(event, Goal.Event):
        return [uuid_text(event.originator_id)]
    if isinstance(event, Step.Event):
        return [doc["steps"][uuid_text(event.originator_id)]["goal_id"]]
    # A person's value or strength shows, by statement and whether current, in the goals linked to it.
    linked = getattr(event, "value_id", None) or getattr(event, "strength_id", None)
    if linked is None:
        preference = getattr(event, "preference_id", None)
        return [] if preference is None else _goals_shaped_by(doc, uuid_text(preference))
    linked_id = uuid_text(linked)
    return [
        g["id"]
        for g in doc["goals"].values()
        if linked_id in g["value_ids"] or linked_id in g["strength_ids"]
    ]


def _goals_shaped_by(doc: journey.Document, preference_id: str) -> list[str]:
    """The goals a treatment preference shows in (linked to the goal) or counts for in the
    checks (linked to the goal or to one of its steps)."""
    steps = doc["steps"]
    return [
        g["id"]
        for g in doc["goals"].values()
        if preference_id in g["preference_ids"]
        or any(preference_id in steps[step_id]["preference_ids"] for step_id in g["step_ids"])
    ]


def diff(recorded: Sequence[Recorded], start: datetime, end: datetime) -> dict[str, Any] | None:
    """The care plan at ``end`` compared with the plan at ``start``; None if the person
    was not registered yet at ``end``."""
    then, now = fold(recorded, start), fold(recorded, end)
    if not now.registered:
        return None
    old = care_plan(then.document, then.position) if then.registered else None
    new = care_plan(now.document, now.position)
    return {
        "person_id": new["person_id"],
        "from": iso_time(start),
        "to": iso_time(end),
        "from_position": then.position if then.registered else None,
        "to_position": now.position,
        **plan_changes(old, new, now.document),
    }
