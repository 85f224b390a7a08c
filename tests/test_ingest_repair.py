"""Mojibake repair (issue 17 item 5): what ftfy can undo is undone, and said so."""

from __future__ import annotations

import unicodedata

from stancemap.ingest.repair import repair_mojibake


def test_double_mojibake_is_repaired():
    text, warning = repair_mojibake("FranÃƒÂ§ois Hollande said so.\n", "a.txt")
    assert text == "François Hollande said so.\n"
    assert warning is not None and "line 1" in warning


def test_mojibake_that_was_decomposed_afterwards_is_repaired_too():
    # a PolNeAR article holds "FranÃƒÂ§ois" with its "Ã" and "Â" written as a letter plus a combining accent
    # (NFD); ftfy alone repairs one layer and leaves "FranÃƒÂ§ois", which the warning then called a repair
    line = unicodedata.normalize("NFD", "President FranÃ\x83Â§ois Hollande said the summit would go ahead.\n")
    assert "\u0303" in line
    text, warning = repair_mojibake(line, "b.txt")
    assert text == "President François Hollande said the summit would go ahead.\n"
    assert "'François'" in warning


def test_decomposed_text_that_is_not_mojibake_is_left_alone():
    line = unicodedata.normalize("NFD", "Ségolène Royal met the Zürich delegation.\n")
    assert repair_mojibake(line, "c.txt") == (line, None)
