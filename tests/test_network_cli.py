"""The ``network`` and ``timeline`` commands, in process, on a store holding the hand-checked corpus."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
import sqlalchemy as sa
import typer
from typer.testing import CliRunner

from stancemap import workflows
from stancemap.cli.network import network
from stancemap.cli.timeline import timeline
from stancemap.network.export.dna import read_dna
from stancemap.store.repository import Store
from tests.test_network_corpus import corpus, insert

runner = CliRunner()


@pytest.fixture(scope="module")
def app():
    app = typer.Typer()
    app.command("network")(network)
    app.command("timeline")(timeline)
    return app


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "corpus.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    insert(engine, corpus())  # the schema's tables, written directly
    engine.dispose()
    return str(path)


@pytest.fixture(autouse=True)
def store_without_migrations(monkeypatch):
    """Open test databases as they are (the commands are tested here, migrations in the store's tests)."""
    real = workflows.open_store

    def open_store(db, *, must_exist=False):
        if db is None or not Path(db).exists():
            return real(db, must_exist=must_exist)
        return Store(sa.create_engine(f"sqlite:///{db}"))

    monkeypatch.setattr(workflows, "open_store", open_store)


def run(app, *args):
    result = runner.invoke(app, [str(a) for a in args])
    return result


def weights(G):
    return {tuple(sorted(e)): d["weight"] for *e, d in G.edges(data=True)}


@pytest.mark.parametrize("sql", ["--no-sql", "--sql"])
def test_congruence_graphml(app, db, tmp_path, sql):
    out = tmp_path / "net.graphml"
    result = run(app, "network", "--db", db, "--type", "congruence", "--out", out, sql)
    assert result.exit_code == 0, result.output
    G = nx.read_graphml(out)
    assert weights(G) == {("A", "B"): 2.0, ("B", "C"): 1.0}
    assert G.nodes["A"]["affiliation"] == "C"
    assert ("statement_ids" in G["A"]["B"]) == (sql == "--no-sql")
    assert "2 edges written to" in result.output


def test_two_mode_options(app, db, tmp_path):
    out = tmp_path / "two.csv"
    result = run(app, "network", "--db", db, "--type", "two-mode", "--agreement", "ignore", "--normalize",
                 "prominence", "--format", "dna", "--out", out)
    assert result.exit_code == 0, result.output
    rows, cols, values = read_dna(out)
    assert cols == ["x", "y"] and values[rows.index("B")] == [pytest.approx(0.4), pytest.approx(1 / 3)]


def test_selection_options(app, db, tmp_path):
    out = tmp_path / "net.json"
    result = run(app, "network", "--db", db, "--type", "conflict", "--issue", "y", "--exclude-actor", "B",
                 "--format", "json", "--out", out)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert [(e["source"], e["target"], e["weight"]) for e in data["edges"]] == [("A", "C", 1.0)]
    assert data["edges"][0]["statement_ids"] == [3, 7]


def test_subtract_reports_polarization_and_min_weight(app, db, tmp_path):
    out = tmp_path / "s.graphml"
    result = run(app, "network", "--db", db, "--type", "subtract", "--out", out)
    assert result.exit_code == 0, result.output
    assert "polarization 0.533: A, B | C" in result.output  # 4/5 x 2/3, as in test_analysis_timeline
    result = run(app, "network", "--db", db, "--type", "subtract", "--min-weight", "2", "--out", out)
    assert weights(nx.read_graphml(out)) == {("A", "C"): -2.0}


def test_duplicates_and_confidence(app, db, tmp_path):
    out = tmp_path / "net.csv"
    result = run(app, "network", "--db", db, "--type", "two-mode", "--agreement", "ignore", "--duplicates", "all",
                 "--confidence-weighted", "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    from stancemap.network.export.csv import nodes_path, read_csv

    G = read_csv(out, nodes_path(out))
    assert G["A"]["x"]["weight"] == pytest.approx(0.72 + 0.5)


def test_windows_as_dynamic_gexf_and_files(app, db, tmp_path):
    out = tmp_path / "dyn.gexf"
    result = run(app, "network", "--db", db, "--type", "subtract", "--window", "1m", "--format", "gexf", "--out", out)
    assert result.exit_code == 0, result.output
    H = nx.read_gexf(out)
    assert H.graph["mode"] == "dynamic"
    assert "2024-02-01" in result.output and "polarization" in result.output
    out = tmp_path / "w.graphml"
    result = run(app, "network", "--db", db, "--window", "1m", "--sql", "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("w_*.graphml")) == [
        "w_2024-01-01_2024-01-31.graphml", "w_2024-02-01_2024-02-29.graphml"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "bipartite"], "--type 'bipartite': use one of two-mode, congruence"),
        (["--type", "two-mode", "--normalize", "jaccard"], "does not apply to two-mode networks"),
        (["--type", "two-mode", "--normalize", "activity"], "use --agreement ignore or subtract"),
        (["--normalize", "prominence"], "does not apply to congruence networks"),
        (["--duplicates", "day"], "use one of document, week, month, year, range, all"),
        (["--step", "7d"], "--step needs --window"),
        (["--window", "a month"], "e.g. 30d, 2w, 3m or 1y"),
        (["--since", "May"], "--since 'May' is not a date"),
        (["--origin", "robot"], "use model or person"),
        (["--type", "two-mode", "--min-weight", "2"], "--min-weight applies to one-mode"),
    ],
)
def test_bad_options_name_the_fix(app, db, tmp_path, args, message):
    result = run(app, "network", "--db", db, "--out", tmp_path / "x.graphml", *args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_missing_database(app, tmp_path):
    result = run(app, "network", "--db", tmp_path / "none.db", "--out", tmp_path / "x.graphml")
    assert result.exit_code == 2 and "run `stancemap run` first" in " ".join(result.output.split())


def test_timeline_json_flags_the_affiliation(app, db):
    result = run(app, "timeline", "A", "--db", db, "--format", "json", "--within", "60")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["affiliation"] == "C"
    assert [e["statement_id"] for e in data["entries"]] == [1, 2, 3]
    assert [e["kind"] for e in data["events"]].count("against-affiliation") == 3


def test_timeline_table_and_unknown_actor(app, db):
    result = run(app, "timeline", "B", "--db", db, "--issue", "x")
    assert result.exit_code == 0, result.output
    assert "shift" in result.output and "changed from support to oppose" in " ".join(result.output.split())
    result = run(app, "timeline", "Nobody", "--db", db)
    assert result.exit_code == 2 and "[E304]: There is no actor 'Nobody'" in " ".join(result.output.split())
