"""The review pack's totals and prompt lists in words: counts agree in number, nothing is said as such."""

from __future__ import annotations

from typing import Any

import pytest

from interfaces.web import review_words as words


def _modes(independent: int = 0, joint: int = 0, passive: int = 0) -> dict[str, int]:
    return {"independent": independent, "joint": joint, "passive": passive}


def _steps(**outcomes: dict[str, int]) -> dict[str, dict[str, int]]:
    return {o: outcomes.get(o, _modes()) for o in ("planned", "started", "completed", "dropped")}


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (_steps(), ["No step planned, started, completed or dropped"]),
        (_steps(completed=_modes(independent=1)), ["1 step completed: 1 independent"]),
        (_steps(completed=_modes(1, 1)), ["2 steps completed: 1 independent and 1 joint"]),
        (_steps(planned=_modes(2, 1, 3)), ["6 steps planned: 2 independent, 1 joint and 3 passive"]),
        (
            _steps(started=_modes(joint=2), dropped=_modes(passive=1)),
            ["2 steps started: 2 joint", "1 step dropped: 1 passive"],
        ),
    ],
    ids=["nothing yet", "one", "two modes", "three modes", "two outcomes"],
)
def test_steps_are_counted_by_outcome_and_mode(steps: dict[str, dict[str, int]], expected: list[str]) -> None:
    assert words.steps_in_words(steps) == expected


@pytest.mark.parametrize(
    ("by_kind", "expected"),
    [
        ({"done_another_way": 0, "not_working": 0, "no_longer_wanted": 0, "other": 0}, None),
        ({"done_another_way": 1, "not_working": 0}, "Dropped steps: 1 done another way"),
        ({"not_working": 2, "other": 1}, "Dropped steps: 2 not working and 1 kind not said"),
    ],
    ids=["none dropped", "one kind", "two kinds"],
)
def test_dropped_steps_are_counted_by_kind(by_kind: dict[str, int], expected: str | None) -> None:
    assert words.drops_in_words(by_kind) == expected


@pytest.mark.parametrize(
    ("goals", "expected"),
    [
        ([], "No goal achieved"),
        ([{"statement": "Cook a meal"}], "1 goal achieved: “Cook a meal”"),
        ([{"statement": "A"}, {"statement": "B"}], "2 goals achieved: “A”, “B”"),
    ],
    ids=["none", "one", "two"],
)
def test_goals_are_counted_and_quoted(goals: list[dict[str, str]], expected: str) -> None:
    assert words.goals_in_words(goals, "achieved") == expected


@pytest.mark.parametrize(
    ("added", "changed", "expected"),
    [
        (0, 0, "No value added or changed"),
        (1, 0, "1 value added"),
        (2, 0, "2 values added"),
        (0, 1, "1 value changed"),
        (0, 3, "3 values changed"),
        (1, 2, "1 value added and 2 changed"),
    ],
)
def test_values_added_and_changed(added: int, changed: int, expected: str) -> None:
    assert words.added_and_changed("value", added, changed) == expected


def test_the_period_is_said_in_sentences() -> None:
    period: dict[str, Any] = {
        "steps": _steps(completed=_modes(joint=1)),
        "steps_dropped_by_kind": {"done_another_way": 0, "not_working": 0, "no_longer_wanted": 0, "other": 0},
        "goals_identified": [{"statement": "Dance"}],
        "goals_achieved": [],
        "values_added": 0,
        "values_changed": 0,
        "strengths_added": 2,
        "strengths_changed": 0,
    }
    assert words.period_in_words(period) == [
        "1 step completed: 1 joint",
        "1 goal identified: “Dance”",
        "No goal achieved",
        "No value added or changed",
        "2 strengths added",
    ]


@pytest.mark.parametrize(
    ("prompts", "keys"),
    [
        ({}, ["notice_and_reinforce", "got_stuck", "revisit"]),
        (
            {"notice_and_reinforce": ["a"], "got_stuck": [], "revisit": [], "talk_through": []},
            ["notice_and_reinforce", "got_stuck", "revisit"],
        ),
        ({"talk_through": ["x"]}, ["notice_and_reinforce", "got_stuck", "revisit", "talk_through"]),
        ({"something_new": ["y"]}, ["notice_and_reinforce", "got_stuck", "revisit", "something_new"]),
    ],
    ids=["nothing yet", "empty talk through left out", "talk through", "a list the page does not know"],
)
def test_the_three_tasks_of_a_review_always_show_and_other_lists_when_they_have_items(
    prompts: dict[str, list[str]], keys: list[str]
) -> None:
    shown = words.prompt_lists(prompts)
    assert [p["key"] for p in shown] == keys
    assert shown[0]["heading"] == "Notice and reinforce progress"
    assert shown[-1]["items"] == prompts.get(keys[-1], [])
    if "something_new" in keys:
        assert shown[-1]["heading"] == "Something new"
