"""Templates, and what every page knows: the signed-in session, the assets, the time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from interfaces.settings import Settings
from interfaces.web import dates
from interfaces.web.assets import NHSUK_FRONTEND, Assets
from interfaces.web.sessions import CSRF_FIELD, Session, SessionStore

TEMPLATES_DIR = Path(__file__).parent / "templates"


class _Templates(Environment):
    """Jinja2, reading ``a.b`` of a dict as its key first.

    The pages render the views' dicts; Jinja's own order (an attribute first, the key
    only after the ``AttributeError``) costs an exception per lookup, most of the time
    a caseload of a few hundred people takes to render (benchmark P6). A key named like
    a dict method (``items``) now reads the key, as a template would mean.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@dataclass
class Pages:
    """The pages' share of the app (``app.state.pages``): built once by ``create_app``."""

    settings: Settings
    templates: Environment
    assets: Assets
    sessions: SessionStore
    zone: ZoneInfo

    @classmethod
    def build(cls, settings: Settings) -> Pages:
        templates = _Templates(
            loader=FileSystemLoader(TEMPLATES_DIR),
            # Every value is escaped unless a template says otherwise (none does with user text).
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        zone = ZoneInfo(settings.time_zone)
        templates.filters["day"] = dates.day
        templates.filters["moment"] = lambda value: dates.moment(value, zone)
        templates.filters["due"] = dates.due
        templates.globals["NHSUK"] = NHSUK_FRONTEND
        return cls(settings, templates, Assets(), SessionStore(settings.session_hours * 3600), zone)

    def today(self) -> date:
        """Today where the team works, not where the server's clock is."""
        return datetime.now(self.zone).date()

    def render(
        self,
        request: Request,
        template: str,
        context: dict[str, Any],
        *,
        session: Session | None = None,
        status_code: int = 200,
    ) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        html = self.templates.get_template(template).render(
            {
                **context,
                "session": session,
                "actor": session.actor if session else None,
                "csrf_field": CSRF_FIELD,
                "root": root,
                "asset": lambda path: root + self.assets.url(path),
                "today": self.today(),
            }
        )
        # Pages show people's records: never kept in a shared cache or a browser's history store.
        return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})


def pages_of(request: Request) -> Pages:
    pages: Pages = request.app.state.pages
    return pages
