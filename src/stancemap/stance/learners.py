"""Train, save, load and apply the pair learners by versioned name.

The learners behind ``stancemap stance train / predict`` and ``stancemap eval
stance``:

``embed-lr.v1``
    :mod:`stancemap.stance.pairmodel`: sentence-embedding interactions,
    claim-masked n-grams and polarity cues, a calibrated logistic regression
    (scikit-learn) that carries over to unseen issues; the packaged model is
    the default for ``stancemap stance predict`` without ``--model`` (for
    support/oppose pairs only where the cross-encoder extra is missing:
    :func:`default_pair_model`). For many claims with a few texts each.
``issue-adapt.v1``
    :mod:`stancemap.stance.issuemodel`: the packaged model adapted to each
    claim's labelled texts (as people's corrections adapt an issue). For a few
    issues with many hand-coded texts each.
``cross-encoder.v1``
    :mod:`stancemap.stance.crossencoder`: a MiniLM cross-encoder fine-tuned on the
    pairs (support/oppose pairs from the packaged stance cross-encoder), with a temperature fitted on held-out
    claims. More accurate on
    debate-style pairs (IBM ArgQ dev 0.885 against 0.793), 12 to 50 times slower,
    and only with the optional extra (``pip install 'stancemap[crossencoder]'``:
    torch, transformers).
``auto`` (what ``stancemap stance train`` uses by default)
    ``issue-adapt.v1`` when :func:`~stancemap.stance.issuemodel.suits_issue_model`
    says the pairs are many texts on a few claims; ``cross-encoder.v1`` when the
    extra is installed and the pairs are a large set of debate arguments
    (:func:`suits_cross_encoder`); else ``embed-lr.v1``.

A model file is a ``.npz`` whose ``meta`` names its learner, so
:func:`load_any` needs no flag. :func:`predict_labels` is the plain classifier
(the most probable label of the model's labels) used on pair files; the coder
of :func:`coder_for` adds relevance gating and the neutral rule for statements
(see :class:`~stancemap.stance.semantic.SemanticCoder`).

>>> sorted(LEARNERS)
['cross-encoder.v1', 'embed-lr.v1', 'issue-adapt.v1']
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from stancemap.errors import PipelineError, UsageError
from stancemap.stance import crossencoder, crossencoder_training, issuemodel, pairmodel, pairmodel_training
from stancemap.stance.coders import DEFAULT_CODER
from stancemap.stance.evaluate import scores
from stancemap.stance.focus import is_long
from stancemap.stance.semantic import SemanticCoder, make_semantic_coder
from stancemap.stance.sides import decide

__all__ = ["LEARNERS", "DEFAULT_LEARNER", "AUTO", "suits_cross_encoder", "choose_learner", "train_model",
           "save_any", "load_any",
           "load_default", "predict_labels", "predict_scored", "default_pair_model", "predict_default",
           "predict_default_scored", "evaluate_model", "coder_for",
           "PACKAGED_CROSS_ENCODER"]

DEFAULT_LEARNER = pairmodel.CODER_NAME
#: The learner name that picks one by the shape of the data (:func:`choose_learner`).
AUTO = "auto"


def _train_pair(pairs: Sequence[tuple[str, str, str]], **options: Any) -> pairmodel.PairModel:
    # n-grams must be seen with 3 claims to count (so that no topic is learned); with fewer claims
    # in the data that would keep none, so the bar is the number of claims there are
    claims = len({claim for claim, _, _ in pairs})
    options.setdefault("min_claims", max(1, min(3, claims)))
    return pairmodel_training.train_pair_model(pairs, **options)


#: learner name -> (train, save, load); messages list them in this order (the default first, the optional last)
LEARNERS: dict[str, tuple[Callable[..., Any], Callable[[Any, Any], None], Callable[[Any], Any]]] = {
    pairmodel.CODER_NAME: (_train_pair, pairmodel.save_pair_model, pairmodel.load_pair_model),
    issuemodel.LEARNER: (issuemodel.train_issue_model, issuemodel.save_issue_model, issuemodel.load_issue_model),
    crossencoder.LEARNER: (crossencoder_training.train_cross_encoder, crossencoder.save_cross_encoder,
                           crossencoder.load_cross_encoder),
}


#: ``auto`` fine-tunes the cross-encoder on at least this many pairs (measured: 6,963 Perspectrum train pairs
#: tie with embed-lr.v1 on Perspectrum dev new text, 0.661 against 0.665; 20,974 ArgQ train pairs win, 0.858
#: against 0.793; ``benchmarks/results/stance_crossencoder.md``) whose texts are argument-length, not long
#: (:func:`stancemap.stance.focus.is_long`: FNC-1's article bodies, which the network would cut at 256 tokens).
MIN_CROSS_ENCODER_PAIRS = 5000


def suits_cross_encoder(pairs: Sequence[tuple[str, str, str]]) -> bool:
    """Whether labelled pairs are a large set of debate arguments: support/oppose labels only, at least
    :data:`MIN_CROSS_ENCODER_PAIRS` pairs, texts of a median of at most
    :data:`~stancemap.stance.focus.LONG_TEXT_WORDS` words.

    >>> suits_cross_encoder([(f"Claim {i % 50}.", "It saves lives.", "support") for i in range(6000)])
    True
    >>> suits_cross_encoder([(f"Claim {i % 50}.", "It saves lives.", "unrelated") for i in range(6000)])
    False
    """
    if len(pairs) < MIN_CROSS_ENCODER_PAIRS or not {label for _, _, label in pairs} <= {"support", "oppose"}:
        return False
    return not is_long([text for _, text, _ in pairs])


def choose_learner(pairs: Sequence[tuple[str, str, str]], learner: str = AUTO) -> str:
    """``learner`` itself, or for ``auto`` the one that suits the pairs (see the module docstring).

    >>> choose_learner([("Coal should go.", f"text {i}", "oppose") for i in range(40)])
    'issue-adapt.v1'
    >>> choose_learner([(f"Claim {i}.", "text", "oppose") for i in range(40)])
    'embed-lr.v1'
    """
    if learner != AUTO:
        return learner
    if issuemodel.suits_issue_model(pairs):
        return issuemodel.LEARNER
    if suits_cross_encoder(pairs) and crossencoder.extra_installed():
        return crossencoder.LEARNER
    return DEFAULT_LEARNER


def _learner(name: str) -> tuple[Callable[..., Any], Callable[[Any, Any], None], Callable[[Any], Any]]:
    try:
        return LEARNERS[name]
    except KeyError:
        raise UsageError.of("E500.learner", name=name, learners=", ".join(LEARNERS)) from None


def train_model(pairs: Sequence[tuple[str, str, str]], learner: str = DEFAULT_LEARNER, **options: Any) -> Any:
    """Fit ``learner`` on ``(claim, text, label)`` triples; ``options`` go to its trainer.

    Raises
    ------
    UsageError
        For an unknown learner, or fewer than two labels in the data.
    """
    train, _, _ = _learner(choose_learner(pairs, learner))
    labels = {p[2] for p in pairs}
    if len(labels) < 2:
        raise UsageError.of("E500.training-labels", labels=", ".join(sorted(labels)) or "none")
    return train(pairs, **options)


def learner_of(model: Any) -> str:
    """The learner name stored in a model's ``meta``."""
    return str(model.meta.get("coder", "unknown"))


