"""The read-model tables, kept in the event store's own database.

One SQL text serves SQLite and PostgreSQL: statements are written with ``?``
placeholders and ``{s}`` before each table name, and translated once per
dialect. Views share one position row (``refocus_view_positions``) that is
updated in the same transaction as the rows it covers. Columns that hold a person's
words are sealed (``projections.sealed``) by the store's ``seal``, which every cursor carries.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from eventsourcing.persistence import PersistenceError
from eventsourcing.sqlite import SQLiteDatastore

from projections.sealed import PLAIN, TextSeal

VIEW_NAME = "journeys"
#: Bump when the view tables change shape: older views are dropped and rebuilt from the events.
SCHEMA_VERSION = 7
_SCHEMA_ROW = "__schema_version__"
#: 1 when the views' personal columns are sealed, 0 when plain: views written the other way
#: are dropped and rebuilt, as for another shape.
_SEALED_ROW = "__sealed__"

_TABLES = (
    "refocus_view_positions",
    "refocus_journeys",
    "refocus_journey_parts",
    "refocus_caseload",
    "refocus_timeline",
    "refocus_supervision_notes",
    "refocus_audit_days",
    "refocus_audit_meetings",
    "refocus_erased",
    "refocus_erasure_log",
)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS {s}refocus_view_positions ("
    " view_name TEXT PRIMARY KEY, position BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS {s}refocus_journeys ("
    " person_id TEXT PRIMARY KEY, team_id TEXT NOT NULL,"
    " position BIGINT NOT NULL, document TEXT NOT NULL)",
    # No primary key: its unique index is built after a rebuild's load, with the others.
    "CREATE TABLE IF NOT EXISTS {s}refocus_journey_parts ("
    " part_id TEXT NOT NULL, person_id TEXT NOT NULL, kind TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS {s}refocus_caseload ("
    " person_id TEXT PRIMARY KEY, team_id TEXT NOT NULL, display_name TEXT NOT NULL,"
    " key_worker_id TEXT, status TEXT NOT NULL, active_goals INTEGER NOT NULL,"
    " open_step_dues TEXT NOT NULL, next_review_due TEXT,"
    " last_activity_at TEXT NOT NULL, registered_at TEXT NOT NULL,"
    " areas_to_explore INTEGER NOT NULL, agreement_review_by TEXT, preferred_name TEXT, pronouns TEXT)",
    "CREATE TABLE IF NOT EXISTS {s}refocus_timeline ("
    " position BIGINT PRIMARY KEY, person_id TEXT NOT NULL, goal_id TEXT, step_id TEXT,"
    " at TEXT NOT NULL, recorded_at TEXT NOT NULL, type TEXT NOT NULL, actor_subject TEXT NOT NULL,"
    " actor_role TEXT NOT NULL, summary TEXT NOT NULL, data TEXT NOT NULL,"
    # For the event feed: which aggregate, and whose team the person was with then.
    " aggregate_id TEXT NOT NULL, aggregate_version INTEGER NOT NULL,"
    " team_id TEXT NOT NULL, former_team_id TEXT)",
    # Apart from the journey's own tables, so no journey view can show a note by mistake.
    "CREATE TABLE IF NOT EXISTS {s}refocus_supervision_notes ("
    " note_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, position BIGINT NOT NULL,"
    " author_subject TEXT NOT NULL, author_role TEXT NOT NULL, text TEXT NOT NULL,"
    " status TEXT NOT NULL, added_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
    " version INTEGER NOT NULL, history TEXT NOT NULL)",
    # The team audit's dated facts (projections.audit_facts); keyed for the upserts of live
    # catch-up, which may meet a person's day again in a later batch.
    "CREATE TABLE IF NOT EXISTS {s}refocus_audit_days ("
    " person_id TEXT NOT NULL, day TEXT NOT NULL, team_id TEXT NOT NULL, worker_id TEXT NOT NULL,"
    " active INTEGER NOT NULL, registered_on TEXT NOT NULL, state TEXT NOT NULL,"
    " planned_independent INTEGER NOT NULL, planned_joint INTEGER NOT NULL,"
    " planned_passive INTEGER NOT NULL, passive_moved INTEGER NOT NULL,"
    " steps_completed INTEGER NOT NULL, steps_dropped INTEGER NOT NULL,"
    " avoidance_identified INTEGER NOT NULL, avoidance_reframed INTEGER NOT NULL,"
    " PRIMARY KEY (person_id, day))",
    "CREATE TABLE IF NOT EXISTS {s}refocus_audit_meetings ("
    " item_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, kind TEXT NOT NULL, held_on TEXT NOT NULL,"
    " recorded_on TEXT NOT NULL, next_due TEXT, took_part INTEGER NOT NULL)",
    # The ids of erased people and of their goals and steps, which answer 410 Gone
    # (projections.erasure); ids are random and name no one.
    "CREATE TABLE IF NOT EXISTS {s}refocus_erased ("
    " id TEXT PRIMARY KEY, person_id TEXT NOT NULL, kind TEXT NOT NULL)",
    # Every request to erase a person, granted or refused: codes, never personal data.
    "CREATE TABLE IF NOT EXISTS {s}refocus_erasure_log ("
    " position BIGINT PRIMARY KEY, person_id TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT NOT NULL,"
    " rule TEXT, from_ledger INTEGER NOT NULL, actor_subject TEXT NOT NULL, actor_role TEXT NOT NULL,"
    " at TEXT NOT NULL)",
    "INSERT INTO {s}refocus_view_positions (view_name, position) VALUES (?, 0)"
    " ON CONFLICT (view_name) DO NOTHING",
    # Not one of _TABLES: a rebuild keeps it (projections.faults).
    "CREATE TABLE IF NOT EXISTS {s}refocus_projection_faults ("
    " position BIGINT PRIMARY KEY, topic TEXT NOT NULL, error_class TEXT NOT NULL,"
    " stopped_at TEXT NOT NULL, resolution TEXT, reason TEXT, resolved_at TEXT)",
)

#: The secondary indexes. A rebuild creates them after loading every row: one sort per index
#: instead of a B-tree insert per row, which on a large store reads index pages back from disk
#: (docs/decisions/0010-rebuild-with-copy-and-batches.md).
_INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS refocus_journey_parts_by_id ON {s}refocus_journey_parts (part_id)",
    # As-of and replay read a person's events by the ids of their goals and steps.
    "CREATE INDEX IF NOT EXISTS refocus_journey_parts_by_person ON {s}refocus_journey_parts (person_id)",
    # Not by name: names are sealed, and a caseload is put in order after they are opened.
    "CREATE INDEX IF NOT EXISTS refocus_caseload_by_team ON {s}refocus_caseload (team_id)",
    "CREATE INDEX IF NOT EXISTS refocus_timeline_by_person ON {s}refocus_timeline (person_id, at, position)",
    "CREATE INDEX IF NOT EXISTS refocus_timeline_by_team ON {s}refocus_timeline (team_id, position)",
    "CREATE INDEX IF NOT EXISTS refocus_timeline_by_former_team"
    " ON {s}refocus_timeline (former_team_id, position)",
    # An audit finds the people ever on a team, then reads their own rows by key.
    "CREATE INDEX IF NOT EXISTS refocus_audit_days_by_team ON {s}refocus_audit_days (team_id, person_id)",
    "CREATE INDEX IF NOT EXISTS refocus_audit_meetings_by_person"
    " ON {s}refocus_audit_meetings (person_id, held_on)",
    "CREATE INDEX IF NOT EXISTS refocus_supervision_notes_by_person"
    " ON {s}refocus_supervision_notes (person_id, position)",
)


def _database_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [PersistenceError, sqlite3.Error]
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a declared dependency
        pass
    else:
        errors.append(psycopg.Error)
    return tuple(errors)


#: Errors a concurrent writer can cause; a view transaction that meets one is retried.
DATABASE_ERRORS = _database_errors()


class ViewCursor:
    """A cursor that speaks the one SQL text of this module in either dialect."""

    def __init__(self, cursor: Any, translate: Any, dialect: str = "sqlite", seal: TextSeal = PLAIN) -> None:
        self._cursor = cursor
        self.seal = seal
        self._translate = translate
        self._dialect = dialect
        if dialect == "postgres":
            # The datastore's connections answer dicts; a view reads hundreds of rows at a time
            # (a replay's events), and a dict per row, only to take its values, is wasted work.
            cursor.row_factory = _tuple_rows

    def execute(self, statement: str, params: Sequence[Any] = (), *, binary: bool = False) -> None:
        if binary and self._dialect == "postgres":
            self._cursor.execute(self._translate(statement), tuple(params), binary=True)
        else:
            self._cursor.execute(self._translate(statement), tuple(params))

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._cursor.executemany(self._translate(statement), rows)

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert new rows (no upsert): ``COPY`` on PostgreSQL, ``executemany`` on SQLite.

        ``COPY`` streams a rebuild's rows where ``executemany`` costs psycopg a pipeline
        round trip per row (docs/decisions/0010-rebuild-with-copy-and-batches.md).
        """
        if not rows:
            return
        names = ", ".join(columns)
        if self._dialect == "postgres":
            statement = self._translate(f"COPY {{s}}{table} ({names}) FROM STDIN")
            with self._cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            self.executemany(f"INSERT INTO {{s}}{table} ({names}) VALUES ({marks})", rows)

    def one(self, statement: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        self.execute(statement, params)
        row = self._cursor.fetchone()
        return None if row is None else tuple(row)

    def all(
        self, statement: str, params: Sequence[Any] = (), *, binary: bool = False
    ) -> list[tuple[Any, ...]]:
        """Every row; ``binary`` asks PostgreSQL for its binary format (bytea as is, not as hex
        text to decode)."""
        self.execute(statement, params, binary=binary)
        rows = self._cursor.fetchall()
        # sqlite3 answers Rows, psycopg (above) tuples already.
        return rows if self._dialect == "postgres" else [tuple(row) for row in rows]


def quoted(identifier: str) -> str:
    """A table or schema name as SQL text, whatever characters it holds."""
    return '"' + identifier.replace('"', '""') + '"'


def _tuple_rows(cursor: Any) -> type[tuple[Any, ...]]:
    # psycopg's own tuple_row, without importing psycopg here: its C code fast-paths on `tuple`.
    return tuple


class ViewStore:
    """Read-model tables beside the events, in SQLite or PostgreSQL."""

    def __init__(self, datastore: Any, seal: TextSeal = PLAIN) -> None:
        self._datastore = datastore
        self.seal = seal
        if isinstance(datastore, SQLiteDatastore):
            self.dialect = "sqlite"
            prefix = ""
        else:
            self.dialect = "postgres"
            prefix = quoted(datastore.schema) + "."
        self._translate = _translator(self.dialect, prefix)

    @property
    def datastore(self) -> Any:
        return self._datastore

    def events_table_beside(self, recorder: Any) -> str | None:
        """The name of ``recorder``'s event table if it is in this store's database, so that
        view statements may read it directly; None for events kept elsewhere or in memory."""
        table: str | None = getattr(recorder, "events_table_name", None)
        return table if getattr(recorder, "datastore", None) is self._datastore else None

    @contextmanager
    def reading(self) -> Iterator[ViewCursor]:
        with self._datastore.transaction(commit=False) as cursor:
            yield ViewCursor(cursor, self._translate, self.dialect, self.seal)

    @contextmanager
    def writing(self) -> Iterator[ViewCursor]:
        with self._datastore.transaction(commit=True) as cursor:
            if self.dialect == "sqlite":
                # Debian's SQLite zeroes every page it frees (secure_delete on), so a rebuild's
                # DROP would write the old views out again. A freed view page holds only what
                # the events in this same file still hold; FAST still clears deleted rows in
                # pages that are written anyway.
                cursor.execute("PRAGMA secure_delete = FAST")
            yield ViewCursor(cursor, self._translate, self.dialect, self.seal)

    def prefer_index_reads(self, tx: ViewCursor) -> None:
        """For a read that is always a few bounded index ranges, in this transaction only.

        Without statistics (a store just loaded, before autovacuum or ANALYZE has run) the
        planner may scan whole tables where the primary key finds a person's few events, and,
        guessing millions of rows where there are hundreds, compile each such read with JIT.
        """
        if self.dialect == "postgres":
            tx.execute("SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)")

    def explain(self, statement: str, params: Sequence[Any] = ()) -> str:
        """The database's plan for a read that prefers index reads (diagnostics, tests)."""
        explain = "EXPLAIN QUERY PLAN " if self.dialect == "sqlite" else "EXPLAIN "
        with self.reading() as tx:
            self.prefer_index_reads(tx)
            return "\n".join(str(row[-1]) for row in tx.all(explain + statement, params))

    def create_tables(self, *, indexes: bool = True) -> None:
        """Create the views, or rebuild them empty if they were made for another shape.

        ``indexes=False`` leaves out the secondary indexes, for a bulk load that ends with
        :meth:`create_indexes`; a load cut short gets them at the next ``create_tables()``.
        """
        stored = self._stored_schema_version()
        if stored not in (None, SCHEMA_VERSION) or (stored and self._stored_sealing() != self.seal.sealing):
            self.drop_tables()
        with self.writing() as tx:
            for statement in _SCHEMA + (_INDEXES if indexes else ()):
                tx.execute(statement, (VIEW_NAME,) if "?" in statement else ())
            tx.execute(
                "INSERT INTO {s}refocus_view_positions (view_name, position) VALUES (?, ?)"
                " ON CONFLICT (view_name) DO UPDATE SET position = excluded.position",
                (_SCHEMA_ROW, SCHEMA_VERSION),
            )
            tx.execute(
                "INSERT INTO {s}refocus_view_positions (view_name, position) VALUES (?, ?)"
                " ON CONFLICT (view_name) DO UPDATE SET position = excluded.position",
                (_SEALED_ROW, int(self.seal.sealing)),
            )

    def _stored_sealing(self) -> bool:
        with self.reading() as tx:
            row = tx.one("SELECT position FROM {s}refocus_view_positions WHERE view_name = ?", (_SEALED_ROW,))
        return bool(row and row[0])

    def _stored_schema_version(self) -> int | None:
        try:
            with self.reading() as tx:
                row = tx.one(
                    "SELECT position FROM {s}refocus_view_positions WHERE view_name = ?", (_SCHEMA_ROW,)
                )
        except DATABASE_ERRORS:
            return None  # no views yet
        # Views from before versioning have a positions table but no version row.
        return int(row[0]) if row else 1

    def create_indexes(self) -> None:
        with self.writing() as tx:
            for statement in _INDEXES:
                tx.execute(statement)

    def drop_tables(self) -> None:
        with self.writing() as tx:
            for table in _TABLES:
                tx.execute(f"DROP TABLE IF EXISTS {{s}}{table}")

    def position(self) -> int:
        with self.reading() as tx:
            row = tx.one("SELECT position FROM {s}refocus_view_positions WHERE view_name = ?", (VIEW_NAME,))
        return int(row[0]) if row else 0

    def lock_position(self, tx: ViewCursor) -> int:
        """Read the position inside a writing transaction, holding it until commit."""
        lock = " FOR UPDATE" if self.dialect == "postgres" else ""
        if self.dialect == "sqlite":
            # Writing first takes SQLite's write lock now (waiting on the busy timeout),
            # instead of failing later when a read snapshot turns out to be stale.
            tx.execute(
                "UPDATE {s}refocus_view_positions SET position = position WHERE view_name = ?",
                (VIEW_NAME,),
            )
        row = tx.one(
            "SELECT position FROM {s}refocus_view_positions WHERE view_name = ?" + lock,
            (VIEW_NAME,),
        )
        return int(row[0]) if row else 0

    def set_position(self, tx: ViewCursor, position: int) -> None:
        tx.execute(
            "UPDATE {s}refocus_view_positions SET position = ? WHERE view_name = ?",
            (position, VIEW_NAME),
        )


def _translator(dialect: str, prefix: str) -> Any:
    @lru_cache(maxsize=256)
    def translate(statement: str) -> str:
        statement = statement.replace("{s}", prefix)
        if dialect == "postgres":
            return statement.replace("?", "%s")
        # Only ``INTEGER PRIMARY KEY`` makes the column SQLite's rowid; any other spelling
        # keeps a second B-tree beside the table, one more insert per timeline row.
        return statement.replace("BIGINT PRIMARY KEY", "INTEGER PRIMARY KEY")

    return translate
