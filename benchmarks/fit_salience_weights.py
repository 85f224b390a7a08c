"""Fit the weights of :meth:`stancemap.nlp.salience.Salience.best` on train speaker golds, by measurement.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/fit_salience_weights.py \\
        --fit benchmarks/data/polnear_train_speaker_gold.tsv benchmarks/data/polnear_train4_speaker_gold.tsv \\
        --check benchmarks/data/polnear_train2_speaker_gold.tsv benchmarks/data/polnear_train3_speaker_gold.tsv \\
        --texts ../shared/data/polnear/train/text --minutes 30 \\
        --out benchmarks/results/fit_salience_weights.json

The articles of every gold are parsed once (spaCy Docs and the attributions
:func:`stancemap.nlp.attribution.match` finds in them are kept in memory); each
weight setting then re-runs only what depends on the weights, through the
product's own code: :func:`stancemap.nlp.convert.to_statements` (in-document
resolution, :mod:`stancemap.nlp.coref`), :meth:`stancemap.pipeline.Pipeline.finish`
(the registry) and :func:`stancemap.eval.speakers.score_speakers`, the steps and
arguments of ``stancemap eval actors --pipeline``. A setting is applied by setting
the class attributes of :class:`~stancemap.nlp.salience.Salience` (descriptions
use :meth:`~stancemap.nlp.salience.Salience.best` too, so every source kind is
rescored).

Search: coordinate descent from the shipped setting, one weight at a time over a
grid of its range, keeping a change only when it raises the objective; then a
few rounds of random moves of two or three weights at once from the best found.
The objective is the number of pronoun rows right (found and resolved to the
gold actor) over the ``--fit`` golds together; ties go to more rows right of the
other kinds (names, descriptions, first person) of the same golds, then to the
setting closest to the shipped one. A setting that lowers the rows right of any
``--fit`` gold (all kinds) is not taken, nor one that lowers the rows right of a
``--check`` gold (these are scored only for a setting that would be taken, and
never count in the objective). The same descent is also run on each ``--fit`` gold
alone and scored on the others (leave one gold out).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path

from stancemap.actors.io import default_registry, shared_starter_registry
from stancemap.eval.actors import GoldMention, read_gold
from stancemap.eval.speakers import score_speakers
from stancemap.models import Article, Statement
from stancemap.names.normalise import name_key
from stancemap.nlp.attribution import match
from stancemap.nlp.convert import to_statements
from stancemap.nlp.extract import _parsed, _tasks
from stancemap.nlp.salience import Salience
from stancemap.pipeline import BATCH_SIZE, Pipeline

#: The weights searched: class attribute of Salience -> (grid of values tried by the descent, low, high).
SPACE: dict[str, tuple[list[float], float, float]] = {
    "WINDOW_SENTENCES": ([3, 4, 5, 6], 3, 6),
    "_RECENCY": ([0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7], 0.4, 0.7),
    "_SUBJECT": ([0, 20, 40, 60, 80, 100, 120, 150], 0, 150),
    "_MAIN": ([0, 10, 20, 40, 60, 80, 100, 150], 0, 150),
    "_OBJECT": ([0, 10, 20, 40, 60, 80, 100, 150], 0, 150),
    "_SPEAKER": ([0, 10, 20, 40, 60, 80, 100, 150], 0, 150),
    "_QUOTED": ([-150, -100, -80, -60, -40, -20, 0], -150, 0),
    "_UNKNOWN_GENDER": ([-150, -100, -80, -60, -45, -30, -15, 0], -150, 0),
    "_REPEATED": ([0, 4, 8, 12, 16, 24, 32, 48], 0, 60),
    "_EARLIER_PARAGRAPH": ([-150, -100, -60, -45, -30, -15, 0], -150, 0),
    "_COUNTRY_AS_GROUP": ([-150, -100, -50, -25, 0], -150, 0),
}
KINDS = ("name", "pronoun", "description", "first_person")

Setting = tuple[tuple[str, float], ...]


def shipped() -> dict[str, float]:
    """The weights Salience has now."""
    return {name: getattr(Salience, name) for name in SPACE}


def key_of(weights: dict[str, float]) -> Setting:
    return tuple(sorted((k, float(v)) for k, v in weights.items()))


def apply(weights: dict[str, float]) -> None:
    for name, value in weights.items():
        setattr(Salience, name, int(value) if name == "WINDOW_SENTENCES" else float(value))


@dataclass
class Gold:
    """One gold file, its articles parsed once."""

    name: str
    mentions: list[GoldMention]
    #: per article: the article and its parsed chunks as (doc, offset in the text, attributions)
    parsed: list[tuple[Article, list]]


def load(path: Path, texts: Path, pipeline: Pipeline) -> Gold:
    """Read a gold and parse its articles once, as ``stancemap eval actors --pipeline`` does."""
    mentions = read_gold(path, texts)
    dates = {m.doc: m.date for m in mentions}
    articles = [Article(doc, (texts / f"{doc}.txt").read_text(encoding="utf-8"), date,
                        origin=str(texts / f"{doc}.txt")) for doc, date in sorted(dates.items())]
    chunks: dict[str, tuple[Article, list]] = {}
    for doc, (article, offset, _k, _n) in _parsed(pipeline.nlp, _tasks(pipeline.nlp, articles), BATCH_SIZE):
        chunks.setdefault(article.doc_id, (article, []))[1].append((doc, offset, match(doc)))
    return Gold(path.name.replace("polnear_", "").replace("_speaker_gold.tsv", ""), mentions, list(chunks.values()))


def statements(gold: Gold, pipeline: Pipeline) -> list[Statement]:
    """The resolved statements of the gold's articles with the weights Salience has now."""
    known = shared_starter_registry()
    out: list[Statement] = []
    for article, chunks in gold.parsed:
        found = [s for doc, offset, attributions in chunks
                 for s in to_statements(doc, attributions, article, offset, known)]
        out.extend(pipeline.finish(article, found))
    return out


