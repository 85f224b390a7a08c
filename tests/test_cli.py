"""The command line in process: options, messages, exit codes, formats."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from stancemap.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "000_1978d43d598303c4.txt"
CODEBOOK = ROOT / "examples" / "codebook.yaml"
runner = CliRunner(env={"COLUMNS": "400"})


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def commands(typer_app) -> list[str]:
    import typer.main

    group = typer.main.get_command(typer_app)
    names = []
    for name, cmd in group.commands.items():
        names.append(name)
        for sub in getattr(cmd, "commands", {}):
            names.append(f"{name} {sub}")
    return names


def test_every_command_has_help_and_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in commands(app):
        result = invoke(*name.split(), "--help")
        assert result.exit_code == 0, name
        assert "Usage" in result.output
        assert f"stancemap {name}" in readme, f"README does not document `stancemap {name}`"


@pytest.fixture(scope="module")
def stored_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    (folder / "empty.txt").write_bytes(b"")
    db = folder.parent / "cli.db"
    result = invoke("run", folder, "--db", db, "--codebook", CODEBOOK, "--quiet")
    assert result.exit_code == 0, result.output
    assert "inputs skipped" in result.output and "empty.txt" in result.output
    return db


@pytest.mark.model
def test_statements_jsonl_lists_speakers_with_offsets_into_the_article(stored_db):
    result = invoke("statements", "--db", stored_db, "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    text = EXAMPLE.read_text(encoding="utf-8")
    assert {"Josep Borrell", "Jens Stoltenberg", "Volodymyr Zelenskyy"} <= {r["actor"] for r in records}
    for record in records:
        content = record["content"]
        assert text[content["start"]:content["end"]] == content["text"]
        assert record["doc"] == "000_1978d43d598303c4" and record["date"] == "2024-05-28"


@pytest.mark.model
def test_statements_filters_and_file_formats(stored_db, tmp_path):
    by_actor = invoke("statements", "--db", stored_db, "--format", "jsonl", "--actor", "josep borrell")
    lines = by_actor.stdout.splitlines()
    assert lines and all(json.loads(line)["actor"] == "Josep Borrell" for line in lines)
    assert invoke("statements", "--db", stored_db, "--format", "jsonl", "--until", "2024-01-01").stdout == ""
    assert invoke("statements", "--db", stored_db, "--format", "jsonl", "--since", "2024-05-28").stdout
    csv_out = tmp_path / "s.csv"
    assert invoke("statements", "--db", stored_db, "--format", "csv", "--out", csv_out).exit_code == 0
    assert csv_out.read_text(encoding="utf-8").startswith("id,doc,version,date")
    pq_out = tmp_path / "s.parquet"
    assert invoke("statements", "--db", stored_db, "--format", "parquet", "--out", pq_out).exit_code == 0
    everything = invoke("statements", "--db", stored_db, "--format", "jsonl").stdout.splitlines()
    assert pq.read_table(pq_out).num_rows == len(everything) > len(lines)
    table = invoke("statements", "--db", stored_db)
    assert table.exit_code == 0 and "Borrell" in table.output


@pytest.mark.model
def test_report_writes_a_page_with_the_issue_and_evidence(stored_db, tmp_path):
    out = tmp_path / "report.html"
    result = invoke("report", "--db", stored_db, "--out", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Western weapons against targets in Russia" in html
    assert '<mark class="speaker">' in html and "Stoltenberg" in html
    assert "empty.txt" in html  # the skipped input is listed with its reason


def test_bad_options_name_the_fix(tmp_path):
    result = invoke("statements", "--db", tmp_path / "x.db", "--since", "yesterday-ish")
    assert result.exit_code == 2
    assert "--since 'yesterday-ish' is not a date; write it as YYYY-MM-DD" in result.output
    result = invoke("statements", "--db", tmp_path / "missing.db")
    assert result.exit_code == 2 and "run `stancemap run` first" in result.output
    result = invoke("statements", "--db", tmp_path / "x.db", "--format", "parquet")
    assert result.exit_code == 2 and "--out" in result.output


@pytest.mark.model
def test_run_exits_non_zero_only_when_nothing_could_be_processed(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    result = invoke("run", bad, tmp_path / "does-not-exist.txt", "--db", tmp_path / "a.db", "--quiet")
    assert result.exit_code == 1
    assert re.search(r"does-not-exist\.txt.*no such file", result.output.replace("\n", " "))
    good = tmp_path / "good.txt"
    good.write_text("The minister said that talks would resume.", encoding="utf-8")
    result = invoke("run", good, bad, "--db", tmp_path / "b.db", "--quiet")
    assert result.exit_code == 0
    result = invoke("run", good, bad, "--db", tmp_path / "c.db", "--quiet", "--strict")
    assert result.exit_code == 1 and "--strict" in result.output


@pytest.mark.model
def test_extract_streams_the_json_contract(tmp_path):
    result = invoke("extract", EXAMPLE, "--codebook", CODEBOOK)
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and {r["doc"] for r in records} == {"000_1978d43d598303c4"}
    text = EXAMPLE.read_text(encoding="utf-8")
    for r in records:
        assert set(r) >= {"doc", "date", "speaker", "actor", "cue", "content", "kind", "confidence", "codings"}
        assert text[r["content"]["start"]:r["content"]["end"]] == r["content"]["text"]
    table = invoke("extract", EXAMPLE, "--format", "table")
    assert table.exit_code == 0 and "Borrell" in table.output


@pytest.mark.model
def test_extract_reads_standard_input():
    text = "date 2024-02-01 The minister said that the talks would resume next week.\n"
    result = runner.invoke(app, ["extract", "-"], input=text.encode("utf-8"), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["doc"] == "stdin" and record["date"] == "2024-02-01"
    assert text[record["content"]["start"]:record["content"]["end"]] == record["content"]["text"]
    assert "talks would resume" in record["content"]["text"]
