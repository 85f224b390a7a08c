"""``stancemap network``: discourse networks from the store, written as GraphML, GEXF, CSV, JSON or DNA CSV."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from stancemap import workflows
from stancemap.analysis import DUPLICATE_RULES, Selection, parse_period, select, slices
from stancemap.analysis.duplicates import Tally
from stancemap.analysis.polarization import polarization, signed_parts
from stancemap.cli.actor_names import lookup_all
from stancemap.cli.common import DB_HELP, console, err_console, output_file, user_errors
from stancemap.errors import UsageError
from stancemap.models import StoredStatement
from stancemap.network import agreement, build, weights
from stancemap.network.build import LEVELS as NODE_LEVELS
from stancemap.network.build import windows
from stancemap.network.export import writer
from stancemap.network.export.gexf import dynamic_graph
from stancemap.store import aggregates
from stancemap.workflows import parse_date_option

if TYPE_CHECKING:
    from stancemap.store.repository import Store

TYPES = ("two-mode", "congruence", "conflict", "subtract", "cooccurrence")
ONE_MODE_NORMALIZATIONS = ("none", "average-activity", "jaccard", "cosine")
TWO_MODE_NORMALIZATIONS = ("none", "activity", "prominence")
AGREEMENTS = ("combine", "ignore", "subtract")
DUPLICATES = ("document", "week", "month", "year", "range", "all")
FORMATS = ("graphml", "gexf", "csv", "json", "dna")
LEVELS = ("person", "organisation")
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "csv": ".csv", "json": ".json", "dna": ".csv"}


def _choice(option: str, value: str, choices: tuple[str, ...], why: str = "") -> str:
    if value not in choices:
        raise UsageError.of("E500.choice", option=option, value=value, why=why, choices=", ".join(choices))
    return value


def _date(option: str, value: str | None) -> dt.date | None:
    try:
        return parse_date_option(value)
    except UsageError:
        raise UsageError.of("E500.date-option", option=option, value=value) from None


# The command's options, one alias each so that the signature stays readable.
Out = Annotated[Path, typer.Option("--out", help="File to write (per window: one file each, or one dynamic GEXF).")]
Kind = Annotated[str, typer.Option("--type", help="two-mode, congruence, conflict, subtract or cooccurrence.")]
Format = Annotated[
    str, typer.Option("--format", help="graphml, gexf, csv (edge list + _nodes.csv), json or dna (matrix CSV).")
]
Db = Annotated[str | None, typer.Option("--db", help=DB_HELP)]
Issues = Annotated[list[str] | None, typer.Option("--issue", help="Codebook issue id (repeat for several).")]
Actors = Annotated[
    list[str] | None, typer.Option("--actor", help="Only these actors: name, alias or unique surname (repeat).")
]
ActorTypes = Annotated[
    list[str] | None, typer.Option("--actor-type", help="person, organisation, country or group (repeat).")
]
Affiliations = Annotated[
    list[str] | None,
    typer.Option("--affiliation", help="Actors affiliated to this organisation or country, and it (repeat)."),
]
Sources = Annotated[list[str] | None, typer.Option("--source", help="Only documents from this outlet (repeat).")]
ExcludeActors = Annotated[
    list[str] | None,
    typer.Option("--exclude-actor", help="Leave this actor out: name, alias or unique surname (repeat)."),
]
ExcludeIssues = Annotated[list[str] | None, typer.Option("--exclude-issue", help="Leave this issue out (repeat).")]
ExcludeSources = Annotated[
    list[str] | None, typer.Option("--exclude-source", help="Leave this outlet out (repeat).")
]
Since = Annotated[str | None, typer.Option("--since", help="From this date on (YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option("--until", help="Up to this date (YYYY-MM-DD).")]
MinConfidence = Annotated[
    float | None, typer.Option("--min-confidence", help="Minimum statement and coding confidence, 0..1.")
]
Origin = Annotated[str | None, typer.Option("--origin", help="Only codings by 'model' or by 'person'.")]
Normalize = Annotated[
    str,
    typer.Option(
        "--normalize", help="none; two-mode: activity, prominence; one-mode: average-activity, jaccard, cosine."
    ),
]
Agreement = Annotated[
    str, typer.Option("--agreement", help="Two-mode: combine (1 support, 2 oppose, 3 both), ignore or subtract.")
]
Duplicates = Annotated[
    str,
    typer.Option(
        "--duplicates",
        help="Count a repeated actor-issue-stance once per document, week, month, year, range, or keep all.",
    ),
]
Isolates = Annotated[
    bool, typer.Option("--isolates/--no-isolates", help="Keep actors without ties (and every stored actor).")
]
Confidence = Annotated[
    bool, typer.Option("--confidence-weighted", help="Weigh statements by extraction x coding confidence.")
]
Window = Annotated[
    str | None, typer.Option("--window", help="Moving window size, e.g. 30d, 2w, 1m: a network per window.")
]
Step = Annotated[str | None, typer.Option("--step", help="Step between windows (default: the window size).")]
MinWeight = Annotated[
    float | None,
    typer.Option(
        "--min-weight", help="One-mode and co-occurrence: leave out edges whose absolute weight is below this."
    ),
]
Sql = Annotated[
    bool,
    typer.Option(
        "--sql/--no-sql", help="Aggregate in the database (large corpora; edges carry counts, not statement ids)."
    ),
]
Level = Annotated[
    str,
    typer.Option(
        "--level",
        help="Actor nodes: person (as resolved) or organisation "
        "(each person's affiliation; persons with none are left out).",
    ),
]


def network(
    out: Out,
    kind: Kind = "congruence",
    fmt: Format = "graphml",
    db: Db = None,
    issue: Issues = None,
    actor: Actors = None,
    actor_type: ActorTypes = None,
    affiliation: Affiliations = None,
    source: Sources = None,
    exclude_actor: ExcludeActors = None,
    exclude_issue: ExcludeIssues = None,
    exclude_source: ExcludeSources = None,
    since: Since = None,
    until: Until = None,
    min_confidence: MinConfidence = None,
    origin: Origin = None,
    normalize: Normalize = "none",
    agreement_name: Agreement = "combine",
    duplicates: Duplicates = "document",
    isolates: Isolates = False,
    confidence: Confidence = False,
    window: Window = None,
    step: Step = None,
    min_weight: MinWeight = None,
    sql: Sql = False,
    level: Level = "person",
) -> None:
    """Build a discourse network (two-mode, congruence, conflict, subtract or issue co-occurrence) and write it."""
    with user_errors():
        _check(kind, fmt, duplicates, level, normalize, agreement_name, origin, min_weight, window, step)
        selection = Selection.of(
            issues=issue or None, actors=actor or None, actor_types=actor_type or None,
            affiliations=affiliation or None, sources=source or None,
            exclude_actors=exclude_actor or (), exclude_issues=exclude_issue or (),
            exclude_sources=exclude_source or (),
            since=_date("--since", since), until=_date("--until", until),
            min_confidence=min_confidence, origin=origin,
        )
        build, options = _builder(kind, normalize, agreement_name, DUPLICATE_RULES[duplicates], confidence, isolates)
        if min_weight is not None:
            options["min_weight"] = min_weight

        with workflows.open_store(db, must_exist=True) as store:
            selection = _named(store, selection)
            known = store.actors()
            if kind != "cooccurrence":  # issue networks have no actor nodes
                options["actors"] = known if level == "person" else [a for a in known if a.type != "person"]
            if window is None:
                data = _data(store, selection, known, options, sql, level)
                graph = build(data, **options)
                results = [(None, None, graph)]
            else:
                results = list(_windows(store, selection, known, build, options, window, step, sql, level))
        with output_file(out):
            _write(results, fmt, out, writer)
    _report(results, kind, out, fmt)


def _check(
    kind: str, fmt: str, duplicates: str, level: str, normalize: str, agreement_name: str,
    origin: str | None, min_weight: float | None, window: str | None, step: str | None,
) -> None:
    """Raise a :class:`UsageError` for an unknown choice or options that do not go together."""
    _choice("--type", kind, TYPES)
    _choice("--format", fmt, FORMATS)
    _choice("--duplicates", duplicates, DUPLICATES)
    _choice("--level", level, LEVELS)
    if kind == "two-mode":
        _choice("--normalize", normalize, TWO_MODE_NORMALIZATIONS, " does not apply to two-mode networks")
        _choice("--agreement", agreement_name, AGREEMENTS)
        if agreement_name == "combine" and normalize != "none":
            raise UsageError.of("E500.agreement-normalise")
    else:
        _choice("--normalize", normalize, ONE_MODE_NORMALIZATIONS, f" does not apply to {kind} networks")
    if origin is not None and origin not in ("model", "person"):
        raise UsageError.of("E500.origin", value=origin)
    if min_weight is not None and kind == "two-mode":
        raise UsageError.of("E500.min-weight")
    if step is not None and window is None:
        raise UsageError.of("E500.step")
    if window is not None:
        parse_period(window)
        if step is not None:
            parse_period(step)


def _named(store: Store, selection: Any) -> Any:
    """``selection`` with its --actor and --exclude-actor names replaced by the stored actors they mean.

    Each name goes through :func:`stancemap.cli.actor_names.lookup`: an ambiguous or
    unknown name is an error, not an empty network.
    """
    wanted = None if selection.actors is None else frozenset(lookup_all(store, sorted(selection.actors)) or ())
    left_out = frozenset(lookup_all(store, sorted(selection.exclude_actors)) or ())
    return replace(selection, actors=wanted, exclude_actors=left_out)


def _builder(kind: str, normalize: str, agreement_name: str, rule: Any, confidence: bool, isolates: bool):
    options: dict[str, Any] = {"duplicates": rule, "confidence": confidence, "isolates": isolates}
    if kind == "two-mode":
        options["agreement"] = agreement.AGREEMENTS[agreement_name]
        options["normalization"] = agreement.TWO_MODE_NORMALIZATIONS[normalize]
        return build.two_mode, options
    options["normalization"] = weights.NORMALIZATIONS[normalize]
    options["evidence"] = True
    if kind == "cooccurrence":
        return build.cooccurrence, options
    options["weight"] = weights.WEIGHTS[kind]
    return build.one_mode, options


def _data(store: Store, selection: Any, known: list, options: dict[str, Any], sql: bool, level: str = "person"):
    """Tallies from SQL, or the selected statements read into memory; at ``level`` organisation,
    each actor replaced by the organisation it speaks for (:func:`stancemap.network.build.organisations`)."""
    found: list[Tally] | list[StoredStatement]
    if sql:
        found = aggregates.tallies(store, selection, duplicates=options["duplicates"], confidence=options["confidence"])
    else:
        single = next(iter(selection.issues)) if selection.issues and len(selection.issues) == 1 else None
        found = select(store.statements(issue=single, since=selection.since, until=selection.until), selection,
                       actor_records=known)
    return NODE_LEVELS[level](found, known) if level in NODE_LEVELS else found


def _windows(store, selection, known, build, options, window, step, sql, level="person"):
    if not sql:
        yield from windows(_data(store, selection, known, options, False, level), size=window, step=step,
                           build=build, **options)
        return

    first, last = aggregates.date_range(store, selection)
    if first is None:
        return
    size = parse_period(window)
    for lo, hi in slices(first, last, size, parse_period(step) if step else size):
        graph = build(_data(store, selection.between(lo, hi), known, options, True, level), **options)
        graph.graph.update(start=lo.isoformat(), end=hi.isoformat())
        yield lo, hi, graph


def _window_path(out: Path, lo: dt.date, hi: dt.date) -> Path:
    return out.with_name(f"{out.stem}_{lo.isoformat()}_{hi.isoformat()}{out.suffix}")


def _write(results, fmt: str, out: Path, writer) -> None:
    write = writer(fmt)
    if results and results[0][0] is None:
        write(results[0][2], out)
        return
    if fmt == "gexf":
        write(dynamic_graph(results), out)
        return
    for lo, hi, graph in results:
        write(graph, _window_path(out, lo, hi))


def _report(results, kind: str, out: Path, fmt: str) -> None:
    if results and results[0][0] is None:
        graph = results[0][2]
        err_console.print(
            f"{kind} network: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges written to {out}"
        )
        if kind == "subtract" and graph.number_of_edges():
            found = polarization(*signed_parts(graph))
            err_console.print(f"polarization {found.score:.3f}: " + " | ".join(", ".join(c) for c in found.camps))
        return
    table = Table(title=f"{kind} network per window ({len(results)} windows)")
    for column in ("start", "end", "nodes", "edges", "polarization"):
        table.add_column(column)
    for lo, hi, graph in results:
        score = ""
        if kind == "subtract" and graph.number_of_edges():
            cong, conf = signed_parts(graph)
            score = f"{polarization(cong, conf).score:.3f}"
        table.add_row(lo.isoformat(), hi.isoformat(), str(graph.number_of_nodes()), str(graph.number_of_edges()),
                      score)
    console.print(table)
    where = out if fmt == "gexf" else out.parent / f"{out.stem}_<start>_<end>{out.suffix}"
    err_console.print(f"{len(results)} windows written to {where}")
