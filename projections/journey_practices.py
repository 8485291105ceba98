"""The journey document's handlers for working practices 1 and 2: values, declined areas,
treatment preferences, narrative, life maps, strengths and the worksheet's rows and agreement.

``projections.journey`` merges ``PRACTICE_HANDLERS`` into its own table once, at import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain import strengths
from domain.person import Person
from projections.events import uuid_text

# The journey document (``projections.journey.Document``), named here because that module
# imports this one.
Document = dict[str, Any]


def _value_recorded(doc: Document, e: Person.ValueRecorded, at: str) -> None:
    doc["values"][uuid_text(e.value_id)] = {
        "id": uuid_text(e.value_id),
        "area": e.area,
        "statement": e.statement,
        "in_own_words": e.in_own_words,
        "approach": e.approach,
        "written_by": e.written_by,
        "current": True,
        "recorded_at": at,
        "updated_at": at,
    }
    doc.setdefault("declined_areas", {}).pop(e.area, None)


def _value_revised(doc: Document, e: Person.ValueRevised, at: str) -> None:
    doc["values"][uuid_text(e.value_id)].update(
        statement=e.statement,
        in_own_words=e.in_own_words,
        approach=e.approach,
        written_by=e.written_by,
        updated_at=at,
    )


def _value_withdrawn(doc: Document, e: Person.ValueWithdrawn, at: str) -> None:
    doc["values"][uuid_text(e.value_id)].update(current=False, updated_at=at)


def _area_declined(doc: Document, e: Person.AreaDeclined, at: str) -> None:
    doc.setdefault("declined_areas", {})[e.area] = {"area": e.area, "note": e.note, "declined_at": at}


def _preference(doc: Document, e: Person.TreatmentPreferenceRecorded, at: str) -> None:
    doc["treatment_preferences"][uuid_text(e.preference_id)] = {
        "id": uuid_text(e.preference_id),
        "statement": e.statement,
        "area": e.area,
        "in_own_words": e.in_own_words,
        "written_by": e.written_by,
        "current": True,
        "recorded_at": at,
        "updated_at": at,
    }


def _preference_revised(doc: Document, e: Person.TreatmentPreferenceRevised, at: str) -> None:
    doc["treatment_preferences"][uuid_text(e.preference_id)].update(
        statement=e.statement, area=e.area, in_own_words=e.in_own_words, updated_at=at
    )


def _preference_withdrawn(doc: Document, e: Person.TreatmentPreferenceWithdrawn, at: str) -> None:
    doc["treatment_preferences"][uuid_text(e.preference_id)].update(current=False, updated_at=at)


def _narrative(doc: Document, e: Person.NarrativeEntryAdded, at: str) -> None:
    doc.setdefault("narrative", []).append(
        {
            "id": uuid_text(e.entry_id),
            "text": e.text,
            "themes": list(e.themes),
            "written_by": e.written_by,
            "current": True,
            "added_at": at,
            "updated_at": at,
            "history": [],
        }
    )


def _narrative_entry(doc: Document, entry_id: Any) -> dict[str, Any]:
    wanted = uuid_text(entry_id)
    entry: dict[str, Any] = next(n for n in doc["narrative"] if n["id"] == wanted)
    return entry


def _narrative_revised(doc: Document, e: Person.NarrativeEntryRevised, at: str) -> None:
    entry = _narrative_entry(doc, e.entry_id)
    earlier = {"text": entry["text"], "themes": entry["themes"], "written_by": entry["written_by"]}
    entry["history"].append({**earlier, "revised_at": at})
    entry.update(text=e.text, themes=list(e.themes), written_by=e.written_by, updated_at=at)


def _narrative_withdrawn(doc: Document, e: Person.NarrativeEntryWithdrawn, at: str) -> None:
    _narrative_entry(doc, e.entry_id).update(current=False, updated_at=at)


def _life_map(doc: Document, e: Person.LifeMapDrawn, at: str) -> None:
    doc.setdefault("life_maps", {})[e.kind] = {"kind": e.kind, "entries": e.entries, "drawn_at": at}


def _strength_identified(doc: Document, e: Person.StrengthIdentified, at: str) -> None:
    doc["strengths"][uuid_text(e.strength_id)] = {
        "id": uuid_text(e.strength_id),
        "domain": e.domain,
        "column": e.column,
        "resource": e.resource,
        "statement": e.statement,
        "in_own_words": e.in_own_words,
        "written_by": e.written_by,
        "current": True,
        "identified_at": at,
        "updated_at": at,
    }
    doc["strengths_updated_at"] = at
    _worksheet_row(doc, e.domain)["changed_at"] = at


def _strength_revised(doc: Document, e: Person.StrengthRevised, at: str) -> None:
    strength = doc["strengths"][uuid_text(e.strength_id)]
    _worksheet_row(doc, strength["domain"])["changed_at"] = at
    strength["written_by"] = strengths.writer_after(strength, e.changes, e.written_by)
    strength.update(e.changes, updated_at=at)
    doc["strengths_updated_at"] = at
    _worksheet_row(doc, strength["domain"])["changed_at"] = at


def _strength_removed(doc: Document, e: Person.StrengthRemoved, at: str) -> None:
    strength = doc["strengths"][uuid_text(e.strength_id)]
    strength.update(current=False, updated_at=at)
    doc["strengths_updated_at"] = at
    _worksheet_row(doc, strength["domain"])["changed_at"] = at


def _worksheet_row(doc: Document, row: str) -> dict[str, Any]:
    """When a row of the worksheet last changed and was last reviewed with the person."""
    rows = doc.setdefault("worksheet_rows", {})
    found: dict[str, Any] | None = rows.get(row)
    if found is None:
        found = rows[row] = {"changed_at": None, "reviewed_at": None, "review_note": None}
    return found


def _domain_reviewed(doc: Document, e: Person.StrengthsDomainReviewed, at: str) -> None:
    _worksheet_row(doc, e.domain).update(reviewed_at=at, review_note=e.note)


def _worksheet_agreed(doc: Document, e: Person.WorksheetAgreed, at: str) -> None:
    agreed_on = e.agreed_on.isoformat()
    doc["worksheet_agreement"] = {
        "agreed_on": agreed_on,
        "participants": list(e.participants),
        "note": e.note,
        # An agreement recorded after the day it was made counts from the end of that day.
        "agreed_at": at if at.startswith(agreed_on) else f"{agreed_on}T23:59:59.999999Z",
        "recorded_at": at,
    }


PRACTICE_HANDLERS: dict[type, Callable[[Document, Any, str], None]] = {
    Person.ValueRecorded: _value_recorded,
    Person.ValueRevised: _value_revised,
    Person.ValueWithdrawn: _value_withdrawn,
    Person.AreaDeclined: _area_declined,
    Person.TreatmentPreferenceRecorded: _preference,
    Person.TreatmentPreferenceRevised: _preference_revised,
    Person.TreatmentPreferenceWithdrawn: _preference_withdrawn,
    Person.NarrativeEntryAdded: _narrative,
    Person.NarrativeEntryRevised: _narrative_revised,
    Person.NarrativeEntryWithdrawn: _narrative_withdrawn,
    Person.LifeMapDrawn: _life_map,
    Person.StrengthIdentified: _strength_identified,
    Person.StrengthRevised: _strength_revised,
    Person.StrengthRemoved: _strength_removed,
    Person.StrengthsDomainReviewed: _domain_reviewed,
    Person.WorksheetAgreed: _worksheet_agreed,
}
