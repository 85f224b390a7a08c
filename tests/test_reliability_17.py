"""Reliability fixes: unknown issue ids, windows at the end of the calendar, runs left 'running' by a killed process."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys

import networkx as nx
import pytest
import sqlalchemy as sa
import typer
from typer.testing import CliRunner

from stancemap.analysis.windows import parse_period, slices, split
from stancemap.cli.network import network
from stancemap.cli.statements import statements
from stancemap.cli.timeline import timeline
from stancemap.errors import StoreError, UsageError
from stancemap.network.build import windows
from stancemap.store.repository import Store
from stancemap.store.schema import runs
from tests.test_network_corpus import insert, make

runner = CliRunner()

# -- 1. an unknown issue id is an error that names it and the known ids ---------------------------

ISSUES = ("arms-ukraine", "trump-tax-returns", "tariffs")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "issues.db"
    found = [
        make(i + 1, "Borrell", f"d{i + 1}", [(issue, "support", 0.9)], date=dt.date(2024, 5, 1 + i))
        for i, issue in enumerate(ISSUES)
    ]
    with Store.open(str(path)) as store:
        insert(store.engine, found)
    return str(path)


@pytest.fixture
def app():
    app = typer.Typer()
    app.command("statements")(statements)
    app.command("timeline")(timeline)
    app.command("network")(network)
    return app


UNKNOWN = (
    "There is no issue 'trump-tax' in {url}; did you mean trump-tax-returns? "
    "Known issues, closest first: trump-tax-returns, arms-ukraine, tariffs. "
    "Pass one of these ids, or add the issue to the codebook and run again."
)


def test_store_statements_refuses_an_unknown_issue_and_suggests_the_closest(db):
    with Store.open(db) as store:
        assert len(store.statements(issue="trump-tax-returns")) == 1
        with pytest.raises(StoreError) as caught:
            store.statements(issue="trump-tax")
    assert caught.value.code == "E303"
    assert str(caught.value) == UNKNOWN.format(url=store.url)


def test_no_suggestion_when_nothing_is_close(db):
    with Store.open(db) as store:
        with pytest.raises(StoreError) as caught:
            store.statements(issue="zzz")
    assert "did you mean" not in str(caught.value)
    assert str(caught.value).startswith(f"There is no issue 'zzz' in {store.url}; known issues")


def test_an_empty_codebook_says_how_to_get_issues(tmp_path):
    with Store.open(str(tmp_path / "empty.db")) as store:
        with pytest.raises(StoreError) as caught:
            store.statements(issue="trump-tax")
    assert str(caught.value) == (
        f"There is no issue 'trump-tax' in {store.url}; it holds no issues yet. "
        "Run with --codebook to load the issues, then query them."
    )


@pytest.mark.parametrize(
    "command",
    [
        ["statements", "--issue", "trump-tax"],
        ["timeline", "Borrell", "--issue", "trump-tax"],
        ["network", "--issue", "trump-tax", "--type", "two-mode", "--out", "{tmp}/g.graphml"],
    ],
)
def test_cli_commands_exit_2_on_an_unknown_issue(app, db, tmp_path, command):
    args = [a.replace("{tmp}", str(tmp_path)) for a in command] + ["--db", db]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert "[E303]" in message
    assert "did you mean trump-tax-returns?" in message
    assert "trump-tax-returns, arms-ukraine, tariffs" in message


# -- 2. windows stop at the last date the calendar has --------------------------------------------


def test_slices_stop_at_date_max_without_overflowing():
    got = list(slices(dt.date(9999, 12, 1), dt.date.max, parse_period("30d"), parse_period("7d")))
    assert got[0] == (dt.date(9999, 12, 1), dt.date(9999, 12, 30))
    assert got[1] == (dt.date(9999, 12, 8), dt.date.max)
    assert got[-1] == (dt.date(9999, 12, 29), dt.date.max)
    assert len(got) == 5


def test_slices_in_months_stop_at_date_max():
    got = list(slices(dt.date(9999, 11, 15), dt.date.max, parse_period("1m")))
    assert got == [(dt.date(9999, 11, 15), dt.date(9999, 12, 14)), (dt.date(9999, 12, 15), dt.date.max)]


def test_windows_over_a_document_dated_9999_12_31():
    found = [
        make(1, "Borrell", "d1", [("x", "support", 1.0)], date=dt.date(9999, 12, 20)),
        make(2, "Blinken", "d2", [("x", "support", 1.0)], date=dt.date.max),
    ]
    got = list(windows(found, size="30d", step="7d", build=lambda chunk, **_: nx.Graph(n=len(chunk))))
    assert [(lo, hi, G.graph["n"]) for lo, hi, G in got] == [
        (dt.date(9999, 12, 20), dt.date.max, 2),
        (dt.date(9999, 12, 27), dt.date.max, 1),
    ]
    assert [len(chunk) for _, _, chunk in split(found, size="1y")] == [2]


# -- 3. runs whose process is gone are reported as interrupted -------------------------------------


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_running_run_whose_process_is_gone_is_listed_as_interrupted(tmp_path):
    with Store.open(str(tmp_path / "runs.db")) as store:
        gone = store.begin_run(pipeline_version="0", model=None, codebook_hash=None,
                               args={"pid": dead_pid(), "host": socket.gethostname()})
        elsewhere = store.begin_run(pipeline_version="0", model=None, codebook_hash=None,
                                    args={"pid": dead_pid(), "host": "some-other-host.invalid"})
        alive = store.begin_run(pipeline_version="0", model=None, codebook_hash=None, args={})
        status = {r.id: r.status for r in store.runs()}
        args = store.runs([alive])[0].args
    assert status == {gone: "interrupted", elsewhere: "running", alive: "running"}
    assert args["pid"] == os.getpid() and args["host"] == socket.gethostname()


def test_a_new_run_marks_dead_runs_of_this_host_interrupted_in_the_table(tmp_path):
    with Store.open(str(tmp_path / "runs.db")) as store:
        gone = store.begin_run(pipeline_version="0", model=None, codebook_hash=None,
                               args={"pid": dead_pid(), "host": socket.gethostname()})
        finished = store.begin_run(pipeline_version="0", model=None, codebook_hash=None,
                                   args={"pid": dead_pid(), "host": socket.gethostname()})
        store.finish_run(finished, "ok", {})
        store.begin_run(pipeline_version="0", model=None, codebook_hash=None, args={})
        with store.engine.connect() as connection:
            stored = dict(connection.execute(sa.select(runs.c.id, runs.c.status)).all())
            finished_at = connection.scalar(sa.select(runs.c.finished_at).where(runs.c.id == gone))
    assert stored[gone] == "interrupted"
    assert stored[finished] == "ok"
    assert finished_at is None  # when it died is not known
    assert json.dumps(stored)


def test_an_outlier_date_that_would_make_too_many_windows_is_refused_before_any_is_made():
    from stancemap.analysis.windows import MAX_WINDOWS

    found = [
        make(1, "Borrell", "d1", [("x", "support", 1.0)], date=dt.date(2024, 5, 1)),
        make(2, "Blinken", "d2", [("x", "support", 1.0)], date=dt.date(9999, 12, 31)),
    ]
    built = []
    with pytest.raises(UsageError, match=r"more than 10,000.*9999-12-31.*--since/--until") as caught:
        list(windows(found, size="30d", step="7d", build=lambda chunk, **_: built.append(chunk) or nx.Graph()))
    assert caught.value.code == "E500" and built == [] and MAX_WINDOWS == 10_000
