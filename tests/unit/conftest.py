"""Unit tests act as alice, a worker of team north, unless a test says otherwise."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from domain.actor import acting_as
from domain.errors import JourneyError
from tests.conftest import ALICE


@pytest.fixture(autouse=True)
def _as_alice() -> Iterator[None]:
    with acting_as(ALICE):
        yield


@contextmanager
def refused(*aggregates: Any, error: type[JourneyError]) -> Iterator[pytest.ExceptionInfo[Any]]:
    """Expect ``error``, and that no aggregate's state or pending events changed."""
    before = copy.deepcopy(aggregates)
    with pytest.raises(error) as info:
        yield info
    assert aggregates == before, "a refused command changed an aggregate or recorded an event"
