"""``stancemap run``: the main job, from articles to the store."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from stancemap.cli.common import (
    CODEBOOK_HELP,
    DATE_HELP,
    DB_HELP,
    DOC_TIMEOUT_HELP,
    MAP_HELP,
    MAX_CHARS_HELP,
    MODEL_HELP,
    console,
    err_console,
    styled,
    user_errors,
)
from stancemap.ingest.limits import DEFAULT_MAX_CHARS
from stancemap.models import GENRES
from stancemap.pipeline import DEFAULT_DOC_TIMEOUT
from stancemap.workflows import Progress as ProgressEvent
from stancemap.workflows import RunSummary
from stancemap.workflows import run as run_workflow

SPEAKER_HELP = "Speaker of documents that name none, e.g. a folder of one person's speeches."
GENRE_HELP = (
    f"Genre of documents that give none: {', '.join(GENRES)} (default news; debate for ParlaMint and transcripts)."
)
FORMAT_HELP = ("Read every input as this format instead of choosing by extension and content: "
               "text, jsonl, csv, parquet, html, parlamint, transcript (speaker turns in plain text), "
               "nexis (Nexis/LexisNexis export), factiva (Factiva export), document (DOCX, PDF, RTF), "
               "warc (web archive).")
METADATA_HELP = ("CSV/TSV of per-file metadata keyed by file stem (a stem or file column; title, date, "
                 "source, url, speaker), for folders of plain-text files.")
TITLE_LINE_HELP = "Take a document's title from its first line when it has none (the body starts after it)."


def run(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or - for standard input.")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    codebook: Annotated[Path | None, typer.Option("--codebook", help=CODEBOOK_HELP)] = None,
    model: Annotated[str | None, typer.Option("--model", help=MODEL_HELP)] = None,
    date: Annotated[str | None, typer.Option("--date", help=DATE_HELP)] = None,
    mapping: Annotated[str | None, typer.Option("--map", help=MAP_HELP)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit non-zero when any input was skipped.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes (each loads the model once).")] = 1,
    dask: Annotated[str | None, typer.Option("--dask", help="Dask scheduler address, e.g. tcp://host:8786.")] = None,
    speaker: Annotated[str | None, typer.Option("--speaker", help=SPEAKER_HELP)] = None,
    genre: Annotated[str | None, typer.Option("--genre", help=GENRE_HELP)] = None,
    fmt: Annotated[str | None, typer.Option("--format", help=FORMAT_HELP)] = None,
    write_codebook: Annotated[Path | None, typer.Option(
        "--write-codebook", help="Where to write the codebook of a DNA database's concepts "
        "(default: <file>.codebook.yaml next to the store).")] = None,
    dna_variables: Annotated[str | None, typer.Option(
        "--dna-variables", help="DNA variables with other names than person, organization, concept, "
        "agreement, e.g. concept=frame,agreement=stance.")] = None,
    metadata: Annotated[Path | None, typer.Option("--metadata", help=METADATA_HELP)] = None,
    title_first_line: Annotated[bool, typer.Option("--title-first-line", help=TITLE_LINE_HELP)] = False,
    max_chars: Annotated[int, typer.Option("--max-chars", min=1, help=MAX_CHARS_HELP)] = DEFAULT_MAX_CHARS,
    doc_timeout: Annotated[float, typer.Option("--doc-timeout", min=0, help=DOC_TIMEOUT_HELP)] = DEFAULT_DOC_TIMEOUT,
    own_voice: Annotated[str, typer.Option(
        "--own-voice", help="Own-voice statements of speeches, testimony, debates and other author-voiced "
        "documents: claims (position-taking, evaluative, deontic or predictive sentences and those naming a "
        "codebook keyword), all (every sentence with a verb), none, or auto (default: all when an issue of the "
        "codebook has no keywords, as DNA concepts have none; else claims).")] = "auto",
) -> None:
    """Read articles, extract statements, resolve actors, code stances and store everything.

    Inputs that cannot be read are skipped with their reason (shown at the end and
    kept in the database); the same command run again adds nothing new and finishes
    an interrupted run.
    """
    with user_errors():
        summary = _run_with_progress(paths, db, codebook, model, date, mapping, quiet, workers, dask,
                                     speaker=speaker, genre=genre, fmt=fmt, write_codebook=write_codebook,
                                     dna_variables=dna_variables, metadata=metadata, title_first_line=title_first_line,
                                     max_chars=max_chars, own_voice=own_voice, doc_timeout=doc_timeout)
    print_summary(summary, db)
    if summary.dna_actors_added:
        console.print(f"{summary.dna_actors_added} actor(s) named in the DNA database added to the actor registry "
                      "(see `stancemap actors list`)", highlight=False)
    if summary.codebook_written:
        console.print(f"codebook of the DNA concepts written to {summary.codebook_written}; extend it and "
                      "pass it with --codebook", highlight=False)
    if not summary.ok:
        err_console.print("[bold red]Nothing could be processed.[/] See the reasons above.", markup=True)
        raise typer.Exit(code=1)
    if strict and summary.failures:
        err_console.print(f"[bold red]--strict:[/] {len(summary.failures)} input(s) skipped.", markup=True)
        raise typer.Exit(code=1)


def _run_with_progress(paths, db, codebook, model, date, mapping, quiet, workers, dask,
                       speaker=None, genre=None, fmt=None, write_codebook=None, dna_variables=None,
                       metadata=None, title_first_line=False, max_chars=None, own_voice="auto",
                       doc_timeout=DEFAULT_DOC_TIMEOUT) -> RunSummary:
    show = not quiet and err_console.is_terminal
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.completed} documents"),
        TextColumn("[cyan]{task.fields[rate]:.1f}/s"),
        TextColumn("{task.fields[statements]} statements"),
        TextColumn("[red]{task.fields[errors]} errors"),
        TimeElapsedColumn(),
        console=err_console,
        disable=not show,
        transient=False,
    ) as progress:
        task = progress.add_task("run", total=None, rate=0.0, statements=0, errors=0)
        started = time.monotonic()

        def on_progress(event: ProgressEvent) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            progress.update(
                task,
                completed=event.documents,
                rate=event.documents / elapsed,
                statements=event.statements,
                errors=event.errors,
            )

        return run_workflow(paths, db=db, codebook=codebook, model=model, date=date, mapping=mapping,
                            on_progress=on_progress, workers=workers, dask=dask,
                            speaker=speaker, genre=genre, format=fmt, write_codebook=write_codebook,
                            dna_variables=dna_variables, metadata=metadata, title_first_line=title_first_line,
                            max_chars=max_chars, own_voice=own_voice, doc_timeout=doc_timeout)


def print_summary(summary: RunSummary, db: str | None) -> None:
    """The closing table: documents, skipped inputs with reasons, statements, actors, stances."""
    counts = summary.store_counts
    table = Table(title=f"stancemap run {summary.run_id}", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents read", str(summary.documents_read))
    table.add_row("  new", str(summary.documents_new))
    table.add_row("  new versions of changed texts", str(summary.documents_changed))
    table.add_row("  already stored (unchanged)", str(summary.documents_unchanged))
    table.add_row("inputs skipped", str(len(summary.failures)))
    table.add_row("statements found", str(summary.statements))
    if summary.statements_recoded:
        table.add_row("stored statements recoded (codebook or model changed)", str(summary.statements_recoded))
    table.add_row("in the store: documents", str(counts.get("documents", 0)))
    table.add_row("in the store: statements", str(counts.get("statements", 0)))
    table.add_row("in the store: actors", str(counts.get("actors", 0)))
    console.print(table)

    per_issue = counts.get("stances") or {}
    if per_issue:
        stances = Table(title="statements per issue and stance (whole store)")
        for column in ("issue", "support", "oppose", "neutral"):
            stances.add_column(column, justify="left" if column == "issue" else "right")
        for issue, by_stance in sorted(per_issue.items()):
            stances.add_row(issue, *(str(by_stance.get(s, 0)) for s in ("support", "oppose", "neutral")))
        console.print(stances)

    if summary.failures:
        skipped = Table(title="skipped inputs", show_lines=False)
        skipped.add_column("input", overflow="fold")
        skipped.add_column("code")
        skipped.add_column("reason", overflow="fold")
        for failure in summary.failures:
            skipped.add_row(failure.origin, failure.code, failure.reason)
        console.print(skipped)
    for warning in summary.warnings:
        err_console.print(styled("[yellow]warning:[/] {}", warning), highlight=False, markup=True)
