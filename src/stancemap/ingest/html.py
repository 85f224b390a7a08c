"""Saved HTML pages: the main text, title, date, site, url and author, with trafilatura.

Nothing is fetched: the page is parsed from the file. The article's text is the
extracted main text (offsets index it), not the HTML. The author is the page's
byline as trafilatura finds it (``<meta name="author">``, ``article:author``,
JSON-LD, a byline element), a leading "By" dropped as for archive bylines
(:func:`stancemap.ingest.header.byline`); a profile URL is not taken for a name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

from stancemap.errors import InputError
from stancemap.ingest.dates import date_from_filename, parse_date
from stancemap.ingest.decode import decode_bytes
from stancemap.ingest.header import byline
from stancemap.ingest.meta import NO_DEFAULTS, SpeakerDefaults
from stancemap.ingest.source import Source
from stancemap.ingest.text import read_whole
from stancemap.models import Article, ReadFailure

__all__ = ["read_html", "extract_main", "extract_large", "flatten_deep", "LARGE_PAGE", "MAX_DEPTH"]


#: Pages larger than this (in characters) skip trafilatura, which takes minutes
#: on tens of megabytes: :func:`extract_large` is used instead.
LARGE_PAGE = 8 * 1024 * 1024

#: Deepest element nesting kept as it is. libxml2 stops parsing at 256 levels
#: unless told otherwise, and trafilatura then finds no main text: a deeper page
#: is parsed with ``huge_tree`` and its wrappers below this depth are unwrapped
#: (:func:`flatten_deep`), their text kept.
MAX_DEPTH = 200

#: Elements kept when a deep page is flattened (they carry the text's structure).
_KEEP_DEEP = frozenset(
    "p h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table thead tbody tr td th blockquote pre br figcaption".split()
)

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())

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
        host), ``url`` and ``author`` (as found); ``None`` when the page has no main text.
    """
    if len(html) > LARGE_PAGE:
        return extract_large(html)
    found = _trafilatura(html)
    if found is None:
        flat = flatten_deep(html)
        if flat is not None:  # nested deeper than libxml2 parses
            found = _trafilatura(flat) or extract_large(flat)
    return found


def _parse(html: str) -> Any:
    """The page as an lxml tree, however deep (``None`` when lxml refuses it)."""
    import lxml.html

    try:
        return lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except Exception:  # lxml refuses some documents (e.g. empty after parsing)
        return None


def flatten_deep(html: str, max_depth: int = MAX_DEPTH) -> str | None:
    """Unwrap the wrappers of a page nested deeper than ``max_depth`` elements.

    A pass over the tags (no parser: libxml2 gives up at 256 levels, or at
    2048 with ``huge_tree``) removes the opening and closing tags of elements
    below ``max_depth`` levels, except paragraphs, headings, list items, tables,
    quotes and line breaks; all text is kept.

    Returns
    -------
    str or None
        The flattened page; ``None`` when the page is not that deep.

    Examples
    --------
    >>> page = "<html><body>" + "<div>" * 300 + "<p>Deep <b>text</b>.</p>" + "</div>" * 300 + "</body></html>"
    >>> flat = flatten_deep(page)
    >>> flat.count("<div>"), "<p>Deep text.</p>" in flat  # 200 levels with <html> and <body>
    (198, True)
    >>> flatten_deep("<html><body><p>Shallow.</p></body></html>") is None
    True
    """
    pieces: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag, kept) of the open elements
    kept = 0
    pos = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID or match.group(3):
            keep = kept < max_depth or name in _KEEP_DEEP
        elif not closing:
            keep = kept < max_depth or name in _KEEP_DEEP
            stack.append((name, keep))
            kept += keep
        else:
            keep = True
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == name:
                    keep = stack[index][1]
                    kept -= sum(flag for _, flag in stack[index:])
                    del stack[index:]
                    break
        if not keep:
            pieces.append(html[pos : match.start()])
            pos = match.end()
    if not pieces:
        return None
    pieces.append(html[pos:])
    return "".join(pieces)


def _trafilatura(html: str) -> dict[str, str | None] | None:
    """Main text and metadata with trafilatura (``None`` when it finds no main text)."""
    import trafilatura
    from trafilatura.settings import Document

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
    )
    if not isinstance(document, Document) or not (document.text or "").strip():
        return None  # no main text (a dict comes only with the deprecated as_dict=True)
    return {
        "text": document.text,
        "title": document.title or None,
        "date": document.date or None,
        "source": document.sitename or document.hostname or None,
        "url": document.url or None,
        "author": document.author or None,
    }


def _meta(tree: Any, name: str) -> str | None:
    """The content of the first non-empty ``<meta property|name=name>``."""
    for value in tree.xpath(f"//meta[@property='{name}' or @name='{name}']/@content"):
        if value.strip():
            return str(value).strip()
    return None


def _meta_author(tree: Any) -> str | None:
    """``<meta name="author">`` or ``article:author``, unless it is a URL (a profile page, not a name)."""
    for name in ("author", "article:author"):
        value = _meta(tree, name)
        if value and not re.match(r"(?i)https?://", value):
            return value
    return None


def extract_large(html: str) -> dict[str, str | None] | None:
    """Text and metadata of a very large page, with lxml (fast, less selective).

    Scripts, styles, navigation, headers, footers, asides and forms are dropped;
    the rest of the body's text is kept, one line per block element, spaces
    collapsed. The date comes from the page's metadata only (htmldate, no
    extensive search).
    """
    from htmldate import find_date

    tree = _parse(html)
    if tree is None:
        return None
    try:
        date = find_date(tree, extensive_search=False, original_date=True)
    except Exception:
        date = None
    title = _meta(tree, "og:title") or (tree.findtext(".//title") or "").strip() or None
    author = _meta_author(tree)
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
        "author": author,
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
        raise InputError.of("E108", name=source.name)
    page_date = parse_date(found["date"])
    yield Article(
        doc_id=source.stem,
        text=found["text"] or "",
        date=page_date or date_from_filename(source.stem) or date,
        title=found["title"],
        source=found["source"],
        url=found["url"],
        author=byline(found.get("author")),
        origin=source.name,
        warnings=decoded.warnings,
        **(speakers or NO_DEFAULTS).fields(lambda field: None),
    )
