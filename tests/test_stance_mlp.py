"""The learned coder tfidf-mlp.v1, the default coder cues-mlp.v1 and the pair learners."""

from __future__ import annotations

import numpy as np
import pytest

from stancemap.errors import PipelineError, UsageError
from stancemap.stance import get_coder
from stancemap.stance.hybrid import HybridCoder
from stancemap.stance.learners import evaluate_model, load_any, predict_labels, save_any, train_model
from stancemap.stance.mlp import MlpCoder, load_mlp, save_mlp, train_mlp
from stancemap.models import Issue

CLAIM = "Cities should introduce congestion charges."
TRAIN = [
    (CLAIM, "Charges cut traffic and clean the air.", "support"),
    (CLAIM, "Cleaner air is worth a small fee.", "support"),
    (CLAIM, "Less traffic makes streets safer for children.", "support"),
    (CLAIM, "Charges hit poor commuters hardest.", "oppose"),
    (CLAIM, "Shops lose customers when drivers pay a fee.", "oppose"),
    (CLAIM, "A fee punishes commuters who have no bus.", "oppose"),
    (CLAIM, "The football club signed a new goalkeeper.", "unrelated"),
    (CLAIM, "Bread prices rose again in March.", "unrelated"),
] * 2
ISSUE = Issue("congestion-charge", "Congestion charge", CLAIM, keywords=("congestion charge", "fee"))


@pytest.fixture(scope="module")
def model():
    return train_mlp(TRAIN, min_df=1, n_models=2, dropout=0.1)


def test_mlp_fits_and_round_trips(model, tmp_path):
    assert model.labels == ("oppose", "support", "unrelated") and len(model.layers) == 2
    assert evaluate_model(model, TRAIN)["accuracy"] == 1.0
    path = tmp_path / "m.npz"
    save_mlp(model, path)
    again = load_any(path)
    text = "Commuters pay the fee and shops lose customers."
    assert np.allclose(again.predict_proba(CLAIM, text), model.predict_proba(CLAIM, text), atol=1e-2)
    assert get_coder("tfidf-mlp.v1", path=path).name == "tfidf-mlp.v1"
    assert get_coder(f"tfidf-mlp.v1@{path}").model.meta["pairs"] == len(TRAIN)


def test_same_seed_same_model():
    a = train_mlp(TRAIN, min_df=1, n_models=1, epochs=5)
    b = train_mlp(TRAIN, min_df=1, n_models=1, epochs=5)
    assert np.array_equal(a.layers[0][0], b.layers[0][0])


def test_mlp_coder_returns_none_for_unrelated(model):
    coder = MlpCoder(model)
    assert coder.code("Bread prices rose again in March.", "", ISSUE) is None
    coding = coder.code("Cleaner air is worth a small fee.", "", ISSUE)
    assert (coding.stance, coding.origin) == ("support", "model:tfidf-mlp.v1")


def test_learners_by_name(tmp_path):
    lr = train_model(TRAIN, "tfidf-lr.v1", min_df=1, epochs=60)
    save_any(lr, tmp_path / "lr.npz")
    assert load_any(tmp_path / "lr.npz").meta["coder"] == "tfidf-lr.v1"
    assert predict_labels(lr, [(CLAIM, "Cleaner air is worth a small fee.")]) == ["support"]
    with pytest.raises(UsageError, match="unknown learner 'svm.v1'"):
        train_model(TRAIN, "svm.v1")
    with pytest.raises(UsageError, match="only the label"):
        train_model([(CLAIM, "x", "support")] * 3)
    with pytest.raises(PipelineError, match="no such model file"):
        load_any(tmp_path / "missing.npz")
    with pytest.raises(PipelineError, match="holds a 'tfidf-lr.v1' model"):
        load_mlp(tmp_path / "lr.npz")


def test_packaged_model_is_perspectrum_only():
    packaged = load_mlp()
    assert packaged.labels == ("oppose", "support")
    assert "Perspectrum" in packaged.meta["source"] and packaged.meta["pairs"] == 6963


STRIKE = Issue("strike", "Strikes", "Ukraine should be allowed to strike targets in Russia.",
               keywords=("strike", "targets in Russia"))


@pytest.mark.parametrize(("content", "context", "stance"), [
    # negation of a negative consequence
    ("Strikes on targets in Russia would not make NATO part of the conflict.", "", "support"),
    # quoting a claim in order to reject it
    ("Some say strikes on targets in Russia are reckless, but that is wrong.", "", "support"),
    ("Critics claim strikes on targets in Russia are legitimate; that is nonsense.", "", "oppose"),
    # deliberation is neutral
    ("whether to allow strikes on targets in Russia", "Ministers are discussing", "neutral"),
    # the cue carries the stance of an attitude statement
    ("strikes on targets in Russia", "have been wary of", "oppose"),
    ("The match ended in a draw.", "", None),
])
def test_default_coder_on_hand_written_cases(content, context, stance):
    coding = get_coder().code(content, context, STRIKE)
    assert (coding.stance if coding else None) == stance


def test_hedges_lower_confidence():
    coder = get_coder()
    sure = coder.code("Strikes on targets in Russia are legitimate.", "", STRIKE)
    hedged = coder.code("Strikes on targets in Russia may perhaps be legitimate.", "", STRIKE)
    assert sure.stance == hedged.stance == "support"
    assert hedged.confidence < sure.confidence


def test_learned_model_decides_when_rules_find_no_cue(model):
    coder = HybridCoder(model=model, neutral_below=0.5)
    text = "A fee punishes commuters who have no bus."
    assert coder.rules.code(text, "", ISSUE).stance == "neutral"  # no cue
    coding = coder.code(text, "", ISSUE)
    expected = model.labels[int(model.predict_proba(CLAIM, text).argmax())]
    assert coding.stance == expected == "oppose" and coding.origin == "model:cues-mlp.v1"
