"""Every page (``EVERY_PAGE``) in a real browser: an axe scan, its weight on the wire, the keyboard.

Each page is opened by its viewer in a context of its own with the browser's cache
off, so every script and style is fetched and counted as sent (gzipped). No request
may leave the app's origin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from interfaces.auth import create_sign_in_token
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import SECRET
from tests.processes import free_port, refocus_process, wait_until_serving
from tests.web.axe import describe, failing, violations
from tests.web.conftest import _OUTCOME as TEST_OUTCOME
from tests.web.conftest import SCREENSHOTS
from tests.web.every_page import EVERY_PAGE, PageToCheck, Viewer, addresses, seed_every_page
from tests.web.test_every_page import PAGE_WEIGHT_LIMIT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Response

pytestmark = pytest.mark.slow


@dataclass
class Site:
    base: str
    names: dict[str, Any]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Every page's people, written before the server starts, and ``refocus serve`` on a SQLite file."""
    data = tmp_path_factory.mktemp("every-page") / "data"
    with Runtime(Settings(data_dir=data, secret_key=SECRET)) as runtime:
        seeded = seed_every_page(runtime)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {"REFOCUS_DATA_DIR": str(data), "REFOCUS_SECRET_KEY": SECRET}
    log = data.parent / "serve.log"
    with refocus_process(["serve", "--port", str(port)], env, log) as process:
        wait_until_serving(base, process, log)
        yield Site(base, addresses(seeded, lambda: _token(Viewer.WORKER)))


def _token(viewer: Viewer) -> str:
    actor = viewer.actor
    assert actor is not None
    return create_sign_in_token(SECRET, actor.subject, actor.role, sorted(actor.teams))


@dataclass
class Visit:
    page: Page
    responses: list[Response]
    left_the_app: list[str]


@pytest.fixture(scope="module")
def contexts(browser: Browser, site: Site) -> Iterator[dict[Viewer, BrowserContext]]:
    """A browser context per viewer, signed in once from a sign-in link."""
    made: dict[Viewer, BrowserContext] = {}
    try:
        for viewer in Viewer:
            made[viewer] = context = browser.new_context()
            if viewer.actor is not None:
                page = context.new_page()
                page.goto(f"{site.base}/sign-in?token={_token(viewer)}")
                page.get_by_role("button", name=re.compile("^Sign in as")).click()
                page.wait_for_url(re.compile(r"/$"))
                page.close()
        yield made
    finally:
        for context in made.values():
            context.close()


