"""The team audit page in a real browser: reached from the caseload, a period chosen, each figure
with its trend, the people behind it, and printed for a team meeting without its controls."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from domain.actor import Role
from projections.audit_figures import FIGURES
from tests.web.test_browser import Server, Watch, link_for, server, sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.slow
__all__ = ["server", "watch"]  # the browser tests' fixtures, used here too

CONTROLS = ("header", "form", "button", "input", ".nhsuk-button", ".refocus-filters")


def test_a_supervisor_reads_the_team_audit_chooses_a_period_and_prints_it(
    page: Page, watch: Watch, server: Server
) -> None:
    sign_in(page, link_for(server, "demo-supervisor", Role.SUPERVISOR, "demo"))
    page.get_by_role("link", name="Team audit: demo").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Team audit: demo")
    for group in ("Values", "Strengths", "Goals", "Action", "Reviews", "Care-plan checks", "Coaching"):
        expect(page.get_by_role("heading", level=2, name=group)).to_be_visible()
    expect(page.locator("svg.refocus-trend")).to_have_count(len(FIGURES))
    first = page.locator("#figure-values_started")
    expect(first).to_contain_text("Values conversation started")
    expect(first.locator("svg")).to_have_attribute("aria-label", re.compile("^Trend over 6 periods"))
    expect(page.get_by_role("link", name="Sam (demo)")).to_be_visible()

    page.get_by_label("From").fill("2020-01-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"from=2020-01-01"))
    expect(page.locator(".nhsuk-lede-text")).to_contain_text("1 Jan 2020")

    page.emulate_media(media="print")
    for selector in CONTROLS:
        assert not any(element.is_visible() for element in page.locator(selector).all()), selector
    expect(page.locator("table.refocus-audit").first).to_be_visible()
    expect(page.locator("svg.refocus-trend").first).to_be_visible()

    page.emulate_media(media="screen")
    page.get_by_role("link", name="Sam (demo)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sam")


def test_a_worker_reads_their_own_figures_only(page: Page, watch: Watch, server: Server) -> None:
    sign_in(page, link_for(server, "demo-worker", Role.WORKER, "demo"))
    page.get_by_role("link", name="Team audit: demo").click()
    expect(page.locator(".nhsuk-lede-text")).to_contain_text("Your own figures")
    page.goto(f"{server.base}/teams/demo/audit?worker=someone-else")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this")
