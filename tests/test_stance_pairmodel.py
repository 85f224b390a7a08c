"""The ``embed-lr.v1`` pair model: features, calibration, files, the packaged model, the learner and CLI."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from stancemap.cli.stance import stance_app
from stancemap.errors import PipelineError
from stancemap.models import Issue
from stancemap.stance import adapt, pairfeatures, pairmodel, pairmodel_training
from stancemap.stance.learners import (
    DEFAULT_LEARNER,
    coder_for,
    load_any,
    predict_labels,
    predict_scored,
    save_any,
    train_model,
)
from stancemap.stance.pairmodel import (
    PairModel,
    expected_calibration_error,
    load_pair_model,
    mask_text,
    save_pair_model,
)
from stancemap.stance.pairmodel_training import train_pair_model

CLAIM = "Cities should introduce congestion charges."
OTHER = "We should ban fireworks."
SUPPORT = ["Charges cut traffic and clean the air.", "Cleaner air is worth a small fee.",
           "Congestion charges should be introduced everywhere.", "The charge makes streets safer for children."]
OPPOSE = ["Charges hit poor commuters hardest.", "Congestion charges should not be introduced.",
          "A fee punishes commuters who have no bus.", "Shops lose customers when drivers pay a fee."]
FW_SUPPORT = ["Fireworks scare pets and pollute the air.", "Fireworks must be banned."]
FW_OPPOSE = ["Fireworks should not be banned.", "Fireworks are a harmless tradition people love."]


def _train_rows() -> list[tuple[str, str, str]]:
    rows = [(CLAIM, t, "support") for t in SUPPORT] + [(CLAIM, t, "oppose") for t in OPPOSE]
    rows += [(OTHER, t, "support") for t in FW_SUPPORT] + [(OTHER, t, "oppose") for t in FW_OPPOSE]
    return rows * 2


@pytest.fixture(scope="module")
def small_model() -> PairModel:
    return train_pair_model(_train_rows(), embedder=None, min_claims=1, C=5.0)


@pytest.fixture(scope="module")
def packaged() -> PairModel:
    return load_pair_model()


# -- features -------------------------------------------------------------------------------

@pytest.mark.parametrize(("claim", "text", "masked"), [
    ("We should ban fracking.", "Fracking should not be banned.", "_c_ should not be _p_ ."),
    ("We should adopt a zero-tolerance policy in schools", "Zero-tolerance policies do not work",
     "_c_ _c_ do not work"),
    ("We should ban fracking.", "The cat sat on the mat.", "the cat sat on the mat ."),
])
def test_mask_text_marks_the_claims_words(claim, text, masked):
    assert mask_text(claim, text) == masked


@pytest.mark.parametrize(("claim", "text", "name", "value"), [
    ("We should ban fracking.", "Fracking should not be banned.", "echo_neg", 1.0),
    ("We should ban fracking.", "Fracking must be banned.", "echo", 1.0),
    ("We should ban fracking.", "Fracking must be banned.", "echo_neg", 0.0),
    ("We should ban fracking.", "Anything.", "c_direction", -1.0),
    ("We should subsidise fracking.", "Anything.", "c_direction", 1.0),
    ("We should not subsidise fracking.", "Anything.", "c_direction", -1.0),
    ("Intelligence tests bring more harm than good", "Anything.", "c_direction", -1.0),
    ("We should act on climate change", "Trump called climate change a hoax.", "dismiss_signed", -1 / np.sqrt(6)),
    ("Climate change is a hoax", "Trump called climate change a hoax.", "dismiss_signed", 1 / np.sqrt(6)),
])
def test_cue_features(claim, text, name, value):
    features = dict(zip(pairmodel.CUE_FEATURES, pairmodel.cue_features(claim, text), strict=False))
    assert features[name] == pytest.approx(value)


def test_expected_calibration_error():
    assert expected_calibration_error(np.array([[0.8, 0.2]] * 10), [0] * 8 + [1] * 2) == pytest.approx(0.0)
    assert expected_calibration_error(np.array([[1.0, 0.0]] * 4), [1] * 4) == pytest.approx(1.0)


# -- fitting, probabilities, files ------------------------------------------------------------

def test_probabilities_sum_to_one(small_model):
    texts = SUPPORT + OPPOSE + ["Completely unrelated words.", ""]
    probs = small_model.predict_proba([CLAIM] * len(texts), texts)
    assert probs.shape == (len(texts), 2)
    assert np.allclose(probs.sum(axis=1), 1.0) and (probs >= 0).all()
    assert small_model.labels == ("oppose", "support")
    assert small_model.predict_proba([], []).shape == (0, 2)


def test_predict_proba_needs_as_many_claims_as_texts(small_model):
    with pytest.raises(ValueError, match="pass one claim per text"):
        small_model.predict_proba([CLAIM], ["a", "b"])


def test_fits_its_training_pairs_and_records_meta(small_model):
    rows = _train_rows()
    pred = small_model.predict([r[0] for r in rows], [r[1] for r in rows], neutral_margin=0.0)
    assert sum(p == r[2] for p, r in zip(pred, rows, strict=False)) / len(rows) >= 0.9
    meta = small_model.meta
    assert meta["coder"] == "embed-lr.v1" and meta["embedder"] is None and meta["pairs"] == len(rows)
    assert meta["label_counts"] == {"oppose": len(rows) // 2, "support": len(rows) // 2}
    assert 0.05 < small_model.temperature < 20.5


def test_neutral_margin_codes_doubtful_pairs_neutral(small_model):
    texts = SUPPORT + OPPOSE
    probs = small_model.predict_proba([CLAIM] * len(texts), texts)
    margins = np.abs(probs[:, 1] - probs[:, 0])
    cut = float(np.median(margins))
    got = small_model.predict([CLAIM] * len(texts), texts, neutral_margin=cut)
    assert [g == "neutral" for g in got] == [bool(m < cut) for m in margins]
    assert "neutral" not in small_model.predict([CLAIM] * len(texts), texts, neutral_margin=0.0)


def test_scored_predictions_are_the_labels_with_the_probability_of_each(small_model):
    """``predict_scored`` gives what ``predict`` gives, each label with the model's probability of it; a pair made
    neutral by the margin has the closeness of its two sides, ``1 - |p(support) - p(oppose)|``."""
    texts = SUPPORT + OPPOSE
    probs = small_model.predict_proba([CLAIM] * len(texts), texts)
    cut = float(np.median(np.abs(probs[:, 1] - probs[:, 0])))
    for margin in (0.0, cut):
        scored = predict_scored(small_model, [(CLAIM, t) for t in texts], neutral_margin=margin)
        assert [label for label, _ in scored] == small_model.predict([CLAIM] * len(texts), texts,
                                                                        neutral_margin=margin)
        for (label, confidence), row in zip(scored, probs, strict=True):
            lead = abs(float(row[1] - row[0]))
            want = 1.0 - lead if label == "neutral" else float(row[list(small_model.labels).index(label)])
            assert confidence == pytest.approx(want, abs=1e-4)


def test_save_load_round_trip_gives_identical_probabilities(small_model, tmp_path):
    path = tmp_path / "m.npz"
    save_pair_model(small_model, path)
    loaded = load_pair_model(path)
    texts = SUPPORT + OPPOSE + FW_OPPOSE
    claims = [CLAIM] * 8 + [OTHER] * 2
    assert np.array_equal(loaded.predict_proba(claims, texts), small_model.predict_proba(claims, texts))
    assert loaded.labels == small_model.labels and loaded.meta["pairs"] == small_model.meta["pairs"]


def test_file_loads_without_pickle(small_model, tmp_path):
    path = tmp_path / "m.npz"
    save_pair_model(small_model, path)
    with np.load(path, allow_pickle=False) as f:
        arrays = {k: f[k] for k in f.files}
    assert all(a.dtype != object for a in arrays.values())
    assert json.loads(str(arrays["meta"]))["coder"] == "embed-lr.v1"


def test_loading_another_learners_file_says_what_to_do(tmp_path):
    path = tmp_path / "lr.npz"  # a file of the removed learner tfidf-lr.v1: only its meta matters here
    np.savez(path, meta=np.array(json.dumps({"coder": "tfidf-lr.v1", "labels": ["oppose", "support"]})))
    with pytest.raises(PipelineError, match="holds a 'tfidf-lr.v1' model.*stancemap stance train"):
        load_pair_model(path)
    with pytest.raises(PipelineError,
                       match="learner 'tfidf-lr.v1', which this version does not know.*stancemap stance train"):
        load_any(path)


def test_with_an_embedder_round_trip(tmp_path):
    model = train_pair_model(_train_rows(), min_claims=1, C=5.0)
    assert model.meta["embedder"] == "e5-static.v1" == model.features.embedder
    save_pair_model(model, tmp_path / "e.npz")
    loaded = load_pair_model(tmp_path / "e.npz")
    assert np.array_equal(loaded.predict_proba([CLAIM] * 2, SUPPORT[:2]), model.predict_proba([CLAIM] * 2, SUPPORT[:2]))


# -- the packaged model -----------------------------------------------------------------------

def test_packaged_model_is_trained_on_the_shippable_data_only(packaged, tmp_path):
    meta = packaged.meta
    assert packaged.labels == ("oppose", "support")
    assert "Perspectrum" in meta["source"] and "ArgQ" in meta["source"] and "FNC" not in meta["source"]
    assert any("CC BY-SA 4.0" in lic for lic in meta["licences"]) and any("3.0" in lic for lic in meta["licences"])
    assert meta["embedder"] == "e5-static.v1"


def test_packaged_file_loads_without_pickle():
    from importlib import resources

    ref = resources.files("stancemap.stance").joinpath("data", "embed-lr.v1.npz")
    with resources.as_file(ref) as path, np.load(path, allow_pickle=False) as f:
        assert all(f[k].dtype != object for k in f.files)
        assert path.stat().st_size < 5_000_000


@pytest.mark.parametrize(("claim", "text", "stance"), [
    ("We should ban fracking.", "Fracking must be banned.", "support"),
    ("We should ban fracking.", "Fracking should not be banned.", "oppose"),
    ("We should act to stop climate change", "Trump has called climate change a hoax", "oppose"),
])
def test_packaged_model_flips_with_negation_and_dismissal(packaged, claim, text, stance):
    probs = packaged.predict_proba([claim], [text])[0]
    assert packaged.labels[int(probs.argmax())] == stance
    assert probs.sum() == pytest.approx(1.0)


# -- learner registry, coder and CLI ----------------------------------------------------------

def test_is_the_default_learner_and_round_trips_through_the_registry(tmp_path):
    assert DEFAULT_LEARNER == "embed-lr.v1"
    model = train_model(_train_rows(), embedder=None, min_claims=1, C=5.0)
    save_any(model, tmp_path / "m.npz")
    loaded = load_any(tmp_path / "m.npz")
    assert isinstance(loaded, PairModel)
    assert predict_labels(loaded, [(OTHER, "Fireworks must be banned.")]) == ["support"]


def test_coder_around_a_pair_model(small_model):
    issue = Issue("cc", "Congestion charges", CLAIM, keywords=("congestion charge",))
    coding = coder_for(small_model).code("Congestion charges should not be introduced.", "", issue)
    assert coding is not None and coding.stance == "oppose" and coding.origin == "model:embed-lr.v1"


def _write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for i, (claim, text, label) in enumerate(rows):
            f.write(json.dumps({"id": f"p{i}", "claim": claim, "text": text, "label": label}) + "\n")
    return path


def test_cli_train_with_embed_lr_and_predict_with_and_without_model(tmp_path):
    runner = CliRunner()
    pairs = _write(tmp_path / "pairs.jsonl", _train_rows())
    model = tmp_path / "m.npz"
    result = runner.invoke(stance_app, ["train", "--pairs", str(pairs), "--out", str(model),
                                        "--learner", "embed-lr.v1"])
    assert result.exit_code == 0, result.output
    assert load_any(model).meta["coder"] == "embed-lr.v1"
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(stance_app, ["predict", "--model", str(model), "--pairs", str(pairs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text().splitlines()) == len(_train_rows())
    flips = _write(tmp_path / "flips.jsonl", [("We should ban fracking.", "Fracking must be banned.", "support"),
                                              ("We should ban fracking.", "Fracking should not be banned.", "oppose")])
    result = runner.invoke(stance_app, ["predict", "--pairs", str(flips), "--out", "-"])
    assert result.exit_code == 0, result.output
    got = [json.loads(line)["label"] for line in result.output.splitlines() if line.startswith("{")]
    assert got == ["support", "oppose"]
    packaged = Path(pairmodel.__file__).parent / "data" / "embed-lr.v1.npz"
    result = runner.invoke(stance_app, ["predict", "--pairs", str(flips), "--out", "-", "--model", str(packaged),
                                        "--neutral-margin", "1.0"])
    assert [json.loads(line)["label"] for line in result.output.splitlines() if line.startswith("{")] == ["neutral"] * 2


@pytest.mark.parametrize("module", [pairmodel, pairfeatures, pairmodel_training, adapt])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_zero_shot_predict_keeps_to_the_labels_of_a_two_way_pairs_file(tmp_path):
    rows = [("We should ban fracking.", "The council is discussing whether to ban fracking.", "support"),
            ("We should ban fracking.", "Fracking must be banned.", "support"),
            ("We should ban fracking.", "Fracking should not be banned.", "oppose")]
    pairs = _write(tmp_path / "two.jsonl", rows)
    runner = CliRunner()
    three = runner.invoke(stance_app, ["predict", "--pairs", str(pairs), "--out", "-", "--labels",
                                       "support,oppose,neutral"])
    assert three.exit_code == 0, three.output
    assert [json.loads(x)["label"] for x in three.output.splitlines() if x.startswith("{")][0] == "neutral"
    two = runner.invoke(stance_app, ["predict", "--pairs", str(pairs), "--out", "-"])
    assert two.exit_code == 0, two.output
    got = [json.loads(x)["label"] for x in two.output.splitlines() if x.startswith("{")]
    assert got[1:] == ["support", "oppose"] and got[0] in ("support", "oppose")
    assert "oppose, support (the labels of" in two.stderr


def test_predict_refuses_a_label_it_cannot_give(tmp_path):
    pairs = _write(tmp_path / "p.jsonl", [("We should ban fracking.", "Fracking must be banned.", "support")])
    result = CliRunner().invoke(stance_app, ["predict", "--pairs", str(pairs), "--out", "-", "--labels",
                                             "support,agree"])
    assert result.exit_code != 0
    said = " ".join(result.output.split())
    assert "agree is not one" in said and "support, oppose, neutral" in said
