"""``refocus keys rotate``: a new master key, and everything it protects wrapped or sealed again."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from application.encryption.master_keys import add_key_to_file
from interfaces.settings import Settings, encryption_env


def add_keys_commands(
    commands: Any,
    storage_options: Callable[[argparse.ArgumentParser], None],
    settings_of: Callable[[argparse.Namespace], Settings],
) -> None:
    keys = commands.add_parser("keys", help="encryption keys").add_subparsers(title="key commands")
    rotate = keys.add_parser(
        "rotate",
        help="rotate the master key: re-wrap every data key and re-seal the read models",
        description="With REFOCUS_ENCRYPTION_KEY set, put the new key first in that ring before "
        "running this; otherwise a new key is added to the key file in the data directory. Stop the "
        "projection worker first, and restart every process afterwards.",
    )
    storage_options(rotate)
    rotate.set_defaults(run=lambda args: _rotate(settings_of(args)))


def _rotate(settings: Settings) -> int:
    from application.encryption.rotation import rewrap_under_current_key
    from interfaces.runtime import Runtime
    from projections.worker import ProjectionWorker, WorkerLockedError

    if not os.environ.get("REFOCUS_ENCRYPTION_KEY"):
        ring = add_key_to_file(Path(encryption_env(settings)["REFOCUS_ENCRYPTION_KEY_FILE"]))
        print(f"Added master key {ring.current.key_id} to the key file.", file=sys.stderr)
    started = time.monotonic()
    with Runtime(settings) as runtime:
        try:
            with ProjectionWorker(runtime.projector).holding():
                rewrapped = rewrap_under_current_key(runtime.journeys)
                reached = runtime.projector.rebuild()
        except WorkerLockedError:
            print(
                "refocus: a projection worker is running for these views: stop it, then rotate",
                file=sys.stderr,
            )
            return 3
    print(
        f"Wrapped {rewrapped.data_keys} data keys and sealed {rewrapped.fingerprints} idempotency keys"
        f" with master key {rewrapped.key_id}; read models sealed again up to position {reached}"
        f" in {time.monotonic() - started:.1f} s.",
        file=sys.stderr,
    )
    return 0
