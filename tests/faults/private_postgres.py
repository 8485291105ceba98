"""A PostgreSQL server of a test's own, on its own port, that the test may stop and start.

The shared server that other tests use must never be stopped: an outage test runs a
private cluster in a temporary directory instead. ``initdb`` refuses to run as root, so
as root the cluster belongs to the ``postgres`` account and its tools run as that account.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_POSTGRES
from tests.processes import free_port


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PrivateCluster:
    def __init__(self, bin_dir: Path, directory: Path, user: str | None) -> None:
        self.port = free_port()
        self._pg_ctl = str(bin_dir / "pg_ctl")
        self._directory = directory
        self._data = directory / "data"
        self._user = user
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [*(["runuser", "-u", self._user, "--"] if self._user else []), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def init(self, initdb: str) -> None:
        self._run(initdb, "-D", str(self._data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self._directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            self._pg_ctl,
            "-D",
            str(self._data),
            "-o",
            options,
            "-l",
            str(self._directory / "log"),
            "-w",
            "start",
        )

    def stop_immediately(self) -> None:
        """What a crash or a pulled plug looks like to the clients: connections drop at once."""
        self._run(self._pg_ctl, "-D", str(self._data), "-m", "immediate", "-w", "stop")

    def stop(self) -> None:
        subprocess.run(
            [
                *(["runuser", "-u", self._user, "--"] if self._user else []),
                self._pg_ctl,
                "-D",
                str(self._data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            timeout=60,
        )


@contextmanager
def private_postgres() -> Iterator[PrivateCluster]:
    bin_dir = _binaries()
    if bin_dir is None:
        reason = "the PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed"
        if REQUIRE_POSTGRES:
            pytest.fail(f"REFOCUS_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    user = "postgres" if os.getuid() == 0 else None
    directory = Path(tempfile.mkdtemp(prefix="refocus-pg-"))
    if user:
        account = pwd.getpwnam(user)
        os.chown(directory, account.pw_uid, account.pw_gid)
    cluster = PrivateCluster(bin_dir, directory, user)
    try:
        cluster.init(str(bin_dir / "initdb"))
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)
