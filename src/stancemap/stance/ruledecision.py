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

from collections.abc import Callable, Sequence
from functools import lru_cache

from stancemap.models import Coding, Issue
from stancemap.stance.adapt import RuleReader
from stancemap.stance.claimpredicate import judges_gravity
from stancemap.stance.lexical import KeywordCoder, StanceAnalysis
from stancemap.stance.sides import sentence_margins, statement_margin

__all__ = ["GRAVITY_MARGIN", "READ_MEMORY", "decisive", "rule_decision", "rule_pass", "rule_reader", "claim_rules"]

#: The model's neutral margin on a claim that its topic is grave ("Climate change is a serious concern",
#: :func:`~stancemap.stance.claimpredicate.judges_gravity`): no lead is enough, so only the cue rules take a side
#: there (a speaker's own voice still takes the model's likelier side). The shipped model learnt stance from debate
#: arguments on proposals, and reads a sentence on acting against the topic as agreeing that it is grave: on the
#: climate sentences read against that claim, its sides were right 2 times in 16 (train) and 2 in 7 (dev); the
#: rest were neutral (10 and 5) or the other side. Macro-F1 there: train 0.452 -> 0.491, dev 0.574 -> 0.592.
GRAVITY_MARGIN = 1.0
#: How many texts an issue's :func:`rule_reader` remembers what the rules said of.
READ_MEMORY = 1 << 16


def decisive(coding: Coding, evidence: StanceAnalysis) -> tuple[str, float] | None:
    """The cue rules' stance and confidence where they decide: a side, or a deliberation with no polar cue."""
    if coding.stance != "neutral" or (evidence.deliberation and not evidence.mass):
        return coding.stance, round(coding.confidence, 4)
    return None


def rule_decision(rules: KeywordCoder, issue: Issue, content: str, context: str, sentences: bool, margin: float
                  ) -> tuple[tuple[str, float] | None, float, StanceAnalysis]:
    """The rules' decisive stance of ``content`` in ``context`` (``None`` where they do not decide), the model's
    neutral ``margin`` for it (:data:`GRAVITY_MARGIN` on a claim of a topic's gravity; more where the rules find no
    cue, :func:`~stancemap.stance.sides.statement_margin`) and the rules' evidence; a pair file's ``sentences`` need
    more (:func:`~stancemap.stance.sides.sentence_margins`)."""
    coding, evidence = rules.judge(content, context, issue)
    ruled = decisive(coding, evidence)
    if judges_gravity(issue.claim, rules.lexicon):
        margin = GRAVITY_MARGIN
    if sentences:
        ruled, margin = sentence_margins(ruled, evidence, margin)
    else:
        margin = statement_margin(evidence, margin, content)
    return ruled, margin, evidence


def rule_pass(rules: KeywordCoder | None, issues: Sequence[Issue], framed: Sequence[tuple[str, str]] | None,
              sentences: bool, out: list[tuple[str, float, str] | None], margins: list[float],
              corrected: Callable[[Issue], bool]) -> tuple[dict[int, str], dict[int, str | None], set[int]]:
    """The rules' part of a coder's decisions on statements ``framed`` as ``(content, sentence)``, one per issue
    of ``issues``: where they decide, on an issue not ``corrected``, their decision goes into ``out`` (way ``rule``
    or ``rule-neutral``); each statement's neutral margin into ``margins``. Returns the clauses a statement
    denies with no cue in them ("he denied that vaccines cause autism"), for the model to read and turn round,
    on corrected issues what the rules say (for the adapter's prior), both by index, and the statements (not
    ``sentences``) whose polar cues the rules found but could not read as one side: such a statement takes one."""
    denied: dict[int, str] = {}
    said: dict[int, str | None] = {}
    cued: set[int] = set()
    if rules is None or framed is None:
        return denied, said, cued
    for i, (issue, (content, context)) in enumerate(zip(issues, framed, strict=False)):
        ruled, margins[i], evidence = rule_decision(rules, issue, content, context, sentences, margins[i])
        if corrected(issue):
            said[i] = ruled[0] if ruled is not None else None
            continue
        if ruled is not None:
            out[i] = (*ruled, "rule-neutral" if ruled[0] == "neutral" else "rule")
            continue
        if evidence.denied:
            denied[i] = evidence.denied[-1]
        if evidence.mass > 1e-9 and not sentences:
            cued.add(i)
    return denied, said, cued


def rule_reader(rules: KeywordCoder | None, issue: Issue, sentences: bool = False) -> RuleReader | None:
    """What the rules say of texts on ``issue``, each read on its own: its stance label where they decide, else
    ``None`` (the evidence an adapter of the issue weighs in its prior); ``None`` without ``rules``. The last
    :data:`READ_MEMORY` texts are read once: held-out fits ask again for the same texts, fold after fold, while a
    model predicting a long pair file does not keep every text it read.

    >>> from stancemap.stance.lexical import make_keyword_coder
    >>> read = rule_reader(make_keyword_coder(), Issue("coal", "Coal", "Coal plants should be closed."))
    >>> read(["We oppose closing the coal plants.", "The plant opened in 1970."])
    ['oppose', None]
    """
    if rules is None:
        return None

    @lru_cache(maxsize=READ_MEMORY)
    def label(text: str) -> str | None:
        ruled = rule_decision(rules, issue, text, text, sentences, 0.0)[0]
        return ruled[0] if ruled is not None else None
    return lambda texts: [label(text) for text in texts]


def claim_rules(rules: KeywordCoder | None, claim: str, sentences: bool = False) -> RuleReader | None:
    """:func:`rule_reader` on an issue known by its ``claim`` alone (a trained model's, or for held-out fits)."""
    return rule_reader(rules, Issue(id="claim", label=claim, claim=claim), sentences)
