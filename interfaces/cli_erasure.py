"""``refocus erase`` and ``refocus export-person``: erasure and subject access from the server.

Both run as an admin named by ``--by`` (who answers the request, recorded on the erasure
record), through the same use cases as the API.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from application.erasure import PersonErasedError
from application.storage.files import PRIVATE_FILE
from domain.actor import Actor, Role, acting_as
from domain.erasure import ErasureReason
from domain.errors import NotFoundError, RuleViolationError
from interfaces.settings import Settings

#: Who the commands act as unless ``--by`` names the operator.
DEFAULT_OPERATOR = "refocus-cli"
#: Exit status of an erasure the retention rule refused.
REFUSED = 3


def add_commands(
    commands: Any,
    storage_options: Callable[[argparse.ArgumentParser], None],
    settings_of: Callable[[argparse.Namespace], Settings],
) -> None:
    erase = commands.add_parser(
        "erase",
        help="erase a person's data (their key destroyed, every view purged), unless retained by law",
        description="Erase a person's data as an admin: the record of a person not discharged, or "
        "discharged less than REFOCUS_RETENTION_YEARS ago, is kept (exit status 3, naming the rule) "
        "unless the reason is recorded_in_error or retention_expired. Every erasure and refusal is "
        "recorded; erased people are written to the data directory's erased-people ledger.",
    )
    erase.add_argument("person_id", type=_person_id, help="the person's id")
    erase.add_argument("--reason", required=True, choices=[r.value for r in ErasureReason])
    erase.add_argument("--by", default=DEFAULT_OPERATOR, help="who answers the request (recorded)")
    storage_options(erase)
    erase.set_defaults(run=lambda args: _erase(args, settings_of(args)))

    export = commands.add_parser(
        "export-person",
        help="print everything held about a person as one JSON document (subject access)",
        description="The same document as GET /api/v1/people/{id}/export: the person's events in order, "
        "the current views and the supervision notes pinned to their events, marked as such.",
    )
    export.add_argument("person_id", type=_person_id, help="the person's id")
    export.add_argument("--output", type=Path, help="write to this file (made 0600) instead of stdout")
    export.add_argument("--by", default=DEFAULT_OPERATOR, help="who answers the request")
    storage_options(export)
    export.set_defaults(run=lambda args: _export(args, settings_of(args)))


def _person_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError("not a person id (a UUID)") from None


def _erase(args: argparse.Namespace, settings: Settings) -> int:
    from interfaces.runtime import Runtime

    with Runtime(settings) as runtime, acting_as(Actor(args.by, Role.ADMIN)):
        try:
            outcome = runtime.erasures.erase(args.person_id, args.reason)
        except RuleViolationError as refused:
            print(f"refocus: refused ({refused.rule}): {refused.detail}", file=sys.stderr)
            return REFUSED
        except PersonErasedError:
            print(f"refocus: person {args.person_id} has already been erased", file=sys.stderr)
            return 1
        except NotFoundError:
            print(f"refocus: no person {args.person_id} in this store", file=sys.stderr)
            return 1
    print(f"erased {outcome.person_id} ({outcome.reason}) at position {outcome.position}")
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from interfaces.audit import recording_reads
    from interfaces.runtime import Runtime
    from projections.people_read import wait_for_records
    from projections.subject_access import subject_access

    with Runtime(settings) as runtime, recording_reads(runtime.access_log, "refocus export-person"):
        runtime.projector.catch_up()
        if runtime.erasures.is_gone([args.person_id]):
            print(f"refocus: person {args.person_id} has been erased", file=sys.stderr)
            return 1
        try:
            document = subject_access(
                runtime.views,
                runtime.history,
                runtime.view_store,
                args.person_id,
                Actor(args.by, Role.ADMIN),
                today=date.today(),
                stale_after_days=settings.strengths_stale_after_days,
            )
        except NotFoundError:
            print(f"refocus: no person {args.person_id} in this store", file=sys.stderr)
            return 1
        wait_for_records()  # raises AccessLogUnavailableError: nothing is written
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    descriptor = os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        os.fchmod(out.fileno(), PRIVATE_FILE)  # special-category data, whatever the umask
        out.write(text)
    return 0
