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

from stancemap.errors import InputError
from stancemap.ingest.archive import (
    Block, Entry, block_failure, entry_article, line_offsets, looks_like_date, trim_end,
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


def parse_block(block: Block, number: int) -> Entry:
    """Parse one article's lines (either layout) into an :class:`Entry`.

    Raises
    ------
    ValueError
        With what is missing, when the block has no header and body.
    """
    lines = line_offsets(block.text)
    filled = _nonblank(lines)
    keys: dict[str, str] = {}
    key_rows: list[int] = []
    body_row: int | None = None
    has_body_line = any(_BODY.match(lines[index][1]) for index in filled)
    for index in filled:
        line = lines[index][1]
        if _BODY.match(line):
            body_row = index
            break
        match = _KEY.match(line)
        if match is None and "length" in keys and not has_body_line:
            break  # the first line after the header keys that follow LENGTH
        if match:
            name = match.group(1).lower()
            name = {"author": "byline", "autor": "byline", "rubrik": "section",
                    "länge": "length", "longueur": "length"}.get(name, name)
            keys.setdefault(name, match.group(2))
            key_rows.append(index)
    if body_row is None:  # Academic: the body starts after the last key (LENGTH)
        if not key_rows:
            raise ValueError("no Body or LENGTH line was found after the header")
        body_row = max(key_rows)
    header = [index for index in filled if index < body_row]
    first_key = min(key_rows) if key_rows else body_row
    date_rows = [i for i in header if i < first_key and looks_like_date(lines[i][1])
                 and not _COPYRIGHT.match(lines[i][1]) and not _COVER.match(lines[i][1])]
    if not date_rows:
        raise ValueError("no date line was found in the header")
    # Academic: the first date (the title comes after it); Uni: the last (a cover comes before)
    date_row = date_rows[-1] if has_body_line else date_rows[0]
    before = [i for i in header if i < date_row]
    if any(_COVER.match(lines[i][1]) for i in before):
        before = before[-2:]  # a cover page: the article is its last title and source
    academic = not has_body_line
    if academic:  # source, date (+ edition lines), title, keys
        source = " ".join(lines[before[0]][1].split()) if before else None
        after = [i for i in header if date_row < i < first_key and not _COPYRIGHT.match(lines[i][1])]
        groups = _paragraphs(after)
        title_rows = groups[-1] if groups else []
        start_row = before[0] if before else date_row
    else:  # Uni: title lines, source, date, keys
        if not before:
            raise ValueError("no title before the date line")
        source = " ".join(lines[before[-1]][1].split()) if len(before) > 1 else None
        title_rows = before[:-1] if len(before) > 1 else before
        start_row = before[0]
    title = " ".join(" ".join(lines[i][1].split()) for i in title_rows) or None
    if not title:
        raise ValueError("no title was found in the header")
    start = lines[start_row][0]
    start += len(lines[start_row][1]) - len(lines[start_row][1].lstrip())  # centred lines
    body_from = lines[body_row + 1][0] if body_row + 1 < len(lines) else len(block.text)
    end = len(block.text)
    for offset, line in lines[body_row + 1 :]:
        if _TRAILER.match(line) or END.match(line):
            end = offset
            break
    end = trim_end(block.text, end)
    while body_from < end and block.text[body_from].isspace():
        body_from += 1
    if body_from >= end:
        raise ValueError("the article has a header but no text")
    return Entry(
        number=number,
        text=block.text[start:end],
        offset=block.offset + start,
        line=block.line + block.text.count("\n", 0, start),
        body_start=body_from - start,
        title=title,
        date=" ".join(lines[date_row][1].split()),
        source=source,
        byline=keys.get("byline") or None,
        section=keys.get("section") or None,
        length=keys.get("length") or None,
    )


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
    offset = line_no = 0
    held: list[str] = []
    first_offset, first_line = 0, 1
    opened_by: int | None = None
    started = False
    for line in lines:
        line_no += 1
        number = _number(line)
        if number is not None or END.match(line):
            text = "".join(held)
            if text.strip():
                cover = number is not None and not started
                yield Block(text, first_offset, first_line), opened_by, cover
            held = []
            offset += len(line)
            first_offset, first_line = offset, line_no + 1
            opened_by = number
            started = started or number is not None
            continue
        held.append(line)
        offset += len(line)
    text = "".join(held)
    if text.strip() and line_no > len(held):  # text with no separator at all is no export
        yield Block(text, first_offset, first_line), opened_by, False


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
        The export.
    date : datetime.date, optional
        Date for articles whose header has none that can be read.
    mapping : mapping, optional
        Ignored.
    speakers : SpeakerDefaults, optional
        Genre and speaker defaults; with an author-voiced genre the byline is the speaker.
    lines : iterable of str, optional
        The export's text already extracted (used by the document reader).

    Yields
    ------
    Article or ReadFailure
        ``doc_id`` ``<stem>-<number>``; an article that cannot be parsed is an
        E118 failure naming its line.

    Raises
    ------
    InputError
        E119 when no article is found at all.
    """
    warnings: list[str] = []
    found = 0
    for item in parse_nexis(lines if lines is not None else document_lines(source, warnings)):
        if isinstance(item, Entry):
            if warnings and found == 0:
                item = _with_warnings(item, warnings)
            found += 1
            yield entry_article(item, source, date=date, speakers=speakers)
        else:
            block, number, problem = item
            found += 1
            yield block_failure(source, block, number, problem)
    if found == 0:
        raise InputError(
            f"{source.name}: no Nexis articles found (no '1 of N DOCUMENTS' or 'End of "
            "Document' lines); read it without --format nexis, or export it from Nexis again "
            "with the document separators.",
            code="E119",
        )


def _with_warnings(entry: Entry, warnings: list[str]) -> Entry:
    from dataclasses import replace

    return replace(entry, warnings=(*warnings, *entry.warnings))


# Kept for doctests and callers that have the text already.
def nexis_entries(text: str) -> list[Entry]:
    """The entries of an export's text (problems dropped)."""
    return [item for item in parse_nexis(split_lines(text)) if isinstance(item, Entry)]
