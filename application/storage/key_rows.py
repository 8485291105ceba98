"""The wrapped data keys' table, ``refocus_data_keys``, in the event store's own database.

Mixed into the recorders (``application.storage.recorders``): a new person's key row is
written inside the insert transaction of their first event, so no event is stored under a
key that is not (``application.encryption.data_keys``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from psycopg.sql import SQL, Composed, Identifier

from application.encryption.data_keys import DESTROYED, DataKeyRow
from application.idempotency import TABLE as IDEMPOTENCY

TABLE = "refocus_data_keys"
_COLUMNS = "person_id TEXT PRIMARY KEY, master_key_id TEXT NOT NULL, wrapped_key {blob} NOT NULL"


def sqlite_create_statement() -> str:
    return f"CREATE TABLE IF NOT EXISTS {TABLE} ({_COLUMNS.format(blob='BLOB')})"


def _text_rows(rows: Sequence[DataKeyRow]) -> list[tuple[str, str, bytes]]:
    return [(person_id.hex, key_id, wrapped) for person_id, key_id, wrapped in rows]


class SQLiteKeyRows:
    """The key rows on SQLite: ``datastore`` is the recorder's."""

    datastore: Any

    def insert_key_rows(self, cursor: Any, rows: Sequence[DataKeyRow]) -> None:
        cursor.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?)", _text_rows(rows))

    def select_data_key(self, person_id: UUID) -> tuple[str, bytes] | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT master_key_id, wrapped_key FROM {TABLE} WHERE person_id = ?", (person_id.hex,))
            row = c.fetchone()
        return None if row is None else (row[0], bytes(row[1]))

    def insert_data_key(self, row: DataKeyRow) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                f"INSERT INTO {TABLE} VALUES (?, ?, ?) ON CONFLICT (person_id) DO NOTHING",
                _text_rows([row])[0],
            )

    def destroy_data_key(self, person_id: UUID) -> None:
        with self.datastore.transaction(commit=True) as c:
            # secure_delete zeroes the freed bytes of the old row in the page it rewrites.
            c.execute("PRAGMA secure_delete = ON")
            c.execute(
                f"INSERT INTO {TABLE} VALUES (?, ?, ?) ON CONFLICT (person_id) DO UPDATE"
                " SET master_key_id = excluded.master_key_id, wrapped_key = excluded.wrapped_key",
                (person_id.hex, DESTROYED, b""),
            )

    def select_data_keys(self) -> list[DataKeyRow]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT person_id, master_key_id, wrapped_key FROM {TABLE}")
            return [(UUID(row[0]), row[1], bytes(row[2])) for row in c.fetchall()]

    def update_data_keys(self, rows: list[DataKeyRow]) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute("PRAGMA secure_delete = ON")
            c.executemany(
                f"UPDATE {TABLE} SET master_key_id = ?, wrapped_key = ? WHERE person_id = ?",
                [(key_id, wrapped, person_id.hex) for person_id, key_id, wrapped in rows],
            )


