"""Bearer tokens: signed with the deployment key, carrying subject, role and teams."""

from __future__ import annotations

import os
import re
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt

from domain.actor import Actor, Role
from interfaces.settings import Settings

ALGORITHM = "HS256"
ISSUER = "refocus"
KEY_FILE = "secret.key"
_TTL = re.compile(r"(\d+)([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class TokenError(Exception):
    """Raised when a bearer token is missing, malformed, expired or wrongly signed."""


def signing_key(settings: Settings) -> str:
    """The deployment key: ``REFOCUS_SECRET_KEY``, or one generated once into the data directory."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as key_file:
        key = secrets.token_urlsafe(48)
        key_file.write(key + "\n")
    return key


def parse_ttl(ttl: str) -> timedelta:
    match = _TTL.fullmatch(ttl.strip())
    if not match or int(match.group(1)) == 0:
        raise ValueError("a time to live looks like 30m, 8h or 7d")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def create_token(
    key: str,
    subject: str,
    role: Role,
    teams: list[str],
    ttl: timedelta = timedelta(hours=8),
    now: datetime | None = None,
) -> str:
    issued = now or datetime.now(UTC)
    claims = {
        "iss": ISSUER,
        "sub": subject,
        "role": role.value,
        "teams": sorted(set(teams)),
        "iat": int(issued.timestamp()),
        "exp": int((issued + ttl).timestamp()),
    }
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def read_token_until(key: str, token: str) -> tuple[Actor, float]:
    """The token's actor, and when the token expires (seconds since the epoch)."""
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["sub", "exp", "iat", "iss"]},
        )
        role = Role(str(claims.get("role")))
        teams = claims.get("teams", [])
        if not isinstance(teams, list) or not all(isinstance(t, str) for t in teams):
            raise TokenError("the token's teams are malformed")
    except jwt.ExpiredSignatureError:
        raise TokenError("the token has expired") from None
    except (jwt.InvalidTokenError, ValueError):
        raise TokenError("the token is not valid") from None
    return Actor(subject=str(claims["sub"]), role=role, teams=frozenset(teams)), float(claims["exp"])


#: A sign-in link's token is good for this long, and once.
SIGN_IN_LINK_TTL = timedelta(minutes=15)
#: The audience of a sign-in link's token: a bearer token has none, so neither passes for the other.
SIGN_IN_AUDIENCE = "refocus-sign-in"


def create_sign_in_token(
    key: str, subject: str, role: Role, teams: list[str], now: datetime | None = None
) -> str:
    """A token for a one-time sign-in link to the pages (``/sign-in?token=...``)."""
    issued = now or datetime.now(UTC)
    claims = {
        "iss": ISSUER,
        "aud": SIGN_IN_AUDIENCE,
        "sub": subject,
        "role": role.value,
        "teams": sorted(set(teams)),
        "iat": int(issued.timestamp()),
        "exp": int((issued + SIGN_IN_LINK_TTL).timestamp()),
        "jti": secrets.token_urlsafe(16),
    }
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def read_sign_in_token(key: str, token: str) -> tuple[Actor, str, float]:
    """A sign-in link token's actor, its id (which the caller makes single-use), and its expiry."""
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            audience=SIGN_IN_AUDIENCE,
            options={"require": ["sub", "exp", "iat", "iss", "aud", "jti"]},
        )
        role = Role(str(claims.get("role")))
        teams = claims.get("teams", [])
        if not isinstance(teams, list) or not all(isinstance(t, str) for t in teams):
            raise TokenError("the link's teams are malformed")
    except jwt.ExpiredSignatureError:
        raise TokenError("the sign-in link has expired") from None
    except (jwt.InvalidTokenError, ValueError):
        raise TokenError("the sign-in link is not valid") from None
    actor = Actor(subject=str(claims["sub"]), role=role, teams=frozenset(teams))
    return actor, str(claims["jti"]), float(claims["exp"])
