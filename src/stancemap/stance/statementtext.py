"""What the stance model reads of a statement: its cue and content, or a fragment's sentence."""

from __future__ import annotations

__all__ = ["FRAGMENT_WORDS", "stance_text"]

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
