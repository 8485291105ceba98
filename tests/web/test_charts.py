"""The timeline's chart data, from timeline entries alone: periods, steps completed, action mix."""

from __future__ import annotations

from typing import Any

import pytest

from interfaces.web.charts import action_mix, goal_statements, steps_completed_by_goal


def entry(
    at: str, kind: str, goal: str | None = "g1", step: str | None = None, **data: Any
) -> dict[str, Any]:
    entry.position += 1  # type: ignore[attr-defined]
    return {
        "position": entry.position,  # type: ignore[attr-defined]
        "at": f"{at}T10:00:00.000000Z",
        "type": kind,
        "goal_id": goal,
        "step_id": step,
        "data": data,
    }


entry.position = 0  # type: ignore[attr-defined]


def goal(at: str, goal_id: str = "g1", statement: str = "Dance again") -> dict[str, Any]:
    return entry(at, "GoalIdentified", goal_id, statement=statement)


@pytest.mark.parametrize(
    ("first", "last", "periods"),
    [
        ("2026-12-01", "2026-12-01", ["1 Dec 2026"]),
        ("2026-12-01", "2026-12-03", ["1 Dec 2026", "2 Dec 2026", "3 Dec 2026"]),
        ("2026-12-01", "2026-12-20", ["Week of 30 Nov 2026", "Week of 7 Dec 2026", "Week of 14 Dec 2026"]),
        (
            "2026-11-15",
            "2027-06-02",
            ["Nov 2026", "Dec 2026", "Jan 2027", "Feb 2027", "Mar 2027", "Apr 2027", "May 2027", "Jun 2027"],
        ),
    ],
    ids=["one day", "days", "weeks", "months"],
)
def test_periods_fit_the_length_of_the_journey(first: str, last: str, periods: list[str]) -> None:
    entries = [goal(first), entry(last, "StepCompleted", step="s1")]
    assert steps_completed_by_goal(entries, goal_statements(entries)).periods == periods


def test_steps_completed_are_counted_per_goal_and_period_under_the_goals_latest_words() -> None:
    entries = [
        goal("2026-12-01"),
        goal("2026-12-01", "g2", "Sleep better"),
        entry("2026-12-01", "GoalReframed", "g2", statement="Have energy"),
        entry("2026-12-01", "StepCompleted", "g1", "s1"),
        entry("2026-12-03", "StepCompleted", "g1", "s2"),
        entry("2026-12-03", "StepCompleted", "g1", "s3"),
        entry("2026-12-03", "StepDropped", "g2", "s4"),
    ]
    chart = steps_completed_by_goal(entries, goal_statements(entries))
    assert chart.names == {"g1": "Dance again", "g2": "Have energy"}
    assert chart.counts == {"g1": [1, 0, 2], "g2": [0, 0, 0]}
    assert [(bar.series, bar.count) for bar in chart.bars] == [("g1", 1), ("g1", 2)]
    # Bars grow with their count, within the goal's own row.
    small, large = chart.bars
    assert large.height == 2 * small.height and large.y + large.height == small.y + small.height
    assert not chart.empty and chart.total("g1") == 3


@pytest.mark.parametrize(
    ("entries", "counts"),
    [
        ([], {}),
        (
            [goal("2026-12-01"), entry("2026-12-01", "StepPlanned", step="s1", mode="passive")],
            {"independent": [0], "joint": [0], "passive": [1]},
        ),
        (
            [
                goal("2026-12-01"),
                entry("2026-12-01", "StepPlanned", step="s1", mode="passive"),
                entry("2026-12-02", "StepModeChanged", step="s1", mode="joint"),
                entry("2026-12-03", "StepCompleted", step="s1"),
            ],
            {"independent": [0, 0, 0], "joint": [0, 1, 1], "passive": [1, 0, 0]},
        ),
        (
            [
                goal("2026-12-01"),
                entry("2026-12-01", "StepPlanned", step="s1", mode="independent"),
                entry("2026-12-01", "StepCompleted", step="s1"),
                entry("2026-12-02", "StepPlanned", step="s2", mode="joint"),
                entry("2026-12-03", "GoalAchieved"),
            ],
            {"independent": [1, 0, 0], "joint": [0, 1, 1], "passive": [0, 0, 0]},
        ),
    ],
    ids=["nothing yet", "a passive step", "a mode changed, then completed", "closed by its goal"],
)
def test_the_action_mix_counts_steps_planned_or_open_in_each_period_by_mode(
    entries: list[dict[str, Any]], counts: dict[str, list[int]]
) -> None:
    chart = action_mix(entries)
    assert chart.counts == counts
    assert chart.empty == (not entries or not any(sum(c) for c in counts.values()))


def test_the_action_mix_stacks_its_modes_and_labels_each_bar_with_its_total() -> None:
    chart = action_mix(
        [
            goal("2026-12-01"),
            entry("2026-12-01", "StepPlanned", step="s1", mode="independent"),
            entry("2026-12-01", "StepPlanned", step="s2", mode="joint"),
            entry("2026-12-01", "StepPlanned", step="s3", mode="joint"),
        ]
    )
    independent, joint, total = chart.bars
    assert (independent.series, joint.series, total.series) == ("independent", "joint", "total")
    assert total.count == 3 and joint.height == 2 * independent.height
    assert joint.y + joint.height == independent.y  # joint sits on independent
    assert chart.names == {"independent": "Independent", "joint": "Joint", "passive": "Passive"}
