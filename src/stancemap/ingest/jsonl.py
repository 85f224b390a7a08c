"""JSON Lines articles: one object per line with id, date, title, source, url, text
(and optionally speaker, speaker_org, party, role, genre).

The file is streamed line by line. A malformed line gives a :class:`ReadFailure`
(E105) for that line and the others are still read. A ``.json`` file that is a
single JSON array (or one object) rather than JSON Lines is read whole.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from typing import Any

from stancemap.errors import InputError
from stancemap.ingest.decode import decode_bytes, detect_encoding, display_encoding, iter_lines
from stancemap.ingest.meta import SpeakerDefaults
from stancemap.ingest.rows import RowBuilder, no_text_column
from stancemap.ingest.source import Source
from stancemap.ingest.text import read_whole
from stancemap.models import Article, ReadFailure

__all__ = ["read_jsonl"]


class _NotJsonLines(Exception):
    """The first record of a ``.json`` file is not a one-line object."""


def read_jsonl(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
    speakers: SpeakerDefaults | None = None,
) -> Iterator[Article | ReadFailure]:
    """Read the articles of a JSON Lines file, one per line.

    Parameters
    ----------
    source : Source
        The file or standard input.
    date : datetime.date, optional
        Date for rows without a ``date`` value.
    mapping : mapping, optional
        Our field -> their key, e.g. ``{"text": "body"}``.
    speakers : SpeakerDefaults, optional
        Speaker fields and genre for lines that give none.

    Yields
    ------
    Article or ReadFailure
        An article per line; E105 for a line that is not a JSON object, E110 for
        an empty text, E104 for a line that cannot be decoded; at the end, one
        E107 for the objects that have no text field (listing the keys found). ``origin`` is
        ``"path:line"``; a row without an id gets ``<stem>-<row number>``, rows
        counted from 1 over the non-blank lines.

    Raises
    ------
    InputError
        E102 (empty), E103 (binary), E105 (a ``.json`` file that is not JSON).
    """
    mapping = mapping or {}
    head = source.head()
    if not head.strip():
        raise InputError.of("E102.jsonl", name=source.name)
    encoding = detect_encoding(head, source.name)
    builder = RowBuilder(source.name, source.stem, mapping, date, encoding.warnings, speakers)
    with contextlib.closing(builder):
        try:
            yield from _read_lines(source, builder, encoding.encoding)
        except _NotJsonLines:
            yield from _read_document(source, builder)


class _MissingText:
    """Objects without a text field, reported in one failure at the end of the file.

    When no object has one, the failure is E107 listing the keys found; otherwise
    it names the lines (or items) that lack it. Either way the other objects are read.
    """

    def __init__(self, name: str, mapping: Mapping[str, str], unit: str) -> None:
        self.name, self.mapping, self.unit = name, mapping, unit
        self.numbers: list[int] = []
        self.count = 0
        self.keys: list[str] = []
        self.with_text = False

    def add(self, number: int, record: Mapping[str, Any]) -> None:
        self.count += 1
        if len(self.numbers) < 5:
            self.numbers.append(number)
        if not self.keys:
            self.keys = [str(key) for key in record]

    def report(self) -> ReadFailure | None:
        if not self.count:
            return None
        first = f"{self.name} {self.unit} {self.numbers[0]}"
        if not self.with_text:
            error = no_text_column(first, self.keys, self.mapping)
            return ReadFailure(self.name, error.message, "E107")
        shown = ", ".join(str(number) for number in self.numbers)
        more = ", ..." if self.count > len(self.numbers) else ""
        plural = "s" if self.count > 1 else ""
        return ReadFailure(
            f"{self.name}:{self.numbers[0]}",
            f"{self.name}: {self.count} {self.unit}{plural} ({shown}{more}) have no text field; "
            f"found {', '.join(self.keys) or 'no keys'}. Add the text to them, or pass "
            "--map text=<key>.",
            "E107",
        )


def _read_lines(
    source: Source, builder: RowBuilder, encoding: str
) -> Iterator[Article | ReadFailure]:
    name = source.name
    number = 0
    missing = _MissingText(name, builder.mapping, "line")
    with source.open() as stream:
        for line_no, line, error in iter_lines(stream, encoding):
            where, origin = f"{name} line {line_no}", f"{name}:{line_no}"
            if error is not None:
                number += 1
                yield ReadFailure(
                    origin,
                    f"{where}: not valid {display_encoding(encoding)} ({error.reason} "
                    f"at byte {error.start}); re-save the file as UTF-8.",
                    "E104",
                )
                continue
            assert line is not None
            if not line.strip():
                continue
            number += 1
            try:
                record: Any = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                if number == 1 and source.suffix == ".json":
                    raise _NotJsonLines from exc
                yield ReadFailure(
                    origin,
                    f"{where}: not valid JSON ({exc.msg}, column {exc.colno}); fix the line "
                    "so that it holds one JSON object, or remove it.",
                    "E105",
                )
                continue
            if not isinstance(record, dict):
                if number == 1 and source.suffix == ".json" and isinstance(record, list):
                    raise _NotJsonLines
            yield from _record(builder, missing, record, number, line_no, where, origin,
                               "put one article object on each line")
    failure = missing.report()
    if failure is not None:
        yield failure


def _record(
    builder: RowBuilder, missing: _MissingText, record: Any, number: int, position: int,
    where: str, origin: str, hint: str,
) -> Iterator[Article | ReadFailure]:
    """One parsed JSON value as an article, a failure (not an object), or a row without text."""
    if not isinstance(record, dict):
        yield ReadFailure(
            origin,
            f"{where}: expected a JSON object {{...}}, found a {type(record).__name__}; {hint}.",
            "E105",
        )
        return
    columns = builder.columns(record)
    if columns["text"] is None:
        missing.add(position, record)
        return
    missing.with_text = True
    yield builder.build(record, columns, number, where, origin)


def _read_document(source: Source, builder: RowBuilder) -> Iterator[Article | ReadFailure]:
    """A ``.json`` file holding one array of objects (or one object), read whole."""
    name = source.name
    decoded = decode_bytes(read_whole(source), name)
    try:
        document = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise InputError.of("E105", name=name, line=exc.lineno, reason=exc.msg, column=exc.colno) from None
    records = document if isinstance(document, list) else [document]
    missing = _MissingText(name, builder.mapping, "item")
    for number, record in enumerate(records, start=1):
        where, origin = f"{name} item {number}", f"{name}:{number}"
        yield from _record(builder, missing, record, number, number, where, origin, "make each article an object")
    failure = missing.report()
    if failure is not None:
        yield failure
