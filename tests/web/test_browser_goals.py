"""A goal and its steps in a real browser, against ``refocus serve``: no request leaves the app."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from domain.actor import Role
from tests.web.test_browser import Server, Watch, link_for, server, sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.slow
__all__ = ["server", "watch"]  # the browser tests' fixtures, used here too

STEPS = [
    ("Ring the pool about times", "The person, on their own", None, "Independent"),
    ("Go to the pool", "The person, with someone else", "my brother", "Joint"),
    ("Book a free swim pass", "A worker, for the person", None, "Passive"),
]


def test_a_worker_identifies_a_goal_in_the_persons_words_plans_steps_of_each_mode_and_completes_one(
    page: Page, watch: Watch, server: Server
) -> None:
    sign_in(page, link_for(server, "demo-worker", Role.WORKER, "demo"))
    page.get_by_role("link", name="Alex (demo)").click()
    page.get_by_role("link", name="Add a goal").click()

    page.get_by_label("The goal", exact=True).fill("I want to get back to swimming")
    page.get_by_label("Yes, as the person said it").check()
    page.get_by_label("The person", exact=True).check()
    page.get_by_label("Towards something the person wants").check()
    page.get_by_label("Health").check()
    page.get_by_label("The person's", exact=True).check()
    page.get_by_role("button", name="Add the goal").click()
    heading = page.get_by_role("heading", level=1)
    assert "“I want to get back to swimming”" in heading.inner_text()
    goal_page = page.url

    for description, who, with_whom, _ in STEPS:
        page.get_by_role("link", name="Plan a step").click()
        page.get_by_label("What is the step?").fill(description)
        page.get_by_label(who).check()
        if with_whom:
            page.get_by_label("With whom").fill(with_whom)
        page.get_by_role("button", name="Plan the step").click()
        assert page.url == goal_page

    rows = page.locator("tbody tr")
    assert rows.count() == 3
    for row, (description, _, _, mode) in zip(rows.all(), STEPS, strict=True):
        assert description in row.inner_text() and mode in row.inner_text()
    assert "with my brother" in rows.nth(1).inner_text()
    assert "done for the person" in rows.nth(2).inner_text()

    page.get_by_role("link", name=re.compile(f"^Complete.*{STEPS[0][0]}")).click()
    page.get_by_label("Note (optional)").fill("They are open at 7 on Tuesdays")
    page.get_by_role("button", name="Complete the step").click()
    assert page.url == goal_page
    assert "Completed" in rows.first.inner_text()
    assert "1 of 3 steps done" in page.content()

    page.get_by_role("link", name=re.compile("^Back to Alex")).click()
    assert page.get_by_role("link", name=re.compile("^“I want to get back to swimming”")).is_visible()
