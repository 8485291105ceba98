"""The view contract, on a SQLite file and on PostgreSQL: exactly once, resumable, rebuildable."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

import projections.projector as projector_module
from domain.actor import Actor, Role, acting_as
from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from projections.projector import Projector
from projections.store import DATABASE_ERRORS
from tests.conftest import ADMIN, ALICE, SECRET
from tests.journeys import GOAL, identify, plan, register


def _journey(runtime: Runtime, people: int = 3) -> list[UUID]:
    journeys = runtime.journeys
    person_ids = []
    with acting_as(ALICE):
        for n in range(people):
            person = register(journeys, name=f"Person {n}")
            goal = identify(journeys, person)
            done = plan(journeys, goal, "independent")
            journeys.complete_step(done, "done")
            dropped = plan(journeys, goal, "passive")
            journeys.drop_step(dropped, "not needed")
            plan(journeys, goal, "joint", due=date(2026, 12, 1))
            person_ids.append(person)
    return person_ids


def _views(runtime: Runtime, person_ids: list[UUID]) -> dict[str, Any]:
    views = runtime.views
    return {
        "plans": [views.care_plan(p, ADMIN) for p in person_ids],
        "timelines": [views.timeline(p, ADMIN) for p in person_ids],
        "caseload": views.caseload(ADMIN, today=date(2026, 11, 28)),
    }


def _timeline_positions(runtime: Runtime, person_ids: list[UUID]) -> list[int]:
    return sorted(e["position"] for p in person_ids for e in runtime.views.timeline(p, ADMIN)["entries"])


def test_the_views_hold_every_event_once_in_order(runtime: Runtime) -> None:
    person_ids = _journey(runtime)
    runtime.projector.catch_up()
    head = runtime.projector.head()
    assert runtime.projector.position() == head
    positions = _timeline_positions(runtime, person_ids)
    assert len(positions) == len(set(positions)) == 3 * 7
    assert positions[-1] == head


def test_catching_up_reports_the_head_it_aimed_for_and_the_position_it_reached(runtime: Runtime) -> None:
    # On PostgreSQL both come from one query beside the views; each must still be exact.
    assert runtime.projector.catch_up_with_head() == (0, 0)
    _journey(runtime, people=2)
    head = runtime.projector.head()
    assert head > 0 and runtime.projector.position() == 0
    assert runtime.projector.catch_up_with_head() == (head, head)
    assert runtime.projector.position() == head
    _journey(runtime, people=1)
    assert runtime.projector.catch_up_with_head() == (runtime.projector.head(),) * 2


def test_views_resume_where_they_stopped_after_a_restart(settings: Settings) -> None:
    with Runtime(settings) as first:
        person_ids = _journey(first, people=1)
        first.projector.catch_up()
        reached = first.projector.position()
        with acting_as(ALICE):
            later = identify(first.journeys, person_ids[0], statement="Cook for friends")
    # The process stopped before the views saw the last goal.
    with Runtime(settings) as second:
        assert second.projector.position() == reached
        second.projector.catch_up()
        plan_now = second.views.care_plan(person_ids[0], ADMIN)
        assert str(later) in [g["id"] for g in plan_now["goals"]]
        positions = _timeline_positions(second, person_ids)
        assert len(positions) == len(set(positions)) == 8


def test_small_batches_give_the_same_views_as_large_ones(runtime: Runtime) -> None:
    person_ids = _journey(runtime)
    runtime.projector.catch_up()
    expected = _views(runtime, person_ids)
    small = Projector(runtime.journeys, runtime.view_store, batch_size=2, rebuild_batch_size=2)
    small.rebuild()
    assert _views(runtime, person_ids) == expected


def test_rebuild_gives_the_same_views_as_live_updates(runtime: Runtime) -> None:
    person_ids = _journey(runtime)
    runtime.projector.catch_up()
    live = _views(runtime, person_ids)
    progress: list[tuple[int, int]] = []
    reached = runtime.projector.rebuild(lambda done, total: progress.append((done, total)))
    assert reached == runtime.projector.head()
    assert progress and progress[-1] == (reached, reached)
    assert _views(runtime, person_ids) == live


SECONDARY_INDEXES = {
    "refocus_journey_parts_by_id",
    "refocus_journey_parts_by_person",
    "refocus_caseload_by_team",
    "refocus_timeline_by_person",
    "refocus_timeline_by_team",
    "refocus_timeline_by_former_team",
    "refocus_supervision_notes_by_person",
}


def _secondary_indexes(runtime: Runtime) -> set[str]:
    store = runtime.view_store
    with store.reading() as tx:
        if store.dialect == "sqlite":
            rows = tx.all("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'refocus_%'")
        else:
            schema = store.datastore.schema
            rows = tx.all("SELECT indexname FROM pg_indexes WHERE schemaname = ?", (schema,))
    return {r[0] for r in rows} & SECONDARY_INDEXES


def test_rebuild_loads_the_rows_first_and_ends_with_every_index(runtime: Runtime) -> None:
    person_ids = _journey(runtime)
    runtime.projector.catch_up()
    assert _secondary_indexes(runtime) == SECONDARY_INDEXES
    runtime.projector.rebuild()
    assert _secondary_indexes(runtime) == SECONDARY_INDEXES
    assert len(_timeline_positions(runtime, person_ids)) == 3 * 7


def test_a_goal_or_step_is_listed_once_among_the_journey_parts(runtime: Runtime) -> None:
    person_ids = _journey(runtime, people=1)
    runtime.projector.catch_up()
    with runtime.view_store.reading() as tx:
        part_id, person_id = tx.all(
            "SELECT part_id, person_id FROM {s}refocus_journey_parts WHERE person_id = ?",
            (str(person_ids[0]),),
        )[0]
    with pytest.raises(DATABASE_ERRORS), runtime.view_store.writing() as tx:
        tx.insert_rows(
            "refocus_journey_parts", ("part_id", "person_id", "kind"), [(part_id, person_id, "step")]
        )


def test_on_sqlite_the_timeline_is_kept_in_position_order_without_a_second_key_index(
    tmp_path: Path,
) -> None:
    with Runtime(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/s.db")) as runtime:
        person_ids = _journey(runtime, people=1)
        runtime.projector.catch_up()
        with runtime.view_store.reading() as tx:
            key_indexes = tx.all(
                "SELECT name FROM sqlite_master WHERE tbl_name = 'refocus_timeline'"
                " AND name LIKE 'sqlite_autoindex%'"
            )
            positions = tx.all("SELECT rowid, position FROM refocus_timeline")
        assert key_indexes == []  # the position is the rowid itself
        assert len(positions) == len(_timeline_positions(runtime, person_ids))
        assert all(rowid == position for rowid, position in positions)


def test_on_sqlite_view_writes_do_not_zero_every_freed_page(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/s.db")
    with Runtime(settings) as runtime, runtime.view_store.writing() as tx:
        setting = tx.one("PRAGMA secure_delete")
    assert setting == (2,)  # FAST: deleted rows are still cleared from pages written anyway


def test_a_rebuild_cut_short_gets_its_indexes_back_when_the_views_are_next_opened(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_ids = _journey(runtime)
    runtime.projector.catch_up()
    live = _views(runtime, person_ids)
    cut_short = Projector(runtime.journeys, runtime.view_store, batch_size=5, rebuild_batch_size=5)
    batches = 0
    apply_batch = cut_short._apply_next_batch

    def crash_after_two_batches(position: int, batch_size: int) -> int:
        nonlocal batches
        batches += 1
        if batches > 2:
            raise KeyboardInterrupt  # the operator's Ctrl-C, or a crash
        return apply_batch(position, batch_size)

    monkeypatch.setattr(cut_short, "_apply_next_batch", crash_after_two_batches)
    with pytest.raises(KeyboardInterrupt):
        cut_short.rebuild()
    assert _secondary_indexes(runtime) == set()
    assert 0 < runtime.projector.position() < runtime.projector.head()

    runtime.view_store.create_tables()  # what opening a Runtime does
    assert _secondary_indexes(runtime) == SECONDARY_INDEXES
    runtime.projector.catch_up()
    assert _views(runtime, person_ids) == live


def test_an_event_that_cannot_be_applied_stops_the_views_just_before_it(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failing batch is undone as a whole, then its events before the failing one are
    applied again: the views hold exactly those, and the position stays before the fifth."""
    person_ids = _journey(runtime, people=2)
    real_row = projector_module.sealed_timeline_row
    calls = {"n": 0}

    def fail_on_the_fifth(*args: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("simulated failure in the middle of a batch")
        return real_row(*args)

    monkeypatch.setattr(projector_module, "sealed_timeline_row", fail_on_the_fifth)
    runtime.projector.catch_up()
    with runtime.view_store.reading() as tx:
        positions = [row[0] for row in tx.all("SELECT position FROM {s}refocus_timeline ORDER BY position")]
    assert len(positions) == 4
    fault = runtime.projector.stoppage()
    assert fault is not None and fault.error_class == "RuntimeError"
    assert runtime.projector.position() == max(positions) < fault.position

    monkeypatch.setattr(projector_module, "sealed_timeline_row", real_row)
    runtime.projector.faults.resume()
    runtime.projector._halt_checked = 0.0  # look for the decision now, not a second later
    runtime.projector.catch_up()
    positions = _timeline_positions(runtime, person_ids)
    assert len(positions) == len(set(positions)) == 2 * 7
    assert runtime.projector.stoppage() is None


def test_two_processes_catching_up_at_once_apply_each_event_once(settings: Settings) -> None:
    with Runtime(settings) as writer, Runtime(settings) as other:
        person_ids = _journey(writer, people=6)
        racers = [
            Projector(writer.journeys, writer.view_store, batch_size=5),
            Projector(other.journeys, other.view_store, batch_size=7),
        ]
        errors: list[BaseException] = []

        def race(projector: Projector) -> None:
            try:
                projector.catch_up()
            except BaseException as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=race, args=(p,)) for p in racers * 2]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        positions = _timeline_positions(writer, person_ids)
        assert len(positions) == len(set(positions)) == 6 * 7
        for plan_now in (writer.views.care_plan(p, ADMIN) for p in person_ids):
            assert len(plan_now["goals"][0]["steps"]) == 3


