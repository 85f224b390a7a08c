"""The review queue and its actions: accept, set a stance, not relevant, fix the speaker, not a statement, undo.

Every action is a POST checked by :meth:`stancemap.web.security.Security.check_write`
and stored through :mod:`stancemap.store.review` as the person's coding (or log
entry), so that reruns never overwrite it. An action answers:

- htmx (``HX-Request``): the statement's re-rendered review card;
- JSON clients (``Accept: application/json`` or a bearer token): ``{"review": ..., "statement": ...}``;
- a plain form: a redirect back to ``/review``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from stancemap import curation
from stancemap.report.html import highlight
from stancemap.store import review
from stancemap.training import order_for_teaching
from stancemap.web import pages
from stancemap.web.render import render, respond
from stancemap.web.security import REVIEWER_COOKIE, check_parameters, reviewer_name, reviewer_of

if TYPE_CHECKING:
    from stancemap.store.repository import Store

router = APIRouter(dependencies=[Depends(check_parameters)])  # NUL and oversized ids are a 400

#: Actor names offered when fixing a speaker (most active first).
ACTOR_CHOICES = 300


async def writable(request: Request) -> None:
    """Dependency of every write: token, origin and CSRF rules."""
    await request.app.state.security.check_write(request)


Write = Depends(writable)


def _store(request: Request) -> Any:
    return request.app.state.store


def _choices(store: Store) -> list[str]:
    rows, _ = review.actor_page(store, limit=ACTOR_CHOICES)
    return [r.name for r in rows]


def _card(card: review.Card) -> dict[str, Any]:
    """A statement's review card as JSON: what :func:`pages.statement_dicts` and :func:`pages.with_evidence` give."""
    item = pages.statement_dict(card.statement, card.actor_ids, card.status)
    item["not_relevant"] = [{"issue": issue, "origin": origin} for issue, origin in card.dismissed]
    item["evidence"] = [{"text": s.text, "role": s.role} for s in highlight(card.text, card.statement)]
    return item


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
@router.get("/review.json", summary="The review queue: unreviewed statements, uncertain and mutually different first")
def queue(request: Request, issue: str | None = None, page: Annotated[int, Query(ge=1)] = 1,
          size: Annotated[int, Query(ge=1, le=100)] = 20) -> Response:
    store = _store(request)
    found, total = review.review_queue(store, limit=size, offset=(page - 1) * size, issue=issue or None)
    found = _teaching_order(store, found)
    items = pages.statement_dicts(store, found)
    pages.with_evidence(store, items, found)
    data = {
        "queue": items,
        "paging": pages.Paging(page, size, total).to_dict(),
        "issue": issue,
        "issues": [{"id": i.id, "label": i.label} for i in store.issues()],
        "history": [r.to_dict() for r in review.history(store, limit=20)],
        "person": reviewer_of(request),
        "keys": {"a": "accept", "s": "support", "o": "oppose", "n": "neutral", "r": "not relevant to the issue",
                 "x": "not a statement",
                 "e": "fix the speaker", "u": "undo", "j": "next", "k": "previous"},
    }
    return respond(request, "review.html.j2", data, actor_choices=_choices(store))


def _teaching_order(store: Store, found: list[Any]) -> list[Any]:
    """The page's statements, uncertain and mutually different first (:mod:`stancemap.stance.teach`)."""
    confidences = [min((c.confidence for c in s.statement.codings if c.origin.startswith("model:")),
                       default=s.statement.confidence) for s in found]
    return [found[i] for i in order_for_teaching(store, [s.id for s in found], confidences)]


def _answer(request: Request, statement_id: int | None, done: review.Review | int | None) -> Response:
    """The answer to a review action: the statement's card (htmx or JSON), or a redirect for a plain form.

    The card, the logged action and (for htmx) the issues are read in one transaction
    (:func:`stancemap.store.review_log.statement_card`), after the action's own write
    transaction committed: no write lock is held while the answer is read or rendered.
    """
    htmx = bool(request.headers.get("hx-request"))
    if not htmx and not (request.headers.get("accept", "").startswith("application/json")
                         or request.headers.get("authorization")):
        return RedirectResponse("/review", status_code=303)
    if htmx and statement_id is None:
        response = HTMLResponse("")
        response.headers["HX-Refresh"] = "true"
        return response
    store = _store(request)
    card = None
    if statement_id is not None:
        card = review.statement_card(store, statement_id, review_id=done if isinstance(done, int) else None,
                                     with_issues=htmx)  # only the htmx card lists the issues
        if card is None:
            raise HTTPException(404, f"There is no statement {statement_id}; check the statement id.")
    if isinstance(done, int):
        done = card.review if card is not None else review.get_review(store, done)
    if htmx:
        assert card is not None
        return render(request, "_card.html.j2", {"item": _card(card),
                                                 "issues": [{"id": i.id, "label": i.label} for i in card.issues]},
                      actor_choices=[])
    return JSONResponse({"review": done.to_dict() if done is not None else None,
                         "statement": _card(card) if card is not None else None})


