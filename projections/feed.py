"""The SQL of the event feed (``JourneyViews.feed``): one page of journey events in global order,
for the people a viewer could see when each event happened."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from domain.actor import Actor
from projections import json_text
from projections.sealed import TextSeal, open_data_and_summary

_FEED_COLUMNS = (
    "position, recorded_at, type, aggregate_id, aggregate_version, person_id, actor_subject, actor_role, data"
)
_FEED_SELECT = f"SELECT {_FEED_COLUMNS} FROM {{s}}refocus_timeline"

#: Up to this many teams, a page reads each team's own index ranges; beyond, one range of
#: positions. Each team costs two terms of a compound SELECT, which SQLite caps at 500 and
#: PostgreSQL plans in time and stack growing with their number.
FEW_TEAMS = 32
#: How many positions one page of a many-team feed looks through at most.
FEED_WINDOW = 20_000


#: A timeline row's ``data`` once the person's data was erased: the event is still listed, in
#: its place, with its data withheld.
WITHHELD = ""


def feed_data(seal: TextSeal, data: str) -> dict[str, Any]:
    """An item's ``data``, or ``"data": null, "withheld": true`` for an erased person's event."""
    if data == WITHHELD:
        return {"data": None, "withheld": True}
    return {"data": json_text.loads(open_data_and_summary(seal, data, "")[0])}


@dataclass(frozen=True)
class FeedPage:
    """The statement for one page, and the last position it looks at (None: up to the head)."""

    statement: str
    params: list[Any]
    until: int | None = None


def feed_statement(viewer: Actor, after: int, limit: int, dialect: str = "sqlite") -> FeedPage:
    """The statement for one page of ``viewer``'s feed: journey events after ``after``, in global
    order, of the people the viewer could see when each happened."""
    if viewer.may_see_every_team:
        return FeedPage(f"{_FEED_SELECT} WHERE position > ? ORDER BY position LIMIT ?", [after, limit])
    teams = sorted(viewer.teams)
    if len(teams) <= FEW_TEAMS:
        return _team_feed(teams, after, limit)
    return _window_feed(teams, after, limit, dialect)


def _team_feed(teams: list[str], after: int, limit: int) -> FeedPage:
    """The next ``limit`` events of these teams' people, then or before a transfer.

    One ``WHERE (team_id IN ... OR former_team_id IN ...) ORDER BY position`` makes both
    databases collect every later row of the teams and sort them for each page, so
    following the feed from the start costs O(events²). Here each team and column is its
    own index range, already in position order, that stops after ``limit`` rows; the union
    holds at most 2 x teams x limit.
    """
    ranges: list[str] = []
    params: list[Any] = []
    for column in ("team_id", "former_team_id"):
        for team in teams:
            ranges.append(
                f"SELECT * FROM ({_FEED_SELECT} WHERE {column} = ? AND position > ?"
                f" ORDER BY position LIMIT ?) AS r{len(ranges)}"
            )
            params += [team, after, limit]
    # UNION, not UNION ALL: a transfer between two of the caller's teams matches twice.
    return FeedPage(
        f"SELECT * FROM ({' UNION '.join(ranges)}) AS feed ORDER BY position LIMIT ?", [*params, limit]
    )


def _window_feed(teams: list[str], after: int, limit: int, dialect: str) -> FeedPage:
    """The next ``limit`` events of these teams' people within ``FEED_WINDOW`` positions.

    A trust-wide integration holds thousands of teams: its page walks the primary key from
    ``after``, in position order, and keeps the rows whose team (then or before a transfer)
    is in the set, passed as one parameter (a JSON array on SQLite, an array on PostgreSQL)
    and looked up by hash. The window bounds a page's work however few of the rows are the
    viewer's; a page that fills no ``limit`` within it ends at the window's end.
    """
    team_set: Any
    if dialect == "postgres":
        team, former, team_set = "team_id = ANY(?)", "former_team_id = ANY(?)", teams
    else:
        # Unary + keeps SQLite off the team indexes: probing them once per team (thousands)
        # and sorting would cost more than walking the window.
        member = "IN (SELECT value FROM json_each(?))"
        team, former, team_set = f"+team_id {member}", f"+former_team_id {member}", json.dumps(teams)
    until = after + FEED_WINDOW
    return FeedPage(
        f"{_FEED_SELECT} WHERE position > ? AND position <= ?"
        f" AND ({team} OR {former}) ORDER BY position LIMIT ?",
        [after, until, team_set, team_set, limit],
        until,
    )
