"""Quotation spans in text, of every common style, found paragraph by paragraph.

A quotation opens with one of ``" “ „ « ‹`` (or two apostrophes or backticks,
as in some newswire text) and closes with one of ``" ” “ » ›`` (or two apostrophes)
(straight and typographic marks may be mixed, as scraped text often does). Single
marks (``' ‘ ’``) count only in a paragraph with no double marks, and only at word
boundaries, so that apostrophes (``don’t``, ``voters’``) are not taken for quotes.
A quotation may span several sentences. A quotation still open at the end of its
paragraph ends there (news style re-opens a long quotation at each paragraph and
closes it only at the end); a closing mark with no opening one is ignored.

>>> [(q.start, q.end, q.closed) for q in find_quotes('He said “We will win.” Then left.')]
[(8, 22, True)]
>>> [q.inner('“A. B.”') for q in find_quotes('“A. B.”')]
['A. B.']
>>> [q.closed for q in find_quotes('“Open and\\n\\nnext')]
[False]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = "\"“„«‹"
DOUBLE_CLOSE = "\"”“»›"
SINGLE_OPEN = "'‘"
SINGLE_CLOSE = "'’"
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Quote:
    """A quotation: ``text[start:end]`` includes the marks; ``closed`` is False when the paragraph ended first."""

    start: int
    end: int
    closed: bool = True

    def inner(self, text: str) -> str:
        """The quoted words without the marks."""
        a = self.start + 1
        b = self.end - 1 if self.closed else self.end
        return text[a:b]


def _scan(text: str, offset: int, opens: str, closes: str, single: bool) -> list[Quote]:
    out: list[Quote] = []
    start: int | None = None
    n = len(text)
    for i, ch in enumerate(text):
        if start is None:
            if ch in opens:
                if single:
                    before = text[i - 1] if i else " "
                    after = text[i + 1] if i + 1 < n else " "
                    if not (before.isspace() or before in "([—–-") or not (after.isalnum() or after in "\"“"):
                        continue
                elif ch == '"' and i + 1 < n and text[i + 1].isspace() and i and not text[i - 1].isspace():
                    continue  # a straight mark after a word and before a space closes, never opens
                start = i
        elif ch in closes and i > start:
            if single:
                after = text[i + 1] if i + 1 < n else " "
                if after.isalnum():
                    continue  # an apostrophe inside a word
            out.append(Quote(offset + start, offset + i + 1, True))
            start = None
    if start is not None:
        end = len(text.rstrip())
        if end > start + 1:
            out.append(Quote(offset + start, offset + end, False))
    return out


def find_quotes(text: str) -> list[Quote]:
    """Return the quotations in ``text`` in order, as character spans including the marks.

    Parameters
    ----------
    text : str
        Any text; paragraphs are separated by line breaks.

    Returns
    -------
    list of Quote
        Non-overlapping spans; nested quotations are inside their outer one and
        not listed separately.
    """
    quotes: list[Quote] = []
    for m in _PARAGRAPH.finditer(text):
        para = m.group(0)
        if "''" in para or "``" in para:
            # two apostrophes (or backticks) as one double mark, as in some newswire text
            para = para.replace("``", '"\x01').replace("''", '"\x01')
        if any(c in para for c in DOUBLE_OPEN + "”»"):
            for q in _scan(para, m.start(), DOUBLE_OPEN, DOUBLE_CLOSE, single=False):
                end = q.end
                if end - m.start() < len(para) and para[end - m.start()] == "\x01":
                    end += 1
                quotes.append(Quote(q.start, end, q.closed))
        elif any(c in para for c in SINGLE_OPEN + "’"):
            quotes.extend(_scan(para, m.start(), SINGLE_OPEN, SINGLE_CLOSE, single=True))
    return quotes
