"""The web app on large stores: query plans use indexes, and page latencies (benchmark).

:func:`synthesise` writes a corpus with the shape of a real debate (Zipf-active
actors and issues, about five statements per article over two years) straight
into a migrated SQLite store. The plan test runs on 20k statements; the
benchmark (``-m bench``) on ``STANCEMAP_WEB_BENCH_SIZE`` statements (default
100,000) and writes median and 95th-percentile latencies per page to
``test-output/web/bench_web.md`` and ``.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import statistics
import time
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from stancemap.store import Store, review
from stancemap.web import create_app

N_ACTORS = 5000
N_ISSUES = 50
PER_DOCUMENT = 5
START = dt.date(2023, 1, 1)
DAYS = 730
ROOT = Path(__file__).resolve().parents[1]


def _zipf(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def synthesise(path: Path, n: int, seed: int = 7) -> None:
    """A migrated SQLite store at ``path`` holding ``n`` statements, each coded on one issue."""
    Store.open(str(path)).close()
    rng = np.random.default_rng(seed)
    actor = rng.choice(N_ACTORS, size=n, p=_zipf(N_ACTORS, 1.1))
    issue = rng.choice(N_ISSUES, size=n, p=_zipf(N_ISSUES, 1.0))
    stance = rng.choice(np.array(["support", "oppose", "neutral"]), size=n, p=[0.45, 0.45, 0.1])
    n_docs = max(1, n // PER_DOCUMENT)
    doc_of = np.sort(rng.integers(0, n_docs, size=n))
    doc_day = np.sort(rng.integers(0, DAYS, size=n_docs))
    conf = rng.uniform(0.3, 1.0, size=(2, n)).round(3)
    sentence = "Actor {a:04d} said that issue {k} matters. "
    texts: dict[int, list[str]] = {}
    spans = []
    for i in range(n):
        parts = texts.setdefault(int(doc_of[i]), [])
        offset = sum(len(p) for p in parts)
        part = sentence.format(a=int(actor[i]), k=int(issue[i]))
        parts.append(part)
        spans.append((offset, offset + 10, offset + 11, offset + 15, offset + 21, offset + len(part) - 2))
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    types = ("person", "organisation", "country", "group")
    con.executemany("INSERT INTO actors (id, name, type, affiliation, reviewed, created_at) "
                    "VALUES (?, ?, ?, NULL, 0, '2024-01-01')",
                    ((a + 1, f"Actor {a:04d}", types[a % 4]) for a in range(N_ACTORS)))
    con.executemany("INSERT INTO issues (id, label, claim, description) VALUES (?, ?, ?, '')",
                    ((f"issue-{k:02d}", f"issue {k}", f"claim {k}") for k in range(N_ISSUES)))
    con.executemany(
        "INSERT INTO documents (id, doc_id, version, content_hash, text, body_start, date, title, source, origin, "
        "created_at) VALUES (?, ?, 1, ?, ?, 0, ?, ?, ?, 'bench', '2024-01-01')",
        ((d + 1, f"doc{d}", f"h{d}", "".join(texts.get(d, [""])), (START + dt.timedelta(days=int(doc_day[d]))).isoformat(),
          f"Article {d}", f"outlet {d % 40}") for d in range(n_docs)))
    con.executemany("INSERT INTO mentions (id, document_id, start, \"end\", text, actor_id, method, confidence) "
                    "VALUES (?, ?, ?, ?, ?, ?, 'exact', 1.0)",
                    ((i + 1, int(doc_of[i]) + 1, spans[i][0], spans[i][1], f"Actor {int(actor[i]):04d}",
                      int(actor[i]) + 1) for i in range(n)))
    con.executemany(
        "INSERT INTO statements (id, document_id, speaker_mention_id, cue_start, cue_end, cue_text, content_start, "
        "content_end, content_text, kind, confidence, actor_id) VALUES (?, ?, ?, ?, ?, 'said', ?, ?, ?, 'indirect', ?, ?)",
        ((i + 1, int(doc_of[i]) + 1, i + 1, spans[i][2], spans[i][3], spans[i][4], spans[i][5],
          f"issue {int(issue[i])} matters", float(conf[0][i]), int(actor[i]) + 1) for i in range(n)))
    con.executemany(
        "INSERT INTO codings (statement_id, issue_id, stance, confidence, relevance, origin, created_at) "
        "VALUES (?, ?, ?, ?, 1.0, 'model:keyword.v1', '2024-01-01')",
        ((i + 1, f"issue-{int(issue[i]):02d}", str(stance[i]), float(conf[1][i])) for i in range(n)))
    con.commit()
    con.execute("ANALYZE")
    con.close()


def page_paths(client: TestClient) -> dict[str, str]:
    """One representative URL per page (HTML and JSON twins alike)."""
    actor = client.get("/actors.json?size=1").json()["actors"][0]["id"]
    doc = client.get("/documents.json?size=1").json()["documents"][0]["id"]
    return {
        "overview": "/index.json",
        "documents": "/documents.json",
        "documents page 50": "/documents.json?page=50",
        "document": f"/documents/{doc}.json",
        "statements": "/statements.json",
        "statements by actor": "/statements.json?actor=Actor%200001",
        "statements by a rare actor": "/statements.json?actor=Actor%204999",
        "statements by issue and stance": "/statements.json?issue=issue-03&stance=oppose",
        "statements by date, sorted": "/statements.json?since=2024-01-01&until=2024-01-31&sort=-confidence",
        "statements page 100": "/statements.json?page=100",
        "review": "/review.json",
        "actors": "/actors.json",
        "actor (most active)": f"/actors/{actor}.json",
        "issues": "/issues.json",
        "issue": "/issues/issue-00.json",
        "network (one issue, one month)": "/network.json?issue=issue-05&since=2024-03-01&until=2024-03-31",
        "statements (HTML)": "/statements",
        "review (HTML)": "/review",
    }


# ---------------------------------------------------------------- query plans


def _plans(store: Store, query: sa.Select) -> list[str]:
    compiled = query.compile(store.engine, compile_kwargs={"literal_binds": True})
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return [row[-1] for row in rows]


def _full_scans(plan: list[str], tables: tuple[str, ...]) -> list[str]:
    """Plan steps that read a large table without an index."""
    bad = []
    for step in plan:
        words = step.split()
        if words[:1] == ["SCAN"] and "INDEX" not in step and any(w in tables for w in words[1:3]):
            bad.append(step)
    return bad


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("scale") / "big.db"
    synthesise(path, 20_000)
    store = Store.open(str(path))
    try:
        yield store
    finally:
        store.close()


LARGE = ("statements", "codings", "documents", "mentions")


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("statements page", lambda: review.statement_page_query(review.StatementFilter(), sort="date", limit=50)),
        ("statements by actor", lambda: review.statement_page_query(review.StatementFilter(actor="Actor 0001"),
                                                                     sort="date", limit=50)),
        ("statements by a rare actor", lambda: review.statement_page_query(
            review.StatementFilter(actor="Actor 4999"), sort="-confidence", limit=50)),
        ("an actor's timeline", lambda: review.actor_statements_query(7, limit=2000)),
        ("statements of a document", lambda: review.statement_page_query(review.StatementFilter(document_id=3),
                                                                          sort="date", limit=50)),
        ("documents page", lambda: review.document_page_query(limit=50, offset=0)),
        ("statement ids", lambda: review.statements_by_ids_query([1, 2, 3])),
    ],
)
def test_page_queries_use_indexes(big_store: Store, name: str, build) -> None:  # type: ignore[no-untyped-def]
    plan = _plans(big_store, build())
    assert _full_scans(plan, LARGE) == [], (name, plan)


def test_every_page_answers_on_a_large_store(big_store: Store) -> None:
    client = TestClient(create_app(big_store))
    for name, path in page_paths(client).items():
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (name, response.text[:300])
        assert elapsed < 5.0, (name, elapsed)
    counted = client.get("/statements.json").json()["paging"]
    assert counted["total"] == review.COUNT_CAP + 1 and counted["total_capped"] and counted["next"] == 2
    html = client.get("/statements").text
    assert f"more than {review.COUNT_CAP} rows" in html


# ---------------------------------------------------------------- benchmark


@pytest.mark.bench
def test_bench_web_pages(tmp_path: Path) -> None:
    size = int(os.environ.get("STANCEMAP_WEB_BENCH_SIZE", "100000"))
    path = tmp_path / "bench.db"
    started = time.perf_counter()
    synthesise(path, size)
    built = time.perf_counter() - started
    rows = []
    with Store.open(str(path)) as store:
        client = TestClient(create_app(store))
        for name, url in page_paths(client).items():
            client.get(url)  # warm the caches once
            times = []
            for _ in range(20):
                t0 = time.perf_counter()
                assert client.get(url).status_code == 200, url
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            rows.append({"page": name, "url": url, "median_ms": round(statistics.median(times), 1),
                         "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1)})
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    lines = [f"# Web page latencies on {size:,} statements (SQLite, in process, 20 requests each)", "",
             f"Store built in {built:.1f} s.", "", "| page | median ms | p95 ms | url |", "|---|---:|---:|---|"]
    lines += [f"| {r['page']} | {r['median_ms']} | {r['p95_ms']} | `{r['url']}` |" for r in rows]
    (out / "bench_web.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "bench_web.json").write_text(json.dumps({"size": size, "pages": rows}, indent=1), encoding="utf-8")
    print("\n".join(lines))
