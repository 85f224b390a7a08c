"""Shared parts of the news-archive readers (Nexis, Factiva): entries, blocks, headers.

An export holds many articles. A reader turns the export's text into lines, a
splitter cuts the lines into :class:`Block` records (one per article, with its
offset and line in the export's text), a format parses each block into an
:class:`Entry` (header fields plus where the body starts), and
:func:`entry_article` makes the :class:`~stancemap.models.Article`. A block that
cannot be parsed becomes a :class:`~stancemap.models.ReadFailure` (E118) and the
blocks around it are read as usual.

An article's ``text`` is the block exactly as it stands in the export's text
(header lines, then the body), so ``export_text[entry.offset:][:len(entry.text)]
== entry.text``; ``body_start`` is where the body begins, and the header (title,
byline, ...) is not parsed for statements.

>>> lines = iter(["cover\\n", "ONE\\n", "a\\n", "ONE\\n", "b\\n"])
>>> [(b.offset, b.line, b.text) for b in split_blocks(lines, starts=lambda s: s == "ONE\\n")]
[(0, 1, 'cover\\n'), (10, 3, 'a\\n'), (16, 5, 'b\\n')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from stancemap.errors import InputError, message
from stancemap.ingest.dates import date_from_filename, parse_date
from stancemap.ingest.header import header_values
from stancemap.ingest.meta import NO_DEFAULTS, SpeakerDefaults
from stancemap.ingest.source import Source
from stancemap.models import Article, ReadFailure

__all__ = [
    "AUTHOR_VOICED",
    "Block",
    "Entry",
    "archive_date",
    "block_entry",
    "block_failure",
    "entry_article",
    "line_offsets",
    "looks_like_date",
    "read_export",
    "split_at",
    "split_blocks",
    "trim_end",
]

#: Genres whose byline is the speaker of the document (``--genre op-ed`` etc.).
AUTHOR_VOICED: frozenset[str] = frozenset({"op-ed", "press-release", "speech", "testimony"})

_MONTHS = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|"
    r"August|September|October|November|December|Januar|Februar|März|Mai|Juni|Juli|Oktober|Dezember|"
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\.?"
)
#: ``January 11, 2010``, ``11 January 2010``, ``11. Januar 2010``, ``2010-01-11``.
_DATE_IN_LINE = re.compile(
    rf"(?i:{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\.?\s+{_MONTHS}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
)


@dataclass(frozen=True)
class Block:
    """The lines of one article as cut from an export's text.

    ``offset`` and ``line`` say where ``text`` starts in the export's text
    (character offset, 1-based line number).
    """

    text: str
    offset: int
    line: int


@dataclass(frozen=True)
class Entry:
    """One article found in a news-archive export, with its header fields.

    Attributes
    ----------
    number : int
        Its position in the export (1-based; Nexis uses the export's own number).
    text : str
        Header and body exactly as in the export's text.
    offset, line : int
        Where ``text`` starts in the export's text (character offset, line).
    body_start : int
        Offset in ``text`` where the body begins.
    title, date, source, byline, section, length, url, fetched : str or None
        Header fields as written (``date`` is parsed by :func:`entry_article`;
        ``fetched`` is a WARC record's fetch time).
    warnings : tuple of str
        Problems that did not stop the article from being read.
    """

    number: int
    text: str
    offset: int = 0
    line: int = 1
    body_start: int = 0
    title: str | None = None
    date: str | None = None
    source: str | None = None
    byline: str | None = None
    section: str | None = None
    length: str | None = None
    url: str | None = None
    fetched: str | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


def split_at(
    lines: Iterable[str], is_separator: Callable[[str], bool]
) -> Iterator[tuple[Block, str | None, str | None]]:
    """Cut a stream of lines at separator lines: ``(block, opened by, closed by)``, lazily.

    Every stretch between separators is yielded, blank ones too, with the
    separator line before it and the one after it (``None`` at the start and
    the end of the input); separator lines belong to no block. Only one block
    is held in memory at a time.

    >>> [(b.text, o, c) for b, o, c in split_at(["a\\n", "--\\n", "b\\n"], lambda s: s == "--\\n")]
    [('a\\n', None, '--\\n'), ('b\\n', '--\\n', None)]
    """
    offset = 0
    number = 0
    held: list[str] = []
    first_offset, first_line = 0, 1
    opened_by: str | None = None
    for line in lines:
        number += 1
        if is_separator(line):
            yield Block("".join(held), first_offset, first_line), opened_by, line
            held = []
            offset += len(line)
            first_offset, first_line = offset, number + 1
            opened_by = line
            continue
        held.append(line)
        offset += len(line)
    yield Block("".join(held), first_offset, first_line), opened_by, None


def split_blocks(
    lines: Iterable[str],
    *,
    starts: Callable[[str], bool] = lambda line: False,
    ends: Callable[[str], bool] = lambda line: False,
) -> Iterator[Block]:
    """Cut a stream of lines (each with its line ending) into blocks, lazily.

    A line for which ``starts`` is true closes the current block and is left
    out (the next block starts after it); a line for which ``ends`` is true
    closes the current block and is left out too. Blocks that are only
    whitespace are dropped. Only one block is held in memory at a time.
    """
    for block, _, _ in split_at(lines, lambda line: starts(line) or ends(line)):
        if block.text.strip():
            yield block


def block_entry(
    block: Block, number: int, start: int, end: int, body_start: int, **fields: str | None
) -> Entry:
    """The :class:`Entry` for ``block.text[start:end]``, placed in the export's text.

    ``body_start`` is an offset in ``block.text``; ``fields`` are the header
    fields (``title``, ``date``, ``source``, ...).

    >>> entry = block_entry(Block("x\\nTitle\\nBody.\\n", 10, 4), 2, 2, 13, 8, title="Title")
    >>> entry.text, entry.offset, entry.line, entry.body
    ('Title\\nBody.', 12, 5, 'Body.')
    """
    return Entry(
        number=number,
        text=block.text[start:end],
        offset=block.offset + start,
        line=block.line + block.text.count("\n", 0, start),
        body_start=body_start - start,
        **fields,  # type: ignore[arg-type]
    )


def archive_date(value: str | None) -> dt.date | None:
    """The date in a header line such as ``January 11, 2010 Monday 9:00 AM GMT``.

    >>> archive_date("January 11, 2010 Monday"), archive_date("9 Januar 1993")
    (datetime.date(2010, 1, 11), datetime.date(1993, 1, 9))
    >>> archive_date("Load-Date: soon") is None
    True
    """
    if not value:
        return None
    match = _DATE_IN_LINE.search(value)
    return parse_date(match.group(0) if match else value.strip())


def looks_like_date(line: str) -> bool:
    """Whether a header line is a date line (a day, a month and a year)."""
    return len(line) < 80 and _DATE_IN_LINE.search(line) is not None


def block_failure(source: Source, block: Block, number: int, problem: str, code: str = "E118") -> ReadFailure:
    """A :class:`ReadFailure` for one article of an export, naming its line and the fix."""
    where = f"{source.name}:{block.line}"
    return ReadFailure(
        where,
        message("E118", where=where, number=number, problem=problem),
        code,
    )


def entry_article(
    entry: Entry,
    source: Source,
    *,
    date: dt.date | None = None,
    speakers: SpeakerDefaults | None = None,
) -> Article:
    """The :class:`Article` for one entry of ``source``.

    ``doc_id`` is ``<stem>-<number>``; the date is the entry's own, else a date in
    the file name, else ``date``. The byline, section and length become ``author``,
    ``section`` and ``length`` (the word count; W112 when it has no number, see
    :mod:`stancemap.ingest.header`). With an author-voiced genre (``--genre op-ed``,
    ``press-release``, ``speech``, ``testimony``) the byline is also the speaker.

    >>> from stancemap.ingest.source import Source
    >>> entry = Entry(3, "Title\\nBody.", title="Title", date="May 28, 2024", body_start=6,
    ...               byline="By Jo Writer", section="World", length="2 words")
    >>> article = entry_article(entry, Source("x.docx", "x"))
    >>> article.doc_id, article.date, article.body
    ('x-3', datetime.date(2024, 5, 28), 'Body.')
    >>> article.author, article.section, article.length, article.speaker
    ('Jo Writer', 'World', 2, None)
    """
    speakers = speakers or NO_DEFAULTS
    warnings = list(entry.warnings)
    found = archive_date(entry.date)
    if entry.date and found is None:
        warnings.append(message(
            "W101.archive-date", name=source.name, line=entry.line, date=entry.date, number=entry.number,
        ))
    header, problems = header_values(
        {"author": entry.byline, "section": entry.section, "length": entry.length}.get,
        f"{source.name}:{entry.line} (article {entry.number})",
    )
    warnings += problems
    byline = entry.byline if (speakers.genre in AUTHOR_VOICED) else None
    return Article(
        doc_id=f"{source.stem}-{entry.number}",
        text=entry.text,
        date=found or date_from_filename(source.stem) or date,
        title=entry.title,
        source=entry.source,
        url=entry.url,
        origin=f"{source.name}:{entry.line}",
        body_start=entry.body_start,
        warnings=tuple(warnings),
        **speakers.fields(lambda name: byline if name == "speaker" else None),
        **header,
    )


def read_export(
    items: Iterable[Entry | tuple[Block, int, str]],
    source: Source,
    *,
    date: dt.date | None = None,
    speakers: SpeakerDefaults | None = None,
    warnings: list[str] | None = None,
    none_found: str,
) -> Iterator[Article | ReadFailure]:
    """The articles of an export: an :class:`Article` per entry, an E118 failure per problem.

    Parameters
    ----------
    items : iterable
        What a format's parser yields: an :class:`Entry`, or ``(block, number,
        problem)`` for an article that could not be parsed.
    source : Source
        The export.
    date : datetime.date, optional
        Date for articles whose header has none that can be read.
    speakers : SpeakerDefaults, optional
        Genre and speaker defaults; with an author-voiced genre the byline is the speaker.
    warnings : list of str, optional
        Warnings about the whole export (filled while ``items`` is read); they
        are given to the first article when it is the first item.
    none_found : str
        The E119 message when ``items`` is empty.

    Yields
    ------
    Article or ReadFailure
        ``doc_id`` ``<stem>-<number>``; an article that cannot be parsed is an
        E118 failure naming its line.

    Raises
    ------
    InputError
        E119 (``none_found``) when there is no item at all.
    """
    found = 0
    for item in items:
        if isinstance(item, Entry):
            if warnings and found == 0:
                item = replace(item, warnings=(*warnings, *item.warnings))
            found += 1
            yield entry_article(item, source, date=date, speakers=speakers)
        else:
            block, number, problem = item
            found += 1
            yield block_failure(source, block, number, problem)
    if found == 0:
        raise InputError(none_found, code="E119")


def line_offsets(text: str) -> list[tuple[int, str]]:
    """``(offset, line)`` for each line of ``text``, line endings kept.

    >>> line_offsets("a\\nbc\\n")
    [(0, 'a\\n'), (2, 'bc\\n')]
    """
    out: list[tuple[int, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        out.append((offset, line))
        offset += len(line)
    return out


def trim_end(text: str, end: int) -> int:
    """``end`` moved back over trailing whitespace of ``text[:end]``."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
