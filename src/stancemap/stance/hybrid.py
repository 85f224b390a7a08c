"""``cues-mlp.v1``: the rule coder where its cues decide, the learned model elsewhere.

``keyword.v1`` is right about three times in four when its cues point one way
(negation, hedges, "some say ... but", deliberation) and says nothing when a
text has no cue; the learned model (:mod:`stancemap.stance.mlp`) always has an
answer but, trained on debate perspectives, can be confidently wrong about
news phrasing. This coder combines them:

1. relevance as in ``keyword.v1`` (below the threshold: ``None``);
2. if the rule coder's evidence is decisive (``|score| >= min_score`` and
   consistent) or the text deliberates with no stance cue ("whether to ..."),
   its coding stands;
3. otherwise, for a statement-sized text (at most ``max_words`` words, as
   the one-sentence perspectives the model learned from), the learned model
   decides, with ``neutral`` when its best probability is below
   ``neutral_below``; a longer text (a whole article) stays neutral.

Why the length limit: scored zero-shot on FNC-1 dev (headline against whole
article), letting the Perspectrum-trained model decide the cue-less articles
lowers the FNC score from 0.756 (rules alone) to 0.622, since most related
news articles report a claim without taking a side; on sentence-length
statements it helps (Perspectrum dev macro-F1 0.38 -> 0.57 as a coder, and
10 of the example article's 11 statements against 9).

The learned model is the packaged one (trained on Perspectrum, see
``data/MODEL_CARD.md``) unless ``path=`` names another ``tfidf-mlp.v1`` or
``tfidf-lr.v1`` file, such as a project's model refitted from people's
corrections by ``stancemap code train``.

>>> from stancemap.models import Issue
>>> issue = Issue("strike", "Strikes", "Ukraine should be allowed to strike targets in Russia.",
...               keywords=("strike", "targets in Russia"))
>>> coder = HybridCoder()
>>> coder.code("Letting Kyiv strike targets in Russia would be reckless.", "", issue).stance
'oppose'
>>> coder.code("Bread prices rose again in March.", "", issue) is None
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stancemap.stance.coders import register_coder
from stancemap.stance.lexical import KeywordCoder, frame
from stancemap.stance.text import tokens
from stancemap.models import Coding, Issue

__all__ = ["HybridCoder", "CODER_NAME"]

CODER_NAME = "cues-mlp.v1"


class HybridCoder:
    """Rules first, then a learned model (see the module docstring).

    Parameters
    ----------
    path : str or Path, optional
        A model file (``tfidf-mlp.v1`` or ``tfidf-lr.v1``); default the packaged ``tfidf-mlp.v1``.
    model : object, optional
        An already loaded model (wins over ``path``).
    threshold, min_score : float
        As for :class:`~stancemap.stance.lexical.KeywordCoder`.
    neutral_below : float
        The learned model's best probability below which the coding is ``neutral``.
    max_words : int
        Texts with more words than this are coded by the rules alone.
    """

    name = CODER_NAME

    def __init__(self, path: str | Path | None = None, model: Any = None, threshold: float = 0.4,
                 min_score: float = 0.5, neutral_below: float = 0.6, max_words: int = 80) -> None:
        self.rules = KeywordCoder(threshold=threshold, min_score=min_score)
        self.path = path
        self._model = model
        self.neutral_below = neutral_below
        self.max_words = max_words

    @property
    def model(self) -> Any:
        """The learned model, loaded on first use."""
        if self._model is None:
            if self.path is None:
                from stancemap.stance.mlp import load_mlp

                self._model = load_mlp()
            else:
                from stancemap.stance.learners import load_any

                self._model = load_any(self.path)
        return self._model

    def code(self, content: str, context: str, issue: Issue) -> Coding | None:
        """Code ``content`` on ``issue``; ``None`` when not relevant."""
        ruled = self.rules.code(content, context, issue)
        if ruled is None:
            return None
        return self._decide(ruled, content, context, issue)

    def code_stance(self, content: str, context: str, issue: Issue) -> Coding:
        """The stance of ``content`` on ``issue``, taking it as relevant (never ``None``).

        Steps 2 and 3 of the module docstring without the relevance gate; for a
        text whose relevance comes from elsewhere (:mod:`stancemap.stance.continuity`).
        """
        return self._decide(self.rules.code_stance(content, context, issue), content, context, issue)

    def _decide(self, ruled: Coding, content: str, context: str, issue: Issue) -> Coding:
        evidence = self.rules.analyse(content, context)
        text = frame(content, context)[0]
        if (ruled.stance != "neutral" or (evidence.deliberation and not evidence.mass)
                or sum(1 for t in tokens(text) if t[:1].isalnum()) > self.max_words):
            return Coding(issue=issue.id, stance=ruled.stance, confidence=ruled.confidence,
                          origin=f"model:{self.name}", relevance=ruled.relevance)
        model = self.model
        probs = model.predict_proba(issue.claim, text)
        ranked = sorted(zip(model.labels, probs), key=lambda lp: -lp[1])
        stance, p = next(((lab, float(q)) for lab, q in ranked if lab != "unrelated"), ("neutral", 0.0))
        if stance != "neutral" and p < self.neutral_below:
            stance, p = "neutral", 1.0 - p
        return Coding(issue=issue.id, stance=stance, confidence=round(p, 4), origin=f"model:{self.name}",
                      relevance=ruled.relevance)


@register_coder(CODER_NAME)
def make_hybrid_coder(**options: Any) -> HybridCoder:
    """Factory for ``cues-mlp.v1``; ``path=`` uses another learned model (e.g. a project's)."""
    return HybridCoder(**options)
