"""``stancemap actors``: list, inspect and curate the canonical actors of a corpus.

Every edit (merge, split, alias, set-type, affiliate, import) is logged in the
store and replayed on the registry of every later run, so it survives reruns.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from stancemap import curation, workflows
from stancemap.actors.io import write_csv, write_yaml
from stancemap.cli.actor_names import ACTOR_HELP, lookup
from stancemap.cli.common import DB_HELP, console, err_console, output_file, styled, user_errors
from stancemap.curation import registry_with_store
from stancemap.errors import UsageError
from stancemap.store import curation as sql

actors_app = typer.Typer(
    help="List, inspect and curate canonical actors (merges and edits survive reruns).",
    no_args_is_help=True,
)

BY_HELP = "Who makes the edit (recorded in the edits log)."
EXPORT_FORMATS = ("yaml", "csv")


def _open(db: str | None, *, must_exist: bool = True):
    return workflows.open_store(db, must_exist=must_exist)


def _done(edit) -> None:  # type: ignore[no-untyped-def]
    other = f" -> {edit.other}" if edit.other else ""
    console.print(f"edit {edit.id}: {edit.kind} {edit.actor}{other}", highlight=False)


@actors_app.command("list")
def list_actors(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    kind: Annotated[
        str | None, typer.Option("--type", help="Only this type: person, organisation, country, group.")
    ] = None,
    search: Annotated[str | None, typer.Option("--search", help="Name or alias contains this text (any case).")] = None,
    unreviewed: Annotated[bool, typer.Option("--unreviewed", help="Only actors no person has curated yet.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines instead of a table.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", help="Show at most this many.")] = None,
) -> None:
    """List the stored actors with type, statements, aliases and affiliation."""
    with user_errors():
        with _open(db) as store:
            found = sql.stored_actors(store, type=kind, search=search, reviewed=False if unreviewed else None)
    found = found[:limit] if limit is not None else found
    if as_json:
        for stored in found:
            typer.echo(json.dumps(_actor_json(stored), ensure_ascii=False))
        return
    table = Table(title=f"{len(found)} actors")
    for column in ("name", "type", "statements", "aliases", "affiliation", "reviewed"):
        table.add_column(column, overflow="fold", justify="right" if column == "statements" else "left")
    for stored in found:
        actor = stored.actor
        table.add_row(actor.name, actor.type, str(stored.statements), ", ".join(actor.aliases),
                      actor.affiliation or "", "yes" if actor.reviewed else "")
    console.print(table)


def _actor_json(stored) -> dict:  # type: ignore[no-untyped-def]
    actor = stored.actor
    return {
        "name": actor.name,
        "type": actor.type,
        "aliases": list(actor.aliases),
        "affiliation": actor.affiliation,
        "reviewed": actor.reviewed,
        "statements": stored.statements,
        "affiliations": [
            {"affiliation": a.affiliation, "start": a.start and a.start.isoformat(), "end": a.end and a.end.isoformat()}
            for a in stored.affiliations
        ],
        "merged": list(stored.merged),
        "alias_sources": [{"alias": alias, "document": doc, "evidence": evidence}
                          for alias, doc, evidence in stored.alias_sources],
    }


@actors_app.command("show")
def show(
    name: Annotated[str, typer.Argument(help=ACTOR_HELP)],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text.")] = False,
) -> None:
    """Show one actor: aliases, type, affiliations, roles by date, statements and its edits."""
    with user_errors():
        with _open(db) as store:
            canonical = lookup(store, name).name
            stored = sql.stored_actors(store, names=[canonical])[0]
            edits = sql.edits(store, actor=canonical)
            registry = registry_with_store(store)
    roles = [
        {"title": role.title, "start": start and start.isoformat(), "end": end and end.isoformat()}
        for role, start, end in registry.roles_of(canonical)
    ]
    data = _actor_json(stored) | {
        "roles": roles,
        "edits": [{"id": e.id, "kind": e.kind, "actor": e.actor, "other": e.other, "person": e.person,
                   "at": e.created_at.isoformat()} for e in edits],
    }
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    actor = stored.actor
    reviewed = "reviewed" if actor.reviewed else "unreviewed"
    console.print(styled("[bold]{}[/] ({}, {})", actor.name, actor.type, reviewed), markup=True)
    console.print(f"statements: {stored.statements}", highlight=False)
    for alias, doc, evidence in stored.alias_sources:
        learned = f" (learned from {doc}: {evidence})" if doc else " (added or imported)"
        console.print(f"alias: {alias}{learned}", highlight=False, markup=False)
    if stored.merged:
        console.print("merged from: " + ", ".join(stored.merged), highlight=False)
    if actor.affiliation:
        console.print(f"affiliation: {actor.affiliation}", highlight=False)
    for a in stored.affiliations:
        console.print(f"  {a.affiliation}: {a.start or '...'} to {a.end or '...'}", highlight=False)
    for role in roles:
        console.print(f"role: {role['title']} {role['start'] or '...'} to {role['end'] or '...'}", highlight=False)
    for e in data["edits"]:
        console.print(f"edit {e['id']} {e['at'][:19]} {e['kind']} {e['actor']} -> {e['other'] or ''}"
                      f"{' by ' + e['person'] if e['person'] else ''}", highlight=False)


@actors_app.command("merge")
def merge(
    source: Annotated[str, typer.Argument(help="The actor to merge away (name or alias).")],
    target: Annotated[str, typer.Argument(help="The actor it becomes (name or alias).")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    by: Annotated[str | None, typer.Option("--by", help=BY_HELP)] = None,
) -> None:
    """Merge SOURCE into TARGET: its statements move now, and later runs resolve it to TARGET."""
    with user_errors():
        with _open(db) as store:
            _done(curation.merge(store, source, target, person=by))


@actors_app.command("split")
def split(
    actor: Annotated[str, typer.Argument(help="The actor to split (name or alias).")],
    new: Annotated[str, typer.Argument(help="Name of the actor split off.")],
    alias: Annotated[list[str] | None, typer.Option("--alias", help="A name that belongs to NEW (repeat).")] = None,
    kind: Annotated[str | None, typer.Option("--type", help="Type of NEW (default: ACTOR's).")] = None,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    by: Annotated[str | None, typer.Option("--by", help=BY_HELP)] = None,
) -> None:
    """Split NEW off ACTOR: mentions named NEW or an --alias move to NEW, now and in later runs."""
    with user_errors():
        with _open(db) as store:
            edit = curation.split(store, actor, new, aliases=alias or [], type=kind, person=by)
            _done(edit)
            console.print(f"{edit.payload.get('mentions', 0)} mentions moved to {new}", highlight=False)


@actors_app.command("alias")
def alias(
    actor: Annotated[str, typer.Argument(help="Canonical name or alias of the actor.")],
    name: Annotated[str, typer.Argument(help="The alias to add (or remove with --remove).")],
    remove: Annotated[bool, typer.Option("--remove", help="Remove the alias instead of adding it.")] = False,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    by: Annotated[str | None, typer.Option("--by", help=BY_HELP)] = None,
) -> None:
    """Add an alias to an actor (an alias another actor has is refused), or --remove one."""
    with user_errors():
        with _open(db) as store:
            edit = (curation.remove_alias if remove else curation.add_alias)(store, actor, name, person=by)
            _done(edit)


@actors_app.command("unalias")
def unalias(
    actor: Annotated[str, typer.Argument(help="Canonical name or alias of the actor.")],
    name: Annotated[str, typer.Argument(help="The alias to remove.")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    by: Annotated[str | None, typer.Option("--by", help=BY_HELP)] = None,
) -> None:
    """Remove an alias from an actor: the name no longer finds the actor (same as `alias --remove`)."""
    with user_errors():
        with _open(db) as store:
            _done(curation.remove_alias(store, actor, name, person=by))


@actors_app.command("repair-aliases")
def repair_aliases(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    apply: Annotated[bool, typer.Option("--apply", help="Remove them (default: only list them).")] = False,
    by: Annotated[str | None, typer.Option("--by", help=BY_HELP)] = None,
) -> None:
    """List (or with --apply remove) learned aliases that are not the actor's name: descriptions, bylines.

    Stores written before aliases were checked may hold "The Democratic presidential
    nominee" as an alias of Donald Trump. Aliases a person added are kept.
    """
    with user_errors():
        with _open(db) as store:
            found = curation.repair_aliases(store, person=by) if apply else curation.unsafe_aliases(store)
    for actor, alias in found:
        console.print(f"{'removed' if apply else 'unsafe'}: {alias!r} of {actor!r}", highlight=False, markup=False)
    console.print(f"{len(found)} aliases {'removed' if apply else 'to remove; run again with --apply'}",
                  highlight=False)


@actors_app.command("set-type")
def set_type(
    actor: Annotated[str, typer.Argument(help="Canonical name or alias of the actor.")],
    kind: Annotated[str, typer.Argument(help="person, organisation, country or group.")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    by: Annotated[str | None, typer.Option("--by", help=BY_HELP)] = None,
) -> None:
    """Set an actor's type."""
    with user_errors():
        with _open(db) as store:
            _done(curation.set_type(store, actor, kind, person=by))


