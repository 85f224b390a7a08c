"""``stancemap report``: a self-contained HTML page of positions with evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stancemap import workflows
from stancemap.cli.common import DB_HELP, console, output_file, styled, user_errors
from stancemap.report.html import write_report


def report(
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
) -> None:
    """Write an HTML report: per issue, who supports, opposes or is neutral, with the quoted evidence."""
    with user_errors(), workflows.open_store(db, must_exist=True) as store, output_file(out):
        path = write_report(store, out)
    console.print(styled("Report written to [bold]{}[/] (open it in a browser).", path), markup=True)