def test_views_of_an_older_shape_are_dropped_and_rebuilt_from_the_events(settings: Settings) -> None:
    with Runtime(settings) as first:
        person_ids = _journey(first, people=1)
        first.projector.catch_up()
        expected = _views(first, person_ids)
        with first.view_store.writing() as tx:
            # What views made before their shape was versioned look like.
            tx.execute("DELETE FROM {s}refocus_view_positions WHERE view_name = '__schema_version__'")
            tx.execute("ALTER TABLE {s}refocus_timeline DROP COLUMN recorded_at")
    with Runtime(settings) as second:
        assert second.projector.position() == 0
        second.projector.catch_up()
        assert _views(second, person_ids) == expected


def test_a_persons_events_are_found_by_key_even_before_the_database_has_statistics(runtime: Runtime) -> None:
    # A long journey (many goal and step ids to look up) in a store with no ANALYZE yet, as
    # just after a bulk load, when PostgreSQL's planner may prefer scanning the whole table.
    with acting_as(ALICE):
        person = Person.register("Sam", "north")
        aggregates: list[Any] = [person]
        for g in range(40):
            goal = Goal.identify(person, **{**GOAL, "statement": f"Goal {g}"})
            aggregates.append(goal)
            aggregates += [Step.plan(goal, description=f"Step {s}", mode="independent") for s in range(5)]
        runtime.journeys.save(*aggregates)
    runtime.projector.catch_up()
    plan = runtime.history.explain([a.id for a in aggregates])
    if runtime.view_store.dialect == "postgres":
        assert "Seq Scan" not in plan, plan
        assert "pkey" in plan, plan
    else:
        assert "SEARCH" in plan and "SCAN" not in plan, plan


