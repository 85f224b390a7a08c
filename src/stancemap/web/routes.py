"""The reading pages, each registered twice: ``/page`` (HTML) and ``/page.json`` (its data).

A ``.json`` route is the lower decorator, so it is registered (and matched) before its HTML sibling and
``/documents/5.json`` never reaches the ``/documents/{id}`` route.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse

from stancemap.errors import ActorLookupError
from stancemap.store import review
from stancemap.store.actor_lookup import find_actor
from stancemap.web import pages, positions
from stancemap.web.render import public_error, render, respond, wants_json
from stancemap.web.security import REVIEWER_COOKIE, TOKEN_COOKIE, check_parameters, reviewer_name

log = logging.getLogger(__name__)

router = APIRouter(dependencies=[Depends(check_parameters)])
HTML: dict[str, Any] = {"response_class": HTMLResponse, "include_in_schema": False}

Page = Annotated[int, Query(ge=1, description="Page number, from 1.")]
Size = Annotated[int, Query(ge=1, le=pages.MAX_PAGE_SIZE, description="Rows per page.")]


def _store(request: Request) -> Any:
    return request.app.state.store


def _actor_not_found(request: Request, exc: ActorLookupError, link: Callable[[str], str], *,
                     page: bool = True) -> Response:
    """404 for an ambiguous or unknown actor name, listing the candidates (HTML page, or JSON for twins and exports)."""
    _, message = public_error(exc, _store(request).url)
    data = pages.actor_not_found(exc, message, link)
    if page:
        return respond(request, "error.html.j2", data, status=404)
    return JSONResponse(data, status_code=404)


def _this_page_for(request: Request) -> Callable[[str], str]:
    """The address of the requested page and query with ``actor`` set to a given name."""
    def link(name: str) -> str:
        url = request.url.include_query_params(actor=name)
        return f"{url.path}?{url.query}"
    return link


# ---------------------------------------------------------------- overview and documents


@router.get("/", **HTML)
@router.get("/index.json", summary="Overview: counts, issues, most active actors, latest statements, failures")
def index(request: Request) -> Response:
    return respond(request, "index.html.j2", pages.overview(_store(request)))


@router.get("/documents", **HTML)
@router.get("/documents.json", summary="Documents (latest versions), newest first, paged")
def documents(request: Request, page: Page = 1, size: Size = pages.DEFAULT_PAGE_SIZE, q: str | None = None) -> Response:
    return respond(request, "documents.html.j2", pages.documents(_store(request), page=page, size=size, q=q))


@router.get("/documents/{document_id}", **HTML)
@router.get("/documents/{document_id}.json", summary="One document: text, highlighted segments, statements")
def document(request: Request, document_id: int, rejected: bool = False) -> Response:
    data = pages.document(_store(request), document_id, include_rejected=rejected)
    if data is None:
        raise HTTPException(404, f"There is no document {document_id}; see /documents for the stored ones.")
    return respond(request, "document.html.j2", data)


# ---------------------------------------------------------------- statements


def _statement_params(
    actor: str | None, issue: str | None, stance: str | None, since: str | None, until: str | None,
    min_confidence: float | None, max_confidence: float | None, origin: str | None, document: int | None,
    q: str | None, rejected: bool,
) -> dict[str, Any]:
    return {"actor": actor, "issue": issue, "stance": stance, "since": since, "until": until,
            "min_confidence": min_confidence, "max_confidence": max_confidence, "origin": origin,
            "document": document, "q": q, "rejected": rejected}


Conf = Annotated[float | None, Query(ge=0.0, le=1.0)]


@router.get("/statements", **HTML)
@router.get("/statements.json", summary="Statements matching the filters, sorted and paged")
def statements(
    request: Request,
    actor: str | None = None,
    issue: str | None = None,
    stance: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_confidence: Conf = None,
    max_confidence: Conf = None,
    origin: str | None = None,
    document: int | None = None,
    q: str | None = None,
    rejected: bool = False,
    sort: str = "date",
    page: Page = 1,
    size: Size = pages.DEFAULT_PAGE_SIZE,
) -> Response:
    params = _statement_params(actor, issue, stance, since, until, min_confidence, max_confidence, origin,
                               document, q, rejected)
    try:
        params = pages.with_actor(_store(request), params)
    except ActorLookupError as exc:
        return _actor_not_found(request, exc, _this_page_for(request))
    data = pages.statements(_store(request), params, page=page, size=size, sort=sort)
    return respond(request, "statements.html.j2", data)


#: Statements read from the database per export batch.
EXPORT_BATCH = 1000

#: The last line or row of an export the database failed in the middle of (it has already answered 200).
EXPORT_INCOMPLETE = ("EXPORT INCOMPLETE: the database failed after {n} statements; the rest is missing. "
                     "Download the export again; the server's log has the details.")


def _batches(request: Request, params: dict[str, Any], sort: str) -> Iterator[list[dict[str, Any]]]:
    """The statements matching ``params`` as dicts, one list per batch read from the database.

    The first batch is read before this returns, so that a database that fails at once raises
    here, before a response starts (the app answers 503), rather than as an empty 200.
    """
    store = _store(request)
    f = pages.statement_filter(params)
    order = sort if sort in review.SORTS else "date"

    def batch(offset: int) -> list[dict[str, Any]]:
        found, _total = review.statement_page(store, f, sort=order, limit=EXPORT_BATCH, offset=offset)
        return pages.statement_dicts(store, found) if found else []

    first = batch(0)

    def rest() -> Iterator[list[dict[str, Any]]]:
        current, offset = first, 0
        while current:
            yield current
            offset += EXPORT_BATCH
            current = batch(offset)

    return rest()


def _streamed(batches: Iterator[list[dict[str, Any]]], lines: Callable[[list[dict[str, Any]]], Iterator[str]],
              failed: Callable[[str], str]) -> Iterator[str]:
    """The export's text; a failure after the response started ends it with ``failed(message)``."""
    done = 0
    try:
        for items in batches:
            yield from lines(items)
            done += len(items)
    except Exception:  # noqa: BLE001 - whatever failed, the reader must see the export is incomplete
        log.exception("export failed after %d statements", done)
        yield failed(EXPORT_INCOMPLETE.format(n=done))


