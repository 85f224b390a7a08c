"""Errors with codes, and messages that say what happened and what to do next.

Every message names the file (and line or row) it is about and the fix, e.g.
``"articles.csv line 17: no `text` column; found id, body. Pass --map text=body."``
The codes are stable so that tests and users can rely on them; the catalogue
below is the one place that lists them.
"""

from __future__ import annotations

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
    "E400": "spaCy pipeline could not be loaded",
    "E401": "document could not be processed",
    "E500": "bad command-line option",
    "W101": "date could not be parsed; the document is kept with no date",
    "W102": "text encoding was guessed",
    "W103": "duplicate id in the same input; later rows get a suffix",
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
        return f"{value[:limit]!r}... ({len(value)} characters)"
    import reprlib  # bounded repr: a huge nested list is never rendered whole

    short = reprlib.Repr()
    short.maxstring = short.maxother = limit
    text = short.repr(value)
    return text if len(text) <= limit else f"{text[:limit]}..."
