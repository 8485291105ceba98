"""``python -m bench.command_cost`` drives the same four commands the benchmark's P1 sends."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bench.command_cost import measure


@pytest.mark.parametrize("path", ["application", "http"])
def test_both_paths_run_the_command_mix_on_a_sqlite_file(path: str, tmp_path: Path) -> None:
    # A failed request raises: every command of the mix must answer 2xx through the app.
    cpu, wall = asyncio.run(measure(path, 2, f"sqlite:///{tmp_path / 'refocus.db'}"))
    assert cpu > 0 and wall > 0