@pytest.mark.postgres
def test_history_reads_are_never_compiled_with_jit(postgres_url: str, tmp_path: Path) -> None:
    # With no statistics the planner guesses far more rows than a person's events and would
    # compile the read with JIT every time.
    settings = Settings(data_dir=tmp_path / "data", database_url=postgres_url, secret_key=SECRET)
    with Runtime(settings) as runtime:
        store = runtime.view_store

        def plan(prefer_index_reads: bool) -> str:
            with store.reading() as tx:
                tx.execute("SET LOCAL jit_above_cost = 0")  # as if every read were costly
                if prefer_index_reads:
                    store.prefer_index_reads(tx)
                return "\n".join(
                    str(r[0]) for r in tx.all("EXPLAIN SELECT position FROM {s}refocus_view_positions")
                )

        with store.reading() as tx:
            available = tx.one("SELECT pg_jit_available()")
        if not (available and available[0]):
            pytest.skip("this PostgreSQL server has no JIT")
        assert "JIT" in plan(prefer_index_reads=False)
        assert "JIT" not in plan(prefer_index_reads=True)


def test_a_teams_feed_page_reads_index_ranges_not_every_later_row_of_the_team(runtime: Runtime) -> None:
    # One WHERE (team_id IN ... OR former_team_id IN ...) ORDER BY position would collect and
    # sort every later row of the teams for each page.
    _journey(runtime, people=2)
    runtime.projector.catch_up()
    two_teams = Actor("tess", Role.WORKER, frozenset({"north", "south"}))
    plan = runtime.views.explain_feed(two_teams, after=0, limit=100)
    for index in ("refocus_timeline_by_team", "refocus_timeline_by_former_team"):
        assert index in plan, plan
    if runtime.view_store.dialect == "postgres":
        assert "Seq Scan" not in plan and "Bitmap" not in plan, plan
    else:
        assert "MULTI-INDEX OR" not in plan and "SCAN refocus_timeline" not in plan, plan


