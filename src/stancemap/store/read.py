"""Reading statements back as :class:`~stancemap.models.StoredStatement` records.

The queries are built here as Core expressions; :class:`stancemap.store.Store`
runs them. Unless asked for all versions, only the latest version of each
document counts (an older version's statements were superseded by a rerun on
the changed text).

A statement a person marked "not a statement" in the review queue
(:func:`rejected`) is left out of every reader unless it asks for it
(``include_rejected=True``): :func:`select_statements` here (behind
:meth:`stancemap.store.Store.statements`, so the CLI's ``statements``,
``report``, ``timeline`` and in-memory networks), the SQL tallies of
:mod:`stancemap.store.aggregates` (networks, the web's issue and network pages)
and the web's statement pages and exports (:mod:`stancemap.store.review`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from stancemap.models import Coding, DocumentInfo, Statement, StoredStatement, TextSpan
from stancemap.names.normalise import name_key
from stancemap.store.schema import actors, aliases, codings, documents, mentions, reviews, statements

#: Statements whose codings are fetched per query (keeps parameter lists short, and small
#: enough that the planner looks each up by the codings' statement index rather than scanning).
_CHUNK = 500

PERSON_PREFIX = "person:"

#: The stance of a person's "not relevant to this issue" (stored as a person's coding with relevance 0):
#: it replaces the model's codings of the statement on the issue, and counts as no stance at all;
#: ``stancemap stance learn`` learns it as an ``unrelated`` correction.
NOT_RELEVANT = "unrelated"


def is_person(origin: str) -> bool:
    """Whether a coding's ``origin`` says a person made it."""
    return origin.startswith(PERSON_PREFIX)


def latest_version() -> sa.ColumnElement[bool]:
    """A condition keeping only the latest version of each document."""
    newer = documents.alias("newer")
    return ~sa.exists().where(
        newer.c.doc_id == documents.c.doc_id, newer.c.version > documents.c.version
    )


def rejected() -> sa.ColumnElement[bool]:
    """A condition on ``statements``: a person marked it "not a statement" (and did not undo it).

    The one definition every reader uses; ``~rejected()`` keeps the statements that count.
    """
    return sa.exists().where(
        reviews.c.statement_id == statements.c.id, reviews.c.action == "reject", reviews.c.undone_at.is_(None)
    )


def actor_ids_named(name: str) -> sa.ColumnElement[bool]:
    """A condition on ``actors.c.id``: the actor whose canonical name is exactly ``name``, if any;
    otherwise those whose canonical name or an alias has its name key
    (:func:`stancemap.names.normalise.name_key`: case, accents and punctuation aside).

    A canonical name found by :func:`stancemap.store.actor_lookup.find_actor`
    thus selects that one actor, even where another's alias is spelled the same.
    """
    wanted = name.strip()
    named = actors.alias("named")
    exact = sa.select(named.c.id).where(named.c.name == wanted)
    key = name_key(wanted)
    by_name = sa.select(named.c.id).where(
        sa.or_(named.c.name_key == key, sa.func.lower(named.c.name) == wanted.lower())  # lower(): rows without a key
    )
    by_alias = sa.select(aliases.c.actor_id).where(aliases.c.normalised == key)
    loose = sa.or_(actors.c.id.in_(by_name), actors.c.id.in_(by_alias))
    return sa.or_(actors.c.id.in_(exact), sa.and_(~exact.exists(), loose))


def select_statements(
    *,
    actor: str | None = None,
    issue: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    document_id: int | None = None,
    all_versions: bool = False,
    include_rejected: bool = False,
) -> sa.Select[Any]:
    """The query behind :meth:`stancemap.store.Store.statements`.

    Statements marked "not a statement" (:func:`rejected`) are left out unless ``include_rejected``.
    """
    query = _statements_query()
    if document_id is not None:
        query = query.where(statements.c.document_id == document_id)
    elif not all_versions:
        query = query.where(latest_version())
    if actor is not None:
        query = query.where(actor_ids_named(actor))
    if issue is not None:
        query = query.where(
            sa.exists().where(codings.c.statement_id == statements.c.id, codings.c.issue_id == issue)
        )
    if since is not None:
        query = query.where(documents.c.date >= since)
    if until is not None:
        query = query.where(documents.c.date <= until)
    if not include_rejected:
        query = query.where(~rejected())
    return query


