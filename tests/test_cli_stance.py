"""``stancemap stance train / predict`` and ``stancemap eval stance`` on tiny pair files."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from stancemap.cli.eval_stance import eval_stance
from stancemap.cli.stance import stance_app
from stancemap.errors import InputError
from stancemap.stance.pairfiles import read_pairs

CLAIM = "Cities should introduce congestion charges."
OTHER = "The moon landing was staged."
SUPPORT = ["Charges cut traffic and clean the air.", "Cleaner air is worth a small fee.",
           "Less traffic makes streets safer for children."]
OPPOSE = ["Charges hit poor commuters hardest.", "Shops lose customers when drivers pay a fee.",
          "A fee punishes commuters who have no bus."]
UNRELATED = ["The football club signed a new goalkeeper.", "Bread prices rose again in March."]

runner = CliRunner()


def _write_pairs(path, rows, bodies=False):
    with open(path, "w", encoding="utf-8") as f:
        for i, (claim, text, label) in enumerate(rows):
            row = {"id": f"p{i}", "claim": claim, "label": label}
            if bodies:
                row["body_id"] = str(i)
            else:
                row["text"] = text
            f.write(json.dumps(row) + "\n")
    return path


def _toy_rows():
    rows = [(CLAIM, t, "support") for t in SUPPORT] + [(CLAIM, t, "oppose") for t in OPPOSE]
    rows += [(CLAIM, t, "unrelated") for t in UNRELATED] + [(OTHER, t, "unrelated") for t in SUPPORT[:2]]
    return rows * 3


def _eval_app():
    app = typer.Typer()
    app.command("stance")(eval_stance)

    @app.command("other")
    def _other() -> None:  # a second command keeps "stance" a sub-command
        pass

    return app


def test_train_predict_round_trip(tmp_path):
    pairs = _write_pairs(tmp_path / "train.jsonl", _toy_rows())
    model = tmp_path / "models" / "m.npz"
    result = runner.invoke(stance_app, ["train", "--pairs", str(pairs), "--out", str(model)])
    assert result.exit_code == 0, result.output
    assert model.exists() and "model written to" in result.output
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(stance_app, ["predict", "--model", str(model), "--pairs", str(pairs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    predicted = [json.loads(line) for line in out.read_text().splitlines()]
    gold = [json.loads(line) for line in pairs.read_text().splitlines()]
    assert [p["id"] for p in predicted] == [g["id"] for g in gold]
    assert set(predicted[0]) == {"id", "label", "confidence"}
    assert all(0.0 < p["confidence"] <= 1.0 for p in predicted)
    right = sum(p["label"] == g["label"] for p, g in zip(predicted, gold, strict=False))
    assert right / len(gold) >= 0.9
    # a trained model's confidence is its probability of the label, pair by pair (not one figure per way)
    assert min(p["confidence"] for p in predicted) < max(p["confidence"] for p in predicted)


def test_predict_with_texts_file_and_named_learner(tmp_path):
    rows = _toy_rows()
    (tmp_path / "texts.json").write_text(json.dumps({str(i): r[1] for i, r in enumerate(rows)}))
    pairs = _write_pairs(tmp_path / "pairs.jsonl", rows, bodies=True)
    model = tmp_path / "m.npz"
    result = runner.invoke(stance_app, ["train", "--pairs", str(pairs), "--texts", str(tmp_path / "texts.json"),
                                        "--learner", "embed-lr.v1", "--out", str(model)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(stance_app, ["predict", "--model", str(model), "--pairs", str(pairs),
                                        "--texts", str(tmp_path / "texts.json"), "--out", "-"])
    assert result.exit_code == 0, result.output
    assert len([line for line in result.output.splitlines() if line.startswith("{")]) == len(rows)


def test_eval_prints_scores_and_fnc(tmp_path):
    pairs = _write_pairs(tmp_path / "train.jsonl", _toy_rows())
    out = tmp_path / "figures.json"
    result = runner.invoke(_eval_app(), ["stance", "--train", str(pairs), "--test", str(pairs), "--out", str(out)],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for word in ("accuracy", "macro-F1", "FNC-1 score", "support", "oppose", "unrelated", "precision",
                 "expected calibration error"):
        assert word in result.output
    figures = json.loads(out.read_text())
    assert figures["accuracy"] >= 0.9 and 0 <= figures["fnc_score"] <= 1 and figures["learner"] == "embed-lr.v1"
    assert 0 <= figures["ece"] <= 1 and 0 <= figures["ece_floor"] <= 1
    assert "sampling alone gives a calibrated model" in " ".join(result.output.split())


def test_a_removed_learner_is_refused_with_the_known_ones(tmp_path):
    pairs = _write_pairs(tmp_path / "train.jsonl", _toy_rows())
    result = runner.invoke(stance_app, ["train", "--pairs", str(pairs), "--learner", "tfidf-lr.v1",
                                        "--out", str(tmp_path / "m.npz")], env={"COLUMNS": "300"})
    assert result.exit_code != 0
    assert "unknown learner 'tfidf-lr.v1'; use one of embed-lr.v1" in result.output


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "bad.jsonl line 2: not a JSON object"),
        ('{"id": "x", "text": "t", "label": "support"}', "bad.jsonl line 2: no `claim`"),
        ('{"id": "x", "claim": "c", "label": "support"}', "bad.jsonl line 2: no `text` and no `body_id`"),
        ('{"id": "x", "claim": "c", "text": "t", "label": "agree"}', "bad.jsonl line 2: label 'agree' is not one of"),
        ('{"id": "x", "claim": "c", "text": "t"}', "bad.jsonl line 2: no `label`"),
        ('{"id": "x", "claim": "c", "body_id": "9", "label": "support"}',
         "body_id '9' is not in the texts given; pass"),
        ('{"id": "p0", "claim": "c", "text": "t", "label": "support"}', "id 'p0' was used before"),
    ],
)
def test_bad_pair_file_names_file_and_line(tmp_path, line, message):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "p0", "claim": CLAIM, "text": "x", "label": "support"}) + "\n" + line + "\n")
    with pytest.raises(InputError) as err:
        read_pairs(bad)
    assert message in str(err.value)
    result = runner.invoke(stance_app, ["train", "--pairs", str(bad), "--out", str(tmp_path / "m.npz")],
                           env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert "line 2" in result.output and "E105" in result.output


def test_missing_files_and_models(tmp_path):
    result = runner.invoke(stance_app, ["train", "--pairs", str(tmp_path / "nope.jsonl"), "--out", "m.npz"],
                           env={"COLUMNS": "300"})
    assert result.exit_code == 2 and "no such pair file" in result.output
    (tmp_path / "junk.npz").write_text("not a model")
    pairs = _write_pairs(tmp_path / "p.jsonl", _toy_rows())
    result = runner.invoke(stance_app, ["predict", "--model", str(tmp_path / "junk.npz"), "--pairs", str(pairs),
                                        "--out", str(tmp_path / "o.jsonl")], env={"COLUMNS": "300"})
    assert result.exit_code == 2 and "not a stancemap model file" in result.output


def test_eval_reports_test_texts_seen_in_training(tmp_path):
    train = _write_pairs(tmp_path / "train.jsonl", _toy_rows())
    rows = [(CLAIM, SUPPORT[0], "support"), (CLAIM, "Fees make the air cleaner for everyone.", "support"),
            (CLAIM, "Commuters without a bus are punished by the fee.", "oppose")]
    test = _write_pairs(tmp_path / "test.jsonl", rows)
    out = tmp_path / "figures.json"
    result = runner.invoke(_eval_app(), ["stance", "--train", str(train), "--test", str(test), "--out", str(out)],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "1 of 3 test pairs have a text that is also in train.jsonl; on the 2 others:" in result.output
    assert json.loads(out.read_text())["unseen"]["n"] == 2


def test_predict_zero_shot_reads_news_sentences_unless_told_the_texts_take_sides(tmp_path):
    """A sentence that only names the topic is neutral as a news sentence; with --sided (debate arguments, a
    speaker's claims) the model's side is kept."""
    claim = "The city should introduce a congestion charge for cars entering the centre."
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"id": "a", "claim": claim,
                                 "text": "The mayor spoke about the congestion charge at a press conference."}) + "\n")
    got = {}
    for flags in ([], ["--sided"]):
        out = tmp_path / f"out{len(flags)}.jsonl"
        result = runner.invoke(stance_app, ["predict", "--pairs", str(pairs), "--labels", "support,oppose,neutral",
                                            "--out", str(out), *flags], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert ("read as taking sides" if flags else "read as news sentences") in result.output
        got[bool(flags)] = json.loads(out.read_text())["label"]
    assert got[False] == "neutral" and got[True] != "neutral"


def test_predict_zero_shot_writes_the_calibrated_confidence_of_each_label(tmp_path):
    """Without --model, each prediction carries the default coder's confidence: how often its way of deciding is
    right on hand-labelled news sentences (the cue rules' side; neutral for want of any cue)."""
    from stancemap.stance.calibration import load_calibration

    claim = "The city should introduce a congestion charge for cars entering the centre."
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"id": i, "claim": claim, "text": text}) + "\n" for i, text in (
        ("cued", "The mayor said the congestion charge is a disastrous idea that will ruin the shops."),
        ("uncued", "The mayor spoke about the congestion charge at a press conference."))))
    out = tmp_path / "out.jsonl"
    result = runner.invoke(stance_app, ["predict", "--pairs", str(pairs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    got = {row["id"]: (row["label"], row["confidence"]) for row in map(json.loads, out.read_text().splitlines())}
    table = load_calibration().sentences
    assert got == {"cued": ("oppose", table["rule"]), "uncued": ("neutral", table["model-neutral"])}
