"""Mojibake repair: text that was decoded with the wrong encoding before it reached us.

"FranÃƒÂ§ois Hollande" is "François Hollande" encoded as UTF-8 and decoded as
cp1252, twice. `ftfy <https://ftfy.readthedocs.io>`_ undoes it. Only encoding
fixes are applied (quotes, ligatures, widths, line breaks and normalisation are
left as they are), one line at a time, only on lines ftfy finds suspicious, and
never silently: :func:`repair_mojibake` returns a W111 warning that names the
lines and shows the first repair. The repaired text is the one stored, so
offsets index it.
"""

from __future__ import annotations

import unicodedata

import ftfy
from ftfy.badness import is_bad

from stancemap.errors import brief, message

__all__ = ["repair_mojibake", "FIXES"]

#: ftfy's settings: encoding repairs only.
FIXES = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def _changed_words(old: str, new: str) -> tuple[str, str]:
    """The words around the first difference of ``old`` and ``new``."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old, end_new = end_old - 1, end_new - 1
    while start > 0 and not old[start - 1].isspace():
        start -= 1

    def word_end(text: str, end: int) -> int:
        while end < len(text) and not text[end].isspace():
            end += 1
        return end

    return old[start : word_end(old, end_old)], new[start : word_end(new, end_new)]


def _fix_line(line: str) -> str:
    """ftfy's encoding repair of one line; if that leaves it still bad, the repair of its NFC form.

    Mojibake that was decomposed afterwards (its "Ã" written as "A" plus a combining tilde)
    is repaired only one layer by ftfy; composing the line first lets it undo the rest.
    A line whose repair is clean is never normalised.
    """
    fixed = ftfy.fix_text(line, FIXES)
    if is_bad(unicodedata.normalize("NFC", fixed)):  # judged composed: "A" + combining tilde reads as "Ã"
        composed = ftfy.fix_text(unicodedata.normalize("NFC", line), FIXES)
        if not is_bad(composed):
            return composed
    return fixed


def repair_mojibake(text: str, where: str, first_line: int = 1) -> tuple[str, str | None]:
    """Repair mojibake line by line; return the text and a W111 warning (``None`` if unchanged).

    Parameters
    ----------
    text : str
        Decoded text.
    where : str
        Names the input in the warning (``"a.txt"``, ``"a.csv line 3"``).
    first_line : int
        The number of the text's first line in the warning.

    Examples
    --------
    >>> text, warning = repair_mojibake("date 2016-10-12\\nFranÃƒÂ§ois Hollande said.\\n", "a.txt")
    >>> text
    'date 2016-10-12\\nFrançois Hollande said.\\n'
    >>> print(warning)  # doctest: +NORMALIZE_WHITESPACE
    W111 a.txt: mojibake repaired on line 2 ('FranÃƒÂ§ois' became 'François'); the repaired text
    is the one stored. Check the source if the original spelling was intended.
    >>> repair_mojibake("He said “no” — Ã is a letter.", "a.txt")
    ('He said “no” — Ã is a letter.', None)
    """
    if text.isascii():
        return text, None
    lines = text.splitlines(keepends=True)
    repaired: list[int] = []
    example: tuple[str, str] | None = None
    for number, line in enumerate(lines):
        if line.isascii() or not is_bad(line):
            continue
        fixed = _fix_line(line)
        if fixed != line:
            if example is None:
                example = _changed_words(line, fixed)
            lines[number] = fixed
            repaired.append(number + first_line)
    if example is None:
        return text, None
    shown = ", ".join(str(number) for number in repaired[:10]) + (", ..." if len(repaired) > 10 else "")
    plural = "s" if len(repaired) > 1 else ""
    warning = message(
        "W111", where=where, plural=plural, shown=shown,
        before=brief(example[0], 40), after=brief(example[1], 40),
    )
    return "".join(lines), warning
