"""Who "I" and "we" are in a news-page text written by its author: op-eds and letters to the editor.

A newspaper's opinion page is read as news, but its first person outside
quotation marks is the writer's, named where such pages name them:

``tagline``
    a closing paragraph that introduces the writer: "James Bovard is the author of
    Public Policy Hooligan and a member of USA TODAY's Board of Contributors.",
    "Rep. Debbie Wasserman Schultz, D-Fla., chairs the Democratic National
    Committee." The whole text before it is theirs; "we" is the organisation the
    tagline says they chair, lead or head, when it says so.
``signature``
    a letter's signature, a paragraph of a name alone ("Mauricio Fraga-Rosenfeld.",
    "@mdeluzgon."), possibly followed by a place line ("Washington, D.C."): the text
    since the previous signature (or heading) is the signer's.
``byline``
    where the page names no writer, the document's byline (its ``author``, as an archive
    export, a page's metadata or a ``--metadata`` file gives it) when it names one person and
    the text speaks in the first person outside quotation marks in at least
    :data:`BYLINE_FIRST_PERSON` paragraphs: a column ("Mr. Trump, I have a deal for you.").

:func:`find_writers` is pure text in, spans out; :func:`writer_at` says whose a
character offset is. Quoted first person ("'We will win,' Trump said") is the
quote's speaker and is never asked here.

>>> text = "I refuse to answer the survey.\\n\\nJames Bovard is the author of Public Policy Hooligan."
>>> [(w.name, w.start, w.end, w.rule) for w in find_writers(text)]
[('James Bovard', 0, 30, 'tagline')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from stancemap.ingest.authors import display
from stancemap.names.gender import is_first_name
from stancemap.nlp.quotes import find_quotes

__all__ = ["BYLINE_FIRST_PERSON", "Writer", "find_writers", "byline_writer", "writer_at", "first_person_writers"]

#: Paragraphs with first person outside quotation marks that make a bylined text its writer's own: one alone may
#: be a quotation whose marks were lost, or a reporter's aside.
BYLINE_FIRST_PERSON = 2

#: speaker words that make a speaker the writer (outside quotation marks)
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})

_NAME_WORD = r"(?:[A-Z][a-z]*\.|[A-Z][\w'\u2019\-]+)"
_NAME = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,3}}"
_TITLE = r"(?:(?:Rep|Sen|Gov|Dr|Mr|Ms|Mrs)\.[ \t]+)?"
_PARTY = r"(?:,[ \t]*[A-Z]-[A-Z][\w.]*\.?,)?"
#: "X is the author of ...", "X is playwright-in-residence at ...", "Rep. X, D-Fla., chairs the ..."
_TAGLINE = re.compile(
    rf"^{_TITLE}(?P<name>{_NAME}){_PARTY}[ \t]+"
    r"(?:(?:is|was)[ \t]+(?:(?:a|an|the)[ \t]+|[\w\-]+[ \t]+(?:of|at|for|in)[ \t]+)"
    r"|(?P<leads>chairs|leads|heads|directs|runs)[ \t]+the[ \t]+(?P<org>[A-Z][^.,;]*))"
)
_SIGNATURE = re.compile(rf"^(?:{_NAME}|@\w+)\.?$")
#: a place line under a signature, every word capitalised ("Henderson, Nev.", "Washington, D.C.")
_PLACE = re.compile(r"^[A-Z][\w.'\-]*(?:,?[ \t]+[A-Z][\w.'\-]*)*\.?$")
_FIRST = re.compile(r"\b(?:I|we|We|my|My|our|Our|me|us)\b")


@dataclass(frozen=True)
class Writer:
    """The writer of ``text[start:end]``: a person, and the organisation "we" stands for when named."""

    name: str
    start: int
    end: int
    rule: str
    organisation: str | None = None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            out.append((m.start(), m.end()))
    return out


def find_writers(text: str) -> list[Writer]:
    """The writers of an op-ed (a closing tagline) or of letters (signatures), with the spans they wrote.

    Only text with first person outside the name lines is given a writer.
    """
    paras = _paragraphs(text)
    if not paras:
        return []
    last = paras[-1]
    tagline = _TAGLINE.match(text[last[0]:last[1]].strip())
    if tagline and _FIRST.search(text[:last[0]]):
        org = tagline.group("org")
        return [Writer(tagline.group("name"), 0, len(text[:last[0]].rstrip()), "tagline",
                       org.strip() if org else None)]
    return _letters(text, paras)


def _letters(text: str, paras: list[tuple[int, int]]) -> list[Writer]:
    """Letters signed by a name line; a page of letters shows itself by a signature with a place line
    under it ("Kathryn Kates." / "New York.") or a handle ("@mdeluzgon."), so that a title-case heading
    ("Human Rights") of an article is no signature. A heading in capitals ("TWITTER.") starts a section."""
    lines = [text[a:b].strip() for a, b in paras]
    placed = [k + 1 < len(lines) and _PLACE.match(lines[k + 1]) is not None and len(lines[k + 1].split()) <= 4
              for k in range(len(lines))]
    signs = [k > 0 and not lines[k].isupper() and _SIGNATURE.match(lines[k]) is not None for k in range(len(lines))]
    if not any(signs[k] and (placed[k] or lines[k].startswith("@")) for k in range(len(lines))):
        return []
    writers: list[Writer] = []
    start = 0
    for k, (a, b) in enumerate(paras):
        if lines[k].isupper():
            start = b
            continue
        if not signs[k]:
            continue
        body = text[start:a]
        if _FIRST.search(body) and len(body.split()) >= 4:
            writers.append(Writer(lines[k].rstrip("."), start, a, "signature"))
        start = paras[k + 1][1] if placed[k] else b
    return writers


def byline_writer(text: str, author: str | None, quotes: Sequence[tuple[int, int]] | None = None) -> Writer | None:
    """The byline's ``author`` as the writer of all of ``text`` (rule ``byline``, see the module docstring), else
    ``None``: a byline of several people ("A and B", "A, B"), or of no person ("Breitbart News", "AP": its first
    word no first name), says nothing of who "I" is. ``quotes`` are the text's quotations as spans, where the
    caller has found them.

    >>> column = "Mr. Trump, I have a deal for you.\\n\\nSo just give us ten numbers, I ask."
    >>> byline_writer(column, "JAMES B. STEWART")
    Writer(name='James B. Stewart', start=0, end=70, rule='byline', organisation=None)
    >>> byline_writer("The senator said: \\"I will vote no.\\"\\n\\nThe vote is today.", "Jo Writer") is None
    True
    """
    name = display(author) if author else ""
    words = name.split()
    if not 2 <= len(words) <= 5 or not is_first_name(words[0]) or re.search(r",|;|&|\band\b|\d", name, re.I):
        return None  # no person ("Breitbart News", "AP"), or more than one
    if quotes is None:
        quotes = _quote_spans(text)
    spoken = 0
    for a, b in _paragraphs(text):
        if any(not any(qa <= a + m.start() < qb for qa, qb in quotes) for m in _FIRST.finditer(text[a:b])):
            spoken += 1
    return Writer(name, 0, len(text), "byline") if spoken >= BYLINE_FIRST_PERSON else None


def _quote_spans(text: str) -> list[tuple[int, int]]:
    return [(q.start, q.end) for q in find_quotes(text)]


def writer_at(writers: list[Writer], offset: int, plural: bool = False) -> str | None:
    """Who wrote the character at ``offset``: the person, or for "we" (``plural``) their organisation
    when the tagline names one.

    >>> writer_at([Writer("Rep. X", 0, 10, "tagline", "Democratic National Committee")], 3, plural=True)
    'Democratic National Committee'
    """
    for w in writers:
        if w.start <= offset < w.end:
            return (w.organisation or w.name) if plural else w.name
    return None


def first_person_writers(text: str, speakers: Sequence[tuple[int, str] | None],
                         author: str | None = None) -> list[tuple[str, str] | None]:
    """``(name, type)`` of the writer behind each first-person speaker outside quotation marks, else ``None``.

    ``speakers`` holds each statement's speaker as ``(start offset, text)`` (``None`` for
    none). "I" is the writer (a person); "we" the organisation their tagline names, else
    the writer. Where the text names no writer, the document's byline ``author`` may
    (:func:`byline_writer`).

    >>> text = "We refuse to answer, we said.\\n\\nRep. Ann Lee, D-Fla., chairs the Democratic Caucus."
    >>> first_person_writers(text, [(20, "we"), None])
    [('Democratic Caucus', 'organisation'), None]
    """
    words = [s[1].split()[0].lower() if s is not None and s[1].split() else "" for s in speakers]
    if not any(w in _FIRST_PERSON for w in words):
        return [None] * len(speakers)
    writers = find_writers(text)
    if not writers and not author:
        return [None] * len(speakers)
    quotes = _quote_spans(text)
    if not writers:
        bylined = byline_writer(text, author, quotes)
        if bylined is None:
            return [None] * len(speakers)
        writers = [bylined]
    out: list[tuple[str, str] | None] = []
    for speaker, word in zip(speakers, words, strict=True):
        if speaker is None or word not in _FIRST_PERSON or any(a <= speaker[0] < b for a, b in quotes):
            out.append(None)
            continue
        plural = word in ("we", "us")
        who, person = writer_at(writers, speaker[0], plural=plural), writer_at(writers, speaker[0])
        out.append((who, "organisation" if plural and who != person else "person") if who else None)
    return out
