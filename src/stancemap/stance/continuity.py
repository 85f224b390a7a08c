"""Discourse continuity: a statement that continues its speaker's previous one inherits its relevance.

Speakers argue over several sentences. In "Zelenskyy said that the limits on
Western weapons are unfair. At the same time, we cannot risk the support of our
allies." the second sentence names no term of the issue, so read alone it is not
about the issue at all; read where it stands, it is the same speaker's next
point on it. :func:`code_statements <stancemap.stance.coders.code_statements>`
therefore codes a whole document's statements at once and, when the coder finds
a statement not relevant to an issue, lets it inherit the relevance of the
statement it continues.

When a statement continues another (:func:`continues`)
    Both are in the same document and have the same speaker: the very same
    mention (an unmarked quote the extractor attributed to the previous
    statement's speaker), or the same canonical actor, or, for unresolved
    speakers, the same name as the document gives it (``speaker_name``). The
    earlier one is the *immediately* preceding statement in text order (no
    statement of anyone else between them) and ends before the later one starts.
    Given the document text, the gap between the two contents must hold no line
    break (a new paragraph, as the extractor counts paragraphs), at most one
    sentence end (the earlier statement's own; an intervening sentence of
    narration breaks continuity, though between two statements in the speaker's
    own voice, kind ``own``, a sentence is the speaker's too) and at most
    :data:`MAX_GAP` characters.
    Without the text only the first kind (the very same mention) counts, and the
    gap is checked by length alone.

What is inherited (:func:`inherit`)
    Relevance only, discounted by :data:`DECAY` at each step (so a chain of
    continuations fades, and ends below :data:`MIN_RELEVANCE`). The stance is
    read from the statement's own words: a sentence that names nothing of an
    issue can take a side on it only by referring back to it ("That would be a
    mistake", "It is the only way", "we should do so"; the words are data, in
    ``data/back_references.tsv``). With such a word the coder judges the stance
    of the text alone (its ``code_stance`` method, which skips the relevance
    gate). In the speaker's own voice (kind ``own``, or a quotation in a document in its speaker's own voice:
    :func:`~stancemap.stance.consistency.takes_sides`) each next claim of a testimony or speech is judged and a
    side taken (``sided``, see :meth:`stancemap.stance.semantic.SemanticCoder.decisions`):
    on the own-voice train set this lifted tuple F1 from 0.559 to 0.591. The same quotation going on (kind
    ``direct-unmarked``) is coded ``neutral``. Any other continuation names nothing of the issue and says nothing
    on it, and is not coded: on the PolNeAR train golds such inherited codings were about their issue 6 times in
    14 and right 3 times; leaving them out took relevance precision on the coder's own codings (train3) from
    0.742 to 0.766 and stance macro-F1 pooled over the train golds from 0.558 to 0.565 (dev precision 0.921 ->
    0.933, recall 0.598 -> 0.577). The confidence is discounted
    by :data:`DECAY` too, and the origin says how the coding was made:
    ``model:<coder>+continuation``.

Examples
--------
>>> from stancemap.models import Coding, Issue, Statement, TextSpan
>>> text = "Ann said taxes must rise. We will see.\\nAnn said nothing else."
>>> first = Statement("d", TextSpan(9, 24, "taxes must rise"), speaker=TextSpan(0, 3, "Ann"))
>>> second = Statement("d", TextSpan(26, 38, "We will see."), speaker=TextSpan(0, 3, "Ann"))
>>> continues(first, second, text)
True
>>> third = Statement("d", TextSpan(48, 61, "nothing else."), speaker=TextSpan(38, 41, "Ann"))
>>> continues(second, third, text)  # a new paragraph
False

Notes
-----
Not checked: whether the later sentence changes the subject without a line
break ("... on weapons. On another matter, we ..."), and whether a back
reference points to the issue or to something else; both are left to the
lowered confidence and to review.
"""

from __future__ import annotations

import bisect
import inspect
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from stancemap.models import Coding, Issue, Statement
from stancemap.stance.text import _rows, tokens

__all__ = ["continues", "continuations", "inherit", "refers_back", "answered_text", "side_of_reply", "strip_label",
           "DECAY", "MAX_GAP", "MIN_RELEVANCE", "METHOD", "REPLY"]

#: Factor applied to the inherited relevance and to the stance confidence, per step.
DECAY = 0.8
#: The longest gap, in characters, between two contents that still continue each other.
MAX_GAP = 200
#: Inherited relevance below this (the default coders' relevance threshold) is not inherited.
MIN_RELEVANCE = 0.4
#: Appended to the coder's origin: ``model:semantic.v1+continuation``.
METHOD = "continuation"
#: The origin suffix of a reply's coding (:func:`answered_text`, :func:`side_of_reply`).
REPLY = "reply"
#: Stance confidence of a continuing quotation with no back reference, coded neutral (before :data:`DECAY`).
NEUTRAL_CONFIDENCE = 0.45

