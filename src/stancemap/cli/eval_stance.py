"""``stancemap stance eval``: train on one pair file, score on another.

The lead mounts :func:`eval_stance` as ``eval_app.command("stance")``.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from stancemap.cli.common import console, user_errors
from stancemap.cli.stance import LEARNER_HELP, chosen
from stancemap.stance.pairfiles import read_pairs, read_texts

TEXTS_HELP = (
    "Body id -> text JSON file(s) for pairs that give a body_id (e.g. FNC-1's train and dev texts); repeatable."
)


def eval_stance(
    train: Path = typer.Option(..., "--train", help="Labelled pair file to train on (JSON Lines)."),
    test: Path = typer.Option(..., "--test", help="Labelled pair file to score on (JSON Lines)."),
    texts: list[Path] = typer.Option(None, "--texts", help=TEXTS_HELP),
    learner: str = typer.Option("auto", "--learner", help=LEARNER_HELP),
    seed: int = typer.Option(0, "--seed", help="Random seed."),
    out: Path = typer.Option(None, "--out", help="Also write the figures as JSON to this file."),
) -> None:
    """Train a stance model on --train and print accuracy, macro-F1, per-class figures and the FNC-1 score on --test."""
    from stancemap.stance.learners import choose_learner, evaluate_model, train_model

    with user_errors():
        bodies = read_texts(texts or None)
        train_rows = read_pairs(train, bodies)
        test_rows = read_pairs(test, bodies)
        learner = chosen(learner, choose_learner([p.as_tuple() for p in train_rows], learner), len(train_rows))
        with console.status(f"training {learner} on {len(train_rows)} pairs ..."):
            model = train_model([p.as_tuple() for p in train_rows], learner, seed=seed, source=str(train))
        with console.status(f"scoring {len(test_rows)} pairs ..."):
            result = evaluate_model(model, [p.as_tuple() for p in test_rows])
            seen = {p.text for p in train_rows}
            unseen = [p.as_tuple() for p in test_rows if p.text not in seen]
            if 0 < len(unseen) < len(test_rows):
                result["unseen"] = evaluate_model(model, unseen)
    result.update({"train": str(train), "test": str(test), "seed": seed})
    print_scores(result, title=f"{learner} trained on {train.name}, scored on {test.name}")
    if "unseen" in result:
        console.print(f"{len(test_rows) - len(unseen)} of {len(test_rows)} test pairs have a text that is also in "
                      f"{train.name}; on the {len(unseen)} others:", highlight=False)
        print_scores(result["unseen"], title=f"{test.name}, texts not in {train.name}")
    if out is not None:
        out.write_text(json.dumps(result, indent=2), encoding="utf-8")
        console.print(f"figures written to {out}", highlight=False)


def print_scores(result: dict, title: str = "stance") -> None:
    """Print the per-class table and the summary lines of :func:`stancemap.stance.evaluate.scores`."""
    table = Table(title=title)
    for name, justify in (("label", "left"), ("precision", "right"), ("recall", "right"),
                          ("F1", "right"), ("pairs", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for label, row in result["per_class"].items():
        table.add_row(label, f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}",
                      str(row["support"]))
    console.print(table)
    line = f"pairs {result['n']}  accuracy {result['accuracy']:.4f}  macro-F1 {result['macro_f1']:.4f}"
    if "fnc_score" in result:
        line += f"  FNC-1 score {result['fnc_score']:.4f}"
    if "ece" in result:
        line += (f"  expected calibration error {result['ece']:.4f} (sampling alone gives a calibrated model "
                 f"{result['ece_floor']:.4f} here)")
    console.print(line, highlight=False)
