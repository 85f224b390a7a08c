"""``embed-lr.v1`` on article-length texts: the sentences nearest the claim (focus features) and relatedness
learnt before the side (the relatedness gate), as FNC-1's headline-against-article pairs need."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from stancemap.stance import focus, pairfeatures
from stancemap.stance.adapt import model_fingerprint
from stancemap.stance.learners import load_any, save_any
from stancemap.stance.pairmodel import UNRELATED, PairModel
from stancemap.stance.pairmodel_training import train_pair_model

FILLER = ("The city council met on Tuesday to discuss the budget for the coming year. Several residents spoke about "
          "the state of the roads and the price of parking near the old market. The weather was mild for the season, "
          "and the evening session ran late into the night. ")


def _article(middle: str, n: int = 3) -> str:
    """A long text whose one sentence about the claim sits between paragraphs about something else."""
    return FILLER * n + middle + " " + FILLER * n


CLAIMS = [
    ("Apple is buying the electric carmaker Tesla.", "Apple", "Tesla"),
    ("A shark was found swimming in a flooded subway station.", "shark", "subway"),
    ("The singer Adele has retired from music.", "Adele", "music"),
    ("Scientists found water on the planet Mars.", "water", "Mars"),
    ("The mayor of Paris banned all cars from the city centre.", "mayor", "cars"),
    ("A new species of frog was discovered in Peru.", "frog", "Peru"),
]


def _sentences(claim: str, a: str, b: str) -> dict[str, list[str]]:
    return {
        "support": [f"Officials confirmed that {a} and {b} are part of the story, exactly as {claim.lower()}",
                    f"It is true: {claim} The news was verified by two sources."],
        "oppose": [f"The report that {claim.lower()} is a hoax, and {a} denied any link with {b}.",
                   f"Claims about {a} and {b} were debunked; the story is fake and untrue."],
        "neutral": [f"According to unconfirmed reports, {claim.lower()} Reportedly {a} and {b} may be involved.",
                    f"Rumours say {a} and {b} could be linked, but it remains unverified."],
    }


def _pairs() -> list[tuple[str, str, str]]:
    rows = []
    for k, (claim, a, b) in enumerate(CLAIMS):
        for label, middles in _sentences(claim, a, b).items():
            rows += [(claim, _article(m, 2 + (j + k) % 2), label) for j, m in enumerate(middles)]
        other = CLAIMS[(k + 1) % len(CLAIMS)]
        rows += [(claim, _article(m, 2), UNRELATED) for m in _sentences(*other)["neutral"]]
    return rows


@pytest.fixture(scope="module")
def article_model() -> PairModel:
    return train_pair_model(_pairs(), embedder=None, min_claims=1, C=5.0, folds=3, templates=False)


def test_the_focus_is_the_sentences_about_the_claim():
    text = _article("Apple denied that it was buying Tesla, calling the report false.")
    top = focus.focus_text("Apple is buying the electric carmaker Tesla.", text)
    assert "Apple denied that it was buying Tesla" in top
    assert len(top) < len(text) / 5
    features = dict(zip(focus.FOCUS_FEATURES, focus.focus_features(CLAIMS[0][0], text), strict=True))
    assert features["f_refute"] > features["f_hedge"] > 0 and features["f_confirm"] == 0  # "report" hedges
    assert features["f_best_overlap"] > 0.5


def test_a_text_shorter_than_the_focus_is_its_own_focus():
    assert focus.focus_text("We should ban fracking.", "Fracking must be banned.") == "Fracking must be banned."
    assert focus.focus_text("We should ban fracking.", "") == ""


def test_focus_and_gate_come_on_for_articles_with_unrelated_pairs(article_model):
    assert article_model.features.focus is True
    assert article_model.gate is not None
    assert article_model.meta["gate"] is True
    assert article_model.labels == ("neutral", "oppose", "support", UNRELATED)
    assert article_model.coef.shape[0] == 3  # the stance labels' rows; the gate has its own
    assert article_model.features.config["cue_features"] == list(pairfeatures.cue_names(True))
    assert len(set(pairfeatures.cue_names(True))) == len(pairfeatures.cue_names(True))  # no name twice
    plain = train_pair_model(_pairs(), embedder=None, min_claims=1, C=5.0, folds=0, templates=False, gate=False)
    assert plain.gate is None and plain.coef.shape[0] == 4


def test_short_texts_get_no_focus_and_unrelated_against_one_side_no_gate():
    rows = [("Tolls should rise.", "Tolls are fair.", "support"), ("Tolls should rise.", "Tolls are unfair.", "oppose"),
            ("Tolls should rise.", "The cat sat on the mat.", UNRELATED)] * 4
    model = train_pair_model(rows, embedder=None, min_claims=1, C=5.0, folds=0, templates=False)
    assert model.features.focus is False and model.gate is not None and model.coef.shape[0] == 1
    assert model.predict(["Tolls should rise."] * 3, ["Tolls are fair.", "Tolls are unfair.", "The cat sat."]) == [
        "support", "oppose", UNRELATED]
    two = train_pair_model([r for r in rows if r[2] != "oppose"], embedder=None, min_claims=1, folds=0,
                           templates=False)
    assert two.gate is None  # unrelated against one side is a plain two-label model


def test_gated_probabilities_are_the_gates_and_the_sides(article_model):
    claim = CLAIMS[0][0]
    texts = [_article("Apple denied that it was buying Tesla; the report is a hoax."),
             _article("Officials confirmed it is true that Apple is buying the electric carmaker Tesla."),
             _article("According to unconfirmed reports, a shark may have been seen in a flooded subway station.")]
    probs = article_model.predict_proba([claim] * 3, texts)
    assert probs.shape == (3, 4)
    assert np.allclose(probs.sum(axis=1), 1.0)
    x = article_model.features.transform([claim] * 3, texts)
    assert np.allclose(probs[:, 3], article_model.gate.unrelated(x))
    assert article_model.predict([claim] * 3, texts) == ["oppose", "support", UNRELATED]
    assert article_model.predict_proba([], []).shape == (0, 4)
    with pytest.raises(ValueError, match="one claim per text"):
        article_model.predict_proba([claim], texts)


def test_a_gated_model_file_gives_the_same_probabilities(article_model, tmp_path):
    path = tmp_path / "articles.npz"
    save_any(article_model, path)
    loaded = load_any(path)
    assert loaded.gate is not None and loaded.features.focus is True
    claim, texts = CLAIMS[2][0], [_article("Adele denied she has retired from music; the story is fake."),
                                  _article("A new species of frog was discovered in Peru.")]
    assert np.allclose(loaded.predict_proba([claim] * 2, texts), article_model.predict_proba([claim] * 2, texts),
                       atol=1e-5)
    with np.load(path, allow_pickle=False) as f:
        assert {"gate_coef", "gate_intercept"} <= set(f.files)


def test_an_older_model_file_without_focus_or_gate_still_loads(tmp_path):
    rows = [("Tolls should rise.", "Tolls are fair.", "support"), ("Tolls should rise.", "Tolls are unfair.", "oppose")]
    model = train_pair_model(rows * 4, embedder=None, min_claims=1, C=10.0, folds=0)
    path = tmp_path / "old.npz"
    save_any(model, path)
    with np.load(path, allow_pickle=False) as f:
        arrays = {name: f[name] for name in f.files}
    meta = json.loads(str(arrays["meta"]))
    del meta["features"]["focus"], meta["gate"]
    arrays["meta"] = np.array(json.dumps(meta))
    with open(path, "wb") as out:
        np.savez_compressed(out, **arrays)
    loaded = load_any(path)
    assert loaded.features.focus is False and loaded.gate is None
    assert loaded.predict(["Tolls should rise."], ["Tolls are fair."]) == ["support"]


def test_the_gate_is_part_of_a_models_fingerprint(article_model):
    """An adapter records which model it was fitted on; two models that differ only in their gate are two models."""
    assert article_model.gate is not None
    other_gate = dataclasses.replace(article_model.gate, intercept=article_model.gate.intercept + 1.0)
    other = dataclasses.replace(article_model, gate=other_gate)
    assert model_fingerprint(other) != model_fingerprint(article_model)
