"""The app factory: one FastAPI app over one store, every page with its ``.json`` twin.

>>> import os, tempfile
>>> from stancemap.store import Store
>>> from fastapi.testclient import TestClient
>>> with Store.open(os.path.join(tempfile.mkdtemp(), "corpus.db")) as store:
...     client = TestClient(create_app(store))
...     client.get("/index.json").json()["counts"]["documents"]
0

An in-memory SQLite store (``sqlite://``) cannot be served: each request
thread would see its own empty database.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.middleware.trustedhost import TrustedHostMiddleware

from stancemap import __version__, workflows
from stancemap.errors import StancemapError, UsageError
from stancemap.report.html import safe_url
from stancemap.web import review_routes, routes
from stancemap.web.cache import Cache, PageCache, StoreVersion
from stancemap.web.render import public_error, render, wants_json
from stancemap.web.security import HEADERS, SESSION_COOKIE, Security, reviewer_of

if TYPE_CHECKING:
    from stancemap.store.repository import Store

STATIC = Path(__file__).resolve().parent / "static"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("stancemap.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    return env


def create_app(
    store: Store | str | None,
    *,
    token: str | None = None,
    person: str | None = None,
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    """Build the web app over ``store``.

    Parameters
    ----------
    store : Store or str
        An open :class:`~stancemap.store.Store`, or a ``--db`` value (file or
        URL) of an existing database, opened now and closed with the app.
    token : str, optional
        Access token every write must present (see :mod:`stancemap.web.security`).
    person : str, optional
        Name under which review corrections are stored (``person:<name>``);
        default the operating-system user.
    allowed_hosts : list of str, optional
        Host headers to accept (e.g. ``["127.0.0.1", "localhost"]`` against DNS
        rebinding when bound to loopback); default any.

    Returns
    -------
    fastapi.FastAPI
    """
    store, owned = _open_store(store)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            app.state.version.close()
            if owned is not None:
                owned.close()

    app = FastAPI(
        title="stancemap",
        version=__version__,
        description="Statements, actors and stances of a stancemap store: every HTML page has a `.json` twin.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    _set_state(app, store, token=token, person=person)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    _add_session_middleware(app)
    _add_error_handlers(app, store)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")


    app.include_router(routes.router)
    app.include_router(review_routes.router)
    return app


#: Random bytes in the CSRF mark and in a new session id.
_CSRF_MARK_BYTES = 16
_SESSION_BYTES = 24


def _open_store(store: Store | str | None) -> tuple[Store, Store | None]:
    """``(store, the store opened here or None)``: a ``--db`` value is opened; in-memory SQLite is refused."""
    owned = None
    if isinstance(store, str) or store is None:
        store = owned = workflows.open_store(store, must_exist=True)

    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        raise UsageError.of("E500.memory-db")
    return store, owned


def _set_state(app: FastAPI, store: Store, *, token: str | None, person: str | None) -> None:
    """The app's shared state: store, security, templates, caches and the page-computing limits."""
    app.state.store = store
    app.state.security = Security(token=token or None)
    app.state.person = _person(person)
    app.state.templates = _environment()
    app.state.cache = Cache()  # the actor registry, per curation version (counts come from the store's summaries)
    # changes on every commit to a SQLite store, by any process
    app.state.version = StoreVersion.of_url(store.engine.url)
    app.state.pages = PageCache()  # read-only pages per store version (see _cache_key)
    app.state.csrf_mark = ("csrf-" + secrets.token_hex(_CSRF_MARK_BYTES)).encode("ascii")
    # Pages computed at once on a cache miss: the rest wait (for the same page: for its result), so that a
    # reviewer's write is not starved of the one interpreter by a crowd of readers after each change.
    app.state.page_slots = asyncio.Semaphore(PAGE_SLOTS)
    app.state.in_flight = {}
    app.state.writing = 0  # writes in progress: cache misses wait for them (a reviewer's click comes first)
    app.state.no_writes = asyncio.Event()
    app.state.no_writes.set()


def _add_session_middleware(app: FastAPI) -> None:
    """Security headers, the session cookie, and the page cache in front of every request."""

    @app.middleware("http")
    async def headers_and_session(request: Request, call_next: Any) -> Response:
        session = app.state.security.session_of(request)
        fresh = session is None
        request.state.session = session or secrets.token_urlsafe(_SESSION_BYTES)
        key = _cache_key(request)
        version = app.state.version.get() if key is not None else None
        response = _replay(request, app.state.pages.get(key, version)) if version is not None else None
        if response is None and version is not None:
            response = await _compute_once(request, call_next, key, version)
        if response is None and request.method == "POST":
            response = await _write_first(request, call_next)
        if response is None:
            response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if fresh:
            response.set_cookie(SESSION_COOKIE, request.state.session, httponly=True, samesite="strict", path="/")
        return response


