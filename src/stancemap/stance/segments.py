"""How the cues of one segment of a text are resolved and combine into a score (:mod:`stancemap.stance.lexical`).

:func:`resolve` applies the segment's negators, denials and reversals to its polar cues.

A segment's score is ``E * D``: ``E`` the signed sum of its evaluation and modal cues (a demand and an
evaluation that acts on it, or it on the evaluation, counted as one, their signs multiplied: :func:`nested`), ``D`` the
direction of its direction cues (:func:`direction`), read only from the cues that act on the
issue's terms where some do (:func:`on_target`). A ``counter`` cue ("tackle", "slow", "fighting") is a
direction -1 that counts only where it acts on one of the issue's terms: "slow global warming" is
less of the issue's topic, "to address the crowd" says nothing. A ``salience`` cue says whether the
issue's topic is real and grave ("is real", "urgent") or not ("a hoax", "overblown") and is scored
apart (:func:`salience`): it is not turned round by the claim's direction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from stancemap.stance.lexicon import POLAR_KINDS, Cue, CueMatch, rebuts
from stancemap.stance.text import stem

__all__ = ["POSITION_VERBS", "PUNCT", "Polar", "about_the_words", "asked", "aside", "acts_on", "clause_end", "counted",
           "direction", "nested", "on_target", "resolve", "salience", "segment_score"]

PUNCT = frozenset({".", "!", "?", ";", ":", ",", "(", ")", '"', "\u201c", "\u201d"})
QUOTES = frozenset({'"', "\u201c", "\u201d"})


@dataclass
class Polar:
    """A polar cue found in a text, with its sign after negation and its weight."""

    match: CueMatch
    sign: int
    weight: float

    @property
    def kind(self) -> str:
        return self.match.cue.kind


#: how far a negator reaches for the cue it flips, and a reversal for the cue it undoes (words)
_NEG_WINDOW = 5
#: negators that reach to their clause's end, turning round one cue between them: "he has *neither* the temperament
#: *nor* the judgment to be an effective president"
_PAIRED_NEGATORS = frozenset({"neither", "nor"})
_REV_WINDOW = 4
#: the comparatives after which "nothing" says "the most", not "not" ("no more vulnerable than" does deny)
_COMPARATIVES = frozenset({"more", "less", "better", "worse", "greater"})


def resolve(ms: list[CueMatch], toks: list[str], drop_rebuttals: bool, denied: list[str]) -> list[Polar]:
    """Apply negators, denials and reversals inside one segment; return the polar cues.

    A denied clause with no polar cue in it is added to ``denied`` (its words).
    """
    polar = [Polar(m, m.cue.polarity, m.cue.weight) for m in ms
             if m.cue.kind in POLAR_KINDS and not (drop_rebuttals and rebuts(m.cue))]

    def next_polar(after: int, window: int) -> Polar | None:
        for p in polar:
            if after <= p.match.start < after + window:
                if any(t in PUNCT for t in toks[after : p.match.start]):
                    return None
                return p
        return None

    paired: set[int] = set()  # the cues a "neither" turned round, which its "nor" leaves alone
    for m in ms:
        kind = m.cue.kind
        if kind == "negator":
            if m.cue.text == "nothing" and m.end < len(toks) and toks[m.end] in _COMPARATIVES:
                continue  # "there is nothing more important than NAFTA" says it is the most important
            before = [p for p in polar if p.kind == "modal" and p.match.end == m.start]
            if before:
                before[0].sign *= -1
                continue
            wide = m.cue.text in _PAIRED_NEGATORS
            target = next_polar(m.end, clause_end(toks, m.end) - m.end if wide else _NEG_WINDOW)
            if target is not None and id(target) not in paired:
                target.sign *= -1
                if wide:
                    paired.add(id(target))
        elif kind == "denial":  # "denied that it is dangerous": what the denied clause says is turned round
            end = clause_end(toks, m.end)
            turned = [p for p in polar if m.end <= p.match.start < end]
            # the clause's stance is its evaluation times its direction: turn one of them round
            evaluations = [p for p in turned if p.kind != "direction"]
            for p in evaluations or turned:
                p.sign *= -1
            if not turned and end > m.end:
                denied.append(" ".join(toks[m.end:end]))
        elif kind == "reversal":
            target = next_polar(m.end, _REV_WINDOW)
            if target is not None and target.kind in ("direction", "eval"):
                target.sign *= -1
            else:  # "abolish the monarchy": the reversal is itself a direction -1
                cue = Cue(m.cue.text, "direction", -1, m.cue.weight, m.cue.source)
                polar.append(Polar(CueMatch(m.start, m.end, cue), -1, m.cue.weight))
    return polar


def clause_end(toks: list[str], start: int) -> int:
    """The index of the first punctuation token from ``start`` on (the clause's end), or ``len(toks)``."""
    return next((i for i in range(start, len(toks)) if toks[i] in PUNCT), len(toks))


#: how many words after a direction cue its object may start ("stop *global warming*", "ban all *Muslims*")
_OBJECT_WINDOW = 4


def on_target(dirs: list[Polar], sts: Sequence[str], targets: frozenset[str]) -> list[Polar]:
    """The direction cues whose object (the next :data:`_OBJECT_WINDOW` words, up to punctuation) holds an
    issue term; all of them when none does or no terms are given.

    In "we must cut emissions to stop global warming", on an issue about stopping global warming, "cut" acts on
    the means and "stop" on the issue: only "stop" gives the direction.
    """
    if not targets:
        return dirs
    return [d for d in dirs if acts_on(d, sts, targets)] or dirs


def acts_on(cue: Polar, sts: Sequence[str], targets: frozenset[str]) -> bool:
    """Whether the cue's object (the next :data:`_OBJECT_WINDOW` words, up to punctuation other than a quotation
    mark: "to do something about" climate change) holds an issue term."""
    for st in sts[cue.match.end:cue.match.end + _OBJECT_WINDOW]:
        if st in PUNCT and st not in QUOTES:
            return False
        if st in targets:
            return True
    return False


def _clause_names(cue: Polar, sts: Sequence[str], targets: frozenset[str]) -> bool:
    """Whether the clause around the cue (between punctuation) names an issue term; a comma before "not" does not end
    it ("storms are caused by nature, not human activity": the contrast belongs to the clause it corrects).

    >>> cue = Polar(CueMatch(7, 9, Cue("human activity", "salience", 1, 0.8)), -1, 0.8)
    >>> storm = frozenset({"storm"})
    >>> corrected = "storm are caus by natur , not human activit .".split()
    >>> added = "storm are caus by natur , and human activit .".split()
    >>> _clause_names(cue, corrected, storm), _clause_names(cue, added, storm)
    (True, False)
    """
    start = cue.match.start
    while start > 0 and (sts[start - 1] not in PUNCT or _corrects(sts, start - 1)):
        start -= 1
    end = cue.match.end
    while end < len(sts) and (sts[end] not in PUNCT or _corrects(sts, end)):
        end += 1
    return any(st in targets for st in sts[start:end])


def _corrects(sts: Sequence[str], comma: int) -> bool:
    """Whether the token at ``comma`` is a comma that opens a correction (", not ...")."""
    return sts[comma] == "," and comma + 1 < len(sts) and sts[comma + 1] == "not"


def counted(items: list[Polar], sts: Sequence[str] = (), targets: frozenset[str] = frozenset(),
            signs: frozenset[str] = frozenset()) -> list[Polar]:
    """The polar cues that count where the issue's terms are given: a ``counter`` cue only where it acts on one
    ("slow global warming", not "to address the crowd"), a ``salience`` cue only in a clause that names one or one of
    the topic's ``signs`` ("the Earth has not *warmed*")."""
    if not targets:
        return items
    return [p for p in items if (p.kind != "counter" or acts_on(p, sts, targets))
            and (p.kind != "salience" or _clause_names(p, sts, targets | signs))]


def salience(items: list[Polar]) -> float:
    """The signed weight of the ``salience`` cues among ``items`` (:func:`counted`): "Trump has called climate
    change a hoax" denies the topic's gravity whichever way the claim points.

    >>> from stancemap.stance.lexical import analyse_stance
    >>> analyse_stance("He called global warming a hoax.").salience < 0
    True
    """
    return sum(p.sign * p.weight for p in items if p.kind == "salience")


#: how close a direction cue must follow another to act on it ("reduce *restrictions*", "allow them to *ban*")
_CHAIN_WINDOW = 3
#: words that keep two direction cues side by side: a conjunction, or the means of the first ("curb it *by* reducing")
_CHAIN_BREAKS = frozenset({"and", "or", "by", "through", "via"})


def direction(dirs: list[Polar], sts: Sequence[str], targets: frozenset[str] = frozenset()) -> int:
    """The direction of a segment's direction cues: a cue that acts on the one before it (within
    :data:`_CHAIN_WINDOW` words, no punctuation, "and", means word such as "by" or issue term between) multiplies
    with it ("reduce restrictions": more); cues side by side ("cut emissions and reduce pollution", "curb climate
    change by reducing emissions") count as the majority of their chains' signs, the product where they tie.

    >>> from stancemap.stance.lexical import analyse_stance
    >>> analyse_stance("We cut taxes and reduce spending.").score < 0, analyse_stance("Reduce restrictions.").score > 0
    (True, True)
    """
    chains: list[int] = []
    last: Polar | None = None
    for d in sorted(dirs, key=lambda p: p.match.start):
        gap = sts[last.match.end:d.match.start] if last is not None else None
        if gap is not None and len(gap) <= _CHAIN_WINDOW and not any(
                t in PUNCT or t in _CHAIN_BREAKS or t in targets for t in gap):
            chains[-1] *= d.sign
        else:
            chains.append(d.sign)
        last = d
    total = sum(chains)
    return (1 if total > 0 else -1) if total else math.prod(chains)


#: how many words may stand between an evaluation and the demand it judges, or a demand and the evaluation it asks
#: for (:func:`nested`)
_NEST_WINDOW = 4
#: the words that may stand between an evaluation and the demand it judges ("blasted *the mayor's* call for")
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "this", "that", "these", "those",
                          "any", "all", "every"})
