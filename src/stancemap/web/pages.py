"""The data behind the corpus pages: overview, documents, one document, statements.

Each function takes the :class:`~stancemap.store.Store` and returns a plain
dict of JSON types: the ``.json`` twin of a page returns it as is, the HTML page
renders it. Nothing here builds HTML; the templates escape every value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stancemap.csvcells import csv_row
from stancemap.errors import ActorLookupError
from stancemap.ingest.authors import evidence_for
from stancemap.models import STANCES, StoredStatement
from stancemap.report.html import highlight, safe_url
from stancemap.store import review
from stancemap.store.actor_lookup import find_actor

if TYPE_CHECKING:
    from stancemap.store.repository import Store

#: Most rows a page of a table shows.
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50


def iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def document_brief(stored: StoredStatement) -> dict[str, Any]:
    doc = stored.document
    return {"id": doc.id, "doc_id": doc.doc_id, "version": doc.version, "title": doc.title,
            "date": iso(doc.date), "source": doc.source, "url": safe_url(doc.url)}


def statement_dict(stored: StoredStatement, actor_ids: dict[str, int], status: dict[int, str]) -> dict[str, Any]:
    """A stored statement in the JSON contract of DESIGN.md, with its id, document, actor id and review status."""
    data = stored.statement.to_dict()
    data["id"] = stored.id
    data["document"] = document_brief(stored)
    data["actor_id"] = actor_ids.get(stored.statement.actor or "")
    data["status"] = status.get(stored.id, "machine")
    data["resolved"] = stored.statement.actor is not None
    return data


def statement_dicts(store: Store, found: Sequence[StoredStatement]) -> list[dict[str, Any]]:
    """Statements as JSON, each with ``not_relevant``: the issues a person said it is not about."""
    ids = review.actor_ids(store, [s.statement.actor for s in found if s.statement.actor])
    status = review.status_of(store, [s.id for s in found])
    dismissed = review.dismissals(store, [s.id for s in found])
    out = []
    for s in found:
        item = statement_dict(s, ids, status)
        item["not_relevant"] = [{"issue": issue, "origin": origin} for issue, origin in dismissed.get(s.id, [])]
        out.append(item)
    return out


def with_evidence(store: Store, items: list[dict[str, Any]], found: Sequence[StoredStatement]) -> None:
    """Add ``evidence``: the sentence around each statement split into highlighted segments."""
    texts: dict[int, str] = {}
    for item, stored in zip(items, found, strict=True):
        doc = stored.document.id
        if doc not in texts:
            texts[doc] = store.document_text(doc)
        item["evidence"] = [{"text": s.text, "role": s.role} for s in highlight(texts[doc], stored)]


# ---------------------------------------------------------------- overview


def overview(store: Store) -> dict[str, Any]:
    """Corpus counts, issues with stance counts, most active actors, latest statements, failures.

    Counts come from the store's summaries (exact after every write, no table scanned).
    """
    counts = review.table_counts(store)
    stances = review.stance_counts(store)
    issues = []
    for issue in store.issues():
        by_stance = stances.get(issue.id, {})
        issues.append({"id": issue.id, "label": issue.label, "claim": issue.claim,
                       **{stance: int(by_stance.get(stance, 0)) for stance in STANCES}})
    actors, _ = review.actor_page(store, limit=10)
    latest, _ = review.statement_page(store, review.StatementFilter(), sort="-date", limit=10)
    failures = review.latest_failures(store, limit=100)
    runs = review.latest_runs(store, limit=5)
    return {
        "counts": counts,
        "issues": issues,
        "actors": [a.to_dict() for a in actors],
        "latest": statement_dicts(store, latest),
        "failures": [{"id": f.id, "run": f.run_id, "origin": f.origin, "code": f.code, "reason": f.reason,
                      "created_at": iso(f.created_at)} for f in failures],
        "failures_total": counts["failures"],
        "runs": [{"id": r.id, "status": r.status, "started_at": iso(r.started_at), "finished_at": iso(r.finished_at),
                  "pipeline_version": r.pipeline_version, "model": r.model, "counts": r.counts}
                 for r in runs],
    }


# ---------------------------------------------------------------- documents


@dataclass(frozen=True)
class Paging:
    page: int
    size: int
    total: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def capped(self) -> bool:
        """Whether ``total`` stopped counting at :data:`~stancemap.store.review.COUNT_CAP` (there are more)."""
        return self.total > review.COUNT_CAP

    def to_dict(self) -> dict[str, Any]:
        more = self.page < self.pages or self.capped
        return {"page": self.page, "size": self.size, "total": self.total, "total_capped": self.capped,
                "pages": self.pages, "next": self.page + 1 if more else None,
                "previous": self.page - 1 if self.page > 1 else None}


def clamp_page(page: int, size: int) -> tuple[int, int]:
    return max(1, page), max(1, min(size, MAX_PAGE_SIZE))


def documents(store: Store, *, page: int = 1, size: int = DEFAULT_PAGE_SIZE, q: str | None = None) -> dict[str, Any]:
    page, size = clamp_page(page, size)
    rows, total = review.document_page(store, limit=size, offset=(page - 1) * size, q=q or None)
    for row in rows:
        row["url"] = safe_url(row["url"])
    return {"documents": rows, "paging": Paging(page, size, total).to_dict(), "q": q or ""}


ROLE_RANK = {"speaker": 3, "cue": 2, "content": 1}


def text_segments(text: str, found: Iterable[StoredStatement]) -> list[dict[str, Any]]:
    """Split a document's text into runs, each with the highlighted role and statement covering it.

    Where spans overlap, the speaker wins over the cue and the cue over the
    content; among statements of the same role, the first stored one.

    >>> from stancemap.models import Statement, TextSpan, DocumentInfo, StoredStatement
    >>> st = Statement("d", TextSpan(14, 19, "it is"), TextSpan(0, 7, "Borrell"), TextSpan(8, 13, "noted"))
    >>> stored = [StoredStatement(1, st, DocumentInfo(1, "d", 1))]
    >>> [(s["text"], s["role"]) for s in text_segments("Borrell noted it is.", stored)]
    [('Borrell', 'speaker'), (' ', ''), ('noted', 'cue'), (' ', ''), ('it is', 'content'), ('.', '')]
    """
    spans: list[tuple[int, int, str, int, bool]] = []
    for stored in found:
        st = stored.statement
        resolved = st.actor is not None
        for span, role in ((st.content, "content"), (st.cue, "cue"), (st.speaker, "speaker")):
            if span is not None and 0 <= span.start < span.end <= len(text):
                spans.append((span.start, span.end, role, stored.id, resolved))
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    out: list[dict[str, Any]] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in spans if s[0] <= lo and s[1] >= hi]
        if covering:
            best = max(covering, key=lambda s: (ROLE_RANK[s[2]], -s[3]))
            seg = {"text": text[lo:hi], "role": best[2], "statement": best[3],
                   "statements": sorted({s[3] for s in covering}), "unresolved": best[2] == "speaker" and not best[4]}
        else:
            seg = {"text": text[lo:hi], "role": "", "statement": None, "statements": [], "unresolved": False}
        if out and out[-1]["role"] == seg["role"] and out[-1]["statement"] == seg["statement"] \
                and out[-1]["statements"] == seg["statements"]:
            out[-1]["text"] += seg["text"]
        else:
            out.append(seg)
    return out


def document(store: Store, document_id: int, *, include_rejected: bool = False) -> dict[str, Any] | None:
    """A document's metadata, text split into highlighted segments, and its statements.

    Statements marked "not a statement" are left out unless ``include_rejected``.
    """
    row = review.document_row(store, document_id)
    if row is None:
        return None
    found = store.statements(document_id=document_id, include_rejected=include_rejected)
    items = statement_dicts(store, found)
    row["url"] = safe_url(row["url"])
    row["segments"] = text_segments(row["text"], found)
    row["statements"] = items
    row["unresolved"] = sum(1 for item in items if not item["resolved"])
    row["history"] = []
    # who speaks and how we know: a transcript label, a detected header/introduction/byline/dateline, or the input
    row["speaker_evidence"] = evidence_for(row["text"], speaker=row.get("speaker"), genre=row.get("genre") or "news",
                                           body_start=row.get("body_start") or 0)
    return row


# ---------------------------------------------------------------- statements


def parse_date(value: str | None, name: str) -> dt.date | None:
    from fastapi import HTTPException

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(400, f"{name}={value!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-05-28") from None


def with_actor(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with ``actor`` replaced by the canonical name of the one stored actor it means.

    The name is looked up as everywhere else (:func:`stancemap.store.actor_lookup.find_actor`):
    an ambiguous or unknown name raises :class:`~stancemap.errors.ActorLookupError`,
    which the page turns into a 404 listing the candidates (:func:`actor_not_found`).
    """
    if not params.get("actor"):
        return params
    return params | {"actor": find_actor(store, params["actor"]).name}


