"""The API's reading of the provider's bearer JWTs: who they name, until when, and their id."""

from __future__ import annotations

from domain.actor import Actor
from interfaces.auth import TokenError
from interfaces.oidc.claims import actor_from_claims
from interfaces.oidc.provider import Provider
from interfaces.oidc.settings import OidcSettings


class ProviderTokens:
    """Bearer JWTs signed by the provider for this API's audience (``REFOCUS_OIDC_AUDIENCE``)."""

    def __init__(self, settings: OidcSettings, provider: Provider | None = None) -> None:
        self.settings = settings
        self.provider = provider or Provider(settings)

    async def read(self, token: str) -> tuple[Actor, str | None, float]:
        """The token's actor, its id (``jti``, if it has one: revocation applies), and its expiry."""
        claims = await self.provider.verify(token, self.settings.api_audience)
        actor = actor_from_claims(claims, self.settings.role_claim, self.settings.teams_claim)
        token_id = claims.get("jti")
        if token_id is not None and not isinstance(token_id, str):
            raise TokenError("the token is not valid")
        try:
            expires = float(claims["exp"])
        except (TypeError, ValueError):
            raise TokenError("the token is not valid") from None
        return actor, token_id, expires