#: the words through which a demand reaches the evaluation after them ("must *remain* illegal", "urged them *to*
#: reject")
_COPULAS = frozenset({"to", "be", "been", "remain", "stay", "become"})


#: words that may stand before a demand an evaluation judges ("decried Trump's *repeated* calls to ban ...");
#: any other word between them, "and" above all ("is dangerous and should be banned"), keeps them apart
_DEMAND_MODIFIERS = frozenset({"repeated", "renewed", "latest", "recent", "new", "controversial", "proposed", "own",
                               "earlier", "previous", "growing", "many"})


#: how many words may stand between an evaluation and the demand it judges where they end in a possessor's name
#: ("condemning *Republican presidential candidate Donald Trump's* call for a ban")
_POSSESSOR_WINDOW = 7
#: words that end a possessor's name: what comes before them is no part of it
_NOT_IN_A_NAME = PUNCT | {"and", "or", "but", "that", "which", "who"}


def _judges_the_demand(gap: Sequence[str]) -> bool:
    """Whether an evaluation acts on the demand after ``gap`` (the words between): determiners and possessives,
    and at most one of :data:`_DEMAND_MODIFIERS`; before the last possessive, a possessor's name or description of
    up to :data:`_POSSESSOR_WINDOW` words."""
    owner = max((i for i, t in enumerate(gap) if t.endswith("'s")), default=-1)
    if owner >= 0 and len(gap) <= _POSSESSOR_WINDOW and not _NOT_IN_A_NAME.intersection(gap[:owner]):
        gap = gap[owner:]
    elif len(gap) > _NEST_WINDOW:
        return False
    others = [t for t in gap if not (t in _DETERMINERS or t.endswith("'s"))]
    return not others or len(others) == 1 and others[0] in _DEMAND_MODIFIERS


