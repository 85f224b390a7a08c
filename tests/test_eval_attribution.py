"""The attribution scorer: overlap matching, one-to-one, source-less gold, recall by kind."""

import pytest
from typer.testing import CliRunner

from stancemap.eval.attribution import score_attribution
from stancemap.ingest.brat import GoldAttribution
from stancemap.models import Statement, TextSpan


def st(doc, content, speaker=None):
    return Statement(doc, TextSpan(*content, "x"), speaker=TextSpan(*speaker, "x") if speaker else None)


GOLD = [
    GoldAttribution("d", "E1", content=((10, 30),), source=((0, 5),), kind="indirect"),
    GoldAttribution("d", "E2", content=((40, 60),), source=((35, 38),), kind="direct"),
    GoldAttribution("d", "E3", content=((70, 80),), source=(), kind="indirect"),
]


@pytest.mark.parametrize(
    "predicted, relation_tp, content_tp",
    [
        ([st("d", (12, 20), (1, 3))], 1, 1),  # overlaps content and source
        ([st("d", (12, 20), (6, 8))], 0, 1),  # wrong speaker: content only
        ([st("d", (72, 75))], 1, 1),  # gold without source: content alone
        ([st("e", (12, 20), (1, 3))], 0, 0),  # another document
        ([st("d", (12, 20), (1, 3)), st("d", (15, 25), (0, 2))], 1, 1),  # one-to-one: the second is a false positive
        ([st("d", (30, 40), (0, 5))], 0, 0),  # touching is not overlapping
    ],
)
def test_relation_and_content_matching(predicted, relation_tp, content_tp):
    r = score_attribution(GOLD, predicted)
    assert r["counts"]["matched"] == relation_tp
    assert r["counts"]["content_matched"] == content_tp


def test_figures_and_recall_by_kind():
    r = score_attribution(GOLD, [st("d", (12, 20), (1, 3)), st("d", (41, 50), (35, 36)), st("d", (90, 95), (0, 1))])
    assert r["relation"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    assert r["recall_by_kind"] == {"direct": 1.0, "indirect": 0.5}


def test_greedy_prefers_the_larger_overlap():
    gold = [GoldAttribution("d", "E1", content=((0, 10),)), GoldAttribution("d", "E2", content=((10, 40),))]
    r = score_attribution(gold, [st("d", (8, 40))])
    assert r["matches"] == [(1, 0)]


def test_empty_inputs():
    r = score_attribution([], [])
    assert r["relation"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


@pytest.mark.model
def test_cli_prints_table_and_writes_json(tmp_path):
    import json

    from stancemap.cli.eval import eval_app

    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    text = "Maria Lopez said that the talks would resume next week."
    (tmp_path / "text" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "attributions" / "a_x.ann").write_text(
        "T1\tSource 0 11\tMaria Lopez\nT2\tCue 12 16\tsaid\nT3\tContent 22 55\tthe talks would resume next week\n"
        "T4\tAttribution 12 16\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
        encoding="utf-8",
    )
    out = tmp_path / "figures.json"
    result = CliRunner().invoke(eval_app, ["attribution", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "relation" in result.output and "bare nlp.pipe" in result.output
    figures = json.loads(out.read_text())
    assert figures["relation"]["f1"] == 1.0
    assert figures["speed"]["documents"] == 1


def test_cli_missing_folder_is_a_clear_error(tmp_path):
    from stancemap.cli.eval import eval_app

    result = CliRunner().invoke(eval_app, ["attribution", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "E101" in result.output and "no such folder" in result.output


def test_cli_unknown_model_names_the_fix(tmp_path):
    from stancemap.cli.eval import eval_app

    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "a.txt").write_text("Kim said so.", encoding="utf-8")
    result = CliRunner().invoke(eval_app, ["attribution", str(tmp_path), "--model", "xx_missing_pipeline"])
    assert result.exit_code == 1
    assert "E400" in result.output and "pip install" in result.output
