"""Word (DOCX), PDF and RTF files: one document each, or a news-archive export.

The text is extracted (:mod:`stancemap.ingest.doctext`); if its first lines
show a Nexis export (``1 of 50 DOCUMENTS``, ``End of Document``) or a Factiva
export (``Document <id>`` lines after a ``<n> words`` line) it is split into
articles by :mod:`~stancemap.ingest.nexis` or :mod:`~stancemap.ingest.factiva`;
otherwise the file is one article (a press release, a speech, a report).

A single document's text is its extracted text exactly; the title is the
file's own (Word or PDF properties), the date one in the file name or
``--date`` (a file's creation date is not its publication date).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping

from stancemap.errors import InputError
from stancemap.ingest.dates import date_from_filename
from stancemap.ingest.doctext import document_lines, docx_title, pdf_title
from stancemap.ingest.factiva import DOCUMENT, read_factiva
from stancemap.ingest.meta import NO_DEFAULTS, SpeakerDefaults
from stancemap.ingest.nexis import is_nexis, read_nexis
from stancemap.ingest.source import Source
from stancemap.ingest.text import check_size
from stancemap.models import Article, ReadFailure

__all__ = ["read_document", "PEEK_LINES"]

#: Lines looked at to tell an archive export from a single document.
PEEK_LINES = 2000


def _title(source: Source) -> str | None:
    if source.suffix == ".docx":
        return docx_title(source)
    if source.suffix == ".pdf":
        return pdf_title(source)
    return None


def read_document(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
    speakers: SpeakerDefaults | None = None,
) -> Iterator[Article | ReadFailure]:
    """Read a DOCX, PDF or RTF file: a Nexis or Factiva export, else one article.

    Parameters
    ----------
    source : Source
        The file (or standard input).
    date : datetime.date, optional
        Used when the file name has no ``YYYY-MM-DD`` date.
    mapping : mapping, optional
        Ignored.
    speakers : SpeakerDefaults, optional
        The speaker fields and genre (``--speaker``, ``--genre``).

    Yields
    ------
    Article or ReadFailure
        One article with ``doc_id`` the file stem, or an export's articles.

    Raises
    ------
    InputError
        E102 when the file has no text, E103 when it is not a readable file of
        its kind, E113 when it is too large.
    """
    check_size(source)
    warnings: list[str] = []
    lines = document_lines(source, warnings)
    peek = list(itertools.islice(lines, PEEK_LINES))
    rest = itertools.chain(peek, lines)
    if is_nexis(peek):
        yield from read_nexis(source, date=date, speakers=speakers, lines=rest)
        return
    if any(DOCUMENT.match(line) for line in peek):
        yield from read_factiva(source, date=date, speakers=speakers, lines=rest)
        return
    text = "".join(rest)
    if not text.strip():
        raise InputError.of("E102.office", name=source.name)
    yield Article(
        doc_id=source.stem,
        text=text,
        date=date_from_filename(source.stem) or date,
        title=_title(source),
        origin=source.name,
        warnings=tuple(warnings),
        **(speakers or NO_DEFAULTS).fields(lambda field: None),
    )
