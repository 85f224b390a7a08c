"""``stancemap eval coding``: relevance and stance against hand-coded statements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.errors import InputError
from stancemap.eval.coding import GoldStatement, read_gold, score_codings
from stancemap.models import Coding, Statement, TextSpan

TEXT = ("The mayor said that the new fuel tax is a dangerous mistake for families. "
        "Ms. Jones said that the weather in the park was lovely.\n")
CODEBOOK = """issues:
  - id: fuel-tax
    label: Fuel tax
    claim: The fuel tax should be raised.
    keywords: [fuel tax]
"""


def _statement(start: int, end: int, *codings: Coding) -> Statement:
    return Statement("d", TextSpan(start, end, "x" * (end - start)), codings=codings)


def test_scores_relevance_stance_and_end_to_end_over_every_issue():
    gold = [GoldStatement("d", 0, 10, (("a", "oppose"),)), GoldStatement("d", 20, 30, (("b", "support"),)),
            GoldStatement("d", 40, 50, ()), GoldStatement("d", 60, 70, (("a", "neutral"),))]
    found = [_statement(0, 10, Coding("a", "oppose", 0.9)),
             _statement(21, 29, Coding("b", "oppose", 0.7), Coding("a", "support", 0.6)),
             _statement(40, 50)]  # the last gold statement was not extracted
    figures = score_codings(gold, found, ["a", "b"])
    assert figures["unmatched_statements"] == 1
    assert figures["relevance"]["true_positives"] == 2 and figures["relevance"]["false_positives"] == 1
    assert figures["relevance"]["false_negatives"] == 1
    assert figures["stance"]["accuracy"] == 0.5 and figures["stance"]["end_to_end_accuracy"] == pytest.approx(1 / 3)
    assert {e["gold"] for e in figures["errors"]} == {"support", "not relevant", "neutral"}


def test_a_person_coding_is_not_scored_as_the_machines():
    gold = [GoldStatement("d", 0, 10, (("a", "oppose"),))]
    found = [_statement(0, 10, Coding("a", "oppose", 1.0, origin="person:ann"))]
    assert score_codings(gold, found, ["a"])["relevance"]["true_positives"] == 0


def test_bad_gold_lines_name_the_file_and_line(tmp_path: Path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"doc": "d", "content_start": 0, "content_end": 5, "codings": []}\n{"doc": "d"}\n')
    with pytest.raises(InputError, match="gold.jsonl line 2"):
        read_gold(bad)
    bad.write_text('{"doc": "d", "content_start": 0, "content_end": 5, "codings": [{"issue": "a", "stance": "pro"}]}\n')
    with pytest.raises(InputError, match="line 1: stance 'pro'"):
        read_gold(bad)


@pytest.mark.model
def test_eval_coding_command_runs_the_pipeline_on_the_gold_documents(tmp_path: Path):
    texts = tmp_path / "text"
    texts.mkdir()
    (texts / "city.txt").write_text(TEXT, encoding="utf-8")
    book = tmp_path / "codebook.yaml"
    book.write_text(CODEBOOK, encoding="utf-8")
    tax = TEXT.index("the new fuel tax")
    weather = TEXT.index("the weather")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "city", "content_start": tax, "content_end": TEXT.index(" for families"),
                                "codings": [{"issue": "fuel-tax", "stance": "oppose"}]}) + "\n"
                    + json.dumps({"doc": "city", "content_start": weather, "content_end": TEXT.index(".\n"),
                                  "codings": []}) + "\n", encoding="utf-8")
    out = tmp_path / "figures.json"
    result = CliRunner().invoke(app, ["eval", "coding", "--gold", str(gold), "--texts", str(texts),
                                      "--codebook", str(book), "--out", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text())
    assert figures["unmatched_statements"] == 0
    assert figures["relevance"]["precision"] == 1.0 and figures["relevance"]["recall"] == 1.0
    assert figures["stance"]["accuracy"] == 1.0
    missing = CliRunner().invoke(app, ["eval", "coding", "--gold", str(gold), "--texts", str(tmp_path),
                                       "--codebook", str(book)], env={"COLUMNS": "200"})
    assert missing.exit_code != 0 and "no text in" in missing.output


def test_kappa_reads_a_tie_between_overlapping_statements_the_same_in_every_run():
    """Two machine statements overlap one gold statement and disagree: the tie goes to the first in text order,
    whatever Python's string hashing (it had gone by set order, so kappa changed from run to run)."""
    import os
    import subprocess
    import sys

    script = (
        "from stancemap.eval.coding import GoldStatement, agreement_with_gold\n"
        "from stancemap.models import Coding, Statement, TextSpan\n"
        "gold = [GoldStatement('d', 0, 40, (('tax', 'oppose'),), 'Ann'),"
        " GoldStatement('d', 50, 60, (('tax', 'support'),), 'Ann')]\n"
        "found = [Statement('d', TextSpan(0, 20, 'x' * 20), actor='Ann', codings=(Coding('tax', 'oppose', .9),)),\n"
        "         Statement('d', TextSpan(20, 40, 'y' * 20), actor='Ann', codings=(Coding('tax', 'support', .6),)),\n"
        "         Statement('d', TextSpan(50, 60, 'z' * 10), actor='Ann', codings=(Coding('tax', 'support', .6),))]\n"
        "print(agreement_with_gold(gold, found)['kappa']['cohen'])\n")
    seen = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout.strip() for seed in range(6)}
    assert seen == {"1.0"}
