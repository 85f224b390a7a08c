"""``stancemap issues suggest``: candidate issues from statements no issue covers."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from stancemap.cli import stance_app
from stancemap.models import Article, Coding, Statement, TextSpan
from stancemap.stance.suggest import as_codebook_yaml, suggest_issues
from stancemap.store import Store

COVERED = "Ukraine should be allowed to strike Russia."
TEXTS = [
    "The fuel tax must rise to cut emissions.",
    "Raising the fuel tax hurts farmers and drivers.",
    "A higher fuel tax is the fastest way to cut emissions.",
    "The fuel tax is already too high for rural drivers.",
    "The new stadium will bring jobs to the city.",
    "Building the stadium wastes public money.",
    "The stadium plan is a scandal for the city budget.",
    "Nobody asked residents about the stadium.",
    "The weather was fine.",
]

runner = CliRunner()


def test_suggest_issues_groups_by_topic():
    found = suggest_issues(list(enumerate(TEXTS)), k=2, representatives=3)
    by_word = {s.keywords[0]: s for s in found}
    assert set(by_word) == {"fuel", "stadium"}
    assert {sid for sid, _, _ in by_word["fuel"].representatives} <= {0, 1, 2, 3}
    assert {sid for sid, _, _ in by_word["stadium"].representatives} <= {4, 5, 6, 7}
    assert by_word["stadium"].size >= 4 and by_word["fuel"].size >= 4
    assert all(0 < s.cohesion <= 1 for s in found)
    assert found[0].representatives[0][2] >= found[0].representatives[-1][2]  # closest first
    assert suggest_issues([]) == []


def test_suggest_is_deterministic():
    a = suggest_issues(list(enumerate(TEXTS)), k=3)
    b = suggest_issues(list(enumerate(TEXTS)), k=3)
    assert a == b


def test_codebook_fragment_is_valid_yaml():
    fragment = yaml.safe_load(as_codebook_yaml(suggest_issues(list(enumerate(TEXTS)), k=2)))
    assert {i["keywords"][0] for i in fragment["issues"]} == {"fuel", "stadium"}
    assert all(i["claim"].startswith("FILL IN:") for i in fragment["issues"])


def _store(url: str) -> None:
    text = " ".join(TEXTS + [COVERED])
    statements = []
    for sentence in TEXTS + [COVERED]:
        start = text.index(sentence)
        codings = (Coding("strike-russia", "support", 0.9, origin="model:semantic.v1"),) if sentence == COVERED else ()
        statements.append(Statement("d1", TextSpan(start, start + len(sentence), sentence), speaker_name="X",
                                    codings=codings))
    with Store.open(url) as store:
        run = store.begin_run(pipeline_version="t", model="m", codebook_hash="", args={})
        store.save_document(Article("d1", text), statements, run)


def test_cli_suggest_on_a_toy_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    _store(url)
    out = tmp_path / "suggested.yaml"
    result = runner.invoke(stance_app, ["suggest", "--db", url, "--k", "2", "--yaml", str(out)],
                           env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "Candidate issues from 9 statements no issue covers" in result.output
    assert "stadium" in result.output and "fuel" in result.output
    assert "strike Russia" not in result.output  # covered by an issue
    assert yaml.safe_load(out.read_text())["issues"]


def test_cli_suggest_on_missing_db(tmp_path):
    result = runner.invoke(stance_app, ["suggest", "--db", str(tmp_path / "none.db")], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and "no database at" in result.output