class PostgresKeyRows:
    """The key rows on PostgreSQL, in the recorder's schema."""

    datastore: Any
    _key_table: Composed

    def key_table_statements(self) -> list[Composed]:
        self._key_table = SQL("{schema}.{table}").format(
            schema=Identifier(self.datastore.schema), table=Identifier(TABLE)
        )
        return [
            SQL(f"CREATE TABLE IF NOT EXISTS {{table}} ({_COLUMNS.format(blob='BYTEA')})").format(
                table=self._key_table
            )
        ]

    def insert_key_rows(self, cursor: Any, rows: Sequence[DataKeyRow]) -> None:
        cursor.executemany(
            SQL("INSERT INTO {table} VALUES (%s, %s, %s)").format(table=self._key_table), _text_rows(rows)
        )

    def select_data_key(self, person_id: UUID) -> tuple[str, bytes] | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL("SELECT master_key_id, wrapped_key FROM {table} WHERE person_id = %s").format(
                    table=self._key_table
                ),
                (person_id.hex,),
            )
            row = curs.fetchone()
        return None if row is None else (row["master_key_id"], bytes(row["wrapped_key"]))

    def insert_data_key(self, row: DataKeyRow) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL("INSERT INTO {table} VALUES (%s, %s, %s) ON CONFLICT (person_id) DO NOTHING").format(
                    table=self._key_table
                ),
                _text_rows([row])[0],
            )

    def destroy_data_key(self, person_id: UUID) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL(
                    "INSERT INTO {table} VALUES (%s, %s, %s) ON CONFLICT (person_id) DO UPDATE"
                    " SET master_key_id = excluded.master_key_id, wrapped_key = excluded.wrapped_key"
                ).format(table=self._key_table),
                (person_id.hex, DESTROYED, b""),
            )

    def select_data_keys(self) -> list[DataKeyRow]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL("SELECT person_id, master_key_id, wrapped_key FROM {table}").format(table=self._key_table)
            )
            return [
                (UUID(row["person_id"]), row["master_key_id"], bytes(row["wrapped_key"]))
                for row in curs.fetchall()
            ]

    def update_data_keys(self, rows: list[DataKeyRow]) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.executemany(
                SQL("UPDATE {table} SET master_key_id = %s, wrapped_key = %s WHERE person_id = %s").format(
                    table=self._key_table
                ),
                [(key_id, wrapped, person_id.hex) for person_id, key_id, wrapped in rows],
            )


class MemoryKeyRows:
    """The key rows of the in-memory store."""

    def __init__(self) -> None:
        self._keys: dict[UUID, tuple[str, bytes]] = {}
        self._keys_lock = threading.Lock()

    def insert_key_rows(self, rows: Sequence[DataKeyRow]) -> None:
        for person_id, key_id, wrapped in rows:
            self._keys[person_id] = (key_id, wrapped)

    def select_data_key(self, person_id: UUID) -> tuple[str, bytes] | None:
        return self._keys.get(person_id)

    def insert_data_key(self, row: DataKeyRow) -> None:
        with self._keys_lock:
            self._keys.setdefault(row[0], (row[1], row[2]))

    def destroy_data_key(self, person_id: UUID) -> None:
        self._keys[person_id] = (DESTROYED, b"")

    def select_data_keys(self) -> list[DataKeyRow]:
        return [(person_id, *stored) for person_id, stored in list(self._keys.items())]

    def update_data_keys(self, rows: list[DataKeyRow]) -> None:
        for person_id, key_id, wrapped in rows:
            self._keys[person_id] = (key_id, wrapped)


def reseal_fingerprints(recorder: Any, reseal: Callable[[str], str]) -> int:
    """Seal every stored idempotency fingerprint again (``reseal``: open, then seal with the current
    key), in one transaction; returns how many."""
    if isinstance(recorder, MemoryKeyRows):
        return 0  # the in-memory store keeps them in memory only
    postgres = isinstance(recorder, PostgresKeyRows)
    table: Any = (
        SQL("{schema}.{table}").format(
            schema=Identifier(recorder.datastore.schema), table=Identifier(IDEMPOTENCY)
        )
        if postgres
        else IDEMPOTENCY
    )
    mark = "%s" if postgres else "?"
    with recorder.datastore.transaction(commit=True) as cursor:
        select = "SELECT caller, key, fingerprint FROM {table}"
        update = f"UPDATE {{table}} SET fingerprint = {mark} WHERE caller = {mark} AND key = {mark}"
        if postgres:
            cursor.execute(SQL(select).format(table=table))
            rows = [(row["caller"], row["key"], row["fingerprint"]) for row in cursor.fetchall()]
            cursor.executemany(SQL(update).format(table=table), [(reseal(f), c, k) for c, k, f in rows])
        else:
            cursor.execute(select.format(table=table))
            rows = [tuple(row) for row in cursor.fetchall()]
            cursor.executemany(update.format(table=table), [(reseal(f), c, k) for c, k, f in rows])
    return len(rows)
