"""The review pack's prompts, one template each, in the words a review is held in.

A review notices and reinforces progress, uses coaching to problem-solve
difficulties, and revisits the goals and plans (manual, 5.4 "Reviewing
progress"): each prompt goes to one of those lists, :data:`NOTICE`,
:data:`STUCK` or :data:`REVISIT`, or, when the record does not say which it is,
to :data:`TALK_THROUGH`. A template answers None where it does not apply.

Words: the person is "the person", no pronoun assumed; a passive step is done
*for* the person; counts agree in number.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.vocabulary import DropKind, GoalStatus, IdentifiedBy, Orientation, StepMode
from projections.care_plan import OPEN_GOAL_STATUSES
from projections.words import count, quote

NOTICE = "notice_and_reinforce"
STUCK = "got_stuck"
REVISIT = "revisit"
TALK_THROUGH = "talk_through"

#: A step rescheduled this many times in the period is worth talking about.
RESCHEDULED_OFTEN = 2

_LEVEL = {StepMode.PASSIVE: 0, StepMode.JOINT: 1, StepMode.INDEPENDENT: 2}


def towards_independence(from_mode: str, to_mode: str) -> bool:
    """Passive to joint or independent, joint to independent: the person taking more on
    (manual, 5.3 principle 6)."""
    return _LEVEL[StepMode(to_mode)] > _LEVEL[StepMode(from_mode)]


def goal_achieved(statement: str) -> str:
    """A goal achieved is progress to notice and reinforce (manual, 5.4 "Reviewing progress")."""
    return f"Goal achieved: {quote(statement)}"


def step_completed(goal: str, description: str, mode: str, with_whom: Sequence[str]) -> str:
    """A completed step is progress (manual, 5.4 "Reviewing progress"), said as who took it
    (manual, 5.3 principle 6): by the person, with the people named, or, passive, for the person."""
    if mode == StepMode.INDEPENDENT:
        who = "by the person"
    elif mode == StepMode.PASSIVE:
        who = "for the person"
    else:
        who = f"with {_names(with_whom)}" if with_whom else "jointly"
    return f"Step completed {who} towards {quote(goal)}: {quote(description)}"


def taking_it_on(description: str, from_mode: str, to_mode: str) -> str | None:
    """A step that moved towards joint or independent action is progress worth reinforcing
    (manual, 5.3 principle 6: passive steps move towards joint and independent)."""
    if not towards_independence(from_mode, to_mode):
        return None
    return f"{quote(description)} went from {from_mode} to {to_mode}: the person is taking it on"


def step_dropped(goal: str, description: str, kind: str, reason: str) -> tuple[str, str]:
    """Where a dropped step goes, by its kind, and its words (manual, 5.4 "Reviewing progress").

    - ``done_another_way``: the person got there by another route, which is progress to
      notice and reinforce, not a failure;
    - ``not_working``: a difficulty, the only kind that "got stuck", to problem-solve with
      coaching;
    - ``no_longer_wanted``: the plan (or the goal) may no longer be the person's, so it is
      revisited with them;
    - ``other`` (and every step dropped before kinds were recorded): the record does not say
      which of the three it was, and the manual gives no ground to presume one, so the pack
      lists it to talk through with the person, with the reason given, and judges nothing.
    """
    step, towards = quote(description), quote(goal)
    match DropKind(kind):
        case DropKind.DONE_ANOTHER_WAY:
            return NOTICE, f"Step done another way towards {towards}: {step}"
        case DropKind.NOT_WORKING:
            return STUCK, f"Step dropped as not working towards {towards}: {step}"
        case DropKind.NO_LONGER_WANTED:
            return REVISIT, f"{step} is no longer wanted: revisit the plan for {towards} with the person"
        case _:
            return TALK_THROUGH, f"Step dropped towards {towards}: {step} (reason given: {quote(reason)})"


def step_overdue(goal: str, description: str, due: str) -> str:
    """An open step past its date is a difficulty to problem-solve (manual, 5.4 "Reviewing
    progress")."""
    return f"Step overdue since {due} towards {quote(goal)}: {quote(description)}"


def rescheduled(description: str, times: int, often: int = RESCHEDULED_OFTEN) -> str | None:
    """A step put off again and again may be stuck (manual, 5.4 "Reviewing progress": problem
    solve any difficulties); fewer than ``often`` times is not worth a prompt."""
    if times < often:
        return None
    return f"{quote(description)} was rescheduled {count(times, 'time')}"


def no_step_activity(goal: str, status: str, steps_on_goal: int, active_in_period: bool) -> str | None:
    """An active goal with nothing happening on its steps (manual, 5.4 "Planning actions":
    goals are broken down into manageable steps; "Reviewing progress": problem solve).

    A paused or closed goal is not prompted: a pause the person chose is respected.
    """
    if status != GoalStatus.ACTIVE or active_in_period:
        return None
    if steps_on_goal == 0:
        return f"No step planned towards {quote(goal)} yet: agree a first step with the person"
    return f"No step activity on {quote(goal)} in this period"


def paused(goal: str, status: str) -> str | None:
    """A paused goal is revisited with the person, who decides (manual, 5.4 "Reviewing
    progress": re-visit the goals; 2.6, coaching leaves the decision to the person)."""
    if status != GoalStatus.PAUSED:
        return None
    return f"{quote(goal)} is paused: does the person want to resume it, revise it or let it go?"


def avoidance(goal: str, orientation: str, identified_by: str, status: str) -> str | None:
    """An open avoidance goal of the person's could be reframed (manual, 5.3 principle 3);
    service goals (5.3 principle 2) are the service's, not reframed here."""
    if (
        orientation != Orientation.AVOIDANCE
        or status not in OPEN_GOAL_STATUSES
        or identified_by == IdentifiedBy.SERVICE
    ):
        return None
    return f"{quote(goal)} is an avoidance goal: could it be reframed towards what the person wants?"


def worker_identified(goal: str, identified_by: str, status: str) -> str | None:
    """A goal the worker identified alone may not be the person's own (manual, 5.3 principle 2:
    the person's goals are the primary focus)."""
    if identified_by != IdentifiedBy.WORKER or status not in OPEN_GOAL_STATUSES:
        return None
    return f"{quote(goal)} was identified by the worker alone: is it the person's own?"


def unlinked(
    goal: str,
    identified_by: str,
    status: str,
    *,
    linked_to_value: bool,
    linked_to_strength: bool,
    values_recorded: bool,
    strengths_recorded: bool,
) -> str | None:
    """An open goal of the person's not linked to their values or strengths (manual, 5.3
    principles 4 and 5); when none is recorded yet, it says so, for there is nothing to link
    until they are explored (chapters 3 and 4). Service goals (5.3 principle 2) are not
    expected to be linked."""
    if status not in OPEN_GOAL_STATUSES or identified_by == IdentifiedBy.SERVICE:
        return None
    missing = [
        (noun, recorded)
        for noun, linked, recorded in (
            ("value", linked_to_value, values_recorded),
            ("strength", linked_to_strength, strengths_recorded),
        )
        if not linked
    ]
    if not missing:
        return None
    if len(missing) == 2:
        text = f"{quote(goal)} is linked to neither a value nor a strength"
    else:
        text = f"{quote(goal)} is not linked to a {missing[0][0]}"
    unrecorded = [noun for noun, recorded in missing if not recorded]
    if len(unrecorded) == 2:
        text += " (neither values nor strengths are recorded yet)"
    elif unrecorded:
        text += f" (no {unrecorded[0]} is recorded yet)"
    return text


def _names(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"
