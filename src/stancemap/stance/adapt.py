"""Learning an issue from a person's corrections, with the zero-shot pair model as the prior.

A person who codes statements on one issue (``support``, ``oppose``, ``neutral``,
or ``unrelated`` for "not about this issue") teaches that issue's model two things:

**Stance.** The zero-shot model (:mod:`stancemap.stance.pairmodel`) gives, for the
issue's claim and a text, probabilities ``q`` over its labels. The adapted model
is a multinomial logistic regression *with the base model's log-probabilities as
an offset*::

    logit_c(text) = a * (log q_c(text) + r_c(text)) + b_c + w_c . x(text)

where ``r_c`` is the cue rules' evidence (:func:`ruled_offset`: :data:`RULE_LOG_ODDS` on the label the rules give a
text where they decide, so that the prior is the zero-shot coder's answer, rules and model, and not the model's
alone; none when no ``rules`` are given), ``x`` is the text's sentence embedding
(:mod:`stancemap.stance.embeddings`: a person's corrections are learnt on the full e5 model,
:data:`LEARNING_EMBEDDER`, the codebook's examples alone on the coder's static table; centred on the corrections'
mean), the issue's own words (TF-IDF 1- and 2-grams of
the corrections' texts, :mod:`stancemap.stance.issuewords`) and, optionally, the base model's own (claim,
text) features (each row scaled to unit length) and a kernel similarity to each
correction (:class:`AdaptSettings`). The parameters are
the maximum a posteriori estimate under a Gaussian prior centred on the base
model: ``a ~ N(1, prior_scale^2)``, ``b ~ N(0, prior_bias^2)``, ``w ~ N(0, C)``
per feature block. With no correction the parameters sit at the prior and the
adapter returns exactly the base model's probabilities (a coder then lets the rules decide where they do); each
correction adds a term to the likelihood, so the corrections' weight grows with their number while
the base model keeps deciding where they say nothing. Because ``w`` starts at 0
and is penalised, the fit is a per-issue fine-tuning of the shipped model (a
Gaussian prior on the difference between the issue's weights and the shipped
ones), solved with L-BFGS (:func:`fit_offset_logistic`).

When the corrections use ``neutral`` and the base model has no such label, the
base model's doubt stands in for it, ``q_neutral = 1 - |q_support - q_oppose|``
(then renormalised), which is what the semantic coder calls neutral.

**Relevance.** Corrections marked ``unrelated`` are negative examples, the other
corrections (and the claim) positive ones. :meth:`IssueAdapter.relevance_shift`
gives, for statement vectors, a value in cosine units that a coder adds to its
similarity before turning it into a relevance probability: negative when the
nearest negative is closer than the nearest positive, positive when a relevant
correction is closer than both the claim and every negative.

The fit itself is :func:`stancemap.stance.offsetfit.fit_offset_logistic`; adapters are
saved and read by :mod:`stancemap.stance.adapterfile` (``.npz`` arrays plus a JSON
``meta`` block, read back with ``allow_pickle=False``).

Examples
--------
A toy base model that reads "fair" as support and "unfair" as oppose, and a toy
embedder over a handful of words:

>>> from stancemap.stance.pairmodel_training import train_pair_model
>>> base = train_pair_model([("Tolls should rise.", "Tolls are fair.", "support"),
...                          ("Tolls should rise.", "Tolls are unfair.", "oppose")] * 4,
...                         embedder=None, min_claims=1, C=10.0)
>>> class Words:
...     name, dim = "words.v1", 4
...     vocab = ("fair", "unfair", "drivers", "polluters")
...     def embed(self, texts):
...         v = np.array([[float(w in t.lower().split()) for w in self.vocab] for t in texts], dtype=np.float32)
...         return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
>>> claim = "Fuel taxes should rise."
>>> adapter = IssueAdapter.fit(claim, [], base, Words())
>>> bool(np.allclose(adapter.predict_proba(["Taxes are unfair."]),
...                  base.predict_proba([claim], ["Taxes are unfair."])))
True
>>> corrections = [(f"Taxes are unfair to polluters {i}.", "support") for i in range(6)]
>>> corrections += [(f"Taxes are unfair to drivers {i}.", "oppose") for i in range(6)]
>>> adapter = IssueAdapter.fit(claim, corrections, base, Words())
>>> adapter.predict(["It is unfair to polluters", "It is unfair to drivers"])
['support', 'oppose']
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from stancemap.stance.adaptfeatures import AdaptFeatures, checked_features, extend_logq
from stancemap.stance.embeddings import Embedder
from stancemap.stance.issuewords import IssueWords
from stancemap.stance.offsetfit import OffsetFit, balanced_weights, fit_offset_logistic, row_softmax
from stancemap.stance.pairmodel import PairModel

__all__ = ["ADAPTER_FORMAT", "STANCE_LABELS", "UNRELATED", "AdaptSettings", "AdaptFeatures", "IssueAdapter",
           "model_fingerprint", "LEARNING_EMBEDDER", "LEARNING_SETTINGS", "RuleReader", "RULE_LOG_ODDS",
           "ruled_offset"]

ADAPTER_FORMAT = "issue-adapter.v1"
#: The labels a correction may carry for the stance model.
STANCE_LABELS = ("support", "oppose", "neutral")
#: The label of a correction that says "this text is not about the issue".
UNRELATED = "unrelated"

#: What the cue rules say of each text on an issue: a stance label where they decide, else ``None``
#: (:func:`stancemap.stance.ruledecision.rule_reader`).
RuleReader = Callable[[Sequence[str]], Sequence[str | None]]
#: How much the cue rules' label weighs in an adapter's prior, as log-odds added to the base model's
#: log-probability of that label (see :class:`IssueAdapter`): 100 to 1, so that the corrections overturn the rules
#: where they teach it, not where the embedding merely leans. Chosen on PolNeAR train sentences of five issues and
#: the climate-concern train sentences (five folds by article, each issue adapted on its own folds), macro-F1 mean
#: over the six: 0.531 without the rules, 0.548 at 3 to 1, 0.557 at 30, 0.565 at 100 and at 1,000 (the rules' label
#: also a learnt feature block: 0.551 to 0.554); ``benchmarks/results/eval_news_sentences.md``.
RULE_LOG_ODDS = float(np.log(100.0))


def ruled_offset(rules: RuleReader | None, texts: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """:data:`RULE_LOG_ODDS` on the label the cue ``rules`` give each text (where they decide, and it is one of
    ``labels``), zero elsewhere; all zeros without rules.

    >>> ruled_offset(lambda texts: ["oppose", None], ["a", "b"], ("support", "oppose")).round(2).tolist()
    [[0.0, 4.61], [0.0, 0.0]]
    """
    out = np.zeros((len(texts), len(labels)))
    if rules is not None and len(texts):
        column = {label: j for j, label in enumerate(labels)}
        for i, label in enumerate(rules(list(texts))):
            if label in column:
                out[i, column[label]] = RULE_LOG_ODDS
    return out


@dataclass(frozen=True)
class AdaptSettings:
    """The prior of an :class:`IssueAdapter` (see the module docstring).

    The defaults were chosen on the learning curves of
    ``benchmarks/bench_learning_curve.py`` (IBM ArgQ and Perspectrum dev, see
    ``benchmarks/results/bench_learning_curve.md``): the embedding block
    carries most of what the corrections teach; a loose prior on it, centred
    embeddings and tight priors on the offset's scale and the biases keep ten
    corrections from doing harm.

    Parameters
    ----------
    C_embed : float
        Prior variance of the weights on the text embedding (larger: the
        corrections move the model more).
    C_words : float
        Prior variance of the weights on the issue's own words
        (:class:`~stancemap.stance.issuewords.IssueWords`); 0 leaves them out.
        Chosen on seven IBM ArgQ *train* topics left out of a base model
        trained for the purpose: 3 adds 0.3 points at 50 corrections and
        0.7 at 300 over the embedding alone; 10 adds more at 300 (1.7) but
        costs at 50.
    C_pair : float
        Prior variance of the weights on the base model's own (claim, text)
        features; 0 (the default) leaves that block out: on the benchmark it
        added nothing measurable (0.3 tried) and made a fit 50 times slower.
    prior_scale : float
        Prior standard deviation of the factor ``a`` on the base model's
        log-probabilities around 1.
    prior_bias : float
        Prior standard deviation of the per-label bias ``b`` around 0.
    C_kernel : float
        Prior variance of the weights on the similarity to each stance
        correction, ``exp((cos - 1) / kernel_width)`` (a kernel logistic
        regression: near-paraphrases of a correction follow it); 0 leaves it out.
    kernel_width : float
        Width of that kernel, in cosine units.
    center : bool
        Centre the text embeddings on the mean of the stance corrections' (so
        that the direction all of an issue's texts share does not act as a
        second, unpenalised bias).
    max_shift : float
        Largest :meth:`IssueAdapter.relevance_shift`, in cosine units.
    balanced : bool
        Weigh each stance correction by ``n / (labels * n_label)`` (scikit-learn's ``class_weight="balanced"``),
        so that a rare label is not drowned by a common one.
    """

    C_embed: float = 10.0
    C_words: float = 3.0
    C_pair: float = 0.0
    prior_scale: float = 0.3
    prior_bias: float = 0.3
    C_kernel: float = 0.0
    kernel_width: float = 0.1
    center: bool = True
    max_shift: float = 0.2
    balanced: bool = False


#: The text vectors an issue learns a person's corrections on: the full multilingual-e5-small
#: (``e5-small.v1``, :mod:`stancemap.stance.embeddings`). It learns more per correction than the static
#: table the coder reads relevance with: on IBM ArgQ training topics left out of the base model, 50
#: corrections add 8.4 points against 5.5 (``benchmarks/results/tune_adapter_e5.md``). An issue's codebook
#: examples alone are read with the coder's own embedder (no gain there, and no model to run per statement).
LEARNING_EMBEDDER = "e5-small.v1"
#: The prior that goes with :data:`LEARNING_EMBEDDER`: a looser one on its embedding block (``C_embed``
#: chosen on the same held-out training topics), and the labels balanced: news sentences are mostly neutral and
#: one side is often rare (PolNeAR train sentences, four issues, five folds: macro-F1 up 0.7 to 2.0 points at 10
#: to all sentences; ``benchmarks/results/eval_news_sentences.md``).
LEARNING_SETTINGS = AdaptSettings(C_embed=100.0, balanced=True)


def model_fingerprint(model: PairModel) -> str:
    """A short hash of a pair model's weights and labels, to tell which model an adapter was fitted on.

    >>> from stancemap.stance.pairmodel_training import train_pair_model
    >>> m = train_pair_model([("A should b.", "good", "support"), ("A should b.", "bad", "oppose")] * 2,
    ...                      embedder=None, min_claims=1)
    >>> len(model_fingerprint(m))
    16
    """
    digest = hashlib.sha256()
    digest.update(json.dumps(list(model.labels)).encode())
    gate = () if model.gate is None else (model.gate.coef, model.gate.intercept)
    for array in (model.coef, model.intercept, *gate):
        digest.update(np.ascontiguousarray(array, dtype=np.float32).tobytes())
    digest.update(repr(float(model.temperature)).encode())
    return digest.hexdigest()[:16]


def _weights(y: np.ndarray, settings: AdaptSettings) -> np.ndarray | None:
    """Each stance correction's weight in the fit: balanced over the labels where ``settings`` say so."""
    return balanced_weights(y) if settings.balanced else None


def _blocks(emb: np.ndarray, pair: sparse.csr_matrix | None, anchors: np.ndarray,
            settings: AdaptSettings, words: sparse.csr_matrix | None = None) -> list[np.ndarray | sparse.csr_matrix]:
    """The feature blocks: text embedding, base pair features, kernel similarity to the stance corrections,
    the issue's own words.

    The embedding block is centred on the mean of ``anchors`` (the stance
    corrections) when ``settings.center`` is set.
    """
    n = len(emb)
    x = emb - np.asarray(anchors, dtype=np.float64).mean(axis=0) if settings.center and len(anchors) else emb
    if pair is None:
        pair = sparse.csr_matrix((n, 0))
    if settings.C_kernel > 0 and len(anchors):
        kernel = np.exp((emb @ np.asarray(anchors, dtype=np.float64).T - 1.0) / settings.kernel_width)
    else:
        kernel = np.zeros((n, 0))
    if words is None:
        words = sparse.csr_matrix((n, 0))
    return [x, pair, kernel, words]


class IssueAdapter:
    """One issue's stance model adapted to a person's corrections, and their relevance examples.

    Build one with :meth:`fit`; read one with :func:`load_adapter`.

    Attributes
    ----------
    claim : str
    corrections : list of (str, str)
        The ``(text, label)`` pairs fitted on, in the order given.
    labels : tuple of str
        Column order of :meth:`predict_proba`: the base model's labels, then
        ``neutral`` when a correction uses it and the base model lacks it.
    settings : AdaptSettings
    """

    def __init__(self, claim: str, corrections: Sequence[tuple[str, str]], base: PairModel, embedder: Embedder,
                 settings: AdaptSettings, labels: tuple[str, ...], fit: OffsetFit | None,
                 positives: np.ndarray, negatives: np.ndarray, features: AdaptFeatures | None = None,
                 words: IssueWords | None = None, stance_embedder: Embedder | None = None,
                 stance_anchors: np.ndarray | None = None, rules: RuleReader | None = None) -> None:
        self.claim = claim
        #: the cue rules' reading of a text, which weighs in the prior of a fitted adapter (``None``: none)
        self.rules = rules
        self.corrections = list(corrections)
        self.base, self.embedder, self.settings = base, embedder, settings
        self.labels = labels
        self._fit = fit
        self.positives, self.negatives = positives, negatives
        #: the stance corrections' vectors from the stance embedder (the fit's centre); ``positives`` when
        #: it is the coder's own
        self.stance_anchors = positives if stance_anchors is None else stance_anchors
        #: the issue's own words the fit weighs (``None`` when ``settings.C_words`` is 0 or nothing was fitted)
        self.words = words
        self._features = features or AdaptFeatures(claim, base, stance_embedder or embedder,
                                                   pair_features=settings.C_pair > 0)
        self._claim_vector = np.asarray(embedder.embed([claim]), dtype=np.float64)

    # ------------------------------------------------------------ fitting

    @property
    def stance_embedder(self) -> Embedder:
        """The embedder of the texts the stance fit reads (``embedder`` unless another was given)."""
        return self._features.embedder

    @classmethod
    def fit(cls, claim: str, corrections: Sequence[tuple[str, str]], base: PairModel, embedder: Embedder,
            settings: AdaptSettings | None = None, features: AdaptFeatures | None = None,
            stance_embedder: Embedder | None = None, rules: RuleReader | None = None) -> IssueAdapter:
        """Adapt ``base`` to the ``corrections`` of the issue whose claim is ``claim``.

        Parameters
        ----------
        claim : str
            The issue's claim, as the base model reads it.
        corrections : sequence of (text, label)
            Labels ``support``, ``oppose``, ``neutral`` or ``unrelated``.
        base : PairModel
            The zero-shot model (:func:`stancemap.stance.pairmodel.load_pair_model`).
        embedder : Embedder
            Text vectors (:func:`stancemap.stance.embeddings.get_embedder`): the coder's, which the
            relevance examples are compared in.
        settings : AdaptSettings, optional
        features : AdaptFeatures, optional
            Rows already computed for this claim, base model and stance embedder (to share between fits).
        stance_embedder : Embedder, optional
            The text vectors of the stance fit (default ``embedder``; a person's corrections use
            :data:`LEARNING_EMBEDDER` with :data:`LEARNING_SETTINGS`).
        rules : RuleReader, optional
            The cue rules' label of a text where they decide, weighed in the prior (:func:`ruled_offset`).

        Raises
        ------
        ValueError
            When a label is none of ``support``, ``oppose``, ``neutral``, ``unrelated``.
        """
        settings = settings or AdaptSettings()
        bad = sorted({label for _, label in corrections if label not in (*STANCE_LABELS, UNRELATED)})
        if bad:
            raise ValueError(f"corrections for {claim!r} have the labels {bad}; use one of "
                             f"{', '.join((*STANCE_LABELS, UNRELATED))} (map yours before adapting)")
        features = checked_features(features, claim, base, stance_embedder or embedder, settings)
        stance = [(t, lab) for t, lab in corrections if lab != UNRELATED]
        related = np.array([lab != UNRELATED for _, lab in corrections], dtype=bool)
        base_labels = tuple(base.labels)
        extra = tuple(sorted({lab for _, lab in stance} - set(base_labels)))
        labels = base_labels + extra
        texts = [t for t, _ in corrections]
        vectors = np.asarray(embedder.embed(texts), dtype=np.float32) if texts else \
            np.zeros((0, int(getattr(embedder, "dim", 0))), dtype=np.float32)
        fit, words, anchors = None, None, vectors[related]
        if stance:
            stance_texts = [t for t, _ in stance]
            logq, emb, pair = features.transform(stance_texts)
            words = IssueWords.fit(stance_texts) if settings.C_words > 0 else None
            y = np.array([labels.index(lab) for _, lab in stance])
            if features.embedder is not embedder:
                anchors = emb  # the stance corrections, in the stance embedder's space
            blocks = _blocks(emb, pair, anchors, settings, words.transform(stance_texts) if words else None)
            offset = extend_logq(logq, base_labels, labels) + ruled_offset(rules, stance_texts, labels)
            fit = fit_offset_logistic(offset, blocks, y,
                                      [settings.C_embed, settings.C_pair, settings.C_kernel, settings.C_words],
                                      settings.prior_scale, settings.prior_bias, sample_weight=_weights(y, settings))
        return cls(claim, corrections, base, embedder, settings, labels, fit, vectors[related], vectors[~related],
                   features, words, stance_anchors=anchors, rules=rules)

    # ------------------------------------------------------------ stance

    def predict_proba(self, texts: Sequence[str], ruled: Sequence[str | None] | None = None) -> np.ndarray:
        """Probabilities over :attr:`labels` for each text, rows summing to 1.

        With no stance correction these are exactly the base model's
        ``predict_proba([claim] * n, texts)``. ``ruled`` is what the cue rules say of each text where the caller
        read them itself (a statement in its sentence), instead of the adapter's ``rules`` on the text alone.
        """
        texts = list(texts)
        if self._fit is None:
            return self.base.predict_proba([self.claim] * len(texts), texts)
        if not texts:
            return np.zeros((0, len(self.labels)))
        logq, emb, pair = self._features.transform(texts, keep=False)
        blocks = _blocks(emb, pair, self.stance_anchors, self.settings,
                         self.words.transform(texts) if self.words else None)
        rules = self.rules if ruled is None else (lambda _: ruled)
        offset = extend_logq(logq, self.base.labels, self.labels) + ruled_offset(rules, texts, self.labels)
        return row_softmax(self._fit.logits(offset, blocks))

    def predict(self, texts: Sequence[str]) -> list[str]:
        """The most probable label of each text."""
        probs = self.predict_proba(texts)
        return [self.labels[i] for i in probs.argmax(axis=1)]

    # ------------------------------------------------------------ relevance

    def relevance_shift(self, text_vectors: np.ndarray) -> np.ndarray:
        """What to add to each statement's similarity to the issue, in cosine units.

        Parameters
        ----------
        text_vectors : ndarray, shape (n, dim)
            L2-normalised statement vectors from the adapter's embedder.

        Returns
        -------
        ndarray, shape (n,)
            ``raise - lower`` clipped to ``[-max_shift, max_shift]``, where
            ``lower = max(0, s_neg - s_pos)`` (nearest ``unrelated`` correction
            against the nearest relevant correction or the claim) and
            ``raise = max(0, s_rel - max(s_claim, s_neg))`` (nearest relevant
            correction against the claim and the nearest ``unrelated`` one). Zero
            without corrections, and for zero vectors.

        Notes
        -----
        It is a nearest-neighbour rule, not a fitted model: one ``unrelated``
        correction lowers its close neighbours only, however many statements
        were coded relevant elsewhere.

        Examples
        --------
        >>> class Axes:
        ...     name, dim = "axes.v1", 3
        ...     def embed(self, texts):
        ...         return np.array([[float(w in t) for w in ("tax", "fuel", "football")] for t in texts],
        ...                         dtype=np.float32)
        >>> from stancemap.stance.pairmodel_training import train_pair_model
        >>> base = train_pair_model([("A should b.", "good", "support"), ("A should b.", "bad", "oppose")] * 2,
        ...                         embedder=None, min_claims=1)
        >>> adapter = IssueAdapter.fit("tax", [("football", "unrelated")], base, Axes())
        >>> adapter.relevance_shift(Axes().embed(["football", "tax"])).round(2).tolist()
        [-0.2, 0.0]
        """
        v = np.asarray(text_vectors, dtype=np.float64)
        n = len(v)
        if n == 0 or (not len(self.positives) and not len(self.negatives)):
            return np.zeros(n)
        s_claim = (v @ self._claim_vector.T).max(axis=1)
        s_rel = (v @ self.positives.T).max(axis=1) if len(self.positives) else np.full(n, -1.0)
        s_neg = (v @ self.negatives.T).max(axis=1) if len(self.negatives) else np.full(n, -1.0)
        s_pos = np.maximum(s_claim, s_rel)
        lower = np.where(len(self.negatives) > 0, np.maximum(0.0, s_neg - s_pos), 0.0)
        lift = np.where(len(self.positives) > 0, np.maximum(0.0, s_rel - np.maximum(s_claim, s_neg)), 0.0)
        m = self.settings.max_shift
        shift = np.clip(lift - lower, -m, m)
        shift[~np.any(v != 0, axis=1)] = 0.0
        return shift
