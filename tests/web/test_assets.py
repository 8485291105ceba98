"""Styles and scripts from the app itself: versioned names, gzip, a year's caching; /docs offline."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from interfaces.http import create_app
from interfaces.settings import Settings
from interfaces.web.assets import STATIC_DIR
from tests.processes import ROOT


@pytest.fixture
def app_client(memory_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(memory_settings)) as client:
        yield client


def asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src|data-nhsuk-frontend)="(/static/[^"]+)"', html)


def test_the_pages_name_each_file_by_its_content_and_serve_it_gzipped_for_a_year(
    app_client: TestClient,
) -> None:
    urls = asset_urls(app_client.get("/sign-in").text)
    assert {u.rsplit("/", 1)[1] for u in urls} >= {
        "nhsuk-frontend-10.6.1.min.css",
        "nhsuk-frontend-10.6.1.min.js",
        "refocus.css",
        "refocus.js",
    }
    for url in urls:
        answer = app_client.get(url, headers={"Accept-Encoding": "gzip"})
        assert answer.status_code == 200, url
        assert answer.headers["content-encoding"] == "gzip"
        assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert answer.headers["vary"] == "Accept-Encoding"
        on_disk = (STATIC_DIR / url.split("/", 3)[3]).read_bytes()
        assert answer.content == on_disk  # httpx undoes the gzip: the very file, unmodified


def test_nhsuk_frontend_weighs_under_fifty_kilobytes_on_the_wire(app_client: TestClient) -> None:
    urls = [u for u in asset_urls(app_client.get("/sign-in").text) if "nhsuk-frontend" in u]
    sent = 0
    for url in urls:
        with app_client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as answer:
            sent += len(b"".join(answer.iter_raw()))
    assert sent < 50_000


def test_a_browser_that_takes_no_gzip_gets_the_plain_file(app_client: TestClient) -> None:
    url = next(u for u in asset_urls(app_client.get("/sign-in").text) if u.endswith(".css"))
    answer = app_client.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in answer.headers
    assert answer.headers["content-type"].startswith("text/css")


def test_an_outdated_name_still_serves_the_file_but_only_for_an_hour(app_client: TestClient) -> None:
    answer = app_client.get("/static/000000000000/app/refocus.css")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "public, max-age=3600"


@pytest.mark.parametrize(
    "address",
    ["/static/x/app/nothing.css", "/static/x/../../sessions.py", "/static/x/%2e%2e/%2e%2e/sessions.py"],
    ids=["unknown file", "climbing out", "climbing out, encoded"],
)
def test_only_files_under_static_are_served(app_client: TestClient, address: str) -> None:
    assert app_client.get(address).status_code == 404


def test_the_icons_nhsuk_frontends_stylesheet_names_from_the_root_are_served(app_client: TestClient) -> None:
    answer = app_client.get("/assets/images/nhsuk-icon-cross.svg")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/svg+xml"


def test_docs_load_swagger_ui_from_the_app_and_nothing_from_elsewhere(app_client: TestClient) -> None:
    page = app_client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    urls = asset_urls(page.text)
    assert any(u.endswith("swagger-ui-bundle.js") for u in urls)
    assert any(u.endswith("swagger-ui.css") for u in urls)
    assert all(app_client.get(u).status_code == 200 for u in urls)
    assert app_client.get("/redoc").status_code == 404


def test_the_pages_are_not_in_the_api_document(app_client: TestClient) -> None:
    paths = app_client.get("/openapi.json").json()["paths"]
    assert not [
        p
        for p in paths
        if not p.startswith("/api/") and p not in ("/health", "/health/live", "/health/ready")
    ]


def test_the_vendored_files_are_the_releases_recorded_in_the_readme() -> None:
    import hashlib

    readme = (STATIC_DIR / "vendor" / "README.md").read_text()
    recorded = dict(re.findall(r"`(?:dist/nhsuk/)?([\w.-]+\.(?:js|css))` \| `([0-9a-f]{64})`", readme))
    assert len(recorded) == 4
    for name, digest in recorded.items():
        (file,) = (STATIC_DIR / "vendor").glob(f"*/{name}")
        assert hashlib.sha256(file.read_bytes()).hexdigest() == digest, name
    for licence in ("nhsuk-frontend-10.6.1/LICENSE", "swagger-ui-5.36.0/LICENSE", "swagger-ui-5.36.0/NOTICE"):
        assert (STATIC_DIR / "vendor" / licence).is_file()


@pytest.mark.slow
def test_a_built_wheel_carries_the_templates_and_static_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("refocus-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        str(path.relative_to(ROOT))
        for folder in ("templates", "static")
        for path in (ROOT / "interfaces" / "web" / folder).rglob("*")
        if path.is_file()
    }
    assert expected and expected <= names
