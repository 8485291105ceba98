"""``REFOCUS_OIDC_*`` and the other protections' settings, the actor read from a provider's
claims, and the token buckets' arithmetic."""

from __future__ import annotations

from typing import Any

import pytest

from domain.actor import Actor, Role
from interfaces.auth import TokenError
from interfaces.oidc.claims import actor_from_claims
from interfaces.oidc.settings import OidcSettings
from interfaces.rates import Rate, TokenBuckets, retry_after
from interfaces.settings import Settings

ISSUER = {"REFOCUS_OIDC_ISSUER": "https://id.example.org", "REFOCUS_OIDC_CLIENT_ID": "refocus"}


def test_without_an_issuer_there_is_no_provider() -> None:
    assert Settings.from_env({}).oidc is None


def test_the_provider_settings_are_read_with_their_defaults() -> None:
    oidc = Settings.from_env(ISSUER).oidc
    assert oidc == OidcSettings(issuer="https://id.example.org", client_id="refocus")
    assert oidc.api_audience == "refocus"
    assert oidc.discovery_url == "https://id.example.org/.well-known/openid-configuration"
    configured = OidcSettings.from_env(
        {
            **ISSUER,
            "REFOCUS_OIDC_AUDIENCE": "api://refocus",
            "REFOCUS_OIDC_ROLE_CLAIM": "realm_access.roles",
            "REFOCUS_OIDC_TEAMS_CLAIM": "groups",
            "REFOCUS_OIDC_CLOCK_SKEW": "30",
            "REFOCUS_OIDC_JWKS_REFRESH": "300",
            "REFOCUS_OIDC_POST_LOGOUT_REDIRECT_URI": "https://care.example.org/sign-in",
        }
    )
    assert configured is not None
    assert (configured.api_audience, configured.role_claim, configured.teams_claim) == (
        "api://refocus",
        "realm_access.roles",
        "groups",
    )
    assert (configured.clock_skew_seconds, configured.jwks_refresh_seconds) == (30, 300)
    assert configured.post_logout_redirect_uri == "https://care.example.org/sign-in"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"REFOCUS_OIDC_ISSUER": "https://id.example.org"}, "REFOCUS_OIDC_CLIENT_ID"),
        ({**ISSUER, "REFOCUS_OIDC_ISSUER": "id.example.org"}, "REFOCUS_OIDC_ISSUER"),
        ({**ISSUER, "REFOCUS_OIDC_CLOCK_SKEW": "301"}, "REFOCUS_OIDC_CLOCK_SKEW"),
        ({**ISSUER, "REFOCUS_OIDC_CLOCK_SKEW": "a minute"}, "REFOCUS_OIDC_CLOCK_SKEW"),
        ({**ISSUER, "REFOCUS_OIDC_JWKS_REFRESH": "0"}, "REFOCUS_OIDC_JWKS_REFRESH"),
        ({**ISSUER, "REFOCUS_OIDC_SCOPES": "profile email"}, "REFOCUS_OIDC_SCOPES"),
        ({"REFOCUS_CORS_ORIGINS": "*"}, "REFOCUS_CORS_ORIGINS"),
        ({"REFOCUS_CORS_ORIGINS": "https://care.example.org/path"}, "REFOCUS_CORS_ORIGINS"),
        ({"REFOCUS_HSTS_SECONDS": "a year"}, "REFOCUS_HSTS_SECONDS"),
    ],
)
def test_a_setting_that_cannot_be_used_is_refused_by_name(env: dict[str, str], named: str) -> None:
    with pytest.raises(ValueError, match=named):
        Settings.from_env(env)


CLAIMS: dict[str, Any] = {"sub": "wren", "role": "worker", "teams": ["north"]}


@pytest.mark.parametrize(
    ("claims", "actor"),
    [
        (CLAIMS, Actor("wren", Role.WORKER, frozenset({"north"}))),
        ({**CLAIMS, "teams": "north"}, Actor("wren", Role.WORKER, frozenset({"north"}))),
        ({**CLAIMS, "role": ["worker", "supervisor"]}, Actor("wren", Role.SUPERVISOR, frozenset({"north"}))),
        ({**CLAIMS, "role": ["offline_access", "admin"], "teams": None}, Actor("wren", Role.ADMIN)),
    ],
    ids=["one-role-a-list-of-teams", "one-team-as-text", "several-roles-the-widest", "admin-without-teams"],
)
def test_the_actor_is_read_from_the_claims(claims: dict[str, Any], actor: Actor) -> None:
    assert actor_from_claims(claims, "role", "teams") == actor


@pytest.mark.parametrize(
    ("claims", "detail"),
    [
        ({**CLAIMS, "role": None}, "the token's role claim names no role of this service"),
        ({**CLAIMS, "role": ["offline_access"]}, "the token's role claim names no role of this service"),
        ({**CLAIMS, "role": "Worker"}, "the token's role claim names no role of this service"),
        ({**CLAIMS, "teams": None}, "give at least one team"),
        ({**CLAIMS, "teams": [1]}, "the token's teams claim is not a list of teams"),
        ({**CLAIMS, "sub": 7}, "the token names no subject"),
        ({**CLAIMS, "sub": " "}, "the subject is empty"),
    ],
    ids=[
        "no-role",
        "no-role-of-ours",
        "role-in-other-case",
        "no-teams",
        "teams-not-text",
        "subject-not-text",
        "blank-subject",
    ],
)
def test_claims_that_name_nobody_or_no_role_are_refused(claims: dict[str, Any], detail: str) -> None:
    with pytest.raises(TokenError, match=detail):
        actor_from_claims(claims, "role", "teams")


def test_nested_claims_are_reached_by_a_dotted_path() -> None:
    claims = {"sub": "wren", "realm_access": {"roles": ["worker"]}, "org": {"teams": ["north"]}}
    assert actor_from_claims(claims, "realm_access.roles", "org.teams") == Actor(
        "wren", Role.WORKER, frozenset({"north"})
    )


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_burst_then_refills_at_its_rate() -> None:
    clock = Clock()
    buckets = TokenBuckets(Rate(3, 60), clock)
    assert [buckets.take("wren") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("wren") == pytest.approx(20.0)
    assert buckets.take("sam") == 0.0
    clock.now = 10.0
    assert buckets.wait("wren") == pytest.approx(10.0)
    clock.now = 20.0
    assert buckets.wait("wren") == 0.0
    assert buckets.take("wren") == 0.0
    assert buckets.take("wren") == pytest.approx(20.0)
    assert retry_after(0.2) == "1"
    assert retry_after(20.0) == "20"
    assert retry_after(20.01) == "21"
