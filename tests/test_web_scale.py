"""The web app on large stores: query plans use indexes, and page latencies (benchmark).

:func:`synthesise` writes a corpus with the shape of a real debate (Zipf-active
actors and issues, about five statements per article over two years) straight
into a migrated SQLite or PostgreSQL store. The plan tests run every query of
every page (captured as the app runs it) through ``EXPLAIN QUERY PLAN``
(SQLite) or ``EXPLAIN`` with sequential scans priced out (PostgreSQL, when
``STANCEMAP_TEST_PG_URL`` is set) on 20k statements and fail on any whole read
of a large table. The benchmark (``-m bench``) runs on ``STANCEMAP_WEB_BENCH_SIZE``
statements (default 100,000) and writes median and 95th-percentile latencies
per page to ``benchmarks/results/bench_web.md`` and ``.json``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import statistics
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from stancemap.store import Store, database_url, review, summary
from stancemap.web import create_app

N_ACTORS = 5000
N_ISSUES = 50
PER_DOCUMENT = 5
START = dt.date(2023, 1, 1)
DAYS = 730
ROOT = Path(__file__).resolve().parents[1]
PG_URL_ENV = "STANCEMAP_TEST_PG_URL"


def _zipf(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def synthesise(url: str, n: int, seed: int = 7) -> None:
    """A migrated store at ``url`` (SQLite or PostgreSQL) holding ``n`` statements, each coded on one issue.

    Rows are inserted around the library (fast), so the summaries are rebuilt
    afterwards (:func:`stancemap.store.summary.rebuild`) and the planner's
    statistics refreshed (``ANALYZE``).
    """
    from stancemap.store import schema

    Store.open(url).close()
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
    created = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    types = ("person", "organisation", "country", "group")
    engine = sa.create_engine(database_url(url))
    with engine.begin() as con:
        if con.dialect.name == "sqlite":
            con.exec_driver_sql("PRAGMA synchronous=OFF")
        con.execute(sa.insert(schema.actors), [
            {"id": a + 1, "name": f"Actor {a:04d}", "type": types[a % 4], "affiliation": None, "reviewed": False,
             "created_at": created} for a in range(N_ACTORS)])
        con.execute(sa.insert(schema.issues), [
            {"id": f"issue-{k:02d}", "label": f"issue {k}", "claim": f"claim {k}", "description": ""}
            for k in range(N_ISSUES)])
        con.execute(sa.insert(schema.documents), [
            {"id": d + 1, "doc_id": f"doc{d}", "version": 1, "content_hash": f"h{d}",
             "text": "".join(texts.get(d, [""])), "body_start": 0,
             "date": START + dt.timedelta(days=int(doc_day[d])), "title": f"Article {d}", "source": f"outlet {d % 40}",
             "origin": "bench", "created_at": created} for d in range(n_docs)])
        con.execute(sa.insert(schema.mentions), [
            {"id": i + 1, "document_id": int(doc_of[i]) + 1, "start": spans[i][0], "end": spans[i][1],
             "text": f"Actor {int(actor[i]):04d}", "actor_id": int(actor[i]) + 1, "method": "exact",
             "confidence": 1.0} for i in range(n)])
        con.execute(sa.insert(schema.statements), [
            {"id": i + 1, "document_id": int(doc_of[i]) + 1, "speaker_mention_id": i + 1, "cue_start": spans[i][2],
             "cue_end": spans[i][3], "cue_text": "said", "content_start": spans[i][4], "content_end": spans[i][5],
             "content_text": f"issue {int(issue[i])} matters", "kind": "indirect", "confidence": float(conf[0][i]),
             "actor_id": int(actor[i]) + 1} for i in range(n)])
        con.execute(sa.insert(schema.codings), [
            {"statement_id": i + 1, "issue_id": f"issue-{int(issue[i]):02d}", "stance": str(stance[i]),
             "confidence": float(conf[1][i]), "relevance": 1.0, "origin": "model:keyword.v1", "created_at": created}
            for i in range(n)])
        if con.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in ("actors", "documents", "mentions", "statements"):
                con.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        summary.rebuild(con)
    with engine.connect() as con:
        con.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    engine.dispose()


def page_paths(client: TestClient) -> dict[str, str]:
    """One representative URL per page and statements filter (HTML and JSON twins run the same queries)."""
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
        "statements by issue": "/statements.json?issue=issue-07",
        "statements by issue and stance": "/statements.json?issue=issue-03&stance=oppose",
        "statements by stance": "/statements.json?stance=neutral",
        "statements by origin (person)": "/statements.json?origin=person",
        "statements by origin (model)": "/statements.json?origin=model",
        "statements by date, sorted": "/statements.json?since=2024-01-01&until=2024-01-31&sort=-confidence",
        "statements by confidence": "/statements.json?min_confidence=0.9&max_confidence=0.95",
        "statements of a document": f"/statements.json?document={doc}",
        "statements, text search": "/statements.json?q=issue%2017",
        "statements sorted by actor": "/statements.json?sort=actor",
        "statements page 100": "/statements.json?page=100",
        "review": "/review.json",
        "review of an issue": "/review.json?issue=issue-04",
        "actors": "/actors.json",
        "actors by name": "/actors.json?sort=name&page=3",
        "actor (most active)": f"/actors/{actor}.json",
        "issues": "/issues.json",
        "issue": "/issues/issue-00.json",
        "network (one issue, one month)": "/network.json?issue=issue-05&since=2024-03-01&until=2024-03-31",
        "statements (HTML)": "/statements",
        "review (HTML)": "/review",
    }


# ---------------------------------------------------------------- query plans

#: Tables that grow with the corpus: no page may read one of them whole.
LARGE = ("statements", "codings", "documents", "mentions", "review_queue", "reviews", "aliases")

#: Pages whose query is an aggregate over the whole corpus by nature, and not in the
#: plan test (none at present; the network page is always drawn for an issue and window here).
WHOLE_CORPUS: tuple[str, ...] = ()


@contextlib.contextmanager
def captured(engine: sa.Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every SELECT run on ``engine`` inside the block, with its parameters."""
    found: list[tuple[str, Any]] = []

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            found.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield found
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


