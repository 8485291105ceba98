"""Forms that change a journey: one way to post, check and run a command for every page.

A posted form is checked for its CSRF token and the actor's right to change journeys
before anything else, then runs one use case of the application, exactly as the API
does: the same domain rules refuse the same input, and the refusal comes back as
messages the page shows beside each field ("There is a problem"), keeping what was
typed. Each form carries an idempotency key, so a double click answers the first
command and writes nothing more; a form that names the version it was drawn from
(`expected_version`) is refused, not applied, when someone changed the record since.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar
from uuid import UUID, uuid4

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from application.errors import ConcurrentUpdateError, VersionMismatchError
from application.idempotency import IdempotentRequest, idempotent
from application.journeys import RecoveryJourneys
from domain.actor import acting_as
from domain.errors import InvalidInputError, RuleViolationError
from interfaces.web.routing import form_of, signed_in
from interfaces.web.sessions import CSRF_FIELD, Session

#: Where a message about the whole form (not one field) is shown.
WHOLE_FORM = "_form"
IDEMPOTENCY_FIELD = "idempotency_key"
VERSION_FIELD = "expected_version"
_KEY_MAX_CHARS = 255
_ITEM_RULE = re.compile(r"^(?P<where>\w+\[\d+\][\w.\[\]]*): (?P<detail>.+)$", re.DOTALL)

CHANGED_BY_SOMEONE_ELSE = (
    "Someone else changed this record after you opened the page, so nothing was saved. "
    "Check what it says now and try again."
)
BUSY = "Others kept changing this record at the same moment, so nothing was saved. Try again."

Result = TypeVar("Result")


@dataclass
class PostedForm:
    """A form as posted: its fields, and the session of whoever posted it."""

    session: Session
    fields: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str:
        return self.fields.get(name, "").strip()

    def optional_text(self, name: str) -> str | None:
        """A field left blank is an answer not given."""
        return self.text(name) or None

    def lines(self, name: str) -> list[str]:
        """A list typed one item per line or separated by commas."""
        return [item.strip() for item in self.text(name).replace("\n", ",").split(",") if item.strip()]

    def ids(self, name: str) -> list[UUID]:
        """The ids of every checked box named ``name``; the form's own values, so always well formed."""
        return [UUID(value) for value in self.fields.get(name, "").split(",") if value]

    def flag(self, name: str) -> bool | None:
        """A yes/no radio: None when neither was chosen, so a missing answer is never a default."""
        return {"yes": True, "no": False}.get(self.text(name))

    def day(self, name: str) -> date | None:
        """A date typed as ``YYYY-MM-DD`` (an `<input type=date>`); a malformed one is a field error."""
        typed = self.text(name)
        if not typed:
            return None
        try:
            return date.fromisoformat(typed)
        except ValueError:
            self.errors[name] = "Enter a real date, for example 2027-03-01"
            return None

    def version(self) -> int | None:
        typed = self.text(VERSION_FIELD)
        return int(typed) if typed.isdigit() else None

    @property
    def idempotency_key(self) -> str:
        return self.text(IDEMPOTENCY_FIELD)[:_KEY_MAX_CHARS] or uuid4().hex

    def fingerprint(self) -> str:
        """What the form asked for: a repeat of the key with other answers is a different request."""
        asked = sorted((k, v) for k, v in self.fields.items() if k not in (CSRF_FIELD, IDEMPOTENCY_FIELD))
        return hashlib.sha256(repr(asked).encode()).hexdigest()

    async def run(
        self,
        request: Request,
        command: Callable[[RecoveryJourneys], Result],
        *,
        at: Callable[[str], str | None] | None = None,
    ) -> Result | None:
        """Run ``command`` as the signed-in actor, once per idempotency key.

        Answers its result, or None with :attr:`errors` saying why nothing was written.
        Errors found while reading the fields (a malformed date) stop it before the command.
        ``at`` names the form field where an error about ``where`` (``goal_decisions[2].note``)
        is shown, for a form with a field per item of a list; where it answers None, the
        error is shown at the list's own field (``goal_decisions``).
        """
        if self.errors:
            return None
        journeys: RecoveryJourneys = request.app.state.runtime.journeys
        actor = self.session.actor
        once = IdempotentRequest(actor.subject, self.idempotency_key, self.fingerprint())

        def execute() -> Result:
            with acting_as(actor), idempotent(once):
                return command(journeys)

        try:
            loop_commands = request.app.state.loop_commands
            if loop_commands is None:
                return await run_in_threadpool(execute)
            result: Result = await loop_commands.run(execute)
            return result
        except InvalidInputError as error:
            self.errors[_shown_at(error.field, at)] = _sentence(error.field, error.message)
        except RuleViolationError as error:
            # A rule refusing one item of a list names it first: "goal_decisions[1]: cannot ...".
            item = _ITEM_RULE.match(error.detail)
            if item is None:
                self.errors[WHOLE_FORM] = _capitalised(error.detail)
            else:
                self.errors[_shown_at(item["where"], at)] = _capitalised(item["detail"])
        except VersionMismatchError:
            self.errors[WHOLE_FORM] = CHANGED_BY_SOMEONE_ELSE
        except ConcurrentUpdateError:
            self.errors[WHOLE_FORM] = BUSY
        return None

    def check(self, name: str, rule: Callable[[], Result]) -> Result | None:
        """Apply a domain rule to what was typed before any command (a form with a step to check
        the answers first): its refusal is shown beside ``name`` in the domain's words."""
        try:
            return rule()
        except InvalidInputError as error:
            self.errors[name] = _sentence(error.field, error.message)
            return None

    def redisplayed(self, names: Sequence[str]) -> dict[str, Any]:
        """What a form shown again needs: what was typed, the messages, and the same key."""
        return {
            "values": {name: self.fields.get(name, "") for name in names},
            "errors": self.errors,
            "idempotency_key": self.idempotency_key,
        }


async def posted_form(request: Request, *, changes_journey: bool = True) -> PostedForm:
    """The posted form of a signed-in session, its CSRF token checked; a form that changes a
    journey is refused (403 page) to a role that may only read."""
    session = signed_in(request)
    fields = await form_of(request, session)
    if changes_journey:
        session.actor.ensure_may_change_journeys()
    return PostedForm(session, fields)


def new_form(names: Sequence[str], **values: Any) -> dict[str, Any]:
    """What a blank form needs: its starting values and a fresh idempotency key."""
    return {
        "values": {name: "" if values.get(name) is None else str(values[name]) for name in names},
        "errors": {},
        "idempotency_key": uuid4().hex,
    }


def _field_of(where: str) -> str:
    """The form field an error names: ``goal_decisions[2].note`` is shown at ``goal_decisions``."""
    return where.split("[")[0].split(".")[0] or WHOLE_FORM


def _shown_at(where: str, at: Callable[[str], str | None] | None) -> str:
    return (at(where) if at else None) or _field_of(where)


def _sentence(where: str, message: str) -> str:
    # An item's field is shown beside the item: "goal_decisions[2].note" is labelled "note".
    label = where.rsplit("].", 1)[-1].split("[")[0].replace("_", " ")
    return _capitalised(f"{label} {message}" if where not in ("body", WHOLE_FORM) else message)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
