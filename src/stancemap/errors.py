"""Errors with codes, and messages that say what happened and what to do next.

Every message names the file (and line or row) it is about and the fix, e.g.
``"articles.csv line 17: no `text` column; found id, body. Pass --map text=body."``
The codes are stable so that tests and users can rely on them; the catalogue
below is the one place that lists them.

The messages are templates in ``stancemap/data/messages.tsv`` (:data:`MESSAGES`),
keyed by their code or by the code and a name (``"E104"``, ``"E500.format"``). A raise
site names the class, the template and the template's fields::

    raise InputError.of("E102.csv", name=name)

The class is the one :func:`error_class` gives for the code, or a subclass of it
(``tests/test_error_templates.py`` checks every raise site, and that its fields are
the template's). A failure that is reported rather than raised (a
:class:`~stancemap.models.ReadFailure`) takes its text from :func:`message`.

A ``{field}`` is shown as text cut at :data:`FIELD_LIMIT` characters, a
``{field!r}`` as :func:`brief` shows it, so no echoed value can flood a terminal.
"""

from __future__ import annotations

import string
from importlib import resources
from typing import Self

#: Error and warning codes. E1xx reading input, E2xx codebook, E3xx store,
#: E4xx models and pipeline, E5xx command-line usage, W1xx warnings on input.
CATALOGUE: dict[str, str] = {
    "E100": "input could not be read",
    "E101": "path does not exist",
    "E102": "file is empty",
    "E103": "file is binary, not text",
    "E104": "text encoding could not be detected",
    "E105": "malformed JSON line",
    "E106": "malformed CSV row",
    "E107": "no text column",
    "E108": "HTML page has no main text",
    "E109": "unsupported file format",
    "E110": "row has an empty text field",
    "E111": "Parquet file could not be read",
    "E112": "path is outside the folders named",
    "E113": "file is too large to read",
    "E114": "row has no id",
    "E115": "unknown genre",
    "E116": "XML (TEI) file is malformed or declares a DOCTYPE",
    "E117": "no speaker turns found in a transcript",
    "E118": "an article in a news-archive export could not be parsed; the others are kept",
    "E119": "no articles found in a news-archive export (Nexis, Factiva)",
    "E120": "actor registry is not valid",
    "E125": "DNA database could not be read",
    "E130": "symbolic link loop in a folder; the link is skipped",
    "E131": "document is over the size limit (--max-chars)",
    "E132": "document took longer than the time limit (--doc-timeout)",
    "E200": "codebook could not be read",
    "E201": "codebook is not valid",
    "E300": "database could not be opened",
    "E301": "database schema is newer than this version of stancemap",
    "E302": "database could not be written",
    "E303": "issue id is not in the database",
    "E304": "actor name matches no stored actor",
    "E305": "actor name matches more than one stored actor",
    "E306": "a value is longer than its database column allows (ids, names)",
    "E307": "a review or coding request names no stored statement or actor, or an unknown stance or type",
    "E400": "spaCy pipeline could not be loaded",
    "E401": "document could not be processed",
    "E500": "bad command-line option",
    "W101": "date could not be parsed; the document is kept with no date",
    "W102": "text encoding was guessed",
    "W103": "duplicate id in the same input; later rows get a suffix",
    "W104": "a line not valid in the file's encoding was decoded with another one (or U+FFFD); the line is kept",
    "W105": "NUL characters (which cannot be stored) were replaced by U+FFFD",
    "W106": "ParlaMint speaker or party metadata not found",
    "W107": "web page has no publication date; the WARC fetch date is used",
    "W110": "bytes not valid in the file's encoding were decoded one region at a time",
    "W111": "mojibake (text decoded twice with the wrong encoding) was repaired",
    "W112": "an article's length (word count) is not a number; the document is kept without it",
}


class StancemapError(Exception):
    """Base class: ``code`` from :data:`CATALOGUE` and a message for a person."""

    code = "E000"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

    @classmethod
    def of(cls, key: str, /, **fields: object) -> Self:
        """This error with the message :data:`MESSAGES` ``[key]`` filled with ``fields``; its code is the key's.

        >>> str(UsageError.of("E500.workers", workers=0))
        '--workers 0: give 1 or more worker processes'
        """
        return cls(message(key, **fields), code=code_of(key))


class InputError(StancemapError):
    """An input file or row could not be read."""

    code = "E100"


class CodebookError(StancemapError):
    """The codebook file is missing, not YAML, or not valid."""

    code = "E201"


class StoreError(StancemapError):
    """The database could not be opened or written."""

    code = "E300"


