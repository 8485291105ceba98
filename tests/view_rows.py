"""Every view table's rows as text, sealed cells opened: two stores' views compare equal when they
say the same, though each sealed its text under nonces of its own."""

from __future__ import annotations

from typing import Any

from interfaces.runtime import Runtime
from projections.store import _TABLES as VIEW_TABLES


def view_rows(runtime: Runtime) -> dict[str, list[tuple[str, ...]]]:
    seal = runtime.view_store.seal
    with runtime.view_store.reading() as tx:
        return {
            table: sorted(
                tuple(_opened(seal, cell) for cell in row) for row in tx.all(f"SELECT * FROM {{s}}{table}")
            )
            for table in VIEW_TABLES
        }


def _opened(seal: Any, cell: Any) -> str:
    if isinstance(cell, str) and ":" in cell:
        try:
            return "opened " + str(seal.open(cell))
        except Exception:  # not sealed text: a time, or a key id the ring does not hold
            return cell
    return str(cell)
