"""What a rebuild of the views costs, in instructions, against reading and decoding the same events.

    python -m bench.rebuild_cost [--events 10000] [--store PATH]
    python -m bench.rebuild_cost {rebuild,read} PASSES --store PATH

Without a mode it writes a SQLite store of about ``--events`` events through the
application (``bench.scenarios.populate``: journeys of 100 events, one save each),
or takes the one at ``--store`` if that file exists (to compare code on the same
events), then runs itself under callgrind four times on that store: ``rebuild`` (P2's
``Projector.rebuild()``) and ``read`` (P2's baseline, ``raw_read_decode``), each for
none and two passes after a warm-up one. The difference between the two runs of a
mode, over the passes and events between, is its instructions per event, free of
start-up and of the machine's drifting speed; their ratio is P2's ratio (the
rebuild's rate over the raw rate) in instructions. So that runs of the same code
count alike, the runs use one hash seed, and the objects made before the measured
passes are frozen out of the garbage collector's full collections, which would
otherwise walk them at moments that differ from run to run.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import SECRET
from bench.scenarios import populate, raw_read_decode
from interfaces.runtime import Runtime
from interfaces.settings import Settings

EVENTS_PER_PERSON = 100
FEW_PASSES, MORE_PASSES = 0, 2


def runtime_for(store: Path) -> Runtime:
    return Runtime(Settings(data_dir=store.parent, database_url=f"sqlite:///{store}", secret_key=SECRET))


def build(store: Path, events: int) -> int:
    """A new store at ``store`` of about ``events`` events, its views caught up; the events written."""
    with runtime_for(store) as runtime:
        populate(runtime, max(1, events // EVENTS_PER_PERSON), EVENTS_PER_PERSON)
        return runtime.projector.catch_up()


def events_in(store: Path) -> int:
    with runtime_for(store) as runtime:
        return runtime.projector.head()


def run_passes(mode: str, passes: int, store: Path) -> int:
    """One warm-up pass, then ``passes`` more; the events each pass went through."""
    with runtime_for(store) as runtime:

        def once() -> int:
            return runtime.projector.rebuild() if mode == "rebuild" else raw_read_decode(runtime)

        events = once()
        gc.freeze()
        try:
            for _ in range(passes):
                events = once()
        finally:
            gc.unfreeze()
    return events


def instructions(mode: str, passes: int, store: Path) -> int:
    """Every instruction one run of ``mode`` with ``passes`` passes executes, counted by callgrind."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "bench.rebuild_cost",
        mode,
        str(passes),
        "--store",
        str(store),
    ]
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    answer = subprocess.run(command, capture_output=True, text=True, check=True, env=environment)
    found = re.search(r"refs:\s+([\d,]+)", answer.stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no count: {answer.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))


def per_event(mode: str, store: Path, events: int) -> float:
    few, more = (instructions(mode, passes, store) for passes in (FEW_PASSES, MORE_PASSES))
    return (more - few) / (MORE_PASSES - FEW_PASSES) / events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("mode", nargs="?", choices=("rebuild", "read"))
    parser.add_argument("passes", nargs="?", type=int, default=1)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--store", type=Path)
    args = parser.parse_args()
    if args.mode:
        if args.store is None:
            parser.error("a pass runs on a store built before: give --store")
        print(f"{args.mode}: {run_passes(args.mode, args.passes, args.store)} events a pass")
        return
    store = args.store or Path(tempfile.mkdtemp()) / "refocus.db"
    events = events_in(store) if store.exists() else build(store, args.events)
    rebuild = per_event("rebuild", store, events)
    read = per_event("read", store, events)
    print(f"store: {store} ({events} events)")
    print(f"rebuild: {rebuild:,.0f} instructions an event")
    print(f"read and decode: {read:,.0f} instructions an event")
    print(f"rebuild rate over read rate: {read / rebuild:.3f}")


if __name__ == "__main__":
    main()
