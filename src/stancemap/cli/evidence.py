"""``stancemap stance evidence``: which keywords and codebook phrases code what, issue by issue."""

from __future__ import annotations

import typer
from rich.table import Table

from stancemap import workflows
from stancemap.cli.common import DB_HELP, console, user_errors
from stancemap.store.codings import evidence_tallies


def evidence(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    issue: str = typer.Option(None, "--issue", help="Only this issue (its id in the codebook)."),
    show: int = typer.Option(2, "--show", min=0, help="Example statements per keyword or phrase."),
    top: int = typer.Option(15, "--top", min=1, help="Keywords and phrases shown per issue, most codings first."),
) -> None:
    """Which keywords and codebook phrases brought in each issue's codings, with their sides and what reviewers said.

    Every model coding records the evidence its relevance rests on: the keyword found or the codebook phrase
    nearest the statement. A keyword behind many codings of statements about other things is too general: make it
    longer or drop it, or name what it brings in that is not the issue under the issue's `excludes` ("tax plan" for
    Trump's tax returns), then `stancemap stance recode`. Your "not relevant" in `stancemap stance review` is counted
    here; after `stancemap stance learn`, a keyword called not relevant at least twice, more often than coded with a
    stance, stops counting for its issue.
    """
    with user_errors(), workflows.open_store(db, must_exist=True) as store:
        if issue is not None:
            store.check_issue(issue)
        tallies = evidence_tallies(store, issue=issue, examples=show, top=top)
    if not tallies:
        console.print("no model codings stored" + (f" on {issue}" if issue else "") + ": run `stancemap run` first.")
        return
    for name in dict.fromkeys(t.issue for t in tallies):
        mine = [t for t in tallies if t.issue == name]
        table = Table(title=f"{name}: {sum(t.codings for t in mine)} codings, by what their relevance rests on")
        table.add_column("evidence")
        table.add_column("codings", justify="right")
        table.add_column("support / oppose / neutral", justify="right")
        table.add_column("reviewed: relevant / not", justify="right")
        table.add_column("examples")
        for t in mine[:top]:
            sides = " / ".join(str(t.stances[s]) for s in ("support", "oppose", "neutral"))
            table.add_row(t.evidence, str(t.codings), sides, f"{t.relevant} / {t.not_relevant}",
                          "\n".join(f"[{sid}] {text[:80]}" for sid, text in t.examples))
        console.print(table)
        if len(mine) > top:
            console.print(f"... and {len(mine) - top} more for {name} (--top)", highlight=False)
