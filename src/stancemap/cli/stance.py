"""``stancemap stance``: train a stance model on labelled pairs, and predict with it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from stancemap import workflows
from stancemap.cli.common import console, err_console, user_errors
from stancemap.errors import UsageError
from stancemap.stance.pairfiles import prediction_labels, read_pairs, write_predictions

stance_app = typer.Typer(
    help="Stance: code, recode, review and learn on the codebook's issues; train, apply and score pair models.",
    no_args_is_help=True,
)

PAIRS_HELP = ("JSON Lines pair file: one object a line with id, claim, text (or body_id with --texts) "
              "and label (support, oppose, neutral, unrelated).")
# Typer shows help as Rich markup: a backslash before the extra's bracket keeps it.
LEARNER_HELP = ("auto (default): issue-adapt.v1 for many texts on a few claims (at most 20 claims, a median of "
                "20 texts or more); cross-encoder.v1 for 5,000 or more support/oppose pairs of argument-length "
                "texts when its extra is installed; else embed-lr.v1. "
                "embed-lr.v1: a general (claim, text) model for claims it "
                "never saw. issue-adapt.v1: the packaged model adapted to each claim's texts. "
                "cross-encoder.v1: a fine-tuned MiniLM cross-encoder, more accurate on debate-style pairs, "
                "12 to 50 times slower; needs `pip install 'stancemap\\[crossencoder]'`.")
TEXTS_HELP = "Body id -> text JSON file for pairs that give a body_id (FNC-1's *_texts.json); repeatable."


@stance_app.callback()
def _group() -> None:
    """Stance on the codebook's issues: recode, review, learn, suggest; pair models: train, predict, eval."""


@stance_app.command("train")
def train(
    pairs: Path = typer.Option(..., "--pairs", help=PAIRS_HELP),
    out: Path = typer.Option(..., "--out", help="Model file to write (.npz)."),
    texts: list[Path] = typer.Option(None, "--texts", help=TEXTS_HELP),
    learner: str = typer.Option("auto", "--learner", help=LEARNER_HELP),
    seed: int = typer.Option(0, "--seed", help="Random seed (the same data and seed give the same model)."),
    from_scratch: bool = typer.Option(False, "--from-scratch",
                                      help="cross-encoder.v1 on support/oppose pairs: fine-tune the base MiniLM, not "
                                           "the packaged stance cross-encoder (which learnt from IBM ArgQ and "
                                           "Perspectrum train)."),
) -> None:
    """Fit a stance model on labelled pairs and write it to --out."""
    from stancemap.stance.crossencoder import LEARNER as CROSS_ENCODER
    from stancemap.stance.learners import choose_learner, save_any

    with user_errors():
        rows = read_pairs(pairs, texts or None)
        learner = chosen(learner, choose_learner([p.as_tuple() for p in rows], learner), len(rows))
        if from_scratch and learner != CROSS_ENCODER:
            raise UsageError.of("E500.from-scratch", learner=learner)
        options = {"start": None} if from_scratch else {}
        model = _train_with_progress([p.as_tuple() for p in rows], learner, seed=seed, source=str(pairs), **options)
        out.parent.mkdir(parents=True, exist_ok=True)
        save_any(model, out)
    counts = model.meta.get("label_counts", {})
    console.print(f"trained {learner} on {len(rows)} pairs from {pairs} "
                  f"({', '.join(f'{k} {v}' for k, v in counts.items())}); model written to {out}",
                  highlight=False)
    _say_too_few(model)
    held = model.meta.get("held_out") or {}
    if held.get("texts"):
        untrained = held.get("untrained_accuracy")
        console.print(f"held out of their claim's fit (five folds), {held['accuracy']:.0%} of {held['texts']} texts "
                      "were coded right" + (f" (without training: {untrained:.0%})" if untrained is not None else "")
                      + f"; confidences tempered by {model.meta['temperature']:.2f} (calibration error there "
                      f"{held['ece']:.3f} -> {held['ece_tempered']:.3f})", highlight=False)


def _say_too_few(model: Any) -> None:
    """Name the claims an ``issue-adapt.v1`` model had too few texts of to adapt to, and what codes them."""
    few = model.meta.get("too_few") or []
    if few:
        shown = "; ".join(few[:3]) + (f"; and {len(few) - 3} more" if len(few) > 3 else "")
        coder = "the default coder, as without --model" if "neutral" in model.labels else "the packaged pair model"
        console.print(f"{len(few)} claim(s) have fewer than {model.meta['min_texts']} labelled texts and are coded "
                      f"by {coder}: {shown}", style="yellow", highlight=False)


