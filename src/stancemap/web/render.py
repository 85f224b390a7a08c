"""Pages as HTML or JSON: :func:`respond` renders a page's template, or returns its data for ``.json`` paths.

Kept apart from :mod:`stancemap.web.app` (the app factory) so that the route modules
the factory includes can use it.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from stancemap import __version__
from stancemap.errors import StancemapError, StoreError
from stancemap.web.security import Security, reviewer_of

log = logging.getLogger(__name__)

#: What a reader sees when the database failed; the full message (with its URL) goes to the server's log only.
DATABASE_FAILED = {
    "read": "The database could not be read. The server's log has the details; try again later.",
    "write": "The database could not be written; nothing was changed. The server's log has the details.",
}

NAV = (
    ("/", "Overview"),
    ("/documents", "Documents"),
    ("/statements", "Statements"),
    ("/review", "Review"),
    ("/actors", "Actors"),
    ("/issues", "Issues"),
    ("/network", "Network"),
)



def wants_json(request: Request) -> bool:
    """Whether the request asked for a page's JSON twin (its path ends in ``.json``)."""
    return request.url.path.endswith(".json")


def respond(request: Request, template: str, data: dict[str, Any], *, status: int = 200, **extra: Any) -> Response:
    """The page's data as JSON for ``.json`` paths, rendered through ``template`` otherwise."""
    if wants_json(request):
        return JSONResponse(data, status_code=status)
    return render(request, template, data, status=status, **extra)


def render(request: Request, template: str, data: dict[str, Any], *, status: int = 200, **extra: Any) -> HTMLResponse:
    app = request.app
    security: Security = app.state.security
    session = getattr(request.state, "session", None) or ""
    html = app.state.templates.get_template(template).render(
        data=data,
        request_path=request.url.path,
        query=str(request.url.query),
        json_url=_json_url(request),
        csrf=security.csrf_for(session),
        needs_token=security.needs_token,
        logged_in=security.logged_in(request),
        person=_person_shown(request),
        nav=NAV,
        version=__version__,
        **extra,
    )
    return HTMLResponse(html, status_code=status)


def _person_shown(request: Request) -> str:
    """Who is reviewing, for the page; the server's reviewer when the request's name cannot be recorded (its 400)."""
    try:
        return reviewer_of(request)
    except HTTPException:
        return str(request.app.state.person)


def _json_url(request: Request) -> str:
    path = request.url.path.rstrip("/") or "/index"
    if path == "/":
        path = "/index"
    url = path + ".json"
    return url + ("?" + request.url.query if request.url.query else "")


def public_error(exc: StancemapError, url: str) -> tuple[int, str]:
    """The status and message a reader of the app may see for ``exc``: never the database URL.

    A failure of the database itself becomes a generic message (503), logged in full
    for the person running the server; any other message has the URL replaced by
    "the database".

    >>> public_error(StoreError("Could not read sqlite:///x.db: locked."), "sqlite:///x.db")
    (503, "The database could not be read. The server's log has the details; try again later.")
    >>> public_error(StoreError("There is no statement 9 in sqlite:///x.db."), "sqlite:///x.db")
    (400, 'There is no statement 9 in the database.')
    """
    if isinstance(exc, StoreError) and exc.message.startswith("Could not"):
        log.error("database error [%s]: %s", exc.code, exc.message)
        return 503, DATABASE_FAILED["write" if exc.code == "E302" else "read"]
    message = exc.message.replace(url, "the database") if url else exc.message
    return 400, message
