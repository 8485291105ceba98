"""What the review form adds to the form helper: a domain rule applied to a field before any
command, and an error about one item of a list labelled by the item's own field."""

from __future__ import annotations

import pytest

from domain import text
from interfaces.web.forms import PostedForm, _sentence
from interfaces.web.sessions import Session
from tests.conftest import ALICE


def form(**fields: str) -> PostedForm:
    return PostedForm(Session("id", ALICE, "csrf", expires_at=0.0), dict(fields))


def test_a_domain_rule_checked_before_the_command_answers_its_value_or_its_message_beside_the_field() -> None:
    posted = form(summary=" ", note="fine")
    assert posted.check("note", lambda: text.text("note", posted.text("note"), 10)) == "fine"
    assert posted.check("summary", lambda: text.text("summary", posted.fields["summary"], 10)) is None
    assert posted.errors == {"summary": "Summary must not be blank"}


def test_a_check_lets_other_errors_through() -> None:
    def broken() -> None:
        raise ValueError("not a domain refusal")

    with pytest.raises(ValueError):
        form().check("x", broken)
    assert form().check("x", lambda: None) is None


@pytest.mark.parametrize(
    ("where", "message", "expected"),
    [
        ("display_name", "must not be blank", "Display name must not be blank"),
        ("participants[0]", "must not be blank", "Participants must not be blank"),
        ("goal_decisions[2].note", "must be at most 5 characters", "Note must be at most 5 characters"),
        ("goal_decisions[0].goal_id", "is not a goal of this person", "Goal id is not a goal of this person"),
        ("body", "say what it concerned", "Say what it concerned"),
    ],
)
def test_an_error_is_labelled_by_the_field_it_is_shown_beside(
    where: str, message: str, expected: str
) -> None:
    assert _sentence(where, message) == expected
