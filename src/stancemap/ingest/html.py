"""Saved HTML pages: the main text, title, date, site and url, with trafilatura.

Nothing is fetched: the page is parsed from the file. The article's text is the
extracted main text (offsets index it), not the HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from stancemap.errors import InputError
from stancemap.ingest.dates import date_from_filename, parse_date
from stancemap.ingest.decode import decode_bytes
from stancemap.ingest.meta import NO_DEFAULTS, SpeakerDefaults
from stancemap.ingest.source import Source
from stancemap.ingest.text import read_whole
from stancemap.models import Article, ReadFailure

__all__ = ["read_html", "extract_main", "extract_large", "LARGE_PAGE"]


#: Pages larger than this (in characters) skip trafilatura, which takes minutes
#: on tens of megabytes: :func:`extract_large` is used instead.
LARGE_PAGE = 8 * 1024 * 1024

_DROP = "//script|//style|//noscript|//template|//nav|//header|//footer|//aside|//form"
_BLOCKS = (
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "article", "section", "blockquote", "pre", "dd", "dt", "figcaption",
)  # fmt: skip


def extract_main(html: str) -> dict[str, str | None] | None:
    """Extract main text and metadata from an HTML page with trafilatura.

    Pages over :data:`LARGE_PAGE` characters go to :func:`extract_large`.

    Returns
    -------
    dict or None
        Keys ``text``, ``title``, ``date`` (as found), ``source`` (site name or
        host) and ``url``; ``None`` when the page has no main text.
    """
    if len(html) > LARGE_PAGE:
        return extract_large(html)
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
    )
    if document is None or not (document.text or "").strip():
        return None
    return {
        "text": document.text,
        "title": document.title or None,
        "date": document.date or None,
        "source": document.sitename or document.hostname or None,
        "url": document.url or None,
    }


def _meta(tree: Any, name: str) -> str | None:
    """The content of the first non-empty ``<meta property|name=name>``."""
    for value in tree.xpath(f"//meta[@property='{name}' or @name='{name}']/@content"):
        if value.strip():
            return str(value).strip()
    return None


def extract_large(html: str) -> dict[str, str | None] | None:
    """Text and metadata of a very large page, with lxml (fast, less selective).

    Scripts, styles, navigation, headers, footers, asides and forms are dropped;
    the rest of the body's text is kept, one line per block element, spaces
    collapsed. The date comes from the page's metadata only (htmldate, no
    extensive search).
    """
    import lxml.html
    from htmldate import find_date

    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # lxml refuses some documents (e.g. empty after parsing)
        return None
    try:
        date = find_date(tree, extensive_search=False, original_date=True)
    except Exception:
        date = None
    title = _meta(tree, "og:title") or (tree.findtext(".//title") or "").strip() or None
    for element in tree.xpath(_DROP):
        element.drop_tree()
    body = tree.find("body")
    if body is None:
        return None
    for element in body.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in body.text_content().splitlines())
    text = "\n".join(line for line in lines if line)
    if not text:
        return None
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    return {
        "text": text,
        "title": title,
        "date": date,
        "source": _meta(tree, "og:site_name"),
        "url": _meta(tree, "og:url") or (canonical[0].strip() if canonical else None),
    }


def read_html(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
    speakers: SpeakerDefaults | None = None,
) -> Iterator[Article | ReadFailure]:
    """Read one saved HTML page as an article.

    The date is the page's own (metadata or visible date found by trafilatura),
    else a ``YYYY-MM-DD`` date in the file name, else ``date``.

    Parameters
    ----------
    source : Source
        The file or standard input.
    date : datetime.date, optional
        Fallback date.
    mapping : mapping, optional
        Ignored (HTML has no fields).
    speakers : SpeakerDefaults, optional
        The speaker fields and genre of the page (``--speaker``, ``--genre``).

    Yields
    ------
    Article
        ``doc_id`` is the file stem; ``text`` the extracted main text.

    Raises
    ------
    InputError
        E108 when the page has no main text; E102, E103, E104, E113 as for text.
    """
    decoded = decode_bytes(read_whole(source), source.name)
    found = extract_main(decoded.text)
    if found is None:
        raise InputError(
            f"{source.name}: no main text found in this HTML page (only navigation, "
            "scripts or an empty body); save the article page itself, or its text as .txt.",
            code="E108",
        )
    page_date = parse_date(found["date"])
    yield Article(
        doc_id=source.stem,
        text=found["text"] or "",
        date=page_date or date_from_filename(source.stem) or date,
        title=found["title"],
        source=found["source"],
        url=found["url"],
        origin=source.name,
        warnings=decoded.warnings,
        **(speakers or NO_DEFAULTS).fields(lambda field: None),
    )
