"""Evaluation: is the confidence of an issue people's corrections adapted the chance of being right?

Run with (each ``--case`` is a store, a corrections file, and the gold and texts to score it on)::

    python benchmarks/eval_adapted_confidence.py \\
        --codebook benchmarks/data/polnear_codebook.yaml \\
        --case dev.db all.corrections.json benchmarks/data/polnear_dev_stance_gold.jsonl \\
               ../shared/data/polnear/dev/text \\
        --case train.db gold1.corrections.json benchmarks/data/polnear_train2_stance_gold.jsonl \\
               ../shared/data/polnear/train/text \\
        --out benchmarks/results/eval_adapted_confidence.json

The stores are `stancemap run` stores of the gold's articles; the corrections files are written from hand-coded
statements of *other* articles by ``benchmarks/corrections_from_gold.py``. Each store is copied, the corrections
put next to the copy, and the copy recoded (``stancemap stance recode --all``) twice: with the product's
confidence (:mod:`stancemap.stance.adaptconfidence`) and with the adapted model's own probability, as before
it (``raw``). Scored as ``stancemap eval coding`` scores the pairs both call relevant: mean confidence against
accuracy, expected calibration error (ECE, ten bins), log-loss and Brier score, per case and pooled over the
cases. ``floor`` is the ECE that a perfectly calibrated coder with the same confidences would show on so few
pairs (:func:`stancemap.stance.pairmodel.calibration_floor`): an ECE below it is noise.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

import stancemap.eval.coding as eval_coding
from stancemap.cli import app
from stancemap.stance import semantic
from stancemap.stance.adaptconfidence import ConfidenceMap
from stancemap.stance.pairmodel import calibration_error, calibration_floor


def _scored_pairs(case: list[str], codebook: str, work: Path, raw: bool) -> tuple[list[float], list[bool]]:
    """Recode a copy of the case's store with its corrections; the (confidence, right) of the scored pairs."""
    store, corrections, gold, texts = case
    name = work / f"{Path(store).stem}-{Path(corrections).stem.split('.')[0]}-{'raw' if raw else 'mapped'}"
    shutil.copy(store, f"{name}.db")
    shutil.copy(corrections, f"{name}.corrections.json")
    found: dict[str, Any] = {}
    scorer = eval_coding.calibration_error

    def keep(confidences: Any, right: Any, bins: int = 10) -> float:
        found["pairs"] = (list(confidences), list(right))
        return scorer(confidences, right, bins)

    mapped = semantic.SemanticCoder.confidence_map
    try:
        eval_coding.calibration_error = keep  # type: ignore[assignment]
        if raw:
            semantic.SemanticCoder.confidence_map = property(lambda self: ConfidenceMap(0.0, 1.0, 0))  # type: ignore
        for args in (["stance", "recode", "--all", "--codebook", codebook, "--db", f"sqlite:///{name}.db"],
                     ["eval", "coding", "--gold", gold, "--texts", texts, "--codebook", codebook,
                      "--db", f"sqlite:///{name}.db"]):
            with contextlib.redirect_stdout(io.StringIO()):
                app(args, standalone_mode=False)
    finally:
        eval_coding.calibration_error = scorer  # type: ignore[assignment]
        semantic.SemanticCoder.confidence_map = mapped  # type: ignore[method-assign]
    return found["pairs"]


def figures(confidences: list[float], right: list[bool]) -> dict[str, float]:
    """Mean confidence, accuracy, ECE, its noise floor, log-loss and Brier score of (confidence, right) pairs."""
    conf, hit = np.asarray(confidences, dtype=float), np.asarray(right, dtype=float)
    clipped = np.clip(conf, 1e-6, 1 - 1e-6)
    return {"pairs": len(conf), "mean_confidence": round(float(conf.mean()), 3),
            "accuracy": round(float(hit.mean()), 3),
            "ece": round(calibration_error(conf, hit.astype(bool)), 3), "ece_floor": round(calibration_floor(conf), 3),
            "log_loss": round(float(-np.mean(hit * np.log(clipped) + (1 - hit) * np.log(1 - clipped))), 3),
            "brier": round(float(np.mean((conf - hit) ** 2)), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--codebook", required=True)
    parser.add_argument("--case", nargs=4, action="append", required=True,
                        metavar=("STORE", "CORRECTIONS", "GOLD", "TEXTS"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for way in ("raw", "mapped"):
            pooled: tuple[list[float], list[bool]] = ([], [])
            for case in args.case:
                conf, right = _scored_pairs(case, args.codebook, Path(tmp), raw=way == "raw")
                pooled[0].extend(conf)
                pooled[1].extend(right)
                results[f"{way}: {Path(case[1]).name} on {Path(case[2]).name}"] = figures(conf, right)
            results[f"{way}: pooled"] = figures(*pooled)
    for name, row in results.items():
        print(f"{name:70} " + "  ".join(f"{k} {v}" for k, v in row.items()))
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
