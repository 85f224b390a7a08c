"""Benchmark: insert throughput of the store's bulk writes against row-by-row inserts.

Run with ``make bench``. Synthetic documents (``N_DOCS`` documents of
``PER_DOC`` statements, each with a speaker mention and one coding) are written

- row by row: one ``INSERT`` statement per row, one transaction per document
  (what a naive ORM loop does);
- by the store: :meth:`Store.save_documents`, a batch of documents per
  transaction with ``executemany`` inserts.

Both write the same rows into a fresh database of each backend (SQLite always;
PostgreSQL when ``STANCEMAP_TEST_PG_URL`` is set). The figure is the ratio of
rows per second, measured in one run. Results go to ``benchmarks/results/``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from stancemap.models import Article, Coding, Statement, TextSpan
from stancemap.store import Store
from stancemap.store.connect import database_url
from stancemap.store.schema import codings, documents, mentions, statements

RESULTS = Path(__file__).parent / "results"
N_DOCS = int(os.environ.get("STANCEMAP_BENCH_DOCS", "400"))
PER_DOC = 10
BATCH = 16

pytestmark = pytest.mark.bench


def corpus(n: int) -> list[tuple[Article, list[Statement]]]:
    items = []
    for i in range(n):
        sentences = [f"Minister {j} of doc {i} said that the plan number {j} would work." for j in range(PER_DOC)]
        text = " ".join(sentences)
        found, offset = [], 0
        for j, sentence in enumerate(sentences):
            speaker = TextSpan(offset, offset + len(f"Minister {j}"), f"Minister {j}")
            start = offset + sentence.index("the plan")
            content = TextSpan(start, offset + len(sentence) - 1, sentence[start - offset:-1])
            cue_at = offset + sentence.index("said")
            found.append(Statement(
                f"doc{i}", content, speaker, TextSpan(cue_at, cue_at + 4, "said"), "indirect", 0.9,
                dt.date(2024, 1, 1 + i % 28), f"Minister {j}", "person", actor=f"Minister {j}",
                actor_type="person", actor_method="new", actor_confidence=0.5,
                codings=(Coding("plan", "support", 0.7, "model:keyword.v1"),)))
            offset += len(sentence) + 1
        items.append((Article(f"doc{i}", text, dt.date(2024, 1, 1 + i % 28), origin=f"doc{i}.txt"), found))
    return items


def row_by_row(store: Store, items, run_id: int) -> None:
    """One INSERT per row, one transaction per document (actors created by the store first)."""
    for article, found in items:
        with store.engine.begin() as conn:
            doc_id = conn.execute(sa.insert(documents).values(
                doc_id=article.doc_id, version=1, content_hash=article.content_hash, text=article.text,
                body_start=0, date=article.date, origin=article.origin, run_id=run_id,
                created_at=dt.datetime.now(dt.timezone.utc)).returning(documents.c.id)).scalar_one()
            for st in found:
                mention = conn.execute(sa.insert(mentions).values(
                    document_id=doc_id, start=st.speaker.start, end=st.speaker.end, text=st.speaker.text,
                    method="new", confidence=0.5).returning(mentions.c.id)).scalar_one()
                sid = conn.execute(sa.insert(statements).values(
                    document_id=doc_id, run_id=run_id, speaker_mention_id=mention, speaker_name=st.speaker_name,
                    speaker_type=st.speaker_type, cue_start=st.cue.start, cue_end=st.cue.end, cue_text=st.cue.text,
                    content_start=st.content.start, content_end=st.content.end, content_text=st.content.text,
                    kind=st.kind, confidence=st.confidence).returning(statements.c.id)).scalar_one()
                for c in st.codings:
                    conn.execute(sa.insert(codings).values(
                        statement_id=sid, issue_id=c.issue, stance=c.stance, confidence=c.confidence,
                        relevance=1.0, origin=c.origin, run_id=run_id,
                        created_at=dt.datetime.now(dt.timezone.utc)))


def bulk(store: Store, items, run_id: int) -> None:
    for start in range(0, len(items), BATCH):
        store.save_documents(items[start:start + BATCH], run_id)


def measure(url: str) -> dict:
    items = corpus(N_DOCS)
    rows = N_DOCS * (1 + 3 * PER_DOC)
    with Store.open(url) as store:
        run_id = store.begin_run(pipeline_version="bench", model=None, codebook_hash=None, args={})
        store.save_documents([(Article("warm", "warm text"), items[0][1][:1])], run_id)  # creates actors/issue
        started = time.perf_counter()
        row_by_row(store, items, run_id)
        naive = time.perf_counter() - started
    with Store.open(_fresh(url, "b")) as store:
        run_id = store.begin_run(pipeline_version="bench", model=None, codebook_hash=None, args={})
        store.save_documents([(Article("warm", "warm text"), items[0][1][:1])], run_id)
        started = time.perf_counter()
        bulk(store, items, run_id)
        ours = time.perf_counter() - started
    return {"rows": rows, "row_by_row_rows_per_s": round(rows / naive), "bulk_rows_per_s": round(rows / ours),
            "speedup": round(naive / ours, 2)}


_SCHEMAS: list[tuple[str, str]] = []


def _fresh(url: str, suffix: str) -> str:
    if url.startswith("sqlite:///"):
        return url.replace(".db", f"-{suffix}.db")
    return _pg_schema(suffix)


def _pg_schema(suffix: str) -> str:
    from sqlalchemy.engine import make_url

    base = os.environ["STANCEMAP_TEST_PG_URL"]
    schema = f"stancemap_bench_{uuid.uuid4().hex[:10]}_{suffix}"
    engine = sa.create_engine(database_url(base))
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine.dispose()
    _SCHEMAS.append((base, schema))
    url = make_url(database_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def test_bulk_writes_against_row_by_row(tmp_path):
    results = {"sqlite": measure(f"sqlite:///{tmp_path / 'bench.db'}")}
    if os.environ.get("STANCEMAP_TEST_PG_URL"):
        try:
            results["postgresql"] = measure(_pg_schema("a"))
        finally:
            for base, schema in _SCHEMAS:
                engine = sa.create_engine(database_url(base))
                with engine.begin() as conn:
                    conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
                engine.dispose()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_store.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    lines = ["# Store insert benchmark", "", f"{N_DOCS} documents x {PER_DOC} statements (documents, mentions, "
             "statements, codings rows)", "", "| backend | rows | row by row (rows/s) | bulk (rows/s) | speedup |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for backend, r in results.items():
        lines.append(f"| {backend} | {r['rows']} | {r['row_by_row_rows_per_s']} | {r['bulk_rows_per_s']} | "
                     f"{r['speedup']}x |")
    (RESULTS / "bench_store.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    assert all(r["speedup"] > 0 for r in results.values())
