"""Nexis Uni / LexisNexis exports (DOCX, RTF, PDF, TXT): one article per document.

Two layouts are recognised (learned from the LexisNexisTools R package's
documentation and sample files):

* **Nexis Uni** (DOCX, RTF, PDF): an optional cover page (``User Name:``,
  ``Date and Time:``, ``Job Number:``, ``Documents (50)``, a list of titles),
  then per article: title, source, date line, ``Copyright ...``,
  ``Section:``, ``Length: 812 words``, ``Byline:``, ``Dateline:``, a ``Body``
  line, the text, ``Classification``, ``Language:``, ``Load-Date:`` ...
  and ``End of Document``.
* **LexisNexis Academic** (TXT, also RTF/DOC): a cover, then per article a
  ``1 of 50 DOCUMENTS`` line, the source, the date line (and edition lines),
  the title, ``BYLINE:``, ``SECTION:``, ``LENGTH:``, the text, ``LOAD-DATE:``,
  ``LANGUAGE:``, ... and a ``Copyright`` line.

An article's text runs from its first header line to the end of its body
(the trailer after it is left out); its body starts after ``Body`` /
``LENGTH:``. An article whose header cannot be found is reported (E118) and
the others are read.

>>> text = "1 of 1 DOCUMENT\\n\\nThe Daily Example\\n\\nMay 28, 2024 Tuesday\\n\\nA headline\\n\\n" \\
...        "BYLINE: Jo Writer\\n\\nLENGTH: 3 words\\n\\nBody text here.\\n\\nLOAD-DATE: May 29, 2024\\n"
>>> [(e.title, e.source, e.date, e.byline, e.body) for e in parse_nexis(split_lines(text))]
[('A headline', 'The Daily Example', 'May 28, 2024 Tuesday', 'Jo Writer', 'Body text here.')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping

from stancemap.errors import message
from stancemap.ingest.archive import (
    Block,
    Entry,
    block_entry,
    line_offsets,
    looks_like_date,
    read_export,
    split_at,
    trim_end,
)
from stancemap.ingest.doctext import document_lines, split_lines
from stancemap.ingest.meta import SpeakerDefaults
from stancemap.ingest.source import Source
from stancemap.models import Article, ReadFailure

__all__ = ["read_nexis", "parse_nexis", "parse_block", "is_nexis", "nexis_entries", "START", "END"]

#: ``1 of 50 DOCUMENTS`` (Academic), also German and French.
START = re.compile(r"^\s*(?:(\d+) of \d+ DOCUMENTS?|Dokument (\d+) von \d+|Document (\d+) de \d+)\s*$")
#: ``End of Document`` (Nexis Uni).
END = re.compile(r"^\s*(?:End of Document|Ende des Dokuments|Fin du document)\s*$", re.IGNORECASE)
_KEY = re.compile(
    r"^\s*(byline|author|autor|section|rubrik|length|länge|longueur|dateline|highlight|edition)"
    r"\s*:[\s\u00a0]*(.*?)\s*$",
    re.IGNORECASE,
)
_BODY = re.compile(r"^\s*(?:Body|Text)\s*$")
_TRAILER = re.compile(
    r"^\s*(?:Classification\s*$|(?:load-date|language|sprache|langue|publication-type|journal-code|"
    r"graphic|url|correction-date|update|subject|notes)\s*:)",
    re.IGNORECASE,
)
_COVER = re.compile(r"^\s*(?:User Name:|Date and Time:|Job Number:|Documents \(\d+\)|Download Request:)")
_COPYRIGHT = re.compile(r"^\s*(?:Copyright|©|\(c\))", re.IGNORECASE)


def is_nexis(lines: Iterable[str]) -> bool:
    """Whether lines look like a Nexis export: a ``1 of N DOCUMENTS`` or ``End of Document`` line."""
    return any(START.match(line) or END.match(line) for line in lines)


def _number(line: str) -> int | None:
    match = START.match(line)
    if match is None:
        return None
    return int(next(group for group in match.groups() if group))


def _nonblank(lines: list[tuple[int, str]]) -> list[int]:
    return [index for index, (_, line) in enumerate(lines) if line.strip()]


#: Header keys spelled in German or French, by the English name used in an :class:`Entry`.
_KEY_NAMES = {"author": "byline", "autor": "byline", "rubrik": "section", "länge": "length", "longueur": "length"}


def parse_block(block: Block, number: int) -> Entry:
    """Parse one article's lines (either layout) into an :class:`Entry`.

    Raises
    ------
    ValueError
        With what is missing, when the block has no header and body.
    """
    lines = line_offsets(block.text)
    filled = _nonblank(lines)
    has_body_line = any(_BODY.match(lines[index][1]) for index in filled)
    keys, key_rows, body_row = _header_keys(lines, filled, has_body_line)
    header = [index for index in filled if index < body_row]
    first_key = min(key_rows) if key_rows else body_row
    date_row = _date_row(lines, header, first_key, has_body_line)
    title_rows, source, start_row = _title_and_source(lines, header, date_row, first_key, has_body_line)
    title = " ".join(" ".join(lines[i][1].split()) for i in title_rows) or None
    if not title:
        raise ValueError(message("E118.nexis-title"))
    start = lines[start_row][0]
    start += len(lines[start_row][1]) - len(lines[start_row][1].lstrip())  # centred lines
    body_from, end = _body_span(block.text, lines, body_row)
    return block_entry(
        block,
        number,
        start,
        end,
        body_from,
        title=title,
        date=" ".join(lines[date_row][1].split()),
        source=source,
        byline=keys.get("byline") or None,
        section=keys.get("section") or None,
        length=keys.get("length") or None,
    )


def _header_keys(
    lines: list[tuple[int, str]], filled: list[int], has_body_line: bool
) -> tuple[dict[str, str], list[int], int]:
    """The header's ``KEY: value`` lines: ``(values by key, their rows, the row the body starts after)``."""
    keys: dict[str, str] = {}
    key_rows: list[int] = []
    for index in filled:
        line = lines[index][1]
        if _BODY.match(line):
            return keys, key_rows, index
        match = _KEY.match(line)
        if match is None and "length" in keys and not has_body_line:
            break  # the first line after the header keys that follow LENGTH
        if match:
            name = match.group(1).lower()
            keys.setdefault(_KEY_NAMES.get(name, name), match.group(2))
            key_rows.append(index)
    # Academic: the body starts after the last key (LENGTH)
    if not key_rows:
        raise ValueError(message("E118.nexis-body"))
    return keys, key_rows, max(key_rows)


