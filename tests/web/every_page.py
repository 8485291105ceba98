"""Every page the service shows, in one list, for the checks every page must pass.

The accessibility scan and page weight (``test_page_quality_browser.py``) and the
security headers and escaping (``test_page_safety.py``) run over ``EVERY_PAGE``: a
new page is checked by all of them once its address is added here. An address may
name the people ``seed_every_page`` writes (``{person}``, ...), a fresh sign-in link
(``{sign_in_token}``) and markup typed by a user (``{markup}``, ``{markup_query}``
quoted for an address).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote
from uuid import UUID

from domain.actor import Actor, Role, acting_as
from interfaces.demo import DEMO_TEAM, DEMO_WORKER, seed_demo
from interfaces.runtime import Runtime
from tests.journeys import identify, plan

#: Typed into every text a user gives: shown as text, it never runs or renders.
MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)><b>Bold</b> & "quoted"'
#: ``MARKUP`` as Jinja2's autoescape writes it.
MARKUP_ESCAPED = (
    "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
    "&lt;b&gt;Bold&lt;/b&gt; &amp; &#34;quoted&#34;"
)
#: What must never reach a page unescaped: any of these would render or run.
RAW_MARKUP = ("<script>alert", "<img src=x", "<b>Bold")

WORKER = Actor(DEMO_WORKER, Role.WORKER, frozenset({DEMO_TEAM}))
SUPERVISOR = Actor("demo-supervisor", Role.SUPERVISOR, frozenset({DEMO_TEAM}))
OTHER_TEAM_WORKER = Actor("south-worker", Role.WORKER, frozenset({"south"}))


class Viewer(Enum):
    NOBODY = "nobody"
    WORKER = "worker"
    SUPERVISOR = "supervisor"

    @property
    def actor(self) -> Actor | None:
        return {Viewer.WORKER: WORKER, Viewer.SUPERVISOR: SUPERVISOR}.get(self)


@dataclass(frozen=True)
class PageToCheck:
    name: str
    #: The address, below the app's root; ``{...}`` names come from ``addresses``.
    path: str
    viewer: Viewer = Viewer.WORKER
    status: int = 200
    #: Fields to type (by ``name``) and the button to press, for a page shown after a post.
    fill: Mapping[str, str] = field(default_factory=dict)
    submit: str | None = None
    #: The page shows ``MARKUP`` (escaped) where it was typed or stored.
    shows_markup: bool = False
    #: A CSS selector to wait for before checking: the page draws itself with a script.
    ready: str | None = None
    #: False for a variant of a page scanned already (the same template, fewer controls):
    #: it is left out of the browser's scan, which takes a second or two a page.
    in_browser: bool = True
    #: Why the page is left out of the 100 KB weight, if it is.
    weight_exempt: str | None = None

    def __str__(self) -> str:
        return self.name


EVERY_PAGE = [
    PageToCheck("sign-in", "/sign-in", Viewer.NOBODY),
    PageToCheck("sign-in, a link to confirm", "/sign-in?token={sign_in_token}", Viewer.NOBODY),
    PageToCheck("sign-in, a refused link", "/sign-in?token=not-a-token", Viewer.NOBODY, status=400),
    PageToCheck(
        "sign-in, a pasted token refused",
        "/sign-in?next=%2F{markup_query}",
        Viewer.NOBODY,
        status=400,
        fill={"token": "{markup}"},
        submit="Sign in",
        shows_markup=True,
    ),
    PageToCheck("caseload", "/", shows_markup=True),
    PageToCheck("caseload, searched", "/?q={markup_query}&mine=true", shows_markup=True, in_browser=False),
    PageToCheck("caseload of a supervisor", "/", Viewer.SUPERVISOR, shows_markup=True, in_browser=False),
    PageToCheck("person", "/people/{person}", shows_markup=True),
    PageToCheck(
        "person, read by a supervisor",
        "/people/{person}",
        Viewer.SUPERVISOR,
        shows_markup=True,
        in_browser=False,
    ),
    PageToCheck("person with values, strengths and a review", "/people/{demo_person}"),
    PageToCheck("person, printed", "/people/{person}/print", shows_markup=True),
    PageToCheck("register a person", "/people/new"),
    PageToCheck(
        "register a person, with errors",
        "/people/new",
        status=422,
        fill={"display_name": "", "external_ref": "{markup}"},
        submit="Register",
        shows_markup=True,
    ),
    PageToCheck("values", "/people/{person}/values", shows_markup=True),
    PageToCheck("values with a declined area", "/people/{demo_person}/values"),
    PageToCheck("record a value", "/people/{person}/values/new"),
    PageToCheck(
        "record a value, with errors", "/people/{person}/values/new", status=422, submit="Record the value"
    ),
    PageToCheck("decline an area", "/people/{person}/values/decline"),
    PageToCheck("record a strength", "/people/{person}/strengths/new"),
    PageToCheck(
        "record a strength, with errors",
        "/people/{person}/strengths/new",
        status=422,
        submit="Record the strength",
    ),
    PageToCheck("add a goal", "/people/{person}/goals/new"),
    PageToCheck(
        "add a goal, with errors",
        "/people/{person}/goals/new",
        status=422,
        fill={"statement": ""},
        submit="Add the goal",
    ),
    PageToCheck("goal", "/goals/{goal}", shows_markup=True),
    PageToCheck(
        "goal, read by a supervisor", "/goals/{goal}", Viewer.SUPERVISOR, shows_markup=True, in_browser=False
    ),
    PageToCheck("reframe a goal", "/goals/{goal}/reframe", shows_markup=True),
    PageToCheck("link a goal to values and strengths", "/goals/{goal}/links", shows_markup=True),
    PageToCheck("GROW", "/goals/{goal}/grow"),
    PageToCheck("plan a step", "/goals/{goal}/steps/new"),
    PageToCheck(
        "plan a step, with errors",
        "/goals/{goal}/steps/new",
        status=422,
        fill={"description": "", "with_whom": "{markup}"},
        submit="Plan the step",
        shows_markup=True,
    ),
    PageToCheck("complete a step", "/steps/{step}/complete", shows_markup=True),
    PageToCheck("change who takes a step", "/steps/{step}/mode", shows_markup=True),
    PageToCheck("review pack", "/people/{demo_person}/review"),
    PageToCheck("review form", "/people/{person}/review/new", shows_markup=True),
    PageToCheck(
        "review form, with errors", "/people/{person}/review/new", status=422, submit="Check your answers"
    ),
    PageToCheck("timeline", "/people/{person}/timeline", shows_markup=True),
    PageToCheck("timeline with charts", "/people/{demo_person}/timeline"),
    PageToCheck("who has read the record", "/people/{person}/access-log", shows_markup=True),
    PageToCheck("supervision, first frame", "/people/{person}/supervision", shows_markup=True),
    PageToCheck("supervision, two frames compared", "/people/{demo_person}/supervision?from=2&to=12"),
    PageToCheck(
        "supervision, a supervisor",
        "/people/{person}/supervision",
        Viewer.SUPERVISOR,
        shows_markup=True,
        in_browser=False,
    ),
    PageToCheck(
        "supervision, a note with errors", "/people/{person}/supervision", status=422, submit="Add note"
    ),
    PageToCheck("team audit", "/teams/{team}/audit", Viewer.SUPERVISOR, shows_markup=True),
    PageToCheck(
        "team audit, a worker's own figures", "/teams/{team}/audit", shows_markup=True, in_browser=False
    ),
    PageToCheck("team audit of another team", "/teams/south/audit", status=404),
    PageToCheck("page not found", "/people/{other_team_person}", status=404),
    PageToCheck("person erased", "/people/{erased_person}", status=410, in_browser=False),
    PageToCheck("not permitted", "/people/new", Viewer.SUPERVISOR, status=403),
    PageToCheck(
        "API documentation",
        "/docs",
        Viewer.NOBODY,
        ready=".swagger-ui .info .title",
        weight_exempt="Swagger UI for developers of other systems, not a page of the team's work",
    ),
]


@dataclass(frozen=True)
class Seeded:
    person: UUID
    goal: UUID
    step: UUID
    demo_person: UUID
    other_team_person: UUID
    erased_person: UUID


def seed_every_page(runtime: Runtime) -> Seeded:
    """The demo team; a person whose every text is ``MARKUP`` (name, goal, steps, value,
    strength, a supervision note on the first frame); and a person of another team."""
    journeys = runtime.journeys
    demo = seed_demo(journeys)
    with acting_as(WORKER):
        person = journeys.register_person(MARKUP, DEMO_TEAM, DEMO_WORKER).id
        goal = identify(journeys, person, statement=MARKUP, in_own_words=True)
        step = plan(journeys, goal, "independent", description=MARKUP)
        plan(journeys, goal, "joint", description=MARKUP, with_whom=[MARKUP])
        done = plan(journeys, goal, "passive", description=MARKUP, with_whom=[MARKUP])
        journeys.complete_step(done, MARKUP)
        journeys.record_value(person, "other_identity", MARKUP, True, "conversational")
        journeys.identify_strength(person, "social_supports", "current", "external", MARKUP, True)
        runtime.projector.catch_up()
        first = next(iter(runtime.views.replay(person, WORKER)))["position"]
        journeys.add_supervision_note(person, first, MARKUP)
    with acting_as(OTHER_TEAM_WORKER):
        other = journeys.register_person("Pat (south)", "south").id
    with acting_as(WORKER):
        erased = journeys.register_person("Registered in error", DEMO_TEAM).id
    with acting_as(Actor("records-office", Role.ADMIN)):
        runtime.erasures.erase(erased, "recorded_in_error")
    return Seeded(person, goal, step, demo.person_ids[0], other, erased)


def addresses(seeded: Seeded, sign_in_token: Callable[[], str]) -> dict[str, Any]:
    """What the ``{...}`` names of ``EVERY_PAGE`` stand for."""
    return {
        "person": seeded.person,
        "goal": seeded.goal,
        "step": seeded.step,
        "demo_person": seeded.demo_person,
        "other_team_person": seeded.other_team_person,
        "team": DEMO_TEAM,
        "erased_person": seeded.erased_person,
        "sign_in_token": sign_in_token(),
        "markup": MARKUP,
        "markup_query": quote(MARKUP, safe=""),
    }


class _Forms(HTMLParser):
    """The fields of each form of a page, and the words on its buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str], list[str]]] = []
        self._button: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((a.get("action", ""), {}, []))
        elif self.forms and tag in ("input", "select") and a.get("name"):
            self.forms[-1][1][a["name"]] = a.get("value", "")
        elif self.forms and tag == "option" and "selected" in a:
            *_, last = self.forms[-1][1]
            self.forms[-1][1][last] = a.get("value", "")
        elif self.forms and tag == "button":
            self._button = []

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._button is not None and self.forms:
            self.forms[-1][2].append("".join(self._button).strip())
            self._button = None


def form_of_button(html: str, button: str) -> tuple[str, dict[str, str]]:
    """The action and fields of the form whose button says ``button``, as a browser would post it."""
    parser = _Forms()
    parser.feed(html)
    for action, fields, buttons in parser.forms:
        if button in buttons:
            return action, fields
    raise AssertionError(f"no form with a {button!r} button")
