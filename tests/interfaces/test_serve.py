"""``refocus serve`` as a real process: the access log is off unless asked for, and never holds bodies."""

from __future__ import annotations

import gc
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from interfaces.http import create_app
from interfaces.settings import Settings
from tests.conftest import SECRET, bearer
from tests.processes import free_port, refocus_process, wait_until_serving

#: A value a body carries that must never reach a log line.
SECRET_NAME = "Sam Private-Name"


def serve_and_register(tmp_path: Path, extra_args: list[str], extra_env: dict[str, str]) -> str:
    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        "REFOCUS_DATA_DIR": str(tmp_path / "data"),
        "REFOCUS_SECRET_KEY": SECRET,
        **extra_env,
    }
    base = f"http://127.0.0.1:{port}"
    with refocus_process(["serve", "--port", str(port), *extra_args], env, log) as server:
        wait_until_serving(base, server, log)
        answer = httpx.post(
            f"{base}/api/v1/people",
            json={"display_name": SECRET_NAME, "team_id": "north"},
            headers=bearer(),
            timeout=10,
        )
        assert answer.status_code == 201, answer.text
    return log.read_text()


@pytest.mark.slow
def test_serve_logs_no_line_per_request_by_default(tmp_path: Path) -> None:
    log = serve_and_register(tmp_path, [], {})
    assert "Uvicorn running" in log  # the server did log, just not each request
    assert "POST /api/v1/people" not in log
    assert SECRET_NAME not in log


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "env"), [(["--access-log"], {}), ([], {"REFOCUS_ACCESS_LOG": "1"})], ids=["flag", "environment"]
)
def test_serve_logs_method_path_and_status_when_asked_but_never_the_body(
    tmp_path: Path, args: list[str], env: dict[str, str]
) -> None:
    log = serve_and_register(tmp_path, args, env)
    assert '"POST /api/v1/people HTTP/1.1" 201' in log
    assert SECRET_NAME not in log


def test_the_access_log_setting_takes_yes_or_no_and_names_itself_when_malformed() -> None:
    assert Settings.from_env({}).access_log is False
    assert Settings.from_env({"REFOCUS_ACCESS_LOG": "true"}).access_log is True
    assert Settings.from_env({"REFOCUS_ACCESS_LOG": "off"}).access_log is False
    with pytest.raises(ValueError, match="REFOCUS_ACCESS_LOG"):
        Settings.from_env({"REFOCUS_ACCESS_LOG": "sometimes"})


def test_a_serving_app_freezes_what_it_started_with_out_of_the_collectors_reach(settings: Settings) -> None:
    assert gc.get_freeze_count() == 0
    try:
        with TestClient(create_app(settings, freeze_gc=True)) as client:
            frozen = gc.get_freeze_count()
            assert client.get("/health").status_code == 200
        # The application, its routes and the open store: long-lived, never garbage.
        assert frozen > 10_000
    finally:
        gc.unfreeze()


def test_apps_built_for_tests_freeze_nothing(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        assert client.get("/health").status_code == 200
        assert gc.get_freeze_count() == 0