def _asks_for_the_evaluation(gap: Sequence[str]) -> bool:
    """Whether a demand acts on the evaluation after ``gap``: adverbs and copulas ("should *strongly* reject",
    "must *remain* illegal"), or an addressee before "to" or "be" ("urged *Congress to* reject", "needs *to continue
    to be* illegal"); not a verb of its own ("have to *balance the* risk")."""
    if any(t in PUNCT for t in gap):
        return False
    return all(t.endswith("ly") or t in _COPULAS for t in gap) or (gap[-1] in _COPULAS and len(gap) <= 3)


#: The words of a demand that says something falls short ("not far enough", "far from enough")
_SHORTFALL = frozenset({"enough"})


def verdict_explains(items: list[Polar]) -> list[Polar]:
    """``items`` without the negative evaluations a later verdict explains: a criticism whose reason is that
    something falls short asks for more of it ("criticized the accord, saying it goes nowhere near far enough"), and
    the gravity words a verdict of no gravity judges are that verdict's ("the dangers ... have been exaggerated").

    >>> from stancemap.stance.lexical import analyse_stance
    >>> analyse_stance("He criticized the accord, saying it goes nowhere near far enough.").score > 0
    True
    >>> analyse_stance("The dangers of the virus have been exaggerated.").salience < 0
    True
    """
    verdicts = [p.match.start for p in items if p.kind == "modal" and p.sign > 0
                and _SHORTFALL & set(p.match.cue.text.split()) or p.kind == "salience" and p.sign < 0]
    if not verdicts:
        return items
    return [p for p in items if not (p.kind == "eval" and p.sign < 0 and p.match.start < max(verdicts))]


