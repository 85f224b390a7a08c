"""The tutorial (docs/tutorial.md) runs as written: every ``sh`` and ``python`` block, in order.

The ``sh`` blocks are run with the CLI in process (Typer's ``CliRunner``) and the
``python`` blocks with ``exec``, all in a fresh copy of ``docs/tutorial/`` (the
texts and the codebook), as a reader would after ``cp -r docs/tutorial ...``.
Each command must exit 0, and the files the tutorial says it writes must be
there and readable. Nothing here checks what the model codes (that is the
evaluation's job); only that the tutorial's steps work and produce what it says.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from stancemap.cli import app

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial.md"
MATERIAL = ROOT / "docs" / "tutorial"
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.S | re.M)


def blocks(language: str) -> list[str]:
    """The fenced blocks of the tutorial in ``language``, in order."""
    return [body for lang, body in FENCE.findall(TUTORIAL.read_text(encoding="utf-8")) if lang == language]


def commands(block: str) -> list[list[str]]:
    """The shell commands of a block: one per line (``\\`` continues a line), comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", block)
    return [shlex.split(line, comments=True) for line in joined.splitlines() if shlex.split(line, comments=True)]


def test_the_tutorial_has_commands_and_python():
    shell = [c for b in blocks("sh") for c in commands(b)]
    assert len(shell) >= 8 and all(c[0] == "stancemap" for c in shell)
    assert len(blocks("python")) >= 2


def test_commands_split_like_a_shell():
    assert commands('stancemap timeline "Walter Brandt" \\\n  --db x.db  # a comment\n\n') == [
        ["stancemap", "timeline", "Walter Brandt", "--db", "x.db"]
    ]


def test_the_material_is_what_the_tutorial_lists():
    text = TUTORIAL.read_text(encoding="utf-8")
    for path in sorted((MATERIAL / "debate").glob("*.txt")):
        assert path.name in text
        assert path.read_text(encoding="utf-8").startswith("date 2031-")
    assert (MATERIAL / "codebook.yaml").is_file()


@pytest.mark.model
def test_the_tutorial_runs_as_written(tmp_path, monkeypatch):
    work = tmp_path / "millbrook"
    shutil.copytree(MATERIAL, work, ignore=shutil.ignore_patterns("*.svg"))
    monkeypatch.chdir(work)
    runner = CliRunner(env={"COLUMNS": "200"})

    for block in blocks("sh"):
        for argv in commands(block):
            result = runner.invoke(app, argv[1:], catch_exceptions=False)
            assert result.exit_code == 0, f"{shlex.join(argv)} exited {result.exit_code}:\n{result.output}"
            if argv[1] == "timeline" and "--out" not in argv:
                assert "Walter Brandt" in result.output

    # what the tutorial says the commands write
    assert (work / "debate.db").is_file()
    rows = (work / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    statements = [json.loads(row) for row in rows]
    assert len(statements) >= 10
    text = {p.stem: p.read_text(encoding="utf-8") for p in (work / "debate").glob("*.txt")}
    for s in statements:  # offsets index the texts as read
        assert text[s["doc"]][s["content"]["start"] : s["content"]["end"]] == s["content"]["text"]
    assert {"Ellen Hartley", "Walter Brandt", "Tomas Reyes"} <= {s["actor"] for s in statements}
    assert (work / "car-park.csv").read_text(encoding="utf-8").startswith("id,")
    assert json.loads((work / "brandt-timeline.json").read_text(encoding="utf-8"))["actor"] == "Walter Brandt"
    two_mode = nx.read_graphml(work / "two-mode.graphml")
    assert {"congestion-charge", "car-park"} <= set(two_mode) and two_mode.number_of_edges() >= 5
    assert nx.read_graphml(work / "congruence.graphml").number_of_nodes() >= 3
    assert "nodes" in json.loads((work / "conflict.json").read_text(encoding="utf-8"))
    assert (work / "congruence.csv").is_file()
    assert "<html" in (work / "report.html").read_text(encoding="utf-8").lower()

    # the Python section, in one namespace as in a notebook
    namespace: dict = {"__name__": "tutorial"}
    for block in blocks("python"):
        exec(compile(block, str(TUTORIAL), "exec"), namespace)  # noqa: S102 (our own tutorial)
    assert namespace["summary"].documents_read == len(text)
    assert set(nx.read_graphml(work / "two-mode-py.graphml")) == set(two_mode)
    figure = (work / "two-mode.svg").read_text(encoding="utf-8")
    assert figure.startswith("<svg") and figure.count("<line") == two_mode.number_of_edges()
    for node in two_mode:
        assert f">{node}</text>" in figure
