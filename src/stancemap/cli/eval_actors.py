"""``stancemap eval actors``: score actor resolution on hand-labelled speaker mentions."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from stancemap.cli.common import DB_HELP, console, err_console, user_errors


def eval_actors(
    gold: Annotated[Path, typer.Option("--gold", help="Labelled mentions, TSV or JSON Lines (doc, start, end or mention, date, gold).")],
    texts: Annotated[Path | None, typer.Option("--texts", help="Folder of <doc>.txt files the offsets index (e.g. PolNeAR dev/text).")] = None,
    registry: Annotated[Path | None, typer.Option("--registry", help="Registry file to add to the starter registry (.yaml, .csv, Wikidata .json).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Also replay this store's curation edits. " + DB_HELP)] = None,
    errors: Annotated[int, typer.Option("--errors", help="List up to this many wrong resolutions.")] = 0,
    out: Annotated[Path | None, typer.Option("--out", help="Write the figures and every error as JSON to this file.")] = None,
) -> None:
    """Accuracy and wrong-merge rate of actor resolution on labelled speaker mentions."""
    from stancemap.actors.io import read_registry, registry_from_data, registry_to_data, starter_data
    from stancemap.actors.registry import ActorRegistry
    from stancemap.eval.actors import evaluate_actors

    with user_errors():
        chosen = ActorRegistry.default()
        if registry is not None:
            from stancemap.actors.curation import merge_data

            data = merge_data(copy.deepcopy(starter_data()), registry_to_data(read_registry(registry)))
            chosen = registry_from_data(data, source=f"starter registry with {registry}")
        if db is not None:
            from stancemap.actors.curation import registry_with_store
            from stancemap.workflows import open_store

            with open_store(db, must_exist=True) as store:
                chosen = registry_with_store(store, chosen)
        scores = evaluate_actors(gold, texts=texts, registry=chosen)
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
    if out is not None:
        out.write_text(json.dumps(scores.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
        err_console.print(f"figures written to {out}")