def chosen(asked: str, learner: str, pairs: int) -> str:
    """``learner``; says so first when ``auto`` chose the slow cross-encoder (minutes per thousand pairs)."""
    from stancemap.stance.crossencoder import LEARNER as CROSS_ENCODER

    if asked != learner and learner == CROSS_ENCODER:
        console.print(f"auto chose {learner} for {pairs} debate-style pairs: it fine-tunes a network, one to two "
                      "minutes per thousand pairs on one core (--learner embed-lr.v1 trains in seconds, less "
                      "accurately)", highlight=False)
    return learner


def _train_with_progress(rows: list, learner: str, **options: object) -> Any:
    """``train_model`` with a Rich progress bar over its steps (vocabulary, features, fit, calibration folds)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from stancemap.stance.learners import train_model

    columns = (TextColumn("training {task.fields[learner]}: {task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(f"{len(rows)} pairs", total=None, learner=learner)

        def progress(what: str, step: int, steps: int) -> None:
            bar.update(task, completed=step, total=steps, description=f"{what} done")

        model = train_model(rows, learner, progress=progress, **options)
        found = bar.tasks[0]
        bar.update(task, completed=found.total or 1, total=found.total or 1, description="done")
    return model


@stance_app.command("predict")
def predict(
    pairs: Path = typer.Option(..., "--pairs", help="JSON Lines pair file (labels not needed)."),
    out: Path = typer.Option(..., "--out", help="Where to write {\"id\", \"label\", \"confidence\"} JSON lines "
                                                "(the confidence: how likely the label is right); '-' for stdout."),
    model: Path = typer.Option(None, "--model",
                               help="Model file from `stancemap stance train`; default zero-shot, each pair's "
                                    "claim taken as the issue: the default coder (cue rules, the packaged "
                                    "embed-lr.v1 model and its neutral rule), or for support/oppose the packaged "
                                    "cross-encoder where its extra is installed."),
    texts: list[Path] = typer.Option(None, "--texts", help=TEXTS_HELP),
    labels_option: str = typer.Option(None, "--labels",
                                      help="Without --model, the labels to choose among, e.g. support,oppose "
                                           "(default: the labels of the pairs file when it has support, oppose "
                                           "or neutral labels, else all three)."),
    neutral_margin: float = typer.Option(0.0, "--neutral-margin", min=0.0, max=1.0,
                                         help="With --model, embed-lr.v1 models without a neutral label: code a "
                                              "pair neutral when |p(support) - p(oppose)| is below this (e.g. "
                                              "0.2); 0 = off."),
    sided: bool = typer.Option(False, "--sided",
                               help="Without --model, with a neutral label: the texts take sides, as debate "
                                    "arguments or a speaker's claims do. By default they are read as news "
                                    "sentences, and one with no or only light stance cues is coded neutral "
                                    "unless the model is clearly on one side."),
) -> None:
    """Predict the label of every pair with a trained model (default: the default coder, zero-shot)."""
    from stancemap.stance.learners import default_pair_model, load_any, predict_default_scored, predict_scored

    with user_errors():
        rows = read_pairs(pairs, texts or None, require_label=False)
        pairs_read = [(p.claim, p.text) for p in rows]
        if model is None:
            choices, source = prediction_labels(labels_option, rows)
            reading = "" if set(choices) == {"support", "oppose"} else "; texts read as taking sides" if sided else (
                "; texts read as news sentences (--sided: as taking sides)")
            err_console.print(f"predicting {', '.join(sorted(choices))} ({source}) with {default_pair_model(choices)}"
                              f"{reading}", highlight=False)
            scored = predict_default_scored(pairs_read, choices, sentences=not sided)
        else:
            scored = predict_scored(load_any(model), pairs_read, neutral_margin=neutral_margin)
    result = ((p.id, label, confidence) for p, (label, confidence) in zip(rows, scored, strict=True))
    if str(out) == "-":
        write_predictions(result, sys.stdout)
        return
    n = write_predictions(result, out)
    console.print(f"{n} predictions written to {out}", highlight=False)


@stance_app.command("recode")
def recode(
    codebook: Path = typer.Option(..., "--codebook", help="Codebook YAML to code the stored statements against."),
    db: str = typer.Option(None, "--db", help="SQLite file or postgresql:// URL (default stancemap.db)."),
    everything: bool = typer.Option(False, "--all", help="Recode every stored statement, not only those the "
                                    "current codebook and model have not coded."),
) -> None:
    """Code the stored statements again against the current codebook and model, without re-parsing.

    Only statements coded with another codebook or model are recoded (``--all`` for every
    one); people's codings are never changed.
    """
    with user_errors():
        with console.status("recoding stored statements ..."):
            done = workflows.recode(db=db, codebook=codebook, everything=everything)
    console.print(f"recoded {done.statements} statements in {done.documents} documents: "
                  f"{done.codings} model codings written ({done.coded_with})", highlight=False)
