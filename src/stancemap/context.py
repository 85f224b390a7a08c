"""The sentence around a span of plain text, for evidence and stance context.

Works on the stored document text alone (no parser), so that the report, the
web app and the stance coder can show or read a statement in its sentence
without spaCy.
"""

from __future__ import annotations

import re

# A sentence ends at ., ! or ? followed by white space, or at a blank line.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+|\n\s*\n")


def sentence_bounds(text: str, start: int, end: int, limit: int = 600) -> tuple[int, int]:
    """Return ``(s, e)`` covering the sentence(s) that contain ``text[start:end]``.

    The window never reaches more than ``limit`` characters beyond the span on
    either side, so a text without punctuation still gives a short context.

    >>> text = "First one. Borrell noted that it is fine. Last one."
    >>> s, e = sentence_bounds(text, 19, 24)
    >>> text[s:e]
    'Borrell noted that it is fine.'
    """
    lo = max(0, start - limit)
    s = lo
    for match in _BOUNDARY.finditer(text, lo, start):
        if match.end() <= start:
            s = match.end()
    hi = min(len(text), end + limit)
    e = hi
    after = _BOUNDARY.search(text, max(end, start), hi)
    if after:
        e = after.start()
        # keep the closing punctuation that precedes the white space
        while e < hi and text[e] in ".!?\"'\u201d\u2019)]":
            e += 1
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, max(e, min(end, len(text)))


def sentence_around(text: str, start: int, end: int, limit: int = 600) -> str:
    """Return the sentence(s) of ``text`` that contain ``text[start:end]``.

    >>> sentence_around("A. He said that it works. B.", 5, 9)
    'He said that it works.'
    """
    s, e = sentence_bounds(text, start, end, limit)
    return text[s:e]
