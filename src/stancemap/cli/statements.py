"""``stancemap statements``: query the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from stancemap import workflows
from stancemap.cli.actor_names import ACTOR_HELP, lookup
from stancemap.cli.common import DB_HELP, console, err_console, output_file, user_errors
from stancemap.errors import UsageError
from stancemap.ingest.dna import DNA_VERSION
from stancemap.report import tables
from stancemap.report.dna import DEFAULT_PASSWORD, write_dna
from stancemap.workflows import parse_date_option

FORMATS = ("table", "jsonl", "csv", "parquet", "dna")


def statements(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    actor: Annotated[str | None, typer.Option("--actor", help=ACTOR_HELP)] = None,
    issue: Annotated[str | None, typer.Option("--issue", help="Codebook issue id.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="From this date on (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Up to this date (YYYY-MM-DD).")] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="table, jsonl, csv, parquet or dna (a DNA 3 database to review in the Discourse Network Analyzer).",
        ),
    ] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.")] = None,
    include_rejected: Annotated[bool, typer.Option(
        "--include-rejected", help='Also list statements a person marked "not a statement" in the review queue.'
    )] = False,
) -> None:
    """List stored statements, filtered by actor, issue and date.

    Statements a person marked "not a statement" in the review queue are left out,
    as in every other output, unless ``--include-rejected`` is given.
    """
    with user_errors():
        if fmt not in FORMATS:
            raise UsageError.of("E500.format", value=fmt, choices=", ".join(FORMATS))
        if fmt == "parquet" and out is None:
            raise UsageError.of("E500.parquet-out")
        if fmt == "dna" and out is None:
            raise UsageError.of("E500.dna-out")
        since_date = _date_option("--since", since)
        until_date = _date_option("--until", until)
        with workflows.open_store(db, must_exist=True) as store:
            name = lookup(store, actor).name if actor is not None else None
            found = store.statements(actor=name, issue=issue, since=since_date, until=until_date,
                                     include_rejected=include_rejected)
            if fmt == "dna":
                assert out is not None  # checked above: --format dna needs --out
                everything = actor is None and issue is None and since is None and until is None
                _write_dna(store, found, out, everything)
                return
    if fmt == "table":
        _print_table(found)
        return
    writer = tables.write_jsonl if fmt == "jsonl" else tables.write_csv
    if out is None:
        writer(found, sys.stdout)
        return
    with user_errors(), output_file(out):
        if fmt == "parquet":
            tables.write_parquet(found, out)
        else:
            with open(out, "w", encoding="utf-8", newline="") as handle:
                writer(found, handle)
    err_console.print(f"{len(found)} statements written to {out}")


def _date_option(name: str, value: str | None):
    try:
        return parse_date_option(value)
    except UsageError:
        raise UsageError.of("E500.date-option", option=name, value=value) from None


#: from this many columns on, the date and the kind have columns of their own; on a narrower terminal they go under
#: the actor and the cue, and the cue and stance columns are as wide as their longest word, so that no word is cut
WIDE_TABLE = 120


def _print_table(found, out: Console = console) -> None:
    wide = out.width >= WIDE_TABLE
    table = Table(show_lines=True, expand=True, title=f"{len(found)} statements")
    table.add_column("id", no_wrap=True, justify="right")
    if wide:
        table.add_column("date", no_wrap=True, min_width=10)
        table.add_column("actor", ratio=2, overflow="fold")
        table.add_column("cue", ratio=2, overflow="fold")
        table.add_column("content", ratio=5, overflow="fold")
        table.add_column("kind", ratio=2, overflow="fold")
        table.add_column("stance", ratio=2, overflow="fold")
    else:  # widths set here: a ratio column gives up its minimum on a narrow terminal
        cue_width = min(max((len(stored.statement.kind) for stored in found), default=9), 16)
        issues = [len(c.issue) + 1 for stored in found for c in stored.statement.codings]  # "issue:" stays whole
        stance_width = min(max([*issues, len("support")]), 24)
        id_width = max((len(str(stored.id)) for stored in found), default=2)
        room = max(out.width - id_width - cue_width - stance_width - 16, 20)  # 16: five columns' borders, padding
        actor_width = max(round(room * 2 / 7), 10)  # the date stays whole
        table.add_column("actor, date", width=actor_width, overflow="fold")
        table.add_column("cue, kind", width=cue_width, overflow="fold")
        table.add_column("content", width=max(room - actor_width, 10), overflow="fold")
        table.add_column("stance", width=stance_width, overflow="fold")
    for stored in found:
        st = stored.statement
        date = st.date.isoformat() if st.date else ""
        actor = st.actor or st.speaker_name or (st.speaker.text if st.speaker else "")
        cue = st.cue.text if st.cue else ""
        stances = "\n".join(f"{c.issue}: {c.stance}" for c in st.codings)
        if wide:
            table.add_row(str(stored.id), date, actor, cue, st.content.text, st.kind, stances)
        else:
            table.add_row(str(stored.id), Text.assemble(actor, "\n", (date, "dim")),
                          Text.assemble(cue, "\n" if cue else "", (st.kind, "dim")), st.content.text, stances)
    out.print(table)


def _write_dna(store, found, out: Path, everything: bool) -> None:
    """Write ``found`` as a DNA 3 database; without filters, every stored document goes in."""
    issues = {issue.id: issue for issue in store.issues()}
    documents = store.documents(all_versions=False) if everything else ()
    with output_file(out):
        written = write_dna(found, out, texts=lambda info: store.document_text(info.id), issues=issues,
                            documents=documents)
    err_console.print(
        f"{written.statements} DNA statements in {written.documents} documents written to {out} "
        f"(DNA {_dna_version()}; coders' password {DEFAULT_PASSWORD!r}, change it in DNA)"
        + (f"; {written.neutral} neutral codings left out (DNA's agreement is yes/no)" if written.neutral else ""),
        highlight=False)


def _dna_version() -> str:
    return DNA_VERSION