Text = Annotated[str, Form()]


@router.post("/review/{statement_id}/accept", dependencies=[Write], summary="Confirm a statement and its stances")
def accept(request: Request, statement_id: int) -> Response:
    done = review.accept(_store(request), statement_id, reviewer_of(request))
    return _answer(request, statement_id, done)


@router.post("/review/{statement_id}/stance", dependencies=[Write], summary="Set the statement's stance on an issue")
def stance(request: Request, statement_id: int, issue: Text, stance: Text) -> Response:
    done = review.set_stance(_store(request), statement_id, issue, stance, reviewer_of(request))
    return _answer(request, statement_id, done)


@router.post("/review/{statement_id}/not-relevant", dependencies=[Write],
             summary="Say the statement is not about an issue (kept as the person's coding, stance unrelated)")
def not_relevant(request: Request, statement_id: int, issue: Text) -> Response:
    done = review.not_relevant(_store(request), statement_id, issue, reviewer_of(request))
    return _answer(request, statement_id, done)


@router.post("/review/{statement_id}/reject", dependencies=[Write], summary='Mark "not a statement"')
def reject(request: Request, statement_id: int) -> Response:
    done = review.reject(_store(request), statement_id, reviewer_of(request))
    return _answer(request, statement_id, done)


@router.post("/review/{statement_id}/speaker", dependencies=[Write],
             summary="Attribute the statement to another actor (created when a type is given)")
def speaker(request: Request, statement_id: int, actor: Text, type: Annotated[str | None, Form()] = None) -> Response:
    done = review.set_speaker(_store(request), statement_id, actor, reviewer_of(request),
                              actor_type=type or None)
    return _answer(request, statement_id, done)


@router.post("/reviewer", dependencies=[Write], summary="Name yourself: your review decisions are recorded under it")
def name_reviewer(request: Request, name: Text) -> Response:
    """Keep the reviewer's name in a cookie signed by this server (the name of every later decision here)."""
    name = reviewer_name(name)
    if request.headers.get("accept", "").startswith("application/json"):
        response: Response = JSONResponse({"person": name})
    else:
        response = RedirectResponse("/review", status_code=303)
    response.set_cookie(REVIEWER_COOKIE, request.app.state.security.reviewer_cookie(name), httponly=True,
                        samesite="strict", path="/")
    return response


@router.post("/review/undo", dependencies=[Write], summary="Undo this reviewer's latest action")
def undo(request: Request) -> Response:
    done = review.undo(_store(request), reviewer_of(request))
    if done is None:
        raise HTTPException(409, "Nothing to undo: every review action of yours is undone already.")
    if request.headers.get("hx-request"):
        return _answer(request, None, done)
    return _answer(request, done.statement_id, done)


# ---------------------------------------------------------------- actor curation (stancemap.curation)


def _actor_name(request: Request, actor_id: int) -> str:
    found = review.actor_by_id(_store(request), actor_id)
    if found is None:
        raise HTTPException(404, f"There is no actor {actor_id}; see /actors for the stored ones.")
    return found.name


def _to_actor(request: Request, name: str, edit: Any) -> Response:
    target = review.actor_ids(_store(request), [name]).get(name)
    if request.headers.get("accept", "").startswith("application/json") or request.headers.get("authorization"):
        return JSONResponse({"edit": {"id": edit.id, "kind": edit.kind, "actor": edit.actor, "other": edit.other,
                                      "person": edit.person}, "actor_id": target})
    return RedirectResponse(f"/actors/{target}" if target else "/actors", status_code=303)


@router.post("/actors/{actor_id}/alias", dependencies=[Write], summary="Give the actor another name (alias)")
def add_alias(request: Request, actor_id: int, alias: Text) -> Response:
    name = _actor_name(request, actor_id)
    edit = curation.add_alias(_store(request), name, alias, person=reviewer_of(request))
    return _to_actor(request, name, edit)


@router.post("/actors/{actor_id}/merge", dependencies=[Write],
             summary="Merge this actor into another: its statements, mentions and aliases move there")
def merge(request: Request, actor_id: int, target: Text) -> Response:
    name = _actor_name(request, actor_id)
    edit = curation.merge(_store(request), name, target, person=reviewer_of(request))
    return _to_actor(request, edit.other or target, edit)


@router.post("/actors/{actor_id}/type", dependencies=[Write], summary="Set the actor's type")
def set_type(request: Request, actor_id: int, type: Text) -> Response:
    name = _actor_name(request, actor_id)
    edit = curation.set_type(_store(request), name, type, person=reviewer_of(request))
    return _to_actor(request, name, edit)
