"""The person's profile: who they are with, the agreement, values and preferences."""

from __future__ import annotations

from typing import Any

from domain.vocabulary import VtpArea
from projections.journey import Document
from projections.vtp import vtp_progress

_VALUE_FIELDS = ("id", "statement", "in_own_words", "approach", "written_by", "recorded_at", "updated_at")


def profile(doc: Document, position: int) -> dict[str, Any]:
    person = doc["person"]
    return {
        "id": person["id"],
        "display_name": person["display_name"],
        "preferred_name": person.get("preferred_name"),
        "pronouns": person.get("pronouns"),
        "team_id": person["team_id"],
        "key_worker_id": person["key_worker_id"],
        "external_ref": person["external_ref"],
        "status": person["status"],
        "registered_at": person["registered_at"],
        "working_agreement": person["working_agreement"],
        "values": _values_by_area(doc),
        "declined_areas": list(doc.get("declined_areas", {}).values()),
        "treatment_preferences": _current_preferences(doc),
        "narrative": _current_narrative(doc),
        "life_maps": doc.get("life_maps", {}),
        "vtp_progress": vtp_progress(doc),
        "version": person["version"],
        "as_of": None,
        "position": position,
    }


def _current_narrative(doc: Document) -> list[dict[str, Any]]:
    """Entries the person has not withdrawn, each with its earlier versions."""
    return [
        {k: v for k, v in entry.items() if k != "current"}
        for entry in doc.get("narrative", [])
        if entry.get("current", True)
    ]


def _values_by_area(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """Current values, grouped by VTP area in the interview's order."""
    grouped: dict[str, list[dict[str, Any]]] = {area.value: [] for area in VtpArea}
    for value in doc["values"].values():
        if value["current"]:
            grouped[value["area"]].append({k: value.get(k) for k in _VALUE_FIELDS})
    return {area: values for area, values in grouped.items() if values}


def _current_preferences(doc: Document) -> list[dict[str, Any]]:
    """Current treatment preferences, in the order recorded; withdrawn ones stay in the history."""
    return [
        {name: item for name, item in preference.items() if name != "current"}
        for preference in doc["treatment_preferences"].values()
        if preference["current"]
    ]
