"""Fixtures for the application's tests: one runtime on each kind of store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import SECRET


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Each test using this runs three times: in memory, on a SQLite file and on PostgreSQL."""
    url = "memory://" if request.param == "memory" else request.getfixturevalue(f"{request.param}_url")
    return Settings(data_dir=tmp_path / "data", database_url=url, secret_key=SECRET)


@pytest.fixture
def runtime_on_store(store_settings: Settings) -> Iterator[Runtime]:
    with Runtime(store_settings) as runtime:
        yield runtime
