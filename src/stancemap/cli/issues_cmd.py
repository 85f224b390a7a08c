"""``stancemap stance suggest``: propose new codebook issues from the statements no issue covers."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from stancemap import workflows
from stancemap.cli.common import DB_HELP, console, output_file, user_errors
from stancemap.store.codings import uncovered_statements


def suggest(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    k: int = typer.Option(None, "--k", help="Number of clusters (default: about sqrt(statements / 2))."),
    show: int = typer.Option(3, "--show", help="Representative statements per suggestion."),
    yaml_out: Path = typer.Option(
        None, "--yaml", help="Also write the suggestions as a codebook fragment to this file."
    ),
) -> None:
    """Cluster the statements no issue covers and propose candidate issues with representative statements."""
    from stancemap.stance.suggest import as_codebook_yaml, suggest_issues

    with user_errors(), workflows.open_store(db, must_exist=True) as store:
        rows = uncovered_statements(store)
    if not rows:
        console.print("every stored statement is coded on some issue: nothing to suggest.")
        return
    speakers = {sid: speaker for sid, _, speaker in rows}
    found = suggest_issues([(sid, text) for sid, text, _ in rows], k=k, representatives=show)
    if not found:
        console.print(f"{len(rows)} uncovered statements, but no group of two or more shares its words.")
        return
    table = Table(title=f"Candidate issues from {len(rows)} statements no issue covers")
    table.add_column("#", justify="right")
    table.add_column("candidate (keywords)")
    table.add_column("statements", justify="right")
    table.add_column("most representative")
    for n, s in enumerate(found, start=1):
        reps = "\n".join(f"[{sid}] {speakers.get(sid) or '?'}: {text[:120]}" for sid, text, _ in s.representatives)
        table.add_row(str(n), s.label, str(s.size), reps)
    console.print(table)
    if yaml_out is not None:
        with user_errors(), output_file(yaml_out, "--yaml"):
            yaml_out.write_text(as_codebook_yaml(found), encoding="utf-8")
        console.print(f"codebook fragment written to {yaml_out}: write each claim, then add them to your codebook.",
                      highlight=False)