def actor_not_found(exc: ActorLookupError, message: str, link: Any) -> dict[str, Any]:
    """The data of a 404 for an ambiguous (E305) or unknown (E304) actor name.

    ``message`` is the error's text as a reader may see it; ``link(name)``
    gives the address of the same page for one candidate.

    >>> e = ActorLookupError("'Clinton' matches 2 actors", "E305", name="Clinton",
    ...                      candidates=[("Hillary Clinton", 3), ("Bill Clinton", 1)])
    >>> data = actor_not_found(e, e.message, lambda name: "/actors/" + name)
    >>> data["status"], data["code"], data["candidates"][1]
    (404, 'E305', {'name': 'Bill Clinton', 'statements': 1, 'url': '/actors/Bill Clinton'})
    """
    return {
        "error": f"[{exc.code}] {message}",
        "status": 404,
        "code": exc.code,
        "name": exc.name,
        "candidates": [{"name": name, "statements": n, "url": link(name)} for name, n in exc.candidates],
    }


def statement_filter(params: dict[str, Any]) -> review.StatementFilter:
    """A :class:`~stancemap.store.review.StatementFilter` from the page's query parameters."""
    from fastapi import HTTPException

    stance = params.get("stance") or None
    if stance is not None and stance not in STANCES:
        raise HTTPException(400, f"stance={stance!r} is not one of {', '.join(STANCES)}")
    origin = params.get("origin") or None
    if origin is not None and origin not in ("model", "person"):
        raise HTTPException(400, f"origin={origin!r} is not model or person")
    return review.StatementFilter(
        actor=params.get("actor") or None,
        issue=params.get("issue") or None,
        stance=stance,
        since=parse_date(params.get("since"), "since"),
        until=parse_date(params.get("until"), "until"),
        min_confidence=params.get("min_confidence"),
        max_confidence=params.get("max_confidence"),
        origin=origin,
        document_id=params.get("document"),
        q=params.get("q") or None,
        include_rejected=bool(params.get("rejected")),
    )


