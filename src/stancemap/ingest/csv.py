"""CSV and TSV articles: a header row, then one article per row.

The file is streamed; a malformed row (bad quoting, wrong number of fields)
gives a :class:`ReadFailure` (E106) for that row and the others are still read.
Fields of any size are accepted (a 5 MB article in one cell is fine).

A line that is not valid in the file's encoding is decoded with a fallback
(:func:`~stancemap.ingest.decode.decode_line_fallback`) and its row carries a
W104 warning; a NUL character becomes U+FFFD with a W105 warning. No later row
is lost.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from stancemap.errors import InputError, message
from stancemap.ingest.decode import (
    Line,
    decode_line_fallback,
    detect_encoding,
    display_encoding,
    iter_lines,
    nul_warning,
    replace_nul,
)
from stancemap.ingest.meta import SpeakerDefaults
from stancemap.ingest.rows import RowBuilder, no_text_column
from stancemap.ingest.source import Source
from stancemap.models import Article, ReadFailure

__all__ = ["read_csv"]

#: Largest CSV field accepted (the C long limit on every platform).
FIELD_SIZE_LIMIT = 2**31 - 1


def _decoded_lines(
    lines: Iterator[Line], name: str, encoding: str, notes: dict[int, list[str]]
) -> Iterator[str]:
    """The text of each line; a line decoded with a fallback or holding NUL gets a note.

    ``notes`` maps a line number to its warnings (W104, W105); the reader moves
    them onto the row that holds the line.
    """
    for line_no, line, error in lines:
        where = f"{name} line {line_no}"
        if error is not None:
            line, how = decode_line_fallback(error.object, encoding)
            notes.setdefault(line_no, []).append(message(
                "W104.csv", where=where, encoding=display_encoding(encoding), reason=error.reason,
                start=error.start, how=how,
            ))
        assert line is not None
        line, nuls = replace_nul(line)
        if nuls:
            notes.setdefault(line_no, []).append(nul_warning(where, nuls))
        yield line


def _take_notes(notes: dict[int, list[str]], first: int, last: int) -> tuple[str, ...]:
    """Remove and return the notes of lines ``first`` to ``last``; drop older ones."""
    taken: list[str] = []
    for line_no in sorted(notes):
        if line_no > last:
            break
        found = notes.pop(line_no)
        if line_no >= first:
            taken.extend(found)
    return tuple(taken)


def read_csv(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
    speakers: SpeakerDefaults | None = None,
) -> Iterator[Article | ReadFailure]:
    """Read the articles of a CSV (``.tsv``: tab-separated) file.

    Parameters
    ----------
    source : Source
        The file.
    date : datetime.date, optional
        Date for rows without a ``date`` value.
    mapping : mapping, optional
        Our field -> their column, e.g. ``{"text": "body"}``.
    speakers : SpeakerDefaults, optional
        Speaker fields and genre for rows that give none.

    Yields
    ------
    Article or ReadFailure
        An article per row; E106 for a malformed row, E110 for an empty text.
        ``origin`` is ``"path:line"`` (the line where the row starts, the header
        being line 1); a row without an id gets ``<stem>-<row number>``, data
        rows counted from 1.

    Raises
    ------
    InputError
        E102 (empty), E103 (binary), E104 (encoding unknown), E106 (bad header),
        E107 (no text column; the message lists the columns).
    """
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    mapping = mapping or {}
    name = source.name
    head = source.head()
    if not head.strip():
        raise InputError.of("E102.csv", name=name)
    encoding = detect_encoding(head, name)
    builder = RowBuilder(name, source.stem, mapping, date, encoding.warnings, speakers)
    delimiter = "\t" if source.suffix == ".tsv" else ","
    with contextlib.closing(builder), source.open() as stream:
        notes: dict[int, list[str]] = {}
        lines = _decoded_lines(iter_lines(stream, encoding.encoding), name, encoding.encoding, notes)
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        header = _header(reader, name)
        if header is None:
            return
        # A note on the header lines concerns every row, like a guessed encoding.
        builder.warnings = (*builder.warnings, *_take_notes(notes, 1, reader.line_num))
        columns = builder.columns(header)
        if columns["text"] is None:
            raise no_text_column(name, header, mapping)
        yield from _read_rows(reader, header, builder, columns, notes, name, delimiter)


def _header(reader: Any, name: str) -> list[str] | None:
    """The header row's column names, stripped (``None`` for a file with no rows)."""
    try:
        header = next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        raise InputError.of("E106.header", name=name, reason=exc) from None
    return [column.strip() for column in header]


def _read_rows(
    reader: Any,
    header: list[str],
    builder: RowBuilder,
    columns: dict[str, str | None],
    notes: dict[int, list[str]],
    name: str,
    delimiter: str,
) -> Iterator[Article | ReadFailure]:
    """An article or an E106 failure per data row; blank rows are skipped."""
    number = 0
    while True:
        line_no = reader.line_num + 1
        where, origin = f"{name} line {line_no}", f"{name}:{line_no}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield ReadFailure(
                origin,
                f"{where}: malformed CSV row ({exc}); check the quotes in this row "
                '(a quote inside a field is written "").',
                "E106",
            )
            continue
        if not row:
            continue
        number += 1
        if len(row) != len(header):
            yield ReadFailure(
                origin,
                f"{where}: malformed CSV row: {len(row)} fields where the header has "
                f"{len(header)}; quote fields that contain the delimiter {delimiter!r}.",
                "E106",
            )
            continue
        found = builder.build(dict(zip(header, row, strict=False)), columns, number, where, origin)
        row_notes = _take_notes(notes, line_no, reader.line_num)
        if row_notes and isinstance(found, Article):
            found = dataclasses.replace(found, warnings=(*found.warnings, *row_notes))
        yield found
