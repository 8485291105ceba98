"""The shipped nginx configuration (deploy/nginx/refocus.conf) in front of a real ``refocus serve``.

Debian's nginx, started by the test on loopback with the shipped server block (only its ports
and its head timeout changed): a 64 MB header is refused while another client's requests keep
being answered, a slowloris connection is closed after the timeout, a large body is refused
with 413, and ordinary requests pass through. Skipped without nginx, unless
``REFOCUS_REQUIRE_NGINX=1`` (set by ``.ci/run``), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import SECRET, bearer
from tests.interfaces.test_hostile_clients import HUGE, SteadyClient, closed_within, send_huge_head
from tests.processes import ROOT, free_port, refocus_process, wait_until_serving

pytestmark = pytest.mark.slow

SHIPPED = ROOT / "deploy" / "nginx" / "refocus.conf"
HEAD_TIMEOUT = 2


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        reason = "nginx is not installed (apt-get install nginx)"
        if os.environ.get("REFOCUS_REQUIRE_NGINX") == "1":
            pytest.fail(f"REFOCUS_REQUIRE_NGINX=1 but {reason}")
        pytest.skip(reason)
    return found


def front_config(work: Path, listen: int, backend: int) -> Path:
    """nginx's main configuration for the test, including the shipped server block as it is,
    but for the ports and a shorter head timeout."""
    server = SHIPPED.read_text()
    server = server.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{backend};")
    server = server.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    shorter = f"client_header_timeout {HEAD_TIMEOUT}s;"
    server, timeouts = re.subn(r"client_header_timeout \d+s;", shorter, server)
    assert timeouts == 1
    (work / "refocus.conf").write_text(server)
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / temp).mkdir(mode=0o777, exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = f"""{user}daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/refocus.conf;
}}
"""
    path = work / "nginx.conf"
    path.write_text(main)
    return path


@pytest.fixture(scope="module")
def front(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = nginx_binary()
    work = tmp_path_factory.mktemp("nginx")
    backend, listen = free_port(), free_port()
    env = {"REFOCUS_DATA_DIR": str(work / "data"), "REFOCUS_SECRET_KEY": SECRET}
    log = work / "serve.log"
    with refocus_process(["serve", "--port", str(backend)], env, log) as server:
        wait_until_serving(f"http://127.0.0.1:{backend}", server, log)
        config = front_config(work, listen, backend)
        check = subprocess.run([binary, "-t", "-c", str(config)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        with (work / "nginx.out").open("wb") as out:
            nginx = subprocess.Popen([binary, "-c", str(config)], stderr=subprocess.STDOUT, stdout=out)
        try:
            base = f"http://127.0.0.1:{listen}"
            wait_until_serving(base, nginx, work / "nginx.out")
            yield base
        finally:
            nginx.terminate()
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx.kill()
                nginx.wait()


def test_ordinary_requests_pass_through(front: str) -> None:
    sam = {"display_name": "Sam", "team_id": "north"}
    created = httpx.post(f"{front}/api/v1/people", json=sam, headers=bearer(), timeout=10)
    assert created.status_code == 201, created.text
    listed = httpx.get(f"{front}/api/v1/people", headers=bearer(), timeout=10)
    assert listed.status_code == 200
    assert "nginx/" not in listed.headers.get("server", "")


def test_a_huge_header_is_refused_while_another_client_keeps_being_answered(front: str) -> None:
    host, port = front.removeprefix("http://").split(":")
    with SteadyClient(front) as steady:
        time.sleep(0.3)
        started = time.monotonic()
        answer = send_huge_head(host, int(port), HUGE)
        refused_after = time.monotonic() - started
        time.sleep(0.3)
    assert answer == b"" or re.match(rb"HTTP/1\.1 (400|431) ", answer), answer[:80]
    assert refused_after < 10
    assert steady.answers and all(status == 200 for status, _ in steady.answers)


def test_a_slowloris_connection_is_closed_after_the_head_timeout(front: str) -> None:
    host, port = front.removeprefix("http://").split(":")
    head = b"GET /api/v1/people HTTP/1.1\r\nHost: refocus\r\nX-Slow: "
    closed = closed_within(host, int(port), HEAD_TIMEOUT + 8, head, trickle=False)
    assert closed is not None, "the connection was still open"
    assert closed >= HEAD_TIMEOUT - 0.2


def test_a_body_over_the_limit_is_refused_with_413(front: str) -> None:
    body = b'{"display_name": "' + b"a" * (200 * 1024) + b'", "team_id": "north"}'
    answer = httpx.post(
        f"{front}/api/v1/people",
        content=body,
        headers={**bearer(), "Content-Type": "application/json"},
        timeout=10,
    )
    assert answer.status_code == 413
