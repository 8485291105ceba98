"""The pages: server-rendered HTML on the same app, the same application and views as the API."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.routing import Route

from interfaces.settings import Settings
from interfaces.web import (
    access_log,
    audit,
    docs,
    goal_practices,
    goals,
    people,
    practices,
    review,
    sign_in,
    sign_out,
    single_sign_on,
    steps,
    supervision,
    timeline,
)
from interfaces.web.assets import NHSUK_IMAGES_PREFIX, STATIC_PREFIX
from interfaces.web.headers import SecurityHeaders
from interfaces.web.rendering import Pages

__all__ = ["install_pages"]


def install_pages(api: FastAPI, settings: Settings) -> None:
    """Add the pages, their static files, ``/docs`` and the security headers to ``api``."""
    pages = Pages.build(settings)
    api.state.pages = pages
    api.router.routes.extend(
        [
            Route(f"{STATIC_PREFIX}/{{digest}}/{{path:path}}", pages.assets.serve, methods=["GET", "HEAD"]),
            Route(f"{NHSUK_IMAGES_PREFIX}/{{name}}", pages.assets.serve_nhsuk_image, methods=["GET", "HEAD"]),
        ]
    )
    for module in (
        sign_in,
        sign_out,
        single_sign_on,
        people,
        goals,
        steps,
        review,
        docs,
        timeline,
        supervision,
        practices,
        goal_practices,
        audit,
        access_log,
    ):
        api.router.routes.extend(module.router.routes)
    api.add_middleware(SecurityHeaders, hsts_seconds=settings.hsts_seconds)
