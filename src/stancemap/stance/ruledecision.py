"""Where the cue rules decide a stance, and what they say of texts for an issue's adapter.

The cue rules (:class:`~stancemap.stance.lexical.KeywordCoder`) code every text; their coding
*decides* only where it is decisive (:func:`decisive`): a side, or a deliberation ("whether to
...") with no polar cue. A pair file's news sentences need more than a statement
(:func:`~stancemap.stance.sides.sentence_margins`). The default coder
(:class:`~stancemap.stance.semantic.SemanticCoder`) lets a decisive coding stand on an issue no one
corrected; on an issue people's corrections adapt, the same decision is evidence in the adapter's
prior (:func:`rule_reader`, :func:`~stancemap.stance.adapt.ruled_offset`), which the corrections
can overturn.
"""

from __future__ import annotations

from collections.abc import Sequence

from stancemap.models import Coding, Issue
from stancemap.stance.adapt import RuleReader
from stancemap.stance.lexical import KeywordCoder, StanceAnalysis
from stancemap.stance.sides import sentence_margins

__all__ = ["decisive", "rule_decision", "rule_reader"]


def decisive(coding: Coding, evidence: StanceAnalysis) -> tuple[str, float] | None:
    """The cue rules' stance and confidence where they decide: a side, or a deliberation with no polar cue."""
    if coding.stance != "neutral" or (evidence.deliberation and not evidence.mass):
        return coding.stance, round(coding.confidence, 4)
    return None


def rule_decision(rules: KeywordCoder, issue: Issue, content: str, context: str, sentences: bool, margin: float
                  ) -> tuple[tuple[str, float] | None, float, StanceAnalysis]:
    """The rules' decisive stance of ``content`` in ``context`` (``None`` where they do not decide), the model's
    neutral ``margin`` for it and the rules' evidence; a pair file's ``sentences`` need more
    (:func:`~stancemap.stance.sides.sentence_margins`)."""
    coding, evidence = rules.judge(content, context, issue)
    ruled = decisive(coding, evidence)
    if sentences:
        ruled, margin = sentence_margins(ruled, evidence, margin)
    return ruled, margin, evidence


def rule_reader(rules: KeywordCoder, issue: Issue, sentences: bool = False) -> RuleReader:
    """What the rules say of texts on ``issue``, each read on its own: its stance label where they decide, else
    ``None`` (the evidence an adapter of the issue weighs in its prior).

    >>> from stancemap.stance.lexical import make_keyword_coder
    >>> read = rule_reader(make_keyword_coder(), Issue("coal", "Coal", "Coal plants should be closed."))
    >>> read(["We oppose closing the coal plants.", "The plant opened in 1970."])
    ['oppose', None]
    """
    def read(texts: Sequence[str]) -> list[str | None]:
        found = (rule_decision(rules, issue, text, text, sentences, 0.0)[0] for text in texts)
        return [ruled[0] if ruled is not None else None for ruled in found]
    return read
