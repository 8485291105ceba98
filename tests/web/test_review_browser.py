"""Holding a review in a real browser: the pack, a decision on each goal, the check-your-answers
step, and the person page after saving; no request leaves the app's origin."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from domain.actor import Role
from tests.web import test_browser

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.web.test_browser import Server, Watch

pytestmark = pytest.mark.slow

# The same fixtures as the other browser tests: ``refocus serve`` on the demo team, and the
# watch on every request the page makes.
server = test_browser.server
watch = test_browser.watch


def test_a_worker_holds_a_review_deciding_on_each_goal_through_the_check_step(
    page: Page, watch: Watch, server: Server
) -> None:
    test_browser.sign_in(page, test_browser.link_for(server, "demo-worker", Role.WORKER, "demo"))
    page.get_by_role("link", name="Sam (demo)").click()
    page.get_by_role("link", name="Prepare a review").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sam (demo)"
    # The demo held Sam's last review today: nothing has happened since.
    assert page.get_by_text("What happened since the last review, held on").is_visible()
    notice = page.locator("section", has=page.get_by_role("heading", name="Notice and reinforce progress"))
    assert "No progress recorded in this period yet." in notice.inner_text()

    page.get_by_role("link", name="Hold the review").click()
    assert page.get_by_label("Who took part").input_value().startswith("Sam (demo)\n")
    page.get_by_label("Summary of the review").fill("Sam is dancing again; energy is better.")
    dancing = page.get_by_role("group", name="“I want to dance again”")
    dancing.get_by_label("Continue", exact=True).check()
    energy = page.get_by_role("group", name="“I want to have energy for the things I enjoy”")
    energy.get_by_label("Discontinue").check()
    page.get_by_label("Date the next review is due").fill("2099-01-31")
    page.get_by_role("button", name="Check your answers").click()

    # Discontinuing needs a reason: the problem is shown beside that goal's note.
    assert page.title().startswith("Error: ")
    assert energy.get_by_text("Say why the goal is discontinued").is_visible()
    energy.get_by_label("Note (optional)").fill("Sam sleeps well now and wants to let it go")
    page.get_by_role("button", name="Check your answers").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers before saving the review"
    page.get_by_role("button", name="Change the summary").click()
    page.get_by_label("Summary of the review").fill("Sam is dancing again and sleeping well.")
    page.get_by_role("button", name="Check your answers").click()
    answers = page.locator("dl.nhsuk-summary-list").inner_text()
    assert "Sam is dancing again and sleeping well." in answers
    assert "Discontinue" in answers and "31 Jan 2099" in answers

    page.get_by_role("button", name="Save the review").click()
    page.wait_for_url(re.compile(r"/people/[0-9a-f-]+$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Sam (demo)"
    assert "31 Jan 2099" in page.locator("dl.nhsuk-summary-list").first.inner_text()
