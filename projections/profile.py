"""The person's profile: who they are with, the agreement, values and preferences."""

from __future__ import annotations

from typing import Any

from domain.vocabulary import VtpArea
from projections.journey import Document


def profile(doc: Document, position: int) -> dict[str, Any]:
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
        "treatment_preferences": _current_preferences(doc),
        "narrative": doc.get("narrative", []),
        "life_maps": doc.get("life_maps", {}),
        "version": person["version"],
        "as_of": None,
        "position": position,
    }


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


def _current_preferences(doc: Document) -> list[dict[str, Any]]:
    """Current treatment preferences, in the order recorded; withdrawn ones stay in the history."""
    return [
        {name: item for name, item in preference.items() if name != "current"}
        for preference in doc["treatment_preferences"].values()
        if preference["current"]
    ]
