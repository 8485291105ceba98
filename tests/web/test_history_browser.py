"""The timeline and supervision pages in a real browser, against ``refocus serve``: stepping
through the replay with the buttons, the slider and the keyboard, a note added to a frame,
and the timeline narrowed to one goal. No request leaves the app (``watch``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from domain.actor import Role
from tests.web.test_browser import Server, Watch, link_for, server, sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.slow
__all__ = ["server", "watch"]  # the fixtures, shared with the other browser tests


def open_sam(page: Page, server: Server, role: Role = Role.WORKER) -> None:
    sign_in(page, link_for(server, "demo-worker" if role is Role.WORKER else "sue", role, "demo"))
    page.get_by_role("link", name="Sam (demo)").click()


def frame_heading(page: Page) -> str:
    return page.locator("#frame-heading").inner_text()


def test_a_worker_steps_through_the_replay_with_buttons_slider_and_keys_and_notes_a_frame(
    page: Page, watch: Watch, server: Server
) -> None:
    open_sam(page, server)
    page.get_by_role("link", name="Supervision").click()
    assert page.get_by_role("heading", level=1).inner_text().endswith("Supervision")
    first = frame_heading(page)
    assert first.startswith("Frame 1 of ")
    assert page.get_by_role("button", name="Previous").count() == 0

    page.get_by_role("button", name="Next").click()
    assert frame_heading(page).startswith("Frame 2 of ")
    page.get_by_role("button", name="Previous").click()
    assert frame_heading(page) == first

    # The arrow keys step through frames from anywhere but a form field...
    expect(page.locator("body")).to_have_class(re.compile("nhsuk-frontend-supported"))
    page.keyboard.press("ArrowRight")
    # The page before already had a frame in its address: wait for the heading, not the URL.
    expect(page.locator("#frame-heading")).to_have_text(re.compile("^Frame 2 of "))
    # ...and on the slider, which keeps the focus from frame to frame.
    page.get_by_label(re.compile("^Go to frame")).focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"n=3"))
    assert frame_heading(page).startswith("Frame 3 of ")
    assert page.evaluate("document.activeElement.id") == "replay-slider"
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"n=4"))
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"n=3"))
    assert frame_heading(page).startswith("Frame 3 of ")
    summary = page.locator(".nhsuk-summary-list__value").first.inner_text()

    page.get_by_label("Add a note to frame 3").fill("Goal in Sam's own words <b>good</b>")
    page.get_by_role("button", name="Add note").click()
    page.wait_for_url(re.compile(r"frame=\d+#notes$"))
    assert frame_heading(page).startswith("Frame 3 of ")
    assert page.locator(".nhsuk-summary-list__value").first.inner_text() == summary
    assert page.locator(".refocus-note__text").inner_text() == "Goal in Sam's own words <b>good</b>"
    page.get_by_role("button", name="Next").click()
    assert page.locator(".refocus-note__text").count() == 0
    assert page.get_by_role("link", name="Frame 3").is_visible()


def test_a_supervisor_compares_two_frames_and_adds_a_note(page: Page, watch: Watch, server: Server) -> None:
    open_sam(page, server, Role.SUPERVISOR)
    page.get_by_role("link", name="Supervision").click()
    page.get_by_label("From frame", exact=True).fill("1")
    page.get_by_label("To frame", exact=True).fill("5")
    page.get_by_role("button", name="Compare").click()
    assert page.locator("#comparison").inner_text().startswith("From frame 1")
    assert page.get_by_text("Goal added: “I want to dance again” (active).").is_visible()
    page.get_by_label(re.compile("^Add a note")).fill("Ask about the first goal")
    page.get_by_role("button", name="Add note").click()
    assert "sue (supervisor)" in page.locator(".refocus-note").inner_text()


def test_the_timeline_narrows_to_one_goal_and_draws_its_charts(
    page: Page, watch: Watch, server: Server
) -> None:
    open_sam(page, server)
    page.get_by_role("link", name="Timeline").click()
    assert page.locator("table.refocus-timeline caption").inner_text() == "Every event"
    assert page.locator("svg[role=img]").count() == 2
    page.get_by_label("Goal", exact=True).select_option(label="I want to have energy for the things I enjoy")
    page.get_by_role("button", name="Show").click()
    caption = page.locator("table.refocus-timeline caption").inner_text()
    assert caption == "Events of the goal “I want to have energy for the things I enjoy” and its steps"
    rows = page.locator("table.refocus-timeline tbody tr").all_inner_texts()
    assert rows and not any("I want to dance again" in row for row in rows)
    page.get_by_text("Show the numbers: steps planned or open by mode").click()
    assert page.get_by_role("table", name="Steps planned or open by mode").is_visible()
