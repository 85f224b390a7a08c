"""What every reader's articles go through: a size limit, mojibake repair, one read per file.

* A document over ``max_chars`` characters (``--max-chars``, default
  :data:`DEFAULT_MAX_CHARS`) is skipped with an E131 failure that names it, its
  size and the option; the other documents of its file and batch go on. Parsing
  time grows with the text; the time limit per document is ``--doc-timeout``
  (:class:`stancemap.pipeline.time_limit`).
* Mojibake is repaired (W111, :mod:`stancemap.ingest.repair`) before anything
  computes offsets, except for ParlaMint and transcripts, whose texts are kept
  exactly as their readers built them.
* A file reached twice in one call (a folder and a file inside it both named)
  is read once: the same file read twice is one document.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from stancemap.errors import message
from stancemap.ingest.repair import repair_mojibake
from stancemap.ingest.seen_ids import SeenIds
from stancemap.ingest.source import Source
from stancemap.models import Article, ReadFailure

__all__ = ["DEFAULT_MAX_CHARS", "KEEP_AS_READ", "checked_articles", "over_limit", "SeenFiles"]

#: Largest document read, in characters (about 300 pages; spaCy parses it in minutes).
DEFAULT_MAX_CHARS = 2_000_000

#: Formats whose text is not repaired (their readers' output is kept exactly).
KEEP_AS_READ: frozenset[str] = frozenset({"parlamint", "transcript"})


def over_limit(article: Article, max_chars: int) -> ReadFailure:
    """The E131 failure for an article longer than ``max_chars``.

    >>> over_limit(Article(doc_id="a", text="x" * 12, origin="a.txt"), 10).reason  # doctest: +ELLIPSIS
    'a.txt: 12 characters, over the limit of 10 characters per document; skipped.
    Split it, or raise the limit with --max-chars 12 ...'
    """
    where = article.origin or article.doc_id
    return ReadFailure(where, message("E131", where=where, length=len(article.text), limit=max_chars), "E131")


def checked_articles(
    items: Iterator[Article | ReadFailure], fmt: str, max_chars: int | None
) -> Iterator[Article | ReadFailure]:
    """Apply the size limit (``None``: none) and the mojibake repair to a reader's output."""
    for item in items:
        if isinstance(item, Article):
            if max_chars is not None and len(item.text) > max_chars:
                yield over_limit(item, max_chars)
                continue
            if fmt not in KEEP_AS_READ:
                item = _repaired(item)
        yield item


def _repaired(article: Article) -> Article:
    where = article.origin or article.doc_id
    start = article.body_start
    head, head_warning = repair_mojibake(article.text[:start], where) if start else ("", None)
    body, body_warning = repair_mojibake(article.text[start:], where, head.count("\n") + 1)
    warnings = tuple(w for w in (head_warning, body_warning) if w is not None)
    if not warnings:
        return article
    return dataclasses.replace(
        article, text=head + body, body_start=len(head), warnings=(*article.warnings, *warnings)
    )


class SeenFiles:
    """The files read so far in one call, by their resolved path (memory flat, see :class:`SeenIds`)."""

    def __init__(self) -> None:
        self._seen = SeenIds()

    def first_time(self, source: Source) -> bool:
        """False when ``source`` is a file already read (standard input always counts as new)."""
        if source.path is None:
            return True
        try:
            key = str(source.path.resolve())
        except (OSError, RuntimeError):
            return True
        if key in self._seen:
            return False
        self._seen[key] = 1
        return True

    def close(self) -> None:
        self._seen.close()
