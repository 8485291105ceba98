"""The provider's discovery document and signing keys, and the JWTs they sign.

Keys come from the ``jwks_uri`` of the discovery document and are kept. A token signed by a
key not among them (a key the provider has rotated in) fetches them again, but at most once
per ``jwks_refresh_seconds``: tokens naming made-up keys cannot make this service hammer the
provider. Only RS256 and ES256 are accepted, each with a key of its own type, so neither
``none`` nor an HMAC keyed with a public key can pass.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt

from interfaces.auth import TokenError
from interfaces.oidc.settings import OidcSettings

#: The signing algorithms accepted, and the key type (``kty``) each needs.
ALGORITHMS = {"RS256": "RSA", "ES256": "EC"}
FETCH_TIMEOUT_SECONDS = 5.0


class ProviderUnavailableError(TokenError):
    """The provider's discovery document or keys could not be fetched."""


class Provider:
    """One OpenID Connect provider, as ``OidcSettings`` names it."""

    def __init__(
        self,
        settings: OidcSettings,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._transport = transport
        self._metadata: dict[str, Any] | None = None
        self._keys: list[tuple[dict[str, Any], jwt.PyJWK]] = []
        self._fetched_at: float | None = None
        self._unreachable = False
        self._lock = asyncio.Lock()

    async def metadata(self) -> dict[str, Any]:
        """The discovery document, fetched once; its ``issuer`` must be the configured one."""
        if self._metadata is None:
            document = await self._get_json(self.settings.discovery_url)
            if document.get("issuer") != self.settings.issuer:
                raise ProviderUnavailableError("the identity provider names another issuer")
            if not isinstance(document.get("jwks_uri"), str):
                raise ProviderUnavailableError("the identity provider publishes no keys")
            self._metadata = document
        return self._metadata

    async def verify(self, token: str, audience: str, nonce: str | None = None) -> dict[str, Any]:
        """The claims of a JWT the provider signed for ``audience``; ``TokenError`` otherwise."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise TokenError("the token is not valid") from None
        algorithm = header.get("alg")
        if algorithm not in ALGORITHMS:
            raise TokenError("the token is not signed with RS256 or ES256")
        kid = header.get("kid")
        if self._fetched_at is None:
            await self._refresh_keys()
        claims = self._decode(token, algorithm, kid, audience)
        if claims is None and self._may_refresh():
            await self._refresh_keys()
            claims = self._decode(token, algorithm, kid, audience)
        if claims is None and self._unreachable:
            raise ProviderUnavailableError("the identity provider could not be reached")
        if claims is None:
            raise TokenError("the token is not signed by a key of the identity provider")
        if nonce is not None and claims.get("nonce") != nonce:
            raise TokenError("the sign-in answer does not belong to this sign-in")
        return claims

    def _decode(self, token: str, algorithm: str, kid: str | None, audience: str) -> dict[str, Any] | None:
        for key in self._candidates(algorithm, kid):
            try:
                claims: dict[str, Any] = jwt.decode(
                    token,
                    key.key,
                    algorithms=[algorithm],
                    audience=audience,
                    issuer=self.settings.issuer,
                    leeway=self.settings.clock_skew_seconds,
                    options={"require": ["exp", "iss", "aud", "sub"]},
                )
            except jwt.InvalidSignatureError:
                continue
            except jwt.ExpiredSignatureError:
                raise TokenError("the token has expired") from None
            except jwt.ImmatureSignatureError:
                raise TokenError("the token is not valid yet") from None
            except jwt.InvalidAudienceError:
                raise TokenError("the token is meant for another service") from None
            except jwt.InvalidIssuerError:
                raise TokenError("the token's issuer is not accepted") from None
            except jwt.InvalidTokenError:
                raise TokenError("the token is not valid") from None
            return claims
        return None

    def _candidates(self, algorithm: str, kid: str | None) -> list[jwt.PyJWK]:
        """The keys that may have signed: the one named by ``kid``, or, if none is named, each
        of the algorithm's type."""
        found = []
        for data, key in self._keys:
            if data.get("kty") != ALGORITHMS[algorithm] or data.get("use", "sig") != "sig":
                continue
            if data.get("alg", algorithm) != algorithm:
                continue
            if kid is not None and data.get("kid") != kid:
                continue
            found.append(key)
        return found

    def _may_refresh(self) -> bool:
        fetched = self._fetched_at
        return fetched is None or self._clock() - fetched >= self.settings.jwks_refresh_seconds

    async def _refresh_keys(self) -> None:
        async with self._lock:
            before = self._fetched_at
            if before is not None and self._clock() - before < self.settings.jwks_refresh_seconds:
                return  # another request fetched them while this one waited
            # Counted as fetched even if it fails: an unreachable provider is asked again only
            # after the interval, not once per request.
            self._fetched_at = self._clock()
            self._unreachable = True
            metadata = await self.metadata()
            document = await self._get_json(metadata["jwks_uri"])
            self._unreachable = False
            keys = []
            for data in document.get("keys", []):
                if not isinstance(data, dict) or data.get("kty") not in ALGORITHMS.values():
                    continue
                try:
                    keys.append((data, jwt.PyJWK(data)))
                except jwt.PyJWTError:
                    continue  # a key this service cannot use: the others still serve
            self._keys = keys

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            async with httpx.AsyncClient(timeout=FETCH_TIMEOUT_SECONDS, transport=self._transport) as client:
                answer = await client.get(url, headers={"Accept": "application/json"})
                answer.raise_for_status()
                document = answer.json()
        except (httpx.HTTPError, ValueError):
            raise ProviderUnavailableError("the identity provider could not be reached") from None
        if not isinstance(document, dict):
            raise ProviderUnavailableError("the identity provider answered something unexpected")
        return document
