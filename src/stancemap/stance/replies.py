"""A short reply takes its issue, and its side, from what it answers.

Speakers answer questions, proposals and other people's claims in a few words:
"Some have proposed a carbon tax as a cleaner alternative to regulation. *We do not
agree.*"; "Q: What about nuclear power? A: *We are for it.*"; "The Dealers Council
has said the 2035 target is unrealistic. *We respectfully disagree.*" Read alone such
a reply names no issue. Read with the text it answers, it is a side on that text's
issue: its own sign (agreeing or refusing) times the side of what it answers, or of
the issue's claim itself where what it answers takes none (a question, a topic).

:func:`reply_sign` says whether a statement is such a reply and which way it goes
(the default coder's ``reply_sign``); :func:`stancemap.stance.continuity.answered_text`
finds what it answers, and :func:`stancemap.stance.coders.code_statements` codes that
text with the same coder and gives the reply a coding on each issue it is about
(origin ``+reply``, the side from :func:`stancemap.stance.continuity.side_of_reply`),
where the reply has none of its own.
"""

from __future__ import annotations

import re

from stancemap.stance.continuity import refers_back, strip_label
from stancemap.stance.lexical import analyse_stance
from stancemap.stance.lexicon import Lexicon
from stancemap.stance.text import tokens

__all__ = ["MAX_REPLY_WORDS", "reply_sign"]

#: A reply is short: at most this many words.
MAX_REPLY_WORDS = 14
#: Who a reply is said by ("*We* respectfully disagree.", "*I* think it is the right goal.")
_SPEAKERS = frozenset({"we", "i"})
#: Words that open a noun phrase: a reply that names its object ("I support *the* Whitcomb amendment") is no bare
#: (dis)agreement
_DETERMINERS = frozenset({"the", "a", "an"})
#: Answer particles that open a reply and, with no other cue in it, give its sign.
_PARTICLES = {"no": -1, "yes": 1}
#: A bare refusal: a modal or "do" denied with no verb after it ("We will not.", "We won't.", "We do not.").
_REFUSAL = re.compile(r"^\s*(?:we|i)\s+(?:will|would|shall|do|can|cannot|won't|don't|can't)(?:\s+not)?"
                      r"\s*[.!]?\s*$", re.IGNORECASE)


def reply_sign(content: str, lexicon: Lexicon | None = None) -> int | None:
    """+1 for a short reply that agrees, -1 for one that refuses or disagrees, ``None`` for anything else.

    A reply is at most :data:`MAX_REPLY_WORDS` words and opens with an answer particle ("No, ..."), or is said
    by the speaker ("we", "I" among its first words) and either points back (it, that, this, so) or is a bare
    refusal ("We will not.") or (dis)agreement ("We respectfully disagree."). Its sign is its cues'
    (:func:`~stancemap.stance.lexical.analyse_stance`), else the particle's. A claim of its own that points
    back ("Legislators should stop pouring money into it") is no reply: continuity reads it.

    >>> reply_sign("No, we oppose it."), reply_sign("We will not."), reply_sign("We are for it.")
    (-1, -1, 1)
    >>> reply_sign("A: No, not while I am mayor."), reply_sign("We respectfully disagree.")
    (-1, -1)
    >>> reply_sign("Carbon taxes are a mistake."), reply_sign("We met on Tuesday.")  # names its subject; no sign
    (None, None)
    >>> reply_sign("I support the Whitcomb amendment."), reply_sign("I oppose this amendment.")
    (None, -1)
    """
    content = strip_label(content)  # "A: No, we oppose it."
    words = [t for t in tokens(content) if t[:1].isalnum()]
    if not words or len(words) > MAX_REPLY_WORDS:
        return None
    if _REFUSAL.match(content):
        return -1
    particle = _PARTICLES.get(words[0].lower())
    rest = re.sub(r"^\s*(?:no|yes)\b[,.!]?\s*", "", content, flags=re.IGNORECASE) if particle else content
    score = analyse_stance(rest, lexicon).score if rest.strip() else 0.0
    sign = (1 if score > 0 else -1) if score else particle
    if sign is None:
        return None
    said_by_the_speaker = any(w.lower() in _SPEAKERS for w in words[:3])  # "No, *we* oppose it", "*I* think it is"
    if particle is not None:
        return sign
    names_nothing = len(words) <= 5 and not _DETERMINERS.intersection(w.lower() for w in words)
    return sign if said_by_the_speaker and (names_nothing or refers_back(content)) else None