def nested(items: list[Polar], toks: Sequence[str]) -> list[float]:
    """The signed weights of the evaluation and modal cues, a demand and an evaluation that acts on it (or it on
    the evaluation) taken as one: the product of their signs, not their sum.

    "Congress should reject it" asks for less of it, where the sum of "should" and "reject" said nothing; "she
    blasted his call for a deportation force" attacks the demand. At most :data:`_NEST_WINDOW` words stand
    between them, of the kinds :func:`_judges_the_demand` and :func:`_asks_for_the_evaluation` allow. So is a
    criticism and the position it blames someone for (:func:`_blamed_for`); a position someone is accused of is
    turned round (:func:`_accused_of`).

    >>> from stancemap.stance.lexical import analyse_stance
    >>> [analyse_stance(t).score < 0 for t in ("Congress should reject it.", "She opposed calls for a wall.")]
    [True, True]
    >>> analyse_stance("They welcomed the mayor's call for a wall.").score > 0
    True
    >>> analyse_stance("You have to balance the risk with the need to protect it.").score > 0
    True
    >>> [analyse_stance(t).score < 0 for t in ("He criticized Clinton for supporting open borders.",
    ...                                        "Rubio accused Cruz of being welcoming to refugees.")]
    [True, True]
    """
    found: list[tuple[Polar, float]] = []
    for p in sorted((p for p in items if p.kind in ("eval", "modal", "rebuttal", "rhetorical")),
                    key=lambda p: p.match.start):
        if found:
            last, value = found[-1]
            gap = toks[last.match.end:p.match.start]
            if ((last.kind, p.kind) == ("eval", "modal") and _judges_the_demand(gap) or
                    (last.kind, p.kind) == ("modal", "eval") and len(gap) <= _NEST_WINDOW and
                    (not gap or _asks_for_the_evaluation(gap)) or
                    (last.kind, p.kind) == ("eval", "eval") and last.sign < 0
                    and _blamed_for(gap, toks[p.match.start])):
                found[-1] = (p, math.copysign(max(abs(value), p.weight), value * p.sign))
                continue
        accused = p.kind == "eval" and _accused_of(toks, p.match.start)
        found.append((p, -p.sign * p.weight if accused else p.sign * p.weight))
    return [value for _, value in found]


def segment_score(items: list[Polar], toks: Sequence[str], sts: Sequence[str],
                  targets: frozenset[str] = frozenset()) -> float:
    """``E * D`` (see the module docstring) of the cues that count (:func:`counted`) in a text's tokens ``toks``
    (:func:`~stancemap.stance.text.tokens`: lower case) and their stems ``sts``; a segment with direction cues only
    scores 0.6 of the strongest, 0.8 of a counter cue (it acts on the issue's own terms: "plans to tackle climate
    change"; PolNeAR train sentences two right, one wrong, the climate ones read against a belief 0.409 -> 0.422)."""
    evals = nested(items, toks)
    dirs = on_target([p for p in items if p.kind in ("direction", "counter")], sts, targets)
    sign = direction(dirs, sts, targets)
    if evals:
        e = sum(evals)
    elif dirs:
        e = max((0.8 if d.kind == "counter" else 0.6) * d.weight for d in dirs)
    else:
        return 0.0
    return e * sign


_SPEECH_NOUNS = frozenset({"words", "remarks", "remark", "comments", "comment", "statement", "statements", "claim",
                           "claims", "assertion", "assertions"})
_SPEECH_DETERMINERS = frozenset({"his", "her", "their", "its", "the", "these", "those", "that", "this"})


def about_the_words(toks: Sequence[str], at: int) -> bool:
    """Whether the clause from ``at`` is about the statement itself ("but later *his words* were denied")."""
    clause = [t.lower() for t in toks[at + 1 : at + 8]]
    return any(a in _SPEECH_DETERMINERS and b in _SPEECH_NOUNS for a, b in zip(clause, clause[1:], strict=False))


