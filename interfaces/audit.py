"""``refocus audit verify``: check the access log's chain, record by record."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

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
    storage_options(verify)
    verify.set_defaults(run=lambda args: _verify(settings_of(args)))


def _verify(settings: Any) -> int:
    from interfaces.runtime import Runtime

    with Runtime(settings) as runtime:
        verdict = runtime.access_log.verify()
    records = f"{verdict.checked} record{'' if verdict.checked == 1 else 's'}"
    if verdict.intact:
        print(f"The access log holds: {records}, chained without a gap.")
        return 0
    broken = f"refocus: the access log is broken: {verdict.problem} (the {records} before it hold)"
    print(broken, file=sys.stderr)
    return BROKEN
