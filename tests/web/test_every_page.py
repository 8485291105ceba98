"""Every page (``EVERY_PAGE``): security headers, typed markup shown as text, and its weight.

One app on a SQLite file for the module: the pages only read here, except the posts of
forms refused for their errors, which write nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient

from interfaces.auth import create_sign_in_token
from interfaces.http import create_app
from interfaces.settings import Settings
from interfaces.web.headers import CONTENT_SECURITY_POLICY
from interfaces.web.sessions import SESSION_COOKIE
from tests.conftest import SECRET
from tests.web.every_page import (
    EVERY_PAGE,
    MARKUP_ESCAPED,
    RAW_MARKUP,
    WORKER,
    PageToCheck,
    addresses,
    form_of_button,
    seed_every_page,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    data = tmp_path_factory.mktemp("safety")
    settings = Settings(
        data_dir=data / "data", database_url=f"sqlite:///{data / 'refocus.db'}", secret_key=SECRET
    )
    with TestClient(create_app(settings)) as client:
        seeded = seed_every_page(client.app.state.runtime)  # type: ignore[attr-defined]
        link = lambda: create_sign_in_token(SECRET, WORKER.subject, WORKER.role, sorted(WORKER.teams))  # noqa: E731
        yield client, addresses(seeded, link)


class _Inline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if (tag == "script" and "src" not in names) or tag == "style":
            self.found.append(f"<{tag}>")
        self.found += [f"{tag} {name}=" for name in sorted(names) if name.startswith("on") or name == "style"]


def inline_code(html: str) -> list[str]:
    """Inline scripts, styles and event handlers: the Content-Security-Policy would refuse them."""
    parser = _Inline()
    parser.feed(html)
    return parser.found


def visit(site: tuple[TestClient, dict[str, Any]], page: PageToCheck) -> Any:
    """The page as its viewer sees it: after typing into its form and posting, if it says so."""
    client, names = site
    client.cookies.clear()
    actor = page.viewer.actor
    if actor is not None:
        session = client.app.state.pages.sessions.start(actor)  # type: ignore[attr-defined]
        client.cookies.set(SESSION_COOKIE, session.id)
    answer = client.get(page.path.format(**names))
    if page.submit is not None:
        action, fields = form_of_button(answer.text, page.submit)
        typed = {name: value.format(**names) for name, value in page.fill.items()}
        answer = client.post(action, data={**fields, **typed}, follow_redirects=False)
    assert answer.status_code == page.status, answer.text
    return answer


@pytest.mark.parametrize("page", EVERY_PAGE, ids=str)
def test_every_page_answers_with_a_content_security_policy_and_the_security_headers(
    site: tuple[TestClient, dict[str, Any]], page: PageToCheck
) -> None:
    headers = visit(site, page).headers
    directives = [d.split(" ", 1) for d in headers["content-security-policy"].split("; ")]
    policy = {d[0]: d[1] if len(d) > 1 else "" for d in directives}
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval', no other site
    assert "unsafe" not in policy["style-src"]
    assert policy["frame-ancestors"] == "'none'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert "text/html" in headers["content-type"]


@pytest.mark.parametrize("page", EVERY_PAGE, ids=str)
def test_every_page_shows_markup_a_user_typed_as_text_and_has_no_inline_script(
    site: tuple[TestClient, dict[str, Any]], page: PageToCheck
) -> None:
    html = visit(site, page).text
    for raw in RAW_MARKUP:
        assert raw not in html
    if page.shows_markup:
        assert MARKUP_ESCAPED in html
    assert inline_code(html) == []


#: Scripts and styles of a page, as sent compressed (issue #18's page weight).
PAGE_WEIGHT_LIMIT = 100_000
_LOADED = re.compile(
    r'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref|html[^>]*\sdata-nhsuk-frontend)="([^"]+)"'
)


@pytest.mark.parametrize("page", [p for p in EVERY_PAGE if p.weight_exempt is None], ids=str)
def test_the_scripts_and_styles_of_every_page_weigh_under_100_kb_gzipped_and_are_kept_a_year(
    site: tuple[TestClient, dict[str, Any]], page: PageToCheck
) -> None:
    client = site[0]
    loaded = _LOADED.findall(visit(site, page).text)
    assert {url.rsplit(".", 1)[1] for url in loaded} == {"js", "css"}
    sent = {}
    for url in loaded:
        with client.stream("GET", url, headers={"Accept-Encoding": "gzip, br"}) as answer:
            assert answer.status_code == 200, url
            assert answer.headers["content-encoding"] == "gzip", url
            assert answer.headers["cache-control"] == "public, max-age=31536000, immutable", url
            sent[url] = len(b"".join(answer.iter_raw()))
    assert sum(sent.values()) < PAGE_WEIGHT_LIMIT, sent
