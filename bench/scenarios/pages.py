"""P6: the pages' server time on the large store, through ``refocus serve`` on loopback.

A worker signs in as a browser does (the sign-in link, confirmed by a post that sets the
session cookie) and reads, one request at a time: the caseload of a team of
``CASELOAD_PEOPLE`` people among the store's others, the page of a random person of that
team, and the supervision page of the long journey (its first frame, as the page opens),
when the build has one. Each figure is the whole answer's time, seen by the client.

Beside them, as a baseline read the same way, ``GET care-plan`` of the API for the same
people: the person page's own data as JSON, with no session and no template. On a busy
machine the targets' absolute times move with the load; the ratio to the baseline does
much less.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx

from bench.harness import SECRET, Store, api_server, latency_summary, log, over_repeats, quiet_collector
from bench.load import Timings
from domain.actor import Actor, Role
from interfaces.auth import create_sign_in_token, create_token

#: The caseload page's team: the size issue #18's target names.
CASELOAD_TEAM = "bench-caseload"
CASELOAD_PEOPLE = 200
PAGES = ("caseload_page", "person_page", "supervision_first_frame", "api_care_plan")
SUPERVISION_PATH = "/people/{person}/supervision"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_PERSON_LINK = re.compile(r'<a href="/people/[0-9a-f-]{36}">')


@dataclass(frozen=True)
class PagesStore:
    """The large store, with its team of ``CASELOAD_PEOPLE`` and one long journey."""

    store: Store
    caseload_people: Sequence[UUID]
    #: The long journey's worker and person (the supervision page's).
    journey_worker: Actor
    long_journey: UUID


def signed_in(base: str, actor: Actor) -> httpx.Client:
    """A client holding a page session, started from a sign-in link as a browser would."""
    client = httpx.Client(base_url=base, timeout=30)
    token = create_sign_in_token(SECRET, actor.subject, actor.role, sorted(actor.teams))
    form = client.get("/sign-in", params={"token": token})
    csrf = _CSRF.search(form.text)
    if form.status_code != 200 or csrf is None:
        raise RuntimeError(f"sign-in page: HTTP {form.status_code}")
    answer = client.post("/sign-in", data={"csrf_token": csrf.group(1), "link": token, "next": "/"})
    if answer.status_code != 303 or "refocus_session" not in client.cookies:
        raise RuntimeError(f"sign-in: HTTP {answer.status_code}")
    return client


def _timed(client: httpx.Client, path: str, times: Timings) -> None:
    t0 = time.perf_counter()
    answer = client.get(path)
    times.append(time.perf_counter() - t0)
    if answer.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {answer.status_code}")


def supervision_page_missing(client: httpx.Client, person: UUID) -> str | None:
    """Why the supervision page cannot be measured, or None: a build may not have it yet."""
    if client.get(f"/people/{person}").status_code != 200:
        raise RuntimeError("the long journey's person page does not answer")
    status = client.get(SUPERVISION_PATH.format(person=person)).status_code
    if status == 404:
        return f"not measured: this build has no supervision page (GET {SUPERVISION_PATH} answers 404)"
    if status != 200:
        raise RuntimeError(f"supervision page: HTTP {status}")
    return None


def _bearer(actor: Actor) -> dict[str, str]:
    token = create_token(SECRET, actor.subject, actor.role, sorted(actor.teams))
    return {"Authorization": f"Bearer {token}"}


def p6_pages(target: PagesStore, work_dir: Path, reads: int, repeats: int) -> dict[str, Any]:
    caseload_worker = Actor("bench-caseload-worker", Role.WORKER, frozenset({CASELOAD_TEAM}))
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in PAGES}
    with api_server(target.store, work_dir / "p6") as (base, server):
        with (
            closing(signed_in(base, caseload_worker)) as team,
            closing(signed_in(base, target.journey_worker)) as journey,
            httpx.Client(base_url=base, timeout=30, headers=_bearer(caseload_worker)) as api,
        ):
            skipped = supervision_page_missing(journey, target.long_journey)
            if skipped:
                log(f"  P6 supervision page {skipped}")
            supervision = SUPERVISION_PATH.format(person=target.long_journey)
            listed = len(_PERSON_LINK.findall(team.get("/").text))
            if listed != len(target.caseload_people):
                raise RuntimeError(f"the caseload lists {listed} people, not {len(target.caseload_people)}")
            for _ in range(10):  # warm-up
                _timed(team, "/", [])
                _timed(team, f"/people/{target.caseload_people[0]}", [])
            for repeat in range(repeats):
                log(f"  P6 pages, repeat {repeat + 1}/{repeats}")
                rng = random.Random(repeat + 1)
                times: dict[str, Timings] = {name: [] for name in PAGES}
                with quiet_collector():
                    for _ in range(reads):
                        _timed(team, "/", times["caseload_page"])
                        person = rng.choice(target.caseload_people)
                        _timed(team, f"/people/{person}", times["person_page"])
                        _timed(api, f"/api/v1/people/{person}/care-plan", times["api_care_plan"])
                        if not skipped:
                            _timed(journey, supervision, times["supervision_first_frame"])
                for name, values in times.items():
                    if values:
                        runs[name].append(latency_summary(values))
        rss = server.rss_mb()
    runs_summary = {name: over_repeats(r) for name, r in runs.items() if r}
    ratios = {
        f"{name}_p99_over_api_care_plan": round(
            runs_summary[name]["p99_ms"]["median"] / runs_summary["api_care_plan"]["p99_ms"]["median"], 2
        )
        for name in ("caseload_page", "person_page", "supervision_first_frame")
        if name in runs_summary
    }
    return {
        "reads": reads,
        "caseload_people": len(target.caseload_people),
        **runs_summary,
        "ratios": ratios,
        **({"supervision_first_frame_skipped": skipped} if skipped else {}),
        "server_rss_mb": rss,
    }
