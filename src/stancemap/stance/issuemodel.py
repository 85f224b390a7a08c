"""``issue-adapt.v1``: a stance model for a few issues with many labelled texts each.

A researcher who has hand-coded a few hundred sentences on their own issue (one
claim, ``support`` / ``oppose`` / ``neutral``) wants a model of *that* issue, not a
new general model: a general (claim, text) model trained on one claim learns
little that is not in the shipped one, and it may not name the topic's words.
This learner keeps the shipped zero-shot model (:mod:`stancemap.stance.pairmodel`)
as the prior and adapts it to each claim's labelled texts exactly as people's
corrections adapt an issue (:class:`stancemap.stance.adapt.IssueAdapter`: the text
embedding and the issue's own words, weighed against the shipped model's
probabilities and what the default coder's cue rules say of each text read as a pair file's sentence,
:meth:`IssueModel.rules`). A claim needs :data:`MIN_TEXTS` labelled texts for an adapter. Pairs
of any other claim get, with ``neutral`` among the labels, the default coder's answer
(as ``stancemap stance predict`` without ``--model``: the cue rules, the shipped model
and its neutral rule); for support/oppose models, the shipped model's.

Why ten texts, and the default coder: on hand-coded PolNeAR train sentences of three
issues (``benchmarks/bench_news_learning_curve.py``, five folds by article, three-way
macro-F1), an adapter fitted on 10 sentences scored 44.5 / 45.8 / 41.8 against the
default coder's 42.2 / 50.9 / 35.1 (better on two issues of three, +1.3 on average; at 25
sentences +8.4 / +0.3 / +5.2), and the shipped model alone 20.0 / 34.3 / 23.2
(what a claim with fewer than the old minimum of 20 texts got before). Since then the
default coder has improved more than the adapters (twenty-ninth session: 10 sentences
45.1 / 48.1 / 42.0 against 53.1 / 52.5 / 40.4, better on one issue of three; at 25 ahead
on all three by 0.5 to 1.6); on debate topics 10 corrections still add 4.9 points. With the cue rules'
reading in the adapters' prior (thirty-first session), 10 sentences give 52.2 / 52.7 / 44.9 against
52.9 / 52.4 / 40.4, and 25 are ahead on all three by 2.2 to 4.0.

The texts are read as people's corrections are: with the full multilingual-e5-small
(:data:`~stancemap.stance.adapt.LEARNING_EMBEDDER`, :data:`~stancemap.stance.adapt.LEARNING_SETTINGS`).
Measured on seven IBM ArgQ *train* topics left out of a base model trained for the
purpose (70 % of each topic to train, 30 % to test, three shuffles;
``benchmarks/bench_issue_model.py``): see ``benchmarks/results/bench_issue_model.md``
(on the static table it was 0.878; ``embed-lr.v1`` trained on the same texts 0.821,
scikit-learn TF-IDF + logistic regression 0.858, the base model zero-shot 0.788).

An adapter's probabilities are too sure of themselves, so they are tempered by one
temperature per model, fitted on each claim's texts held out of its adapter (five
folds, :func:`held_out_fit`); the model records what the held-out texts said
(``meta["held_out"]``: accuracy, calibration error before and after, and the accuracy of the
answer without training on the same texts, :meth:`IssueModel.untrained_accuracy`).

The model file is a ``.npz`` holding only a JSON ``meta`` block: the labelled texts
per claim, the adapter settings, the temperature and the fingerprint of the shipped model they
adapt; the adapters are fitted again when a claim is first predicted (no pickles,
no weights that could drift from their texts).
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from stancemap.errors import PipelineError
from stancemap.stance.adapt import (
    LEARNING_EMBEDDER,
    LEARNING_SETTINGS,
    STANCE_LABELS,
    UNRELATED,
    AdaptSettings,
    IssueAdapter,
    RuleReader,
    model_fingerprint,
)
from stancemap.stance.adaptconfidence import held_out_probabilities
from stancemap.stance.embeddings import Embedder, get_embedder
from stancemap.stance.pairmodel import (
    PairModel,
    expected_calibration_error,
    fit_temperature,
    load_pair_model,
    probabilities,
)
from stancemap.stance.ruledecision import claim_rules
from stancemap.stance.semantic import SemanticCoder, make_semantic_coder
from stancemap.stance.vectorcache import MemoEmbedder

__all__ = ["LEARNER", "MIN_TEXTS", "IssueModel", "train_issue_model", "save_issue_model", "load_issue_model",
           "suits_issue_model", "held_out_fit", "model_labels", "tempered"]

LEARNER = "issue-adapt.v1"
#: A claim needs this many labelled texts to get an adapter of its own (see the module docstring).
MIN_TEXTS = 10
#: ``stancemap stance train --learner auto`` picks this learner for data with at most this many claims ...
MAX_CLAIMS = 20
#: ... whose typical (median) claim has at least this many texts.
AUTO_MIN_TEXTS = 20


def suits_issue_model(pairs: Sequence[tuple[str, str, str]]) -> bool:
    """Whether labelled pairs are "many texts on a few issues" (``--learner auto`` then adapts per issue).

    True when there are at most :data:`MAX_CLAIMS` claims and the typical (median) claim has
    at least :data:`AUTO_MIN_TEXTS` texts; many claims with a few texts each call for a general model.

    >>> suits_issue_model([("Coal should go.", f"text {i}", "support") for i in range(30)])
    True
    >>> suits_issue_model([(f"Claim {i}.", "text", "support") for i in range(30)])
    False
    """
    per_claim = Counter(claim for claim, _, _ in pairs)
    return 0 < len(per_claim) <= MAX_CLAIMS and float(np.median(list(per_claim.values()))) >= AUTO_MIN_TEXTS


class IssueModel:
    """The shipped model adapted to the labelled texts of each claim (see the module docstring).

    Parameters
    ----------
    issues : dict
        Claim -> its ``(text, label)`` pairs (labels ``support``, ``oppose``,
        ``neutral``; ``unrelated`` ones teach relevance only).
    base : PairModel
        The shipped zero-shot model.
    embedder : Embedder
    settings : AdaptSettings
    meta : dict
        What :func:`save_issue_model` writes besides the texts.
    coder : SemanticCoder, optional
        The default coder on ``base`` (made on first use when not given).
    """

    def __init__(self, issues: dict[str, list[tuple[str, str]]], base: PairModel, embedder: Embedder,
                 settings: AdaptSettings, meta: dict[str, Any], coder: SemanticCoder | None = None) -> None:
        self.issues, self.base, self.embedder, self.settings = issues, base, embedder, settings
        self.meta = meta
        self.labels = model_labels(base, issues)
        self._adapters: dict[str, IssueAdapter] = {}
        self._coder = coder  # the default coder on ``base`` (its rules, and claims with no adapter)
        #: the adapters' probabilities are tempered by it (fitted on the texts held out, see :func:`held_out_fit`)
        self.temperature = float(meta.get("temperature", 1.0))

    def adapter(self, claim: str) -> IssueAdapter | None:
        """The claim's adapter (fitted on first use), or ``None`` for a claim with no labelled texts."""
        if claim not in self.issues:
            return None
        if claim not in self._adapters:
            self._adapters[claim] = IssueAdapter.fit(claim, self.issues[claim], self.base, self.embedder,
                                                     self.settings, rules=self.rules(claim))
        return self._adapters[claim]

    @property
    def coder(self) -> SemanticCoder:
        """The default coder on the shipped model (made on first use)."""
        if self._coder is None:
            self._coder = make_semantic_coder(model=self.base)
        return self._coder

    def rules(self, claim: str) -> RuleReader | None:
        """What the default coder's cue rules say of texts on ``claim``, read as a pair file's sentences: evidence in
        the prior of the claim's adapter (:func:`~stancemap.stance.adapt.ruled_offset`)."""
        return claim_rules(self.coder.rules, claim, sentences=True)

    def predict_proba(self, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        """Probabilities over :attr:`labels` for each ``(claim, text)``, rows summing to 1."""
        out = np.zeros((len(texts), len(self.labels)))
        groups: dict[str, list[int]] = {}
        for i, claim in enumerate(claims):
            groups.setdefault(claim, []).append(i)
        for claim, rows in groups.items():
            chunk = [texts[i] for i in rows]
            adapter = self.adapter(claim)
            if adapter is not None:
                probs, labels = tempered(adapter.predict_proba(chunk), self.temperature), adapter.labels
            else:
                probs, labels = self._unseen(claim, chunk), self.labels
            for j, label in enumerate(labels):
                out[rows, self.labels.index(label)] = probs[:, j]
        return out

    def _unseen(self, claim: str, texts: list[str]) -> np.ndarray:
        """What ``texts`` get on a claim with no adapter: with ``neutral`` among :attr:`labels`, the default
        coder's stance, its confidence on that label and the rest shared by the others; else the shipped
        model's probabilities."""
        if "neutral" not in self.labels:  # then the labels are the shipped model's
            return self.base.predict_proba([claim] * len(texts), texts)
        out = np.zeros((len(texts), len(self.labels)))
        for row, (stance, confidence) in enumerate(self.coder.code_stances([claim] * len(texts), texts)):
            out[row] = (1.0 - confidence) / (len(self.labels) - 1)
            out[row, self.labels.index(stance)] = confidence
        return out

    def untrained_accuracy(self) -> float | None:
        """How often the answer without training (what a claim with no adapter gets, :meth:`_unseen`) is the
        label of the model's own stance texts: what the training is to be weighed against (``None`` without
        such texts)."""
        right = total = 0
        for claim, rows in self.issues.items():
            found = [(text, label) for text, label in rows if label in self.labels]
            if found:
                probs = self._unseen(claim, [text for text, _ in found])
                right += sum(self.labels[i] == label for i, (_, label) in zip(probs.argmax(axis=1), found, strict=True))
                total += len(found)
        return round(right / total, 4) if total else None

    def predict_many(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """:meth:`predict_proba` of ``(claim, text)`` pairs."""
        return self.predict_proba([c for c, _ in pairs], [t for _, t in pairs])


def train_issue_model(pairs: Sequence[tuple[str, str, str]], *, embedder: str = LEARNING_EMBEDDER,
                      settings: AdaptSettings | None = None, base: PairModel | None = None,
                      source: str | None = None, **_ignored: Any) -> IssueModel:
    """Group labelled ``(claim, text, label)`` pairs by claim; claims with :data:`MIN_TEXTS` texts get an adapter.

    The adapters read the texts as people's corrections are read: ``embedder`` (default
    :data:`~stancemap.stance.adapt.LEARNING_EMBEDDER`) with ``settings`` (default
    :data:`~stancemap.stance.adapt.LEARNING_SETTINGS` for that embedder, else the
    :class:`~stancemap.stance.adapt.AdaptSettings` defaults). The file records both, so a
    model trained with others loads as it was trained.

    Raises
    ------
    ValueError
        For a label other than ``support``, ``oppose``, ``neutral``, ``unrelated``.
    """
    bad = sorted({label for _, _, label in pairs if label not in (*STANCE_LABELS, UNRELATED)})
    if bad:
        raise ValueError(f"labels {bad} are not stance labels; use {', '.join((*STANCE_LABELS, UNRELATED))}")
    grouped: dict[str, list[tuple[str, str]]] = {}
    for claim, text, label in pairs:
        grouped.setdefault(claim, []).append((text, label))
    issues = {claim: rows for claim, rows in grouped.items() if len(rows) >= MIN_TEXTS}
    base = base or load_pair_model()
    settings = settings or (LEARNING_SETTINGS if embedder == LEARNING_EMBEDDER else AdaptSettings())
    made = get_embedder(embedder)
    meta: dict[str, Any] = {
        "coder": LEARNER, "embedder": embedder, "base": model_fingerprint(base),
        "base_coder": base.meta.get("coder"), "settings": asdict(settings), "pairs": len(pairs),
        "label_counts": dict(sorted(Counter(label for _, _, label in pairs).items())),
        "claims_adapted": len(issues), "claims_too_few": len(grouped) - len(issues),
        "too_few": sorted(set(grouped) - set(issues)), "min_texts": MIN_TEXTS, "source": source}
    coder = make_semantic_coder(model=base)
    meta.update(held_out_fit(issues, base, MemoEmbedder(made), settings, model_labels(base, issues),
                             lambda claim: claim_rules(coder.rules, claim, sentences=True)))
    model = IssueModel(issues, base, made, settings, meta, coder)
    meta["held_out"]["untrained_accuracy"] = model.untrained_accuracy()
    return model


def model_labels(base: PairModel, issues: dict[str, list[tuple[str, str]]]) -> tuple[str, ...]:
    """An :class:`IssueModel`'s labels: the shipped model's, then the other stance labels its texts use."""
    used = {label for pairs in issues.values() for _, label in pairs if label in STANCE_LABELS}
    return tuple(base.labels) + tuple(sorted(used - set(base.labels)))


def held_out_fit(issues: dict[str, list[tuple[str, str]]], base: PairModel, embedder: Embedder,
                 settings: AdaptSettings, labels: Sequence[str],
                 rules: Callable[[str], RuleReader | None] | None = None) -> dict[str, Any]:
    """The temperature of an :class:`IssueModel`'s adapters, and what their texts held out say of it.

    Each claim's stance texts are predicted by its adapter (with the claim's cue ``rules``) fitted on the others
    (five folds, :func:`stancemap.stance.adaptconfidence.held_out_probabilities`); the temperature is the one that
    makes those predictions, pooled, most likely (:func:`~stancemap.stance.pairmodel.fit_temperature` of their
    log-probabilities, as the shipped model's temperature is fitted on its logits).
    Adapters are too sure of themselves: on 1,088 hand-labelled PolNeAR train sentences of six issues,
    right 67 % of the time held out, calibration error 0.105 there (temperature 1.56: 0.035); on the 153 dev
    sentences the calibration error went from 0.099 to 0.060, the labels unchanged (``eval_news_sentences.md``).
    Returns the model meta's ``temperature`` and ``held_out`` (texts, accuracy, and calibration error before and
    after tempering).
    """
    probs: list[list[float]] = []
    truth: list[int] = []
    for claim, rows in issues.items():
        held = held_out_probabilities(claim, rows, base, embedder, settings, rules=rules(claim) if rules else None)
        for i, by_label in held.items():
            probs.append([by_label.get(label, 0.0) for label in labels])
            truth.append(list(labels).index(rows[i][1]))
    if not truth:
        return {"temperature": 1.0, "held_out": {"texts": 0}}
    found = np.asarray(probs)
    temperature = fit_temperature(_log(found), np.asarray(truth))
    return {"temperature": round(temperature, 4),
            "held_out": {"texts": len(truth), "accuracy": round(float(np.mean(found.argmax(axis=1) == truth)), 4),
                         "ece": round(expected_calibration_error(found, truth), 4),
                         "ece_tempered": round(expected_calibration_error(tempered(found, temperature), truth), 4)}}


def tempered(probs: np.ndarray, temperature: float) -> np.ndarray:
    """``softmax(log(probs) / temperature)`` per row: the same order of labels, less (``> 1``) or more sure.

    >>> tempered(np.array([[0.8, 0.2]]), 2.0).round(3).tolist()
    [[0.667, 0.333]]
    """
    return probs if temperature == 1.0 else probabilities(_log(probs), temperature)


def _log(probs: np.ndarray) -> np.ndarray:
    """Probabilities as logits (their logarithms, kept finite)."""
    return np.log(np.clip(np.asarray(probs, dtype=np.float64), 1e-12, 1.0))


def save_issue_model(model: IssueModel, path: str | Path) -> None:
    """Write ``model`` as a ``.npz`` with one JSON ``meta`` block (the texts, the settings, the base's fingerprint)."""
    meta = dict(model.meta, issues={claim: [list(p) for p in rows] for claim, rows in model.issues.items()})
    with open(path, "wb") as f:  # a file object: numpy must not append ".npz"
        np.savez_compressed(f, meta=np.array(json.dumps(meta, ensure_ascii=False)))


def load_issue_model(path: str | Path, base: PairModel | None = None) -> IssueModel:
    """Read a model written by :func:`save_issue_model` (on the shipped model it adapts).

    Raises
    ------
    PipelineError
        ``E400`` naming the file when it is not such a model, or when it adapts another
        version of the shipped model (retrain it: its texts are in the file).
    """
    try:
        with np.load(path, allow_pickle=False) as f:
            meta = json.loads(str(f["meta"]))
        if meta.get("coder") != LEARNER:
            raise ValueError(f"the file holds a {meta.get('coder')!r} model, not {LEARNER}")
        issues = {str(c): [(str(t), str(lab)) for t, lab in rows] for c, rows in meta.pop("issues").items()}
    except (OSError, KeyError, ValueError, AttributeError, zipfile.BadZipFile) as exc:
        raise PipelineError.of("E400.issue-model-file", path=path, learner=LEARNER, reason=exc) from exc
    base = base or load_pair_model()
    if meta["base"] != model_fingerprint(base):
        raise PipelineError.of("E400.issue-model-base", path=path, fitted=meta["base"],
                               current=model_fingerprint(base))
    settings = AdaptSettings(**meta["settings"])
    return IssueModel(issues, base, get_embedder(meta["embedder"]), settings, meta)
