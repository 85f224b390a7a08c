"""Whether a text speaks of an issue's proposal as a whole ("No, we oppose it", "this amendment is a mistake").

The cue rules (:mod:`stancemap.stance.lexical`) orient a text's evaluation by the claim's
direction, so that "cars are dangerous" supports "Cars should be banned from the city
centre". A reply that refers back to the proposal itself, naming none of the issue's terms
and no direction of its own, evaluates the claim as it stands: "No, we oppose it" opposes
the ban. Measured in ``benchmarks/results/eval_coding_ownvoice.md`` (own-voice train tuple F1
0.622 -> 0.644 with its codebook, 0.559 -> 0.588 with bare concepts; news unchanged).

The words of ``data/back_references.tsv`` (:func:`stancemap.stance.continuity.back_references`) are
permissive on purpose (any "that", "so"), as they only open the gate to reading a continuation's own
words; here a reference turns the claim's direction off, so only a pronoun use counts.
"""

from __future__ import annotations

from stancemap.stance.lexicon import Lexicon, default_lexicon
from stancemap.stance.text import is_content, stem, tokens

__all__ = ["about_the_proposal"]

#: demonstratives that point back to a proposal standing alone ("this is wrong") or before a word for one
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "such"})
#: words for a proposal as a whole ("this amendment", "such a plan")
_PROPOSAL_NOUNS = frozenset({"amendment", "bill", "proposal", "plan", "measure", "legislation", "policy", "rule",
                             "mandate", "idea", "step", "move", "law", "regulation", "scheme", "approach"})


#: what follows a "that" standing alone ("that is a mistake", "that would hurt"), not a complementiser
_AFTER_A_PRONOUN = frozenset({"is", "was", "would", "will", "could", "can", "should", "must", "has", "had", "does",
                              "did", "'s", "’s"})


def _refers_to_a_proposal(toks: list[str]) -> bool:
    """Whether ``toks`` hold "it", or a demonstrative standing alone or before a word for a proposal ("this
    amendment", "such a plan"); not one before another noun ("those investments"), nor the "that" that opens
    a clause ("we believe that the rule works").

    >>> _refers_to_a_proposal("we believe that the rule works".split()), _refers_to_a_proposal("that is wrong".split())
    (False, True)
    """
    for i, tok in enumerate(toks):
        if tok == "it":
            return True
        if tok in _DEMONSTRATIVES:
            after = [t for t in toks[i + 1:i + 3] if t not in ("a", "an")]
            if after and after[0] in _PROPOSAL_NOUNS:
                return True
            if tok == "that":
                if not after or after[0] in _AFTER_A_PRONOUN or not after[0][:1].isalnum():
                    return True
            elif not after or not is_content(after[0]):
                return True
    return False


def about_the_proposal(content: str, targets: frozenset[str], lexicon: Lexicon | None = None) -> bool:
    """Whether ``content`` refers back to a proposal as a whole ("No, we oppose it", "This would be a
    mistake"), naming none of the issue's terms and no direction of its own: on an issue whose claim is
    a proposal ("X should be banned"), what it says is then said of the claim itself, whatever the
    claim's direction (see :class:`~stancemap.stance.lexical.KeywordCoder`).

    >>> targets = frozenset({"car", "city", "centr"})
    >>> about_the_proposal("No, we oppose it.", targets), about_the_proposal("Cars kill; we oppose them.", targets)
    (True, False)
    >>> about_the_proposal("Traffic is dangerous.", targets)  # the issue's object in other words
    False
    >>> about_the_proposal("Such a ban would be a mistake.", targets)  # a direction of its own
    False
    >>> about_the_proposal("Losing those investments is a risk.", targets)  # "those" is no reference here
    False
    """
    toks = tokens(content.lower())
    sts = [stem(t) for t in toks]
    if not _refers_to_a_proposal(toks) or targets.intersection(sts):
        return False
    return not any(m.cue.kind in ("direction", "reversal") for m in (lexicon or default_lexicon()).find(sts))
