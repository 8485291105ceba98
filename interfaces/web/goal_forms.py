"""The goal and step forms: each a table of fields, drawn by one template and posted one way.

A form about a goal or a step carries the version it was drawn from, so a change made
by someone else in between refuses the post (the form says so) instead of overwriting.
A refused post draws the form again from the record as it is now, with what was typed
and the message beside the field, or above the form for a rule of the journey (409).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application.journeys import CommandOutcome, RecoveryJourneys
from domain.actor import Actor
from domain.errors import NotPermittedError
from interfaces.http.deps import Reader
from interfaces.http.routing import in_worker_thread
from interfaces.web.forms import WHOLE_FORM, PostedForm
from interfaces.web.rendering import pages_of
from interfaces.web.sessions import Session
from projections.queries import JourneyViews

OWN_WORDS_MISSING = "Say whether these are the person's own words"


@dataclass(frozen=True)
class Field:
    """One field of a form; ``kind`` names its macro in ``_forms.html`` (``date`` is a text input
    of that type). ``options`` are (value, label) or (value, label, hint) for radios and selects."""

    name: str
    label: str
    kind: str = "text"
    hint: str | None = None
    options: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class FormSpec:
    title: str
    button: str
    fields: tuple[Field, ...] = ()
    #: The statuses of the goal or step in which its page offers the form.
    offered_in: frozenset[str] = frozenset()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@dataclass(frozen=True)
class Drawn:
    """Where a form sits: the record it is about (its words as a caption), the page to go back
    to, the address it posts to, and the version it was drawn from."""

    caption: str
    back_url: str
    back_text: str
    action: str
    version: int | None


def note(label: str = "Note (optional)", hint: str | None = None) -> Field:
    return Field("note", label, "textarea", hint)


MODE_OPTIONS = (
    ("independent", "The person, on their own", "Independent: the person takes this step themselves."),
    (
        "joint",
        "The person, with someone else",
        "Joint: the person takes this step together with someone. Say who below.",
    ),
    (
        "passive",
        "A worker, for the person",
        "Passive: a worker does this for the person, for example the key worker will phone the "
        "housing office.",
    ),
)
WITH_WHOM = Field(
    "with_whom",
    "With whom",
    hint="For a joint step, who the person takes it with, separated by commas (for example: sister, "
    "peer support worker).",
)
ORIENTATION = Field(
    "orientation",
    "Is the goal about moving towards something, or away from something?",
    "radios",
    options=(
        ("approach", "Towards something the person wants"),
        ("avoidance", "Away from something the person does not want"),
    ),
)


def may_change(actor: Actor) -> bool:
    """Whether the page offers write controls: a role that may only read sees none."""
    try:
        actor.ensure_may_change_journeys()
    except NotPermittedError:
        return False
    return True


def views_of(request: Request, session: Session) -> JourneyViews:
    return Reader(session.actor, request.app.state.runtime, 0).views


async def read(request: Request, query: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """A view read from a posting page: in a worker thread, waiting while the views catch up."""
    answer: dict[str, Any] = await in_worker_thread(query)()
    return answer


def render(
    request: Request,
    session: Session,
    spec: FormSpec,
    drawn: Drawn,
    form: dict[str, Any],
    status: int = 200,
) -> Response:
    context = {**form, "spec": spec, "drawn": drawn}
    return pages_of(request).render(request, "goal_form.html", context, session=session, status_code=status)


def refused_status(form: PostedForm) -> int:
    """A rule of the journey, or someone else's change, is a conflict; a field's answer is 422."""
    return 409 if WHOLE_FORM in form.errors else 422


async def post(
    request: Request,
    form: PostedForm,
    command: Callable[[RecoveryJourneys], CommandOutcome],
    *,
    then: Callable[[CommandOutcome], str],
    redraw: Callable[[int], Response],
) -> Response:
    """Run the form's use case; on success, 303 to the page ``then`` names (post/redirect/get),
    else the form again as the record is now (``redraw``, in a worker thread)."""
    outcome = await form.run(request, command)
    if outcome is None:
        redrawn: Response = await in_worker_thread(redraw)(refused_status(form))
        return redrawn
    return RedirectResponse(f"{request.scope.get('root_path', '')}{then(outcome)}", status_code=303)


def starting_values(spec: FormSpec, **values: Any) -> dict[str, Any]:
    return {name: values.get(name) for name in spec.names}


def joined(names: Sequence[str]) -> str:
    return ", ".join(names)
