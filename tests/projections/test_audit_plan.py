"""The team audit reads the rows of the people ever on the team by key, on a store whose
planner has no statistics yet (one just rebuilt or imported) as on any other: its cost grows
with the team, never with the store."""

from __future__ import annotations

import json

from domain.actor import Actor, Role, acting_as
from domain.person import Person
from interfaces.runtime import Runtime
from projections.audit_query import DAYS_READ, MEETINGS_READ, NAMES_READ, team_members

WORKER = Actor("worker-1", Role.WORKER, frozenset({"north", "south"}))


def _plans(runtime: Runtime) -> dict[str, str]:
    with acting_as(WORKER):
        for i in range(400):
            runtime.journeys.save(Person.register(f"Person {i}", "north" if i < 20 else "south"))
    runtime.projector.catch_up()
    store = runtime.view_store
    with store.reading() as tx:
        members, params = team_members(store, tx, "north")
    assert len(params[0] if store.dialect == "postgres" else json.loads(params[0])) == 20
    today = "2099-01-01"
    return {
        "days": store.explain(DAYS_READ.replace("{members}", members), [today, *params]),
        "meetings": store.explain(MEETINGS_READ.replace("{members}", members), [today, today, *params]),
        "names": store.explain(NAMES_READ.replace("{members}", members), params),
    }


def test_each_read_of_a_team_audit_probes_its_people_by_key(runtime: Runtime) -> None:
    for read, plan in _plans(runtime).items():
        if runtime.view_store.dialect == "postgres":
            conditions = [line for line in plan.splitlines() if "Index Cond:" in line]
            assert conditions and all("person_id = ANY" in line for line in conditions), (read, plan)
            assert "Seq Scan" not in plan and "Join" not in plan, (read, plan)
        else:
            first, *rest = plan.splitlines()
            assert first.startswith("SEARCH refocus_") and "(person_id=?" in first, (read, plan)
            assert not any(line.startswith("SCAN refocus_") for line in rest), (read, plan)
