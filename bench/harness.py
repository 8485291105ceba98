"""What every scenario needs: the caller, stores, servers, clocks and summaries."""

from __future__ import annotations

import gc
import os
import platform
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx

from domain.actor import Actor, Role
from interfaces.auth import create_token
from interfaces.runtime import Runtime
from interfaces.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-signing-key-that-is-long-enough-for-hs256"
POSTGRES_URL = os.environ.get("REFOCUS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
TEAM = "bench"
#: Every scenario's caller, in process and (with ``HEADERS``) over HTTP.
WORKER = Actor("bench-worker", Role.WORKER, frozenset({TEAM}))
HEADERS = {"Authorization": f"Bearer {create_token(SECRET, WORKER.subject, WORKER.role, [TEAM])}"}


_STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - _STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


# Summaries


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99 of one run, in milliseconds."""
    return {f"p{q}_ms": round(percentile(seconds, q) * 1000, 3) for q in (50, 95, 99)}


def over_repeats(runs: Sequence[Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """Each figure of several runs as its median and spread (min, max)."""
    keys = runs[0].keys()
    return {
        key: {
            "median": round(statistics.median(run[key] for run in runs), 3),
            "min": round(min(run[key] for run in runs), 3),
            "max": round(max(run[key] for run in runs), 3),
        }
        for key in keys
    }


@contextmanager
def quiet_collector() -> Iterator[None]:
    """Keep the measuring process's own garbage collector out of the latencies it records.

    After generating a large store, this process's full collections are long pauses, added to
    whichever request the client was timing. The server freezes its start-up objects the same
    way (``create_app(freeze_gc=True)``).
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# Stores


@dataclass
class Store:
    kind: str  # "sqlite" or "postgresql"
    url: str
    directory: Path

    def sibling(self, name: str) -> str:
        """Another store of the same kind, on the same disk or in the same database."""
        if self.kind == "sqlite":
            return f"sqlite:///{self.directory / name}.db"
        return self.url  # a different application name gives different tables


@contextmanager
def store(kind: str, directory: Path, name: str) -> Iterator[Store]:
    """A new, empty store: a SQLite file in ``directory``, or a PostgreSQL schema dropped afterwards."""
    if kind == "sqlite":
        path = directory / name
        path.mkdir(parents=True, exist_ok=True)
        yield Store(kind, f"sqlite:///{path / 'refocus.db'}", path)
        return
    import psycopg

    schema = f"refocus_bench_{name}_{uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield Store(kind, f"{POSTGRES_URL}?schema={schema}", directory / name)
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def store_data_dir(store: Store) -> Path:
    """The data directory of every process on ``store``: its master key file among others."""
    return store.directory / "data"


@contextmanager
def runtime_on(store: Store) -> Iterator[Runtime]:
    """The service on ``store``, in this process."""
    with Runtime(Settings(data_dir=store_data_dir(store), database_url=store.url, secret_key=SECRET)) as rt:
        yield rt


def postgres_unavailable() -> str | None:
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except Exception as error:  # any failure to connect means: no server here
        return f"{type(error).__name__}: {error}".strip()


def stores_to_measure(store: str) -> list[str] | None:
    """The stores ``--store`` names (``sqlite``, ``postgresql`` or ``both``), leaving PostgreSQL
    out of ``both`` when it is unreachable; None when it was asked for alone and is unreachable."""
    kinds = ["sqlite", "postgresql"] if store == "both" else [store]
    if "postgresql" in kinds and (reason := postgres_unavailable()):
        if store == "postgresql":
            print(f"PostgreSQL is not reachable: {reason}", file=sys.stderr)
            return None
        log(f"PostgreSQL is not reachable ({reason}): measuring SQLite only")
        return ["sqlite"]
    return kinds


# Processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Process:
    popen: subprocess.Popen[bytes]
    log: Path

    def rss_mb(self) -> float:
        """Resident memory of the process and its children (``serve --workers``), in MB."""
        pids = [self.popen.pid, *_children(self.popen.pid)]
        total_kb = 0
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
            except FileNotFoundError:
                continue
        return round(total_kb / 1024, 1)


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []
    return [int(c) for c in found] + [g for c in found for g in _children(int(c))]


@contextmanager
def refocus(args: Sequence[str], env: Mapping[str, str], log_path: Path) -> Iterator[Process]:
    """``python -m interfaces.cli ARGS`` as a process, always stopped afterwards."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as out:
        popen = subprocess.Popen(
            [sys.executable, "-m", "interfaces.cli", *args],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield Process(popen, log_path)
        finally:
            popen.terminate()
            try:
                popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                popen.kill()
                popen.wait()


@contextmanager
def api_server(
    store: Store,
    log_dir: Path,
    *,
    projections: str = "inline",
    workers: int = 1,
    env: Mapping[str, str] | None = None,
) -> Iterator[tuple[str, Process]]:
    """``refocus serve`` on a free loopback port (``env``: more settings); yields its base URL
    once it answers."""
    port = free_port()
    env = {
        "REFOCUS_DATABASE_URL": store.url,
        "REFOCUS_SECRET_KEY": SECRET,
        # The store's own data directory, as ``runtime_on`` uses: one master key file for every
        # process of the store (each directory would otherwise generate a key of its own).
        "REFOCUS_DATA_DIR": str(store_data_dir(store)),
        "REFOCUS_PROJECTIONS": projections,
        **(env or {}),
        # One subject sends every command of a load run: far past a person's rate.
        "REFOCUS_RATE_LIMIT_COMMANDS": "off",
    }
    args = ["serve", "--port", str(port), "--workers", str(workers)]
    with refocus(args, env, log_dir / f"serve-{port}.log") as process:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            if process.popen.poll() is not None:
                raise RuntimeError(f"the server exited:\n{process.log.read_text()}")
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{process.log.read_text()}")
            time.sleep(0.05)
        yield base, process


# The machine


def machine(directory: Path) -> dict[str, Any]:
    meminfo = Path("/proc/meminfo").read_text().split("\n")[0].split()
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    disk = shutil.disk_usage(directory)
    filesystem = subprocess.run(
        ["df", "-T", str(directory)], capture_output=True, text=True, check=False
    ).stdout.splitlines()[-1:]
    postgres = None
    if postgres_unavailable() is None:
        import psycopg

        with psycopg.connect(POSTGRES_URL) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            postgres = row[0] if row else None
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(int(meminfo[1]) / 1024 / 1024, 1),
        "disk": (filesystem[0].split()[1] if filesystem else "?") + f", {disk.total // 2**30} GB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres,
        "eventsourcing": version("eventsourcing"),
        "uvicorn": version("uvicorn"),
        "fastapi": version("fastapi"),
    }
