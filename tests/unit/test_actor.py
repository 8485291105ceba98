"""Who may change a journey: the rule is the actor's, stated once."""

from __future__ import annotations

import pytest

from domain.actor import Actor, Role
from domain.errors import NotPermittedError


@pytest.mark.parametrize("role", [Role.WORKER, Role.INTEGRATION, Role.ADMIN])
def test_everyone_but_a_supervisor_may_change_journeys(role: Role) -> None:
    Actor("someone", role, frozenset({"north"})).ensure_may_change_journeys()


def test_a_supervisor_reads_journeys_and_may_not_change_them() -> None:
    supervisor = Actor("sue", Role.SUPERVISOR, frozenset({"north"}))
    with pytest.raises(NotPermittedError) as refused:
        supervisor.ensure_may_change_journeys()
    assert str(refused.value) == "supervisors read journeys; they do not change them"
