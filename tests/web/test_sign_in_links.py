"""``refocus token create --link`` and ``refocus demo`` print a sign-in link that signs in once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from interfaces import cli
from interfaces.http import create_app
from interfaces.settings import Settings
from interfaces.web.sessions import SESSION_COOKIE
from tests.web.pages import csrf_of


@pytest.fixture(autouse=True)
def _in_tmp_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("REFOCUS_SECRET_KEY", "REFOCUS_DATABASE_URL", "REFOCUS_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def follow(client: TestClient, link: str) -> int:
    """Open the link and confirm; the status of the confirming post."""
    page = client.get(link)
    if page.status_code != 200:
        return page.status_code
    data = {"csrf_token": csrf_of(page.text), "link": link.split("token=", 1)[1]}
    return client.post("/sign-in", data=data, follow_redirects=False).status_code


def test_token_create_with_link_prints_a_link_to_the_pages_that_signs_in_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["token", "create", "--subject", "sue", "--role", "supervisor", "--team", "north", "--link"]
    assert cli.main([*argv, "--base-url", "https://refocus.example/"]) == 0
    link = capsys.readouterr().out.strip()
    assert re.fullmatch(r"https://refocus\.example/sign-in\?token=[\w.-]+", link)

    settings = Settings(data_dir=tmp_path / "refocus-data", database_url="memory://")
    with TestClient(create_app(settings)) as client:
        address = link.removeprefix("https://refocus.example")
        assert follow(client, address) == 303
        assert "sue (supervisor)" in client.get("/").text
        client.cookies.clear()
        assert follow(client, address) == 400
        assert SESSION_COOKIE not in client.cookies


def test_the_demo_prints_a_sign_in_link_for_its_worker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["demo", "--port", "8123"]) == 0
    printed = capsys.readouterr().out
    link = re.search(r"http://127\.0\.0\.1:8123(/sign-in\?token=[\w.-]+)", printed)
    assert link, printed
    with TestClient(create_app(Settings(data_dir=tmp_path / "refocus-data"))) as client:
        assert follow(client, link.group(1)) == 303
        caseload = client.get("/").text
    assert "Sam (demo)" in caseload and "demo-worker (worker)" in caseload
