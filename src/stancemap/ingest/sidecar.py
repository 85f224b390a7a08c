"""Metadata for folders of plain-text files: a CSV/TSV sidecar, and titles on first lines.

``--metadata FILE.csv`` (or ``.tsv``) gives, per file, any of ``title``,
``date``, ``source``, ``url``, ``speaker``, ``speaker_org``, ``party``,
``role``, ``genre``, ``author``, ``section`` and ``length`` (a word
count). Rows are keyed by the file's stem in a ``stem``,
``file``, ``filename``, ``doc_id`` or ``id`` column (``speech_01.txt`` and
``speech_01`` both name ``speech_01.txt``). A sidecar value replaces what the
file itself gives; an empty cell changes nothing.

``--title-first-line`` takes the title of a document that has none from its
first non-empty line; the body then starts after that line, so the title is
not parsed for statements.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "meta.csv"
>>> _ = path.write_text("file,title,date\\nspeech_01.txt,On energy,2021-03-04\\n")
>>> car = load_sidecar(path)
>>> article = car.apply(Article("speech_01", "Text."))
>>> article.title, article.date
('On energy', datetime.date(2021, 3, 4))
>>> title_first_line(Article("a", "\\nMy title\\n\\nBody.")).title
'My title'
"""

from __future__ import annotations

import csv
import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from stancemap.errors import InputError, UsageError, message
from stancemap.ingest.dates import parse_date
from stancemap.ingest.header import HEADER_FIELDS, byline, length_warning, word_count
from stancemap.ingest.meta import check_genre
from stancemap.models import Article

__all__ = ["Sidecar", "load_sidecar", "title_first_line", "KEY_COLUMNS", "SIDECAR_FIELDS"]

#: Columns that can hold the file a row is about, in order of preference.
KEY_COLUMNS: tuple[str, ...] = ("stem", "file", "filename", "doc_id", "id")
#: Fields a sidecar can set.
SIDECAR_FIELDS: tuple[str, ...] = (
    "title", "date", "source", "url", "speaker", "speaker_org", "party", "role", "genre", *HEADER_FIELDS,
)


@dataclass(frozen=True)
class Sidecar:
    """Per-file metadata read from a CSV/TSV file, by file stem."""

    path: str
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def apply(self, article: Article) -> Article:
        """``article`` with the values of its row (by ``doc_id``); unchanged without one.

        A date that cannot be parsed leaves the article's date and adds a W101 warning;
        a length with no number leaves its length and adds W112.
        """
        key = article.doc_id if article.doc_id in self.rows else article.doc_id.rsplit("/", 1)[-1]
        row = self.rows.get(key)  # a file in a subfolder has doc_id "site1/article"
        if row is None:
            return article
        where = f"{self.path} line {self.lines[key]}"
        changes: dict[str, Any] = {}
        warnings = list(article.warnings)
        for name, value in row.items():
            if name == "date":
                parsed = parse_date(value)
                if parsed is None:
                    warnings.append(message("W101.sidecar-date", where=where, date=value))
                else:
                    changes["date"] = parsed
            elif name == "length":
                count = word_count(value)
                if count is None:
                    warnings.append(length_warning(value, where))
                else:
                    changes["length"] = count
            elif name == "author":
                changes["author"] = byline(value)
            elif name == "genre":
                try:
                    changes["genre"] = check_genre(value, where)
                except InputError as error:
                    warnings.append(message("W101.sidecar-genre", problem=error.message))
            else:
                changes[name] = value
        return dataclasses.replace(article, **changes, warnings=tuple(warnings))


def _key(value: str) -> str:
    name = PurePath(value.strip().replace("\\", "/")).name
    stem, dot, suffix = name.rpartition(".")
    return stem if dot and suffix and " " not in suffix and len(suffix) <= 8 else name


def load_sidecar(path: str | os.PathLike[str]) -> Sidecar:
    """Read a ``--metadata`` CSV or TSV file (UTF-8; tab-separated when it ends in ``.tsv``).

    Raises
    ------
    UsageError
        E500 when the file cannot be read, has no key column or no known field,
        or names a file twice.
    """
    shown = str(path)
    delimiter = "\t" if shown.lower().endswith((".tsv", ".tab")) else ","
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            columns = {(name or "").strip().lower(): name for name in (reader.fieldnames or [])}
            key = next((columns[c] for c in KEY_COLUMNS if c in columns), None)
            known = [c for c in SIDECAR_FIELDS if c in columns]
            if key is None or not known:
                raise UsageError.of("E500.metadata-header", shown=shown, keys=", ".join(KEY_COLUMNS),
                                    fields=", ".join(SIDECAR_FIELDS), found=", ".join(columns) or "no columns")
            rows: dict[str, dict[str, str]] = {}
            lines: dict[str, int] = {}
            for row in reader:
                line = reader.line_num
                stem = _key(row.get(key) or "")
                if not stem:
                    continue
                if stem in rows:
                    raise UsageError.of("E500.metadata-twice", shown=shown, line=line, stem=stem, first=lines[stem])
                values = {c: " ".join(str(row.get(columns[c]) or "").split()) for c in known}
                rows[stem] = {c: v for c, v in values.items() if v}
                lines[stem] = line
    except OSError as error:
        raise UsageError.of("E500.metadata-read", shown=shown, reason=error.strerror or error) from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise UsageError.of("E500.metadata-utf8", shown=shown, reason=error) from None
    return Sidecar(shown, rows, lines)


def title_first_line(article: Article) -> Article:
    """``article`` with its first non-empty body line as title, when it has no title."""
    if article.title:
        return article
    text = article.text
    start = article.body_start
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    title = " ".join(text[start:end].split())
    if not title:
        return article
    body = end
    while body < len(text) and text[body].isspace():
        body += 1
    if body >= len(text):  # a one-line document keeps its text as body
        return dataclasses.replace(article, title=title)
    return dataclasses.replace(article, title=title, body_start=body)
