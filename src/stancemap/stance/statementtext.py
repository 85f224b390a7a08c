"""What the stance model reads of a statement: its cue and content, or a fragment's sentence."""

from __future__ import annotations

import re

__all__ = ["FRAGMENT_WORDS", "cue_reading", "frame", "is_infinitive", "stance_text"]

#: A content of fewer words than this is a fragment of its sentence ("the email inquiry", "Comey's statement"), whose
#: stance is what its sentence says of it: the model reads the sentence. Chosen on the PolNeAR train statement golds
#: (stance macro-F1 train / train2 / train3: 0.600 / 0.519 / 0.395 -> 0.637 / 0.519 / 0.404 at 4; 6 and 8 no better;
#: the whole sentence for every statement 0.631 / 0.458 / 0.365), ``eval_coding_polnear.md``.
FRAGMENT_WORDS = 4


def stance_text(content: str, cue: str | None, sentence: str | None = None) -> str:
    """What the pair model reads: the cue before the content when the content does not hold it; for a fragment
    (fewer than :data:`FRAGMENT_WORDS` words) whose ``sentence`` is given, the sentence.

    >>> stance_text("climate change a hoax", "has called")
    'has called climate change a hoax'
    >>> stance_text("We will win.", None)
    'We will win.'
    >>> stance_text("the email inquiry", "criticized", "Ryan criticized the email inquiry as a waste.")
    'Ryan criticized the email inquiry as a waste.'
    """
    if sentence and len(content.split()) < FRAGMENT_WORDS:
        return sentence
    if cue and cue.strip() and cue not in content:
        return f"{cue.strip()} {content}"
    return content


def frame(content: str, context: str) -> tuple[str, str]:
    """The text to read cues in, and the context left over for relevance.

    ``context`` may be framing words only (the cue, "have been wary of"), which
    are read before the content, or the whole sentence around the content, which
    is read as it stands (so "did not say that ..." keeps its scope).

    >>> frame("it is fair", "they said")
    ('they said it is fair', 'they said')
    >>> frame("it is fair", "They said it is fair.")
    ('They said it is fair.', 'They said .')
    """
    context = (context or "").strip()
    if not context:
        return content, ""
    at = context.find(content) if content else -1
    if at >= 0:
        rest = (context[:at] + context[at + len(content):]).strip()
        return context, rest
    return f"{context} {content}", context


def is_infinitive(content: str) -> bool:
    """Whether a statement's content is an infinitive ("to ban all Muslims"), which the extractor takes as what its
    speaker wants ("pledged to ...", "his call to ...").

    >>> is_infinitive("to ban all Muslims"), is_infinitive("Tomorrow we vote.")
    (True, False)
    """
    return content[:3].lower() == "to "


#: what follows a statement's content and is not part of it: a clause joined with a subject of its own, named (", and
#: Hillary Clinton is promising ...", "; Republicans say ..."), someone else's words or the narrator's; or ", citing"
#: the reason for it ("proposed a ban ..., citing fears of terrorism": the fears judge nothing the speaker proposes)
_NOT_THE_CONTENTS = re.compile(r"\s*(?:(?:,\s*(?:and|while|whereas|but)|;)\s+(?=(?!I\b)[A-Z])|,\s*citing\b)")


def cue_reading(content: str, context: str) -> str:
    """The text the cue rules read for a statement: its :func:`frame`, up to the end of its ``content`` where a clause
    with a named subject of its own follows it ("Trump has vowed to roll back environmental regulations, and Hillary
    Clinton is promising to help mining communities transition out of coal": Clinton's cues are not Trump's) or the
    reason it cites (", citing fears of terrorism").

    >>> cue_reading("to roll back regulations", "Trump vowed to roll back regulations, and Clinton wants more.")
    'Trump vowed to roll back regulations'
    >>> cue_reading("the tax is unfair", "He said the tax is unfair, and it will hurt families.")
    'He said the tax is unfair, and it will hurt families.'
    """
    framed = frame(content, context)[0]
    at = framed.find(content) if content else -1
    if at >= 0 and _NOT_THE_CONTENTS.match(framed, at + len(content)):
        return framed[:at + len(content)]
    return framed
