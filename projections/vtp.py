"""How far the values conversation has gone, area by area (manual, 3.3 and Appendix 1).

Each of the ten VTP areas is ``explored`` once the person holds a current value in it,
``declined`` when the person chose not to discuss it (an answer, not a gap), and
``not_yet_explored`` otherwise. A withdrawn value no longer counts: an area whose values
are all withdrawn is not yet explored again, since values change and the conversation
is never a one-off (manual, 3.3).
"""

from __future__ import annotations

from typing import Any

from domain.vocabulary import VtpArea, VtpStatus
from projections.journey import Document


def vtp_progress(doc: Document) -> dict[str, Any]:
    """Each area's status and current values, in the interview's order, with the totals."""
    values = {area.value: 0 for area in VtpArea}
    for value in doc["values"].values():
        if value["current"]:
            values[value["area"]] += 1
    declined = doc.get("declined_areas", {})
    statuses = {area: _status(area, held, declined).value for area, held in values.items()}
    totals = {status.value: 0 for status in VtpStatus}
    for status in statuses.values():
        totals[status] += 1
    areas = {area: {"status": statuses[area], "values": held} for area, held in values.items()}
    return {"areas": areas, **totals}


def _status(area: str, held: int, declined: dict[str, Any]) -> VtpStatus:
    if held:
        return VtpStatus.EXPLORED
    return VtpStatus.DECLINED if area in declined else VtpStatus.NOT_YET_EXPLORED


def areas_to_explore(doc: Document) -> int:
    """The VTP areas neither explored nor declined: what the caseload counts."""
    declined = doc.get("declined_areas", {})
    explored = {v["area"] for v in doc["values"].values() if v["current"]}
    return sum(1 for area in VtpArea if area.value not in explored and area.value not in declined)
