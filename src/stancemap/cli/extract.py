"""``stancemap extract``: statements to standard output, no store."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from stancemap.cli.common import (
    CODEBOOK_HELP,
    DATE_HELP,
    DOC_TIMEOUT_HELP,
    MAP_HELP,
    MAX_CHARS_HELP,
    MODEL_HELP,
    console,
    err_console,
    styled,
    user_errors,
)
from stancemap.extraction import extract_paths
from stancemap.ingest.limits import DEFAULT_MAX_CHARS
from stancemap.models import ReadFailure
from stancemap.pipeline import DEFAULT_DOC_TIMEOUT


def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or - for standard input.")],
    codebook: Annotated[Path | None, typer.Option("--codebook", help=CODEBOOK_HELP)] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl (one statement per line) or table.")] = "jsonl",
    model: Annotated[str | None, typer.Option("--model", help=MODEL_HELP)] = None,
    date: Annotated[str | None, typer.Option("--date", help=DATE_HELP)] = None,
    mapping: Annotated[str | None, typer.Option("--map", help=MAP_HELP)] = None,
    max_chars: Annotated[int, typer.Option("--max-chars", min=1, help=MAX_CHARS_HELP)] = DEFAULT_MAX_CHARS,
    doc_timeout: Annotated[float, typer.Option("--doc-timeout", min=0, help=DOC_TIMEOUT_HELP)] = DEFAULT_DOC_TIMEOUT,
) -> None:
    """Print the statements of the inputs as JSON Lines (the JSON contract) or a table; nothing is stored.

    Offsets index each document's text exactly as read; ``doc`` is the file stem or the row ``id``.
    """
    if fmt not in ("jsonl", "table"):
        err_console.print(styled("[bold red]error[/] {}: --format {}: use jsonl or table", "[E500]", repr(fmt)),
                          markup=True)
        raise typer.Exit(code=2)
    found = failed = 0
    table = _table() if fmt == "table" else None
    with user_errors():
        for item in extract_paths(paths, codebook=codebook, model=model, date=date, mapping=mapping,
                                  max_chars=max_chars, on_warning=_warn, doc_timeout=doc_timeout):
            if isinstance(item, ReadFailure):
                failed += 1
                err_console.print(styled("[yellow]skipped[/] {}: {}", f"[{item.code}]", item.reason), highlight=False,
                                  markup=True)
                continue
            found += 1
            if table is None:
                sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                stances = ", ".join(f"{c.issue}:{c.stance}" for c in item.codings)
                table.add_row(item.doc_id, item.actor or item.speaker_name or "",
                              item.cue.text if item.cue else "", item.content.text, item.kind, stances)
    if table is not None:
        console.print(table)
    if failed and not found:
        raise typer.Exit(code=1)


def _warn(warning: str) -> None:
    """Show an input warning (W1xx) on standard error, as ``run`` does."""
    err_console.print(styled("[yellow]warning:[/] {}", warning), highlight=False, markup=True)


def _table() -> Table:
    table = Table(show_lines=True)
    for column in ("doc", "speaker", "cue", "content", "kind", "stance"):
        table.add_column(column, overflow="fold")
    return table
