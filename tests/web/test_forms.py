"""The form helper every page's form posts through: fields read as the domain expects them,
and every refusal turned into a message beside the field or above the form."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from interfaces.web.forms import PostedForm
from interfaces.web.sessions import Session
from tests.conftest import ALICE
from tests.web.pages import csrf_of, sign_in_with_token


def form(**fields: str) -> PostedForm:
    session = Session("id", ALICE, "csrf", expires_at=0.0)
    return PostedForm(session, dict(fields))


def test_a_blank_field_is_an_answer_not_given_and_a_yes_no_question_has_no_default() -> None:
    posted = form(note="  ", flag="", agreed="yes", declined="no")
    assert posted.optional_text("note") is None
    assert posted.flag("flag") is None
    assert posted.flag("missing") is None
    assert (posted.flag("agreed"), posted.flag("declined")) == (True, False)


def test_lists_are_typed_one_per_line_or_separated_by_commas() -> None:
    assert form(with_whom="sister,\n  Ben\n\n,").lines("with_whom") == ["sister", "Ben"]


def test_a_malformed_date_is_an_error_beside_its_field_and_stops_the_command() -> None:
    posted = form(due="31/12/2027", held_on="2027-01-02")
    assert posted.day("held_on") == date(2027, 1, 2)
    assert posted.day("due") is None
    assert posted.errors == {"due": "Enter a real date, for example 2027-03-01"}


def test_the_fingerprint_leaves_out_the_csrf_token_and_the_key_but_not_the_answers() -> None:
    first = form(csrf_token="a", idempotency_key="k", note="x")
    assert first.fingerprint() == form(csrf_token="b", idempotency_key="j", note="x").fingerprint()
    assert first.fingerprint() != form(csrf_token="a", idempotency_key="k", note="y").fingerprint()


def test_a_form_without_a_key_gets_a_fresh_one_and_a_long_key_is_cut() -> None:
    assert len(form().idempotency_key) == 32
    assert form(idempotency_key="k" * 400).idempotency_key == "k" * 255


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"display_name": "", "team_id": "north"}, {"display_name": "Display name must not be blank"}),
    ],
)
def test_a_refused_command_answers_the_domains_message_beside_the_field(
    client: TestClient, fields: dict[str, str], expected: dict[str, str]
) -> None:
    sign_in_with_token(client)
    page = client.get("/people/new")
    answer = client.post(
        "/people/new", data={"csrf_token": csrf_of(page.text), "idempotency_key": uuid4().hex, **fields}
    )
    assert answer.status_code == 422
    for field, message in expected.items():
        assert f'id="{field}-error"' in answer.text
        assert message in answer.text