def score(gold: Gold, pipeline: Pipeline) -> dict:
    """The figures of ``stancemap eval actors --pipeline`` on ``gold`` with the weights Salience has now."""
    registry = pipeline.registry
    known = {name_key(actor.name): actor.type for actor in registry}

    def canonical(name: str) -> str:
        found = registry.lookup(name)
        return found.actor.name if found is not None and found.method in ("exact", "alias") else name

    s = score_speakers(gold.mentions, statements(gold, pipeline), known_actors=known, canonical=canonical)
    out = {"n": s.n, "found": s.found, "correct": s.correct, "impossible": s.impossible,
           "unresolvable_named": s.unresolvable_named}
    for kind in KINDS:
        figures = s.by_category.get(kind, {"n": 0, "found": 0, "correct": 0})
        out[kind] = {k: figures[k] for k in ("n", "found", "correct")}
    return out


class Evaluator:
    """Scores settings on golds, each (setting, gold) once."""

    def __init__(self, golds: dict[str, Gold], pipeline: Pipeline) -> None:
        self.golds, self.pipeline = golds, pipeline
        self.memo: dict[tuple[Setting, str], dict] = {}
        self.calls = 0

    def __call__(self, weights: dict[str, float], names: list[str]) -> dict[str, dict]:
        out = {}
        for name in names:
            k = (key_of(weights), name)
            if k not in self.memo:
                apply(weights)
                self.memo[k] = score(self.golds[name], self.pipeline)
                self.calls += 1
            out[name] = self.memo[k]
        return out


def distance(weights: dict[str, float], base: dict[str, float]) -> float:
    """How far ``weights`` is from ``base``, each weight scaled by its range."""
    return sum(abs(weights[k] - base[k]) / (SPACE[k][2] - SPACE[k][1]) for k in SPACE)


def objective(figures: dict[str, dict], base_figures: dict[str, dict], weights: dict[str, float],
              base: dict[str, float]) -> tuple:
    """(feasible, pronouns right, other rows right, -distance): larger is better."""
    feasible = all(figures[g]["correct"] >= base_figures[g]["correct"] for g in figures)
    pronouns = sum(f["pronoun"]["correct"] for f in figures.values())
    others = sum(f["correct"] - f["pronoun"]["correct"] for f in figures.values())
    return (feasible, pronouns, others, -round(distance(weights, base), 6))