_LINE_BREAK = re.compile(r"[\n\r\u2028\u2029]")
_SENTENCE_END = re.compile(r"[.!?]+(?=[\"'\u201d\u2019)\]]*(\s|$))")


@lru_cache(maxsize=1)
def back_references() -> frozenset[str]:
    """The words of ``data/back_references.tsv``.

    >>> {"it", "that", "such"} <= back_references()
    True
    """
    return frozenset(row[0].strip().lower() for row in _rows("back_references.tsv"))


def refers_back(content: str) -> bool:
    """Whether ``content`` has a word that points back to what was said before it.

    >>> refers_back("That would be a grave mistake.")
    True
    >>> refers_back("At the same time, our partners matter.")
    False
    """
    words = back_references()
    return any(t in words for t in tokens(content))


def _same_speaker(a: Statement, b: Statement, by_mention_only: bool) -> bool:
    if a.speaker is None or b.speaker is None:  # own-voice statements have their document's speaker, no mention
        return (not by_mention_only and a.kind == "own" and b.kind == "own" and bool(a.actor)
                and a.actor == b.actor)
    if (a.speaker.start, a.speaker.end) == (b.speaker.start, b.speaker.end):
        return True
    if by_mention_only:
        return False
    if a.actor and b.actor:
        return a.actor == b.actor
    if a.speaker_name and b.speaker_name:
        return a.speaker_name.casefold() == b.speaker_name.casefold()
    return False


def continues(previous: Statement, statement: Statement, text: str | None = None) -> bool:
    """Whether ``statement`` continues ``previous`` (its speaker's statement just before it).

    The caller says that no other statement lies between them (see
    :func:`continuations`); this checks the speaker, the order and the gap
    (see the module docstring).

    Parameters
    ----------
    previous, statement : Statement
    text : str, optional
        The document's text; without it only the very same speaker mention counts.
    """
    if previous.doc_id != statement.doc_id or not _same_speaker(previous, statement, text is None):
        return False
    start, end = previous.content.end, statement.content.start
    if end < start or end - start > MAX_GAP:
        return False
    if text is None:
        return True
    gap = text[start:end]
    # in the speaker's own voice a sentence between the two is theirs too, not narration
    own = previous.kind == "own" and statement.kind == "own"
    return not _LINE_BREAK.search(gap) and (own or len(_SENTENCE_END.findall(gap)) <= 1)


def continuations(statements: Sequence[Statement], text: str | None = None) -> dict[int, int]:
    """Map the index of each statement that continues another to the index of that other.

    ``statements`` are one document's; their order does not matter. The
    statement continued is the one whose content ends last before the
    continuation's starts; statements that share that content span (two
    speakers of one sentence) are all candidates, and one of the same speaker
    is taken. Another statement starting between the two breaks continuity.

    Examples
    --------
    >>> from stancemap.models import TextSpan
    >>> text = "Ann said A. B. Bob said C. D."
    >>> ann = TextSpan(0, 3, "Ann")
    >>> sts = [Statement("d", TextSpan(9, 11, "A."), speaker=ann),
    ...        Statement("d", TextSpan(12, 14, "B."), speaker=ann),
    ...        Statement("d", TextSpan(24, 26, "C."), speaker=TextSpan(15, 18, "Bob")),
    ...        Statement("d", TextSpan(27, 29, "D."), speaker=ann)]
    >>> continuations(sts, text)
    {1: 0}
    """
    order = sorted(range(len(statements)), key=lambda i: (statements[i].content.start, statements[i].content.end))
    by_end: dict[int, list[int]] = {}
    for i in order:
        by_end.setdefault(statements[i].content.end, []).append(i)
    ends = sorted(by_end)
    found: dict[int, int] = {}
    for pos, i in enumerate(order[1:], start=1):
        st = statements[i]
        k = bisect.bisect_right(ends, st.content.start) - 1
        if k < 0:
            continue
        candidates = [j for j in by_end[ends[k]] if j != i]
        latest_start = statements[order[pos - 1]].content.start
        if not candidates or latest_start > max(statements[j].content.start for j in candidates):
            continue  # a statement starts between them (or overlaps the continuation)
        same = [j for j in candidates if continues(statements[j], st, text)]
        if same:
            found[i] = same[-1]
    return found


