"""Signing out of the pages, and of the identity provider when the session began there."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from interfaces.web.rendering import pages_of
from interfaces.web.routing import CsrfRefusedError, current_session, page_router, read_form
from interfaces.web.sessions import CSRF_FIELD, SESSION_COOKIE
from interfaces.web.sign_in import PROVIDER_STILL_SIGNED_IN
from interfaces.web.single_sign_on import ProviderUnreachableError, provider_sign_out_address

router = page_router()


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    """End the session on the server: the cookie, or any copy of it, signs in no more.

    A session begun at the identity provider goes on to the provider's sign-out, which sends
    the browser back to the sign-in page. That step is a page that moves on by itself, not a
    redirect: the pages' ``form-action 'self'`` forbids a form's redirect to another site.
    """
    root = request.scope.get("root_path", "")
    response: Response = RedirectResponse(root + "/sign-in", status_code=303)
    session = current_session(request)
    if session is not None:
        fields = await read_form(request)
        if not session.carries(fields.get(CSRF_FIELD)):
            raise CsrfRefusedError
        pages = pages_of(request)
        pages.sessions.end(session.id)
        try:
            provider_sign_out = await provider_sign_out_address(request, session)
        except ProviderUnreachableError:
            response = RedirectResponse(
                f"{root}/sign-in?signed_out={PROVIDER_STILL_SIGNED_IN}", status_code=303
            )
        else:
            if provider_sign_out is not None and pages.settings.oidc is not None:
                response = pages.render(
                    request,
                    "signed_out.html",
                    {
                        "provider_sign_out": provider_sign_out,
                        "provider_name": pages.settings.oidc.provider_name,
                    },
                )
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response