def _aliases(statement: str) -> dict[str, str]:
    """Alias -> table in a compiled statement (``codings AS fc``)."""
    out = {t: t for t in LARGE}
    for table, alias in re.findall(r"\b(\w+) AS (\w+)\b", statement):
        if table in LARGE:
            out[alias] = table
    return out


def sqlite_full_scans(connection: sa.Connection, statement: str, parameters: Any) -> list[str]:
    """Steps of SQLite's plan that read a large table without an index (or build an automatic one)."""
    names = _aliases(statement)
    steps = [row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()]
    sorted_after = any("TEMP B-TREE FOR ORDER BY" in step for step in steps)
    bad = []
    for step in steps:
        words = step.split()
        if len(words) < 2 or names.get(words[1]) is None:
            continue
        if "AUTOMATIC" in step:
            bad.append(f"{step}  [{names[words[1]]}]")
        elif words[0] == "SCAN" and "INDEX" not in step:
            # a walk of the primary key in the query's order, stopped by LIMIT, is no table scan
            walk = re.search(rf"ORDER BY\s+{re.escape(words[1])}\.id(\s+DESC)?\s+LIMIT", statement)
            if walk is None or sorted_after:
                bad.append(f"{step}  [{names[words[1]]}]")
    return bad


def postgres_seq_scans(connection: sa.Connection, statement: str, parameters: Any) -> list[str]:
    """Sequential scans of large tables in PostgreSQL's plan, with sequential scans priced out.

    ``enable_seqscan = off`` makes the planner take an index wherever one can
    answer the query, so a Seq Scan left in the plan means no index can.
    """
    connection.exec_driver_sql("SET enable_seqscan = off")
    try:
        (plan,) = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).one()
    finally:
        connection.exec_driver_sql("RESET enable_seqscan")
    plan = json.loads(plan) if isinstance(plan, str) else plan
    bad = []

    def walk(node: dict[str, Any]) -> None:
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in LARGE:
            bad.append(f"Seq Scan on {node['Relation Name']}")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return bad


