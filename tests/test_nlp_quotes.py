"""Quotation spans: every mark style, several sentences, unbalanced marks per paragraph."""

import pytest

from stancemap.nlp.quotes import find_quotes

CASES = [
    ('He said “We will win.” Then he left.', ["“We will win.”"]),
    ('He said "We will win." Then he left.', ['"We will win."']),
    ("Il a dit « nous gagnerons » hier.", ["« nous gagnerons »"]),
    ("Sie sagte „wir gewinnen“ gestern.", ["„wir gewinnen“"]),
    ("She said 'we will win' and left.", ["'we will win'"]),
    ("“One. Two. Three,” she said.", ["“One. Two. Three,”"]),
    ('Mixed “straight close" marks.', ['“straight close"']),
    ("Don’t take the voters’ word for it.", []),
    ("No quotes at all.", []),
    ("A closing ” mark alone.", []),
    ("“Open to the end\n\n“Next paragraph,” he said.", ["“Open to the end", "“Next paragraph,”"]),
    ('Two: "a" and "b".', ['"a"', '"b"']),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_find_quotes(text, expected):
    assert [text[q.start : q.end] for q in find_quotes(text)] == expected


def test_unclosed_quote_ends_with_its_paragraph():
    text = "“Open here\n\nplain text"
    (q,) = find_quotes(text)
    assert not q.closed and q.inner(text) == "Open here"
