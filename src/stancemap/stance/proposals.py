"""Whether a text speaks of an issue's proposal as a whole ("No, we oppose it", "this amendment is a mistake") or
takes a position on a policy by name ("we support the new standards", "the mandate should be withdrawn").

The cue rules (:mod:`stancemap.stance.lexical`) orient a text's evaluation by the claim's
direction, so that "cars are dangerous" supports "Cars should be banned from the city
centre". A reply that refers back to the proposal itself, naming none of the issue's terms
and no direction of its own, evaluates the claim as it stands: "No, we oppose it" opposes
the ban. Measured in ``benchmarks/results/eval_coding_ownvoice.md`` (own-voice train tuple F1
0.622 -> 0.644 with its codebook, 0.559 -> 0.588 with bare concepts; news unchanged).

A position on a policy named as such (:func:`judges_a_policy`) is read the same way, on the proposal rather than
on what the policy acts on: "I support the new clean air standards for coal plants" supports "EPA should enforce
stricter emission limits on coal-fired power plants", although the claim's "limits" make its direction "less of
something" (:func:`policy_sign` turns it round where the claim asks to undo a policy). Measured in
``benchmarks/results/eval_coding_ownvoice.md`` (nineteenth session).

The words of ``data/back_references.tsv`` (:func:`stancemap.stance.continuity.back_references`) are
permissive on purpose (any "that", "so"), as they only open the gate to reading a continuation's own
words; here a reference turns the claim's direction off, so only a pronoun use counts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from stancemap.stance.lexicon import CueMatch, Lexicon, default_lexicon
from stancemap.stance.segments import POSITION_VERBS, PUNCT
from stancemap.stance.statementtext import is_infinitive
from stancemap.stance.text import is_content, stem, tokens

__all__ = ["about_the_proposal", "judges_a_policy", "policy_sign", "names_the_proposal", "wanted"]

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


#: nouns for a policy that a position can be taken on ("supports the new *standards*", "opposed the *deal*"): the
#: words for a proposal as a whole, but for the vague ones ("idea", "step", "move", "approach", "measure", "scheme",
#: and "amendment", which is also the Constitution's: "protected under the first amendment"), and more
_POLICY_NOUNS = frozenset({stem(w) for w in (
    *(_PROPOSAL_NOUNS - {"idea", "step", "move", "approach", "measure", "scheme", "amendment"}),
    "bills", "plans", "policies", "rules", "laws", "regulations", "standards", "limits", "agreement", "agreements",
    "accord", "deal", "deals", "treaty", "pact", "tax", "fee", "reform", "reforms", "proposals", "program",
    "programme")})
#: the copula that predicates an evaluation of its subject ("the deal *is* a disaster")
_COPULA = frozenset({stem(w) for w in ("is", "are", "was", "were", "be", "been")})
#: how many words after a position verb its object may end ("supports the agency's new clean air *standards*")
_OBJECT_WINDOW = 6
#: what ends an object ("protected *under* the first amendment" is no object)
_STOPS = PUNCT | {"that", "under", "by", "to", "as", "with", "and", "but"}


def judges_a_policy(sts: Sequence[str], found: Sequence[CueMatch]) -> bool:
    """Whether a text (its stems ``sts`` and cue matches ``found``, as :func:`~stancemap.stance.lexical.analyse_stance`
    reads them) takes a position on a policy by name, with a position verb ("I support the new clean air
    standards", "she could not support the trade deal"), an evaluation said of it ("the Clean Power Plan is a
    job-killing disaster") or by undoing it ("the mandate should be withdrawn",
    "scrap the rule": every reversal cue acts on a policy), and has no direction cue of its own: its stance is
    then on the policy, which the claim asks for or against (:func:`policy_sign`), not on what the policy acts on.

    >>> def judged(text):
    ...     sts = [stem(t) for t in tokens(text)]
    ...     return judges_a_policy(sts, default_lexicon().find(sts))
    >>> judged("The Alliance strongly supports the agency's standards for coal plants.")
    True
    >>> judged("We support limits on coal plants."), judged("Coal plants are dirty.")
    (False, False)
    >>> [judged(t) for t in ("The mandate should be withdrawn.", "Scrap the rule.", "End the war.")]
    [True, True, False]
    >>> judged("The mandates were withdrawn.")
    True
    >>> judged("The Paris agreement is a disaster."), judged("Climate change is a disaster.")
    (True, False)
    """
    if any(m.cue.kind == "direction" for m in found):
        return False
    reversals = [m for m in found if m.cue.kind == "reversal"]
    if reversals:  # "withdraw the rule", "the mandate should be withdrawn": a position on the policy, nothing else
        return all(_names_a_policy(sts, m.end) or _passive_of_a_policy(sts, m.start) for m in reversals)
    return any(m.cue.kind == "eval" and (sts[m.start] in POSITION_VERBS and _names_a_policy(sts, m.end)
                                         or _said_of_a_policy(sts, m.start)) for m in found)


def _names_a_policy(sts: Sequence[str], at: int) -> bool:
    """Whether the object starting at ``at`` (up to :data:`_OBJECT_WINDOW` words, to a stop) is a policy."""
    for st in sts[at:at + _OBJECT_WINDOW]:
        if st in _STOPS:
            return False
        if st in _POLICY_NOUNS:
            return True
    return False


def _passive_of_a_policy(sts: Sequence[str], at: int) -> bool:
    """Whether the cue at ``at`` is a passive whose subject just before is a policy ("the *mandate* should be
    withdrawn")."""
    before = _clause_before(sts, at, passing=_PASSIVE_PASSES)
    passive = _COPULA.intersection(before[:2])
    return bool(passive) and any(st in _POLICY_NOUNS for st in before)


#: the stops that do not end the clause before a passive (its policy may stand across them)
_PASSIVE_PASSES = frozenset({"to", "by", "with", "as", "under"})


def _clause_before(sts: Sequence[str], at: int, passing: frozenset[str] = frozenset()) -> list[str]:
    """The stems before ``at``, nearest first, back to the clause's start (a stop not in ``passing``; eight at most)."""
    before: list[str] = []
    for st in reversed(sts[max(0, at - 8):at]):
        if st in _STOPS and st not in passing:
            break
        before.append(st)
    return before


def _said_of_a_policy(sts: Sequence[str], at: int) -> bool:
    """Whether the evaluation at ``at`` is predicated of a policy just before it ("the Paris *agreement* is a
    disaster", "the climate *plan* was a failure")."""
    before = _clause_before(sts, at)
    copula = next((i for i, st in enumerate(before[:3]) if st in _COPULA), None)
    return copula is not None and any(st in _POLICY_NOUNS for st in before[copula + 1:copula + 4])


def policy_sign(claim: str, lexicon: Lexicon | None = None) -> int:
    """-1 where the claim asks to undo a policy ("The Affordable Care Act should be repealed", "Trade deals
    ... should be rejected"), else +1 (it asks for one: "EPA should enforce stricter limits").

    >>> policy_sign("The Affordable Care Act should be repealed."), policy_sign("Cars should be banned.")
    (-1, 1)
    """
    sts = [stem(t) for t in tokens(claim.lower())]
    found = (lexicon or default_lexicon()).find(sts)
    modals = [m.end for m in found if m.cue.kind == "modal"]
    for m in found:
        undoing = m.cue.kind == "reversal" or (m.cue.kind == "eval" and m.cue.polarity < 0)
        if undoing and any(0 <= m.start - end <= 2 for end in modals):  # "should be rejected", "must repeal"
            return -1
    return 1


#: determiners of a definite reference to a proposal under discussion ("*the* rule", "*this* amendment")
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
#: words for the proposal a hearing or debate is about ("the *rule*", "the Whitcomb *amendment*")
_UNDER_DEBATE = frozenset({stem(w) for w in (*_PROPOSAL_NOUNS - {"idea", "step", "move", "approach"}, "rules",
                                             "standards", "regulations", "rider", "section", "provision")})
#: the longest statement read as a position on the proposal under discussion
MAX_PROPOSAL_WORDS = 16


def names_the_proposal(content: str) -> bool:
    """Whether ``content`` is a short position on a proposal named only as the one under discussion ("We oppose
    the rule as written.", "I support the Whitcomb amendment.", "I will vote against the amendment."): at most
    :data:`MAX_PROPOSAL_WORDS` words, a definite word for a proposal and at most two other content words but
    for its cues. Read alone it names no issue; in a hearing or debate it is about the proposal just discussed.

    >>> names_the_proposal("We oppose the rule as written."), names_the_proposal("I support the Whitcomb amendment.")
    (True, True)
    >>> names_the_proposal("The rule would close coal plants in six states."), names_the_proposal("We met today.")
    (False, False)
    """
    toks = [t for t in tokens(content.lower()) if t[:1].isalnum()]
    sts = [stem(t) for t in toks]
    if not toks or len(toks) > MAX_PROPOSAL_WORDS:
        return False
    at = next((i for i, st in enumerate(sts) if st in _UNDER_DEBATE
               and any(t in _DEFINITE for t in toks[max(0, i - 2):i])), None)
    if at is None:
        return False
    cued = {i for m in default_lexicon().find(sts) for i in range(m.start, m.end)}
    others = [t for i, t in enumerate(toks) if i != at and i not in cued and is_content(t) and t not in _DEFINITE]
    return len(others) <= 2


#: cue kinds in a sentence that change what its infinitive content says, or whose words it is (:func:`wanted`)
_FRAME_KEEPS = frozenset({"negator", "denial", "others", "rebuttal", "deliberation", "contrast", "reversal",
                          "hedge", "rhetorical"})


def wanted(content: str, sentence: str, kinds_of: Callable[[str], set[str]], lexicon: Lexicon) -> str | None:
    """What a statement whose content is an infinitive ("has repeatedly pledged *to ban all Muslims*") asks for,
    as a demand to read instead of its ``sentence``; ``None`` where the sentence must be read.

    The extractor took the infinitive as what the speaker wants ("pledged", "vowed", "his call"), so it reads
    as a demand ("should ban all Muslims"), and the sentence's evaluations around it are not the speaker's:
    the narrator's ("a serial liar, rampant xenophobe, racist ... who has repeatedly pledged to ban all
    Muslims") or others' ("his call to deport ..., denounced as impossible"). Only where the content acts on
    the issue's terms by a direction cue and holds no evaluation of its own (``kinds_of(content)``: the kinds
    of the cues the rules count in it, asked only of an infinitive in a longer sentence), and nothing in the
    sentence outside it turns it round or hands it to others (a negator such as "refused to", a denial, "some
    say", a hedge, a contrast) or judges it right before it ("failed to", "reluctant to"; a demand or commitment
    there, "pledged to", is what makes it wanted). PolNeAR train store:
    12 codings change, all to the speaker's side; none on dev (``benchmarks/results/eval_coding_polnear.md``).

    >>> lex = default_lexicon()
    >>> kinds = lambda text: {"direction"}
    >>> wanted("to ban all Muslims", "A racist who has pledged to ban all Muslims.", kinds, lex)
    'should ban all Muslims'
    >>> wanted("to ban all Muslims", "He refused to ban all Muslims.", kinds, lex) is None
    True
    >>> wanted("to ban all Muslims", "He renewed his call to ban all Muslims.", kinds, lex)
    'should ban all Muslims'
    """
    if not is_infinitive(content) or sentence == content:
        return None
    at = sentence.find(content)
    kinds = kinds_of(content) if at >= 0 else set()
    if not kinds & {"direction", "counter"} or "eval" in kinds:
        return None
    before = len(tokens(sentence[:at]))
    after = before + len(tokens(content))
    for m in lexicon.find([stem(t) for t in tokens(sentence)]):
        outside = not (before <= m.start and m.end <= after)
        if outside and (m.cue.kind in _FRAME_KEEPS or m.start < before <= m.end + 2 and m.cue.kind != "modal"):
            return None
    return "should " + content[3:]
