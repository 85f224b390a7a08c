"""A stance from a model's probabilities: the neutral margin of a two-way model, what a side needs on a pair file's
sentence, and a denied clause turned round."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from stancemap.stance.statementtext import is_infinitive

if TYPE_CHECKING:
    from stancemap.stance.lexical import StanceAnalysis

__all__ = ["SENTENCE_RULE_CONFIDENCE", "UNCUED_MARGIN", "decide", "sentence_margins", "settled", "statement_margin",
           "turned_round"]

#: The lead the zero-shot model needs to take a side on a pair file's sentence (or a statement,
#: :func:`statement_margin`) in which the cue rules find no stance cue at all (no evaluation, demand, direction or
#: denial), instead of its ``neutral_margin``. On news
#: sentences such a side was wrong or the sentence neutral three times in four (PolNeAR train sentences: of 269
#: sided by the model, 173 neutral, 37 the other side). Chosen on the train sentences (macro-F1 per issue, mean of
#: six: 0.395 with the model's margin, 0.408 / 0.416 / 0.417 with 0.3 / 0.5 / 0.7), the smaller of the two best.
UNCUED_MARGIN = 0.5
#: The confidence a cue rules' side needs on a pair file's sentence: below it (a single light cue, or cues
#: pointing both ways) the sentence is coded neutral. Of the PolNeAR train sentences the rules sided below 0.7,
#: 28 were right, 29 the other side and 68 neutral (at 0.7 or more: 105, 45, 103). Chosen on the train
#: sentences (macro-F1 per issue, mean of six: 0.417 without, 0.417 / 0.426 at 0.65 / 0.7; the model deciding
#: instead, 0.418).
SENTENCE_RULE_CONFIDENCE = 0.7


def sentence_margins(ruled: tuple[str, float] | None, evidence: StanceAnalysis, margin: float
                     ) -> tuple[tuple[str, float] | None, float]:
    """The cue rules' decision and the model's neutral margin for a pair file's sentence rather than a statement.

    A sentence is any sentence, not a claim someone made, and news sentences are more often neutral than not: a
    side from cues needs :data:`SENTENCE_RULE_CONFIDENCE` (else ``neutral``, raw score 0.45, as the rules code a
    sentence they find no side in), and where ``evidence`` (the rules' analysis) holds no stance cue at all the
    model needs the lead :data:`UNCUED_MARGIN`. A sentence that names the issue's terms only inside other names
    ("Wall Street" on a border wall) is about something else: ``neutral`` (PolNeAR train sentences: 52 such
    sides turned neutral were right, one wrong, "NextGen Climate ... has made the same demands"). Statements keep
    the rules' decision; their margin is :func:`statement_margin`'s.

    >>> from stancemap.stance.lexical import analyse_stance
    >>> sentence_margins(("oppose", 0.62), analyse_stance("It is unfair."), 0.2)
    (('neutral', 0.45), 0.2)
    >>> sentence_margins(None, analyse_stance("The mayor spoke on Tuesday."), 0.2)
    (None, 0.5)
    """
    if evidence.named or ruled is not None and ruled[0] != "neutral" and ruled[1] < SENTENCE_RULE_CONFIDENCE:
        ruled = ("neutral", 0.45)
    if not evidence.mass and not evidence.denied:
        margin = max(margin, UNCUED_MARGIN)
    return ruled, margin


def statement_margin(evidence: StanceAnalysis, margin: float, content: str) -> float:
    """The model's neutral margin for a statement's ``content``: :data:`UNCUED_MARGIN` where ``evidence`` (the rules'
    analysis) holds no stance cue, as on a sentence, unless the content is an infinitive ("to shield five million
    immigrants from deportation"), which the extractor took as what its speaker wants: a demand without its modal,
    or says what something would or will do ("the charge would drive shoppers away"): a consequence, what policy
    arguments are made of (:data:`_CONSEQUENCE`).

    A report with no cue ("the department is launching its own probe into the emails") was given the model's
    likelier side. On the PolNeAR train golds (224 statement pairs, coded with the PolNeAR codebook) the larger
    margin for uncued statements, infinitives kept, took stance macro-F1 from 0.499 to 0.554 and accuracy from
    0.558 to 0.576 (margin 0.3: 0.518; 0.7: 0.554; 1.0: 0.556; infinitives too: 0.530); with a claims-only
    codebook, 0.473 -> 0.482 (``benchmarks/results/eval_coding_polnear.md``, thirty-seventh session). Keeping the
    consequences' margin as well changed one train pair each way; it keeps the sides of the tutorial's plainly
    argued statements ("the charge would drive shoppers away", which its timeline shows turning to support).

    >>> from stancemap.stance.lexical import analyse_stance
    >>> statement_margin(analyse_stance("the email inquiry"), 0.2, "the email inquiry")
    0.5
    >>> statement_margin(analyse_stance("to accept the refugees"), 0.2, "to accept the refugees")
    0.2
    >>> statement_margin(analyse_stance("the fee would drive shoppers away"), 0.2, "the fee would drive shoppers away")
    0.2
    """
    if evidence.mass or evidence.denied or is_infinitive(content) or _CONSEQUENCE.search(content):
        return margin
    return max(margin, UNCUED_MARGIN)


#: the words by which a statement says what something would or will do
_CONSEQUENCE = re.compile(r"\b(?:would|will)\b", re.IGNORECASE)


def turned_round(labels: Sequence[str], probs: np.ndarray) -> np.ndarray:
    """``probs`` with support and oppose swapped: the stance of a text that denies what ``probs`` were read on.

    >>> turned_round(["oppose", "support"], np.array([0.3, 0.7]))
    array([0.7, 0.3])
    """
    out = np.array(probs, copy=True)
    if "support" in labels and "oppose" in labels:
        s, o = labels.index("support"), labels.index("oppose")
        out[s], out[o] = probs[o], probs[s]
    return out


def decide(labels: Sequence[str], probs: np.ndarray, margin: float) -> tuple[str, float]:
    """The stance and its confidence from probabilities over ``labels``: the likeliest label, or ``neutral`` with
    the score ``1 - lead`` where a model with no ``neutral`` label finds a side that leads the other by less than
    ``margin`` (another likeliest label, such as ``unrelated``, stands).

    >>> decide(["oppose", "support"], np.array([0.2, 0.8]), 0.2)
    ('support', 0.8)
    >>> decide(["oppose", "support"], np.array([0.45, 0.55]), 0.2)
    ('neutral', 0.9)
    >>> decide(["oppose", "support", "unrelated"], np.array([0.2, 0.25, 0.55]), 0.2)
    ('unrelated', 0.55)
    """
    best = int(np.argmax(probs))
    label, p = labels[best], float(probs[best])
    if label in ("support", "oppose") and "neutral" not in labels and "support" in labels and "oppose" in labels:
        lead = abs(float(probs[labels.index("support")]) - float(probs[labels.index("oppose")]))
        if lead < margin:
            return "neutral", round(1.0 - lead, 4)
    return label, round(p, 4)


def settled(labels: Sequence[str], probs: np.ndarray, margin: float, settle: str | None = None
            ) -> tuple[str, float, str]:
    """The stance, score and way of deciding a model's ``probs`` over ``labels`` give a statement: the likeliest
    label (``model``), or where a model with no ``neutral`` label finds a side leading by less than ``margin``,
    ``neutral`` (``model-neutral``, :func:`decide`), unless ``settle`` names why the statement takes a side: then
    the likelier side, decided that way.

    The ways that settle a doubt, with what such a doubt coded ``neutral`` was worth:

    * ``model-sided``, a speaker's own voice (testimony, a speech): right 1 time in 17 on the own-voice train set;
    * ``model-cued``, a statement whose polar cues the rules could not read as one side: 2 in 17 on the PolNeAR
      train golds;
    * ``model-person``, a statement the extractor found a person saying: news quotes and reports people to give
      their positions, while a report with no speaker or an institution's ("the department is launching its own
      probe") is more often neutral (PolNeAR train golds: 5 of 26 such doubts were neutral, 13 the likelier
      side; stance macro-F1 0.594 -> 0.627, each of the three golds better; ``eval_coding_polnear.md``, fortieth
      session).

    >>> settled(["oppose", "support"], np.array([0.45, 0.55]), 0.2)
    ('neutral', 0.9, 'model-neutral')
    >>> settled(["oppose", "support"], np.array([0.45, 0.55]), 0.2, "model-person")
    ('support', 0.55, 'model-person')
    >>> settled(["oppose", "support"], np.array([0.2, 0.8]), 0.2, "model-person")
    ('support', 0.8, 'model')
    """
    stance, p = decide(labels, probs, margin)
    if stance != "neutral" or "neutral" in labels:
        return stance, p, "model"
    if settle:
        return (*decide(labels, probs, 0.0), settle)
    return stance, p, "model-neutral"
