"""The actor a provider's token names: its subject, and the role and teams in configured claims."""

from __future__ import annotations

from typing import Any

from domain.actor import Actor, Role
from interfaces.auth import TokenError, check_identity

#: When a role claim lists several roles, the one of widest reach is taken.
_REACH = (Role.ADMIN, Role.SUPERVISOR, Role.INTEGRATION, Role.WORKER)


def claim_at(claims: dict[str, Any], path: str) -> Any:
    """The claim at a dotted path (``realm_access.roles``), or None."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def actor_from_claims(claims: dict[str, Any], role_claim: str, teams_claim: str) -> Actor:
    subject = claims.get("sub")
    if not isinstance(subject, str):
        raise TokenError("the token names no subject")
    role = _role(claim_at(claims, role_claim), role_claim)
    teams = claim_at(claims, teams_claim)
    if teams is None:
        teams = []
    elif isinstance(teams, str):
        teams = [teams]
    if not isinstance(teams, list) or not all(isinstance(team, str) for team in teams):
        raise TokenError(f"the token's {teams_claim} claim is not a list of teams")
    try:
        check_identity(subject, role, teams)
    except ValueError as error:
        raise TokenError(f"the token is not valid: {error}") from None
    return Actor(subject=subject, role=role, teams=frozenset(teams))


def _role(value: Any, claim: str) -> Role:
    named = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    for role in _REACH:
        if role.value in named:
            return role
    raise TokenError(f"the token's {claim} claim names no role of this service")
