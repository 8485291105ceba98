"""The ``refocus`` command: serve, mint tokens, rebuild read models, replay a journey, seed a demo,
export and import the event store."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO
from uuid import UUID

from domain.actor import Actor, Role
from domain.errors import InvalidInputError, NotFoundError
from interfaces import cli_erasure
from interfaces.audit import add_audit_commands, recording_reads
from interfaces.auth import (
    IdentityError,
    check_identity,
    create_sign_in_token,
    create_token,
    parse_ttl,
    signing_key,
)
from interfaces.keys_cli import add_keys_commands
from interfaces.projection_faults_cli import add_fault_commands
from interfaces.settings import Settings
from projections.people_read import wait_for_records


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        result: int = args.run(args)
    except InvalidInputError as error:
        print(f"refocus: {error}", file=sys.stderr)
        return 2
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="refocus", description="Recovery-oriented care planning (REFOCUS).")
    commands = parser.add_subparsers(title="commands")

    serve = commands.add_parser("serve", help="run the HTTP API")
    _storage_options(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="API processes sharing the port (default 1); with more than one, run the read models "
        "in `refocus projections run` and set REFOCUS_PROJECTIONS=worker",
    )
    serve.add_argument(
        "--access-log",
        action="store_true",
        help="log a line per request (method, path, status; never bodies); also REFOCUS_ACCESS_LOG=1",
    )
    serve.set_defaults(run=_serve)

    token = commands.add_parser("token", help="bearer tokens").add_subparsers(title="token commands")
    create = token.add_parser("create", help="print a signed bearer token")
    create.add_argument("--subject", required=True, help="who the token is for, e.g. alice")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--team", action="append", default=[], help="a team the subject acts in (repeat)")
    create.add_argument(
        "--ttl",
        default="8h",
        help="time to live: 30m, 8h, 7d (default 8h; at most REFOCUS_TOKEN_MAX_TTL, default 12h)",
    )
    create.add_argument("--data-dir", help="where the generated signing key lives (default ./refocus-data)")
    create.add_argument(
        "--link",
        action="store_true",
        help="print a one-time sign-in link to the pages instead (good for 15 minutes, used once)",
    )
    create.add_argument(
        "--base-url",
        default="http://127.0.0.1:8000",
        help="where the pages are served, for --link (default http://127.0.0.1:8000)",
    )
    create.set_defaults(run=_token_create)
    revoke = token.add_parser(
        "revoke",
        help="refuse a token from now on (the API answers 401)",
        description="Record the token's id in the data directory's revoked-tokens file: every API "
        "process using that data directory refuses the token from its next request, and after a restart.",
    )
    revoke.add_argument("token", help="the token itself, or its id (its `jti` claim)")
    revoke.add_argument("--data-dir", help="the data directory the API uses (default ./refocus-data)")
    revoke.set_defaults(run=_token_revoke)

    projections = commands.add_parser("projections", help="read models").add_subparsers(
        title="projection commands"
    )
    rebuild = projections.add_parser(
        "rebuild", help="drop the read models and build them again from the events"
    )
    _storage_options(rebuild)
    rebuild.set_defaults(run=_rebuild)
    run_worker = projections.add_parser(
        "run", help="keep the read models up to date, as the one projection worker (until Ctrl-C)"
    )
    _storage_options(run_worker)
    run_worker.add_argument(
        "--no-wait",
        action="store_true",
        help="exit with status 3 if another worker is running, instead of standing by until it stops",
    )
    run_worker.set_defaults(run=_projections_run)
    add_fault_commands(projections, _storage_options, _settings)

    replay = commands.add_parser(
        "replay",
        help="print a person's journey frame by frame, for supervision",
        description="Print the journey as it unfolded: each event with its time, actor and summary, "
        "then what it changed in the care plan. Times are ISO 8601 (UTC if no zone is given). "
        "Pipe to `less` to page.",
    )
    replay.add_argument("person_id", type=_uuid, help="the person's id")
    replay.add_argument("--since", type=_moment, help="start at this time")
    replay.add_argument("--until", type=_moment, help="stop at this time")
    _storage_options(replay)
    replay.set_defaults(run=_replay)

    demo = commands.add_parser("demo", help="seed a small demo team and print a token to explore it")
    _storage_options(demo)
    demo.add_argument("--port", type=int, default=8000, help="the port `refocus serve` will use")
    demo.set_defaults(run=_demo)
    add_audit_commands(commands, _storage_options, _settings)
    cli_erasure.add_commands(commands, _storage_options, _settings)

    from interfaces.backup_cli import add_commands as add_backup_commands

    add_backup_commands(commands, _storage_options)
    add_keys_commands(commands, _storage_options, _settings)
    return parser


def _storage_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        help="sqlite:///file.db or postgresql://... (default: REFOCUS_DATABASE_URL, "
        "else SQLite in the data directory)",
    )
    parser.add_argument("--data-dir", help="data directory (default: REFOCUS_DATA_DIR or ./refocus-data)")


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        database_url=getattr(args, "database_url", None),
        data_dir=getattr(args, "data_dir", None),
    )


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from interfaces.http import create_app
    from interfaces.http.bounded_protocol import PROTOCOL
    from interfaces.logs import json_log_config

    settings = _settings(args)
    access_log = args.access_log or settings.access_log
    logs: dict[str, Any] = {"log_config": json_log_config()} if settings.log_format == "json" else {}
    if args.workers <= 1:
        uvicorn.run(
            create_app(settings, freeze_gc=True),
            host=args.host,
            port=args.port,
            access_log=access_log,
            **logs,
            http=PROTOCOL,
        )
        return 0
    # Each worker process builds its own app from the environment: hand the options on
    # through it, and create the signing key now so the workers do not race to.
    os.environ["REFOCUS_DATABASE_URL"] = settings.store_url
    os.environ["REFOCUS_DATA_DIR"] = str(settings.data_dir)
    signing_key(settings)
    uvicorn.run(
        "interfaces.http.app:create_served_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=access_log,
        **logs,
        http=PROTOCOL,
    )
    return 0


def _projections_run(args: argparse.Namespace) -> int:
    from interfaces.runtime import Runtime
    from projections.worker import ProjectionWorker, WorkerLockedError

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with Runtime(_settings(args)) as runtime:
        try:
            worker = ProjectionWorker(runtime.projector, report=lambda line: print(line, file=sys.stderr))
            reached = worker.run(stop, wait=not args.no_wait)
        except ValueError as error:
            print(f"refocus: {error}", file=sys.stderr)
            return 2
        except WorkerLockedError as error:
            print(f"refocus: {error}", file=sys.stderr)
            return 3
    print(f"Projection worker stopped at position {reached}.", file=sys.stderr)
    return 0


def _token_create(args: argparse.Namespace) -> int:
    role = Role(args.role)
    try:
        check_identity(args.subject, role, args.team)
    except IdentityError as error:
        print(f"refocus: --{error.claim}: {error}", file=sys.stderr)
        return 2
    settings = _settings(args)
    try:
        ttl = parse_ttl(args.ttl)
    except ValueError as error:
        print(f"refocus: --ttl: {error}", file=sys.stderr)
        return 2
    if ttl > settings.token_max_ttl:
        print(
            f"refocus: --ttl: at most {_duration(settings.token_max_ttl)} (REFOCUS_TOKEN_MAX_TTL)",
            file=sys.stderr,
        )
        return 2
    key = signing_key(settings)
    if args.link:
        print(sign_in_link(args.base_url, create_sign_in_token(key, args.subject, role, args.team)))
        return 0
    print(create_token(key, args.subject, role, args.team, ttl))
    return 0


def _token_revoke(args: argparse.Namespace) -> int:
    from interfaces.revocation import RevokedTokens

    given = args.token.strip()
    token_id = _token_id(given) if given.count(".") == 2 else given
    if token_id is None:
        print("refocus: this token carries no id: it cannot be revoked, only left to expire", file=sys.stderr)
        return 2
    try:
        RevokedTokens(_settings(args).data_dir).revoke(token_id)
    except ValueError as error:
        print(f"refocus: {error}", file=sys.stderr)
        return 2
    print(f"Revoked token {token_id}.", file=sys.stderr)
    return 0


def _token_id(token: str) -> str | None:
    import jwt

    try:
        # Only its id is wanted: revoking an id does no harm, whoever signed the token.
        token_id = jwt.decode(token, options={"verify_signature": False}).get("jti")
    except jwt.InvalidTokenError:
        return None
    return token_id if isinstance(token_id, str) else None


def _duration(ttl: timedelta) -> str:
    seconds = int(ttl.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def sign_in_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/sign-in?token={token}"


def _rebuild(args: argparse.Namespace) -> int:
    from interfaces.runtime import Runtime
    from projections.worker import ProjectionWorker, WorkerLockedError

    with Runtime(_settings(args)) as runtime:
        started = time.monotonic()
        try:
            with ProjectionWorker(runtime.projector).holding():
                reached = runtime.projector.rebuild(progress_bar(sys.stderr, started))
        except WorkerLockedError:
            print(
                "refocus: a projection worker is running for these views: stop it, then rebuild",
                file=sys.stderr,
            )
            return 3
        elapsed = time.monotonic() - started
    print(f"\nRead models rebuilt up to position {reached} in {elapsed:.1f} s.", file=sys.stderr)
    return 0


def progress_bar(stream: TextIO, started: float, width: int = 30) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        elapsed = max(time.monotonic() - started, 1e-6)
        rate = done / elapsed
        eta = (total - done) / rate if rate else 0.0
        bar = "#" * int(fraction * width)
        stream.write(
            f"\r[{bar:<{width}}] {done}/{total} events {fraction:4.0%}  {rate:,.0f} ev/s  ETA {eta:4.1f} s"
        )
        stream.flush()

    return show


def _uuid(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError("not a person id (a UUID)") from None


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("not a time: use ISO 8601, e.g. 2026-11-28T10:15:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


#: The replay runs on the server, by its operator: it sees every team's journeys.
CLI_ACTOR = Actor("refocus-cli", Role.ADMIN)


def _replay(args: argparse.Namespace) -> int:
    from interfaces.replay_text import render_frame
    from interfaces.runtime import Runtime

    with Runtime(_settings(args)) as runtime, recording_reads(runtime.access_log, "refocus replay"):
        runtime.projector.catch_up()
        try:
            frames = runtime.views.replay(args.person_id, CLI_ACTOR, since=args.since, until=args.until)
        except NotFoundError:
            print(f"refocus: no person {args.person_id} in this store", file=sys.stderr)
            return 1
        wait_for_records()  # raises AccessLogUnavailableError: nothing is printed
        shown = 0
        for frame in frames:
            # A blank line between frames keeps each one readable on its own when paged.
            print(("\n" if shown else "") + render_frame(frame))
            shown += 1
    if not shown:
        print("refocus: no events in that period", file=sys.stderr)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from interfaces.demo import DEMO_TEAM, DEMO_WORKER, seed_demo
    from interfaces.runtime import Runtime

    settings = _settings(args)
    with Runtime(settings) as runtime:
        demo = seed_demo(runtime.journeys)
        runtime.projector.catch_up()
    token = create_token(signing_key(settings), DEMO_WORKER, Role.WORKER, [DEMO_TEAM])
    base = f"http://127.0.0.1:{args.port}"
    print(f"Seeded team '{DEMO_TEAM}' with {len(demo.person_ids)} people in {settings.store_url}.")
    print(f"\nA worker token for team '{DEMO_TEAM}' (valid 8 hours):\n\n  {token}\n")
    print("Start the service in another terminal (same directory):\n\n  refocus serve\n")
    print("Then read Sam's care plan and the team's caseload:\n")
    print(f'  curl -H "Authorization: Bearer {token}" {base}/api/v1/people/{demo.person_ids[0]}/care-plan')
    print(f'  curl -H "Authorization: Bearer {token}" {base}/api/v1/people')
    link = sign_in_link(
        base, create_sign_in_token(signing_key(settings), DEMO_WORKER, Role.WORKER, [DEMO_TEAM])
    )
    print(f"\nOr open the pages with this sign-in link (once, within 15 minutes):\n\n  {link}\n")
    print(f"Browse the API at {base}/docs")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
