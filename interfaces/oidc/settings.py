"""``REFOCUS_OIDC_*``: the OpenID Connect provider, when one is configured."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: The most clock skew a deployment may allow between this service and the provider.
MAX_CLOCK_SKEW_SECONDS = 300


@dataclass(frozen=True)
class OidcSettings:
    #: The provider's issuer (``iss``); its discovery document is at
    #: ``<issuer>/.well-known/openid-configuration``.
    issuer: str
    #: This service's client at the provider (the pages' sign-in); also the default audience.
    client_id: str
    #: The client's secret; empty for a public client (PKCE alone).
    client_secret: str = ""
    #: The ``aud`` a bearer token for the API must carry; by default ``client_id``.
    audience: str = ""
    #: The claim that names the role (``worker``, ``supervisor``, ``integration``, ``admin``);
    #: a dotted path reaches into objects (``realm_access.roles``).
    role_claim: str = "role"
    #: The claim that lists the teams, a dotted path too.
    teams_claim: str = "teams"
    #: How far the provider's clock may be from this one when ``exp``, ``nbf`` and ``iat`` are checked.
    clock_skew_seconds: int = 60
    #: A token signed by a key not yet known fetches the provider's keys again, at most this often.
    jwks_refresh_seconds: int = 60
    #: Shown on the pages' sign-in button: "Sign in with <name>".
    provider_name: str = "single sign-on"
    #: Asked for at sign-in.
    scopes: str = "openid profile email"
    #: Where the provider sends the browser back (registered with the provider); by default
    #: ``/sign-in/oidc/callback`` on the address the request came to.
    redirect_uri: str = ""
    #: Where the provider sends the browser after signing out there (registered with the
    #: provider); by default ``/sign-in`` on the address the request came to.
    post_logout_redirect_uri: str = ""

    def __post_init__(self) -> None:
        if not self.issuer.startswith(("https://", "http://")):
            raise ValueError("REFOCUS_OIDC_ISSUER must be the provider's https:// address")
        if not self.client_id:
            raise ValueError("REFOCUS_OIDC_CLIENT_ID must be set with REFOCUS_OIDC_ISSUER")
        if not 0 <= self.clock_skew_seconds <= MAX_CLOCK_SKEW_SECONDS:
            raise ValueError(f"REFOCUS_OIDC_CLOCK_SKEW must be 0 to {MAX_CLOCK_SKEW_SECONDS} seconds")
        if self.jwks_refresh_seconds < 1:
            raise ValueError("REFOCUS_OIDC_JWKS_REFRESH must be at least 1 second")
        if "openid" not in self.scopes.split():
            raise ValueError("REFOCUS_OIDC_SCOPES must include openid")

    @property
    def api_audience(self) -> str:
        return self.audience or self.client_id

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> OidcSettings | None:
        """None unless ``REFOCUS_OIDC_ISSUER`` is set."""
        issuer = env.get("REFOCUS_OIDC_ISSUER", "")
        if not issuer:
            return None
        return cls(
            issuer=issuer,
            client_id=env.get("REFOCUS_OIDC_CLIENT_ID", ""),
            client_secret=env.get("REFOCUS_OIDC_CLIENT_SECRET", ""),
            audience=env.get("REFOCUS_OIDC_AUDIENCE", ""),
            role_claim=env.get("REFOCUS_OIDC_ROLE_CLAIM") or cls.role_claim,
            teams_claim=env.get("REFOCUS_OIDC_TEAMS_CLAIM") or cls.teams_claim,
            clock_skew_seconds=_seconds(env, "REFOCUS_OIDC_CLOCK_SKEW", 60),
            jwks_refresh_seconds=_seconds(env, "REFOCUS_OIDC_JWKS_REFRESH", 60),
            provider_name=env.get("REFOCUS_OIDC_PROVIDER_NAME") or cls.provider_name,
            scopes=env.get("REFOCUS_OIDC_SCOPES") or cls.scopes,
            redirect_uri=env.get("REFOCUS_OIDC_REDIRECT_URI", ""),
            post_logout_redirect_uri=env.get("REFOCUS_OIDC_POST_LOGOUT_REDIRECT_URI", ""),
        )


def _seconds(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    if not raw:
        return default
    if not raw.isdigit():
        raise ValueError(f"{name} must be a whole number of seconds, not {raw!r}")
    return int(raw)
