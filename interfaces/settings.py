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

from interfaces.oidc.settings import OidcSettings
from interfaces.rates import Rate, parse_rate

PROJECTION_MODES = ("inline", "worker")
LOG_FORMATS = ("text", "json")
_TTL = re.compile(r"(\d+)([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
#: A scheme, a host and perhaps a port: what a browser sends as ``Origin`` (never ``*``).
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?")


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
    #: Every read of a person's data is recorded in the access log before it is answered.
    #: Off (``REFOCUS_BENCH_WITHOUT_ACCESS_RECORDS=1``) only to measure what recording costs
    #: (``python -m bench.access_cost``): never in service, where every read must be recorded.
    access_records: bool = True
    #: The OpenID Connect provider whose tokens the API accepts and whose sign-in the pages
    #: offer (``REFOCUS_OIDC_*``, interfaces/oidc/settings.py); None: local tokens only.
    oidc: OidcSettings | None = None
    #: Commands (``POST``, ``PUT``, ``PATCH``, ``DELETE`` on the API) a subject may send,
    #: per process, with a burst of as many; more answer ``429``. None: no limit.
    command_rate: Rate | None = Rate(3000, 60)  # noqa: RUF009 (frozen: shared safely)
    #: Refused bearer tokens per client address, per process; past it, tokens not already
    #: verified answer ``429`` (a request with no token at all is not counted). Generous, as
    #: a whole organisation may reach the service through one proxy's address.
    failed_auth_rate: Rate | None = Rate(120, 60)  # noqa: RUF009 (frozen: shared safely)
    #: Origins whose pages may call the API from a browser (CORS); none by default.
    cors_origins: tuple[str, ...] = ()
    #: ``Strict-Transport-Security`` max-age on every answer; 0 leaves the header out (set it behind TLS).
    hsts_seconds: int = 0
    #: ``/health/ready`` answers 503 while a projection worker's views are more than this many
    #: events behind.
    ready_max_lag: int = 1000
    #: A bearer token that may read ``/metrics`` (besides an admin's API token); none by default.
    metrics_token: str | None = None
    #: ``text`` (Python's and uvicorn's own lines) or ``json`` (one object a line, with request ids).
    log_format: str = "text"
    #: Years a discharged person's clinical record is kept before it may be erased at their
    #: request (docs/decisions/0017-erasure-and-retention.md); set it to the trust's schedule.
    retention_years: int = 8

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
        for origin in self.cors_origins:
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(
                    f"REFOCUS_CORS_ORIGINS: {origin!r} is not an origin such as https://care.example.org"
                )
        if self.log_format not in LOG_FORMATS:
            raise ValueError(f"REFOCUS_LOG_FORMAT must be text or json, not {self.log_format!r}")
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
            access_records=not _yes_or_no(env, "REFOCUS_BENCH_WITHOUT_ACCESS_RECORDS", False),
            oidc=OidcSettings.from_env(env),
            command_rate=_rate(env, "REFOCUS_RATE_LIMIT_COMMANDS", cls.command_rate),
            failed_auth_rate=_rate(env, "REFOCUS_RATE_LIMIT_FAILED_AUTH", cls.failed_auth_rate),
            cors_origins=tuple(origin for origin in env.get("REFOCUS_CORS_ORIGINS", "").split() if origin),
            hsts_seconds=_whole_number(env, "REFOCUS_HSTS_SECONDS", 0, "seconds"),
            ready_max_lag=_whole_number(env, "REFOCUS_READY_MAX_LAG", 1000, "events"),
            metrics_token=env.get("REFOCUS_METRICS_TOKEN") or None,
            log_format=(env.get("REFOCUS_LOG_FORMAT") or "text").lower(),
            retention_years=_whole_number(env, "REFOCUS_RETENTION_YEARS", 8, "years"),
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


def _rate(env: Mapping[str, str], name: str, default: Rate | None) -> Rate | None:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return parse_rate(raw)
    except ValueError as error:
        raise ValueError(f"{name}: {error}, not {raw!r}") from None


def encryption_env(settings: Settings) -> dict[str, str]:
    """The application's master key file, generated once into the data directory; a ring in
    ``REFOCUS_ENCRYPTION_KEY`` wins over it (``application.encryption.configuration``)."""
    return {"REFOCUS_ENCRYPTION_KEY_FILE": str(Path(settings.data_dir) / "encryption-keys")}