def _statements_query() -> sa.Select[Any]:
    """Every statement with its document, speaker mention and actor, in document date order (undated last)."""
    return (
        sa.select(
            statements,
            documents.c.doc_id,
            documents.c.version,
            documents.c.date,
            documents.c.title,
            documents.c.source,
            documents.c.url,
            documents.c.origin,
            documents.c.content_hash,
            documents.c.body_start,
            documents.c.author,
            documents.c.section,
            documents.c.length,
            documents.c.genre,
            mentions.c.start.label("speaker_start"),
            mentions.c.end.label("speaker_end"),
            mentions.c.text.label("speaker_text"),
            mentions.c.method.label("actor_method"),
            mentions.c.confidence.label("actor_confidence"),
            actors.c.name.label("actor_name"),
            actors.c.type.label("actor_type"),
            actors.c.affiliation.label("actor_affiliation"),
        )
        .select_from(
            statements.join(documents, statements.c.document_id == documents.c.id)
            .outerjoin(mentions, statements.c.speaker_mention_id == mentions.c.id)
            .outerjoin(actors, statements.c.actor_id == actors.c.id)
        )
        .order_by(
            sa.nulls_last(documents.c.date.asc()),
            documents.c.id,
            statements.c.content_start,
            statements.c.id,
        )
    )


def effective_codings(rows: Iterable[Row[Any]]) -> tuple[Coding, ...]:
    """The codings of one statement, a person's replacing the model's for an issue.

    ``rows`` are codings rows in id order. Where people coded an issue, only the
    latest person's coding is kept; otherwise every model coding is. A person's
    latest coding that says "not relevant" (:data:`NOT_RELEVANT`) leaves the
    issue without a coding (see :func:`dismissals`).
    """
    rows = list(rows)
    person_latest: dict[str, Row[Any]] = {}
    for row in rows:
        if is_person(row.origin):
            person_latest[row.issue_id] = row
    kept = []
    for row in rows:
        if row.issue_id in person_latest and person_latest[row.issue_id] is not row:
            continue
        if row.stance == NOT_RELEVANT:
            continue
        kept.append(
            Coding(
                issue=row.issue_id,
                stance=row.stance,
                confidence=row.confidence,
                origin=row.origin,
                relevance=row.relevance,
                evidence=getattr(row, "evidence", None) or "",
            )
        )
    return tuple(kept)


def fetch_codings(connection: Connection, statement_ids: Sequence[int]) -> dict[int, tuple[Coding, ...]]:
    """The effective codings of each statement id."""
    by_statement: dict[int, list[Row[Any]]] = {}
    for start in range(0, len(statement_ids), _CHUNK):
        chunk = list(statement_ids[start : start + _CHUNK])
        result = connection.execute(
            sa.select(codings).where(codings.c.statement_id.in_(chunk)).order_by(codings.c.id)
        )
        for row in result:
            by_statement.setdefault(row.statement_id, []).append(row)
    return {sid: effective_codings(rows) for sid, rows in by_statement.items()}


