"""``stancemap timeline ACTOR``: an actor's stance over time, with the evidence, shifts and contradictions."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from stancemap import workflows
from stancemap.analysis.affiliation import affiliation_resolver
from stancemap.analysis.timeline import timeline as build_timeline
from stancemap.cli.actor_names import ACTOR_HELP, lookup
from stancemap.cli.common import DB_HELP, console, err_console, output_file, user_errors
from stancemap.curation import registry_with_store
from stancemap.errors import UsageError
from stancemap.models import StoredStatement
from stancemap.store import Store
from stancemap.workflows import parse_date_option

FORMATS = ("table", "json")


def _date(option: str, value: str | None) -> dt.date | None:
    try:
        return parse_date_option(value)
    except UsageError:
        raise UsageError.of("E500.date-option", option=option, value=value) from None


def timeline(
    actor: Annotated[str, typer.Argument(help=ACTOR_HELP + " E.g. 'Antony Blinken'.")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    issue: Annotated[str | None, typer.Option("--issue", help="Only this codebook issue id.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="From this date on (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Up to this date (YYYY-MM-DD).")] = None,
    within: Annotated[
        int, typer.Option("--within", help="Days within which opposite stances are a contradiction.")
    ] = 30,
    affiliation: Annotated[
        str | None,
        typer.Option(
            "--affiliation",
            help="Compare with this organisation's line (default: the actor's affiliation on each statement's date: "
            "party, campaign, or country while in office).",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.")] = None,
) -> None:
    """Show an actor's stance over time with the quotes, first statements, shifts and contradictions."""
    with user_errors():
        if fmt not in FORMATS:
            raise UsageError.of("E500.format", value=fmt, choices=", ".join(FORMATS))
        if within < 0:
            raise UsageError.of("E500.within", within=within)
        lo, hi = _date("--since", since), _date("--until", until)
        with workflows.open_store(db, must_exist=True) as store:
            who = lookup(store, actor)
            name = who.name
            found = store.statements(actor=name, issue=issue, since=lo, until=hi)
            coded = [s for s in found if s.statement.actor and s.statement.codings]
            if not coded:
                what = f" on {issue}" if issue else ""
                raise UsageError.of("E500.no-coded", name=name, what=what, count=who.statements)
            line, at, lines = _compared_with(store, affiliation, name, coded)
            wide_lo = lo - dt.timedelta(days=within) if lo else None
            wide_hi = hi + dt.timedelta(days=within) if hi else None
            others = [s for org in sorted(lines)
                      for s in store.statements(actor=org, issue=issue, since=wide_lo, until=wide_hi)]
        result = build_timeline(coded + others, name, issue=issue, affiliation=line, within=within, affiliation_at=at)
    if fmt == "json":
        text = json.dumps(result.to_dict(), ensure_ascii=False, indent=1)
        if out is None:
            sys.stdout.write(text + "\n")
        else:
            with user_errors(), output_file(out):
                out.write_text(text + "\n", encoding="utf-8")
            err_console.print(f"timeline of {result.actor} written to {out}")
        return
    if out is None:
        _print(result, console)
        return
    with user_errors(), output_file(out), open(out, "w", encoding="utf-8") as handle:
        _print(result, Console(file=handle, width=120, markup=False))
    err_console.print(f"timeline of {result.actor} written to {out}")


Resolver = Callable[[str, dt.date | None], str | None]


def _compared_with(
    store: Store, affiliation: str | None, name: str, coded: list[StoredStatement]
) -> tuple[str | None, Resolver | None, set[str]]:
    """The line to compare with (``--affiliation``, or none), the resolver of each statement's
    affiliation when there is no such line, and the organisations whose statements to read."""
    if affiliation:
        line = lookup(store, affiliation).name
        return line, None, {line}
    at = affiliation_resolver(registry_with_store(store), store.actors())
    found = (at(name, s.document.date) for s in coded)
    return None, at, {org for org in found if org is not None and org != name}


def _print(result, target) -> None:  # type: ignore[no-untyped-def]
    title = f"{result.actor}" + (f" (affiliation: {result.affiliation})" if result.affiliation else "")
    table = Table(title=title, show_lines=True)
    for column in ("date", "issue", "stance", "conf.", "quote", "id"):
        table.add_column(column, overflow="fold")
    for entry in result.entries:
        table.add_row(entry.date.isoformat() if entry.date else "", entry.issue, entry.stance,
                      f"{entry.confidence:.2f}", entry.content, str(entry.statement_id))
    target.print(table)
    if result.events:
        events = Table(title="shifts and contradictions")
        for column in ("date", "event", "what", "statements"):
            events.add_column(column, overflow="fold")
        for event in result.events:
            events.add_row(event.date.isoformat() if event.date else "", event.kind, event.message,
                           ", ".join(map(str, event.statement_ids)))
        target.print(events)