def _date_row(lines: list[tuple[int, str]], header: list[int], first_key: int, has_body_line: bool) -> int:
    """The header's date line: Academic's first (the title follows it), Uni's last (a cover precedes it)."""
    date_rows = [i for i in header if i < first_key and looks_like_date(lines[i][1])
                 and not _COPYRIGHT.match(lines[i][1]) and not _COVER.match(lines[i][1])]
    if not date_rows:
        raise ValueError(message("E118.nexis-date"))
    return date_rows[-1] if has_body_line else date_rows[0]


def _title_and_source(
    lines: list[tuple[int, str]], header: list[int], date_row: int, first_key: int, has_body_line: bool
) -> tuple[list[int], str | None, int]:
    """``(title rows, source, first row of the article)`` from the header lines around the date."""
    before = [i for i in header if i < date_row]
    if any(_COVER.match(lines[i][1]) for i in before):
        before = before[-2:]  # a cover page: the article is its last title and source
    if not has_body_line:  # Academic: source, date (+ edition lines), title, keys
        source = " ".join(lines[before[0]][1].split()) if before else None
        after = [i for i in header if date_row < i < first_key and not _COPYRIGHT.match(lines[i][1])]
        groups = _paragraphs(after)
        return (groups[-1] if groups else []), source, (before[0] if before else date_row)
    # Uni: title lines, source, date, keys
    if not before:
        raise ValueError(message("E118.nexis-title-date"))
    source = " ".join(lines[before[-1]][1].split()) if len(before) > 1 else None
    return (before[:-1] if len(before) > 1 else before), source, before[0]