def _add_error_handlers(app: FastAPI, store: Store) -> None:
    """HTTP errors, bad parameters and our own errors as pages (or JSON) with their status."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ())[1:])
            parts.append(f"{where}: {err.get('msg')}")
        return _error(request, 400, "Bad request: " + "; ".join(parts))

    @app.exception_handler(StancemapError)
    async def stancemap_error(request: Request, exc: StancemapError) -> Response:
        status, message = public_error(exc, store.url)
        return _error(request, status, f"[{exc.code}] {message}")


#: Paths never answered from the page cache (streams, downloads, forms); everything else read-only may be.
_UNCACHED = ("/static/", "/network/export", "/login", "/favicon.ico")
_CACHED_TYPES = ("text/html", "application/json")


def _cache_key(request: Request) -> tuple[Any, ...] | None:
    """What a GET page's response depends on besides the store: path, query, htmx, sign-in and reviewer's name;
    None: do not cache."""
    path = request.url.path
    if request.method != "GET" or path.startswith(_UNCACHED) or path.endswith((".csv", ".jsonl")):
        return None
    security: Security = request.app.state.security
    try:
        reviewer = reviewer_of(request)
    except HTTPException:
        return None  # a name that cannot be recorded: the page answers the 400 itself
    # the Host header is part of the key: a host the TrustedHostMiddleware refuses never got a 200 to replay
    return (request.headers.get("host"), path, request.url.query, bool(request.headers.get("hx-request")),
            security.logged_in(request), reviewer)


#: Cacheable pages computed at the same time (a miss beyond this waits; writes never wait).
PAGE_SLOTS = 2


async def _compute_once(request: Request, call_next: Any, key: Any, version: int) -> Response:
    """Compute a cacheable page in one of :data:`PAGE_SLOTS`, once per key and version however many ask."""
    state = request.app.state
    flight = (key, version)
    running = state.in_flight.get(flight)
    if running is not None:
        await asyncio.shield(running)
        replayed = _replay(request, state.pages.get(key, version))
        if replayed is not None:
            return replayed
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    state.in_flight[flight] = done
    try:
        await state.no_writes.wait()
        async with state.page_slots:
            response = await call_next(request)
            return await _keep(request, response, key, version)
    finally:
        if state.in_flight.get(flight) is done:
            del state.in_flight[flight]
        done.set_result(None)


async def _write_first(request: Request, call_next: Any) -> Response:
    """Run a write while new page computations wait (they would share the interpreter with it)."""
    state = request.app.state
    state.writing += 1
    state.no_writes.clear()
    try:
        return await call_next(request)
    finally:
        state.writing -= 1
        if state.writing == 0:
            state.no_writes.set()


def _replay(request: Request, found: Any) -> Response | None:
    """A cached response for this request (its session's CSRF token put back in), or None."""
    if found is None:
        return None
    status, headers, body = found
    csrf = request.app.state.security.csrf_for(request.state.session).encode("ascii")
    return Response(body.replace(request.app.state.csrf_mark, csrf), status_code=status, headers=headers)


async def _keep(request: Request, response: Response, key: Any, version: int) -> Response:
    """Store a 200 HTML or JSON page under ``version`` (its CSRF token replaced by a mark); the same response."""
    media = response.headers.get("content-type", "")
    if response.status_code != 200 or not media.startswith(_CACHED_TYPES) or "set-cookie" in response.headers:
        return response
    body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    csrf = request.app.state.security.csrf_for(request.state.session).encode("ascii")
    request.app.state.pages.put(key, version, (200, headers, body.replace(csrf, request.app.state.csrf_mark)),
                                size=len(body))
    return Response(body, status_code=200, headers=headers)


def _person(person: str | None) -> str:
    if person:
        return person
    try:
        return getpass.getuser() or "reviewer"
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "reviewer"


def _error(request: Request, status: int, message: str) -> Response:
    data = {"error": message, "status": status}
    form_post = request.method != "GET" and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    )
    api_write = request.method != "GET" and not form_post
    if wants_json(request) or api_write or request.headers.get("hx-request") or request.headers.get(
        "accept", ""
    ).startswith("application/json"):
        return JSONResponse(data, status_code=status)
    if not hasattr(request.state, "session"):
        request.state.session = ""
    return render(request, "error.html.j2", data, status=status)
