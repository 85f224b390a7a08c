"""Issue 17, items 8, 9 and 18, on SQLite and PostgreSQL alike.

8. The backend does not change what is stored: NUL becomes U+FFFD, over-long ids and names are refused (E306).
9. "Not a statement" from the review queue holds in every output (CLI, report, timeline, networks, web, exports).
18. Web: huge integers and NUL in parameters are a 400; a database failure in an export is never an empty 200.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from stancemap.cli import app as cli
from stancemap.errors import StoreError
from stancemap.models import Article, Coding, Statement, TextSpan
from stancemap.store import Store, aggregates, review
from stancemap.store.schema import actors, documents
from stancemap.web import create_app, routes
from tests.test_web_pages import build_store

runner = CliRunner()

ESCALATION = "strikes inside Russia risk escalation"  # Germany's statement in build_store


def _span(text: str, part: str) -> TextSpan:
    start = text.index(part)
    return TextSpan(start, start + len(part), part)


def _article(doc_id: str, text: str, **fields) -> tuple[Article, list[Statement]]:
    article = Article(doc_id, text, dt.date(2024, 5, 1), origin=fields.pop("origin", "in.jsonl:1"),
                      **{k: v for k, v in fields.items() if k != "actor"})
    statement = Statement(doc_id, _span(text, "Ukraine may strike"), _span(text, "Borrell"), _span(text, "said"),
                          confidence=0.9, actor=fields.get("actor", "Josep Borrell"), actor_type="person",
                          codings=(Coding("strike-russia", "support", 0.8, "model:keyword.v1"),))
    return article, [statement]


# -- 8. the same thing stored on both backends ----------------------------------------------------


def test_nul_is_stored_as_replacement_character_everywhere(store: Store) -> None:
    text = "Borrell said\x00 that Ukraine may strike targets."
    article, found = _article("id\x00one", text, title="Ti\x00tle", speaker="Sp\x00eaker")
    found = [found[0].with_(actor="Josep\x00Borrell", speaker_name="Bor\x00rell")]
    run = store.begin_run(pipeline_version="t", model=None, codebook_hash=None, args={})
    document_id = store.save_document(article, found, run)
    assert document_id is not None
    [stored] = store.statements()
    assert stored.document.doc_id == "id\ufffdone"
    assert stored.document.title == "Ti\ufffdtle"
    assert stored.statement.actor == "Josep\ufffdBorrell"
    assert stored.statement.speaker_name == "Bor\ufffdrell"
    assert store.document_text(document_id) == text.replace("\x00", "\ufffd")
    # offsets still index the text: one character for one
    assert store.document_text(document_id)[stored.statement.content.start:stored.statement.content.end] \
        == "Ukraine may strike"


@pytest.mark.parametrize("bulk", [False, True], ids=["one", "batch"])
def test_overlong_doc_id_is_refused_naming_document_and_limit(store: Store, bulk: bool) -> None:
    run = store.begin_run(pipeline_version="t", model=None, codebook_hash=None, args={})
    article, found = _article("x" * 501, "Borrell said that Ukraine may strike.", origin="long.jsonl:7")
    with pytest.raises(StoreError) as caught:
        if bulk:
            store.save_documents([(article, found)], run)
        else:
            store.save_document(article, found, run)
    assert caught.value.code == "E306"
    message = caught.value.message
    assert "long.jsonl:7" in message and "501" in message and "500" in message
    assert "reachable" not in message and len(message) < 400
    with store.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(documents)) == 0
    # exactly at the limit is fine
    ok, found = _article("x" * 500, "Borrell said that Ukraine may strike.")
    assert store.save_document(ok, found, run) is not None


def test_megabyte_actor_name_is_refused_on_every_backend(store: Store) -> None:
    run = store.begin_run(pipeline_version="t", model=None, codebook_hash=None, args={})
    article, found = _article("big", "Borrell said that Ukraine may strike.", actor="A" * 1_000_000)
    with pytest.raises(StoreError) as caught:
        store.save_document(article, found, run)
    assert caught.value.code == "E306"
    assert "document 'big'" in caught.value.message and "actor name" in caught.value.message
    assert "1,000,000" in caught.value.message and "500" in caught.value.message
    assert len(caught.value.message) < 400
    with store.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(actors)) == 0


def test_review_names_are_checked_the_same_way(store_url: str) -> None:
    store = build_store(store_url)
    try:
        sid = store.statements()[0].id
        with pytest.raises(StoreError) as caught:
            review.set_speaker(store, sid, "B" * 501, "ana", actor_type="person")
        assert caught.value.code == "E306" and "500" in caught.value.message
        review.set_speaker(store, sid, "New\x00Name", "ana\x00", actor_type="person")
        assert "New\ufffdName" in {s.statement.actor for s in store.statements()}
        assert review.history(store, limit=1)[0].person == "person:ana\ufffd"
    finally:
        store.close()


# -- 9. "not a statement" holds in every output ------------------------------------------------------


@pytest.fixture
def rejected_store(store_url: str) -> Iterator[tuple[Store, int]]:
    store = build_store(store_url)
    try:
        [germany] = [s.id for s in store.statements() if s.statement.actor == "Germany"]
        review.reject(store, germany, "ana")
        yield store, germany
    finally:
        store.close()


def test_store_reader_leaves_rejected_out_unless_asked(rejected_store) -> None:
    store, germany = rejected_store
    assert germany not in [s.id for s in store.statements()]
    assert germany not in [s.id for s in store.statements(issue="strike-russia")]
    assert germany in [s.id for s in store.statements(include_rejected=True)]
    review.undo(store, "ana")
    assert germany in [s.id for s in store.statements()]


def test_sql_tallies_leave_rejected_out(rejected_store) -> None:
    store, _ = rejected_store
    assert "Germany" not in {t.actor for t in aggregates.tallies(store)}
    first, last = aggregates.date_range(store)
    assert (first, last) == (dt.date(2024, 5, 1), dt.date(2024, 6, 15))
    assert aggregates.count_codings(store) == 2
    from stancemap.analysis.selection import Selection

    assert "Germany" in {t.actor for t in aggregates.tallies(store, Selection(include_rejected=True))}


def test_issue_suggestions_leave_rejected_out(store: Store) -> None:
    from stancemap.store.codings import uncovered_statements

    run = store.begin_run(pipeline_version="t", model=None, codebook_hash=None, args={})
    article, [statement] = _article("u1", "Borrell said that Ukraine may strike.")
    store.save_document(article, [statement.with_(codings=())], run)
    [(sid, _, _)] = uncovered_statements(store)
    review.reject(store, sid, "ana")
    assert uncovered_statements(store) == []


def test_cli_statements_report_timeline_and_networks(rejected_store, tmp_path) -> None:
    store, germany = rejected_store
    db = store.url if not store.url.startswith("sqlite") else store.engine.url.render_as_string(hide_password=False)
    listed = runner.invoke(cli, ["statements", "--db", db, "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    assert ESCALATION not in listed.output and "Borrell" in listed.output
    every = runner.invoke(cli, ["statements", "--db", db, "--format", "jsonl", "--include-rejected"])
    assert every.exit_code == 0 and ESCALATION in every.output

    report = tmp_path / "report.html"
    done = runner.invoke(cli, ["report", "--db", db, "--out", str(report)])
    assert done.exit_code == 0, done.output
    html = report.read_text(encoding="utf-8")
    assert "Borrell" in html and ESCALATION not in html

    line = runner.invoke(cli, ["timeline", "Germany", "--db", db, "--format", "json"])
    assert ESCALATION not in line.output

    for sql in ("--sql", "--no-sql"):
        out = tmp_path / f"net{sql}.json"
        built = runner.invoke(cli, ["network", "--db", db, "--type", "two-mode", "--format", "json", "--out", str(out),
                                    sql])
        assert built.exit_code == 0, built.output
        text = out.read_text(encoding="utf-8")
        assert "Josep Borrell" in text and "Germany" not in text, sql


def test_web_pages_and_exports_leave_rejected_out(rejected_store) -> None:
    store, germany = rejected_store
    client = TestClient(create_app(store, person="tester"))
    ids = [s["id"] for s in client.get("/statements.json").json()["statements"]]
    assert ids and germany not in ids
    assert germany in [s["id"] for s in client.get("/statements.json?rejected=true").json()["statements"]]
    assert ESCALATION not in client.get("/statements.csv").text
    assert ESCALATION not in client.get("/statements.jsonl").text
    assert ESCALATION in client.get("/statements.jsonl?rejected=true").text
    docs = {d["doc_id"]: d["id"] for d in client.get("/documents.json").json()["documents"]}
    assert germany not in [s["id"] for s in client.get(f"/documents/{docs['a2']}.json").json()["statements"]]
    assert germany in [s["id"] for s in client.get(f"/documents/{docs['a2']}.json?rejected=true").json()["statements"]]
    positions = client.get("/issues/strike-russia.json").json()["positions"]
    assert "Germany" not in [g["actor"] for g in positions["oppose"]]
    assert "Germany" not in json.dumps(client.get("/network.json").json())
    for fmt in ("csv", "json", "graphml", "gexf", "dna"):
        body = client.get(f"/network/export.{fmt}?mode=two-mode").text
        assert "Germany" not in body and "Borrell" in body, fmt


# -- 18. web parameters and export failures ----------------------------------------------------------


@pytest.fixture
def web(store_url: str) -> Iterator[TestClient]:
    store = build_store(store_url)
    try:
        yield TestClient(create_app(store, person="tester"), raise_server_exceptions=False)
    finally:
        store.close()


@pytest.mark.parametrize("path", [
    "/documents/9223372036854775808", "/documents/9223372036854775808.json", "/documents/-9223372036854775809",
    "/documents/99999999999", "/actors/9223372036854775808", "/documents.json?page=1000000000000000000",
    "/statements.json?page=1000000000000000000", "/statements.json?document=9223372036854775808",
    "/actors.json?page=1000000000000000000", "/review.json?page=1000000000000000000",
    "/statements.csv?document=9223372036854775808",
])
def test_huge_integers_are_a_400(web: TestClient, path: str) -> None:
    response = web.get(path, headers={"accept": "application/json"})
    assert response.status_code == 400, response.text
    assert "too large" in response.text or "less than" in response.text


@pytest.mark.parametrize("path", [
    "/statements.json?q=a%00b", "/statements.json?actor=Bor%00rell", "/documents.json?q=%00",
    "/statements.csv?q=%00", "/statements.jsonl?issue=x%00", "/actors/Bor%00rell", "/issues/x%00y",
    "/network.json?issue=a%00",
])
def test_nul_in_a_parameter_is_a_400(web: TestClient, path: str) -> None:
    response = web.get(path, headers={"accept": "application/json"})
    assert response.status_code == 400, response.text
    assert "NUL" in response.text


def test_nul_in_a_form_field_is_a_400(web: TestClient) -> None:
    import re

    from stancemap.web.security import CSRF_HEADER

    html = web.get("/review").text
    token = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', html).group(1)  # type: ignore[union-attr]
    sid = web.get("/statements.json").json()["statements"][0]["id"]
    response = web.post(f"/review/{sid}/stance", data={"issue": "strike\x00russia", "stance": "oppose"},
                        headers={CSRF_HEADER: token, "accept": "application/json"})
    assert response.status_code == 400 and "NUL" in response.text
    huge = web.post("/review/9223372036854775808/reject", headers={CSRF_HEADER: token, "accept": "application/json"})
    assert huge.status_code == 400


def test_digits_in_free_text_are_not_ids(web: TestClient) -> None:
    assert web.get("/statements.json?q=99999999999999999999").status_code == 200


def _failing_after(monkeypatch: pytest.MonkeyPatch, good_calls: int) -> None:
    real = review.statement_page
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > good_calls:
            raise StoreError("Could not read the database: connection lost. Check that the database is reachable.")
        return real(*args, **kwargs)

    monkeypatch.setattr(review, "statement_page", flaky)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_failing_at_once_is_a_503_not_an_empty_200(web: TestClient, monkeypatch, fmt: str) -> None:
    _failing_after(monkeypatch, 0)
    response = web.get(f"/statements.{fmt}")
    assert response.status_code == 503
    assert "could not be read" in response.text


def test_csv_export_failing_midway_says_it_is_incomplete(web: TestClient, monkeypatch) -> None:
    monkeypatch.setattr(routes, "EXPORT_BATCH", 1)
    _failing_after(monkeypatch, 2)
    response = web.get("/statements.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.text)))
    assert len(rows) >= 3  # header, two statements' rows, the final error row
    assert rows[-1][0].startswith("EXPORT INCOMPLETE") and "after 2 statements" in rows[-1][0]


def test_jsonl_export_failing_midway_says_it_is_incomplete(web: TestClient, monkeypatch) -> None:
    monkeypatch.setattr(routes, "EXPORT_BATCH", 1)
    _failing_after(monkeypatch, 1)
    response = web.get("/statements.jsonl")
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert len(lines) == 2 and "id" in lines[0]
    assert lines[-1]["incomplete"] is True and "EXPORT INCOMPLETE" in lines[-1]["error"]


def test_export_without_failure_is_whole(web: TestClient, monkeypatch) -> None:
    monkeypatch.setattr(routes, "EXPORT_BATCH", 1)
    lines = web.get("/statements.jsonl").text.splitlines()
    assert len(lines) == 4 and all("error" not in json.loads(line) for line in lines)