class ActorLookupError(StoreError):
    """A typed actor name matches no stored actor (E304) or several (E305).

    ``name`` is the name as typed; ``candidates`` the ``(canonical name,
    statements)`` pairs the message lists: the closest stored names for E304,
    the actors matched for E305.
    """

    code = "E304"

    def __init__(
        self,
        message: str,
        code: str | None = None,
        *,
        name: str = "",
        candidates: tuple[tuple[str, int], ...] | list[tuple[str, int]] = (),
    ) -> None:
        super().__init__(message, code)
        self.name = name
        self.candidates = tuple(candidates)

    @classmethod
    def of(  # type: ignore[override]  # name and candidates are attributes as well as fields
        cls, key: str, /, *, name: str = "", candidates: tuple[tuple[str, int], ...] | list[tuple[str, int]] = (),
        **fields: object,
    ) -> Self:
        """The error for the typed ``name`` (a template may show it as ``{name!r}``) and its ``candidates``."""
        return cls(message(key, name=name, **fields), code_of(key), name=name, candidates=candidates)


class PipelineError(StancemapError):
    """A model could not be loaded or a document could not be processed."""

    code = "E400"


class UsageError(StancemapError):
    """A command-line option is wrong."""

    code = "E500"


class RegistryError(InputError):
    """An actor registry file is not valid (duplicate alias, bad type, bad dates)."""

    code = "E120"


def brief(value: object, limit: int = 80) -> str:
    """``repr`` of ``value`` for an error message, shortened when it is long.

    Text longer than ``limit`` characters is cut to its first ``limit``
    characters and followed by its length, so a 5 MB value cannot flood a
    terminal or a log.

    Examples
    --------
    >>> brief("2024-13-45")
    "'2024-13-45'"
    >>> brief("x" * 1000, limit=5)
    "'xxxxx'... (1000 characters)"
    """
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}{_length(value)}"
    import reprlib  # bounded repr: a huge nested list is never rendered whole

    short = reprlib.Repr()
    short.maxstring = short.maxother = limit
    text = short.repr(value)
    return text if len(text) <= limit else f"{text[:limit]}..."


#: Longest text a ``{field}`` of a message shows; a longer one is cut (:func:`clip`).
FIELD_LIMIT = 300


def clip(text: str, limit: int = FIELD_LIMIT) -> str:
    """``text`` for an error message: whole, or cut to ``limit`` characters and followed by its length.

    The rule of :func:`brief`, without the quotes.

    >>> clip("a short path.csv")
    'a short path.csv'
    >>> clip("x" * 1000, limit=5)
    'xxxxx... (1000 characters)'
    """
    return text if len(text) <= limit else f"{text[:limit]}{_length(text)}"


def _length(text: str) -> str:
    return f"... ({len(text)} characters)"


# ---------------------------------------------------------------- message templates

def _read_messages() -> dict[str, str]:
    """``stancemap/data/messages.tsv``: a header, then ``key<TAB>template`` lines; ``#`` lines are notes."""
    text = resources.files("stancemap").joinpath("data", "messages.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t", 1) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {key: template for key, template in rows[1:]}


#: Message templates (``str.format``) by key: a code from :data:`CATALOGUE`, alone or
#: followed by a dot and a name when the code has several messages (``"E500.format"``).
MESSAGES: dict[str, str] = _read_messages()


class _Fields(string.Formatter):
    """``{field!r}`` is :func:`brief`; any other field but a number is text cut by :func:`clip`."""

    def convert_field(self, value: object, conversion: str | None) -> object:
        if conversion == "r":
            return brief(value)
        if conversion is None and isinstance(value, int | float):
            return value  # a number keeps its format spec ({size:,})
        return clip(str(value))


_FIELDS = _Fields()


def code_of(key: str) -> str:
    """The code of a message key: ``"E500"`` for ``"E500.format"``.

    >>> code_of("E500.format"), code_of("E103")
    ('E500', 'E103')
    """
    return key.partition(".")[0]


def message(key: str, /, **fields: object) -> str:
    """The text of message ``key`` with its ``fields`` filled in (:data:`MESSAGES`).

    >>> message("E102.csv", name="a.csv")
    'a.csv: the file is empty; add a header row and articles.'

    Raises
    ------
    KeyError
        For a key that is not in :data:`MESSAGES`, or a field the template needs and
        ``fields`` lacks (a mistake in the code; ``tests/test_error_templates.py`` finds both).
    """
    try:
        template = MESSAGES[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in stancemap/data/messages.tsv") from None
    return _FIELDS.format(template, **fields)


#: The class for a code, most specific first: the exact code, then its hundred (``E1`` for ``E1xx``).
_CLASSES: dict[str, type[StancemapError]] = {
    "E120": RegistryError, "E304": ActorLookupError, "E305": ActorLookupError,
    "E1": InputError, "E2": CodebookError, "E3": StoreError, "E4": PipelineError, "E5": UsageError,
}


def error_class(code: str) -> type[StancemapError]:
    """The exception class of ``code``'s errors: :class:`InputError` for E1xx, :class:`UsageError` for E5xx, ...

    >>> error_class("E103").__name__, error_class("E120").__name__
    ('InputError', 'RegistryError')
    """
    found = _CLASSES.get(code) or _CLASSES.get(code[:2])
    if found is None:
        raise KeyError(f"{code!r} is not an error code (E1xx to E5xx); warnings are not raised")
    return found
