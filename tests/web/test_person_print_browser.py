"""The person page printed as a copy for the person, in a real browser: no request leaves the app."""

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

#: An A4 page's width less the print stylesheet's 12 mm margins, in CSS pixels (96 to the inch).
A4_PRINTABLE_WIDTH = round((210 - 2 * 12) / 25.4 * 96)
CONTROLS = ("header", "nav", "form", "button", "input", "select", "textarea", ".nhsuk-button")


def nothing_visible(page: Page, selector: str) -> bool:
    return not any(element.is_visible() for element in page.locator(selector).all())


def grid_fits(page: Page) -> bool:
    return bool(
        page.evaluate(
            """() => {
              const grid = document.querySelector("table.refocus-worksheet");
              return grid.getBoundingClientRect().right <= document.documentElement.clientWidth
                && grid.scrollWidth <= grid.clientWidth + 1;
            }"""
        )
    )


def test_the_person_page_prints_its_care_plan_and_worksheet_without_controls_on_a4(
    page: Page, watch: Watch, server: Server
) -> None:
    sign_in(page, link_for(server, "demo-worker", Role.WORKER, "demo"))
    page.get_by_role("link", name="Sam (demo)").click()
    # On screen the controls are there: the print hides them, the page keeps them.
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.get_by_role("navigation", name="On this page").is_visible()

    page.set_viewport_size({"width": A4_PRINTABLE_WIDTH, "height": 1100})
    page.emulate_media(media="print")
    for selector in CONTROLS:
        assert nothing_visible(page, selector), selector
    assert page.get_by_role("heading", name="The care plan").is_visible()
    assert page.locator("table.refocus-checks").is_visible()
    assert page.get_by_role("heading", name="Strengths worksheet").is_visible()
    assert page.locator("table.refocus-worksheet").is_visible()
    assert grid_fits(page)
    # A link prints as its words: no address added after it.
    after = page.evaluate("getComputedStyle(document.querySelector('main h3 a'), '::after').content")
    assert after in ("none", "normal")

    page.emulate_media(media="screen")
    page.get_by_role("link", name=re.compile("^A copy of the care plan")).click()
    page.emulate_media(media="print")
    assert page.get_by_role("heading", level=1).inner_text().endswith("Care plan and strengths worksheet")
    for selector in CONTROLS:
        assert nothing_visible(page, selector), selector
    assert page.locator("table.refocus-checks").is_visible() and grid_fits(page)
    assert page.get_by_role("heading", name="Values in the ten areas").count() == 0
