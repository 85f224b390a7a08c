"""An article's header fields besides title, date and source: byline, section, length.

News archives print them above each article (Nexis ``Byline:``, ``Section:``,
``Length: 812 words``; Factiva's byline, section and ``877 words`` lines); rows
(JSON Lines, CSV, Parquet) and a ``--metadata`` sidecar can give them as
``author``, ``section`` and ``length`` fields. They become
:attr:`~stancemap.models.Article.author`, ``section`` and ``length``.

A value is kept as written, with runs of white space made one space; a byline's
leading ``By`` is dropped. ``length`` is the archive's word count: the first
number in the value (``"1,204 words"`` -> 1204). A value with no number (or an
impossible one) leaves ``length`` empty with a W112 warning; the article is kept.

>>> header_values({"author": "By  Jo Writer", "section": "World ", "length": "1,204 words"}.get, "a.csv line 2")
({'author': 'Jo Writer', 'section': 'World', 'length': 1204}, [])
>>> header_values({"length": "long"}.get, "a.csv line 3")[1]  # doctest: +ELLIPSIS
["W112 a.csv line 3: the length 'long' is not a number of words; ..."]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from stancemap.errors import message

__all__ = ["HEADER_FIELDS", "byline", "clean", "word_count", "header_values", "length_warning"]

#: The header fields of a document (the Article attributes they fill).
HEADER_FIELDS: tuple[str, ...] = ("author", "section", "length")

#: Word counts larger than this are not an article's (and would not fit the store's integer column).
MAX_WORDS = 10**9

_NUMBER = re.compile(r"\d{1,3}(?:[,.\u00a0\u202f' ]\d{3})+(?!\d)|\d+")
_BY = re.compile(r"^by\s+", re.IGNORECASE)


def clean(value: Any) -> str | None:
    """``value`` as a string with white space runs made one space; ``None`` when empty.

    >>> clean("  World\\n News "), clean(""), clean(None), clean(["Jo Writer", " Al Bo "])
    ('World News', None, None, 'Jo Writer; Al Bo')
    """
    if value is None:
        return None
    if isinstance(value, (list, tuple)):  # a JSON list of authors
        value = "; ".join(part for part in (clean(item) for item in value) if part)
    text = " ".join(str(value).split())
    return text or None


def byline(value: Any) -> str | None:
    """A byline as an author: :func:`clean`, without a leading ``By``.

    >>> byline("BY JO WRITER"), byline("Bynum Ray"), byline("By ")
    ('JO WRITER', 'Bynum Ray', None)
    """
    text = clean(value)
    if text is None:
        return None
    return clean(_BY.sub("", text + " "))


def word_count(value: Any) -> int | None:
    """The word count in ``value`` (``"Length: 1,204 words"``, ``"877 Wörter"``, ``812``), or ``None``.

    >>> word_count("LENGTH: 1,204 words"), word_count("1.204 Wörter"), word_count(812), word_count("words")
    (1204, 1204, 812, None)
    >>> word_count(True) is None, word_count(-3) is None, word_count(2.0)
    (True, True, 2)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            return None
        number = int(value)
    else:
        match = _NUMBER.search(str(value))
        if match is None:
            return None
        number = int(re.sub(r"\D", "", match.group(0)))
    return number if 0 <= number <= MAX_WORDS else None


def length_warning(value: Any, where: str) -> str:
    """The W112 warning for a ``length`` value that is not a word count."""
    return message("W112", where=where, length=value)


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def header_values(get: Callable[[str], Any], where: str) -> tuple[dict[str, Any], list[str]]:
    """``({author, section, length}, warnings)`` from ``get(field)`` (a row, a sidecar, an archive header).

    ``where`` names the row or line in a warning.
    """
    raw = get("length")
    length = word_count(raw)
    warnings = [length_warning(raw, where)] if length is None and _given(raw) else []
    return {"author": byline(get("author")), "section": clean(get("section")), "length": length}, warnings
