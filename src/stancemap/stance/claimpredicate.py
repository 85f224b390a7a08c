"""The verb a claim asks for, read as a direction cue of its own.

A claim such as "Trump should release his tax returns" asks for something the cue
lexicon does not know ("release"); taken as a direction cue for that issue, it lets
the rules read "criticised him for not releasing his returns" against the claim.
"""

from __future__ import annotations

from functools import lru_cache

from stancemap.stance.lexicon import Cue, Lexicon
from stancemap.stance.text import is_content, stem, tokens

__all__ = ["claim_predicate", "issue_lexicon"]

#: words between a claim's modal and its predicate ("should *not* be allowed", "must *urgently* cut")
_BEFORE_PREDICATE = frozenset({"be", "not", "also", "now", "still", "no", "longer", "to"})
#: verbs that say little without their object ("take action", "put a price on"): never a predicate cue
_LIGHT_VERBS = frozenset({"take", "make", "put", "keep", "kept", "get", "give", "have", "do", "go", "come", "let"})


def claim_predicate(claim: str, lexicon: Lexicon) -> str | None:
    """The verb a claim asks for after its modal ("release" in "Trump should release his tax returns"),
    when the lexicon has no cue for it; ``None`` otherwise.

    >>> from stancemap.stance.lexicon import default_lexicon
    >>> claim_predicate("Donald Trump should release his tax returns.", default_lexicon())
    'release'
    >>> claim_predicate("Fuel taxes should be raised.", default_lexicon()) is None  # "raise" is a cue
    True
    """
    toks = tokens(claim)
    for match in lexicon.find([stem(t) for t in toks]):
        if match.cue.kind != "modal":
            continue
        at = match.end
        while at < len(toks) and (toks[at] in _BEFORE_PREDICATE or toks[at].endswith("ly")):
            at += 1
        if (at < len(toks) and is_content(toks[at]) and toks[at] not in _LIGHT_VERBS
                and lexicon.kind_of(stem(toks[at])) is None):
            return toks[at]
        return None
    return None


@lru_cache(maxsize=1024)
def issue_lexicon(claim: str, lexicon: Lexicon) -> Lexicon:
    """``lexicon`` with the claim's own predicate as a direction cue (see :func:`claim_predicate`).

    So that "criticised him for not releasing his returns" reads "not releasing" against
    "should release": the negator flips the predicate, the criticism the whole.
    """
    predicate = claim_predicate(claim, lexicon)
    if predicate is None:
        return lexicon
    return lexicon.with_cues([Cue(predicate, "direction", 1, 0.8, "claim")])
