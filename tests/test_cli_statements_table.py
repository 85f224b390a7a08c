"""``stancemap statements`` as a table: readable on an 80-column terminal, no word cut in two."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "000_1978d43d598303c4.txt"
CODEBOOK = ROOT / "examples" / "codebook.yaml"


def invoke(columns: int, *args: object):
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("table")
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    store = folder / "table.db"
    assert invoke(200, "run", folder, "--db", store, "--codebook", CODEBOOK, "--quiet").exit_code == 0
    return store


@pytest.mark.model
def test_on_80_columns_kind_stance_and_date_stay_whole(db):
    result = invoke(80, "statements", "--db", db)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(map(len, lines)) <= 80
    # the date under the actor, the kind under the cue: each word whole on one line
    for word in ("2024-05-28", "direct-unmarked", "indirect", "strike-russia:", "support"):
        assert any(word in line for line in lines), word
    assert "actor," in result.output and "cue, kind" in result.output


@pytest.mark.model
def test_a_wide_terminal_gives_date_and_kind_their_own_columns(db):
    result = invoke(200, "statements", "--db", db)
    header = next(line for line in result.output.splitlines() if "content" in line)
    assert [c.strip() for c in header.strip("┃ ").split("┃")] == ["id", "date", "actor", "cue", "content", "kind",
                                                                  "stance"]
