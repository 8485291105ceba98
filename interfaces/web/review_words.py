"""The review pack's figures in words a review is held in: "2 steps completed: 1 independent and 1 joint".

The pack (``projections.review_pack``) counts what happened in the period; a review
notices and reinforces progress and revisits the plans (manual, 5.4 "Reviewing
progress"), and reads the mix of independent, joint and passive action (manual, 5.3
principle 6). These helpers only say the counts: every count agrees in number, and
nothing recorded is said as such rather than left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from projections.words import count, quote

#: The review's three tasks (manual, 5.4 "Reviewing progress"), then the pack's other lists.
PROMPT_HEADINGS = {
    "notice_and_reinforce": "Notice and reinforce progress",
    "got_stuck": "What got stuck: problem-solve with coaching",
    "revisit": "Revisit the goals and plans",
    "talk_through": "To talk through with the person",
}
PROMPT_HINTS = {
    "notice_and_reinforce": "What was achieved, steps completed and steps the person took on more.",
    "got_stuck": "Steps dropped as not working, overdue or often moved, and goals with no step taken.",
    "revisit": "Goals and plans that may need to change.",
    "talk_through": "Steps dropped for a reason whose kind was not said: ask the person what it was.",
}
PROMPT_EMPTY = {
    "notice_and_reinforce": "No progress recorded in this period yet.",
    "got_stuck": "Nothing got stuck in this period.",
    "revisit": "No goal or plan stands out to revisit.",
    "talk_through": "Nothing to talk through.",
}
_TASKS = ("notice_and_reinforce", "got_stuck", "revisit")
_STEP_OUTCOMES = ("completed", "started", "planned", "dropped")
_MODES = ("independent", "joint", "passive")
DROP_KINDS = {
    "done_another_way": "done another way",
    "not_working": "not working",
    "no_longer_wanted": "no longer wanted",
    "other": "kind not said",
}
STATUS_CHANGES = {
    "GoalPaused": "Paused",
    "GoalResumed": "Resumed",
    "GoalAchieved": "Achieved",
    "GoalDiscontinued": "Discontinued",
}
DECISIONS = {
    "continue": "Continue",
    "revise": "Revise",
    "pause": "Pause",
    "resume": "Resume",
    "achieved": "Achieved",
    "discontinue": "Discontinue",
}


def prompt_lists(prompts: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    """Each list of prompts under its heading: the review's three tasks always, in the manual's
    order (manual, 5.4 "Reviewing progress"), then any other list the pack has when it has items."""
    keys = [*_TASKS, *(key for key in prompts if key not in _TASKS and prompts[key])]
    shown = []
    for key in keys:
        shown.append(
            {
                "key": key,
                "heading": PROMPT_HEADINGS.get(key, key.replace("_", " ").capitalize()),
                "hint": PROMPT_HINTS.get(key),
                "empty": PROMPT_EMPTY.get(key, "Nothing."),
                "items": list(prompts.get(key, [])),
            }
        )
    return shown


def listed(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def steps_in_words(steps: Mapping[str, Mapping[str, int]]) -> list[str]:
    """``2 steps completed: 1 independent and 1 joint``, one line per outcome that happened
    (the mix of action, manual 5.3 principle 6)."""
    lines = []
    for outcome in _STEP_OUTCOMES:
        by_mode = steps.get(outcome, {})
        total = sum(by_mode.values())
        if total:
            mix = listed([f"{by_mode[mode]} {mode}" for mode in _MODES if by_mode.get(mode)])
            lines.append(f"{count(total, 'step')} {outcome}: {mix}")
    return lines or ["No step planned, started, completed or dropped"]


def drops_in_words(by_kind: Mapping[str, int]) -> str | None:
    """``Dropped steps: 1 done another way and 2 not working``; None when none was dropped."""
    kinds = [f"{n} {DROP_KINDS.get(kind, kind)}" for kind, n in by_kind.items() if n]
    return f"Dropped steps: {listed(kinds)}" if kinds else None


def goals_in_words(goals: Sequence[Mapping[str, str]], done: str) -> str:
    """``1 goal achieved: “Cook a meal”``, or ``No goal achieved``."""
    if not goals:
        return f"No goal {done}"
    return f"{count(len(goals), 'goal')} {done}: {', '.join(quote(g['statement']) for g in goals)}"


def added_and_changed(noun: str, added: int, changed: int) -> str:
    """``1 value added and 2 changed``, ``No strength added or changed``."""
    if not (added or changed):
        return f"No {noun} added or changed"
    if added and changed:
        return f"{count(added, noun)} added and {changed} changed"
    return f"{count(added, noun)} added" if added else f"{count(changed, noun)} changed"


def period_in_words(period: Mapping[str, Any]) -> list[str]:
    """The period's totals, one sentence each."""
    lines = steps_in_words(period["steps"])
    if drops := drops_in_words(period["steps_dropped_by_kind"]):
        lines.append(drops)
    lines.append(goals_in_words(period["goals_identified"], "identified"))
    lines.append(goals_in_words(period["goals_achieved"], "achieved"))
    lines.append(added_and_changed("value", period["values_added"], period["values_changed"]))
    lines.append(added_and_changed("strength", period["strengths_added"], period["strengths_changed"]))
    return lines
