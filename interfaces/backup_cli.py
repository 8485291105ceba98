"""``refocus export FILE`` and ``refocus import FILE``: the whole event store to a file and back."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from interfaces.settings import Settings


def add_commands(commands: Any, storage_options: Callable[[argparse.ArgumentParser], None]) -> None:
    export = commands.add_parser(
        "export",
        help="write every stored event to a compressed file (a backup, or a move to another store)",
        description="Stream the event store, events in order as stored (encrypted ones stay so), "
        "with a SHA-256 checksum, into a gzip file. The server may keep running: the file holds "
        "every event up to the position reached when the export starts.",
    )
    export.add_argument("file", type=Path, help="the file to write (overwritten)")
    storage_options(export)
    _progress_option(export)
    export.set_defaults(run=_export)

    load = commands.add_parser(
        "import",
        help="load an exported file into an empty store, then rebuild the read models",
        description="Check and load a file written by `refocus export` into a new, empty store "
        "(SQLite or PostgreSQL, either kind of source), in one transaction: nothing is kept "
        "unless the whole file is intact. Then the read models are built from the events.",
    )
    load.add_argument("file", type=Path, help="a file written by `refocus export`")
    storage_options(load)
    _progress_option(load)
    load.set_defaults(run=_import)


def _progress_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        action="store_true",
        help="show the progress bar on stderr even when it is not a terminal",
    )


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(database_url=args.database_url, data_dir=args.data_dir)


def _progress(args: argparse.Namespace, started: float) -> Callable[[int, int], None] | None:
    from interfaces.cli import progress_bar

    return progress_bar(sys.stderr, started) if args.progress or sys.stderr.isatty() else None


def _export(args: argparse.Namespace) -> int:
    from application.storage.backup import BackupError, export_store
    from interfaces.runtime import Runtime

    started = time.monotonic()
    with Runtime(_settings(args)) as runtime:
        try:
            summary = export_store(runtime.journeys.recorder, args.file, _progress(args, started))
        except (BackupError, TypeError) as error:
            print(f"\nrefocus: {error}", file=sys.stderr)
            return 1
    elapsed = time.monotonic() - started
    print(
        f"\nExported {summary.events} events (up to position {summary.last_position}) to "
        f"{args.file} in {elapsed:.1f} s ({summary.events / max(elapsed, 1e-6):,.0f} events/s).",
        file=sys.stderr,
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from application.storage.backup import BackupError, import_store
    from interfaces.cli import progress_bar
    from interfaces.runtime import Runtime
    from projections.worker import ProjectionWorker, WorkerLockedError

    if not args.file.is_file():
        print(f"refocus: no file {args.file}", file=sys.stderr)
        return 2
    started = time.monotonic()
    with Runtime(_settings(args)) as runtime:
        try:
            summary = import_store(runtime.journeys.recorder, args.file, _progress(args, started))
        except (BackupError, TypeError) as error:
            print(f"\nrefocus: {error}; nothing was imported", file=sys.stderr)
            return 1
        loaded = time.monotonic()
        print(
            f"\nImported {summary.events} events in {loaded - started:.1f} s "
            f"({summary.events / max(loaded - started, 1e-6):,.0f} events/s); rebuilding the read models.",
            file=sys.stderr,
        )
        try:
            with ProjectionWorker(runtime.projector).holding():
                show = progress_bar(sys.stderr, loaded) if args.progress or sys.stderr.isatty() else None
                reached = runtime.projector.rebuild(show)
        except WorkerLockedError:
            print(
                "refocus: a projection worker is running for these views: stop it, then run "
                "`refocus projections rebuild`",
                file=sys.stderr,
            )
            return 3
    print(f"\nRead models rebuilt up to position {reached}.", file=sys.stderr)
    return 0
