"""``stancemap stance evidence``: each issue's model codings grouped by the keyword or codebook phrase their relevance
rests on, with their sides and what reviewers said of them; on both backends, and end to end on the example."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap import workflows
from stancemap.analysis.evidence import NO_EVIDENCE
from stancemap.cli import app
from stancemap.models import Article, Codebook, Coding, Issue
from stancemap.store import Store, review
from stancemap.store.codings import evidence_tallies
from tests.test_store_queries import said

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "000_1978d43d598303c4.txt"
CODEBOOK = ROOT / "examples" / "codebook.yaml"

WALL = Codebook(issues=(Issue("wall", "Border wall", "The United States should build a border wall.",
                              keywords=("wall",)),), hash="cb-wall")


def coded(stance: str, evidence: str | None) -> Coding:
    return Coding("wall", stance, 0.6, origin="model:semantic.v1", evidence=evidence)


def test_codings_are_grouped_by_their_evidence_with_what_reviewers_said(store: Store) -> None:
    lines = [("Trump", "Donald Trump", "we will build the wall", coded("support", "keyword: wall")),
             ("Merkel", "Angela Merkel", "the Berlin Wall fell in 1989", coded("neutral", "keyword: Wall")),
             ("Pelosi", "Nancy Pelosi", "a wall is a waste", coded("oppose", "keyword: wall")),
             ("Abbott", "Greg Abbott", "the border needs more agents", coded("support", "Secure the border.")),
             ("Cruz", "Ted Cruz", "it goes on", coded("neutral", None)),
             ("Bot", "Spam Bot", "buy a wall clock", coded("neutral", "keyword: wall"))]
    text, found = "", []
    for speaker, actor, rest, coding in lines:
        sentence = f"{speaker} said {rest}."
        found.append(said("d1", text + sentence[:-1], speaker, actor, coding))
        text += sentence + " "
    store.save_codebook(WALL)
    run = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb-wall", args={})
    store.save_documents([(Article("d1", text), found)], run)
    ids = {s.statement.actor: s.id for s in store.statements()}
    review.not_relevant(store, ids["Angela Merkel"], "wall", "ana")
    review.set_stance(store, ids["Nancy Pelosi"], "wall", "oppose", "ana")
    review.reject(store, ids["Spam Bot"], "ana")  # "not a statement": left out

    first, *rest = evidence_tallies(store, examples=1)
    assert (first.evidence, first.codings, dict(first.stances), first.relevant, first.not_relevant) == (
        "keyword: wall", 3, {"support": 1, "neutral": 1, "oppose": 1}, 1, 1)  # "Wall" and "wall" are one
    assert first.examples == [(ids["Donald Trump"], "we will build the wall")]
    assert [(t.evidence, t.codings, t.examples) for t in rest] == [
        (NO_EVIDENCE, 1, [(ids["Ted Cruz"], "it goes on")]),
        ("Secure the border.", 1, [(ids["Greg Abbott"], "the border needs more agents")])]
    assert evidence_tallies(store, issue="no-such-issue") == []
    assert [t.examples for t in evidence_tallies(store, examples=2, top=1)] == [
        [(ids["Donald Trump"], "we will build the wall"), (ids["Angela Merkel"], "the Berlin Wall fell in 1989")],
        [], []]


@pytest.mark.model
def test_the_command_shows_each_issues_evidence_on_a_real_run(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    db = tmp_path / "evidence.db"
    runner = CliRunner(env={"COLUMNS": "200"})
    assert runner.invoke(app, ["run", str(folder), "--db", str(db), "--codebook", str(CODEBOOK), "--quiet"]
                         ).exit_code == 0
    with workflows.open_store(f"sqlite:///{db}", must_exist=True) as store:
        tallies = evidence_tallies(store)
        coded_here = sum(1 for s in store.statements() for c in s.statement.codings if c.origin.startswith("model:"))
    assert tallies and sum(t.codings for t in tallies) == coded_here

    result = runner.invoke(app, ["stance", "evidence", "--db", str(db), "--show", "1"])
    assert result.exit_code == 0, result.output
    title = next(line for line in result.output.splitlines() if "by what their relevance rests on" in line)
    assert f"strike-russia: {coded_here} codings" in title
    for tally in tallies[:3]:
        assert tally.evidence[:30] in result.output

    wrong = runner.invoke(app, ["stance", "evidence", "--db", str(db), "--issue", "strike-rusia"])
    assert wrong.exit_code != 0 and "strike-russia" in wrong.output and "strike-rusia" in wrong.output
