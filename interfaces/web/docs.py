"""``/docs``: Swagger UI from the app's own files, so it works with no internet.

FastAPI's ``get_swagger_ui_html`` starts Swagger UI with an inline script, which the
pages' Content-Security-Policy refuses; this page starts it from a file of ours
(``static/app/swagger-init.js``) that reads the schema's address from the page.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from interfaces.web.rendering import pages_of
from interfaces.web.routing import page_router

router = page_router()


@router.get("/docs")
async def docs(request: Request) -> Response:
    """The API's interactive documentation."""
    pages = pages_of(request)
    return pages.render(request, "docs.html", {"openapi_url": request.app.openapi_url})
