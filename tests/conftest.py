"""Shared fixtures: real stores (in-memory, SQLite files, PostgreSQL), real apps.

PostgreSQL tests run against ``REFOCUS_TEST_POSTGRES_URL`` (default: the local
server, database ``test``), each test in a schema of its own that is dropped
afterwards. Without a server they skip, unless ``REFOCUS_REQUIRE_POSTGRES=1``
(set by ``.ci/run``), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from domain.actor import Actor, Role
from interfaces.auth import create_token
from interfaces.http import create_app
from interfaces.runtime import Runtime
from interfaces.settings import Settings

POSTGRES_URL = os.environ.get("REFOCUS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("REFOCUS_REQUIRE_POSTGRES") == "1"
SECRET = "test-signing-key-that-is-long-enough-for-hs256"
#: Applications made without a runtime (no data directory) on PostgreSQL find their master key
#: here; each runtime names the key file in its own data directory.
os.environ.setdefault(
    "REFOCUS_ENCRYPTION_KEY_FILE",
    str(Path(tempfile.mkdtemp(prefix="refocus-test-keys-")) / "encryption-keys"),
)


def _postgres_unavailable() -> str | None:
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except Exception as error:  # any failure to connect means: no server here
        return f"PostgreSQL is not reachable at {POSTGRES_URL}: {type(error).__name__}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every PostgreSQL test is ``slow``: each makes a schema and its tables on the server. The
    inner loop (``pytest -m "not slow"``) runs on SQLite files and in memory; CI runs everything."""
    for item in items:
        if item.get_closest_marker("postgres") is not None:
            item.add_marker(pytest.mark.slow)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Schemathesis builds every operation's test cases while collecting: not for the inner loop,
    which would deselect them all anyway."""
    if collection_path.name == "test_fuzzing.py" and config.getoption("markexpr") == "not slow":
        return True
    return None


@pytest.fixture(scope="session")
def postgres_server() -> str:
    reason = _postgres_unavailable()
    if reason:
        if REQUIRE_POSTGRES:
            pytest.fail(f"REFOCUS_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    return POSTGRES_URL


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A PostgreSQL URL whose schema is new and is dropped after the test."""
    import psycopg

    schema = f"refocus_test_{uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{postgres_server}?schema={schema}"
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'refocus.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test using this runs twice: on a SQLite file and on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url: str = request.getfixturevalue(fixture)
    return url


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url, secret_key=SECRET)


@pytest.fixture
def memory_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url="memory://", secret_key=SECRET)


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    with Runtime(settings) as rt:
        yield rt


@pytest.fixture
def memory_runtime(memory_settings: Settings) -> Iterator[Runtime]:
    with Runtime(memory_settings) as rt:
        yield rt


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


Headers = dict[str, str]


def bearer(subject: str = "alice", role: Role = Role.WORKER, teams: tuple[str, ...] = ("north",)) -> Headers:
    token = create_token(SECRET, subject, role, list(teams))
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def as_worker() -> Callable[..., Headers]:
    """``as_worker()`` is alice, a worker in team north; pass teams/subject to vary."""

    def headers(*teams: str, subject: str = "alice") -> Headers:
        return bearer(subject, Role.WORKER, teams or ("north",))

    return headers


ALICE = Actor("alice", Role.WORKER, frozenset({"north"}))
BOB_SOUTH = Actor("bob", Role.WORKER, frozenset({"south"}))
SUPERVISOR = Actor("sue", Role.SUPERVISOR, frozenset({"north"}))
ADMIN = Actor("ada", Role.ADMIN, frozenset())
