"""Build the packaged cross-encoder (``src/stancemap/stance/data/cross-encoder.v1.npz``) and measure it.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/package_cross_encoder.py ../shared/data/stance \\
        [--from TRAINED.npz] [--out src/stancemap/stance/data/cross-encoder.v1.npz]

Trains ``cross-encoder.v1`` on Perspectrum train + IBM ArgQ train (seed 0, the learner's own recipe: two epochs
here, about 35 minutes on one core), or takes a model already trained so (``--from``), records the data and its
licences in ``meta``, writes it with int8 weight matrices, reads the written file back and scores it on the dev
splits (ArgQ dev, Perspectrum dev texts not in train, Perspectrum dev all): macro-F1 and ECE. No test split is read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from stancemap.stance import crossencoder
from stancemap.stance.learners import PACKAGED_CROSS_ENCODER, evaluate_model, load_any, train_model

SOURCE = ("Perspectrum v1.0 train split (Chen et al., NAACL 2019), CC BY-SA 4.0; IBM-ArgQ-Rank-30kArgs train split "
          "(Gretz et al., AAAI 2020), CC BY-SA 3.0")


def _rows(path: Path) -> list[tuple[str, str, str]]:
    with open(path, encoding="utf-8") as f:
        return [(r["claim"], r["text"], r["label"]) for r in map(json.loads, f)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("stance", type=Path, help="the folder of the shared stance pair files")
    parser.add_argument("--from", dest="trained", type=Path, help="a model trained on the same pairs and seed")
    parser.add_argument("--out", type=Path, default=PACKAGED_CROSS_ENCODER)
    args = parser.parse_args()
    persp, argq = _rows(args.stance / "perspectrum_train.jsonl"), _rows(args.stance / "ibm_argq_train.jsonl")
    model = load_any(args.trained) if args.trained else train_model(persp + argq, crossencoder.LEARNER, seed=0)
    if model.meta.get("pairs") != len(persp) + len(argq) or model.meta.get("seed") != 0:
        raise SystemExit(f"{args.trained} was not trained on the {len(persp) + len(argq)} pairs with seed 0")
    model.meta["source"] = SOURCE
    crossencoder.save_cross_encoder(model, args.out, int8=True)
    packaged = load_any(args.out)
    seen = {text for _, text, _ in persp}
    persp_dev = _rows(args.stance / "perspectrum_dev.jsonl")
    sets = {"IBM ArgQ dev": _rows(args.stance / "ibm_argq_dev.jsonl"),
            "Perspectrum dev, text not in train": [r for r in persp_dev if r[1] not in seen],
            "Perspectrum dev, all": persp_dev}
    print(f"{args.out}: {args.out.stat().st_size / 2**20:.1f} MiB, recipe {packaged.meta['recipe']}, "
          f"temperature {packaged.temperature:.3f}, held-out claims' accuracy {packaged.meta['holdout_accuracy']}")
    for name, rows in sets.items():
        result = evaluate_model(packaged, rows)
        print(f"| {name} | {len(rows)} | {result['macro_f1']:.3f} | {result['ece']:.3f} |")


if __name__ == "__main__":
    main()
