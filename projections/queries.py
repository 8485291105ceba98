"""Answers from the views, scoped to what the viewer may see.

A person outside the viewer's teams is reported exactly like an unknown one,
and so are their goals and steps, so existence never leaks.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.actor import Actor
from domain.errors import GoalNotFoundError, NotFoundError, PersonNotFoundError, StepNotFoundError
from domain.vocabulary import VtpArea
from projections.care_plan import care_plan, goal_view, step_view
from projections.events import iso_time
from projections.journey import Document
from projections.review_pack import review_pack
from projections.store import ViewStore
from projections.strengths import STALE_AFTER_DAYS, strengths_worksheet

#: Steps due within this many days count as due soon in the caseload.
STEPS_DUE_SOON_DAYS = 14


def _values_by_area(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """Current values, grouped by VTP area in the interview's order."""
    grouped: dict[str, list[dict[str, Any]]] = {area.value: [] for area in VtpArea}
    for value in doc["values"].values():
        if value["current"]:
            grouped[value["area"]].append(
                {
                    k: value[k]
                    for k in ("id", "statement", "in_own_words", "approach", "recorded_at", "updated_at")
                }
            )
    return {area: values for area, values in grouped.items() if values}


def _entry(row: tuple[Any, ...]) -> dict[str, Any]:
    position, at, recorded_at, kind, subject, role, summary, goal_id, step_id, data = row
    entry = {
        "position": int(position),
        "at": at,
        "recorded_at": recorded_at,
        "type": kind,
        "actor": {"subject": subject, "role": role},
        "summary": summary,
        "goal_id": goal_id,
        "step_id": step_id,
        "data": json.loads(data),
    }
    if kind == "ReviewHeld":
        # A review links to every goal it decided on.
        entry["goal_ids"] = [d["goal_id"] for d in entry["data"]["goal_decisions"]]
    return entry


