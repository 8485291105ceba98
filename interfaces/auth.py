"""Bearer tokens: signed with the deployment key, carrying subject, role and teams."""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt

from application.storage.files import PRIVATE_FILE, private_directory
from domain.actor import Actor, Role
from interfaces.settings import Settings, parse_ttl

__all__ = ["parse_ttl"]

ALGORITHM = "HS256"
ISSUER = "refocus"
KEY_FILE = "secret.key"
#: The longest a token may live unless ``REFOCUS_TOKEN_MAX_TTL`` says otherwise.
DEFAULT_TOKEN_MAX_TTL = Settings.token_max_ttl


class TokenError(Exception):
    """Raised when a bearer token is missing, malformed, expired or wrongly signed."""


def signing_key(settings: Settings) -> str:
    """The deployment key: ``REFOCUS_SECRET_KEY``, or one generated once into the data directory."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / KEY_FILE
    private_directory(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return path.read_text().strip()
    os.fchmod(fd, PRIVATE_FILE)  # whatever the umask
    with os.fdopen(fd, "w") as key_file:
        key = secrets.token_urlsafe(48)
        key_file.write(key + "\n")
    return key


class IdentityError(ValueError):
    """A token would name nobody, or no team; ``claim`` is ``subject`` or ``team``."""

    def __init__(self, claim: str, message: str) -> None:
        super().__init__(message)
        self.claim = claim


def check_identity(subject: str, role: Role, teams: list[str]) -> None:
    """Refuse a subject or team that is empty, and a token without teams unless it is an admin's.

    A token names someone, and, but for an admin, the teams they act in: one that names
    nobody or no team is a mistake, never a way to act unseen.
    """
    if not subject.strip():
        raise IdentityError("subject", "the subject is empty: name who the token is for")
    if any(not team.strip() for team in teams):
        raise IdentityError("team", "a team is empty: name each team")
    if not teams and role is not Role.ADMIN:
        raise IdentityError("team", "give at least one team (only admins see every team)")


def create_token(
    key: str,
    subject: str,
    role: Role,
    teams: list[str],
    ttl: timedelta = timedelta(hours=8),
    now: datetime | None = None,
) -> str:
    """A signed bearer token with its own id (``jti``), which ``refocus token revoke`` takes."""
    check_identity(subject, role, teams)
    issued = now or datetime.now(UTC)
    claims = {
        "iss": ISSUER,
        "sub": subject,
        "role": role.value,
        "teams": sorted(set(teams)),
        "iat": int(issued.timestamp()),
        "exp": int((issued + ttl).timestamp()),
        "jti": secrets.token_urlsafe(16),
    }
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def read_token(key: str, token: str, max_ttl: timedelta = DEFAULT_TOKEN_MAX_TTL) -> tuple[Actor, str, float]:
    """The token's actor, its id, and when it expires (seconds since the epoch).

    Revocation is not checked here: see ``interfaces.revocation.TokenVerifier``.
    """
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["sub", "exp", "iat", "iss", "jti"]},
        )
        actor = _actor(claims)
        if claims["exp"] - claims["iat"] > max_ttl.total_seconds():
            raise TokenError("the token lives longer than this service allows")
        token_id = claims["jti"]
        if not isinstance(token_id, str) or not token_id:
            raise TokenError("the token is not valid")
    except jwt.ExpiredSignatureError:
        raise TokenError("the token has expired") from None
    except (jwt.InvalidTokenError, ValueError, TypeError):
        raise TokenError("the token is not valid") from None
    return actor, token_id, float(claims["exp"])


def read_token_until(key: str, token: str, max_ttl: timedelta = DEFAULT_TOKEN_MAX_TTL) -> tuple[Actor, float]:
    """The token's actor, and when the token expires (seconds since the epoch)."""
    actor, _, expires = read_token(key, token, max_ttl)
    return actor, expires


def _actor(claims: dict[str, Any]) -> Actor:
    role = Role(str(claims.get("role")))
    teams = claims.get("teams", [])
    if not isinstance(teams, list) or not all(isinstance(t, str) for t in teams):
        raise TokenError("the token's teams are malformed")
    subject = claims["sub"]
    if not isinstance(subject, str):
        raise TokenError("the token is not valid")
    try:
        check_identity(subject, role, teams)
    except ValueError as error:
        raise TokenError(f"the token is not valid: {error}") from None
    return Actor(subject=subject, role=role, teams=frozenset(teams))


#: A sign-in link's token is good for this long, and once.
SIGN_IN_LINK_TTL = timedelta(minutes=15)
#: The audience of a sign-in link's token: a bearer token has none, so neither passes for the other.
SIGN_IN_AUDIENCE = "refocus-sign-in"


def create_sign_in_token(
    key: str, subject: str, role: Role, teams: list[str], now: datetime | None = None
) -> str:
    """A token for a one-time sign-in link to the pages (``/sign-in?token=...``)."""
    check_identity(subject, role, teams)
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
        actor = _actor(claims)
    except jwt.ExpiredSignatureError:
        raise TokenError("the sign-in link has expired") from None
    except (jwt.InvalidTokenError, ValueError, TokenError):
        raise TokenError("the sign-in link is not valid") from None
    return actor, str(claims["jti"]), float(claims["exp"])
