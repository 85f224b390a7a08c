"""Web archives (WARC, WARC.GZ, as in Common Crawl's news crawl): one article per HTML page.

The archive is streamed record by record with warcio. Every ``response`` (or
``resource``) record whose content is HTML becomes an article through the
same extraction as saved pages (:func:`stancemap.ingest.html.extract_main`,
trafilatura): its URL is the record's ``WARC-Target-URI``, its date the
page's publication date (trafilatura's htmldate), else the fetch date
(``WARC-Date``) with a warning. Other records (requests, metadata, images,
redirects) are passed over; a page with no main text is reported (E108) and
the archive is read on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from stancemap.errors import InputError, message
from stancemap.ingest.archive import Entry, entry_article
from stancemap.ingest.dates import parse_date
from stancemap.ingest.decode import decode_bytes
from stancemap.ingest.html import extract_main
from stancemap.ingest.meta import SpeakerDefaults
from stancemap.ingest.source import Source
from stancemap.models import Article, ReadFailure

__all__ = ["read_warc", "is_warc", "warc_pages", "MAX_PAGE_BYTES"]

#: Largest page read from one record; larger payloads are skipped with a reason.
MAX_PAGE_BYTES = 32 * 1024 * 1024


def is_warc(source: Source) -> bool:
    """Whether ``source`` is a WARC file: by name (``.warc``, ``.warc.gz``) or first bytes."""
    name = source.name.lower()
    if name.endswith((".warc", ".warc.gz", ".arc.gz")):
        return True
    head = source.head(16)
    if head.startswith(b"WARC/"):
        return True
    if head.startswith(b"\x1f\x8b"):
        import gzip
        import io

        try:
            return gzip.GzipFile(fileobj=io.BytesIO(source.head(65536))).read(5) == b"WARC/"
        except (OSError, EOFError):
            return False
    return False


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def _html(payload: bytes, content_type: str, where: str) -> tuple[str, tuple[str, ...]]:
    charset = _charset(content_type)
    if charset:
        try:
            return payload.decode(charset), ()
        except (LookupError, UnicodeDecodeError):
            pass
    decoded = decode_bytes(payload, where)
    return decoded.text, decoded.warnings


def _author(html: str) -> str | None:
    """The page's author from ``<meta name="author">`` (or ``article:author``), if any."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html[:262144])
    except Exception:  # an unparsable head: no author
        return None
    for value in tree.xpath("//meta[@name='author' or @property='article:author']/@content"):
        if value.strip():
            return " ".join(value.split())
    return None


def warc_pages(stream: Any, name: str) -> Iterator[Entry | tuple[int, str, str]]:
    """The HTML pages of a WARC stream as entries, or ``(record, where, problem)``.

    ``Entry.number`` is the record's position in the archive (1-based),
    ``Entry.line`` the same; ``fetched`` is the ``WARC-Date``.
    """
    from warcio.archiveiterator import ArchiveIterator

    for number, record in enumerate(ArchiveIterator(stream, arc2warc=True), start=1):
        if record.rec_type not in ("response", "resource"):
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        where = f"{name} record {number} ({url})"
        if record.http_headers is not None:
            status = record.http_headers.get_statuscode()
            if status and not status.startswith("2"):
                continue  # redirects and errors are not articles
            content_type = record.http_headers.get_header("Content-Type") or ""
        else:
            content_type = record.rec_headers.get_header("Content-Type") or ""
        if "html" not in content_type.lower():
            continue
        payload = record.content_stream().read(MAX_PAGE_BYTES + 1)
        if len(payload) > MAX_PAGE_BYTES:
            yield number, where, f"the page is larger than {MAX_PAGE_BYTES // 2**20} MB"
            continue
        try:
            html, warnings = _html(payload, content_type, where)
            found = extract_main(html)
        except InputError as error:
            yield number, where, error.message
            continue
        if found is None:
            yield number, where, "no main text found in the page (only navigation, scripts or an empty body)"
            continue
        fetched = record.rec_headers.get_header("WARC-Date")
        published = found["date"]
        notes = list(warnings)
        if parse_date(published) is None and fetched:
            notes.append(message("W107", where=where, fetched=fetched[:10]))
            published = fetched[:10]
        yield Entry(
            number=number,
            byline=found.get("author") or _author(html),
            text=found["text"] or "",
            line=number,
            title=found["title"],
            date=published,
            source=found["source"],
            url=url or found["url"],
            fetched=fetched,
            warnings=tuple(notes),
        )


def _page_failure(source: Source, number: int, where: str, problem: str) -> ReadFailure:
    """E108 for record ``number`` of the archive, a page that could not be read."""
    return ReadFailure(
        f"{source.name}:{number}",
        f"{where}: {problem}; the page is skipped and the rest of the archive is read.",
        "E108",
    )


def read_warc(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
    speakers: SpeakerDefaults | None = None,
) -> Iterator[Article | ReadFailure]:
    """Read a WARC or WARC.GZ file, one article per HTML response, streamed.

    Parameters
    ----------
    source : Source
        The archive (or standard input).
    date : datetime.date, optional
        Used when neither the page nor the record gives a date.
    mapping : mapping, optional
        Ignored.
    speakers : SpeakerDefaults, optional
        The speaker fields and genre of the pages.

    Yields
    ------
    Article or ReadFailure
        ``doc_id`` ``<stem>-<record>``, ``url`` the record's target URI,
        ``origin`` ``<file>:<record>``; a page with no main text is an E108
        failure naming the record and URL.

    Raises
    ------
    InputError
        E103 when the file is not a WARC archive.
    """
    from warcio.exceptions import ArchiveLoadFailed

    head = source.head(4)
    if not head.startswith((b"WARC", b"\x1f\x8b", b"file")):
        raise InputError.of("E103.warc", name=source.name)
    stem = source.stem[:-5] if source.stem.lower().endswith(".warc") else source.stem
    named = replace(source, stem=stem)
    with source.open() as stream:
        try:
            for item in warc_pages(stream, source.name):
                if isinstance(item, Entry):
                    yield entry_article(item, named, date=date, speakers=speakers)
                else:
                    yield _page_failure(source, *item)
        except ArchiveLoadFailed as error:
            raise InputError.of("E103.warc-unreadable", name=source.name, reason=error) from None
