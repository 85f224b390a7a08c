"""Token-span helpers shared by the attribution rules, and the :class:`Found` record.

Everything here reads a Doc and never changes it. Token tests use the token's
text and part of speech rather than lexical flags, so that they also hold on
hand-built Docs made with a bare ``Vocab``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from stancemap.nlp.lexicon import FIRST_PERSON
from stancemap.nlp.quotes import find_quotes

TokSpan = tuple[int, int]

_QUOTE_TOKENS = set("\"“”„«»‹›'‘’") | {"''", "``"}


@dataclass(frozen=True)
class Found:
    """One attribution found in a Doc, as token-index spans ``[start, end)``.

    ``speaker_head`` is the token index of the speaker mention's head (for
    coreference and typing); ``rule`` names the rule that found it.
    """

    rule: str
    kind: str
    content: TokSpan
    speaker: TokSpan | None = None
    cue: TokSpan | None = None
    speaker_head: int | None = None


_NEWLINE = re.compile("\n")
TEXT_KEY = "stancemap.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc and kept in ``doc.user_data``.

    ``Doc.text`` joins every token on each access, which the rules would
    otherwise pay several times per document.

    >>> import spacy
    >>> doc = spacy.blank("en")("One two.")
    >>> doc_text(doc) == doc.text
    True
    """
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def line_break_tokens(doc: Doc) -> numpy.ndarray:
    """Indices of the tokens whose text or trailing whitespace holds a line break (sorted, unique).

    Found from the character offsets of the breaks, without visiting every token.
    """
    breaks = [m.start() for m in _NEWLINE.finditer(doc_text(doc))]
    if not breaks or not len(doc):
        return numpy.zeros(0, dtype="int64")
    idx = doc.to_array(IDX).astype("int64")
    owners = numpy.searchsorted(idx, numpy.asarray(breaks, dtype="int64"), side="right") - 1
    return numpy.unique(owners[owners >= 0])


def paragraphs(doc: Doc) -> list[int]:
    """Paragraph number of each token: a new paragraph starts after a line break."""
    n = len(doc)
    flags = numpy.zeros(n, dtype="int64")
    owners = line_break_tokens(doc)
    flags[owners[owners < n - 1] + 1] = 1
    return numpy.cumsum(flags).tolist()


def quote_spans(doc: Doc) -> list[TokSpan]:
    spans = []
    for q in find_quotes(doc_text(doc)):
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None and len(span):
            spans.append((span.start, span.end))
    return spans


def is_punct(tok: Token) -> bool:
    return tok.is_punct or tok.pos_ == "PUNCT"


def is_space(tok: Token) -> bool:
    return tok.is_space or tok.pos_ == "SPACE" or not tok.text.strip()


def is_quote_tok(tok: Token) -> bool:
    return tok.text in _QUOTE_TOKENS


def trim(doc: Doc, start: int, end: int, keep_quotes: bool = True) -> TokSpan:
    """Drop leading "that", and punctuation/space at both edges (quotation marks kept)."""
    while start < end:
        t = doc[start]
        if is_space(t) or (is_punct(t) and not (keep_quotes and is_quote_tok(t))) or (
            t.dep_ == "mark" and t.text.lower() == "that"
        ):
            start += 1
        else:
            break
    while end > start:
        t = doc[end - 1]
        if is_space(t) or (is_punct(t) and not (keep_quotes and is_quote_tok(t))):
            end -= 1
        else:
            break
    return start, end


def subtree(tok: Token) -> TokSpan:
    return tok.left_edge.i, tok.right_edge.i + 1


def overlaps(a: TokSpan, b: TokSpan) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def is_first_person(tok: Token) -> bool:
    return tok.text.lower() in FIRST_PERSON and tok.text != "US" and not tok.ent_type_


def has_first_person(doc: Doc, start: int, end: int) -> bool:
    return any(is_first_person(doc[i]) for i in range(start, end))


def sent_list(doc: Doc) -> list[Span]:
    return [s for s in doc.sents if any(not is_space(t) for t in s)]
