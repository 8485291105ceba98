"""What guards the API beyond a token: rate limits, the identity provider, and CORS.

The limits and the provider's tokens are read by ``BearerAuthentication``; CORS is off
unless ``REFOCUS_CORS_ORIGINS`` names the origins whose pages may call the API.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from interfaces.oidc.bearer import ProviderTokens
from interfaces.rates import TokenBuckets
from interfaces.settings import Settings

#: The request headers a browser may send across origins, and the answer's it may read.
CORS_REQUEST_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "If-Match"]
CORS_EXPOSED_HEADERS = ["ETag", "Location", "Retry-After", "Idempotent-Replayed"]


def install_protections(api: FastAPI, settings: Settings) -> None:
    api.state.oidc = ProviderTokens(settings.oidc) if settings.oidc else None
    api.state.command_buckets = TokenBuckets(settings.command_rate) if settings.command_rate else None
    api.state.failure_buckets = TokenBuckets(settings.failed_auth_rate) if settings.failed_auth_rate else None
    if settings.cors_origins:
        # Outside authentication, so a browser's preflight (no token) is answered before it.
        # Tokens travel in the Authorization header, never in cookies: no credentials mode.
        api.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=CORS_REQUEST_HEADERS,
            expose_headers=CORS_EXPOSED_HEADERS,
            allow_credentials=False,
            max_age=600,
        )
