"""Stored statements as flat rows, and writers for JSON Lines, CSV and Parquet.

One row per statement; codings are kept whole (a JSON list) so that no
information is lost in a flat format, and the stance on each issue is also
given as its own column ``stance:<issue>`` for spreadsheet users.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from stancemap.csvcells import csv_record
from stancemap.models import StoredStatement

#: the fixed columns of a flat statement row, in order
COLUMNS: tuple[str, ...] = (
    "id", "doc", "version", "date", "title", "source", "url", "author", "section",
    "actor", "actor_type", "speaker", "speaker_name", "speaker_start", "speaker_end",
    "cue", "cue_start", "cue_end", "content", "content_start", "content_end",
    "kind", "confidence", "codings",
)


def statement_record(stored: StoredStatement) -> dict[str, Any]:
    """A stored statement in the JSON contract of DESIGN.md, with its id and document."""
    record = {"id": stored.id, **stored.statement.to_dict()}
    doc = stored.document
    record.update({"version": doc.version, "title": doc.title, "source": doc.source, "url": doc.url,
                   "author": doc.author, "section": doc.section})
    return record


def statement_row(stored: StoredStatement, issues: Sequence[str] = ()) -> dict[str, Any]:
    """A flat row: spans as text plus start and end columns, codings as JSON."""
    st, doc = stored.statement, stored.document
    row: dict[str, Any] = {
        "id": stored.id,
        "doc": st.doc_id,
        "version": doc.version,
        "date": st.date.isoformat() if st.date else None,
        "title": doc.title,
        "source": doc.source,
        "url": doc.url,
        "author": doc.author,
        "section": doc.section,
        "actor": st.actor,
        "actor_type": st.actor_type,
        "speaker": st.speaker.text if st.speaker else None,
        "speaker_name": st.speaker_name,
        "speaker_start": st.speaker.start if st.speaker else None,
        "speaker_end": st.speaker.end if st.speaker else None,
        "cue": st.cue.text if st.cue else None,
        "cue_start": st.cue.start if st.cue else None,
        "cue_end": st.cue.end if st.cue else None,
        "content": st.content.text,
        "content_start": st.content.start,
        "content_end": st.content.end,
        "kind": st.kind,
        "confidence": round(st.confidence, 4),
        "codings": json.dumps([c.to_dict() for c in st.codings], ensure_ascii=False),
    }
    by_issue = {c.issue: c.stance for c in st.codings}
    for issue in issues:
        row[f"stance:{issue}"] = by_issue.get(issue)
    return row


def issue_ids(statements: Iterable[StoredStatement]) -> list[str]:
    """The issues that occur in the codings of ``statements``, sorted."""
    return sorted({c.issue for s in statements for c in s.statement.codings})


def write_jsonl(statements: Sequence[StoredStatement], out: TextIO) -> int:
    for stored in statements:
        out.write(json.dumps(statement_record(stored), ensure_ascii=False) + "\n")
    return len(statements)


def write_csv(statements: Sequence[StoredStatement], out: TextIO) -> int:
    issues = issue_ids(statements)
    writer = csv.DictWriter(out, fieldnames=[*COLUMNS, *(f"stance:{i}" for i in issues)])
    writer.writeheader()
    for stored in statements:
        writer.writerow(csv_record(statement_row(stored, issues)))
    return len(statements)


def write_parquet(statements: Sequence[StoredStatement], path: str | Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    issues = issue_ids(statements)
    rows = [statement_row(s, issues) for s in statements]
    names = [*COLUMNS, *(f"stance:{i}" for i in issues)]
    types = {
        "id": pa.int64(), "version": pa.int64(), "speaker_start": pa.int64(), "speaker_end": pa.int64(),
        "cue_start": pa.int64(), "cue_end": pa.int64(), "content_start": pa.int64(),
        "content_end": pa.int64(), "confidence": pa.float64(),
    }
    schema = pa.schema([(n, types.get(n, pa.string())) for n in names])
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, str(path))
    return len(statements)


def csv_text(statements: Sequence[StoredStatement]) -> str:
    """The CSV export as a string (for the web app's download and for tests)."""
    buffer = io.StringIO()
    write_csv(statements, buffer)
    return buffer.getvalue()
