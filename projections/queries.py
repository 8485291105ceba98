"""Answers from the views, scoped to what the viewer may see.

A person outside the viewer's teams is reported exactly like an unknown one,
and so are their goals and steps, so existence never leaks.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.actor import Actor
from domain.errors import (
    GoalNotFoundError,
    NotFoundError,
    NotPermittedError,
    PersonNotFoundError,
    StepNotFoundError,
)
from projections import json_text, replay
from projections.audit_query import AuditRequest, team_audit
from projections.care_plan import care_plan, goal_view, step_view
from projections.caseload import caseload_flags, opened_caseload_row, review_overdue_clause
from projections.coaching import conversations
from projections.events import iso_time
from projections.feed import feed_data, feed_statement
from projections.history import JourneyHistory, Moment, fold, folding
from projections.journey import Document
from projections.notes import NOTE_COLUMNS, note_from_row
from projections.people_read import note_read
from projections.profile import profile
from projections.review_due import FIRST_REVIEW_DAYS, review_is_overdue
from projections.review_pack import review_pack
from projections.store import ViewCursor, ViewStore
from projections.strengths import STALE_AFTER_DAYS, strengths_worksheet
from projections.timeline import opened_timeline_row, timeline_entry, timeline_row

#: Steps due within this many days count as due soon in the caseload.
STEPS_DUE_SOON_DAYS = 14
#: Items a list answers unless asked for fewer; at most ``PAGE_MAX``.
PAGE_DEFAULT = 200
PAGE_MAX = 1000


def _paged(answer: dict[str, Any], offset: int, limit: int | None) -> dict[str, Any]:
    entries = answer["entries"]
    if limit is None:
        return {**answer, "entries": entries[offset:], "next_offset": None}
    page = entries[offset : offset + limit]
    return {
        **answer,
        "entries": page,
        "next_offset": offset + limit if len(entries) > offset + limit else None,
    }


class JourneyViews:
    """The live views; with ``as_of``, the same answers folded from the person's events."""

    def __init__(self, store: ViewStore, history: JourneyHistory) -> None:
        self._store = store
        self._history = history

    def care_plan(self, person_id: UUID, viewer: Actor, *, as_of: datetime | None = None) -> dict[str, Any]:
        if as_of is not None:
            moment = self._moment(person_id, viewer, as_of)
            return {**care_plan(moment.document, moment.position), "as_of": iso_time(as_of)}
        doc, position = self._document(str(person_id), viewer, PersonNotFoundError(person_id))
        return care_plan(doc, position)

    def profile(self, person_id: UUID, viewer: Actor, *, as_of: datetime | None = None) -> dict[str, Any]:
        if as_of is not None:
            moment = self._moment(person_id, viewer, as_of)
            return {**profile(moment.document, moment.position), "as_of": iso_time(as_of)}
        doc, position = self._document(str(person_id), viewer, PersonNotFoundError(person_id))
        return profile(doc, position)

    def conversations(
        self, person_id: UUID, viewer: Actor, *, as_of: datetime | None = None
    ) -> dict[str, Any]:
        if as_of is not None:
            moment = self._moment(person_id, viewer, as_of)
            return {**conversations(moment.document, moment.position), "as_of": iso_time(as_of)}
        doc, position = self._document(str(person_id), viewer, PersonNotFoundError(person_id))
        return conversations(doc, position)

    def strengths_worksheet(
        self,
        person_id: UUID,
        viewer: Actor,
        *,
        today: date,
        stale_after_days: int = STALE_AFTER_DAYS,
        as_of: datetime | None = None,
    ) -> dict[str, Any]:
        if as_of is not None:
            moment = self._moment(person_id, viewer, as_of)
            # Staleness as it was judged then: counted to the as-of day, not today.
            then = as_of.astimezone(UTC).date()
            answer = strengths_worksheet(moment.document, then, stale_after_days)
            return {**answer, "as_of": iso_time(as_of), "position": moment.position}
        doc, position = self._document(str(person_id), viewer, PersonNotFoundError(person_id))
        return {**strengths_worksheet(doc, today, stale_after_days), "position": position}

    def goal(self, goal_id: UUID, viewer: Actor) -> dict[str, Any]:
        doc = self._part_document(goal_id, "goal", viewer, GoalNotFoundError(goal_id))
        goal = doc["goals"][str(goal_id)]
        return {"person_id": doc["person"]["id"], **goal_view(doc, goal)}

    def step(self, step_id: UUID, viewer: Actor) -> dict[str, Any]:
        doc = self._part_document(step_id, "step", viewer, StepNotFoundError(step_id))
        step = doc["steps"][str(step_id)]
        return {
            "person_id": doc["person"]["id"],
            **step_view(step),
            "dropped_kind": step["dropped_kind"],
            "conversation_id": step["conversation_id"],
        }

    def timeline(
        self,
        person_id: UUID,
        viewer: Actor,
        *,
        goal_id: UUID | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        as_of: datetime | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> dict[str, Any]:
        """The timeline; ``limit`` and ``offset`` page it (``next_offset`` is null on the last page)."""
        if as_of is not None:
            answer = self._timeline_as_of(person_id, viewer, as_of, goal_id, since, until)
            return _paged(answer, offset, limit)
        _, position = self._document(str(person_id), viewer, PersonNotFoundError(person_id))
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
                "SELECT position, person_id, goal_id, step_id, at, recorded_at, type, actor_subject,"
                " actor_role, summary, data FROM {s}refocus_timeline WHERE "
                + " AND ".join(clauses)
                + " ORDER BY at, position",
                params,
            )
        answer = {
            "person_id": str(person_id),
            "as_of": None,
            "position": position,
            "entries": [timeline_entry(opened_timeline_row(self._store.seal, r)) for r in rows],
        }
        return _paged(answer, offset, limit)

    def _timeline_as_of(
        self,
        person_id: UUID,
        viewer: Actor,
        as_of: datetime,
        goal_id: UUID | None,
        since: datetime | None,
        until: datetime | None,
    ) -> dict[str, Any]:
        """The timeline rows the projector wrote, rebuilt from the events up to ``as_of``."""
        recorded = self._history.events(person_id, viewer)
        moment = fold(recorded, as_of)
        if not moment.registered:
            raise PersonNotFoundError(person_id)
        wanted_goal = str(goal_id) if goal_id else None
        entries = []
        for item, doc in folding(recorded):
            if item.position > moment.position:
                break
            entry = timeline_entry(timeline_row(item.position, item.event, doc))
            if wanted_goal and entry["goal_id"] != wanted_goal:
                continue
            if since is not None and entry["at"] < iso_time(since):
                continue
            if until is not None and entry["at"] > iso_time(until):
                continue
            entries.append(entry)
        # In the order things happened, as the live timeline is (a back-dated review moves back).
        entries.sort(key=lambda e: (e["at"], e["position"]))
        return {
            "person_id": str(person_id),
            "as_of": iso_time(as_of),
            "position": moment.position,
            "entries": entries,
        }

    def review_pack(
        self,
        person_id: UUID,
        viewer: Actor,
        *,
        today: date,
        since: datetime | date | None = None,
        first_review_days: int = FIRST_REVIEW_DAYS,
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
        return review_pack(doc, entries, start, today, first_review_days)

    def feed(self, viewer: Actor, *, after: int, limit: int) -> dict[str, Any]:
        """Journey events after ``after`` in global order, for people the viewer could see
        when each event happened (a transfer shows to both teams). Never supervision notes."""
        reached = self._store.position()
        if not (viewer.may_see_every_team or viewer.teams):
            return {"items": [], "next_after": max(after, reached)}
        page = feed_statement(viewer, after, limit, self._store.dialect)
        with self._store.reading() as tx:
            self._store.prefer_index_reads(tx)
            rows = tx.all(page.statement, page.params)
        seal = self._store.seal
        items = [
            {
                "position": int(position),
                "at": at,
                "type": kind,
                "aggregate_id": aggregate_id,
                "aggregate_version": int(version),
                "person_id": person_id,
                "actor": {"subject": subject, "role": role},
                **feed_data(seal, data),
            }
            for position, at, kind, aggregate_id, version, person_id, subject, role, data in rows
        ]
        for person_id in {item["person_id"] for item in items}:
            note_read(person_id, viewer)
        # A short page means nothing else visible up to where the views had reached, or up to
        # the end of the positions the page looked through.
        looked_to = reached if page.until is None else min(reached, page.until)
        next_after = items[-1]["position"] if len(items) == limit else max(after, looked_to)
        return {"items": items, "next_after": next_after}

    def explain_feed(self, viewer: Actor, *, after: int, limit: int) -> str:
        """The database's plan for one page of ``viewer``'s feed (diagnostics, tests)."""
        page = feed_statement(viewer, after, limit, self._store.dialect)
        return self._store.explain(page.statement, page.params)

    # Supervision: replay, diff and notes

    def replay(
        self,
        person_id: UUID,
        viewer: Actor,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Frames, computed as they are consumed; visibility is checked before the first."""
        # One transaction, so the notes are those of the same moment as the events.
        with self._store.reading() as tx:
            found = self._history.read(tx, person_id, viewer)
            rows = self._note_rows(tx, person_id) if viewer.may_read_supervision_notes else []
        notes: dict[int, list[dict[str, Any]]] = {}
        for note in (note_from_row(self._store.seal, r) for r in rows):
            notes.setdefault(note["position"], []).append(note)
        return replay.frames(self._history.decode(found), since=since, until=until, notes=notes)

    def replay_frame(
        self, person_id: UUID, viewer: Actor, *, position: int | None = None, number: int | None = None
    ) -> dict[str, Any]:
        """One frame of the replay (the last at or before ``position``, or the ``number``th
        from 1; the first by default), with the care plan as it stood just after it and the
        positions of every frame. Only the events up to the frame are decoded and folded, so
        the first frame of a long journey is as quick as a short one's."""
        with self._store.reading() as tx:
            found = self._history.read(tx, person_id, viewer)
            rows = self._note_rows(tx, person_id) if viewer.may_read_supervision_notes else []
        positions = [n.id for n in found]
        if position is not None:
            index = max(bisect_right(positions, position) - 1, 0)
        else:
            index = min(max((number or 1) - 1, 0), len(positions) - 1)
        notes: dict[int, list[dict[str, Any]]] = {}
        for note in (note_from_row(self._store.seal, r) for r in rows):
            notes.setdefault(note["position"], []).append(note)
        frame, plan = replay.frame_at(self._history.decode(found[: index + 1]), notes)
        return {
            "person_id": str(person_id),
            "positions": positions,
            "index": index,
            "frame": frame,
            "care_plan": plan,
            "noted_positions": sorted(notes),
        }

    def care_plan_diff(
        self, person_id: UUID, viewer: Actor, start: datetime, end: datetime
    ) -> dict[str, Any]:
        answer = replay.diff(self._history.events(person_id, viewer), start, end)
        if answer is None:
            raise PersonNotFoundError(person_id)
        return answer

    def ensure_visible(self, person_id: UUID, viewer: Actor) -> None:
        """Raises ``PersonNotFoundError`` unless ``viewer`` may see the person."""
        self._document(str(person_id), viewer, PersonNotFoundError(person_id))

    def supervision_notes(self, person_id: UUID, viewer: Actor) -> dict[str, Any]:
        self._document(str(person_id), viewer, PersonNotFoundError(person_id))
        if not viewer.may_read_supervision_notes:
            raise NotPermittedError("supervision notes are for the team's workers and supervisors")
        return {"person_id": str(person_id), "items": self._notes(person_id)}

    def _notes(self, person_id: UUID) -> list[dict[str, Any]]:
        with self._store.reading() as tx:
            rows = self._note_rows(tx, person_id)
        return [note_from_row(self._store.seal, r) for r in rows]

    @staticmethod
    def _note_rows(tx: ViewCursor, person_id: UUID) -> list[tuple[Any, ...]]:
        return tx.all(
            f"SELECT {NOTE_COLUMNS} FROM {{s}}refocus_supervision_notes"
            " WHERE person_id = ? ORDER BY position, added_at, note_id",
            (str(person_id),),
        )

    def _moment(self, person_id: UUID, viewer: Actor, as_of: datetime) -> Moment:
        moment = fold(self._history.events(person_id, viewer), as_of)
        if not moment.registered:
            raise PersonNotFoundError(person_id)  # not registered yet at that moment
        return moment

    def caseload(
        self,
        viewer: Actor,
        *,
        today: date,
        team_id: str | None = None,
        status: str | None = None,
        review_overdue: bool | None = None,
        due_soon_days: int = STEPS_DUE_SOON_DAYS,
        first_review_days: int = FIRST_REVIEW_DAYS,
        offset: int = 0,
        limit: int = PAGE_DEFAULT,
    ) -> dict[str, Any]:
        clauses: list[str] = []
        params: list[Any] = []
        if team_id is not None:
            if not viewer.may_see(team_id):
                return {"items": [], "next_offset": None}
            clauses.append("team_id = ?")
            params.append(team_id)
        elif not viewer.may_see_every_team:
            teams = sorted(viewer.teams)
            if not teams:
                return {"items": [], "next_offset": None}
            clauses.append("team_id IN (" + ", ".join("?" for _ in teams) + ")")
            params.extend(teams)
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        if review_overdue is not None:
            overdue_sql, overdue_params = review_overdue_clause(today, first_review_days)
            clauses.append(overdue_sql if review_overdue else f"NOT {overdue_sql}")
            params.extend(overdue_params)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._store.reading() as tx:
            rows = tx.all(
                "SELECT person_id, display_name, team_id, key_worker_id, status, active_goals,"
                " open_step_dues, next_review_due, last_activity_at, registered_at, areas_to_explore,"
                " agreement_review_by, preferred_name, pronouns FROM {s}refocus_caseload" + where,
                params,
            )
        # Names are sealed: the caseload is put in order once they are opened, as SQL would
        # order them by code point (``C`` collation), then by id.
        opened = sorted((opened_caseload_row(self._store.seal, r) for r in rows), key=lambda r: (r[1], r[0]))
        rows = opened[offset : offset + limit + 1]
        soon = (today + timedelta(days=due_soon_days)).isoformat()
        items = [
            {
                "id": r[0],
                "display_name": r[1],
                "team_id": r[2],
                "key_worker_id": r[3],
                "status": r[4],
                "active_goals": int(r[5]),
                "steps_due_soon": sum(1 for due in json.loads(r[6]) if due <= soon),
                "next_review_due": r[7],
                "review_overdue": review_is_overdue(r[4], r[9], r[7], today, first_review_days),
                "last_activity_at": r[8],
                **caseload_flags(r[4], r[9], r[7], r[10], r[11], today, first_review_days),
                "preferred_name": r[12],
                "pronouns": r[13],
            }
            for r in rows[:limit]
        ]
        return {"items": items, "next_offset": offset + limit if len(rows) > limit else None}

    def team_audit(self, viewer: Actor, request: AuditRequest) -> dict[str, Any]:
        """The team audit (:mod:`projections.audit_query`), from the audit's own rows."""
        return team_audit(self._store, viewer, request)

    def _document(self, person_id: str, viewer: Actor, not_found: NotFoundError) -> tuple[Document, int]:
        with self._store.reading() as tx:
            row = tx.one(
                "SELECT team_id, position, document FROM {s}refocus_journeys WHERE person_id = ?",
                (person_id,),
            )
        if row is None or not viewer.may_see(row[0]):
            raise not_found
        note_read(person_id, viewer)
        return json_text.loads(self._store.seal.open(row[2])), int(row[1])

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
