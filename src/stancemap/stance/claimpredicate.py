"""The verb a claim asks for, read as a direction cue of its own.

A claim such as "Trump should release his tax returns" asks for something the cue
lexicon does not know ("release"); taken as a direction cue for that issue, it lets
the rules read "criticised him for not releasing his returns" against the claim.
"""

from __future__ import annotations

from functools import lru_cache

from stancemap.stance.lexicon import Cue, Lexicon
from stancemap.stance.text import is_content, stem, tokens

__all__ = ["acts_against", "claim_evaluations", "claim_judgement", "claim_predicate", "claim_problem", "issue_lexicon",
           "judges_gravity"]

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


#: the verbs after which a claim without a modal states its judgement ("was reckless or criminal")
_COPULAS = frozenset({"is", "are", "was", "were", "be", "been"})
#: words that end a judgement's predicate ("fit, in temperament ...", "fit to be president")
_PREDICATE_ENDS = frozenset({"in", "to", "for", "of", "as", "on", "at", "by", "with", "from", "than", "because"})


def claim_judgement(claim: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The words a claim without a modal judges its subject by, after its copula, that the lexicon has no cue for
    ("criminal" and "disqualifies" in "Her use of a private server was reckless or criminal and disqualifies her");
    ``()`` for a claim with a modal (a proposal: :func:`claim_predicate`) or no copula.

    >>> from stancemap.stance.lexicon import default_lexicon
    >>> lex = default_lexicon()
    >>> claim_judgement("Her use of a private server was reckless or criminal and disqualifies her.", lex)
    ('criminal', 'disqualifies')
    >>> claim_judgement("Donald Trump is fit, in temperament and judgement, to be president.", lex)
    ('fit',)
    >>> claim_judgement("Fuel taxes should be raised.", lex)
    ()
    """
    return tuple(t for t, st in _judging_words(claim, lexicon) if is_content(t) and lexicon.kind_of(st) is None)


def claim_evaluations(claim: str, lexicon: Lexicon) -> tuple[Cue, ...]:
    """The lexicon's evaluations among the words a claim without a modal judges its subject by: the claim's own
    verdict, which a text that repeats it ("her biggest concern is global warming", on "Climate change is a
    serious concern") states as plainly as the claim does.

    >>> from stancemap.stance.lexicon import default_lexicon
    >>> [(c.kind, c.polarity) for c in claim_evaluations("Climate change is a serious concern.", default_lexicon())]
    [('eval', -1)]
    """
    cues = (lexicon.cue_of(st) for _, st in _judging_words(claim, lexicon))
    return tuple(c for c in cues if c is not None and c.kind == "eval")


def _judging_words(claim: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    """The (token, stem) pairs of a claim without a modal after its copula, up to the end of its predicate."""
    toks = tokens(claim)
    sts = [stem(t) for t in toks]
    if any(m.cue.kind == "modal" for m in lexicon.find(sts)):
        return []
    at = next((i for i, t in enumerate(toks) if t in _COPULAS), None)
    if at is None:
        return []
    words = []
    for t, st in zip(toks[at + 1:], sts[at + 1:], strict=True):
        if not t[:1].isalnum() or t in _PREDICATE_ENDS:
            break
        words.append((t, st))
    return words


#: what ends the words a claim acts against ("against climate change*,* such as ...")
_PROBLEM_ENDS = frozenset({".", ",", ";", ":", "such", "and", "by", "with", "in", "through"})


def claim_problem(claim: str, targets: frozenset[str], lexicon: Lexicon) -> frozenset[str]:
    """The first of the issue's terms (``targets``, stems) that the claim acts against, after "against" or a
    counter cue ("take strong action *against climate* change", "fight *urbanization*"): a problem, which no one
    asks for more of, so a demand that names it asks to act on it (see :class:`~.lexical.KeywordCoder`).

    >>> from stancemap.stance.lexicon import default_lexicon
    >>> sorted(claim_problem("We should act against climate change, such as by cutting emissions.",
    ...                      frozenset({"climat", "chang", "emiss"}), default_lexicon()))
    ['climat']
    >>> claim_problem("Muslims should be banned.", frozenset({"muslim"}), default_lexicon())
    frozenset()
    """
    sts = [stem(t) for t in tokens(claim.lower())]
    for k, word in enumerate(sts):
        if word == "against" or lexicon.kind_of(word) == "counter":
            for after in sts[k + 1:k + 5]:
                if after in _PROBLEM_ENDS:
                    break
                if after in targets:
                    return frozenset({after})
    return frozenset()


#: the nouns of acting that "against" turns on their object ("take strong *action against* climate change")
_ACTION_NOUNS = frozenset(stem(w) for w in ("action", "actions", "act", "measures", "steps", "efforts"))


def acts_against(claim: str) -> bool:
    """Whether the claim asks to act against something by a noun of action ("take strong action against climate
    change"): a demand for less of it, as "tackle" or "fight" would be, rather than for a thing that is against
    something ("maintain its embargo against Cuba", "legislation that discriminates against women").

    >>> acts_against("The United States should take strong action against climate change.")
    True
    >>> acts_against("The United States should maintain its embargo against Cuba.")
    False
    """
    sts = [stem(t) for t in tokens(claim.lower())]
    return any(noun in _ACTION_NOUNS and word == "against" for noun, word in zip(sts, sts[1:], strict=False))


#: the stems of the words by which a claim says its topic is a harm ("a serious *concern*", "a major *threat*")
_GRAVITY = frozenset(stem(w) for w in ("concern", "concerned", "concerns", "threat", "threats", "problem", "problems",
                                       "danger", "dangers", "crisis", "risk", "risks", "menace", "emergency"))


@lru_cache(maxsize=1024)
def judges_gravity(claim: str, lexicon: Lexicon) -> bool:
    """Whether the claim says its topic is a harm ("Climate change is a serious concern"), rather than judging a thing
    ("Homeopathy is a scam") or proposing something: calling the topic "nonsense" or "false" then denies it.

    >>> from stancemap.stance.lexicon import default_lexicon
    >>> judges_gravity("Climate change is a serious concern.", default_lexicon())
    True
    >>> judges_gravity("Homeopathy brings more harm than good.", default_lexicon())
    False
    """
    return any(stem(c.text) in _GRAVITY for c in claim_evaluations(claim, lexicon))


@lru_cache(maxsize=1024)
def issue_lexicon(claim: str, lexicon: Lexicon, direction: int = 1, grave: bool = False) -> Lexicon:
    """``lexicon`` with the claim's own predicate as a direction cue pointing the claim's ``direction`` (see
    :func:`claim_predicate`: "bar" in "should bar or sharply restrict the entry", a -1 claim, is -1), and the words
    a judging claim judges by (:func:`claim_judgement`) as evaluations pointing the claim's ``direction``.

    So that "criticised him for not releasing his returns" reads "not releasing" against
    "should release": the negator flips the predicate, the criticism the whole; and so that "her email practices
    disqualify her" agrees with a claim that they do. On a claim that its topic is ``grave`` (:func:`judges_gravity`),
    a rebuttal ("nonsense", "a myth") denies the topic's gravity, a salience cue that still rebuts others' words
    (:func:`~stancemap.stance.lexicon.rebuts`): "climate change is a myth" was read as a verdict of harm on climate
    change, agreeing that it is a concern. And praise there is of something else ("the climate deal was a top
    triumph"): no one praises a harm, so it says nothing (it was read as praise of the topic, *oppose*; the PolNeAR
    climate sentences read against "Climate change is a serious concern": the rules took 11 sides from praise on
    train, each wrong; train 0.491 -> 0.511, dev 0.592 -> 0.630).
    """
    extra = [Cue(word, "eval", direction, 0.8, "claim") for word in claim_judgement(claim, lexicon)]
    if grave:
        extra += [Cue(c.text, "salience", -1, c.weight, "rebuttal") for c in lexicon.cues if c.kind == "rebuttal"]
        extra += [Cue(c.text, "phrase", 0, 1.0, "praise") for c in lexicon.cues if c.kind == "eval" and c.polarity > 0]
    extra += [Cue(c.text, "eval", c.polarity, 1.0, "claim") for c in claim_evaluations(claim, lexicon)]
    predicate = claim_predicate(claim, lexicon)
    if predicate is not None:
        extra.append(Cue(predicate, "direction", direction, 0.8, "claim"))
    return lexicon.with_cues(extra) if extra else lexicon