def plans_of_every_page(store: Store) -> dict[str, list[str]]:
    """``{page: [full scans]}`` over every query each page runs (empty lists: all indexed)."""
    client = TestClient(create_app(store))
    paths = page_paths(client)
    check = sqlite_full_scans if store.engine.dialect.name == "sqlite" else postgres_seq_scans
    out: dict[str, list[str]] = {}
    for name, path in paths.items():
        if name in WHOLE_CORPUS:
            continue
        with captured(store.engine) as found:
            assert client.get(path).status_code == 200, path
        assert found, path
        bad: list[str] = []
        with store.engine.connect() as connection:
            for statement, parameters in found:
                bad += [f"{scan} in: {' '.join(statement.split())[:300]}"
                        for scan in check(connection, statement, parameters)]
        out[name] = bad
    return out


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("scale") / "big.db"
    synthesise(f"sqlite:///{path}", 20_000)
    store = Store.open(str(path))
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="module")
def big_pg_store():  # type: ignore[no-untyped-def]
    base = os.environ.get(PG_URL_ENV)
    if not base:
        pytest.skip(f"{PG_URL_ENV} is not set: PostgreSQL cases skipped")
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    schema = f"stancemap_scale_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(database_url(base), poolclass=NullPool)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(database_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})
    url_text = url.render_as_string(hide_password=False)
    try:
        synthesise(url_text, 20_000)
        store = Store.open(url_text)
        try:
            yield store
        finally:
            store.close()
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


def test_every_page_query_uses_indexes_on_sqlite(big_store: Store) -> None:
    found = plans_of_every_page(big_store)
    assert len(found) == len(page_paths(TestClient(create_app(big_store)))) - len(WHOLE_CORPUS)
    assert {page: scans for page, scans in found.items() if scans} == {}


@pytest.mark.postgres
def test_every_page_query_uses_indexes_on_postgresql(big_pg_store: Store) -> None:
    found = plans_of_every_page(big_pg_store)
    assert {page: scans for page, scans in found.items() if scans} == {}


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_the_plan_checks_catch_a_full_scan(backend: str, request: pytest.FixtureRequest) -> None:
    store = request.getfixturevalue("big_store" if backend == "sqlite" else "big_pg_store")
    check = sqlite_full_scans if backend == "sqlite" else postgres_seq_scans
    with store.engine.connect() as connection:
        by_text = "SELECT id FROM statements WHERE length(content_text) > 5"
        assert check(connection, by_text, ()) != []
        by_key = "SELECT id FROM statements WHERE id = 5"
        assert check(connection, by_key, ()) == []


def test_summaries_of_the_large_store_equal_a_recount(big_store: Store) -> None:
    with big_store.engine.connect() as connection:
        assert summary.stored(connection) == summary.recount(connection)


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
    overview = client.get("/index.json").json()
    assert overview["counts"]["statements"] == 20_000 and overview["counts"]["documents"] == 4_000
    assert sum(i["support"] + i["oppose"] + i["neutral"] for i in overview["issues"]) == 20_000


# ---------------------------------------------------------------- benchmark


@pytest.mark.bench
def test_bench_web_pages(tmp_path: Path) -> None:
    size = int(os.environ.get("STANCEMAP_WEB_BENCH_SIZE", "100000"))
    path = tmp_path / "bench.db"
    started = time.perf_counter()
    synthesise(f"sqlite:///{path}", size)
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
             f"Store built in {built:.1f} s. Measured on a machine of {os.cpu_count()} cores shared with other "
             "jobs: latencies are noisy, compare orders of magnitude.", "",
             "| page | median ms | p95 ms | url |", "|---|---:|---:|---|"]
    lines += [f"| {r['page']} | {r['median_ms']} | {r['p95_ms']} | `{r['url']}` |" for r in rows]
    (out / "bench_web.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "bench_web.json").write_text(json.dumps({"size": size, "pages": rows}, indent=1), encoding="utf-8")
    print("\n".join(lines))