def statements(store: Store, params: dict[str, Any], *, page: int, size: int, sort: str) -> dict[str, Any]:
    page, size = clamp_page(page, size)
    if sort not in review.SORTS:
        sort = "date"
    f = statement_filter(params)
    found, total = review.statement_page(store, f, sort=sort, limit=size, offset=(page - 1) * size)
    return {
        "statements": statement_dicts(store, found),
        "paging": Paging(page, size, total).to_dict(),
        "filters": {k: v for k, v in params.items() if v not in (None, "", False)},
        "sort": sort,
        "sorts": list(review.SORTS),
        "issues": [{"id": i.id, "label": i.label} for i in store.issues()],
    }


CSV_COLUMNS = ("id", "date", "doc", "document_id", "title", "actor", "actor_type", "speaker", "speaker_name",
               "cue", "content", "kind", "confidence", "issue", "stance", "stance_confidence", "origin", "status")

def csv_rows(item: dict[str, Any]) -> Iterable[list[Any]]:
    """One CSV row per coding of a statement (one row when it has none)."""
    base = [item["id"], item["date"], item["doc"], item["document"]["id"], item["document"]["title"], item["actor"],
            item["actor_type"], (item["speaker"] or {}).get("text"), item["speaker_name"],
            (item["cue"] or {}).get("text"), item["content"]["text"], item["kind"], item["confidence"]]
    codings = item["codings"] or [{"issue": None, "stance": None, "confidence": None, "origin": None}]
    for coding in codings:
        row = base + [coding["issue"], coding["stance"], coding["confidence"], coding["origin"], item["status"]]
        yield csv_row(row)