#: verbs that put a question ("asked Trump if ...", "wondered how ...")
_ASKING = frozenset(stem(w) for w in ("ask", "asks", "asked", "asking", "wonder", "wondered", "wondering", "inquire",
                                      "inquired"))
#: what opens the question they put, or what it is about
_QUESTION_WORDS = frozenset({"if", "whether", "how", "what", "why", "when", "where", "who", "which", "about"})
#: how many words may name the one asked ("asked *Mr. Trump* how high ...")
_ASKED_WINDOW = 3


def asked(toks: Sequence[str], sts: Sequence[str], deliberation: Cue) -> list[CueMatch]:
    """A question put with a verb of asking, whoever is asked ("Hannity asked Trump if he would deport ...", "asked
    how high the wall would be", "asked Clinton about her email scandal"), as a ``deliberation`` cue at the verb:
    it takes no side on what it asks.

    >>> from stancemap.stance.lexicon import default_lexicon
    >>> toks = "hannity asked trump if he would deport them".split()
    >>> [(m.start, m.cue.kind) for m in asked(toks, [stem(t) for t in toks], default_lexicon().cue_of(stem("whether")))]
    [(1, 'deliberation')]
    """
    out = []
    for i, st in enumerate(sts):
        if st not in _ASKING:
            continue
        for j in range(i + 1, min(i + 2 + _ASKED_WINDOW, len(toks))):
            if toks[j].lower() in _QUESTION_WORDS:
                out.append(CueMatch(i, i + 1, deliberation))
                break
            if toks[j] in PUNCT or toks[j].lower() == "to":  # "asked them to investigate": a request
                break
    return out


def aside(toks: Sequence[str], at: int) -> bool:
    """Whether the token at ``at`` is in a relative clause set off by a comma (", who has called it a hoax,"): a fact
    told of its antecedent, not part of a question the sentence deliberates ("asked whether Trump, who has called
    it a hoax, could win").

    >>> toks = "asked whether trump , who called it a hoax , could win".split()
    >>> aside(toks, toks.index("hoax")), aside(toks, toks.index("win"))
    (True, False)
    """
    for i in range(at - 1, -1, -1):
        if toks[i] in PUNCT:
            return toks[i] == "," and i + 1 < len(toks) and toks[i + 1].lower() in ("who", "which")
    return False


#: verbs that take a position on their object ("supports", "opposed", "applauded"): a position taken on a policy by
#: name (:func:`~stancemap.stance.proposals.judges_a_policy`), blamed or accused (:func:`nested`)
POSITION_VERBS = frozenset({stem(w) for w in (
    "support", "supports", "supported", "supporting", "oppose", "opposes", "opposed", "opposing", "favor", "favour",
    "favors", "favours", "endorse", "endorses", "endorsed", "applaud", "applauded", "applauds", "welcome", "welcomed",
    "welcomes", "praise", "praised", "praises", "criticize", "criticized", "criticise", "criticised", "condemn",
    "condemned", "reject", "rejects", "rejected")})
#: how many words may name the one blamed ("criticized *Marco Rubio* for opposing")
_BLAMED_WINDOW = 4


def _blamed_for(gap: Sequence[str], word: str) -> bool:
    """Whether ``word``, after a criticism and ``gap``, is a position the criticism blames someone for: "criticized
    Clinton for supporting open borders" opposes open borders (the two cues' product), where their sum said little."""
    if stem(word) not in POSITION_VERBS or any(t in PUNCT for t in gap):
        return False
    gap = list(gap[:-1]) if gap[-1:] == ["being"] else list(gap)
    return 1 <= len(gap) <= _BLAMED_WINDOW + 1 and gap[-1] in ("for", "of")


def _accused_of(toks: Sequence[str], at: int) -> bool:
    """Whether the position word at ``at`` is what someone is accused of ("accused Cruz of being welcoming to
    Syrian refugees"): the accuser takes the other side. "Accused" alone is no cue ("has been accused of
    over-stepping its boundaries" judges nothing the rules know)."""
    if stem(toks[at]) not in POSITION_VERBS:
        return False
    end = at - 1 if at and toks[at - 1] == "being" else at
    if not end or toks[end - 1] != "of":
        return False
    before = toks[max(0, end - 1 - _BLAMED_WINDOW - 1):end - 1]
    return any(t.startswith("accus") for t in before) and not any(t in PUNCT for t in before)
