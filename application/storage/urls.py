"""Turn a database URL into the event store's configuration."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from application.storage.files import private_sqlite_files
from domain.errors import InvalidInputError

#: Seconds to wait for a PostgreSQL connection; the library retries ten times.
POSTGRES_CONNECT_TIMEOUT = "5"


def store_env(database_url: str) -> dict[str, str]:
    """Configuration for ``eventsourcing`` from ``sqlite:///path``, ``postgresql://`` or ``memory://``."""
    parts = urlsplit(database_url)
    scheme = parts.scheme.split("+")[0]
    if scheme == "memory":
        # The library's POPO factory ignores APPLICATION_RECORDER_TOPIC: ours makes the recorder.
        return {"PERSISTENCE_MODULE": "application.storage.recorders:RefocusPOPOFactory"}
    if scheme == "sqlite":
        path = unquote(parts.path)
        if path.startswith("/") and parts.netloc == "":
            # sqlite:///relative/file.db has one slash left over; sqlite:////abs keeps one.
            path = path[1:]
        if not path:
            raise InvalidInputError(
                "database_url", "a SQLite URL names a file: sqlite:///refocus-data/refocus.db"
            )
        if not path.startswith("file:"):
            private_sqlite_files(Path(path))
        return {
            # The library's SQLite store, with writers of all processes taking turns through a file lock.
            "PERSISTENCE_MODULE": "application.storage.sqlite:RefocusSQLiteFactory",
            "SQLITE_DBNAME": path,
            "APPLICATION_RECORDER_TOPIC": _recorder("SQLite"),
        }
    if scheme in ("postgres", "postgresql"):
        query = parse_qs(parts.query)
        env = {
            # The library's PostgreSQL store, failing fast while the database is unreachable.
            "PERSISTENCE_MODULE": "application.storage.postgres:RefocusPostgresFactory",
            "POSTGRES_DBNAME": unquote(parts.path.lstrip("/")) or "postgres",
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_CONNECT_TIMEOUT": POSTGRES_CONNECT_TIMEOUT,
            # Kept off on purpose: with it on, a follower can see commits out of order.
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "APPLICATION_RECORDER_TOPIC": _recorder("Postgres"),
        }
        if "schema" in query:
            env["POSTGRES_SCHEMA"] = query["schema"][0]
        return env
    raise InvalidInputError(
        "database_url", "use sqlite:///path/to/file.db, postgresql://user@host/db or memory://"
    )


def _recorder(store: str) -> str:
    # Recorders that also write an idempotency key and check the command's reads in the
    # events' own transaction.
    return f"application.storage.recorders:Refocus{store}Recorder"