class JourneyViews:
    def __init__(self, store: ViewStore) -> None:
        self._store = store

    def care_plan(self, person_id: UUID, viewer: Actor) -> dict[str, Any]:
        doc, position = self._document(str(person_id), viewer, PersonNotFoundError(person_id))
        return care_plan(doc, position)

    def profile(self, person_id: UUID, viewer: Actor) -> dict[str, Any]:
        doc, _ = self._document(str(person_id), viewer, PersonNotFoundError(person_id))
        person = doc["person"]
        return {
            "id": person["id"],
            "display_name": person["display_name"],
            "team_id": person["team_id"],
            "key_worker_id": person["key_worker_id"],
            "external_ref": person["external_ref"],
            "status": person["status"],
            "registered_at": person["registered_at"],
            "working_agreement": person["working_agreement"],
            "values": _values_by_area(doc),
            "declined_areas": list(doc.get("declined_areas", {}).values()),
            "treatment_preferences": doc.get("treatment_preferences", []),
            "narrative": doc.get("narrative", []),
            "life_maps": doc.get("life_maps", {}),
            "version": person["version"],
        }

    def strengths_worksheet(
        self, person_id: UUID, viewer: Actor, *, today: date, stale_after_days: int = STALE_AFTER_DAYS
    ) -> dict[str, Any]:
        doc, _ = self._document(str(person_id), viewer, PersonNotFoundError(person_id))
        return strengths_worksheet(doc, today, stale_after_days)

    def goal(self, goal_id: UUID, viewer: Actor) -> dict[str, Any]:
        doc = self._part_document(goal_id, "goal", viewer, GoalNotFoundError(goal_id))
        goal = doc["goals"][str(goal_id)]
        return {"person_id": doc["person"]["id"], **goal_view(doc, goal)}

    def step(self, step_id: UUID, viewer: Actor) -> dict[str, Any]:
        doc = self._part_document(step_id, "step", viewer, StepNotFoundError(step_id))
        return {"person_id": doc["person"]["id"], **step_view(doc["steps"][str(step_id)])}

    def timeline(
        self,
        person_id: UUID,
        viewer: Actor,
        *,
        goal_id: UUID | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> dict[str, Any]:
        self._document(str(person_id), viewer, PersonNotFoundError(person_id))
        clauses, params = ["person_id = ?"], [str(person_id)]
        if goal_id is not None:
            clauses.append("goal_id = ?")
            params.append(str(goal_id))
        if since is not None:
            clauses.append("at >= ?")
            params.append(iso_time(since))
        if until is not None:
            clauses.append("at <= ?")
            params.append(iso_time(until))
        with self._store.reading() as tx:
            rows = tx.all(
                "SELECT position, at, recorded_at, type, actor_subject, actor_role, summary, goal_id,"
                " step_id, data FROM {s}refocus_timeline WHERE "
                + " AND ".join(clauses)
                + " ORDER BY at, position",
                params,
            )
        return {"person_id": str(person_id), "entries": [_entry(row) for row in rows]}

    def review_pack(
        self, person_id: UUID, viewer: Actor, *, today: date, since: datetime | date | None = None
    ) -> dict[str, Any]:
        """What happened since ``since``, or by default since the last review (all of it if none)."""
        doc, _ = self._document(str(person_id), viewer, PersonNotFoundError(person_id))
        entries = self.timeline(person_id, viewer)["entries"]
        if since is not None:
            start = (
                iso_time(since) if isinstance(since, datetime) else f"{since.isoformat()}T00:00:00.000000Z"
            )
            entries = [e for e in entries if e["at"] >= start]
        else:
            reviews = [e for e in entries if e["type"] == "ReviewHeld"]
            start = reviews[-1]["at"] if reviews else doc["person"]["registered_at"]
            # Strictly after the review: its own decisions are the pack's starting point.
            entries = [e for e in entries if e["at"] > start] if reviews else entries
        return review_pack(doc, entries, start, today)

    def caseload(
        self,
        viewer: Actor,
        *,
        today: date,
        team_id: str | None = None,
        status: str | None = None,
        review_overdue: bool | None = None,
        due_soon_days: int = STEPS_DUE_SOON_DAYS,
    ) -> dict[str, Any]:
        clauses: list[str] = []
        params: list[Any] = []
        if team_id is not None:
            if not viewer.may_see(team_id):
                return {"items": []}
            clauses.append("team_id = ?")
            params.append(team_id)
        elif not viewer.may_see("*"):
            teams = sorted(viewer.teams)
            if not teams:
                return {"items": []}
            clauses.append("team_id IN (" + ", ".join("?" for _ in teams) + ")")
            params.extend(teams)
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._store.reading() as tx:
            rows = tx.all(
                "SELECT person_id, display_name, team_id, key_worker_id, status, active_goals,"
                " open_step_dues, next_review_due, last_activity_at FROM {s}refocus_caseload"
                + where
                + " ORDER BY display_name, person_id",
                params,
            )
        soon = (today + timedelta(days=due_soon_days)).isoformat()
        items = []
        for r in rows:
            # Discharged people have no reviews to be late for.
            overdue = r[4] == "active" and r[7] is not None and r[7] < today.isoformat()
            if review_overdue is not None and overdue != review_overdue:
                continue
            items.append(
                {
                    "id": r[0],
                    "display_name": r[1],
                    "team_id": r[2],
                    "key_worker_id": r[3],
                    "status": r[4],
                    "active_goals": int(r[5]),
                    "steps_due_soon": sum(1 for due in json.loads(r[6]) if due <= soon),
                    "next_review_due": r[7],
                    "review_overdue": overdue,
                    "last_activity_at": r[8],
                }
            )
        return {"items": items}

    def _document(self, person_id: str, viewer: Actor, not_found: NotFoundError) -> tuple[Document, int]:
        with self._store.reading() as tx:
            row = tx.one(
                "SELECT team_id, position, document FROM {s}refocus_journeys WHERE person_id = ?",
                (person_id,),
            )
        if row is None or not viewer.may_see(row[0]):
            raise not_found
        return json.loads(row[2]), int(row[1])

    def _part_document(self, part_id: UUID, kind: str, viewer: Actor, not_found: NotFoundError) -> Document:
        with self._store.reading() as tx:
            row = tx.one(
                "SELECT person_id FROM {s}refocus_journey_parts WHERE part_id = ? AND kind = ?",
                (str(part_id), kind),
            )
        if row is None:
            raise not_found
        doc, _ = self._document(row[0], viewer, not_found)
        return doc