def descend(evaluate: Evaluator, names: list[str], guards: list[str], start: dict[str, float], deadline: float,
            rng: random.Random, log: list) -> dict[str, float]:
    """Coordinate descent over SPACE, then random moves, maximising :func:`objective` on the golds ``names``;
    a setting that lowers the rows right of a gold of ``guards`` is not taken."""
    base = dict(start)
    base_figures = evaluate(base, names)
    guard_figures = evaluate(base, guards)
    best, best_obj = dict(base), objective(base_figures, base_figures, base, base)

    def consider(weights: dict[str, float], how: str) -> bool:
        nonlocal best, best_obj
        obj = objective(evaluate(weights, names), base_figures, weights, base)
        if obj > best_obj and guards:  # scored only for a setting that would be taken
            guarded = evaluate(weights, guards)
            if any(guarded[g]["correct"] < guard_figures[g]["correct"] for g in guards):
                return False
        if obj > best_obj:
            best, best_obj = dict(weights), obj
            log.append({"fit_on": names, "how": how, "objective": list(obj), "weights": dict(weights)})
            return True
        return False

    for sweep in range(3):
        changed = False
        for name, (grid, _lo, _hi) in SPACE.items():
            for value in grid:
                if time.monotonic() > deadline:
                    return best
                if value != best[name]:
                    changed |= consider({**best, name: value}, f"sweep {sweep + 1}: {name}={value}")
        if not changed:
            break
    while time.monotonic() < deadline:
        trial = dict(best)
        for name in rng.sample(list(SPACE), rng.choice((2, 3))):
            grid = SPACE[name][0]
            trial[name] = rng.choice(grid)
        consider(trial, "random move")
    return best


def pronoun_figures(figures: dict[str, dict]) -> str:
    return ", ".join(f"{g} {f['pronoun']['correct']}/{f['pronoun']['found']}" for g, f in figures.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", required=True, type=Path, nargs="+", help="golds the weights are fitted on")
    parser.add_argument("--check", type=Path, nargs="*", default=[], help="golds only scored")
    parser.add_argument("--texts", required=True, type=Path)
    parser.add_argument("--minutes", type=float, default=30.0, help="time for the searches together")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    t0 = time.monotonic()
    pipeline = Pipeline.load(registry=default_registry())
    golds = {}
    for path in [*args.fit, *args.check]:
        gold = load(path, args.texts, pipeline)
        golds[gold.name] = gold
    fit = [g for g in golds if any(p.name.endswith(f"polnear_{g}_speaker_gold.tsv") for p in args.fit)]
    check = [g for g in golds if g not in fit]
    print(f"parsed {sum(len(g.parsed) for g in golds.values())} articles in {time.monotonic() - t0:.0f} s", flush=True)

    evaluate = Evaluator(golds, pipeline)
    base = shipped()
    t1 = time.monotonic()
    base_figures = evaluate(base, list(golds))
    print(f"one setting on every gold: {time.monotonic() - t1:.1f} s; shipped: {pronoun_figures(base_figures)}",
          flush=True)

    rng = random.Random(args.seed)
    budget = args.minutes * 60
    log: list = []
    runs = {}
    # the joint fit gets half the time, each leave-one-out fit an equal share of the rest
    shares = {"+".join(fit): 0.5, **{g: 0.5 / len(fit) for g in fit}} if len(fit) > 1 else {fit[0]: 1.0}
    for label, share in shares.items():
        names = label.split("+")
        deadline = time.monotonic() + budget * share
        best = descend(evaluate, names, check, base, deadline, rng, log)
        runs[label] = best
        print(f"fit on {label}: {best}", flush=True)

    report = {"shipped": base, "shipped_figures": base_figures, "settings_scored": evaluate.calls, "runs": {}}
    for label, weights in runs.items():
        figures = evaluate(weights, list(golds))
        report["runs"][label] = {"weights": weights, "figures": figures}
        print(f"\n== fitted on {label}: {weights}")
        for g in golds:
            b, f = base_figures[g], figures[g]
            role = "fit" if g in label.split("+") else "held out" if g in fit else "check"
            print(f"  {g:7s} ({role:8s}) pronouns {b['pronoun']['correct']:3d} -> {f['pronoun']['correct']:3d} "
                  f"of {f['pronoun']['found']} found; all kinds {b['correct']:3d} -> {f['correct']:3d} "
                  f"of {f['found']} found ({f['n']} rows)")
    report["log"] = log
    report["check_golds"] = check
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"\n{evaluate.calls} scorings, {time.monotonic() - t0:.0f} s in all")


if __name__ == "__main__":
    main()
