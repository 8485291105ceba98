"""Deployment settings, from the environment (``REFOCUS_*``) or given in code."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECTION_MODES = ("inline", "worker")
_TTL = re.compile(r"(\d+)([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_ttl(ttl: str) -> timedelta:
    """A time to live such as ``30m``, ``8h`` or ``7d``."""
    match = _TTL.fullmatch(ttl.strip())
    if not match or int(match.group(1)) == 0:
        raise ValueError("a time to live looks like 30m, 8h or 7d")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


@dataclass(frozen=True)
class Settings:
    #: Where the SQLite database and the generated signing key live.
    data_dir: Path = Path("refocus-data")
    #: ``sqlite:///path``, ``postgresql://user@host/db[?schema=s]`` or ``memory://``;
    #: by default a SQLite file in ``data_dir``.
    database_url: str | None = None
    #: Signs and checks bearer tokens; by default a key generated once into ``data_dir``.
    secret_key: str | None = None
    #: Requests with a larger body are refused with 413.
    max_body_bytes: int = 128 * 1024
    #: How long a query waits for the read models to reach ``min_position``.
    read_wait_seconds: float = 5.0
    #: ``inline``: each API process brings the read models up to date before a query.
    #: ``worker``: a separate ``refocus projections run`` process does; queries only wait for it.
    projections: str = "inline"
    #: A strengths assessment not updated for longer than this is reported stale.
    strengths_stale_after_days: int = 90
    #: The caseload counts open steps due within this many days (or overdue) as due soon.
    steps_due_soon_days: int = 14
    #: A person never reviewed is overdue for a first review this many days after registering.
    first_review_days: int = 90
    #: Threads an API process runs queries in, and commands on PostgreSQL (the rest of a
    #: request runs on the event loop, and so do commands on a SQLite file); by default 2
    #: on SQLite and 4 on PostgreSQL. The event store serialises writes, so more threads
    #: only queue there and fight over the GIL: a few threads serve more commands a second
    #: than anyio's default of 40. Raise it for slow reads on a machine with more cores.
    worker_threads: int | None = None
    #: One log line per request (uvicorn's access log). Off by default: who did what is in
    #: the events themselves, the load balancer in front usually logs requests, and in this
    #: one-GIL process the line costs a large share of a command's CPU.
    access_log: bool = False
    #: The pages' session cookie is sent over HTTPS only (``Secure``): set it behind TLS.
    cookie_secure: bool = False
    #: How long a signed-in page session lasts (never past the pasted token's own expiry).
    session_hours: int = 8
    #: Times on the pages are shown in this zone (stored times are UTC).
    time_zone: str = "Europe/London"
    #: The longest a bearer token may live: ``refocus token create --ttl`` refuses more,
    #: and the API refuses a token whose lifetime (``exp - iat``) is longer.
    token_max_ttl: timedelta = timedelta(hours=12)

    def __post_init__(self) -> None:
        if self.session_hours < 1:
            raise ValueError("REFOCUS_SESSION_HOURS must be at least 1")
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("REFOCUS_TIME_ZONE must name a time zone, such as Europe/London") from None
        object.__setattr__(self, "data_dir", Path(self.data_dir))
        if self.worker_threads is not None and self.worker_threads < 1:
            raise ValueError("REFOCUS_WORKER_THREADS must be at least 1")
        if self.projections not in PROJECTION_MODES:
            raise ValueError(f"REFOCUS_PROJECTIONS must be inline or worker, not {self.projections!r}")

    @property
    def store_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'refocus.db'}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        env = os.environ if environ is None else environ
        settings = cls(
            data_dir=Path(env.get("REFOCUS_DATA_DIR", "refocus-data")),
            database_url=env.get("REFOCUS_DATABASE_URL") or None,
            secret_key=env.get("REFOCUS_SECRET_KEY") or None,
            projections=env.get("REFOCUS_PROJECTIONS") or "inline",
            strengths_stale_after_days=_whole_days(env, "REFOCUS_STRENGTHS_STALE_DAYS", 90),
            steps_due_soon_days=_whole_days(env, "REFOCUS_STEPS_DUE_SOON_DAYS", 14),
            first_review_days=_whole_days(env, "REFOCUS_FIRST_REVIEW_DAYS", 90),
            worker_threads=_whole_number(env, "REFOCUS_WORKER_THREADS", 0) or None,
            access_log=_yes_or_no(env, "REFOCUS_ACCESS_LOG", False),
            cookie_secure=_yes_or_no(env, "REFOCUS_COOKIE_SECURE", False),
            session_hours=_whole_number(env, "REFOCUS_SESSION_HOURS", 8, "hours"),
            time_zone=env.get("REFOCUS_TIME_ZONE") or "Europe/London",
            token_max_ttl=_ttl(env, "REFOCUS_TOKEN_MAX_TTL", timedelta(hours=12)),
        )
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})


_YES = ("1", "true", "yes", "on")
_NO = ("0", "false", "no", "off")


def _yes_or_no(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() not in _YES + _NO:
        raise ValueError(f"{name} must be one of {', '.join(_YES + _NO)}, not {raw!r}")
    return raw.lower() in _YES


def _whole_days(env: Mapping[str, str], name: str, default: int) -> int:
    return _whole_number(env, name, default, "days")


def _whole_number(env: Mapping[str, str], name: str, default: int, unit: str = "") -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit():
        raise ValueError(f"{name} must be a whole number{' of ' + unit if unit else ''}, not {raw!r}")
    return int(raw)


def _ttl(env: Mapping[str, str], name: str, default: timedelta) -> timedelta:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return parse_ttl(raw)
    except ValueError as error:
        raise ValueError(f"{name}: {error}, not {raw!r}") from None


def encryption_env(settings: Settings) -> dict[str, str]:
    """The application's master key file, generated once into the data directory; a ring in
    ``REFOCUS_ENCRYPTION_KEY`` wins over it (``application.encryption.configuration``)."""
    return {"REFOCUS_ENCRYPTION_KEY_FILE": str(Path(settings.data_dir) / "encryption-keys")}