@actors_app.command("affiliate")
def affiliate(
    actor: Annotated[str, typer.Argument(help="Canonical name or alias of the person.")],
    affiliation: Annotated[str, typer.Argument(help="The organisation or country the person acts for.")],
    start: Annotated[str | None, typer.Option("--start", help="From this date (YYYY-MM-DD, inclusive).")] = None,
    end: Annotated[str | None, typer.Option("--end", help="Up to this date (YYYY-MM-DD, inclusive).")] = None,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    by: Annotated[str | None, typer.Option("--by", help=BY_HELP)] = None,
) -> None:
    """Record that ACTOR acts for AFFILIATION, optionally over a date range."""
    with user_errors():
        with _open(db) as store:
            _done(curation.affiliate(store, actor, affiliation, start=start, end=end, person=by))


@actors_app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="Registry file: .yaml, .csv, or a Wikidata JSON dump (.json/.jsonl).")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    by: Annotated[str | None, typer.Option("--by", help=BY_HELP)] = None,
) -> None:
    """Import your own actors (aliases, types, roles by date) into the store; later runs use them."""
    with user_errors():
        with _open(db, must_exist=False) as store:
            edit = curation.import_registry(store, path, person=by)
    data = edit.payload.get("data", {})
    console.print(
        f"edit {edit.id}: imported {len(data.get('actors', []))} actors and {len(data.get('roles', []))} roles "
        f"from {path}",
        highlight=False,
    )


@actors_app.command("export")
def export(
    path: Annotated[Path, typer.Argument(help="File to write: .yaml or .csv (or pass --format).")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="yaml (actors, roles, capitals) or csv (actors).")] = None,
) -> None:
    """Export the registry the pipeline uses: the starter registry with this store's edits."""
    with user_errors():
        chosen = fmt or ("csv" if path.suffix.lower() == ".csv" else "yaml")
        if chosen not in EXPORT_FORMATS:
            raise UsageError.of("E500.format", value=chosen, choices=", ".join(EXPORT_FORMATS))
        with _open(db) as store:
            registry = registry_with_store(store)
        with output_file(path, "PATH"):
            (write_csv if chosen == "csv" else write_yaml)(registry, path)
    err_console.print(f"{len(registry)} actors written to {path}")
