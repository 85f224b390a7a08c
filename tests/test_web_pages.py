"""The web app in process: every page and its JSON twin, filters, sorting, paging and exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from stancemap.models import Article, Codebook, Coding, Issue, ReadFailure, Statement, TextSpan
from stancemap.store import Store
from stancemap.web import create_app

EVIL = '<script>window.__pwned = 1</script>'
EVIL_ATTR = '" onmouseover="window.__pwned = 2" x="'
EVIL_IMG = '<img src=x onerror="window.__pwned = 3">'


def _span(text: str, part: str, start: int = 0) -> TextSpan:
    i = text.index(part, start)
    return TextSpan(i, i + len(part), part)


def build_store(url: str) -> Store:
    """A small store by hand: three dated articles, one with hostile HTML everywhere, one failure."""
    store = Store.open(url)
    store.save_codebook(Codebook((
        Issue("strike-russia", "Western weapons against targets in Russia",
              "Ukraine should be allowed to strike targets in Russia."),
        Issue("aid", "More aid", "Ukraine should get more aid."),
    ), hash="h1"))
    run = store.begin_run(pipeline_version="test", model="m", codebook_hash="h1", args={})

    t1 = "Borrell said that Ukraine may strike targets in Russia. Nobody answered."
    a1 = Article("a1", t1, dt.date(2024, 5, 1), title="EU debate", source="Outlet", url="https://example.org/a1")
    s1 = Statement("a1", _span(t1, "Ukraine may strike targets in Russia"), _span(t1, "Borrell"), _span(t1, "said"),
                   kind="indirect", confidence=0.9, date=a1.date, speaker_name="Borrell", actor="Josep Borrell",
                   actor_type="person", actor_method="alias", actor_confidence=0.9,
                   codings=(Coding("strike-russia", "support", 0.9, "model:keyword.v1", relevance=0.8,
                                   evidence=f"keyword: strike {EVIL}"),))
    store.save_document(a1, [s1], run)

    t2 = "Germany warned that strikes inside Russia risk escalation. Someone said aid is needed."
    a2 = Article("a2", t2, dt.date(2024, 6, 1), title="Berlin wary", source="Other")
    s2 = Statement("a2", _span(t2, "strikes inside Russia risk escalation"), _span(t2, "Germany"), _span(t2, "warned"),
                   kind="indirect", confidence=0.7, date=a2.date, actor="Germany", actor_type="country",
                   actor_method="exact", actor_confidence=1.0,
                   codings=(Coding("strike-russia", "oppose", 0.4, "model:keyword.v1"),))
    s3 = Statement("a2", _span(t2, "aid is needed"), _span(t2, "Someone"), _span(t2, "said", t2.index("Someone")),
                   kind="indirect", confidence=0.3, date=a2.date, speaker_name="Someone",
                   codings=(Coding("aid", "support", 0.6, "model:keyword.v1"),))
    store.save_document(a2, [s2, s3], run)

    t3 = f"{EVIL} Evil Org said {EVIL_IMG} that Ukraine may strike{EVIL_ATTR} inside Russia."
    a3 = Article("a3", t3, dt.date(2024, 6, 15), title=f"Title {EVIL}{EVIL_ATTR}", source=f"<b>bold</b>{EVIL_IMG}",
                 url="javascript:window.__pwned=4")
    s4 = Statement("a3", _span(t3, f"{EVIL_IMG} that Ukraine may strike{EVIL_ATTR} inside Russia"),
                   _span(t3, "Evil Org"), _span(t3, "said"), kind="indirect", confidence=0.5, date=a3.date,
                   speaker_name=f"Evil Org {EVIL}", actor=f"Evil Org {EVIL}{EVIL_ATTR}", actor_type="organisation",
                   actor_method="new", actor_confidence=0.5,
                   codings=(Coding("strike-russia", "support", 0.5, "model:keyword.v1"),))
    store.save_document(a3, [s4], run)
    store.record_failure(run, ReadFailure(f"bad.csv {EVIL}", f"bad.csv line 3: no text {EVIL_IMG}; add a text column.",
                                          "E101"))
    store.finish_run(run, "finished", {})
    return store


@pytest.fixture
def client(web_store: Store) -> TestClient:
    return TestClient(create_app(web_store, person="tester"))


def _ids(client: TestClient) -> dict[str, int]:
    docs = {d["doc_id"]: d["id"] for d in client.get("/documents.json").json()["documents"]}
    actors = {a["name"]: a["id"] for a in client.get("/actors.json").json()["actors"]}
    return {**docs, **actors}


def pages_of(client: TestClient) -> list[str]:
    ids = _ids(client)
    return ["/", "/documents", f"/documents/{ids['a1']}", f"/documents/{ids['a3']}", "/statements", "/review",
            "/actors", f"/actors/{ids['Josep Borrell']}", f"/actors/{ids['Evil Org ' + EVIL + EVIL_ATTR]}", "/issues",
            "/issues/strike-russia", "/network", "/network?mode=congruence", "/login"]


def json_twin(path: str) -> str:
    base, _, query = path.partition("?")
    base = "/index" if base == "/" else base
    return base + ".json" + ("?" + query if query else "")


def test_every_page_and_its_json_twin(client: TestClient) -> None:
    for path in pages_of(client):
        page = client.get(path)
        assert page.status_code == 200, path
        assert page.headers["content-type"].startswith("text/html"), path
        if path == "/login":
            continue
        twin = client.get(json_twin(path))
        assert twin.status_code == 200, json_twin(path)
        assert twin.headers["content-type"].startswith("application/json")
        assert f'href="{json_twin(path)}' in page.text.replace("&amp;", "&"), path


def test_openapi_describes_the_json_twins(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for path in ("/index.json", "/documents.json", "/documents/{document_id}.json", "/statements.json",
                 "/statements.csv", "/statements.jsonl", "/review.json", "/actors.json", "/actors/{actor_id}.json",
                 "/issues.json", "/issues/{issue_id}.json", "/network.json", "/review/{statement_id}/stance",
                 "/review/undo"):
        assert path in paths, path


def test_overview(client: TestClient) -> None:
    data = client.get("/index.json").json()
    assert data["counts"]["documents"] == 3
    assert data["counts"]["statements"] == 4
    strike = next(i for i in data["issues"] if i["id"] == "strike-russia")
    assert (strike["support"], strike["oppose"], strike["neutral"]) == (2, 1, 0)
    assert data["actors"][0]["statements"] == 1
    assert [s["date"] for s in data["latest"]][:1] == ["2024-06-15"]
    assert data["failures"][0]["code"] == "E101" and "add a text column" in data["failures"][0]["reason"]
    html = client.get("/").text
    assert "add a text column" in html and "Most active actors" in html


def test_document_view_highlights_speaker_cue_and_content(client: TestClient) -> None:
    doc = _ids(client)["a1"]
    data = client.get(f"/documents/{doc}.json").json()
    roles = [(s["text"], s["role"]) for s in data["segments"] if s["role"]]
    assert roles == [("Borrell", "speaker"), ("said", "cue"), ("Ukraine may strike targets in Russia", "content")]
    assert "".join(s["text"] for s in data["segments"]) == data["text"]
    html = client.get(f"/documents/{doc}").text
    assert re.search(r'<mark class="hl-speaker" data-statement="\d+"[^>]*>Borrell</mark>', html)
    assert re.search(r'<mark class="hl-cue" data-statement="\d+"[^>]*>said</mark>', html)
    assert re.search(r'<mark class="hl-content" data-statement="\d+"[^>]*>Ukraine may strike targets in Russia</mark>',
                     html)
    assert 'href="https://example.org/a1"' in html


def test_document_view_shows_what_could_not_be_resolved(client: TestClient) -> None:
    doc = _ids(client)["a2"]
    data = client.get(f"/documents/{doc}.json").json()
    assert data["unresolved"] == 1
    unresolved = [s for s in data["segments"] if s["unresolved"]]
    assert [s["text"] for s in unresolved] == ["Someone"]
    html = client.get(f"/documents/{doc}").text
    assert "unresolved: Someone" in html
    assert 'class="hl-speaker unresolved"' in html


def test_missing_things_are_404_with_a_way_out(client: TestClient) -> None:
    for path in ("/documents/999", "/actors/999", "/issues/nope"):
        html = client.get(path, headers={"accept": "text/html"})
        assert html.status_code == 404 and "see /" in html.text
        twin = client.get(json_twin(path))
        assert twin.status_code == 404 and "see /" in twin.json()["error"]


def _statements(client: TestClient, query: str = "") -> dict:
    response = client.get("/statements.json" + query)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Borrell", "Germany", "Someone", "Evil Org"]),
        ("?actor=borrell", ["Borrell"]),
        ("?actor=Germany", ["Germany"]),
        ("?issue=strike-russia", ["Borrell", "Germany", "Evil Org"]),
        ("?issue=strike-russia&stance=oppose", ["Germany"]),
        ("?stance=support", ["Borrell", "Someone", "Evil Org"]),
        ("?since=2024-06-01", ["Germany", "Someone", "Evil Org"]),
        ("?since=2024-05-01&until=2024-05-31", ["Borrell"]),
        ("?min_confidence=0.6", ["Borrell", "Germany"]),
        ("?max_confidence=0.5", ["Someone", "Evil Org"]),
        ("?q=escalation", ["Germany"]),
        ("?origin=person", []),
        ("?origin=model&issue=aid", ["Someone"]),
    ],
)
def test_statement_filters(client: TestClient, query: str, expected: list[str]) -> None:
    data = _statements(client, query)
    assert [s["speaker"]["text"] for s in data["statements"]] == expected
    assert data["paging"]["total"] == len(expected)


def test_statement_sort_and_paging(client: TestClient) -> None:
    by_conf = _statements(client, "?sort=-confidence")
    assert [s["confidence"] for s in by_conf["statements"]] == [0.9, 0.7, 0.5, 0.3]
    by_date = _statements(client, "?sort=-date")
    assert by_date["statements"][0]["date"] == "2024-06-15"
    second = _statements(client, "?sort=-confidence&size=1&page=2")
    assert [s["confidence"] for s in second["statements"]] == [0.7]
    assert second["paging"] == {"page": 2, "size": 1, "total": 4, "total_capped": False, "pages": 4, "next": 3,
                                "previous": 1}
    html = client.get("/statements?sort=-confidence&size=1&page=2").text
    assert "page 2 of 4" in html and 'rel="next"' in html


def test_statement_filter_errors_name_the_fix(client: TestClient) -> None:
    bad = client.get("/statements.json?since=May")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["error"]
    assert client.get("/statements.json?stance=maybe").status_code == 400
    assert client.get("/statements.json?min_confidence=2").status_code == 400
    assert client.get("/statements.json?size=100000").status_code == 400


def test_csv_export_of_the_current_filter(client: TestClient) -> None:
    response = client.get("/statements.csv?issue=strike-russia&sort=-confidence")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["speaker"] for r in rows] == ["Borrell", "Germany", "Evil Org"]
    assert rows[0]["stance"] == "support" and rows[0]["issue"] == "strike-russia"


def test_csv_export_defuses_formulas(web_store: Store) -> None:
    run = web_store.begin_run(pipeline_version="t", model=None, codebook_hash=None, args={})
    text = "=HYPERLINK(1) said nothing."
    web_store.save_document(Article("f", text, dt.date(2024, 7, 1)),
                            [Statement("f", _span(text, "nothing"), _span(text, "=HYPERLINK(1)"), actor="=cmd|calc")],
                            run)
    got = TestClient(create_app(web_store)).get("/statements.csv?actor==cmd|calc")
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert rows[0]["actor"] == "'=cmd|calc" and rows[0]["speaker"] == "'=HYPERLINK(1)"


def test_jsonl_export_follows_the_statement_contract(client: TestClient) -> None:
    response = client.get("/statements.jsonl?stance=support")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert len(lines) == 3
    first = lines[0]
    for key in ("doc", "date", "speaker", "actor", "cue", "content", "kind", "confidence", "codings", "id"):
        assert key in first
    assert first["content"]["text"] == "Ukraine may strike targets in Russia"


def test_actor_page_stance_over_time(client: TestClient) -> None:
    actor = _ids(client)["Josep Borrell"]
    data = client.get(f"/actors/{actor}.json").json()
    assert data["actor"]["name"] == "Josep Borrell"
    assert "Borrell" in data["actor"]["aliases"]
    (issue,) = data["issues"]
    assert issue["id"] == "strike-russia" and issue["counts"]["support"] == 1
    (point,) = issue["chart"]["points"]
    assert point["stance"] == "support" and "Ukraine may strike" in point["title"]
    html = client.get(f"/actors/{actor}").text
    assert 'class="pt pt-support"' in html and "<title>2024-05-01 support" in html


def test_issue_page_supporters_and_opponents_with_evidence(client: TestClient) -> None:
    data = client.get("/issues/strike-russia.json").json()
    supporters = [g["actor"] for g in data["positions"]["support"]]
    assert "Josep Borrell" in supporters
    assert [g["actor"] for g in data["positions"]["oppose"]] == ["Germany"]
    evidence = data["positions"]["oppose"][0]["evidence"][0]["evidence"]
    assert ("Germany", "speaker") in [(e["text"], e["role"]) for e in evidence]


def test_network_view_elements_and_exports(client: TestClient) -> None:
    data = client.get("/network.json").json()
    labels = {n["data"]["label"]: n["data"] for n in data["nodes"]}
    assert labels["Josep Borrell"]["lean"] == "support" and labels["Germany"]["lean"] == "oppose"
    assert labels["strike-russia"]["kind"] == "issue"
    assert labels["Josep Borrell"]["href"].startswith("/actors/")
    ties = {(e["data"]["source"], e["data"]["tie"]) for e in data["edges"]}
    assert ("actor:Germany", "oppose") in ties
    assert [w["label"] for w in data["windows"]] == ["2024-05", "2024-06"]
    june = client.get("/network.json?since=2024-06-01&until=2024-06-30").json()
    assert "Josep Borrell" not in {n["data"]["label"] for n in june["nodes"]}
    conflict = client.get("/network.json?mode=conflict").json()
    assert {e["data"]["tie"] for e in conflict["edges"]} == {"conflict"}
    for fmt in ("graphml", "gexf", "csv", "json", "dna"):
        response = client.get(f"/network/export.{fmt}")
        assert response.status_code == 200 and "attachment" in response.headers["content-disposition"], fmt
    assert "Josep Borrell" in client.get("/network/export.graphml").text
    assert client.get("/network/export.exe").status_code == 404
    assert client.get("/network.json?mode=nonsense").status_code == 400


def test_app_opens_a_database_by_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "w.db"
    build_store(str(path)).close()
    with TestClient(create_app(str(path))) as client:
        assert client.get("/index.json").json()["counts"]["documents"] == 3


def test_app_refuses_a_missing_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from stancemap.errors import UsageError

    with pytest.raises(UsageError) as info:
        create_app(str(tmp_path / "missing.db"))
    assert "stancemap run" in str(info.value)


def test_app_refuses_an_in_memory_database() -> None:
    from stancemap.errors import UsageError

    with Store.open("sqlite://") as store, pytest.raises(UsageError) as info:
        create_app(store)
    assert "--db corpus.db" in str(info.value)


def test_a_codings_evidence_is_shown_escaped_and_in_the_json(client):
    found = [c for st in client.get("/statements.json").json()["statements"] for c in st["codings"]
             if c.get("evidence")]
    assert [c["evidence"] for c in found] == [f"keyword: strike {EVIL}"] and found[0]["relevance"] == 0.8
    html = client.get("/statements").text
    assert 'title="relevant because of: keyword: strike ' in html
    assert EVIL not in html
