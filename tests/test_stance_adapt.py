"""Adapting an issue's stance model to a person's corrections (stancemap.stance.adapt).

Hand-built only: a rule-based stand-in for the base pair model (what the adapter
reads of a PairModel: labels, probabilities, feature rows, weights for the
fingerprint) and a toy embedder over a fixed vocabulary; no packaged or shared
data is needed, and the tests do not move when the shipped pair model is retrained.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from scipy import sparse

from stancemap.errors import PipelineError
from stancemap.stance.adapt import AdaptSettings, IssueAdapter
from stancemap.stance.adapterfile import load_adapter, read_corrections, save_adapter
from stancemap.stance.offsetfit import balanced_weights, fit_offset_logistic

CLAIM = "Fuel taxes should be raised."


class WordEmbedder:
    """One dimension per vocabulary word, rows L2-normalised; zeros for no known word."""

    name = "toy-words.v1"
    vocab = ("fair", "unfair", "good", "bad", "drivers", "polluters", "tax", "fuel", "football", "match",
             "goal", "price")
    dim = len(vocab)

    def embed(self, texts):  # type: ignore[no-untyped-def]
        rows = []
        for text in texts:
            words = set(re.findall(r"[a-z]+", text.lower()))
            rows.append([float(w in words) for w in self.vocab])
        v = np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)
        norms = np.linalg.norm(v, axis=1, keepdims=True)
        return np.divide(v, norms, out=v, where=norms > 0)


class RuleBase:
    """A base model that reads "fair"/"good" as support and "unfair"/"bad" as oppose, whoever it concerns."""

    labels = ("oppose", "support")
    temperature = 1.0
    meta = {"coder": "rule-stub"}
    gate = None  # no relatedness gate, as a pair model of two labels has none

    def __init__(self, bias: float = 0.0) -> None:
        self.coef = np.array([[-2.0, 2.0, 0.0]])
        self.intercept = np.array([bias])
        self.features = self

    def transform(self, claims, texts):  # type: ignore[no-untyped-def]
        rows = [[float(bool(re.search(r"\b(unfair|bad)\b", t.lower()))),
                 float(bool(re.search(r"\b(fair|good)\b", t.lower()))), 1.0] for t in texts]
        return sparse.csr_matrix(np.array(rows).reshape(len(texts), 3))

    def predict_proba(self, claims, texts):  # type: ignore[no-untyped-def]
        z = np.asarray(self.transform(claims, texts) @ self.coef.T)[:, 0] + self.intercept[0]
        p = 1.0 / (1.0 + np.exp(-z))
        return np.column_stack([1.0 - p, p])


@pytest.fixture(scope="module")
def base() -> RuleBase:
    return RuleBase()


@pytest.fixture(scope="module")
def embedder() -> WordEmbedder:
    return WordEmbedder()


# The toy issue's pattern: "unfair to polluters" is an argument *for* the tax; the base model calls it oppose.
POLLUTERS = [f"The fuel tax is unfair to polluters, case {i}." for i in range(5)]
DRIVERS = [f"The fuel tax is unfair to drivers, case {i}." for i in range(5)]
CORRECTIONS = [(t, "support") for t in POLLUTERS] + [(t, "oppose") for t in DRIVERS]
HELD_OUT = ["The fuel tax is unfair to polluters, case 7.", "The fuel tax is unfair to drivers, case 7."]


def test_no_corrections_give_exactly_the_base_probabilities(base, embedder) -> None:  # type: ignore[no-untyped-def]
    texts = HELD_OUT + ["Tolls are fair.", ""]
    adapter = IssueAdapter.fit(CLAIM, [], base, embedder)
    assert adapter.labels == tuple(base.labels)
    np.testing.assert_array_equal(adapter.predict_proba(texts), base.predict_proba([CLAIM] * len(texts), texts))


def test_only_unrelated_corrections_leave_stance_alone(base, embedder) -> None:  # type: ignore[no-untyped-def]
    adapter = IssueAdapter.fit(CLAIM, [("The football match ended", "unrelated")], base, embedder)
    np.testing.assert_array_equal(adapter.predict_proba(HELD_OUT), base.predict_proba([CLAIM] * 2, HELD_OUT))


def test_base_model_is_wrong_on_the_toy_pattern(base) -> None:  # type: ignore[no-untyped-def]
    assert base.predict_proba([CLAIM] * 2, HELD_OUT).argmax(axis=1).tolist() == [0, 0]  # oppose, oppose


@pytest.mark.parametrize("settings", [AdaptSettings(), AdaptSettings(C_pair=0.3), AdaptSettings(C_kernel=1.0)],
                         ids=["embedding", "pair+embedding", "kernel+embedding"])
def test_ten_consistent_corrections_teach_the_pattern(base, embedder, settings) -> None:  # type: ignore[no-untyped-def]
    adapter = IssueAdapter.fit(CLAIM, CORRECTIONS, base, embedder, settings)
    assert adapter.predict(HELD_OUT) == ["support", "oppose"]
    probs = adapter.predict_proba(HELD_OUT)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)


def test_neutral_corrections_add_a_neutral_label(base, embedder) -> None:  # type: ignore[no-untyped-def]
    corrections = CORRECTIONS + [(f"The fuel price went up, case {i}.", "neutral") for i in range(5)]
    adapter = IssueAdapter.fit(CLAIM, corrections, base, embedder)
    assert adapter.labels == (*base.labels, "neutral")
    assert adapter.predict(["The fuel price is up."]) == ["neutral"]


def test_unknown_label_says_which_labels_to_use(base, embedder) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="have the labels \\['agree'\\]; use one of support, oppose, neutral"):
        IssueAdapter.fit(CLAIM, [("text", "agree")], base, embedder)


def test_save_load_round_trip(base, embedder, tmp_path) -> None:  # type: ignore[no-untyped-def]
    corrections = CORRECTIONS + [("The football match ended 2-1.", "unrelated")]
    adapter = IssueAdapter.fit(CLAIM, corrections, base, embedder)
    path = tmp_path / "issue.adapter.npz"
    save_adapter(adapter, path)
    loaded = load_adapter(path, base, embedder)
    texts = HELD_OUT + ["Tolls are fair."]
    np.testing.assert_allclose(loaded.predict_proba(texts), adapter.predict_proba(texts), rtol=1e-12)
    vectors = embedder.embed(["A football goal", "fuel tax", ""])
    np.testing.assert_allclose(loaded.relevance_shift(vectors), adapter.relevance_shift(vectors), atol=1e-6)
    assert (loaded.claim, loaded.labels, loaded.corrections) == (adapter.claim, adapter.labels, adapter.corrections)
    assert read_corrections(path) == (CLAIM, corrections)
    with np.load(path, allow_pickle=False) as f:  # no pickled object inside
        assert "meta" in f.files


def test_round_trip_without_corrections(base, embedder, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.npz"
    save_adapter(IssueAdapter.fit(CLAIM, [], base, embedder), path)
    np.testing.assert_array_equal(load_adapter(path, base, embedder).predict_proba(HELD_OUT),
                                  base.predict_proba([CLAIM] * 2, HELD_OUT))


def test_load_on_another_base_model_says_how_to_refit(base, embedder, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "issue.npz"
    save_adapter(IssueAdapter.fit(CLAIM, CORRECTIONS, base, embedder), path)
    other = RuleBase(bias=0.5)
    with pytest.raises(PipelineError, match="another base stance model.*read_corrections") as caught:
        load_adapter(path, other, embedder)
    assert caught.value.code == "E400"


def test_load_of_a_file_that_is_no_adapter(base, embedder, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.npz"
    np.savez(path, meta=np.array('{"format": "other"}'))
    with pytest.raises(PipelineError, match="not an issue-adapter.v1 file"):
        load_adapter(path, base, embedder)


def test_unrelated_corrections_lower_relevance_of_near_texts(base, embedder) -> None:  # type: ignore[no-untyped-def]
    corrections = [("The football match: a goal at last.", "unrelated"), ("The fuel tax is fair.", "support")]
    adapter = IssueAdapter.fit(CLAIM, corrections, base, embedder)
    near, far, on_issue = embedder.embed(["Another football goal in the match.", "Drivers", "The fuel tax is fair."])
    shifts = adapter.relevance_shift(np.stack([near, far, on_issue]))
    assert shifts[0] < 0
    assert shifts[0] == pytest.approx(-AdaptSettings().max_shift)
    assert shifts[1] == 0.0
    assert shifts[2] >= 0.0


def test_relevance_shift_is_zero_without_corrections(base, embedder) -> None:  # type: ignore[no-untyped-def]
    adapter = IssueAdapter.fit(CLAIM, [], base, embedder)
    assert adapter.relevance_shift(embedder.embed(["football goal", "fuel tax"])).tolist() == [0.0, 0.0]


def test_offset_fit_stays_at_the_prior_without_evidence() -> None:
    offset = np.log(np.array([[0.8, 0.2], [0.3, 0.7]]))
    x = np.eye(2)
    fit = fit_offset_logistic(offset, [x], np.array([0, 1]), [1.0])
    # rows the prior already gets right move it only a little, and in the right direction
    z = fit.logits(offset, [x])
    assert z[0, 0] - z[0, 1] >= offset[0, 0] - offset[0, 1] - 1e-9
    assert z[1, 1] - z[1, 0] >= offset[1, 1] - offset[1, 0] - 1e-9


def test_a_weight_of_two_counts_a_row_as_if_it_were_there_twice() -> None:
    offset = np.log(np.array([[0.6, 0.4], [0.5, 0.5], [0.3, 0.7]]))
    x = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])
    y = np.array([1, 0, 1])
    weighted = fit_offset_logistic(offset, [x], y, [1.0], sample_weight=np.array([2.0, 1.0, 1.0]))
    repeated = fit_offset_logistic(offset[[0, 0, 1, 2]], [x[[0, 0, 1, 2]]], y[[0, 0, 1, 2]], [1.0])
    np.testing.assert_allclose(weighted.logits(offset, [x]), repeated.logits(offset, [x]), atol=1e-4)


def test_balanced_weights_are_scikit_learns() -> None:
    from sklearn.utils.class_weight import compute_sample_weight

    y = np.array([2, 0, 0, 1, 0, 2, 0, 0])
    np.testing.assert_allclose(balanced_weights(y), compute_sample_weight("balanced", y))


def test_balanced_weights_give_a_rare_label_its_due(base, embedder) -> None:  # type: ignore[no-untyped-def]
    # eight corrections say "unfair to polluters" supports the tax, two that "unfair to drivers" opposes it
    corrections = [(f"The fuel tax is unfair to polluters, case {i}.", "support") for i in range(8)]
    corrections += [(f"The fuel tax is unfair to drivers, case {i}.", "oppose") for i in range(2)]
    plain = IssueAdapter.fit(CLAIM, corrections, base, embedder, AdaptSettings())
    balanced = IssueAdapter.fit(CLAIM, corrections, base, embedder, AdaptSettings(balanced=True))
    oppose = plain.labels.index("oppose")
    texts = ["The fuel tax is unfair, case 9.", "The fuel tax is unfair to drivers, case 9."]
    assert (balanced.predict_proba(texts)[:, oppose] > plain.predict_proba(texts)[:, oppose]).all()
    assert balanced.predict(["The fuel tax is unfair to polluters, case 9."]) == ["support"]


class TargetEmbedder(WordEmbedder):
    """Another toy embedder: only the words that say whom the tax concerns."""

    name = "toy-targets.v1"
    vocab = ("drivers", "polluters")
    dim = len(vocab)


def test_a_stance_embedder_of_its_own_reads_the_texts_of_the_stance_fit(base, embedder) -> None:  # type: ignore[no-untyped-def]
    targets = TargetEmbedder()
    adapter = IssueAdapter.fit(CLAIM, CORRECTIONS + [("The football match.", "unrelated")], base, embedder,
                               AdaptSettings(C_words=0.0), stance_embedder=targets)
    assert adapter.stance_embedder is targets and adapter.embedder is embedder
    assert adapter.predict(HELD_OUT) == ["support", "oppose"]
    # relevance examples stay in the coder's own embedder's space
    assert adapter.negatives.shape == (1, embedder.dim)
    with pytest.raises(ValueError, match="another embedder than stance_embedder"):
        IssueAdapter.fit(CLAIM, CORRECTIONS, base, embedder, features=adapter._features, stance_embedder=embedder)


def test_round_trip_keeps_the_stance_embedder(base, embedder, tmp_path) -> None:  # type: ignore[no-untyped-def]
    targets = TargetEmbedder()
    adapter = IssueAdapter.fit(CLAIM, CORRECTIONS, base, embedder, stance_embedder=targets)
    path = tmp_path / "issue.npz"
    save_adapter(adapter, path)
    loaded = load_adapter(path, base, embedder, stance_embedder=targets)
    np.testing.assert_allclose(loaded.predict_proba(HELD_OUT), adapter.predict_proba(HELD_OUT), rtol=1e-12)
    with pytest.raises(PipelineError, match="fitted with the embedder 'toy-targets.v1', not 'toy-words.v1'"):
        load_adapter(path, base, embedder)


def test_predicting_keeps_no_rows_so_a_long_corpus_does_not_grow_the_adapter(base, embedder) -> None:  # type: ignore[no-untyped-def]
    adapter = IssueAdapter.fit(CLAIM, CORRECTIONS, base, embedder)
    kept = len(adapter._features._rows)
    first = adapter.predict_proba(HELD_OUT)
    for i in range(20):
        adapter.predict_proba([f"The fuel tax is unfair to drivers, document {i}."])
    assert len(adapter._features._rows) == kept
    np.testing.assert_array_equal(adapter.predict_proba(HELD_OUT), first)
    # texts already kept (a benchmark adds them first) are read from the kept rows
    adapter._features.add(HELD_OUT)
    np.testing.assert_allclose(adapter.predict_proba(HELD_OUT), first, rtol=1e-12)
