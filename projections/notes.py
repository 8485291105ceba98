"""The supervision notes view: each note with its author, the position it is pinned to,
and its history. Kept in its own table, apart from every view of the journey."""

from __future__ import annotations

import json
from typing import Any

from domain.supervision import SupervisionNote
from projections.events import iso_time
from projections.sealed import TextSeal
from projections.store import ViewCursor


def apply_note(tx: ViewCursor, position: int, event: SupervisionNote.Event) -> None:
    """Write one note event; called in the projector's transaction, in event order."""
    at = iso_time(event.timestamp)
    actor = {"subject": event.actor_subject, "role": event.actor_role}
    note_id = str(event.originator_id)
    seal = tx.seal
    if isinstance(event, SupervisionNote.SupervisionNoteAdded):
        history = [{"at": at, "actor": actor, "change": "added", "text": event.text, "position": position}]
        tx.execute(
            "INSERT INTO {s}refocus_supervision_notes (note_id, person_id, position, author_subject,"
            " author_role, text, status, added_at, updated_at, version, history)"
            " VALUES (?, ?, ?, ?, ?, ?, 'current', ?, ?, ?, ?)",
            (
                note_id,
                str(event.person_id),
                event.position,
                event.actor_subject,
                event.actor_role,
                seal.seal(event.text),
                at,
                at,
                event.originator_version,
                seal.seal(json.dumps(history, ensure_ascii=False)),
            ),
        )
        return
    row = tx.one(
        "SELECT text, status, history FROM {s}refocus_supervision_notes WHERE note_id = ?", (note_id,)
    )
    if row is None:  # pragma: no cover - an added event always comes first
        return
    text, status, history = seal.open(row[0]), row[1], json.loads(seal.open(row[2]))
    entry: dict[str, Any] = {"at": at, "actor": actor, "position": position}
    if isinstance(event, SupervisionNote.SupervisionNoteRevised):
        text = event.text
        entry.update(change="revised", text=event.text)
    elif isinstance(event, SupervisionNote.SupervisionNoteRetracted):
        status = "retracted"
        entry.update(change="retracted", reason=event.reason)
    history.append(entry)
    tx.execute(
        "UPDATE {s}refocus_supervision_notes SET text = ?, status = ?, updated_at = ?, version = ?,"
        " history = ? WHERE note_id = ?",
        (
            seal.seal(text),
            status,
            at,
            event.originator_version,
            seal.seal(json.dumps(history, ensure_ascii=False)),
            note_id,
        ),
    )


def note_from_row(seal: TextSeal, row: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "id": row[0],
        "person_id": row[1],
        "position": int(row[2]),
        "author": {"subject": row[3], "role": row[4]},
        "text": seal.open(row[5]),
        "status": row[6],
        "added_at": row[7],
        "updated_at": row[8],
        "version": int(row[9]),
        "history": json.loads(seal.open(row[10])),
    }


NOTE_COLUMNS = (
    "note_id, person_id, position, author_subject, author_role, text, status,"
    " added_at, updated_at, version, history"
)
