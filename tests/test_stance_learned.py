"""The learned coder tfidf-lr.v1: training, save/load round trip, the packaged model."""

from __future__ import annotations

import numpy as np
import pytest

from stancemap.errors import PipelineError
from stancemap.stance import get_coder
from stancemap.stance.evaluate import evaluate_pairs
from stancemap.stance.learned import LearnedCoder, load_model, save_model, train_coder
from stancemap.models import Issue

CLAIM = "Cities should introduce congestion charges."
TRAIN = [
    (CLAIM, "Charges cut traffic and clean the air.", "support"),
    (CLAIM, "Cleaner air is worth a small fee.", "support"),
    (CLAIM, "Less traffic makes streets safer for children.", "support"),
    (CLAIM, "Charges hit poor commuters hardest.", "oppose"),
    (CLAIM, "Shops lose customers when drivers pay a fee.", "oppose"),
    (CLAIM, "A fee punishes commuters who have no bus.", "oppose"),
] * 2
ISSUE = Issue("congestion-charge", "Congestion charge", CLAIM, keywords=("congestion charge", "fee"))


@pytest.fixture(scope="module")
def model():
    return train_coder(TRAIN, min_df=1, epochs=80, l2=1e-4)


def test_train_fits_training_pairs(model):
    assert model.labels == ("oppose", "support")
    assert model.meta["pairs"] == len(TRAIN)
    coder = LearnedCoder(model, threshold=0.0, neutral_below=0.0)
    assert evaluate_pairs(coder, TRAIN)["accuracy"] == 1.0


def test_save_load_round_trip(model, tmp_path):
    path = tmp_path / "m.npz"
    save_model(model, path)
    again = load_model(path)
    assert again.labels == model.labels and again.vocab == model.vocab
    text = "Commuters pay the fee and shops lose customers."
    assert np.allclose(again.predict_proba(CLAIM, text), model.predict_proba(CLAIM, text), atol=1e-4)
    coder = get_coder("tfidf-lr.v1", path=path)
    assert coder.name == "tfidf-lr.v1"


def test_coder_gates_relevance_and_codes_neutral_when_unsure(model):
    coder = LearnedCoder(model)
    assert coder.code("The orchestra played Brahms.", "", ISSUE) is None
    coding = coder.code("The congestion charge vote is on Monday; councillors are discussing whether "
                        "to back it.", "", ISSUE)
    assert coding is not None and coding.stance == "neutral"
    sure = coder.code("The congestion charge hits poor commuters hardest and shops lose customers.",
                      "", ISSUE)
    assert sure.stance == "oppose" and sure.origin == "model:tfidf-lr.v1"


def test_unrelated_label_is_learned():
    pairs = TRAIN + [(CLAIM, "The orchestra played Brahms.", "unrelated"),
                     (CLAIM, "A new violin concerto opened the season.", "unrelated")] * 3
    model = train_coder(pairs, min_df=1, epochs=80, l2=1e-4)
    assert "unrelated" in model.labels
    assert LearnedCoder(model).code("The orchestra played Brahms again.", "", ISSUE) is None


def test_packaged_model_loads():
    coder = get_coder("tfidf-lr.v1")
    assert set(coder.model.labels) == {"support", "oppose"}
    assert "Perspectrum" in coder.model.meta["source"]
    coding = coder.code("A congestion charge is unfair and hurts the poor.", "", ISSUE)
    assert coding is not None and coding.stance in ("oppose", "neutral")


def test_bad_model_file(tmp_path):
    path = tmp_path / "bad.npz"
    path.write_text("not a model", encoding="utf-8")
    with pytest.raises(PipelineError) as err:
        load_model(path)
    assert err.value.code == "E400"
    assert str(err.value).startswith(f"{path}: not a tfidf-lr.v1 model file (")
    assert "train one with stancemap.stance.learned.train_coder and save_model" in str(err.value)


def test_train_needs_pairs():
    with pytest.raises(ValueError, match="at least one labelled pair"):
        train_coder([])