@pytest.fixture
def visit(
    contexts: dict[Viewer, BrowserContext], site: Site, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """Opens a page as its viewer, with the cache off; a screenshot if the test fails."""
    opened: list[Page] = []

    def open_page(page_to_check: PageToCheck) -> Visit:
        page = contexts[page_to_check.viewer].new_page()
        opened.append(page)
        page.set_default_timeout(10_000)
        left: list[str] = []
        page.route(
            re.compile(r"^(?!" + re.escape(site.base) + r"/|data:)"),
            lambda route: (left.append(route.request.url), route.abort()),
        )
        devtools = page.context.new_cdp_session(page)
        devtools.send("Network.enable")
        devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
        responses: list[Response] = []
        page.on("response", lambda response: responses.append(response))
        answer = page.goto(site.base + page_to_check.path.format(**site.names))
        if page_to_check.submit is not None:
            for name, value in page_to_check.fill.items():
                page.locator(f'[name="{name}"]').fill(value.format(**site.names))
            responses.clear()
            with page.expect_navigation() as posted:
                page.get_by_role("button", name=page_to_check.submit, exact=True).click()
            answer = posted.value
        assert answer is not None and answer.status == page_to_check.status
        page.wait_for_load_state("load")
        if page_to_check.ready is not None:
            page.locator(page_to_check.ready).wait_for()
        return Visit(page, responses, left)

    yield open_page
    report = request.node.stash.get(TEST_OUTCOME, None)
    for page in opened:
        if report is not None and report.failed:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        page.close()


@pytest.mark.parametrize("page_to_check", [p for p in EVERY_PAGE if p.in_browser], ids=str)
def test_every_page_has_no_serious_accessibility_violation_and_weighs_under_100_kb(
    visit: Any, page_to_check: PageToCheck
) -> None:
    opened: Visit = visit(page_to_check)
    found = violations(opened.page)
    if found:
        print(f"axe on {page_to_check}:\n{describe(found)}")
    assert failing(found) == [], f"axe on {page_to_check}:\n{describe(failing(found))}"

    sent = {
        r.url: r.request.sizes()["responseBodySize"]
        for r in opened.responses
        if r.request.resource_type in ("script", "stylesheet")
    }
    assert len(sent) >= 3, sent
    for response in opened.responses:
        if response.request.resource_type in ("script", "stylesheet"):
            assert response.headers["content-encoding"] == "gzip", response.url
            assert "immutable" in response.headers["cache-control"], response.url
    if page_to_check.weight_exempt is None:
        assert sum(sent.values()) < PAGE_WEIGHT_LIMIT, sent
    assert opened.left_the_app == []


#: What a keyboard reaches, as axe and the browser count it.
_FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
    "select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])"
)
#: Labels every control the page has, and notes how each looks before it has the focus.
_MARK = """(selector) => {
  const looks = (el) => {
    const props = ["outline-style", "outline-width", "outline-color", "box-shadow", "background-color",
                   "color", "border-color", "text-decoration-line", "text-decoration-thickness"];
    return [el, ...(el.labels || [])].flatMap((part) => [null, "::before", "::after"].map((pseudo) => {
      const style = getComputedStyle(part, pseudo);
      return props.map((p) => style.getPropertyValue(p)).join("|");
    })).join("#");
  };
  window.__looks = looks;
  const controls = [...document.querySelectorAll(selector)].filter(
    (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden");
  return controls.map((el, i) => {
    el.dataset.keyboardIndex = i;
    el.dataset.unfocused = looks(el);
    return (el.textContent.trim() || el.name || el.id || el.tagName).slice(0, 60);
  });
}"""
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.dataset.keyboardIndex === undefined) return null;
  const box = el.getBoundingClientRect();
  const shown = [el, ...(el.labels || [])].some((part) => {
    const r = part.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
      && r.top < window.innerHeight && r.left < window.innerWidth;
  });
  return {index: Number(el.dataset.keyboardIndex), changed: window.__looks(el) !== el.dataset.unfocused,
          shown: shown, box: [box.x, box.y, box.width, box.height]};
}"""


@pytest.mark.parametrize(
    "page_to_check",
    [
        p
        for p in EVERY_PAGE
        if p.name
        in ("sign-in", "caseload", "register a person", "person", "goal", "supervision, first frame")
    ],
    ids=str,
)
def test_the_keyboard_reaches_every_link_and_control_and_each_shows_it_has_the_focus(
    visit: Any, page_to_check: PageToCheck
) -> None:
    page = visit(page_to_check).page
    # NHS.UK frontend's script runs first: it changes some controls.
    expect(page.locator("body")).to_have_class(re.compile("nhsuk-frontend-supported"))
    controls = page.evaluate(_MARK, _FOCUSABLE)
    assert len(controls) >= 3, controls
    reached: list[int] = []
    unseen: list[str] = []
    for _ in range(len(controls) + 2):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None:
            if reached:
                break  # past the last control, into the browser's own
            continue
        reached.append(focused["index"])
        if not (focused["changed"] and focused["shown"]):
            unseen.append(controls[focused["index"]])
    missed = [name for i, name in enumerate(controls) if i not in reached]
    assert missed == [], "not reached by the keyboard"
    assert unseen == [], "no visible focus"
    assert reached == sorted(reached), "the keyboard goes through the page out of its reading order"
