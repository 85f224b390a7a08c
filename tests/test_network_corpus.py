"""A small hand-checked corpus for the analysis and network tests, and a writer of it into the schema tables.

Statements (id, actor, document, date, issue:stance, statement conf x coding conf)::

    1  A  d1 2024-01-01  x:support  0.9 x 0.8   (A repeats itself in d1:)
    2  A  d1 2024-01-01  x:support  0.5 x 1.0
    3  A  d2 2024-01-10  y:oppose   1.0 x 0.5
    4  B  d2 2024-01-10  x:support  0.8 x 0.5
    5  B  d3 2024-02-15  y:oppose   1.0 x 1.0
    6  C  d3 2024-02-15  x:oppose   1.0 x 1.0
    7  C  d4 2024-02-20  y:support  1.0 x 1.0
    8  D  d4 2024-02-20  x:neutral  1.0 x 1.0
    9  B  d4 2024-02-20  x:oppose   1.0 x 0.6
    10 -  d4 2024-02-20  x:support  (no actor: never counted)

A is a person affiliated to the country C; B a person; D an organisation.
Sources: d1, d2 "Reuters"; d3, d4 "AP".
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from stancemap.models import Actor, Coding, DocumentInfo, Statement, StoredStatement, TextSpan

DATES = {
    "d1": dt.date(2024, 1, 1),
    "d2": dt.date(2024, 1, 10),
    "d3": dt.date(2024, 2, 15),
    "d4": dt.date(2024, 2, 20),
}
SOURCES = {"d1": "Reuters", "d2": "Reuters", "d3": "AP", "d4": "AP"}
ACTORS = [
    Actor("A", type="person", affiliation="C"),
    Actor("B", type="person"),
    Actor("C", type="country"),
    Actor("D", type="organisation"),
]
_TYPES = {a.name: a.type for a in ACTORS}

ROWS = [
    (1, "A", "d1", "x", "support", 0.9, 0.8),
    (2, "A", "d1", "x", "support", 0.5, 1.0),
    (3, "A", "d2", "y", "oppose", 1.0, 0.5),
    (4, "B", "d2", "x", "support", 0.8, 0.5),
    (5, "B", "d3", "y", "oppose", 1.0, 1.0),
    (6, "C", "d3", "x", "oppose", 1.0, 1.0),
    (7, "C", "d4", "y", "support", 1.0, 1.0),
    (8, "D", "d4", "x", "neutral", 1.0, 1.0),
    (9, "B", "d4", "x", "oppose", 1.0, 0.6),
    (10, None, "d4", "x", "support", 1.0, 1.0),
]


def make(
    sid: int,
    actor: str | None,
    doc: str,
    codings: list[tuple[str, str, float]] | tuple,
    *,
    date: dt.date | None = None,
    confidence: float = 1.0,
    source: str | None = None,
    origin: str = "model:keyword.v1",
    actor_type: str | None = None,
    text: str = "said something",
) -> StoredStatement:
    """One stored statement; ``codings`` as ``[(issue, stance, confidence), ...]``."""
    date = date if date is not None else DATES.get(doc)
    number = int("".join(ch for ch in doc if ch.isdigit()) or 0)
    document = DocumentInfo(id=number, doc_id=doc, version=1, date=date,
                            source=source if source is not None else SOURCES.get(doc))
    statement = Statement(
        doc_id=doc,
        content=TextSpan(0, len(text), text),
        confidence=confidence,
        date=date,
        actor=actor,
        actor_type=actor_type or _TYPES.get(actor or ""),
        codings=tuple(Coding(issue, stance, conf, origin) for issue, stance, conf in codings),
    )
    return StoredStatement(sid, statement, document)


def corpus() -> list[StoredStatement]:
    """The statements of the module docstring."""
    return [make(sid, actor, doc, [(issue, stance, cc)], confidence=sc)
            for sid, actor, doc, issue, stance, sc, cc in ROWS]


def insert(engine: sa.Engine, found: list[StoredStatement], actors: list[Actor] = ACTORS) -> None:
    """Write statements (with their documents, actors, issues and codings) into the schema tables."""
    from stancemap.store import schema

    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        actor_ids = {}
        known = {a.name: a for a in actors}
        for stored in found:
            name = stored.statement.actor
            if name and name not in known:
                known[name] = Actor(name, type=stored.statement.actor_type or "person")
        for i, actor in enumerate(known.values(), start=1):
            conn.execute(schema.actors.insert().values(id=i, name=actor.name, type=actor.type,
                                                       affiliation=actor.affiliation))
            actor_ids[actor.name] = i
        docs = {}
        for stored in found:
            doc = stored.document
            if doc.doc_id not in docs:
                docs[doc.doc_id] = len(docs) + 1
                conn.execute(schema.documents.insert().values(
                    id=docs[doc.doc_id], doc_id=doc.doc_id, version=1, content_hash=doc.doc_id, text="",
                    date=doc.date, source=doc.source, origin=doc.doc_id))
        issues = sorted({c.issue for s in found for c in s.statement.codings})
        for issue in issues:
            conn.execute(schema.issues.insert().values(id=issue, label=issue, claim=issue, description=""))
        for stored in found:
            st = stored.statement
            conn.execute(schema.statements.insert().values(
                id=stored.id, document_id=docs[stored.document.doc_id], content_start=0,
                content_end=len(st.content.text), content_text=st.content.text, kind=st.kind,
                confidence=st.confidence, actor_id=actor_ids.get(st.actor) if st.actor else None))
            for coding in st.codings:
                conn.execute(schema.codings.insert().values(
                    statement_id=stored.id, issue_id=coding.issue, stance=coding.stance,
                    confidence=coding.confidence, origin=coding.origin))


def test_corpus_is_as_documented():
    found = corpus()
    assert len(found) == 10
    assert [s.statement.actor for s in found].count("A") == 3
    assert found[-1].statement.actor is None
