"""Copy a whole event store to a file and back: backups, and moving from SQLite to PostgreSQL.

The file is gzip-compressed JSON lines: a header, one line per stored event **as
stored** (position, originator id, version, topic, and the state bytes in base64,
never decoded, so an encrypted store stays encrypted in its backup), then the rows
of the other tables that must travel with the events, then a trailer with the counts
and a SHA-256 over every line before it. Import writes into an empty store in one
transaction that is committed only when the trailer's checksum and counts match;
positions are kept, so event-feed cursors and idempotency outcomes stay valid.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from application.idempotency import TABLE as IDEMPOTENCY_TABLE
from application.storage.backup_tables import EventRow, StoreTables
from application.storage.key_rows import TABLE as DATA_KEYS_TABLE

FORMAT = "refocus-event-store"
FORMAT_VERSION = 1
#: Tables that travel with the events, in this order. Each must be created by the event
#: store's recorder (so an empty target has it) and hold only text, integers and bytes.
#: Another table that belongs with the events (keys, for instance) is added here.
#: The wrapped data keys travel with the events they open: an import needs the same master key
#: ring as the export (``REFOCUS_ENCRYPTION_KEY``, or the data directory's ``encryption-keys``).
CARRIED_TABLES: tuple[str, ...] = (IDEMPOTENCY_TABLE, DATA_KEYS_TABLE)
_BATCH = 5_000
#: gzip's fastest level: several times the speed of its default for a file a little larger.
COMPRESS_LEVEL = 1

Progress = Callable[[int, int], None]


class BackupError(Exception):
    """The file is not a complete, intact export, or the target store cannot take it."""


@dataclass(frozen=True)
class Summary:
    events: int
    rows: dict[str, int]
    last_position: int


def export_store(recorder: Any, path: Path, progress: Progress | None = None) -> Summary:
    """Write every event recorded so far (up to the position reached when it starts) to ``path``."""
    tables = StoreTables.of(recorder)
    last = recorder.max_notification_id() or 0
    total = tables.count_events(last)
    digest = hashlib.sha256()
    rows: dict[str, int] = {}
    with gzip.open(path, "wb", compresslevel=COMPRESS_LEVEL) as out:

        def write(record: dict[str, Any]) -> None:
            line = orjson.dumps(record) + b"\n"
            digest.update(line)
            out.write(line)

        write(
            {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "store": tables.kind,
                "events": total,
                "last_position": last,
                "tables": list(CARRIED_TABLES),
            }
        )
        done, position = 0, 0
        while position < last:
            page = tables.events_after(position, last, _BATCH)
            if not page:
                break
            # A page's lines at once: one write and one digest update each, not one a line.
            lines = b"".join(
                orjson.dumps({"p": p, "o": o, "v": v, "t": t, "s": base64.b64encode(s).decode("ascii")})
                + b"\n"
                for p, o, v, t, s in page
            )
            digest.update(lines)
            out.write(lines)
            done += len(page)
            position = page[-1][0]
            if progress:
                progress(done, total)
        for table in CARRIED_TABLES:
            rows[table] = 0
            for row in tables.rows(table):
                write({"table": table, "row": [_cell_out(value) for value in row]})
                rows[table] += 1
        if done != total:
            raise BackupError(f"expected {total} events up to position {last}, read {done}")
        out.write(orjson.dumps({"end": True, "events": done, "rows": rows, "sha256": digest.hexdigest()}))
        out.write(b"\n")
    if progress and not total:
        progress(0, 0)
    return Summary(done, rows, last)


def import_store(recorder: Any, path: Path, progress: Progress | None = None) -> Summary:
    """Load an export into this empty store; nothing is kept unless the whole file is intact."""
    tables = StoreTables.of(recorder)
    if recorder.max_notification_id() or any(tables.has_rows(table) for table in CARRIED_TABLES):
        raise BackupError("the target store is not empty: import only into a new database")
    lines = _lines(path)
    header = _header(next(lines, None))
    total = int(header["events"])
    digest = header["_digest"]
    done, rows, last = 0, dict.fromkeys(header["tables"], 0), 0
    with tables.loading() as load:
        batch: list[EventRow] = []
        for line, record in lines:
            if "end" in record:
                _check_trailer(record, header, digest.hexdigest(), done, rows)
                load.events(batch)
                load.finish(last)
                if progress:
                    progress(done, total)
                return Summary(done, rows, last)
            digest.update(line)
            try:
                if "p" in record:
                    last = int(record["p"])
                    state = base64.b64decode(record["s"], validate=True)
                    batch.append((last, str(record["o"]), int(record["v"]), str(record["t"]), state))
                    done += 1
                elif record.get("table") in rows:
                    table = record["table"]
                    load.events(batch)
                    batch = []
                    load.row(table, [_cell_in(value) for value in record["row"]])
                    rows[table] += 1
                else:
                    raise BackupError("the file holds a record this version does not know")
            except (KeyError, ValueError, TypeError):
                raise BackupError("the file holds a malformed record: it is damaged") from None
            if len(batch) >= _BATCH:
                load.events(batch)
                batch = []
                if progress:
                    progress(done, total)
        # Raised inside the transaction, so that it rolls back.
        raise BackupError("the file ends before its trailer: it is incomplete")


def _lines(path: Path) -> Iterator[tuple[bytes, dict[str, Any]]]:
    """Each line of the file with its parsed record."""
    try:
        with gzip.open(path, "rb") as stream:
            for line in stream:
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    raise BackupError("the file holds a line that is not JSON: it is damaged") from None
                if not isinstance(record, dict):
                    raise BackupError("the file holds a line that is not a record: it is damaged")
                yield line, record
    except (OSError, EOFError, zlib.error) as error:
        raise BackupError(f"the file cannot be read as a gzip export: {error}") from None


def _header(first: tuple[bytes, dict[str, Any]] | None) -> dict[str, Any]:
    if first is None:
        raise BackupError("the file is empty")
    line, header = first
    if header.get("format") != FORMAT:
        raise BackupError("the file is not a refocus export")
    if header.get("version") != FORMAT_VERSION:
        raise BackupError(f"export format version {header.get('version')} is not known here")
    tables = header.setdefault("tables", [])
    if not isinstance(tables, list) or not isinstance(header.get("events"), int):
        raise BackupError("the file's header is malformed: it is damaged")
    unknown = set(tables) - set(CARRIED_TABLES)
    if unknown:
        raise BackupError(f"the file carries tables this version does not know: {sorted(unknown)}")
    header["_digest"] = hashlib.sha256(line)
    return header


def _check_trailer(
    trailer: dict[str, Any], header: dict[str, Any], sha256: str, events: int, rows: dict[str, int]
) -> None:
    if trailer.get("sha256") != sha256:
        raise BackupError("the checksum does not match: the file is damaged")
    if trailer.get("events") != events or events != header["events"] or trailer.get("rows") != rows:
        raise BackupError("the counts do not match the records: the file is damaged")


def _cell_out(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"b64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _cell_in(value: Any) -> Any:
    if isinstance(value, dict):
        return base64.b64decode(value["b64"], validate=True)
    return value
