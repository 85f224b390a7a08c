"""Coding without scikit-learn (issue 15): the numpy inference path gives what scikit-learn gave.

The pair model's features used to be computed with scikit-learn's ``CountVectorizer``
and ``normalize``; they are now computed with numpy and scipy.sparse
(:func:`stancemap.stance.pairfeatures.count_ngrams`, :func:`~stancemap.stance.pairfeatures.normalize_rows`).
These tests run both on the packaged model and real sentences and ask for the same
matrices, entry for entry, and the same probabilities; the last one checks, in a fresh
interpreter, that coding a statement never imports scikit-learn.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from stancemap.stance.adapt import AdaptFeatures
from stancemap.stance.embeddings import get_embedder
from stancemap.stance.pairfeatures import NGRAM_TOKEN, PairFeatures, _claim, count_ngrams, mask_text, normalize_rows
from stancemap.stance.pairmodel import PairModel, load_pair_model, probabilities

CLAIMS = [
    "We should ban fracking.",
    "The government should act to stop climate change.",
    "Ukraine should be allowed to use Western-supplied weapons against military targets on Russian territory.",
    "The fuel tax should be raised.",
]
TEXTS = [
    "Fracking should not be banned; it keeps energy bills down for millions of families.",
    "Trump has called climate change a hoax perpetrated by China.",
    "We must cut emissions now to stop global warming, and we must do it together.",
    "Kyiv must be free to hit the airfields and launch sites from which Russia attacks its cities.",
    "Allowing attacks on Russian soil with our missiles would be a dangerous escalation.",
    "Raising the fuel tax is a dangerous mistake for families who have no bus to take.",
    "A higher tax on petrol is fair: polluters should pay for the damage they do.",
    "The senator said she had not made up her mind about the tax, but would not rule it out.",
    "Is the ban on fracking really what voters want?",
    "“No,” he said — “we will never accept a ban.”   Critics\u00a0disagreed.",
    "",
    "Fracking " * 40 + "must be banned, must be banned, must be banned.",
]


def _pairs() -> tuple[list[str], list[str]]:
    claims = [c for c in CLAIMS for _ in TEXTS]
    return claims, [t for _ in CLAIMS for t in TEXTS]


def _sklearn_ngrams(features: PairFeatures, claims: list[str], texts: list[str]) -> sparse.csr_matrix:
    """The claim-masked n-gram block as the scikit-learn version of ``PairFeatures.ngrams`` computed it."""
    counter = CountVectorizer(vocabulary={t: i for i, t in enumerate(features.terms)}, lowercase=False,
                              token_pattern=NGRAM_TOKEN, ngram_range=(1, features.ngram_max), dtype=np.float32)
    counts = counter.transform([mask_text(c, t) for c, t in zip(claims, texts, strict=False)])
    counts.data = 1.0 + np.log(counts.data)
    return normalize(counts.multiply(features.idf.astype(np.float32)).tocsr())


def _sklearn_transform(features: PairFeatures, claims: list[str], texts: list[str]) -> sparse.csr_matrix:
    grams = _sklearn_ngrams(features, claims, texts)
    direction = np.array([_claim(c).direction for c in claims], dtype=np.float32)
    signed = sparse.diags(direction) @ grams
    return sparse.hstack([grams, signed, sparse.csr_matrix(features.cues(claims, texts)),
                          sparse.csr_matrix(features.embeddings(claims, texts))], format="csr")


def _assert_same_csr(got: sparse.spmatrix, want: sparse.spmatrix) -> None:
    got, want = sparse.csr_matrix(got), sparse.csr_matrix(want)
    assert got.shape == want.shape and got.dtype == want.dtype
    assert np.array_equal(got.indptr, want.indptr)
    assert np.array_equal(got.indices, want.indices)
    assert np.array_equal(got.data, want.data)  # bit for bit, in the same order


@pytest.fixture(scope="module")
def packaged() -> PairModel:
    return load_pair_model()


def test_count_ngrams_is_countvectorizers_transform(packaged):
    claims, texts = _pairs()
    masked = [mask_text(c, t) for c, t in zip(claims, texts, strict=False)]
    vocabulary = {t: i for i, t in enumerate(packaged.features.terms)}
    counter = CountVectorizer(vocabulary=vocabulary, lowercase=False, token_pattern=NGRAM_TOKEN,
                              ngram_range=(1, packaged.features.ngram_max), dtype=np.float32)
    got = count_ngrams(masked, vocabulary, packaged.features.ngram_max)
    assert got.nnz > len(masked)
    _assert_same_csr(got, counter.transform(masked))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_normalize_rows_is_sklearns_normalize(dtype):
    rng = np.random.default_rng(0)
    x = sparse.random(40, 300, density=0.05, format="csr", random_state=rng, dtype=dtype)
    x.data = (x.data * 1e3 - 300).astype(dtype)
    x.data[x.indptr[3]:x.indptr[4]] = 0  # stored zeros, and an empty row: both stay as they are
    x = sparse.vstack([x, sparse.csr_matrix((1, 300), dtype=dtype)], format="csr")
    before = x.copy()
    _assert_same_csr(normalize_rows(x), normalize(x))
    _assert_same_csr(x, before)  # copied, not changed


def test_ngram_block_is_the_sklearn_one(packaged):
    claims, texts = _pairs()
    _assert_same_csr(packaged.features.ngrams(claims, texts), _sklearn_ngrams(packaged.features, claims, texts))


def test_packaged_model_gives_the_sklearn_probabilities(packaged):
    claims, texts = _pairs()
    x = _sklearn_transform(packaged.features, claims, texts)
    _assert_same_csr(packaged.features.transform(claims, texts), x)
    clf = LogisticRegression()
    clf.classes_ = np.arange(len(packaged.labels))
    clf.coef_, clf.intercept_ = packaged.coef, packaged.intercept
    want_logits = clf.decision_function(x).reshape(len(claims), -1)
    assert np.abs(packaged.logits(claims, texts) - want_logits).max() <= 1e-9
    want = probabilities(want_logits, packaged.temperature)
    got = packaged.predict_proba(claims, texts)
    assert got.shape == (len(claims), 2)
    assert np.abs(got - want).max() <= 1e-9
    assert len({round(float(p), 3) for p in got[:, 1]}) > 10  # real, varied predictions


def test_adapter_pair_rows_are_the_sklearn_ones(packaged):
    claim = CLAIMS[0]
    features = AdaptFeatures(claim, packaged, get_embedder(packaged.features.embedder), pair_features=True)
    pair = features.transform(TEXTS)[2]
    want = normalize(sparse.csr_matrix(packaged.features.transform([claim] * len(TEXTS), TEXTS), dtype=np.float64))
    _assert_same_csr(pair, want)


CODE_ONE_STATEMENT = textwrap.dedent("""
    import sys
    import stancemap.stance.semantic
    from stancemap.models import Issue
    from stancemap.stance import get_coder

    issue = Issue("fuel-tax", "Fuel tax", "The fuel tax should be raised.", keywords=("fuel tax",),
                  examples=(("A higher fuel tax makes polluters pay.", "support"),
                            ("The fuel tax hurts families.", "oppose")))
    coder = get_coder("semantic.v1")
    text = "Raising the fuel tax is a mistake for families, the senator said."
    coding = coder.code(text, text, issue)
    assert coding is not None, "the statement was not coded"
    probs = coder.model.predict_proba([issue.claim], [text])
    assert probs.shape == (1, 2)
    print("sklearn" in sys.modules)
""")


def test_coding_a_statement_does_not_import_sklearn():
    result = subprocess.run([sys.executable, "-c", CODE_ONE_STATEMENT], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False", (
        "coding a statement imported scikit-learn; keep it in the *_training modules (issue 15)")
