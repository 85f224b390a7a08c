"""One lookup of a typed actor name, one answer everywhere (issue 16 item 6, issue 17 item 13).

``find_actor`` is tested on a small hand-built store on both backends; then the
same names go through ``statements --actor``, ``timeline``, ``actors show``,
``network --actor`` and the web's ``/statements`` and ``/actors/NAME`` pages
(HTML and ``.json``), which must all pick the same actor or all fail the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from stancemap.cli import app as cli_app
from stancemap.errors import ActorLookupError
from stancemap.store import Store
from stancemap.store.actor_lookup import find_actor
from stancemap.web import create_app
from tests.test_store_summary import CODEBOOK, article, model

runner = CliRunner(env={"COLUMNS": "400"})


def build(store: Store) -> Store:
    """Hillary Clinton (3 statements, alias "Mrs. Clinton"), Bill Clinton (1), Donald Trump (2), Angela Merkel (1)."""
    store.save_codebook(CODEBOOK)
    run = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    store.save_documents([
        article("d1", [("Hillary Clinton", "Hillary Clinton", "aid must flow", (model("aid", "support"),)),
                       ("Donald Trump", "Donald Trump", "aid is wasted", (model("aid", "oppose"),))]),
        article("d2", [("Mrs. Clinton", "Hillary Clinton", "strikes are lawful", (model("strike-russia", "support"),)),
                       ("Bill Clinton", "Bill Clinton", "aid helps", (model("aid", "support"),))]),
        article("d3", [("Hillary Clinton", "Hillary Clinton", "more aid now", (model("aid", "support"),)),
                       ("Donald Trump", "Donald Trump", "no strikes", (model("strike-russia", "oppose"),)),
                       ("Angela Merkel", "Angela Merkel", "aid is right", (model("aid", "support"),))]),
    ], run)
    store.finish_run(run, "finished", {})
    return store


@pytest.fixture
def corpus(store: Store) -> Store:
    return build(store)


# ---------------------------------------------------------------- the lookup


@pytest.mark.parametrize(
    ("typed", "expected", "how"),
    [
        ("Hillary Clinton", "Hillary Clinton", "exact"),
        ("hillary CLINTON", "Hillary Clinton", "name"),
        ("  Angela   Merkel ", "Angela Merkel", "exact"),
        ("Angéla Merkel.", "Angela Merkel", "name"),
        ("Mrs. Clinton", "Hillary Clinton", "alias"),
        ("mrs clinton", "Hillary Clinton", "alias"),
        ("Trump", "Donald Trump", "surname"),
        ("merkel", "Angela Merkel", "surname"),
        ("Donald Trupm", "Donald Trump", "fuzzy"),
    ],
)
def test_a_name_alias_surname_or_typo_finds_one_actor(corpus: Store, typed: str, expected: str, how: str) -> None:
    found = find_actor(corpus, typed)
    assert (found.name, found.how) == (expected, how)
    assert found.statements == {"Hillary Clinton": 3, "Donald Trump": 2, "Angela Merkel": 1}[expected]
    assert found.exact == (how in ("exact", "name", "alias"))


def test_an_ambiguous_surname_lists_both_actors_with_their_statements(corpus: Store) -> None:
    with pytest.raises(ActorLookupError) as caught:
        find_actor(corpus, "Clinton")
    error = caught.value
    assert error.code == "E305" and error.name == "Clinton"
    assert error.candidates == (("Hillary Clinton", 3), ("Bill Clinton", 1))
    assert "'Clinton' matches 2 actors as a surname" in error.message
    assert "Hillary Clinton (3 statements), Bill Clinton (1 statement)" in error.message
    assert "Give the one you mean by its full name as listed." in error.message


def test_an_unknown_name_suggests_the_closest_stored_names(corpus: Store) -> None:
    with pytest.raises(ActorLookupError) as caught:
        find_actor(corpus, "Angela Merkle-Schmidt")
    error = caught.value
    assert error.code == "E304"
    assert error.candidates[0] == ("Angela Merkel", 1)
    assert error.message.startswith("There is no actor 'Angela Merkle-Schmidt' in ")
    assert "did you mean Angela Merkel (1 statement)" in error.message
    assert "`stancemap actors list --search 'Merkle-Schmidt'`" in error.message


def test_nothing_like_any_stored_name_still_says_what_to_do(corpus: Store) -> None:
    with pytest.raises(ActorLookupError) as caught:
        find_actor(corpus, "Zzyzx")
    assert caught.value.candidates == ()
    assert "look for it: list the stored actors with `stancemap actors list --search 'Zzyzx'`" in caught.value.message


def test_an_empty_store_or_an_empty_name_is_an_error(store: Store) -> None:
    with pytest.raises(ActorLookupError, match="it holds no actors yet. Run `stancemap run`"):
        find_actor(store, "Anyone")
    with pytest.raises(ActorLookupError, match="No actor name given"):
        find_actor(store, "   ")


def test_an_exact_canonical_name_wins_over_another_actors_alias(corpus: Store) -> None:
    """A canonical name found by the lookup selects that one actor's statements, even where an alias collides."""
    from stancemap import curation

    curation.add_alias(corpus, "Donald Trump", "The Nominee")
    run = corpus.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    corpus.save_documents([article("d4", [("the nominee", "the nominee", "we will win", ())])], run)
    assert find_actor(corpus, "the nominee").name == "the nominee"
    assert [s.statement.actor for s in corpus.statements(actor="the nominee")] == ["the nominee"]
    assert find_actor(corpus, "The Nominee").name == "the nominee"  # a canonical name up to case beats an alias


