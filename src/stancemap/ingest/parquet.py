"""Parquet articles: columns id, date, title, source, url, text (and the optional
speaker, speaker_org, party, role, genre), read in record batches."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Mapping
from typing import Any

from stancemap.errors import InputError
from stancemap.ingest.meta import SpeakerDefaults
from stancemap.ingest.rows import RowBuilder, no_text_column
from stancemap.ingest.source import Source
from stancemap.models import Article, ReadFailure

__all__ = ["read_parquet", "BATCH_SIZE"]

#: Rows per record batch: memory stays bounded whatever the file's size.
BATCH_SIZE = 1024


def _unreadable(name: str, error: Exception) -> InputError:
    return InputError.of("E111", name=name, reason=error)


def _open(source: Source) -> Any:
    """The ``pyarrow.parquet.ParquetFile`` of ``source`` (standard input read into memory first)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        if source.path is not None:
            return pq.ParquetFile(source.path)
        with source.open() as stream:
            return pq.ParquetFile(io.BytesIO(stream.read()))
    except (pa.ArrowException, OSError) as exc:
        raise _unreadable(source.name, exc) from None


def read_parquet(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
    speakers: SpeakerDefaults | None = None,
) -> Iterator[Article | ReadFailure]:
    """Read the articles of a Parquet file, batch by batch.

    Parameters
    ----------
    source : Source
        The file (standard input is read into memory first: Parquet needs seeking).
    date : datetime.date, optional
        Date for rows without a ``date`` value.
    mapping : mapping, optional
        Our field -> their column, e.g. ``{"text": "body"}``.
    speakers : SpeakerDefaults, optional
        Speaker fields and genre for rows that give none.

    Yields
    ------
    Article or ReadFailure
        An article per row, E110 for an empty text. ``origin`` is ``"path:row"``
        with rows counted from 1; so are generated ids ``<stem>-<row>``.

    Raises
    ------
    InputError
        E111 (not Parquet, or damaged), E107 (no text column; the message lists
        the columns).
    """
    import pyarrow as pa

    mapping = mapping or {}
    name = source.name
    handle = _open(source)
    names = handle.schema_arrow.names
    builder = RowBuilder(name, source.stem, mapping, date, speakers=speakers)
    columns = builder.columns(names)
    if columns["text"] is None:
        raise no_text_column(name, names, mapping)
    wanted = sorted({column for column in columns.values() if column is not None}, key=names.index)
    number = 0
    try:
        for batch in handle.iter_batches(batch_size=BATCH_SIZE, columns=wanted):
            for record in batch.to_pylist():
                number += 1
                where, origin = f"{name} row {number}", f"{name}:{number}"
                yield builder.build(record, columns, number, where, origin)
    except (pa.ArrowException, OSError) as exc:
        raise _unreadable(f"{name} row {number + 1}", exc) from None
    finally:
        handle.close()
        builder.close()