def test_a_feed_over_several_teams_lists_each_event_once_in_order(runtime: Runtime) -> None:
    journeys = runtime.journeys
    with acting_as(Actor("wes", Role.WORKER, frozenset("abc"))):
        people = [journeys.register_person(f"Person {n}", team).id for n, team in enumerate("abcab")]
        journeys.transfer_person(people[0], "b")  # between two of the caller's teams: matches twice
        journeys.transfer_person(people[1], "c")  # out of the caller's teams
        journeys.transfer_person(people[2], "a")  # into them
        journeys.assign_key_worker(people[0], "w1")
        journeys.assign_key_worker(people[1], "w2")
        journeys.assign_key_worker(people[2], "w3")
    runtime.projector.catch_up()
    caller = Actor("tess", Role.WORKER, frozenset({"a", "b"}))
    everything = _read_feed(runtime, Actor("ada", Role.ADMIN, frozenset()), limit=500)
    expected = [
        item["position"]
        for item in everything
        if (
            item["type"] == "PersonTransferred"
            and {item["data"]["team_id"], item["data"]["previous_team_id"]} & caller.teams
        )
        or (item["type"] != "PersonTransferred" and _team_at(everything, item) in caller.teams)
    ]
    assert 0 < len(expected) < len(everything)
    for limit in (1, 2, 3, 500):
        assert [i["position"] for i in _read_feed(runtime, caller, limit)] == expected


def _read_feed(runtime: Runtime, viewer: Actor, limit: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    after = 0
    while True:
        page = runtime.views.feed(viewer, after=after, limit=limit)
        items += page["items"]
        if page["next_after"] == after:
            return items
        after = page["next_after"]


def _team_at(feed: list[dict[str, Any]], item: dict[str, Any]) -> str:
    """The person's team when ``item`` happened, from the registration and transfers before it."""
    team = ""
    for earlier in feed:
        if earlier["person_id"] != item["person_id"] or earlier["position"] > item["position"]:
            continue
        if earlier["type"] in ("PersonRegistered", "PersonTransferred"):
            team = earlier["data"]["team_id"]
    return team


#: A trust-wide integration: thousands of teams in one token.
TRUST_WIDE = Actor("ehr", Role.INTEGRATION, frozenset({"north", *(f"team-{n:04}" for n in range(5_000))}))


def test_a_feed_page_for_thousands_of_teams_walks_the_position_index(runtime: Runtime) -> None:
    # Per-team index ranges would be 10,000 terms of one compound SELECT.
    _journey(runtime, people=2)
    runtime.projector.catch_up()
    plan = runtime.views.explain_feed(TRUST_WIDE, after=0, limit=100)
    if runtime.view_store.dialect == "postgres":
        assert "refocus_timeline_pkey" in plan and "Seq Scan" not in plan, plan
    else:
        assert "USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
