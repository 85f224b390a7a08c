"""Issue adapters on disk: ``.npz`` arrays plus a JSON ``meta`` block, read with ``allow_pickle=False``.

The meta block holds the claim, the corrections, the settings and the identity of the
base model and embedder the adapter was fitted with; reading it on another base model
or embedder is an error that says how to refit from the corrections kept in the file.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from stancemap.errors import PipelineError, UsageError
from stancemap.stance.adapt import (
    ADAPTER_FORMAT,
    STANCE_LABELS,
    UNRELATED,
    AdaptSettings,
    IssueAdapter,
    RuleReader,
    model_fingerprint,
)
from stancemap.stance.embeddings import Embedder
from stancemap.stance.issuewords import IssueWords
from stancemap.stance.offsetfit import OffsetFit
from stancemap.stance.pairmodel import PairModel

__all__ = ["save_adapter", "load_adapter", "read_corrections", "read_corrections_file"]


def save_adapter(adapter: IssueAdapter, path: str | Path) -> None:
    """Write ``adapter`` as ``.npz`` arrays and a JSON ``meta`` block (no pickles).

    Pair-feature weights are stored for the columns where they are not zero
    (only features seen in a correction move away from the prior).
    """
    meta = {"format": ADAPTER_FORMAT, "claim": adapter.claim, "labels": list(adapter.labels),
            "corrections": [list(c) for c in adapter.corrections], "settings": asdict(adapter.settings),
            "base": model_fingerprint(adapter.base), "base_coder": adapter.base.meta.get("coder"),
            "embedder": getattr(adapter.embedder, "name", None),
            "stance_embedder": getattr(adapter.stance_embedder, "name", None), "fitted": adapter._fit is not None}
    arrays: dict[str, Any] = {"positives": adapter.positives.astype(np.float32),
                              "negatives": adapter.negatives.astype(np.float32)}
    if adapter.stance_embedder is not adapter.embedder:
        arrays["stance_anchors"] = np.asarray(adapter.stance_anchors, dtype=np.float64)
    if adapter._fit is not None:
        fit = adapter._fit
        arrays["scale"] = np.array([fit.scale])
        arrays["bias"] = fit.bias.astype(np.float64)
        arrays["w_embed"] = fit.weights[0].astype(np.float64)
        w = fit.weights[1]
        cols = np.flatnonzero(np.any(w != 0, axis=0))
        arrays["w_pair_cols"] = cols.astype(np.int64)
        arrays["w_pair_values"] = w[:, cols].astype(np.float64)
        meta["pair_width"] = int(w.shape[1])
        arrays["w_kernel"] = fit.weights[2].astype(np.float64)
        if adapter.words is not None:
            meta["words"] = list(adapter.words.terms)
            arrays["words_idf"] = adapter.words.idf.astype(np.float64)
            arrays["w_words"] = fit.weights[3].astype(np.float64)
    meta["rules"] = adapter.rules is not None
    arrays["meta"] = np.array(json.dumps(meta, ensure_ascii=False))
    with open(path, "wb") as f:  # a file object: numpy must not append ".npz"
        np.savez_compressed(f, **arrays)


def read_corrections(path: str | Path) -> tuple[str, list[tuple[str, str]]]:
    """The claim and the corrections stored in an adapter file, to refit it on another base model.

    Raises
    ------
    PipelineError
        ``E400`` when the file is missing or not an adapter.
    """
    meta = _read(path)[0]
    return meta["claim"], [(str(t), str(lab)) for t, lab in meta["corrections"]]


def _read(path: str | Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    try:
        with np.load(path, allow_pickle=False) as f:
            meta = json.loads(str(f["meta"]))
            if meta.get("format") != ADAPTER_FORMAT:
                raise ValueError(f"format {meta.get('format')!r}, expected {ADAPTER_FORMAT}")
            return meta, {name: f[name] for name in f.files if name != "meta"}
    except (OSError, KeyError, ValueError) as exc:
        raise PipelineError.of("E400.adapter-file", path=path, format=ADAPTER_FORMAT, reason=exc) from exc


def load_adapter(path: str | Path, base: PairModel, embedder: Embedder,
                 stance_embedder: Embedder | None = None, rules: RuleReader | None = None) -> IssueAdapter:
    """Read an adapter written by :func:`save_adapter`, on the base model and embedders it was fitted with.

    ``stance_embedder`` is the one its stance fit read (default ``embedder``; see
    :meth:`IssueAdapter.fit`); ``rules`` the cue rules it was fitted with, if any (the file's ``meta`` says
    whether there were any: a function is not stored).

    Raises
    ------
    PipelineError
        ``E400`` when the file is missing or not an adapter, or when ``base``,
        ``embedder`` or ``stance_embedder`` is not the one it was fitted with, or ``rules`` are given to an
        adapter fitted without them or the other way round (the message says how to refit from the corrections
        stored in the file).
    """
    meta, arrays = _read(path)
    count = len(meta["corrections"])  # the message says how many corrections a refit starts from
    if meta["base"] != model_fingerprint(base):
        raise PipelineError.of("E400.adapter-base", path=path, fitted=meta["base"], current=model_fingerprint(base),
                               count=count)
    for fitted, given in ((meta["embedder"], embedder),
                          (meta.get("stance_embedder", meta["embedder"]), stance_embedder or embedder)):
        name = getattr(given, "name", None)
        if fitted != name:
            raise PipelineError.of("E400.adapter-embedder", path=path, fitted=fitted, name=name, count=count)
    if bool(meta.get("rules")) != (rules is not None):  # files written before the rules weighed had none
        was, now = ("with", "without") if meta.get("rules") else ("without", "with")
        raise PipelineError.of("E400.adapter-rules", path=path, fitted=was, given=now, count=count)
    # files written before the issue's own words were a block have no C_words: they were fitted without it
    settings = AdaptSettings(**{"C_words": 0.0, **meta["settings"]})
    fit, words = None, None
    if meta["fitted"]:
        w = np.zeros((len(meta["labels"]), int(meta["pair_width"])))
        w[:, arrays["w_pair_cols"]] = arrays["w_pair_values"]
        weights = [arrays["w_embed"], w, arrays["w_kernel"]]
        if "words" in meta:
            words = IssueWords(tuple(meta["words"]), arrays["words_idf"])
            weights.append(arrays["w_words"])
        else:
            weights.append(np.zeros((len(meta["labels"]), 0)))
        fit = OffsetFit(float(arrays["scale"][0]), arrays["bias"], weights)
    return IssueAdapter(meta["claim"], [tuple(c) for c in meta["corrections"]], base, embedder, settings,
                        tuple(meta["labels"]), fit, arrays["positives"], arrays["negatives"], words=words,
                        stance_embedder=stance_embedder, stance_anchors=arrays.get("stance_anchors"), rules=rules)


def read_corrections_file(path: str | Path) -> dict[str, Any]:
    """The per-issue corrections of a project (written by ``stancemap stance learn``).

    Every issue's entry is checked, also of issues the codebook no longer has: all are read to learn
    what a corrected issue's confidence means (:mod:`stancemap.stance.adaptconfidence`).

    Raises
    ------
    UsageError
        ``E500`` naming the file (and the issue) when it is missing or not a corrections file.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        issues = data["issues"]
        if not isinstance(issues, dict):
            raise ValueError("'issues' is not an object")
        for issue, entry in issues.items():
            _check_entry(issue, entry)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError.of("E500.corrections", path=path, kind=type(exc).__name__, reason=exc) from None
    return issues


def _check_entry(issue: str, entry: Any) -> None:
    """Raise ``ValueError`` naming ``issue`` unless ``entry`` is ``{"claim": str, "corrections": [[text, label]]}``
    with stance labels (or ``unrelated``)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("claim"), str):
        raise ValueError(f"issue {issue!r} has no claim")
    rows = entry.get("corrections")
    if not isinstance(rows, list) or not all(isinstance(r, list) and len(r) == 2 for r in rows):
        raise ValueError(f"issue {issue!r}: corrections must be a list of [text, label] pairs")
    bad = sorted({str(label) for _, label in rows} - {*STANCE_LABELS, UNRELATED})
    if bad:
        raise ValueError(f"issue {issue!r}: the labels {bad} are none of {', '.join((*STANCE_LABELS, UNRELATED))}")
