"""``refocus projections status | resume | skip``: what the views are doing, and an operator's say.

The views stop at an event they cannot apply (``projections.faults``); these commands
show where, let the projector try it again once the cause is mended, or skip that one
event as a recorded decision with its reason.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from interfaces.settings import Settings

StorageOptions = Callable[[argparse.ArgumentParser], None]
SettingsOf = Callable[[argparse.Namespace], Settings]


def add_fault_commands(commands: Any, storage_options: StorageOptions, settings_of: SettingsOf) -> None:
    """Register the commands under ``refocus projections``."""
    status = commands.add_parser(
        "status",
        help="the views' position, the store's head, the lag, and any event the views stopped at",
        description="Exit status 1 while the views are stopped at an event they could not apply.",
    )
    storage_options(status)
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.set_defaults(run=lambda args: _status(args, settings_of(args)))

    resume = commands.add_parser(
        "resume", help="try again the event the views stopped at (after mending its cause)"
    )
    storage_options(resume)
    resume.set_defaults(run=lambda args: _resume(settings_of(args)))

    skip = commands.add_parser(
        "skip",
        help="move the views past the one event they stopped at, recording why",
        description="An operator's decision, kept with its reason: the event stays in the store, "
        "and the views (and any rebuild of them) leave it out.",
    )
    skip.add_argument("position", type=int, help="the position `refocus projections status` names")
    skip.add_argument("--reason", required=True, help="why the event is left out of the views")
    storage_options(skip)
    skip.set_defaults(run=lambda args: _skip(args, settings_of(args)))


def projection_status(runtime: Any) -> dict[str, Any]:
    projector = runtime.projector
    position, head = projector.position(), projector.head()
    stopped = projector.stoppage()
    return {
        "position": position,
        "head": head,
        "lag": max(head - position, 0),
        "stopped_at": stopped.public() if stopped else None,
        "faults": [fault.public() for fault in projector.faults.recent()],
    }


def _status(args: argparse.Namespace, settings: Settings) -> int:
    from interfaces.runtime import Runtime

    with Runtime(settings) as runtime:
        status = projection_status(runtime)
    if args.json:
        print(json.dumps(status, indent=2))
        return 1 if status["stopped_at"] else 0
    print(f"position {status['position']} of {status['head']} (lag {status['lag']})")
    stopped = status["stopped_at"]
    if stopped:
        print(
            f"STOPPED at position {stopped['position']} ({stopped['topic']}: {stopped['error_class']})"
            f" since {stopped['stopped_at']}"
        )
        print(
            "Mend the cause and run `refocus projections resume`, or decide to leave the event out: "
            f"`refocus projections skip {stopped['position']} --reason ...`"
        )
    for fault in status["faults"]:
        if fault["resolution"]:
            reason = f": {fault['reason']}" if fault["reason"] else ""
            print(
                f"  position {fault['position']} ({fault['topic']}: {fault['error_class']})"
                f" {fault['resolution']} at {fault['resolved_at']}{reason}"
            )
    return 1 if stopped else 0


def _resume(settings: Settings) -> int:
    from interfaces.runtime import Runtime

    with Runtime(settings) as runtime:
        fault = runtime.projector.faults.resume()
    if fault is None:
        print("The views are not stopped: nothing to resume.", file=sys.stderr)
        return 0
    print(
        f"The projector will try position {fault.position} again within a second"
        " (or at the next query); see `refocus projections status`.",
        file=sys.stderr,
    )
    return 0


def _skip(args: argparse.Namespace, settings: Settings) -> int:
    from interfaces.runtime import Runtime
    from projections.faults import FaultNotFoundError

    with Runtime(settings) as runtime:
        try:
            fault = runtime.projector.faults.skip(args.position, args.reason)
        except (FaultNotFoundError, ValueError) as error:
            print(f"refocus: {error}", file=sys.stderr)
            return 2
    print(f"Skipped position {fault.position} ({fault.topic}); the views go on from there.", file=sys.stderr)
    return 0
