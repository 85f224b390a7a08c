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
    assert r["recall_by_kind"] == {"direct": 1.0, "mixed": 0.0, "indirect": 0.5}


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


TEXT = "Kim said that it rains. Lee told reporters: “We will win.” Nobody cares."


def gold_doc():
    return [
        GoldAttribution("d", "E1", content=((14, 22),), source=((0, 3),), cue=((4, 8),), kind="indirect"),
        GoldAttribution("d", "E2", content=((44, 59),), source=((24, 27),), cue=((28, 32),), kind="direct"),
    ]


def stmt(content, speaker=None, cue=None):
    def sp(ab):
        return TextSpan(ab[0], ab[1], TEXT[ab[0] : ab[1]]) if ab else None

    return Statement("d", sp(content), speaker=sp(speaker), cue=sp(cue))


def test_span_scores_exact_and_overlap():
    predicted = [
        stmt((14, 23), (0, 3), (4, 8)),  # content exact once the final "." is dropped
        stmt((45, 57), (24, 27), (28, 42)),  # content and cue overlap only
    ]
    r = score_attribution(gold_doc(), predicted, {"d": TEXT})
    spans = r["spans"]
    assert spans["speaker"]["exact"]["f1"] == 1.0
    assert spans["cue"]["exact"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert spans["cue"]["overlap"]["f1"] == 1.0
    assert spans["content"]["exact"]["recall"] == 0.5 and spans["content"]["overlap"]["recall"] == 1.0
    assert r["recall_by_kind"] == {"direct": 1.0, "mixed": 0.0, "indirect": 1.0}


def test_statement_without_speaker_counts_for_content_not_speaker_spans():
    r = score_attribution(gold_doc(), [stmt((14, 22))], {"d": TEXT})
    assert r["content"]["recall"] == 0.5 and r["relation"]["recall"] == 0.0
    assert r["spans"]["speaker"]["overlap"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_error_records_list_misses_and_false_positives_with_sentence():
    from stancemap.eval.attribution import error_records

    gold = gold_doc()
    predicted = [stmt((14, 22), (24, 27)), stmt((60, 72), (60, 66))]
    r = score_attribution(gold, predicted, {"d": TEXT})
    recs = list(error_records(gold, predicted, r, {"d": TEXT}))
    assert [x["type"] for x in recs] == ["miss", "miss", "false_positive", "false_positive"]
    first = recs[0]
    assert first["sentence"] == "Kim said that it rains."
    assert first["content_matched"] is True and first["candidate"]["speaker"]["text"] == "Lee"
    assert first["gold"]["source"]["text"] == "Kim"
    assert recs[1]["kind"] == "direct" and recs[1]["content_matched"] is False
    assert recs[3]["sentence"] == "Nobody cares."


def _brat_folder(tmp_path, text, ann):
    (tmp_path / "text").mkdir(parents=True)
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "attributions" / "a_x.ann").write_text(ann, encoding="utf-8")
    return tmp_path


@pytest.mark.model
def test_cli_brat_option_errors_file_and_full_table(tmp_path):
    import json

    from stancemap.cli.eval import eval_app

    text = "Maria Lopez said that the talks would resume next week. The weather was fine."
    ann = (
        "T1\tSource 0 11\tMaria Lopez\nT2\tCue 12 16\tsaid\nT3\tContent 22 54\tthe talks would resume next week\n"
        "T4\tAttribution 12 16\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T5\tContent 56 77\tThe weather was fine.\nT6\tAttribution-no-source 56 59\tThe\n"
        "E2\tAttribution-no-source:T6 Content:T5\n"
    )
    folder = _brat_folder(tmp_path / "corpus", text, ann)
    errors = tmp_path / "errors.jsonl"
    out = tmp_path / "figures.json"
    result = CliRunner().invoke(
        eval_app,
        ["attribution", "--brat", str(folder), "--annotator", "x", "--errors", str(errors), "--out", str(out)],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    for label in ("relation", "speaker span, exact", "cue span, overlap", "content span, exact",
                  "recall, direct", "recall, mixed", "recall, indirect", "articles/s", "bare nlp.pipe"):
        assert label in result.output, label
    figures = json.loads(out.read_text())
    assert figures["relation"]["recall"] == 0.5 and figures["relation"]["precision"] == 1.0
    assert figures["speed"]["articles_per_second"] > 0 and figures["speed"]["speed_ratio"] > 0
    recs = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert recs == [
        {
            "type": "miss", "doc": "a", "kind": "indirect",
            "gold": {"id": "E2", "source": None, "cue": None,
                     "content": {"start": 56, "end": 77, "text": "The weather was fine."}, "kind": "indirect"},
            "content_matched": False, "sentence": "The weather was fine.",
        }
    ]


def test_cli_needs_a_folder():
    from stancemap.cli.eval import eval_app

    result = CliRunner().invoke(eval_app, ["attribution"])
    assert result.exit_code == 2
    assert "--brat DIR" in result.output


def test_cli_brat_option_with_unknown_model_names_the_fix(tmp_path):
    from stancemap.cli.eval import eval_app

    folder = _brat_folder(tmp_path, "Kim said so.", "")
    result = CliRunner().invoke(eval_app, ["attribution", "--brat", str(folder), "--model", "xx_missing_pipeline"])
    assert result.exit_code == 1 and "E400" in result.output


def test_frame_statistics_counts_complements_inside_gold_attributions():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from stancemap.eval.cuestats import frame_statistics
    from stancemap.ingest.brat import BratDocument
    from stancemap.models import Article

    words = ["Kim", "seemed", "to", "win", ".", "Lee", "seemed", "to", "lose", "."]
    doc = Doc(Vocab(), words=words, spaces=[True, True, True, False, True, True, True, True, False, False],
              heads=[1, 1, 3, 1, 1, 6, 6, 8, 6, 6],
              deps=["nsubj", "ROOT", "aux", "xcomp", "punct", "nsubj", "ROOT", "aux", "xcomp", "punct"],
              pos=["PROPN", "VERB", "PART", "VERB", "PUNCT"] * 2,
              lemmas=["Kim", "seem", "to", "win", ".", "Lee", "seem", "to", "lose", "."])
    text = doc.text  # "Kim seemed to win. Lee seemed to lose."
    gold = GoldAttribution("d", "E1", content=((11, 17),), source=((0, 3),), cue=((4, 10),))

    class FakeNLP:
        def pipe(self, texts, batch_size=16):
            for _ in texts:
                yield doc

    stats = frame_statistics(FakeNLP(), [BratDocument(Article("d", text), (gold,))])
    assert stats[("seem", "VERB", "X")] == (1, 2)


def test_cli_warns_when_the_annotator_has_no_files(tmp_path):
    from stancemap.cli.eval import eval_app

    folder = _brat_folder(tmp_path, "Kim said so.", "T1\tSource 0 3\tKim\n")
    result = CliRunner().invoke(
        eval_app, ["attribution", "--brat", str(folder), "--annotator", "zz", "--model", "xx_missing_pipeline"],
        terminal_width=200,
    )
    assert "no annotated attributions" in result.output and "'zz'" in result.output
