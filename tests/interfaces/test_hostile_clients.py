"""Hostile and slow clients against ``refocus serve`` itself: oversized and unfinished request heads.

A head beyond ``REFOCUS_MAX_HEADER_BYTES`` is refused (431, or the connection closed) while
another client's requests keep being answered and the process does not grow with it; a
connection that never finishes its head is closed after ``REFOCUS_HEADER_TIMEOUT_SECONDS``.
The same clients against nginx in front: tests/interfaces/test_nginx_front.py.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import SECRET, bearer
from tests.processes import free_port, refocus_process, wait_until_serving

pytestmark = pytest.mark.slow

HEAD_TIMEOUT = 1.5
HUGE = 64 * 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """One server for the module: each test leaves it as it found it."""
    tmp_path = tmp_path_factory.mktemp("hostile")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        "REFOCUS_DATA_DIR": str(tmp_path / "data"),
        "REFOCUS_SECRET_KEY": SECRET,
        "REFOCUS_HEADER_TIMEOUT_SECONDS": str(HEAD_TIMEOUT),
    }
    base = f"http://127.0.0.1:{port}"
    with refocus_process(["serve", "--port", str(port)], env, log) as server:
        wait_until_serving(base, server, log)
        yield base, server.pid


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


class SteadyClient:
    """Lists people over and over in a thread, keeping each answer's status and time."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.answers: list[tuple[int, float]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        with httpx.Client(base_url=self.base, headers=bearer(), timeout=30) as client:
            while not self.stop.is_set():
                started = time.monotonic()
                status = client.get("/api/v1/people").status_code
                self.answers.append((status, time.monotonic() - started))
                time.sleep(0.02)

    def __enter__(self) -> SteadyClient:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=30)


def send_huge_head(host: str, port: int, size: int) -> bytes:
    """Send a request whose ``Authorization`` header is ``size`` bytes; what came back, if anything."""
    with socket.create_connection((host, port), timeout=20) as sock:
        sock.sendall(b"GET /api/v1/people HTTP/1.1\r\nHost: refocus\r\nAuthorization: Bearer ")
        chunk = b"a" * (1024 * 1024)
        try:
            for _ in range(size // len(chunk)):
                sock.sendall(chunk)
            sock.sendall(b"\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            return sock.recv(4096)
        except (ConnectionResetError, TimeoutError):
            return b""


def closed_within(host: str, port: int, seconds: float, head: bytes, trickle: bool) -> float | None:
    """Seconds until the server closes a connection that sends ``head`` and then never finishes
    it (a byte every 0.2 s when ``trickle``); None if still open after ``seconds``."""
    started = time.monotonic()
    with socket.create_connection((host, port), timeout=0.2) as sock:
        if head:
            sock.sendall(head)
        while time.monotonic() - started < seconds:
            try:
                if sock.recv(1024) == b"":
                    return time.monotonic() - started
            except TimeoutError:
                pass
            except ConnectionResetError:
                return time.monotonic() - started
            if trickle:
                try:
                    sock.sendall(b"x")
                except (BrokenPipeError, ConnectionResetError):
                    return time.monotonic() - started
    return None


def test_a_huge_header_is_refused_without_holding_up_other_clients_or_growing_the_process(
    server: tuple[str, int],
) -> None:
    base, pid = server
    host, port = base.removeprefix("http://").split(":")
    before = rss_mb(pid)
    with SteadyClient(base) as steady:
        time.sleep(0.3)
        started = time.monotonic()
        answer = send_huge_head(host, int(port), HUGE)
        refused_after = time.monotonic() - started
        time.sleep(0.3)
    assert answer == b"" or answer.startswith(b"HTTP/1.1 431 "), answer[:80]
    # Refused at the limit, not after reading 64 MB (generous: a loaded machine).
    assert refused_after < 10
    assert steady.answers and all(status == 200 for status, _ in steady.answers)
    assert rss_mb(pid) - before < 50


def test_a_head_just_under_the_limit_is_served_and_one_over_it_is_refused(server: tuple[str, int]) -> None:
    base, _ = server
    padding = "p" * (30 * 1024)
    served = httpx.get(f"{base}/api/v1/people", headers={**bearer(), "X-Padding": padding}, timeout=10)
    assert served.status_code == 200
    refused = httpx.get(f"{base}/api/v1/people", headers={**bearer(), "X-Padding": padding * 2}, timeout=10)
    assert refused.status_code == 431
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["status"] == 431
    assert refused.json()["type"] == "/problems/request-headers-too-large"


@pytest.mark.parametrize(
    ("head", "trickle"),
    [
        (b"", False),
        (b"GET /api/v1/people HTTP/1.1\r\nHost: refocus\r\n", False),
        (b"GET /api/v1/people HTTP/1.1\r\nHost: refocus\r\nX-Slow: ", True),
    ],
    ids=["says-nothing", "stops-mid-head", "trickles-a-header"],
)
def test_a_connection_that_never_finishes_its_head_is_closed_after_the_timeout(
    server: tuple[str, int], head: bytes, trickle: bool
) -> None:
    base, _ = server
    host, port = base.removeprefix("http://").split(":")
    closed = closed_within(host, int(port), HEAD_TIMEOUT + 8, head, trickle)
    assert closed is not None, "the connection was still open"
    assert closed >= HEAD_TIMEOUT - 0.2
    # And the server still answers everyone else.
    assert httpx.get(f"{base}/api/v1/people", headers=bearer(), timeout=10).status_code == 200