def test_a_merged_away_name_finds_the_actor_it_was_merged_into(corpus: Store) -> None:
    from stancemap import curation

    curation.merge(corpus, "Bill Clinton", "Hillary Clinton")
    found = find_actor(corpus, "bill clinton")
    assert (found.name, found.statements) == ("Hillary Clinton", 4)


# ---------------------------------------------------------------- every surface, the same answer


def _url(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def _cli(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli_app, [str(a) for a in args], catch_exceptions=False)


def answers(store: Store, name: str, tmp_path: Path) -> dict[str, object]:
    """What each command and page says ``name`` means: a canonical name, or the error's exit code / status."""
    db = _url(store)
    out: dict[str, object] = {}
    result = _cli("statements", "--db", db, "--format", "jsonl", "--actor", name)
    out["statements"] = (sorted({json.loads(line)["actor"] for line in result.stdout.splitlines()})
                         if result.exit_code == 0 else result.exit_code)
    result = _cli("timeline", name, "--db", db, "--format", "json")
    out["timeline"] = json.loads(result.stdout)["actor"] if result.exit_code == 0 else result.exit_code
    result = _cli("actors", "show", name, "--db", db, "--json")
    out["actors show"] = json.loads(result.stdout)["name"] if result.exit_code == 0 else result.exit_code
    graph = tmp_path / "net.json"
    result = _cli("network", "--db", db, "--type", "two-mode", "--format", "json", "--out", graph, "--actor", name)
    if result.exit_code == 0:
        nodes = json.loads(graph.read_text(encoding="utf-8"))["nodes"]
        out["network"] = sorted(n["id"] for n in nodes if n.get("bipartite", n.get("kind")) in (0, "actor"))
    else:
        out["network"] = result.exit_code
    client = TestClient(create_app(store))
    response = client.get("/statements.json", params={"actor": name})
    out["web statements"] = (sorted({s["actor"] for s in response.json()["statements"]})
                             if response.status_code == 200 else response.status_code)
    response = client.get(f"/actors/{name}.json")
    out["web actor"] = response.json()["actor"]["name"] if response.status_code == 200 else response.status_code
    return out


@pytest.mark.parametrize("typed", ["Hillary Clinton", "hillary clinton", "Mrs. Clinton", "Trump", "Donald Trupm"])
def test_every_command_and_page_gives_the_same_actor(corpus: Store, tmp_path: Path, typed: str) -> None:
    expected = find_actor(corpus, typed).name
    assert answers(corpus, typed, tmp_path) == {
        "statements": [expected], "timeline": expected, "actors show": expected, "network": [expected],
        "web statements": [expected], "web actor": expected,
    }


@pytest.mark.parametrize(("typed", "code"), [("Clinton", "E305"), ("Hilary Clintonn-Rodham", "E304")])
def test_every_command_and_page_refuses_an_ambiguous_or_unknown_name(
    corpus: Store, tmp_path: Path, typed: str, code: str
) -> None:
    assert answers(corpus, typed, tmp_path) == {
        "statements": 2, "timeline": 2, "actors show": 2, "network": 2, "web statements": 404, "web actor": 404,
    }
    db = _url(corpus)
    for args in (("statements", "--db", db, "--actor", typed), ("timeline", typed, "--db", db),
                 ("actors", "show", typed, "--db", db),
                 ("network", "--db", db, "--out", tmp_path / "n.graphml", "--actor", typed)):
        result = _cli(*args)
        assert f"[{code}]" in result.output and "Hillary Clinton (3 statements)" in result.output, args


def test_the_web_lists_the_candidates_escaped_on_the_page_and_in_its_twin(corpus: Store) -> None:
    client = TestClient(create_app(corpus))
    twin = client.get("/statements.json", params={"actor": "Clinton"})
    assert twin.status_code == 404
    data = twin.json()
    assert data["code"] == "E305"
    assert [(c["name"], c["statements"]) for c in data["candidates"]] == [("Hillary Clinton", 3), ("Bill Clinton", 1)]
    assert data["candidates"][0]["url"] == "/statements.json?actor=Hillary+Clinton"
    assert _url(corpus) not in data["error"] and "in the database" in data["error"]
    page = client.get("/statements", params={"actor": "Clinton"}, headers={"accept": "text/html"})
    assert page.status_code == 404
    assert '<a href="/statements?actor=Hillary+Clinton">Hillary Clinton</a> (3 statements)' in page.text
    actor_page = client.get("/actors/Clinton", headers={"accept": "text/html"})
    assert actor_page.status_code == 404
    assert '<a href="/actors/Bill%20Clinton">Bill Clinton</a> (1 statement)' in actor_page.text
    hostile = client.get("/statements", params={"actor": "<script>alert(1)</script>"})
    assert hostile.status_code == 404 and "<script>alert(1)" not in hostile.text
    assert client.get("/statements.csv", params={"actor": "Clinton"}).status_code == 404
    assert client.get("/statements.jsonl", params={"actor": "Clinton"}).json()["code"] == "E305"


def test_the_web_actor_page_by_name_goes_to_the_page_by_id(corpus: Store) -> None:
    client = TestClient(create_app(corpus))
    by_id = client.get("/actors/Mrs.%20Clinton.json", follow_redirects=False)
    assert by_id.status_code in (302, 303, 307)
    assert by_id.headers["location"].endswith(".json") and by_id.headers["location"].startswith("/actors/")
    assert client.get(by_id.headers["location"]).json()["actor"]["name"] == "Hillary Clinton"


def test_the_docstring_examples_run() -> None:
    import doctest

    from stancemap.store import actor_lookup
    from stancemap.web import pages

    for module in (actor_lookup, pages):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, module.__name__
