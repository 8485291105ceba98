"""The SQL of the event feed (``JourneyViews.feed``): one page of journey events in global order,
for the people a viewer could see when each event happened."""

from __future__ import annotations

from typing import Any

from domain.actor import Actor

_FEED_COLUMNS = (
    "position, recorded_at, type, aggregate_id, aggregate_version, person_id, actor_subject, actor_role, data"
)
_FEED_SELECT = f"SELECT {_FEED_COLUMNS} FROM {{s}}refocus_timeline"


def feed_statement(viewer: Actor, after: int, limit: int) -> tuple[str, list[Any]]:
    """The statement for one page of ``viewer``'s feed: journey events after ``after``, in global
    order, of the people the viewer could see when each happened."""
    if viewer.may_see_every_team:
        return f"{_FEED_SELECT} WHERE position > ? ORDER BY position LIMIT ?", [after, limit]
    return _team_feed(sorted(viewer.teams), after, limit)


def _team_feed(teams: list[str], after: int, limit: int) -> tuple[str, list[Any]]:
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
    return f"SELECT * FROM ({' UNION '.join(ranges)}) AS feed ORDER BY position LIMIT ?", [*params, limit]
