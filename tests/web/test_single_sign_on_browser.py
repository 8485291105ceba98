"""Signing in through the identity provider in a real browser: the sign-in page's button,
the provider's own form (``oidc-provider-mock``, on another site), and back, signed in; then
out, here and at the provider.

The provider is on ``localhost``, the service on ``127.0.0.1``: another site, so the
browser applies its cross-site rules to the ``SameSite`` cookies on the way back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import SECRET
from tests.oidc.providers import MockProvider, mock_provider
from tests.processes import free_port, refocus_process, wait_until_serving
from tests.web.axe import describe, failing, violations

pytestmark = pytest.mark.slow

USERS = {"wren@example.org": {"role": "worker", "teams": ["north"]}}


@dataclass
class SignOn:
    base: str
    provider: MockProvider


@pytest.fixture(scope="module")
def sign_on(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SignOn]:
    data = tmp_path_factory.mktemp("sso")
    port = free_port()
    with mock_provider(USERS) as provider:
        env = {
            "REFOCUS_DATA_DIR": str(data / "data"),
            "REFOCUS_SECRET_KEY": SECRET,
            "REFOCUS_OIDC_ISSUER": provider.issuer,
            "REFOCUS_OIDC_CLIENT_ID": "refocus",
            "REFOCUS_OIDC_CLIENT_SECRET": "secret",
            "REFOCUS_OIDC_PROVIDER_NAME": "Test Trust",
        }
        base = f"http://127.0.0.1:{port}"
        log = data / "serve.log"
        with refocus_process(["serve", "--port", str(port)], env, log) as process:
            wait_until_serving(base, process, log)
            yield SignOn(base, provider)


def test_a_worker_signs_in_through_the_provider_and_out_again(page: Page, sign_on: SignOn) -> None:
    page.goto(f"{sign_on.base}/")
    expect(page).to_have_url(f"{sign_on.base}/sign-in")
    found = violations(page)
    assert failing(found) == [], describe(failing(found))
    page.get_by_role("button", name="Sign in with Test Trust").click()

    expect(page).to_have_url(re.compile(re.escape(f"{sign_on.provider.issuer}/oauth2/authorize?")))
    page.get_by_placeholder("sub").fill("wren@example.org")
    page.get_by_role("button", name="Authorize").click()

    expect(page).to_have_url(f"{sign_on.base}/")
    expect(page.get_by_text("wren@example.org").first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    # Signed out here, the browser is at the provider's own sign-out, which sends it back.
    expect(page).to_have_url(re.compile(re.escape(f"{sign_on.provider.issuer}/oauth2/end_session?")))
    page.get_by_role("button", name="End session").click()
    expect(page).to_have_url(f"{sign_on.base}/sign-in")
    page.goto(f"{sign_on.base}/")
    expect(page).to_have_url(f"{sign_on.base}/sign-in")
    expect(page.get_by_role("button", name="Sign in with Test Trust")).to_be_visible()
