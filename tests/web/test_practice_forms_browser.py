"""The practice forms in a real browser: a value and a strength recorded, a goal linked to them.

Reuses the served demo and the watch on requests of ``test_browser``: nothing may leave the
app's origin, and the browser reports no error.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from domain.actor import Role
from tests.web.test_browser import Server, Watch, link_for, server, sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.slow
__all__ = ["server", "watch"]  # the fixtures, shared with test_browser


def test_a_worker_records_a_value_and_a_strength_and_links_a_goal_to_them(
    page: Page, watch: Watch, server: Server
) -> None:
    sign_in(page, link_for(server, "demo-worker", Role.WORKER, "demo"))
    page.get_by_role("link", name="Sam (demo)").click()
    person = page.url

    page.get_by_role("link", name="Record a value").click()
    page.get_by_label("Area").select_option(label="Social roles, including family, peers and community")
    page.get_by_label("What matters to the person").fill("Being there for my nephew")
    page.get_by_role("radio", name="Yes", exact=True).check()
    page.get_by_role("radio", name="In conversation, for example with the VTP interview guide").check()
    page.get_by_role("button", name="Record the value").click()
    page.wait_for_url(re.compile(r"/values$"))
    row = page.locator("#area-social_roles")
    assert "“Being there for my nephew”" in row.inner_text()

    page.goto(person)
    page.get_by_role("link", name="Record a strength").click()
    page.get_by_label("Life domain").select_option(label="Social supports")
    page.get_by_role("radio", name="Currently: what's going on today? What's available now?").check()
    page.get_by_role("radio", name=re.compile("^External")).check()
    page.get_by_label("The strength").fill("My nephew visits on Sundays")
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_role("button", name="Record the strength").click()
    page.wait_for_url(person + "#strengths")

    goal = page.locator(".nhsuk-card", has_text="I want to have energy for the things I enjoy")
    goal.get_by_role("link", name=re.compile("^Link to values and strengths")).click()
    page.get_by_role("checkbox", name=re.compile("Being there for my nephew")).check()
    page.get_by_role("checkbox", name="My nephew visits on Sundays").check()
    page.get_by_role("button", name="Link").click()
    page.wait_for_url(re.compile(r"/goals/[0-9a-f-]+$"))
    page.get_by_role("link", name=re.compile("^Back to")).click()
    # Every goal now reflects a value and builds on a strength: both checks are met.
    for check in ("Reflects what matters to the person", "Builds on the person's strengths"):
        assert "Met" in page.locator("tr", has_text=check).inner_text()

    goal.get_by_role("link", name=re.compile("^Link to values and strengths")).click()
    linked = page.locator("#linked").inner_text()
    assert "Value: Being there for my nephew" in linked
    assert "Strength: My nephew visits on Sundays" in linked