def _body_span(text: str, lines: list[tuple[int, str]], body_row: int) -> tuple[int, int]:
    """Where the body starts and ends in ``text``: after ``body_row``, before the trailer."""
    body_from = lines[body_row + 1][0] if body_row + 1 < len(lines) else len(text)
    end = len(text)
    for offset, line in lines[body_row + 1 :]:
        if _TRAILER.match(line) or END.match(line):
            end = offset
            break
    end = trim_end(text, end)
    while body_from < end and text[body_from].isspace():
        body_from += 1
    if body_from >= end:
        raise ValueError(message("E118.nexis-text"))
    return body_from, end


def _paragraphs(rows: list[int]) -> list[list[int]]:
    """Consecutive line numbers grouped (a blank line separates groups)."""
    groups: list[list[int]] = []
    for row in rows:
        if groups and row == groups[-1][-1] + 1:
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


def _nexis_blocks(lines: Iterable[str]) -> Iterator[tuple[Block, int | None, bool]]:
    """``(block, number of the N of M line that opened it or None, is_cover)``, lazily.

    ``N of M DOCUMENTS`` lines open an article and ``End of Document`` lines
    close one; both are left out. A block closed by the first ``N of M`` line
    is the cover page.
    """
    started = False
    for block, opened_by, closed_by in split_at(lines, lambda line: bool(START.match(line) or END.match(line))):
        if opened_by is None and closed_by is None:
            return  # text with no separator at all is no export
        closing = _number(closed_by) if closed_by is not None else None
        if block.text.strip():
            cover = closing is not None and not started
            yield block, (_number(opened_by) if opened_by is not None else None), cover
        started = started or closing is not None


def parse_nexis(lines: Iterable[str]) -> Iterator[Entry | tuple[Block, int, str]]:
    """Split an export's lines into entries, lazily.

    Yields an :class:`Entry` per article, or ``(block, number, problem)`` for an
    article that could not be parsed. Text before the first ``1 of N
    DOCUMENTS`` line (a cover page) is skipped.
    """
    count = 0
    for block, opened_by, cover in _nexis_blocks(lines):
        if cover:
            continue
        count += 1
        number = opened_by if opened_by is not None else count
        try:
            yield parse_block(block, number)
        except ValueError as error:
            yield block, number, str(error)


def read_nexis(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
    speakers: SpeakerDefaults | None = None,
    lines: Iterable[str] | None = None,
) -> Iterator[Article | ReadFailure]:
    """Read a Nexis Uni / LexisNexis export (DOCX, RTF, PDF or TXT), one article per document.

    Parameters
    ----------
    source : Source
        The export: DOCX, RTF, PDF or TXT.
    date, speakers
        As for :func:`~stancemap.ingest.archive.read_export`; ``mapping`` is ignored.
    lines : iterable of str, optional
        The export's text already extracted (used by the document reader).

    Yields and raises as :func:`~stancemap.ingest.archive.read_export` does
    (E118 for an article that cannot be parsed, E119 when there is none).
    """
    warnings: list[str] = []
    yield from read_export(
        parse_nexis(lines if lines is not None else document_lines(source, warnings)),
        source,
        date=date,
        speakers=speakers,
        warnings=warnings,
        none_found=message("E119.nexis", name=source.name),
    )


# Kept for doctests and callers that have the text already.
def nexis_entries(text: str) -> list[Entry]:
    """The entries of an export's text (problems dropped)."""
    return [item for item in parse_nexis(split_lines(text)) if isinstance(item, Entry)]
