"""``refocus audit verify``: check the access log's chain, record by record; and recording the
reads of people the command line makes (``refocus replay``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from domain.actor import Actor
from projections.people_read import noting_reads

if TYPE_CHECKING:
    from projections.access_log import AccessLog

#: Exit status when the chain does not hold.
BROKEN = 1


def add_audit_commands(
    commands: Any,
    storage_options: Callable[[argparse.ArgumentParser], None],
    settings_of: Callable[[argparse.Namespace], Any],
) -> None:
    """Register ``audit verify`` under ``commands`` (the CLI's sub-parsers)."""
    audit = commands.add_parser("audit", help="the access log").add_subparsers(title="audit commands")
    verify = audit.add_parser(
        "verify",
        help="check that no access record was changed, removed or reordered",
        description="Walk the access log from its first record, checking each record's number and "
        "hash chain. Exit status 0 if it holds; 1 naming the first record that does not.",
    )
    verify.add_argument(
        "--expect",
        metavar="SEQ:HASH",
        type=_seq_and_hash,
        help="also check that record SEQ still has HASH (a last hash an earlier run printed, kept elsewhere)",
    )
    storage_options(verify)
    verify.set_defaults(run=lambda args: _verify(settings_of(args), args.expect))


@contextmanager
def recording_reads(access_log: AccessLog, view_name: str) -> Iterator[None]:
    """Record the reads of people made inside (a command that prints a person's data), as
    the API's routes do; call ``projections.people_read.wait_for_records`` before printing."""
    from projections.access_log import Access, AccessLogUnavailableError

    request_id = uuid4().hex

    def submit(person_id: str, viewer: Actor) -> Future[None]:
        return access_log.submit([Access(viewer, person_id, view_name, request_id)])

    try:
        with noting_reads(submit):
            yield
    except AccessLogUnavailableError:
        print(
            "refocus: the read could not be recorded in the access log, so nothing is shown", file=sys.stderr
        )
        raise SystemExit(BROKEN) from None


def _verify(settings: Any, expect: tuple[int, str] | None) -> int:
    from interfaces.runtime import Runtime

    with Runtime(settings) as runtime:
        verdict = runtime.access_log.verify()
        kept = _kept(runtime.access_log, expect) if verdict.intact and expect else None
    records = f"{verdict.checked} record{'' if verdict.checked == 1 else 's'}"
    problem = verdict.problem or kept
    if problem is None:
        print(
            f"The access log holds: {records}, chained without a gap; the last hash is {verdict.last_hash}."
        )
        return 0
    print(f"refocus: the access log is broken: {problem} (the {records} before it hold)", file=sys.stderr)
    return BROKEN


def _seq_and_hash(text: str) -> tuple[int, str]:
    seq, _, kept = text.partition(":")
    if not seq.isdigit() or len(kept) != 64:
        raise argparse.ArgumentTypeError("give SEQ:HASH, a record's number and its 64-character hash")
    return int(seq), kept.lower()


def _kept(access_log: AccessLog, expect: tuple[int, str]) -> str | None:
    """Why record SEQ is not the one whose hash was kept; None if it is."""
    seq, kept = expect
    if access_log.hash_of(seq) != kept:
        return f"record {seq} is not the record whose hash was kept"
    return None