def inherit(coder: Any, statement: Statement, neighbour: Coding, issue: Issue, context: str,
            sided: bool | None = None) -> Coding | None:
    """The coding of ``statement`` on ``issue`` with the relevance inherited from ``neighbour``.

    Returns ``None`` when the inherited relevance would fall below :data:`MIN_RELEVANCE`, the coder cannot judge a
    stance without its own relevance gate (it has no ``code_stance`` method), or the statement says nothing on the
    issue: it neither refers back to it, nor takes sides (``sided``, by default kind ``own``: a statement in its
    speaker's own voice, or a quotation in such a document, :func:`~stancemap.stance.consistency.takes_sides`), nor
    goes on with the same quotation (kind ``direct-unmarked``, coded ``neutral``).

    Examples
    --------
    >>> from stancemap.stance.lexical import KeywordCoder
    >>> from stancemap.models import TextSpan
    >>> issue = Issue("tax", "Fuel tax", "Fuel taxes should be raised.")
    >>> said = Coding("tax", "support", 0.9, relevance=0.9)
    >>> inherit(KeywordCoder(), Statement("d", TextSpan(0, 27, "We will meet them tomorrow.")), said, issue, "")
    >>> c = inherit(KeywordCoder(), Statement("d", TextSpan(0, 24, "That would be a mistake.")), said, issue, "")
    >>> c.stance, c.relevance, c.origin
    ('oppose', 0.72, 'model:keyword.v1+continuation')
    """
    rel = neighbour.relevance * DECAY
    judge = getattr(coder, "code_stance", None)
    if rel < MIN_RELEVANCE or judge is None:
        return None
    content = statement.content.text
    sided = (statement.kind == "own" if sided is None else sided) and "sided" in inspect.signature(judge).parameters
    if refers_back(content) or sided:
        own = judge(content, context, issue, sided=True) if sided else judge(content, context, issue)
        stance, confidence, origin = own.stance, own.confidence, own.origin
    elif statement.kind == "direct-unmarked":  # the same quotation going on: on the issue, its side unsaid
        stance, confidence, origin = "neutral", NEUTRAL_CONFIDENCE, f"model:{coder.name}"
    else:  # in news, another sentence that names nothing of the issue says nothing on it
        return None
    # in their own voice a continuation's side is as often right as a first claim's (own-voice train: 10 of 13,
    # at a discounted confidence of 0.56), so only news continuations have their confidence discounted
    return Coding(issue=issue.id, stance=stance, confidence=round(confidence * (1.0 if sided else DECAY), 4),
                  origin=f"{origin}+{METHOD}", relevance=round(rel, 4))


#: A speaker label opening a turn: "Q:", "A:", "OKAFOR:", "Senator WHITCOMB.", "The CHAIRMAN.", "Mr. Reyes:".
_LABEL = re.compile(r"^\s*(?:(?:Q|A|[A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+)*)\s*:"
                    r"|(?:(?:The|Senator|Mr\.|Mrs\.|Ms\.|Dr\.)\s+)?[A-Z][A-Z'\-]+\.)\s+")
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"'\u201d\u2019)]*|[^.!?]+$")
_PARAGRAPH = re.compile(r"\n\s*\n|\r\n\s*\r\n")


def side_of_reply(sign: int, answered: str) -> str:
    """The stance of a reply of ``sign`` to a text whose stance is ``answered``: agreeing with a side takes it,
    refusing turns it round; a text with no side (a question, a topic) is the claim itself.

    >>> side_of_reply(-1, "support"), side_of_reply(-1, "oppose"), side_of_reply(1, "neutral")
    ('oppose', 'support', 'support')
    """
    of = -1 if answered == "oppose" else 1
    return "support" if sign * of > 0 else "oppose"


def strip_label(paragraph: str) -> str:
    """``paragraph`` without the speaker label opening it ("Q:", "OKAFOR:", "Senator WHITCOMB.")."""
    return _LABEL.sub("", paragraph, count=1).strip()


def answered_text(text: str, start: int) -> str | None:
    """What the reply whose sentence holds ``start`` answers: the sentence before the reply's in its paragraph,
    or, where the reply opens its paragraph (after its speaker label), the last paragraph before with more than
    two words (not a turn that only gives the floor, "The CHAIRMAN. Senator Cole."), its label stripped; ``None``
    when there is nothing before.

    >>> doc = "Q: What about nuclear power?\\n\\nA: We are for it. I think it is right."
    >>> answered_text(doc, doc.index("We are")), answered_text(doc, doc.index("it is right"))
    ('What about nuclear power?', 'We are for it.')
    >>> chair = "Senator WHITCOMB. My amendment opens federal land to leasing.\\n\\nThe CHAIRMAN. Senator Cole.\\n\\n"
    >>> answered_text(chair + "Senator COLE. I oppose this amendment.", len(chair) + len("Senator COLE. "))
    'My amendment opens federal land to leasing.'
    """
    breaks = [m.end() for m in _PARAGRAPH.finditer(text, 0, start)]
    para_start = breaks[-1] if breaks else 0
    sentences = _sentences(strip_label(text[para_start:start]))
    if sentences and not sentences[-1].endswith(_ENDS):
        sentences.pop()  # the start of the reply's own sentence ("I think ...")
    if sentences:
        return sentences[-1]
    earlier = [strip_label(p) for p in _PARAGRAPH.split(text[:para_start])]
    return next((p for p in reversed(earlier) if len([t for t in tokens(p) if t[:1].isalnum()]) > 2), None)


_ENDS = (".", "!", "?", '"', "'", "\u201d", "\u2019", ")")


def _sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(paragraph) if s.strip()]
