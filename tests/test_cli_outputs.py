"""Every command that writes a file: missing folders are created, unwritable paths are a one-line error."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.models import Article, Codebook, Coding, Issue, Statement, TextSpan
from stancemap.store import Store

runner = CliRunner(env={"COLUMNS": "400"})

UNCOVERED = [
    "The fuel tax must rise to cut emissions.",
    "Raising the fuel tax hurts farmers and drivers.",
    "A higher fuel tax is the fastest way to cut emissions.",
    "The new stadium will bring jobs to the city.",
    "Building the stadium wastes public money.",
    "The stadium plan is a scandal for the city budget.",
]


def _span(text: str, part: str) -> TextSpan:
    i = text.index(part)
    return TextSpan(i, i + len(part), part)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """Two actors coded on one issue, and a few statements no issue covers (for ``stance suggest``)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('outputs') / 'small.db'}"
    with Store.open(url) as store:
        store.save_codebook(Codebook((Issue("aid", "More aid", "Ukraine should get more aid."),), hash="h"))
        run = store.begin_run(pipeline_version="test", model="m", codebook_hash="h", args={})
        text = "Borrell said that aid must grow. Germany said that aid must grow too."
        coded = [
            Statement("a1", _span(text, "aid must grow."), _span(text, "Borrell"), kind="indirect", confidence=0.9,
                      date=dt.date(2024, 5, 1), actor="Josep Borrell", actor_type="person",
                      codings=(Coding("aid", "support", 0.9, "model:keyword.v1"),)),
            Statement("a1", _span(text, "aid must grow too."), _span(text, "Germany"), kind="indirect",
                      confidence=0.9, date=dt.date(2024, 5, 1), actor="Germany", actor_type="country",
                      codings=(Coding("aid", "support", 0.8, "model:keyword.v1"),)),
        ]
        store.save_document(Article("a1", text, dt.date(2024, 5, 1), title="Aid"), coded, run)
        other = " ".join(UNCOVERED)
        store.save_document(Article("a2", other, dt.date(2024, 5, 2), title="Local"),
                            [Statement("a2", _span(other, s), speaker_name="X") for s in UNCOVERED], run)
        store.finish_run(run, "finished", {})
    return url


# (arguments before the output path, how the output path is passed, the files the command writes there)
COMMANDS = {
    "report": (["report"], "--out", "report.html"),
    "network": (["network", "--type", "two-mode", "--format", "csv"], "--out", "net.csv"),
    "network graphml": (["network"], "--out", "net.graphml"),
    "statements": (["statements", "--format", "csv"], "--out", "statements.csv"),
    "statements parquet": (["statements", "--format", "parquet"], "--out", "statements.parquet"),
    "timeline json": (["timeline", "Josep Borrell", "--format", "json"], "--out", "timeline.json"),
    "timeline table": (["timeline", "Josep Borrell"], "--out", "timeline.txt"),
    "actors export": (["actors", "export"], None, "actors.yaml"),
    "stance suggest": (["stance", "suggest", "--k", "2"], "--yaml", "suggested.yaml"),
}


def invoke(db: str, name: str, target: Path):
    args, option, _ = COMMANDS[name]
    where = [option, str(target)] if option else [str(target)]
    return runner.invoke(app, [*args, "--db", db, *where])


@pytest.mark.parametrize("name", list(COMMANDS))
def test_missing_folders_are_created(db: str, tmp_path: Path, name: str) -> None:
    target = tmp_path / "not" / "there" / "yet" / COMMANDS[name][2]
    result = invoke(db, name, target)
    assert result.exit_code == 0, result.output
    assert target.is_file() and target.stat().st_size > 0


def test_network_csv_writes_the_node_list_next_to_the_edges_in_the_new_folder(db: str, tmp_path: Path) -> None:
    target = tmp_path / "new" / "net.csv"
    assert invoke(db, "network", target).exit_code == 0
    assert (tmp_path / "new" / "net_nodes.csv").is_file()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_file_in_the_way_is_a_one_line_error(db: str, tmp_path: Path, name: str) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    target = blocker / "sub" / COMMANDS[name][2]
    result = invoke(db, name, target)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    option = COMMANDS[name][1] or "PATH"
    assert lines[0] == (f"error [E500]: cannot write {target}: {blocker} is a file, not a folder; "
                        f"choose another {option}")
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"


@pytest.mark.parametrize("name", ["report", "statements", "actors export"])
def test_a_folder_as_the_output_is_a_one_line_error(db: str, tmp_path: Path, name: str) -> None:
    target = tmp_path / "folder"
    target.mkdir()
    result = invoke(db, name, target)
    assert result.exit_code == 2, result.output
    option = COMMANDS[name][1] or "PATH"
    assert result.stderr.strip() == (
        f"error [E500]: cannot write {target}: it is a folder; give {option} a file name inside it")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_no_permission_is_a_one_line_error(db: str, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        target = locked / "sub" / "report.html"
        result = invoke(db, "report", target)
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (f"error [E500]: cannot write {target}: permission denied; "
                                     "choose another --out")


def test_permission_denied_while_writing_is_a_one_line_error(db: str, tmp_path: Path, monkeypatch) -> None:
    """As root the test above is skipped, so fake the refusal where the report is written."""
    from stancemap.report import html

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(html.Path, "write_text", refuse)
    target = tmp_path / "report.html"
    result = invoke(db, "report", target)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (f"error [E500]: cannot write {target}: permission denied; "
                                     "choose another --out")
