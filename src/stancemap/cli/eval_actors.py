"""``stancemap eval actors``: score actor resolution on hand-labelled speaker mentions."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from stancemap import extraction, workflows
from stancemap.actors.io import default_registry, read_registry, registry_from_data, registry_to_data, starter_data
from stancemap.actors.registry import ActorRegistry
from stancemap.cli.common import DB_HELP, console, err_console, user_errors
from stancemap.curation import merge_data, registry_with_store
from stancemap.errors import UsageError
from stancemap.eval.actors import ActorScores, evaluate_actors, read_gold
from stancemap.eval.speakers import score_speakers
from stancemap.models import Article, ReadFailure
from stancemap.names.normalise import name_key


def eval_actors(
    gold: Annotated[
        Path,
        typer.Option("--gold", help="Labelled mentions, TSV or JSON Lines (doc, start, end or mention, date, gold)."),
    ],
    texts: Annotated[
        Path | None,
        typer.Option("--texts", help="Folder of <doc>.txt files the offsets index (e.g. PolNeAR dev/text)."),
    ] = None,
    registry: Annotated[
        Path | None,
        typer.Option("--registry", help="Registry file to add to the starter registry (.yaml, .csv, Wikidata .json)."),
    ] = None,
    db: Annotated[str | None, typer.Option("--db", help="Also replay this store's curation edits. " + DB_HELP)] = None,
    errors: Annotated[int, typer.Option("--errors", help="List up to this many wrong resolutions.")] = 0,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the figures and every error as JSON to this file.")
    ] = None,
    pipeline: Annotated[
        bool,
        typer.Option(
            "--pipeline",
            help="End to end: parse the gold's texts and score the actor of the statement found at each mention "
            "(needs --texts).",
        ),
    ] = False,
) -> None:
    """Accuracy of the actors behind speaker mentions: resolved alone, or end to end with --pipeline.

    Alone, each mention is resolved from its text (wrong merges reported). With
    --pipeline the articles are parsed and each gold mention is matched to the
    found statement whose speaker overlaps it; the score is per source kind
    (name, pronoun, description, first person), with gender-impossible pronoun
    resolutions counted.
    """
    with user_errors():
        chosen = _registry(registry, db)
        if pipeline:
            _end_to_end(gold, texts, chosen, errors, out)
            return
        scores = evaluate_actors(gold, texts=texts, registry=chosen)
    _print_scores(scores, gold, errors)
    if out is not None:
        out.write_text(json.dumps(scores.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
        err_console.print(f"figures written to {out}")


def _registry(registry: Path | None, db: str | None) -> ActorRegistry:
    """The starter registry, with the ``registry`` file added and the store's curation edits replayed."""
    chosen = default_registry()
    if registry is not None:
        data = merge_data(copy.deepcopy(starter_data()), registry_to_data(read_registry(registry)))
        chosen = registry_from_data(data, source=f"starter registry with {registry}")
    if db is not None:
        with workflows.open_store(db, must_exist=True) as store:
            chosen = registry_with_store(store, chosen)
    return chosen


def _print_scores(scores: ActorScores, gold: Path, errors: int) -> None:
    """The accuracy table, per mention category, and the first ``errors`` wrong resolutions."""
    table = Table(title=f"Actor resolution on {gold.name}")
    for column in ("mentions", "n", "accuracy", "wrong merges", "wrong-merge rate", "missed (new actor)"):
        table.add_column(column, justify="left" if column == "mentions" else "right")
    table.add_row("all with a gold actor", str(scores.n), f"{scores.accuracy:.3f}", str(scores.wrong_merges),
                  f"{scores.wrong_merge_rate:.3f}", str(scores.new_errors))
    for category, figures in sorted(scores.by_category.items()):
        n = figures["n"]
        table.add_row(f"  {category}", str(n), f"{figures['correct'] / n:.3f}" if n else "-",
                      str(figures["wrong_merges"]), f"{figures['wrong_merges'] / n:.3f}" if n else "-", "")
    table.add_row("generic (gold -)", str(scores.generic), "", str(scores.generic_wrong_merges),
                  f"{scores.generic_wrong_merges / scores.generic:.3f}" if scores.generic else "-", "")
    console.print(table)
    for error in scores.errors[:errors]:
        console.print(f"{error['error']}: {error['mention']!r} -> {error['predicted']!r} ({error['method']}); "
                      f"gold {error['gold']!r}  [{error['doc']} @{error['start']}]", highlight=False, markup=False)


def _end_to_end(gold: Path, texts: Path | None, registry: object, errors: int, out: Path | None) -> None:
    if texts is None:
        raise UsageError.of("E500.pipeline-texts")
    mentions = read_gold(gold, texts)
    dates = {m.doc: m.date for m in mentions}
    articles = [Article(doc, (texts / f"{doc}.txt").read_text(encoding="utf-8"), date, origin=str(texts / f"{doc}.txt"))
                for doc, date in sorted(dates.items())]
    found = [s for s in extraction.extract_articles(articles, registry=registry) if not isinstance(s, ReadFailure)]
    known = {name_key(actor.name): actor.type for actor in registry}  # type: ignore[attr-defined]
    scores = score_speakers(mentions, found, known_actors=known, canonical=registry.canonical_name)  # type: ignore[attr-defined]
    table = Table(title=f"Speakers end to end on {gold.name} ({len(articles)} articles)")
    for column in ("source kind", "n", "found", "accuracy", "accuracy when found", "impossible"):
        table.add_column(column, justify="left" if column == "source kind" else "right")
    table.add_row("all with a gold actor", str(scores.n), str(scores.found), f"{scores.accuracy:.3f}",
                  f"{scores.accuracy_found:.3f}", str(scores.impossible))
    for category, figures in scores.by_category.items():
        n, hit = figures["n"], figures["found"]
        table.add_row(f"  {category}", str(n), str(hit), f"{figures['correct'] / n:.3f}" if n else "-",
                      f"{figures['correct'] / hit:.3f}" if hit else "-", str(figures["impossible"]))
    table.add_row("unresolvable (gold -)", str(scores.unresolvable), "", "", "",
                  f"{scores.unresolvable_named} given a named actor")
    console.print(table)
    for error in scores.errors[:errors]:
        console.print(f"{error['error']}: [{error['category']}] {error['mention']!r} -> {error['predicted']!r} "
                      f"(speaker name {error['speaker_name']!r}, {error['method']}); gold {error['gold']!r}  "
                      f"[{error['doc']} @{error['start']}]", highlight=False, markup=False)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(scores.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
        err_console.print(f"figures written to {out}")
