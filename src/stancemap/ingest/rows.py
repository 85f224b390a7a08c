"""Rows of JSON Lines, CSV and Parquet files as articles.

Shared by the row readers: which column holds each of our fields (``mapping``
renames, names otherwise match exactly, then ignoring case), ids for rows
without one, duplicate ids, and dates that cannot be parsed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from stancemap.errors import InputError, message
from stancemap.ingest.dates import parse_date
from stancemap.ingest.header import HEADER_FIELDS, header_values
from stancemap.ingest.meta import NO_DEFAULTS, SPEAKER_FIELDS, SpeakerDefaults
from stancemap.ingest.seen_ids import SeenIds
from stancemap.models import Article, ReadFailure

__all__ = ["FIELDS", "find_column", "no_text_column", "RowBuilder"]

#: Our field names; ``mapping`` maps each to a column of the input. The speaker
#: fields and ``genre`` (see :mod:`stancemap.ingest.meta`) and the header fields
#: ``author``, ``section`` and ``length`` (see :mod:`stancemap.ingest.header`) are optional.
FIELDS: tuple[str, ...] = ("id", "date", "title", "source", "url", "text", *SPEAKER_FIELDS, "genre", *HEADER_FIELDS)


def find_column(field: str, columns: Iterable[str], mapping: Mapping[str, str]) -> str | None:
    """The column that holds ``field``, ``None`` if there is none.

    >>> find_column("text", ["ID", "Text"], {})
    'Text'
    >>> find_column("text", ["id", "body"], {"text": "body"})
    'body'
    """
    columns = list(columns)
    wanted = mapping.get(field, field)
    if wanted in columns:
        return wanted
    if field in mapping:
        return None
    lowered = wanted.lower()
    return next((column for column in columns if str(column).lower() == lowered), None)


def no_text_column(name: str, columns: Iterable[str], mapping: Mapping[str, str]) -> InputError:
    """The E107 error for an input with no text column, listing the columns found."""
    found = ", ".join(str(column) for column in columns) or "no columns"
    if "text" in mapping:
        head = f"{name}: no column {mapping['text']!r} (named by --map text={mapping['text']})"
    else:
        head = f"{name}: no `text` column"
    return InputError.of("E107", head=head, found=found)


def _optional(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _no_text(text: Any, where: str) -> str:
    """The E110 message for a row whose text is empty or not a string."""
    if text is None or isinstance(text, str):
        return message("E110", where=where)
    return message("E110.type", where=where, type=type(text).__name__)


class RowBuilder:
    """Turns the rows of one input into articles.

    Parameters
    ----------
    name, stem : str
        The input's name for messages and the base of generated ids.
    mapping : mapping
        Our field -> their column.
    date : datetime.date, optional
        Date for rows with no date value.
    warnings : tuple of str
        Warnings that apply to every row (e.g. a guessed encoding).
    speakers : SpeakerDefaults, optional
        Speaker fields and genre for rows that give none (``--speaker``, ``--genre``).
    """

    def __init__(
        self,
        name: str,
        stem: str,
        mapping: Mapping[str, str],
        date: dt.date | None = None,
        warnings: tuple[str, ...] = (),
        speakers: SpeakerDefaults | None = None,
    ) -> None:
        self.name = name
        self.stem = stem
        self.mapping = mapping
        self.date = date
        self.warnings = warnings
        self.speakers = speakers or NO_DEFAULTS
        self._seen = SeenIds()  # every id used so far, in flat memory however long the file
        self._columns: dict[tuple[str, ...], dict[str, str | None]] = {}

    def close(self) -> None:
        """Forget the ids seen (and delete their temporary database, if the file was long)."""
        self._seen.close()

    def columns(self, keys: Iterable[str]) -> dict[str, str | None]:
        """Our field -> the input's column (``None`` when absent) for these keys."""
        keys = tuple(keys)
        found = self._columns.get(keys)
        if found is None:
            found = {field: find_column(field, keys, self.mapping) for field in FIELDS}
            if len(self._columns) < 64:  # rows of one file mostly share their keys
                self._columns[keys] = found
        return found

    def build(
        self,
        row: Mapping[str, Any],
        columns: Mapping[str, str | None],
        number: int,
        where: str,
        origin: str,
    ) -> Article | ReadFailure:
        """One row as an :class:`Article`, or a :class:`ReadFailure` (E110, E115 for an unknown genre).

        ``number`` is the row number (from 1) used for a missing id, ``where``
        names the row in messages (``"a.csv line 3"``) and ``origin`` is
        ``"path:line"``.
        """

        def get(field: str) -> Any:
            column = columns.get(field)
            return None if column is None else row.get(column)

        text = get("text")
        if not isinstance(text, str) or not text.strip():
            return ReadFailure(origin, _no_text(text, where), "E110")
        try:
            speaker_fields = self.speakers.fields(get, where)
        except InputError as error:
            return ReadFailure(origin, error.message, error.code)
        header, warnings = header_values(get, where)
        warnings = [*self.warnings, *warnings]
        doc_id = _optional(get("id")) or f"{self.stem}-{number}"
        doc_id = self._unique(doc_id, where, warnings)
        date = self._date(get("date"), where, warnings)
        return Article(
            doc_id=doc_id,
            text=text,
            date=date,
            title=_optional(get("title")),
            source=_optional(get("source")),
            url=_optional(get("url")),
            origin=origin,
            warnings=tuple(warnings),
            **speaker_fields,
            **header,
        )

    def _date(self, raw_date: Any, where: str, warnings: list[str]) -> dt.date | None:
        """The row's date: ``self.date`` when it has none, ``None`` (and W101) when it cannot be parsed."""
        if raw_date is None or (isinstance(raw_date, str) and not raw_date.strip()):
            return self.date
        date = parse_date(raw_date)
        if date is None:
            warnings.append(message("W101.row-date", where=where, date=raw_date))
        return date

    def _unique(self, doc_id: str, where: str, warnings: list[str]) -> str:
        count = self._seen.get(doc_id, 0) + 1
        self._seen[doc_id] = count
        if count == 1:
            return doc_id
        new_id = f"{doc_id}-{count}"
        while new_id in self._seen:
            count += 1
            new_id = f"{doc_id}-{count}"
        self._seen[doc_id] = count
        self._seen[new_id] = 1
        warnings.append(message("W103", where=where, doc_id=doc_id, new_id=new_id))
        return new_id