@router.get("/statements.csv", summary="Export every statement matching the filters as CSV (one row per coding)")
def statements_csv(
    request: Request, actor: str | None = None, issue: str | None = None, stance: str | None = None,
    since: str | None = None, until: str | None = None, min_confidence: Conf = None, max_confidence: Conf = None,
    origin: str | None = None, document: int | None = None, q: str | None = None, rejected: bool = False,
    sort: str = "date",
) -> Response:
    params = _statement_params(actor, issue, stance, since, until, min_confidence, max_confidence, origin,
                               document, q, rejected)
    pages.statement_filter(params)  # a bad filter is a 400 (an ambiguous actor a 404) before streaming starts
    try:
        params = pages.with_actor(_store(request), params)
    except ActorLookupError as exc:
        return _actor_not_found(request, exc, _this_page_for(request), page=False)
    batches = _batches(request, params, sort)

    def csv_text(rows: Iterable[Sequence[Any]]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        return buffer.getvalue()

    def lines(items: list[dict[str, Any]]) -> Iterator[str]:
        yield csv_text([row for item in items for row in pages.csv_rows(item)])

    def body() -> Iterator[str]:
        yield csv_text([pages.CSV_COLUMNS])
        yield from _streamed(batches, lines, lambda message: csv_text([[message]]))

    return StreamingResponse(body(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="statements.csv"'})


@router.get("/statements.jsonl",
            summary="Export every statement matching the filters as JSON Lines (DESIGN.md contract)")
def statements_jsonl(
    request: Request, actor: str | None = None, issue: str | None = None, stance: str | None = None,
    since: str | None = None, until: str | None = None, min_confidence: Conf = None, max_confidence: Conf = None,
    origin: str | None = None, document: int | None = None, q: str | None = None, rejected: bool = False,
    sort: str = "date",
) -> Response:
    params = _statement_params(actor, issue, stance, since, until, min_confidence, max_confidence, origin,
                               document, q, rejected)
    pages.statement_filter(params)
    try:
        params = pages.with_actor(_store(request), params)
    except ActorLookupError as exc:
        return _actor_not_found(request, exc, _this_page_for(request), page=False)
    batches = _batches(request, params, sort)

    def lines(items: list[dict[str, Any]]) -> Iterator[str]:
        yield "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)

    def failed(message: str) -> str:
        return json.dumps({"error": message, "incomplete": True}, ensure_ascii=False) + "\n"

    return StreamingResponse(_streamed(batches, lines, failed), media_type="application/x-ndjson; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="statements.jsonl"'})


# ---------------------------------------------------------------- actors and issues


@router.get("/actors", **HTML)
@router.get("/actors.json", summary="Actors with statement counts, most active first")
def actors(
    request: Request, page: Page = 1, size: Size = 100, q: str | None = None, sort: str = "statements"
) -> Response:
    return respond(request, "actors.html.j2", positions.actors(_store(request), page=page, size=size, q=q, sort=sort))


@router.get("/actors/{actor_id}", **HTML)
@router.get("/actors/{actor_id}.json", summary="One actor by id (or by name: redirected to its id): aliases, stance "
            "over time per issue, events, statements")
def actor(request: Request, actor_id: str) -> Response:
    if not actor_id.isdigit():
        return _actor_named(request, actor_id)
    data = positions.actor(_store(request), int(actor_id), request.app.state.cache)
    if data is None:
        raise HTTPException(404, f"There is no actor {actor_id}; see /actors for the stored ones.")
    return respond(request, "actor.html.j2", data)


def _actor_named(request: Request, name: str) -> Response:
    """Redirect ``/actors/NAME`` to the page of the one actor ``NAME`` means (as ``actors show NAME`` finds it)."""
    suffix = ".json" if wants_json(request) else ""
    try:
        found = find_actor(_store(request), name)
    except ActorLookupError as exc:
        return _actor_not_found(request, exc, lambda other: f"/actors/{quote(other, safe='')}{suffix}")
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/actors/{found.id}{suffix}{query}", status_code=307)


@router.get("/issues", **HTML)
@router.get("/issues.json", summary="Codebook issues with support / oppose / neutral counts")
def issues(request: Request) -> Response:
    return respond(request, "issues.html.j2", positions.issues(_store(request)))


@router.get("/issues/{issue_id}", **HTML)
@router.get("/issues/{issue_id}.json", summary="One issue: supporters, opponents and neutral actors with evidence")
def issue(request: Request, issue_id: str) -> Response:
    data = positions.issue(_store(request), issue_id)
    if data is None:
        raise HTTPException(404, f"There is no issue {issue_id!r}; see /issues for the codebook's issues.")
    return respond(request, "issue.html.j2", data)


# ---------------------------------------------------------------- network


# text, so that the page's empty boxes mean "off"; checked by positions.NetworkView.parse
MinWeight = Annotated[
    str | None, Query(max_length=40, description="Leave out edges whose absolute weight is below this.")
]
Top = Annotated[str | None, Query(max_length=40, description="Keep only the N most active actors.")]
Backbone = Annotated[
    str | None, Query(max_length=40, description="Disparity-filter backbone at this significance, e.g. 0.05.")
]


@router.get("/network", **HTML)
@router.get("/network.json", summary="The discourse network as cytoscape.js elements")
def network(request: Request, mode: str = "two-mode", issue: str | None = None, since: str | None = None,
            until: str | None = None, min_weight: MinWeight = None, top: Top = None, normalize: str = "none",
            backbone: Backbone = None) -> Response:
    view = positions.NetworkView.parse(min_weight=min_weight, top=top, normalize=normalize, backbone=backbone)
    data = positions.network(_store(request), mode=mode, issue=issue or None,
                             since=pages.parse_date(since, "since"), until=pages.parse_date(until, "until"), view=view)
    return respond(request, "network.html.j2", data)



_EXPORTS = {
    "graphml": ("application/graphml+xml", "stancemap.network.export.graphml", "generate_graphml"),
    "gexf": ("application/gexf+xml", "stancemap.network.export.gexf", "generate_gexf"),
    "csv": ("text/csv; charset=utf-8", "stancemap.network.export.csv", "generate_csv"),
    "json": ("application/json", "stancemap.network.export.json", "generate_json"),
    "dna": ("text/csv; charset=utf-8", "stancemap.network.export.dna", "generate_dna"),
}


@router.get("/network/export.{fmt}", summary="The network in an export format: graphml, gexf, csv, json, dna")
def network_export(request: Request, fmt: str, mode: str = "two-mode", issue: str | None = None,
                   since: str | None = None, until: str | None = None, min_weight: MinWeight = None,
                   top: Top = None, normalize: str = "none", backbone: Backbone = None) -> Response:
    import importlib

    if fmt not in _EXPORTS:
        raise HTTPException(404, f"No export format {fmt!r}; use one of {', '.join(_EXPORTS)}.")
    media, module, function = _EXPORTS[fmt]
    view = positions.NetworkView.parse(min_weight=min_weight, top=top, normalize=normalize, backbone=backbone)
    G = positions.graph(_store(request), mode=mode, issue=issue or None, since=pages.parse_date(since, "since"),
                        until=pages.parse_date(until, "until"), view=view)
    body = getattr(importlib.import_module(module), function)(G)
    content = body if isinstance(body, str) else "".join(body)
    extension = "csv" if fmt == "dna" else fmt
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="network-{mode}.{extension}"'})


# ---------------------------------------------------------------- access token


@router.get("/login", **HTML)
def login_form(request: Request) -> Response:
    return render(request, "login.html.j2", {"error": None})


@router.post("/login", **HTML)
async def login(request: Request) -> Response:
    """Check the access token and keep it in an HttpOnly cookie for this browser, with the reviewer's name if given."""
    security = request.app.state.security
    form = await request.form()
    offered, name = form.get("token"), form.get("name")
    response = RedirectResponse("/review", status_code=303)
    if security.needs_token:
        if not isinstance(offered, str) or not security.token_ok(offered.strip()):
            return render(request, "login.html.j2", {"error": "That is not this server's token."}, status=403)
        response.set_cookie(TOKEN_COOKIE, offered.strip(), httponly=True, samesite="strict", path="/")
    if isinstance(name, str) and name.strip():
        response.set_cookie(REVIEWER_COOKIE, security.reviewer_cookie(reviewer_name(name)), httponly=True,
                            samesite="strict", path="/")
    return response


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """No icon (browsers ask for one even on JSON pages)."""
    return Response(status_code=204)
