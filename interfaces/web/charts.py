"""The timeline's two charts, computed from the timeline view's entries: no SQL, no styling.

Each chart is a list of periods (days, weeks or months, whichever fits the journey's
length) with a count per series, plus the geometry of its bars, so a template can
draw it as SVG and show the same numbers as a table. The pages never mean anything
by colour alone: the steps chart has one labelled row per goal, and the action mix
fills its three modes with patterns named in a legend.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from interfaces.web.dates import day

MODES = ("independent", "joint", "passive")
_CLOSED_GOAL = {"GoalAchieved", "GoalDiscontinued"}
#: Longest journey shown day by day, then week by week; longer ones are shown by month.
_DAYS_UP_TO = 14
_WEEKS_UP_TO = 26 * 7

#: The drawing's size in SVG units; it scales to the width of the page.
WIDTH = 640
_LEFT = 8
_RIGHT = 8
_ROW = 56
_BAR_ROOM = 30
_AXIS = 28
_MIX_HEIGHT = 160
_LEGEND = 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    series: str


@dataclass
class Chart:
    """Periods (labels), series (names) and ``counts[series][period]``; bars for the SVG."""

    periods: list[str]
    series: list[str]
    counts: dict[str, list[int]]
    #: What each series is called (a goal's statement, a mode's name).
    names: dict[str, str] = field(default_factory=dict)
    height: int = 0
    bars: list[Bar] = field(default_factory=list)
    #: (x, label) of the periods named on the axis (not all of them on a long journey).
    ticks: list[tuple[float, str]] = field(default_factory=list)
    #: Where each series' row starts (steps chart) or the top of the plot (action mix).
    rows: dict[str, float] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(sum(c) for c in self.counts.values())

    def total(self, series: str) -> int:
        return sum(self.counts[series])


def _day(entry: dict[str, Any]) -> date:
    return date.fromisoformat(entry["at"][:10])


class _Periods:
    """Contiguous periods from the first entry to the last, sized to the journey's length."""

    def __init__(self, first: date, last: date) -> None:
        span = (last - first).days
        if span < _DAYS_UP_TO:
            self.kind = "day"
            self.starts = [first + timedelta(days=n) for n in range(span + 1)]
        elif span < _WEEKS_UP_TO:
            self.kind = "week"
            monday = first - timedelta(days=first.weekday())
            self.starts = [monday + timedelta(weeks=n) for n in range((last - monday).days // 7 + 1)]
        else:
            self.kind = "month"
            self.starts = []
            month = first.replace(day=1)
            while month <= last:
                self.starts.append(month)
                month = (month + timedelta(days=32)).replace(day=1)

    def index(self, when: date) -> int:
        if self.kind == "day":
            return (when - self.starts[0]).days
        if self.kind == "week":
            return (when - self.starts[0]).days // 7
        return (when.year - self.starts[0].year) * 12 + when.month - self.starts[0].month

    def labels(self) -> list[str]:
        if self.kind == "day":
            return [day(s) for s in self.starts]
        if self.kind == "week":
            return [f"Week of {day(s)}" for s in self.starts]
        return [f"{s:%b %Y}" for s in self.starts]

    def ticks(self) -> list[str]:
        """Short labels for the axis."""
        if self.kind == "month":
            return [f"{s:%b %Y}" for s in self.starts]
        return [f"{s.day} {s:%b}" for s in self.starts]


def goal_statements(entries: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Every goal the entries name, by id, with its latest statement (goals reframed read as now)."""
    statements: dict[str, str] = {}
    for entry in entries:
        if entry["type"] in ("GoalIdentified", "GoalReframed") and entry["goal_id"]:
            statements[entry["goal_id"]] = entry["data"]["statement"]
    return statements


def steps_completed_by_goal(entries: Sequence[dict[str, Any]], statements: dict[str, str]) -> Chart:
    """Steps completed in each period, one row per goal (manual, 5.3: small steps, counted)."""
    goal_ids = [g for g in statements if any(e["goal_id"] == g for e in entries)]
    if not entries or not goal_ids:
        return Chart([], [], {})
    periods = _Periods(_day(entries[0]), max(_day(e) for e in entries))
    counts = {g: [0] * len(periods.starts) for g in goal_ids}
    for entry in entries:
        if entry["type"] == "StepCompleted" and entry["goal_id"] in counts:
            counts[entry["goal_id"]][periods.index(_day(entry))] += 1
    chart = Chart(periods.labels(), goal_ids, counts, {g: statements[g] for g in goal_ids})
    _draw_rows(chart, periods.ticks())
    return chart


def action_mix(entries: Sequence[dict[str, Any]]) -> Chart:
    """Steps planned or open in each period by mode, independent, joint or passive, as it
    stood at the period's end or when the step closed (manual, end of chapter 5, check d:
    steps the person takes alone or with others)."""
    if not entries:
        return Chart([], [], {})
    periods = _Periods(_day(entries[0]), max(_day(e) for e in entries))
    counts = {mode: [0] * len(periods.starts) for mode in MODES}
    steps = _Steps()
    ordered = sorted(entries, key=lambda e: (e["at"], e["position"]))
    n = 0
    for period in range(len(periods.starts)):
        counted = set(steps.open)
        while n < len(ordered) and periods.index(_day(ordered[n])) <= period:
            counted |= steps.follow(ordered[n])
            n += 1
        for step_id in counted:
            counts[steps.mode[step_id]][period] += 1
    chart = Chart(periods.labels(), list(MODES), counts, {m: m.capitalize() for m in MODES})
    _draw_stacks(chart, periods.ticks())
    return chart


class _Steps:
    """Each step's goal and latest mode, and which are open, entry by entry."""

    def __init__(self) -> None:
        self.mode: dict[str, str] = {}
        self.goal: dict[str, str] = {}
        self.open: set[str] = set()

    def follow(self, entry: dict[str, Any]) -> set[str]:
        """Apply ``entry``; the step it planned, if any."""
        kind, step_id, data = entry["type"], entry["step_id"], entry["data"]
        if kind == "StepPlanned" and step_id and data["mode"] in MODES:
            self.mode[step_id], self.goal[step_id] = data["mode"], entry["goal_id"]
            self.open.add(step_id)
            return {step_id}
        if kind == "StepModeChanged" and step_id in self.open and data["mode"] in MODES:
            self.mode[step_id] = data["mode"]
        elif kind in ("StepCompleted", "StepDropped"):
            self.open.discard(step_id)
        elif kind in _CLOSED_GOAL:
            self.open -= {s for s in self.open if self.goal[s] == entry["goal_id"]}
        return set()


def _slots(chart: Chart) -> tuple[float, float]:
    """Each period's width and its bar's width."""
    slot = (WIDTH - _LEFT - _RIGHT) / max(len(chart.periods), 1)
    return slot, max(min(slot * 0.7, 48.0), 1.0)


def _ticks(chart: Chart, short: list[str], baseline: float) -> None:
    slot, _ = _slots(chart)
    every = max(1, round(len(short) * 70 / (WIDTH - _LEFT - _RIGHT) + 0.49))
    chart.ticks = [(_LEFT + slot * (i + 0.5), label) for i, label in enumerate(short) if i % every == 0]
    chart.rows["axis"] = baseline


def _draw_rows(chart: Chart, short: list[str]) -> None:
    slot, width = _slots(chart)
    top = 0.0
    most = max((max(c) for c in chart.counts.values()), default=0) or 1
    for name in chart.series:
        chart.rows[name] = top
        baseline = top + _ROW
        for i, count in enumerate(chart.counts[name]):
            if count:
                height = _BAR_ROOM * count / most
                x = _LEFT + slot * i + (slot - width) / 2
                chart.bars.append(Bar(x, baseline - height, width, height, count, name))
        top = baseline + 8
    chart.height = int(top + _AXIS)
    _ticks(chart, short, top)


def _draw_stacks(chart: Chart, short: list[str]) -> None:
    slot, width = _slots(chart)
    totals = [sum(chart.counts[m][i] for m in chart.series) for i in range(len(chart.periods))]
    most = max(totals, default=0) or 1
    plot_top = _LEGEND + 18.0
    baseline = plot_top + _MIX_HEIGHT
    for i, total in enumerate(totals):
        y = baseline
        x = _LEFT + slot * i + (slot - width) / 2
        for mode in chart.series:
            count = chart.counts[mode][i]
            if count:
                height = _MIX_HEIGHT * count / most
                y -= height
                chart.bars.append(Bar(x, y, width, height, count, mode))
        if total:
            chart.bars.append(Bar(x, y, width, 0, total, "total"))
    chart.rows["top"] = plot_top
    chart.height = int(baseline + _AXIS)
    _ticks(chart, short, baseline)


#: A trend's drawing: small, beside a figure in a table.
TREND_WIDTH = 120
TREND_HEIGHT = 32
_TREND_PAD = 4


@dataclass(frozen=True)
class Trend:
    """A figure over consecutive periods, as a small line: ``points`` (x, y) of the periods with
    a value, ``label`` the same numbers in words for those who do not see the drawing."""

    points: list[tuple[float, float]]
    label: str

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


def trend(values: Sequence[float | None], names: Sequence[str], top: float | None = None) -> Trend:
    """``values`` of the periods named ``names``, oldest first; the line runs from 0 (bottom) to
    ``top`` (a share's 1; by default the largest value)."""
    known = [v for v in values if v is not None]
    highest = top if top is not None else max(known, default=0) or 1
    step = (TREND_WIDTH - 2 * _TREND_PAD) / max(1, len(values) - 1)
    room = TREND_HEIGHT - 2 * _TREND_PAD
    points = [
        (_TREND_PAD + i * step, TREND_HEIGHT - _TREND_PAD - room * min(value, highest) / highest)
        for i, value in enumerate(values)
        if value is not None
    ]
    words = "; ".join(
        f"{name}: {'nothing to count' if v is None else f'{v:g}'}"
        for name, v in zip(names, values, strict=True)
    )
    return Trend(points, f"Trend over {len(values)} periods, oldest first. {words}")
