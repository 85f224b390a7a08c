"""Factiva exports (HTML "Article Format" pages and RTF), one article per document.

Learned from public code that parses Factiva exports. In the **HTML** page
each article is a ``<div class="article enArticle">`` (``deArticle``, ...)
holding the headline (``<div id="hd">``), the byline (``<div class="author">``),
unmarked ``<div>`` lines (``877 words``, the date, the source, its code, the
edition, the language, the copyright) and ``<p class="articleParagraph">``
paragraphs, then ``Document NYTF000020050408dp1900j9s``. In the **RTF** (or
text) export the same lines follow each other and ``Document <id>`` ends each
article. The "plus Indexing" layout (``HD``, ``BY``, ``WC``, ``PD``, ``SN``,
``LP``, ``TD`` field tags on their own lines) is read too.

An article's text (RTF) is its lines exactly as extracted; from HTML it is the
headline, byline, word count, date and source lines, a blank line, then the
paragraphs separated by blank lines. The body starts at the first paragraph.

>>> text = ("Talks resume\\nBy Jo Writer\\n120 words\\n9 January 2024\\nThe Example Times\\n"
...         "English\\nCopyright 2024 Example.\\nThe talks resumed.\\nDocument EXMPL00020240109ek190000a\\n")
>>> [(e.title, e.byline, e.date, e.source, e.body) for e in parse_factiva_text(split_lines(text))]
[('Talks resume', 'Jo Writer', '9 January 2024', 'The Example Times', 'The talks resumed.')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from stancemap.errors import message
from stancemap.ingest.archive import (
    Block,
    Entry,
    block_entry,
    line_offsets,
    looks_like_date,
    read_export,
    split_blocks,
    trim_end,
)
from stancemap.ingest.decode import decode_bytes
from stancemap.ingest.doctext import document_lines, split_lines  # noqa: F401 - split_lines: the module doctest
from stancemap.ingest.meta import SpeakerDefaults
from stancemap.ingest.source import Source
from stancemap.ingest.text import read_whole
from stancemap.models import Article, ReadFailure

__all__ = ["read_factiva", "parse_factiva_text", "parse_factiva_html", "is_factiva_html", "DOCUMENT"]

#: ``Document NYTF000020050408dp1900j9s`` ends an article (also German, French, Spanish).
DOCUMENT = re.compile(r"^\s*(?:Document|Dokument|Documento)\s+[A-Za-z0-9]{16,}\s*$")
_WORDS = re.compile(
    r"^\s*[\d.,\u00a0 ]+\s+(?:words|word|Wörter|mots|palabras|parole|woorden|palavras|слов)\s*$",
    re.IGNORECASE,
)
_BY = re.compile(r"^\s*(?:By|Von|Par|Por)\s+(.+?)\s*$")
_TIME = re.compile(r"^\s*\d{1,2}:\d{2}(?:\s*(?:AM|PM|GMT|ET|CET))?\s*$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^\s*(?:Copyright|©|\(c\))", re.IGNORECASE)
_LANGUAGES = re.compile(
    r"^\s*(?:English|German|French|Spanish|Italian|Dutch|Portuguese|Englisch|Deutsch|Anglais|"
    r"Français|Inglés|Español)\s*$",
    re.IGNORECASE,
)
_TAG = re.compile(r"^\s*(HD|BY|WC|PD|ET|SN|SC|ED|PG|LA|CY|LP|TD|CT|RF|CO|IN|NS|RE|IPD|IPC|PUB|AN|SE|CR)\s*$")
_ARTICLE_CLASS = re.compile(r'class="article\s+[a-z]{2}Article"')
#: Bytes looked at to tell an HTML page from an RTF/text export.
_HEAD_BYTES = 4096


def is_factiva_html(head: bytes) -> bool:
    """Whether the start of an HTML file looks like a Factiva "Article Format" page."""
    return _ARTICLE_CLASS.search(head.decode("utf-8", errors="ignore")) is not None


def _clean(value: str) -> str:
    return " ".join(value.split())


def _tagged(block: Block, number: int) -> Entry:
    """A block in the "plus Indexing" layout (field tags on their own lines)."""
    lines = line_offsets(block.text)
    fields: dict[str, list[int]] = {}
    tag: str | None = None
    for index, (_, line) in enumerate(lines):
        match = _TAG.match(line)
        if match:
            tag = match.group(1)
            fields.setdefault(tag, [])
            continue
        if tag is not None and line.strip():
            fields[tag].append(index)

    def value(name: str) -> str | None:
        rows = fields.get(name) or []
        return _clean(" ".join(lines[i][1] for i in rows)) or None

    body_rows = (fields.get("LP") or []) + (fields.get("TD") or [])
    if not fields.get("HD") or not body_rows:
        raise ValueError(message("E118.factiva-fields"))
    start = lines[min(fields["HD"]) - 1][0]
    end = trim_end(block.text, lines[max(body_rows)][0] + len(lines[max(body_rows)][1]))
    return block_entry(
        block,
        number,
        start,
        end,
        lines[min(body_rows)][0],
        title=value("HD"),
        date=value("PD"),
        source=value("SN"),
        byline=value("BY"),
        section=value("SE"),
        length=value("WC"),
    )


def parse_block(block: Block, number: int) -> Entry:
    """Parse one article's lines into an :class:`Entry`.

    Raises
    ------
    ValueError
        With what is missing (no word count line, no text).
    """
    lines = line_offsets(block.text)
    filled = [i for i, (_, line) in enumerate(lines) if line.strip()]
    if any(_TAG.match(lines[i][1]) and lines[i][1].strip() == "HD" for i in filled[:5]):
        return _tagged(block, number)
    words = next((i for i in filled[:30] if _WORDS.match(lines[i][1])), None)
    if words is None:
        raise ValueError(message("E118.factiva-word-count"))
    before = [i for i in filled if i < words]
    by = next((i for i in before if _BY.match(lines[i][1])), None)
    if by is not None:
        title_row = max((i for i in before if i < by), default=None)
    else:
        title_row = before[0] if len(before) == 1 or not _looks_like_section(lines[before[0]][1]) \
            else (before[1] if len(before) > 1 else None)
    if title_row is None:
        raise ValueError(message("E118.factiva-headline"))
    section_rows = [i for i in before if i < title_row]
    after = [i for i in filled if i > words]
    date_row = next((i for i in after[:3] if looks_like_date(lines[i][1])), None)
    rest = [i for i in after if date_row is None or i > date_row]
    if rest and _TIME.match(lines[rest[0]][1]):
        rest = rest[1:]
    source = _clean(lines[rest[0]][1]) if rest else None
    body_row = None
    for position, index in enumerate(rest[:12]):
        line = lines[index][1]
        if _COPYRIGHT.match(line):
            body_row = rest[position + 1] if position + 1 < len(rest) else None
            break
        if _LANGUAGES.match(line):
            body_row = rest[position + 1] if position + 1 < len(rest) else None
    if body_row is None:
        raise ValueError(message("E118.factiva-text"))
    start_row = section_rows[0] if section_rows else title_row
    start = lines[start_row][0]
    end = trim_end(block.text, len(block.text))
    return block_entry(
        block,
        number,
        start,
        end,
        lines[body_row][0],
        title=_clean(lines[title_row][1]),
        date=_clean(lines[date_row][1]) if date_row is not None else None,
        source=source,
        byline=_BY.match(lines[by][1]).group(1) if by is not None else None,  # type: ignore[union-attr]
        section=_clean(" ".join(lines[i][1] for i in section_rows)) or None,
        length=_clean(lines[words][1]),
    )


def _looks_like_section(line: str) -> bool:
    return ";" in line or len(line.strip()) <= 25


def parse_factiva_text(lines: Iterable[str]) -> Iterator[Entry | tuple[Block, int, str]]:
    """Split an RTF/text export's lines at ``Document <id>`` lines into entries, lazily.

    Yields an :class:`Entry` per article or ``(block, number, problem)``. A last
    block that is Factiva's search summary is skipped.
    """
    number = 0
    for block in split_blocks(lines, ends=lambda line: DOCUMENT.match(line) is not None):
        if block.text.lstrip().lower().startswith("search summary"):
            continue
        number += 1
        try:
            yield parse_block(block, number)
        except ValueError as error:
            yield block, number, str(error)


def _text(element: Any) -> str:
    return _clean(element.text_content()) if element is not None else ""


def _html_entry(div: Any, number: int) -> Entry:
    """One ``<div class="article xxArticle">`` as an entry with a text built from it."""
    title = _text(next(iter(div.xpath(".//*[@id='hd'] | .//*[contains(@class, 'Headline')]")), None))
    byline = _text(next(iter(div.xpath(".//div[contains(@class, 'author')]")), None)) or None
    if byline:
        match = _BY.match(byline)
        byline = match.group(1) if match else byline
    plain = [_text(d) for d in div.xpath("./div[not(@class) and not(@id)]")]
    plain = [p for p in plain if p]
    words = next((i for i, p in enumerate(plain) if _WORDS.match(p)), None)
    paragraphs = [_text(p) for p in div.xpath(".//p[contains(@class, 'articleParagraph')]")]
    paragraphs = [p for p in paragraphs if p]
    if not title:
        raise ValueError(message("E118.factiva-html-headline"))
    if not paragraphs:
        raise ValueError(message("E118.factiva-html-text"))
    date = source = length = section = None
    if words is not None:
        length = plain[words]
        after = plain[words + 1 :]
        if after and looks_like_date(after[0]):
            date, after = after[0], after[1:]
        if after and _TIME.match(after[0]):
            after = after[1:]
        source = after[0] if after else None
        section = " ".join(plain[:words][:1]) or None
    header = [title] + [x for x in (f"By {byline}" if byline else None, length, date, source) if x]
    head = "\n".join(header) + "\n\n"
    return Entry(
        number=number,
        text=head + "\n\n".join(paragraphs),
        line=div.sourceline or 1,
        body_start=len(head),
        title=title,
        date=date,
        source=source,
        byline=byline,
        section=section,
        length=length,
    )


def parse_factiva_html(html: str) -> Iterator[Entry | tuple[int, int, str]]:
    """The articles of a Factiva HTML page: entries, or ``(line, number, problem)``."""
    import lxml.html

    tree = lxml.html.document_fromstring(html)
    article = "//div[contains(concat(' ', normalize-space(@class), ' '), ' article ')"
    divs = tree.xpath(article + " and contains(@class, 'Article')]") or tree.xpath(article + "]")
    number = 0
    for div in divs:
        if not div.xpath(".//p[contains(@class, 'articleParagraph')] | .//*[@id='hd']"):
            continue
        number += 1
        try:
            yield _html_entry(div, number)
        except ValueError as error:
            yield div.sourceline or 1, number, str(error)


def read_factiva(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
    speakers: SpeakerDefaults | None = None,
    lines: Iterable[str] | None = None,
) -> Iterator[Article | ReadFailure]:
    """Read a Factiva export (HTML page, or RTF/text/DOCX/PDF), one article per document.

    Parameters
    ----------
    source : Source
        The export: an HTML page, or RTF, text, DOCX or PDF.
    date, speakers
        As for :func:`~stancemap.ingest.archive.read_export`; ``mapping`` is ignored.
    lines : iterable of str, optional
        The export's text already extracted (used by the document reader).

    Yields and raises as :func:`~stancemap.ingest.archive.read_export` does
    (E118 for an article that cannot be parsed, E119 when there is none).
    """
    head = source.head(_HEAD_BYTES).lstrip().lower()
    if lines is None and (source.suffix in (".html", ".htm") or head.startswith((b"<!doctype", b"<html"))):
        decoded = decode_bytes(read_whole(source), source.name)
        items: Iterable[Entry | tuple[Block, int, str]] = _html_items(decoded.text)
    else:
        items = parse_factiva_text(lines if lines is not None else document_lines(source, []))
    yield from read_export(
        items,
        source,
        date=date,
        speakers=speakers,
        none_found=message("E119.factiva", name=source.name),
    )


def _html_items(html: str) -> Iterator[Entry | tuple[Block, int, str]]:
    """:func:`parse_factiva_html`'s items with each problem's line as an empty block."""
    for item in parse_factiva_html(html):
        if isinstance(item, Entry):
            yield item
        else:
            line, number, problem = item
            yield Block("", 0, line), number, problem
