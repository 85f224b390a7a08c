"""CSV and TSV articles: a header row, then one article per row.

The file is streamed; a malformed row (bad quoting, wrong number of fields)
gives a :class:`ReadFailure` (E106) for that row and the others are still read.
Fields of any size are accepted (a 5 MB article in one cell is fine).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
from collections.abc import Iterator, Mapping

from stancemap.errors import InputError
from stancemap.ingest.decode import Line, detect_encoding, display_encoding, iter_lines
from stancemap.ingest.rows import RowBuilder, no_text_column
from stancemap.ingest.source import Source
from stancemap.models import Article, ReadFailure

__all__ = ["read_csv"]

#: Largest CSV field accepted (the C long limit on every platform).
FIELD_SIZE_LIMIT = 2**31 - 1


def _decoded_lines(lines: Iterator[Line], name: str, encoding: str) -> Iterator[str]:
    for line_no, line, error in lines:
        if error is not None:
            raise InputError(
                f"{name} line {line_no}: not valid {display_encoding(encoding)} "
                f"({error.reason} at byte {error.start}); re-save the file as UTF-8. "
                "Rows before this line were read.",
                code="E104",
            )
        assert line is not None
        yield line


def read_csv(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
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
        E102 (empty), E103 (binary), E104 (undecodable line), E106 (bad header),
        E107 (no text column; the message lists the columns).
    """
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    mapping = mapping or {}
    name = source.name
    head = source.head()
    if not head.strip():
        raise InputError(f"{name}: the file is empty; add a header row and articles.", code="E102")
    encoding = detect_encoding(head, name)
    builder = RowBuilder(name, source.stem, mapping, date, encoding.warnings)
    delimiter = "\t" if source.suffix == ".tsv" else ","
    with contextlib.closing(builder), source.open() as stream:
        lines = _decoded_lines(iter_lines(stream, encoding.encoding), name, encoding.encoding)
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(
                f"{name} line 1: the header row is malformed ({exc}); fix the header.", code="E106"
            ) from None
        header = [column.strip() for column in header]
        columns = builder.columns(header)
        if columns["text"] is None:
            raise no_text_column(name, header, mapping)
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
            yield builder.build(dict(zip(header, row)), columns, number, where, origin)
