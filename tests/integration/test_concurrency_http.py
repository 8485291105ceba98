"""Concurrent commands on one goal over HTTP, without If-Match, on SQLite and PostgreSQL.

Without If-Match, commands on one journey are serialised, a command that raced another
is retried with its rules checked again, and no update is lost (docs/api.md). Twenty
commands on one goal and its steps start together from twenty threads; each
either happened (2xx, its event in the timeline) or was refused by a rule
(409 naming it), never a server error, and nothing happens twice or not at all.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from tests.conftest import bearer
from tests.journeys import http_goal, http_register, http_step

ALICE = bearer()
THREADS = 20

Command = tuple[str, str, dict[str, Any] | None]


def commands(goal: str, step: str) -> list[Command]:
    """Twenty commands on one goal and its step: plan steps, revise, GROW, pause and resume."""
    goals, steps = f"/api/v1/goals/{goal}", f"/api/v1/steps/{step}"
    planned: list[Command] = [
        ("POST", f"{goals}/steps", {"description": f"Step {i}", "mode": "independent"}) for i in range(5)
    ]
    revised: list[Command] = [
        ("POST", f"{goals}/revise", {"statement": f"I want to dance, take {i}"}) for i in range(4)
    ]
    grown: list[Command] = [
        ("PUT", f"{goals}/grow", {"reality": f"Breathless after {i + 10} minutes"}) for i in range(4)
    ]
    paused: list[Command] = [("POST", f"{goals}/pause", {"note": f"Pause {i}"}) for i in range(3)]
    resumed: list[Command] = [("POST", f"{goals}/resume", {"note": f"Back {i}"}) for i in range(3)]
    rescheduled: list[Command] = [("POST", f"{steps}/reschedule", {"due": "2027-02-01"})]
    together = planned + revised + grown + paused + resumed + rescheduled
    assert len(together) == THREADS
    # Interleaved, so each kind is spread over the threads rather than bunched.
    return together[::2] + together[1::2]


def timeline(client: TestClient, person: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/people/{person}/timeline", headers=ALICE)
    assert response.status_code == 200, response.text
    assert response.json()["next_offset"] is None
    entries: list[dict[str, Any]] = response.json()["entries"]
    return entries


def test_twenty_concurrent_commands_on_one_goal_lose_nothing_and_fail_only_by_a_rule(
    client: TestClient,
) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    step = http_step(client, ALICE, goal)
    before = timeline(client, person)
    goal_version = int(client.get(f"/api/v1/goals/{goal}", headers=ALICE).headers["ETag"].strip('"'))
    start = Barrier(THREADS)

    def send(command: Command) -> Response:
        method, path, body = command
        start.wait()
        return client.request(method, path, json=body, headers=ALICE)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        answers = list(pool.map(send, commands(goal, step)))

    statuses = sorted(a.status_code for a in answers)
    assert all(a.status_code in (200, 201, 409) for a in answers), statuses
    refused = [a.json() for a in answers if a.status_code == 409]
    assert all(problem.get("rule") for problem in refused), refused
    done = [a.json() for a in answers if a.status_code in (200, 201)]
    # Planning steps, revising and GROW are always allowed on an active or paused goal.
    assert len(done) >= 14, statuses

    after = timeline(client, person)
    written = after[len(before) :]
    assert len(written) == len(done)
    assert {entry["position"] for entry in written} == {answer["position"] for answer in done}

    # Every goal command that happened moved the goal on by one version: none overwrote another.
    goal_versions = sorted(answer["version"] for answer in done if answer["id"] == goal)
    assert goal_versions == list(range(goal_version + 1, goal_version + 1 + len(goal_versions)))
    current = client.get(f"/api/v1/goals/{goal}", headers=ALICE)
    assert current.headers["ETag"] == f'"{goal_versions[-1]}"'
