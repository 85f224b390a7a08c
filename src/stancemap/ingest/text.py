"""Plain-text articles (``.txt``, ``.text``, ``.md`` and unknown text files).

The text is kept exactly as decoded. A first line ``date YYYY-MM-DD`` sets the
date; the body starts after it and the whitespace that follows, possibly on the
same line::

    " date 2024-05-28 Borrell noted that ..."   ->  body_start == 17
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping

from stancemap.errors import InputError, message
from stancemap.ingest.dates import date_from_filename, parse_date
from stancemap.ingest.decode import decode_bytes
from stancemap.ingest.meta import NO_DEFAULTS, SpeakerDefaults
from stancemap.ingest.source import Source
from stancemap.models import Article, ReadFailure

__all__ = ["MAX_FILE_BYTES", "DATE_HEADER", "check_size", "read_text", "read_whole", "split_header"]

#: Largest single text or HTML file read whole (streaming formats have no limit).
MAX_FILE_BYTES = 256 * 1024 * 1024

#: ``date YYYY-MM-DD`` at the start of the first line (leading spaces allowed).
DATE_HEADER = re.compile(r"[^\S\n]*date[^\S\n]+(\d{4}-\d{2}-\d{2})(?!\d)")
_SPACE = re.compile(r"\s*")


def check_size(source: Source) -> None:
    """Refuse a file whose size on disk is over :data:`MAX_FILE_BYTES` (E113) before reading it."""
    size = source.size()
    if size is not None and size > MAX_FILE_BYTES:
        raise _too_large(source.name, size)


def read_whole(source: Source) -> bytes:
    """Read a whole input, refusing files over :data:`MAX_FILE_BYTES` (E113)."""
    check_size(source)
    with source.open() as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(source.name, len(data))
    return data


def _too_large(name: str, size: int) -> InputError:
    return InputError.of("E113", name=name, megabytes=size / 2**20, limit=MAX_FILE_BYTES // 2**20)


def split_header(text: str) -> tuple[str | None, int]:
    """Find a ``date YYYY-MM-DD`` header on the first line.

    Returns
    -------
    (str or None, int)
        The date as written (``None`` without a header) and the offset where the
        body starts (``0`` without a header).

    Examples
    --------
    >>> split_header(" date 2024-05-28 Borrell noted that ...")
    ('2024-05-28', 17)
    >>> split_header("date 2024-05-28\\n\\nBody.")
    ('2024-05-28', 17)
    >>> split_header("Body first.\\ndate 2024-05-28")
    (None, 0)
    """
    match = DATE_HEADER.match(text)
    if match is None:
        return None, 0
    space = _SPACE.match(text, match.end())
    assert space is not None  # ``\s*`` matches everywhere
    return match.group(1), space.end()


def read_text(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
    speakers: SpeakerDefaults | None = None,
) -> Iterator[Article | ReadFailure]:
    """Read one plain-text article.

    Parameters
    ----------
    source : Source
        The file or standard input.
    date : datetime.date, optional
        Used when neither a date header nor a date in the file name is found.
    mapping : mapping, optional
        Ignored (plain text has no fields).
    speakers : SpeakerDefaults, optional
        The speaker fields and genre of the article (``--speaker``, ``--genre``).

    Yields
    ------
    Article
        ``doc_id`` is the file stem; ``text`` the decoded content, unchanged.

    Raises
    ------
    InputError
        E102, E103, E104 or E113; :func:`stancemap.ingest.read_paths` turns them
        into :class:`ReadFailure` records.
    """
    decoded = decode_bytes(read_whole(source), source.name)
    text = decoded.text
    warnings = list(decoded.warnings)
    header, body_start = split_header(text)
    if header is not None:
        found = parse_date(header)
        if found is None:
            warnings.append(message("W101.text-header", name=source.name, header=header))
    else:
        found = date_from_filename(source.stem) or date
    yield Article(
        doc_id=source.stem,
        text=text,
        date=found,
        origin=source.name,
        body_start=body_start,
        warnings=tuple(warnings),
        **(speakers or NO_DEFAULTS).fields(lambda field: None),
    )
