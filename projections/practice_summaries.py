"""The timeline's words for the narrative, the working agreement and the person's priorities.

The narrative is the person's own story (manual, 3.3 "Narrative approach"): its
words stay in the profile, and the timeline names only what changed, the themes
and who wrote it. No pronoun is assumed: the person is named (``words.name_of``).
"""

from __future__ import annotations

from typing import Any

from domain.contracting import PARTS
from domain.person import Person
from domain.vocabulary import WrittenBy
from projections.events import uuid_text
from projections.journey import Document
from projections.words import count, name_of, quote

#: The agreement's parts as the manual names them (2.6, "Dynamic Contracting").
_PART_WORDS = {
    "expectations": "expectations of each other",
    "how_we_work": "how we work together",
    "differences": "how differences are handled",
    "practicalities": "practicalities",
}
#: What a narrative revision changed, in words.
_REVISED_WORDS = {"text": "text", "themes": "themes", "written_by": "who wrote it"}
#: Goals a summary of priorities quotes before it says how many more.
_QUOTED_GOALS = 3


def listing(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _themes(themes: list[str]) -> str:
    return f" (themes: {', '.join(themes)})" if themes else ""


def _written_by(written_by: str | None, doc: Document) -> str:
    if written_by is None:
        return ""
    return f", written by {name_of(doc) if written_by == WrittenBy.PERSON else 'the worker'}"


def narrative_added(e: Person.NarrativeEntryAdded, doc: Document) -> str:
    return f"Narrative entry added{_written_by(e.written_by, doc)}{_themes(e.themes)}"


def narrative_revised(e: Person.NarrativeEntryRevised, doc: Document) -> str:
    changed = [
        words for name, words in _REVISED_WORDS.items() if getattr(e, name) != getattr(e, f"previous_{name}")
    ]
    return f"Narrative entry revised: {listing(changed)}{_written_by(e.written_by, doc)}{_themes(e.themes)}"


def narrative_withdrawn(e: Person.NarrativeEntryWithdrawn, doc: Document) -> str:
    wanted = uuid_text(e.entry_id)
    entry: dict[str, Any] = next((n for n in doc["narrative"] if n["id"] == wanted), {})
    return f"Narrative entry withdrawn{_themes(entry.get('themes', []))}"


def agreement_made(e: Person.WorkingAgreementMade, doc: Document) -> str:
    parts = [_PART_WORDS[name] for name in PARTS if getattr(e, name) is not None]
    covers = f": {listing(parts)}" if parts else ""
    agreed = ""
    if e.agreed_by_person and e.agreed_on:
        agreed = f", agreed by {name_of(doc)} on {e.agreed_on.isoformat()}"
    review = f" (to review by {e.review_by.isoformat()})" if e.review_by else ""
    return f"Working agreement made{covers}{agreed}{review}"


def agreement_agreed(e: Person.WorkingAgreementAgreed, doc: Document) -> str:
    return f"{name_of(doc)} agreed to the working agreement on {e.agreed_on.isoformat()}"


def goals_prioritised(e: Person.GoalsPrioritised, doc: Document) -> str:
    if not e.goal_ids:
        return f"{name_of(doc)}'s order of priority cleared: goals show in the order identified"
    statements = [_statement(doc, goal_id) for goal_id in e.goal_ids]
    shown = [f"{i}. {statement}" for i, statement in enumerate(statements[:_QUOTED_GOALS], start=1)]
    more = len(statements) - _QUOTED_GOALS
    return f"{name_of(doc)}'s order of priority for {count(len(statements), 'goal')}: {', '.join(shown)}" + (
        f" and {more} more" if more > 0 else ""
    )


def _statement(doc: Document, goal_id: Any) -> str:
    goal = doc["goals"].get(uuid_text(goal_id))
    return quote(goal["statement"]) if goal else "a goal"
