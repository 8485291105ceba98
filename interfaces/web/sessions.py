"""Page sessions: who is signed in, kept on the server, named by a random cookie.

The cookie carries nothing but a random session id: the actor, the session's CSRF
token and its expiry stay here, so signing out ends the session for every copy of
the cookie. A session starts from an ``Actor``, however it was established (a
sign-in link, a pasted bearer token, or later an identity provider), and the pages
see only that actor: the same roles and team scoping as the API.

Sessions and used sign-in links are kept in the memory of one process
(docs/decisions/0015-page-sessions-csrf-and-vendored-assets.md): a restart signs
everyone out, and pages need one process or sticky sessions in front of several.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import Response

from domain.actor import Actor

SESSION_COOKIE = "refocus_session"
#: The double-submit cookie of the sign-in form, the one form that has no session yet.
SIGN_IN_CSRF_COOKIE = "refocus_sign_in_csrf"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class Session:
    id: str
    actor: Actor
    #: Every form of the session carries it (the synchronizer token pattern).
    csrf_token: str
    #: Seconds since the epoch.
    expires_at: float
    #: The identity provider's ID token of a single sign-on session, kept (in this process only)
    #: to name the session to the provider when the person signs out there too.
    provider_id_token: str | None = None

    def carries(self, csrf_token: str | None) -> bool:
        return csrf_token is not None and secrets.compare_digest(csrf_token, self.csrf_token)


class SessionStore:
    """The signed-in sessions of this process, and the sign-in links already used."""

    def __init__(self, lifetime_seconds: float, clock: Callable[[], float] = time.time) -> None:
        self._lifetime = lifetime_seconds
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._used_links: dict[str, float] = {}
        self._lock = threading.Lock()

    def start(
        self, actor: Actor, not_after: float | None = None, provider_id_token: str | None = None
    ) -> Session:
        """A new session for ``actor``, ending after the configured lifetime or at ``not_after``."""
        now = self._clock()
        expires = now + self._lifetime if not_after is None else min(now + self._lifetime, not_after)
        session = Session(
            secrets.token_urlsafe(32), actor, secrets.token_urlsafe(32), expires, provider_id_token
        )
        with self._lock:
            self._forget_expired(now)
            self._sessions[session.id] = session
        return session

    def find(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        session = self._sessions.get(session_id)
        if session is None:
            return None
        if self._clock() >= session.expires_at:
            with self._lock:
                self._sessions.pop(session_id, None)
            return None
        return session

    def end(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    def use_link(self, link_id: str, expires_at: float) -> bool:
        """Mark a sign-in link used; False if it was used before (a link signs in once)."""
        with self._lock:
            self._forget_expired(self._clock())
            if link_id in self._used_links:
                return False
            # Kept until the link would have expired anyway: after that its token is refused.
            self._used_links[link_id] = expires_at
            return True

    def link_used(self, link_id: str) -> bool:
        return link_id in self._used_links

    def _forget_expired(self, now: float) -> None:
        for session_id in [s.id for s in self._sessions.values() if s.expires_at <= now]:
            del self._sessions[session_id]
        for link_id in [i for i, until in self._used_links.items() if until <= now]:
            del self._used_links[link_id]


def set_session_cookie(response: Response, session: Session, *, secure: bool) -> None:
    """The signed-in browser's cookie: the session's id, for as long as the session lasts."""
    response.set_cookie(
        SESSION_COOKIE,
        session.id,
        max_age=max(1, int(session.expires_at - time.time())),
        path="/",
        httponly=True,
        samesite="strict",
        secure=secure,
    )