def dismissals(connection: Connection, statement_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    """``{statement id: [(issue, person origin)]}``: issues a person's latest coding marks "not relevant"."""
    by_statement: dict[int, list[Row[Any, Any, Any, Any]]] = {}  # statement_id, issue_id, stance, origin
    for start in range(0, len(statement_ids), _CHUNK):
        chunk = list(statement_ids[start : start + _CHUNK])
        result = connection.execute(
            sa.select(codings.c.statement_id, codings.c.issue_id, codings.c.stance, codings.c.origin)
            .where(codings.c.statement_id.in_(chunk), codings.c.origin.like(PERSON_PREFIX + "%"))
            .order_by(codings.c.id)
        )
        for row in result:
            by_statement.setdefault(row.statement_id, []).append(row)
    out: dict[int, list[tuple[str, str]]] = {}
    for sid, rows in by_statement.items():
        latest = {row.issue_id: row for row in rows}
        found = [(issue, row.origin) for issue, row in sorted(latest.items()) if row.stance == NOT_RELEVANT]
        if found:
            out[int(sid)] = found
    return out


#: A document's speaker columns (revision 0007), in the order of its JSON.
SPEAKER_COLUMNS: tuple[str, ...] = ("speaker", "speaker_org", "party", "role", "genre")


def speaker_fields(row: Row[Any]) -> dict[str, str | None]:
    """Who speaks in a stored document, for its JSON: ``genre`` is ``news`` when not stored."""
    found: dict[str, str | None] = {column: getattr(row, column, None) for column in SPEAKER_COLUMNS}
    found["genre"] = found["genre"] or "news"
    return found


#: A document's news-archive header columns (revision 0011), in the order of its JSON.
HEADER_COLUMNS: tuple[str, ...] = ("author", "section", "length")


def header_fields(row: Row[Any]) -> dict[str, Any]:
    """A stored document's byline, section and word count, for its JSON (``None`` when not stored)."""
    return {column: getattr(row, column, None) for column in HEADER_COLUMNS}


def document_info(row: Row[Any], id_column: str = "id") -> DocumentInfo:
    """A :class:`DocumentInfo` from a row holding the documents columns."""
    return DocumentInfo(
        id=int(getattr(row, id_column)),
        doc_id=row.doc_id,
        version=row.version,
        date=row.date,
        title=row.title,
        source=row.source,
        url=row.url,
        origin=row.origin,
        content_hash=row.content_hash,
        body_start=row.body_start,
        **header_fields(row),
        genre=getattr(row, "genre", None),
    )


def _span(start: int | None, end: int | None, text: str | None) -> TextSpan | None:
    if start is None or end is None or text is None:
        return None
    return TextSpan(start, end, text)


def build_statements(rows: Sequence[Row[Any]], found_codings: dict[int, tuple[Coding, ...]]) -> list[StoredStatement]:
    """Rebuild :class:`StoredStatement` records from :func:`select_statements` rows."""
    infos: dict[int, DocumentInfo] = {}
    built = []
    for row in rows:
        info = infos.get(row.document_id)
        if info is None:
            info = infos[row.document_id] = document_info(row, "document_id")
        statement = Statement(
            doc_id=row.doc_id,
            content=TextSpan(row.content_start, row.content_end, row.content_text),
            speaker=_span(row.speaker_start, row.speaker_end, row.speaker_text),
            cue=_span(row.cue_start, row.cue_end, row.cue_text),
            kind=row.kind,
            confidence=row.confidence,
            date=row.date,
            speaker_name=row.speaker_name,
            speaker_type=row.speaker_type,
            actor=row.actor_name,
            actor_type=row.actor_type if row.actor_name is not None else None,
            actor_affiliation=row.actor_affiliation if row.actor_name is not None else None,
            actor_method=row.actor_method,
            actor_confidence=row.actor_confidence,
            codings=found_codings.get(row.id, ()),
        )
        built.append(StoredStatement(id=int(row.id), statement=statement, document=info))
    return built


def stance_counts(connection: Connection) -> dict[str, dict[str, int]]:
    """Statements per issue and stance, over latest document versions, people's codings winning."""
    coding = codings.alias("c")
    other = codings.alias("p")
    same = sa.and_(
        other.c.statement_id == coding.c.statement_id,
        other.c.issue_id == coding.c.issue_id,
        other.c.origin.like(PERSON_PREFIX + "%"),
    )
    latest_person = sa.select(sa.func.max(other.c.id)).where(same).scalar_subquery()
    by_person = coding.c.origin.like(PERSON_PREFIX + "%")
    effective = sa.or_(
        sa.and_(by_person, coding.c.id == latest_person),
        sa.and_(~by_person, ~sa.exists().where(same)),
    )
    query = (
        sa.select(coding.c.issue_id, coding.c.stance, sa.func.count(sa.distinct(coding.c.statement_id)))
        .select_from(
            coding.join(statements, statements.c.id == coding.c.statement_id).join(
                documents, documents.c.id == statements.c.document_id
            )
        )
        .where(effective, latest_version(), coding.c.stance != NOT_RELEVANT)
        .group_by(coding.c.issue_id, coding.c.stance)
        .order_by(coding.c.issue_id, coding.c.stance)
    )
    counts: dict[str, dict[str, int]] = {}
    for issue_id, stance, n in connection.execute(query):
        counts.setdefault(issue_id, {})[stance] = int(n)
    return counts
