"""CSV cells a spreadsheet will not run as formulas: the one escaping policy of every CSV we write.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``,
``-`` or ``@`` (or a tab or carriage return before one) as a formula, so an actor
called ``=HYPERLINK(...)`` in a news text could run in the reader's spreadsheet
(OWASP "CSV injection"). Every CSV writer (statements, network edge and node
lists, the DNA matrix, the web downloads) passes its cells through
:func:`csv_cell`, which puts a ``'`` in front of such text. Numbers, negative
weights included, are left as they are. Standard library only, so every layer
may import it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: first characters that make a spreadsheet read a text cell as a formula
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """``value``, with a ``'`` in front if it is text a spreadsheet would run as a formula.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell("-x"), csv_cell("plain"), csv_cell(-0.5)
    ("'=HYPERLINK(1)", "'-x", 'plain', -0.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_uncell(value: str) -> str:
    """A cell read back from a CSV we wrote: the ``'`` :func:`csv_cell` put in front is removed.

    >>> csv_uncell("'=HYPERLINK(1)"), csv_uncell("'plain"), csv_uncell("plain")
    ('=HYPERLINK(1)', "'plain", 'plain')
    """
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through :func:`csv_cell`."""
    return [csv_cell(v) for v in values]


def csv_record(record: dict[str, Any]) -> dict[str, Any]:
    """Every value of a :class:`csv.DictWriter` row through :func:`csv_cell` (the keys are column names)."""
    return {k: csv_cell(v) for k, v in record.items()}
