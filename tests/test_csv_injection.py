"""CSV formula injection: every CSV we write escapes cells a spreadsheet would run as a formula.

One policy, one function (:func:`stancemap.csvcells.csv_cell`): a text cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
``'``. Numbers (negative weights included) are left alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.models import Article, Codebook, Coding, Issue, Statement, TextSpan
from stancemap.store import Store
from stancemap.web import create_app

runner = CliRunner(env={"COLUMNS": "400"})

LINK = '=HYPERLINK("http://evil.example","click")'
ACTORS = (LINK, "@SUM(A1:A9)", "+Plus Party", "-Minus Movement")
CONTENT = '=cmd|"/C calc"!A0'
TITLE = "=TITLE()"


def _span(text: str, part: str) -> TextSpan:
    i = text.index(part)
    return TextSpan(i, i + len(part), part)


def build_store(url: str) -> Store:
    """Four hostile actor names that all support one issue, one with a hostile quote and title, and Germany."""
    store = Store.open(url)
    store.save_codebook(Codebook((Issue("aid", "More aid", "Ukraine should get more aid."),), hash="h"))
    run = store.begin_run(pipeline_version="test", model="m", codebook_hash="h", args={})
    text = f"They said {CONTENT}. Germany said more aid. " + " ".join(f"{a} said aid now." for a in ACTORS)
    found = [Statement("a1", _span(text, CONTENT), speaker_name=LINK, actor=LINK, actor_type="organisation",
                       confidence=0.9, date=dt.date(2024, 5, 1),
                       codings=(Coding("aid", "support", 0.9, "model:keyword.v1"),)),
             Statement("a1", _span(text, "more aid"), _span(text, "Germany"), actor="Germany", actor_type="country",
                       confidence=0.9, date=dt.date(2024, 5, 1),
                       codings=(Coding("aid", "support", 0.9, "model:keyword.v1"),))]
    for name in ACTORS[1:]:
        part = f"{name} said aid now."
        found.append(Statement("a1", _span(text, part), actor=name, actor_type="group", confidence=0.9,
                               date=dt.date(2024, 5, 1), codings=(Coding("aid", "support", 0.8, "model:keyword.v1"),)))
    store.save_document(Article("a1", text, dt.date(2024, 5, 1), title=TITLE, source="Outlet"), found, run)
    store.finish_run(run, "finished", {})
    return store


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('injection') / 'hostile.db'}"
    build_store(url).close()
    return url


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_safe(text: str, expected: tuple[str, ...] = ACTORS) -> None:
    found = cells(text)
    for value in expected:
        assert "'" + value in found, (value, text)
    dangerous = [c for c in found if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not _number(c))]
    assert not dangerous, dangerous


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_the_one_policy():
    from stancemap.csvcells import csv_cell

    assert [csv_cell(v) for v in ("=1+1", "+1", "-x", "@A1", "\tx", "\rx", "plain", "", "a=b")] == \
        ["'=1+1", "'+1", "'-x", "'@A1", "'\tx", "'\rx", "plain", "", "a=b"]
    assert csv_cell(-0.5) == -0.5 and csv_cell(3) == 3 and csv_cell(None) is None


def test_web_statements_csv_uses_the_shared_function():
    from stancemap import csvcells
    from stancemap.web import pages

    assert pages.csv_row is csvcells.csv_row


def test_cli_statements_csv(db: str, tmp_path: Path) -> None:
    out = tmp_path / "statements.csv"
    result = runner.invoke(app, ["statements", "--db", db, "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert_safe(out.read_text(encoding="utf-8"), ACTORS + (CONTENT, TITLE))
    stdout = runner.invoke(app, ["statements", "--db", db, "--format", "csv"])
    assert_safe(stdout.stdout, ACTORS + (CONTENT, TITLE))


@pytest.mark.parametrize("kind", ["two-mode", "congruence", "subtract"])
def test_cli_network_csv_edges_and_nodes(db: str, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.csv"
    result = runner.invoke(app, ["network", "--db", db, "--type", kind, "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert_safe(out.read_text(encoding="utf-8"))
    assert_safe((tmp_path / f"{kind}_nodes.csv").read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", ["two-mode", "congruence"])
def test_cli_network_dna(db: str, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.dna.csv"
    result = runner.invoke(app, ["network", "--db", db, "--type", kind, "--format", "dna", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert_safe(out.read_text(encoding="utf-8"))


def test_negative_weights_stay_numbers():
    from stancemap.network.export.csv import generate_csv
    from stancemap.network.export.dna import generate_dna

    G = nx.Graph()
    G.add_edge("=A", "B", weight=-2.0)
    assert "".join(generate_csv(G)) == "source,target,weight\n'=A,B,-2.0\n"
    assert "".join(generate_dna(G)) == "\"\",'=A,B\n'=A,0.0,-2.0\nB,-2.0,0.0\n"


@pytest.fixture
def client(store_url: str):
    store = build_store(store_url)
    try:
        yield TestClient(create_app(store, person="tester"))
    finally:
        store.close()


@pytest.mark.parametrize("path", ["/statements.csv", "/network/export.csv", "/network/export.dna",
                                  "/network/export.csv?mode=congruence", "/network/export.dna?mode=congruence"])
def test_web_csv_downloads(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert_safe(response.text, ACTORS + ((CONTENT, TITLE) if path == "/statements.csv" else ()))
