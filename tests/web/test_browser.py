"""The pages in a real browser, against ``refocus serve`` in a process of its own.

Every request the browser makes must go to the app's own origin: anything else
is refused and recorded (the pages work with the network cut), and so is every
script or style the Content-Security-Policy blocks.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx
import pytest
from playwright.sync_api import expect

from domain.actor import Role
from interfaces.auth import create_sign_in_token
from tests.conftest import SECRET, bearer
from tests.processes import ROOT, free_port, refocus_process, wait_until_serving

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.slow


@dataclass
class Server:
    base: str
    env: dict[str, str]
    demo_link: str
    other_team_person: str


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The demo team, a person of another team, and the server, on a SQLite file."""
    data = tmp_path_factory.mktemp("browser")
    port = free_port()
    env = {"REFOCUS_DATA_DIR": str(data / "data"), "REFOCUS_SECRET_KEY": SECRET}
    seeded = subprocess.run(
        [sys.executable, "-m", "interfaces.cli", "demo", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    link = re.search(r"http://\S+/sign-in\?token=\S+", seeded.stdout)
    assert link, seeded.stdout
    base = f"http://127.0.0.1:{port}"
    log = data / "serve.log"
    with refocus_process(["serve", "--port", str(port)], env, log) as process:
        wait_until_serving(base, process, log)
        answer = httpx.post(
            f"{base}/api/v1/people",
            json={"display_name": "Pat (south)", "team_id": "south"},
            headers=bearer("bob", Role.WORKER, ("south",)),
        )
        assert answer.status_code == 201, answer.text
        yield Server(base, env, link.group(0), answer.json()["id"])


#: NHS.UK frontend's stylesheet names its web font on assets.nhs.uk; the pages'
#: Content-Security-Policy (font-src 'self') has the browser refuse it before it is sent.
NHS_FONTS = "https://assets.nhs.uk/fonts/"


@dataclass
class Watch:
    """Requests that left for anywhere but the app, and what the browser reported as errors."""

    base: str
    sent: dict[str, str] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        """Requests to another origin that the browser did not refuse under the page's policy."""
        own = (self.base + "/", "data:")
        return [url for url in self.sent if not url.startswith(own) and url not in self.refused]


@pytest.fixture
def watch(page: Page, server: Server) -> Iterator[Watch]:
    seen = Watch(server.base)
    page.on("request", lambda r: seen.sent.setdefault(r.url, r.resource_type))
    page.on("requestfailed", lambda r: seen.refused.add(r.url) if r.failure == "csp" else None)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    # A page may answer 400 or 404 (and tests check it does); a file it loads may not.
    page.on(
        "response",
        lambda r: (
            seen.errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type != "document"
            else None
        ),
    )
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    yield seen
    assert seen.foreign() == [], "requests left the app"
    assert all(url.startswith(NHS_FONTS) for url in seen.refused), seen.refused
    errors = [
        e
        for e in seen.errors
        if not (NHS_FONTS in e and "font-src 'self'" in e)
        and not e.startswith("Failed to load resource: the server responded")
    ]
    assert errors == [], "the browser reported errors"
    assert seen.dialogs == [], "a script ran"


def sign_in(page: Page, link: str) -> None:
    page.goto(link)
    page.get_by_role("button", name=re.compile("^Sign in as")).click()
    page.wait_for_url(re.compile(r"/$"))


def link_for(server: Server, subject: str, role: Role, team: str) -> str:
    return f"{server.base}/sign-in?token={create_sign_in_token(SECRET, subject, role, [team])}"


def names(page: Page) -> list[str]:
    return page.locator("table.nhsuk-table tbody tr td:first-child a").all_inner_texts()


def test_a_worker_signs_in_from_the_demo_link_searches_opens_a_person_and_signs_out(
    page: Page, watch: Watch, server: Server
) -> None:
    sign_in(page, server.demo_link)
    assert page.title() == "Caseload – refocus"
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert names(page) == ["Alex (demo)", "Kim (demo)", "Sam (demo)"]
    # NHS.UK frontend's script ran under the Content-Security-Policy.
    expect(page.locator("body")).to_have_class(re.compile("nhsuk-frontend-supported"))

    page.get_by_label("Search by name").fill("kim")
    page.get_by_role("button", name="Show").click()
    assert names(page) == ["Kim (demo)"]
    assert page.get_by_text("Overdue", exact=True).is_visible()

    page.get_by_role("link", name="Kim (demo)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kim (demo)"
    assert page.locator("h3", has_text="Sort out my debts").is_visible()

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/sign-in$"))
    page.goto(server.base + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"

    # The link signed in once: opened again, it is refused.
    page.goto(server.demo_link)
    assert "used already" in page.content()


def test_a_supervisor_from_a_printed_link_sees_no_write_controls_and_not_another_teams_person(
    page: Page, watch: Watch, server: Server
) -> None:
    create = ["token", "create", "--subject", "sue", "--role", "supervisor", "--team", "demo", "--link"]
    printed = subprocess.run(
        [sys.executable, "-m", "interfaces.cli", *create, "--base-url", server.base],
        cwd=ROOT,
        env={**os.environ, **server.env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    sign_in(page, printed)
    assert "sue (supervisor)" in page.locator("header").inner_text()
    assert page.get_by_text("Register a person").count() == 0
    # The only form that posts is signing out.
    assert page.locator("form[method=post]").count() == 1

    answer = page.goto(f"{server.base}/people/{server.other_team_person}")
    assert answer is not None and answer.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert "Pat" not in page.content()


def test_markup_typed_into_a_name_is_shown_as_text_and_never_runs(
    page: Page, watch: Watch, server: Server
) -> None:
    sign_in(page, link_for(server, "demo-worker", Role.WORKER, "demo"))
    page.get_by_role("link", name="Register a person").click()
    name = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Register").click()
    assert page.get_by_role("heading", level=1).inner_text() == name
    page.goto(server.base + "/?q=script")
    assert names(page) == [name]


def test_a_post_without_the_forms_csrf_token_is_refused(page: Page, watch: Watch, server: Server) -> None:
    sign_in(page, link_for(server, "demo-worker", Role.WORKER, "demo"))
    answer = page.request.post(
        f"{server.base}/people/new", form={"display_name": "Forged", "team_id": "demo"}, max_redirects=0
    )
    assert answer.status == 403
    page.goto(server.base + "/?q=Forged")
    assert names(page) == []


def test_docs_render_swagger_ui_with_no_network(page: Page, watch: Watch, server: Server) -> None:
    page.goto(server.base + "/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "refocus" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock-tag", has_text="people").first.wait_for()
