"""The SQL of an export and an import, for each event store (``application.storage.backup``).

Import writes each event at its original position: SQLite's ``rowid`` and PostgreSQL's
``notification_id`` take explicit values, and PostgreSQL's sequence is moved past the last.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Composed, Identifier, Literal

#: position, originator id (its canonical text), version, topic, state as stored
EventRow = tuple[int, str, int, str, bytes]


class Loader(Protocol):
    def events(self, rows: Sequence[EventRow]) -> None: ...
    def row(self, table: str, values: Sequence[Any]) -> None: ...
    def finish(self, last_position: int) -> None: ...


class StoreTables:
    """Counting and reading an event store's tables, and loading them in one transaction."""

    kind = ""

    @staticmethod
    def of(recorder: Any) -> StoreTables:
        if isinstance(recorder, SQLiteApplicationRecorder):
            return SQLiteTables(recorder)
        if isinstance(recorder, PostgresApplicationRecorder):
            return PostgresTables(recorder)
        raise TypeError("export and import work on SQLite and PostgreSQL stores")

    def count_events(self, last_position: int) -> int:
        raise NotImplementedError

    def events_after(self, position: int, last_position: int, limit: int) -> list[EventRow]:
        """The next ``limit`` events after ``position``, up to ``last_position``, in order."""
        raise NotImplementedError

    def rows(self, table: str) -> Iterator[Sequence[Any]]:
        raise NotImplementedError

    def has_rows(self, table: str) -> bool:
        raise NotImplementedError

    def loading(self) -> Any:
        raise NotImplementedError


class SQLiteTables(StoreTables):
    kind = "sqlite"

    def __init__(self, recorder: SQLiteApplicationRecorder) -> None:
        self.recorder = recorder
        self.datastore = recorder.datastore
        self.events_table = recorder.events_table_name

    def count_events(self, last_position: int) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT COUNT(*) FROM {self.events_table} WHERE rowid <= ?", (last_position,))
            return int(c.fetchone()[0])

    def events_after(self, position: int, last_position: int, limit: int) -> list[EventRow]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT rowid, originator_id, originator_version, topic, state"
                f" FROM {self.events_table} WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?",
                (position, last_position, limit),
            )
            return [(row[0], _canonical(row[1]), row[2], row[3], row[4]) for row in c.fetchall()]

    def rows(self, table: str) -> Iterator[Sequence[Any]]:
        with self.datastore.transaction(commit=False) as c:
            # In no particular order: each row stands alone (a table may have no rowid).
            c.execute(f"SELECT * FROM {table}")
            rows = c.fetchall()
        for row in rows:
            yield tuple(row)

    def has_rows(self, table: str) -> bool:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT 1 FROM {table} LIMIT 1")
            return c.fetchone() is not None

    @contextmanager
    def loading(self) -> Iterator[Loader]:
        with self.datastore.transaction(commit=True) as c:
            yield _SQLiteLoader(c, self.events_table, self.datastore.originator_id_type == "uuid")


class _SQLiteLoader:
    def __init__(self, cursor: Any, events_table: str, uuid_ids: bool) -> None:
        self.cursor = cursor
        self.statement = (
            f"INSERT INTO {events_table} (rowid, originator_id, originator_version, topic, state)"
            " VALUES (?, ?, ?, ?, ?)"
        )
        self.uuid_ids = uuid_ids

    def events(self, rows: Sequence[EventRow]) -> None:
        if rows:
            self.cursor.executemany(
                self.statement,
                [(p, o.replace("-", "") if self.uuid_ids else o, v, t, s) for p, o, v, t, s in rows],
            )

    def row(self, table: str, values: Sequence[Any]) -> None:
        self.cursor.execute(f"INSERT INTO {table} VALUES ({', '.join('?' for _ in values)})", values)

    def finish(self, last_position: int) -> None:
        del last_position  # the next rowid follows the largest one of its own accord


def _canonical(stored_id: str) -> str:
    """A UUID's canonical text from the 32 hex digits SQLite keeps (other ids as they are)."""
    if len(stored_id) != 32:
        return stored_id
    h = stored_id
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class PostgresTables(StoreTables):
    kind = "postgresql"

    def __init__(self, recorder: PostgresApplicationRecorder) -> None:
        self.recorder = recorder
        self.datastore = recorder.datastore
        self.schema = self.datastore.schema
        self.events_table = self.table(recorder.events_table_name)

    def table(self, name: str) -> Composed:
        return SQL("{}.{}").format(Identifier(self.schema), Identifier(name))

    def count_events(self, last_position: int) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                SQL("SELECT COUNT(*) AS n FROM {} WHERE notification_id <= %s").format(self.events_table),
                (last_position,),
            )
            row = c.fetchone()
            return int(row["n"]) if row else 0

    def events_after(self, position: int, last_position: int, limit: int) -> list[EventRow]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                SQL(
                    "SELECT notification_id, originator_id, originator_version, topic, state FROM {}"
                    " WHERE notification_id > %s AND notification_id <= %s"
                    " ORDER BY notification_id LIMIT %s"
                ).format(self.events_table),
                (position, last_position, limit),
            )
            return [
                (
                    row["notification_id"],
                    str(row["originator_id"]),
                    row["originator_version"],
                    row["topic"],
                    bytes(row["state"]),
                )
                for row in c.fetchall()
            ]

    def rows(self, table: str) -> Iterator[Sequence[Any]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(SQL("SELECT * FROM {}").format(self.table(table)))
            rows = c.fetchall()
        for row in rows:
            yield tuple(row.values())

    def has_rows(self, table: str) -> bool:
        with self.datastore.transaction(commit=False) as c:
            c.execute(SQL("SELECT 1 AS one FROM {} LIMIT 1").format(self.table(table)))
            return c.fetchone() is not None

    @contextmanager
    def loading(self) -> Iterator[Loader]:
        with self.datastore.transaction(commit=True) as c:
            # As every insert into the events table does: no other writer while the store loads.
            c.execute(SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(self.events_table))
            yield _PostgresLoader(self, c)


class _PostgresLoader:
    def __init__(self, tables: PostgresTables, cursor: Any) -> None:
        self.tables = tables
        self.cursor = cursor

    def events(self, rows: Sequence[EventRow]) -> None:
        if not rows:
            return
        copy = SQL(
            "COPY {} (notification_id, originator_id, originator_version, topic, state) FROM STDIN"
        ).format(self.tables.events_table)
        with self.cursor.copy(copy) as out:
            for row in rows:
                out.write_row(row)

    def row(self, table: str, values: Sequence[Any]) -> None:
        self.cursor.execute(
            SQL("INSERT INTO {} VALUES ({})").format(
                self.tables.table(table), SQL(", ").join([SQL("%s")] * len(values))
            ),
            list(values),
        )

    def finish(self, last_position: int) -> None:
        if last_position:
            name = f'"{self.tables.schema}"."{self.tables.recorder.events_table_name}"'
            self.cursor.execute(
                SQL("SELECT setval(pg_get_serial_sequence({}, 'notification_id'), %s)").format(Literal(name)),
                (last_position,),
            )