def save_any(model: Any, path: str | Path) -> None:
    """Save a model of any learner to ``path``."""
    _, save, _ = _learner(learner_of(model))
    save(model, path)


def load_any(path: str | Path) -> Any:
    """Load a model file written by :func:`save_any` (the learner is read from the file).

    Raises
    ------
    PipelineError
        ``E400`` naming the file when it is missing or not a model.
    """
    path = Path(path)
    if not path.exists():
        raise PipelineError.of("E400.model-missing", path=path)
    try:
        with np.load(path, allow_pickle=False) as f:
            meta = json.loads(str(f["meta"]))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise PipelineError.of("E400.model-unreadable", path=path, reason=exc) from exc
    name = str(meta.get("coder", "unknown"))
    if name not in LEARNERS:
        raise PipelineError.of("E400.model-learner", path=path, name=name, known=", ".join(LEARNERS))
    return LEARNERS[name][2](path)


def load_default() -> pairmodel.PairModel:
    """The packaged model of the default learner (``data/embed-lr.v1.npz``, see ``data/MODEL_CARD.md``)."""
    return pairmodel.load_pair_model()


def predict_proba(model: Any, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """Class probabilities (columns: ``model.labels``) of ``(claim, text)`` pairs."""
    if hasattr(model, "predict_many"):
        return model.predict_many(list(pairs))
    return np.array([model.predict_proba(c, t) for c, t in pairs]).reshape(len(pairs), len(model.labels))


def predict_labels(model: Any, pairs: Sequence[tuple[str, str]], neutral_margin: float = 0.0) -> list[str]:
    """The most probable label of each ``(claim, text)`` pair (:func:`predict_scored`'s labels).

    With ``neutral_margin > 0``, an ``embed-lr.v1`` model without a ``neutral``
    label gives ``neutral`` when ``|p(support) - p(oppose)|`` is below it
    (as :meth:`~stancemap.stance.pairmodel.PairModel.predict`); other models ignore it.
    """
    return [label for label, _ in predict_scored(model, pairs, neutral_margin)]


def predict_scored(model: Any, pairs: Sequence[tuple[str, str]], neutral_margin: float = 0.0
                   ) -> list[tuple[str, float]]:
    """Each ``(claim, text)`` pair's most probable label and the model's (calibrated) probability of it; a pair
    that ``neutral_margin`` makes ``neutral`` (see :func:`predict_labels`) has the closeness of its two sides,
    ``1 - |p(support) - p(oppose)|``, instead."""
    if not len(pairs):
        return []
    if isinstance(model, pairmodel.PairModel):
        return model.predict_scored([c for c, _ in pairs], [t for _, t in pairs], neutral_margin=neutral_margin)
    return [decide(list(model.labels), row, 0.0) for row in predict_proba(model, pairs)]


#: The packaged cross-encoder (see ``data/MODEL_CARD.md``): two-way pair files without a model use it where the
#: ``crossencoder`` extra is installed.
PACKAGED_CROSS_ENCODER = crossencoder.PACKAGED


def default_pair_model(labels: Sequence[str]) -> str:
    """What :func:`predict_default` codes ``labels`` with: the packaged cross-encoder for support/oppose where
    it and the extra are installed, else the default coder.

    >>> default_pair_model(("support", "oppose", "neutral"))
    'semantic.v1'
    """
    if set(labels) == {"support", "oppose"} and PACKAGED_CROSS_ENCODER.exists() and crossencoder.extra_installed():
        return crossencoder.LEARNER
    return DEFAULT_CODER


def predict_default(pairs: Sequence[tuple[str, str]],
                    labels: Sequence[str] = ("support", "oppose", "neutral"), sentences: bool = True) -> list[str]:
    """The default zero-shot stance of each ``(claim, text)`` pair (:func:`predict_default_scored`'s labels)."""
    return [label for label, _ in predict_default_scored(pairs, labels, sentences)]


def predict_default_scored(pairs: Sequence[tuple[str, str]], labels: Sequence[str] = ("support", "oppose", "neutral"),
                           sentences: bool = True) -> list[tuple[str, float]]:
    """The default zero-shot stance of each ``(claim, text)`` pair, the claim taken as the issue, and its
    confidence; the texts read as news ``sentences`` (:func:`~stancemap.stance.sides.sentence_margins`) or, where
    they take sides as debate arguments do, as a speaker's own claims.

    The answer of ``stancemap stance predict`` without ``--model``: one of ``labels``.
    Support and oppose only (a two-way task, as debate arguments are) go to the packaged
    cross-encoder where the extra is installed (:func:`default_pair_model`; IBM ArgQ dev
    0.876 against 0.803, Perspectrum dev new text 0.755 against 0.685), whose confidence is its tempered
    probability; otherwise, and for three labels, the default coder decides
    (:meth:`~stancemap.stance.semantic.SemanticCoder.code_stances`), with the chance that such a decision is
    right (:mod:`stancemap.stance.calibration`): the cross-encoder
    learnt the debate data's notion of stance and loses on reported news speech.
    """
    if not len(pairs):
        return []
    if default_pair_model(labels) == crossencoder.LEARNER:
        return predict_scored(crossencoder.load_cross_encoder(PACKAGED_CROSS_ENCODER), pairs)
    coder = make_semantic_coder()
    return coder.code_stances([c for c, _ in pairs], [t for _, t in pairs], labels, sentences=sentences)


def evaluate_model(model: Any, pairs: Sequence[tuple[str, str, str]]) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class table, (with ``unrelated`` gold labels) the FNC-1 score, and calibration.

    ``ece`` is the expected calibration error (10 bins) of the model's most probable
    label on the pairs whose gold label is one of the model's labels, ``ece_floor`` what sampling
    alone would give a calibrated model with the same confidences
    (:func:`~stancemap.stance.pairmodel.calibration_floor`). The pairs are
    predicted once (the labels are the most probable ones, as :func:`predict_labels`
    gives them without a neutral margin): a cross-encoder takes minutes on a dev set.
    """
    probs = predict_proba(model, [(c, t) for c, t, _ in pairs]) if len(pairs) else np.zeros((0, len(model.labels)))
    result = scores([p[2] for p in pairs], [model.labels[i] for i in probs.argmax(axis=1)])
    result["learner"] = learner_of(model)
    known = [i for i, p in enumerate(pairs) if p[2] in model.labels]
    if known:
        result["ece"] = pairmodel.expected_calibration_error(
            probs[known], [list(model.labels).index(pairs[i][2]) for i in known])
        result["ece_floor"] = pairmodel.calibration_floor(probs[known].max(axis=1))
    return result


def coder_for(model: pairmodel.PairModel, **options: Any) -> SemanticCoder:
    """The stance coder (relevance by embeddings, the neutral rule) around a loaded model.

    The coder is :class:`~stancemap.stance.semantic.SemanticCoder` with ``model`` as
    its stance model (``options`` go to it); its codings name the learner
    (``model:embed-lr.v1``), not ``semantic.v1``.
    """
    if not isinstance(model, pairmodel.PairModel):
        raise UsageError.of("E500.learner-codes", learner=learner_of(model), learners=pairmodel.CODER_NAME)
    coder = SemanticCoder(model=model, **options)
    coder.name = pairmodel.CODER_NAME
    return coder
