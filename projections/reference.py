"""Reference data: the manual's prompts as the API serves them (the text is in
:mod:`domain.reference`, with its source: REFOCUS manual, 2nd edition, Rethink Mental Illness
(2014), Appendices 1, 3 and 4)."""

from __future__ import annotations

from typing import Any

from domain.reference import (
    VTP_AREAS,
    VTP_ASK_IN_EVERY_AREA,
    VTP_SOURCE,
    WORKSHEET_CHECKLIST_NOTE,
    WORKSHEET_COLUMNS,
    WORKSHEET_ROWS,
    WORKSHEET_SOURCE,
)


def vtp_areas() -> dict[str, Any]:
    """Appendix 1's prompts for each of the ten VTP areas, in the interview's order."""
    return {
        "source": VTP_SOURCE,
        "ask_in_every_area": list(VTP_ASK_IN_EVERY_AREA),
        "areas": [
            {
                "area": g.area.value,
                "title": g.title,
                "questions": list(g.questions),
                "prompts": list(g.prompts),
            }
            for g in VTP_AREAS
        ],
    }


def worksheet_domains() -> dict[str, Any]:
    """Appendix 3's columns and example questions and Appendix 4's checklist, row by row."""
    columns = [c.column.value for c in WORKSHEET_COLUMNS]
    return {
        "source": WORKSHEET_SOURCE,
        "columns": [
            {"column": c.column.value, "title": c.title, "questions": list(c.questions)}
            for c in WORKSHEET_COLUMNS
        ],
        "checklist_note": WORKSHEET_CHECKLIST_NOTE,
        "domains": [
            {
                "domain": r.row.value,
                "title": r.title,
                "example_questions": {c: list(q) for c, q in zip(columns, r.examples, strict=True)},
                "checklist_title": r.checklist_title,
                "checklist_about": r.about,
                "checklist": {c: list(q) for c, q in zip(columns, r.checklist, strict=True)},
            }
            for r in WORKSHEET_ROWS
        ],
    }
