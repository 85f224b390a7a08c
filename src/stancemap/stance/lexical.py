"""``keyword.v1``: a rule-based stance coder from keywords, claim terms and cue lexicons.

Relevance
    The issue's terms are the content words of its claim and label (stemmed,
    weighted by IDF rarity, see :func:`stancemap.stance.text.idf`) and its keyword
    phrases (matched as stem sequences). A text's score is the weight of the
    terms it contains; relevance is ``1 - exp(-score / scale)`` where the scale
    is a distinctive claim word's weight and grows slowly with the text's length
    (long texts match common words by chance). The framing ``context`` counts at
    half weight. Below :attr:`KeywordCoder.threshold` the coder returns ``None``.

Stance
    Cues from :mod:`stancemap.stance.lexicon` are found in ``context + content``, once the text's
    other names for the claim's topic ("global warming" for "climate change") are put in the claim's
    words (:mod:`stancemap.stance.topicsynonyms`).
    Each sentence is cut into segments at contrast words ("but") and at cues that
    attribute words to others ("some say", "critics claim"). Within a segment a
    negator flips one cue (a modal just before it, "must not", else the next cue
    within five tokens, "would not make NATO part of the conflict"); a reversal
    ("lift", "end") flips the next cue ("lift restrictions"). A segment's score
    is ``E * D``: ``E`` the signed sum of evaluation and modal cues, ``D`` the
    product of the direction cues' signs (allow +, ban -). The claim is scored
    the same way; its sign ``c`` orients the scale, so "X is harmful" supports
    "X should be banned". Where a direction cue acts on the issue's terms (its
    object, the next few words, holds one), only such cues give ``D``: in "cut
    emissions to stop global warming" the means ("cut") does not turn round the end.
    A counter cue ("tackle", "slow") is a direction -1 only where it acts on an issue term;
    salience cues ("is real", "a hoax", "overblown") in a clause naming one are added after
    the claim's direction is applied, since calling the topic a hoax opposes a claim
    whichever way it points (:mod:`stancemap.stance.segments`).
    On a claim that is a proposal (it has a modal), a text that refers back to
    the proposal as a whole ("No, we oppose it", "this amendment is a mistake")
    without naming its terms or a direction of its own is read on the claim
    itself, without ``c`` (:func:`about_the_proposal`); one that takes a position on a
    policy by name with no direction of its own ("we *support* the new clean air
    *standards*") is read on the proposal too, turned round where the claim asks to undo
    a policy ("... should be repealed"; :func:`judges_a_policy`), as it is on a claim of the topic's gravity
    ("criticized the Paris agreement" does not judge climate change). A modal alone ("should",
    "must", with no evaluation or direction cue) endorses what its own sentence
    says; where the text names none of the issue's terms ("Each state should
    decide its own generation mix", on a national mandate), it says nothing
    about the claim and decides nothing (:attr:`StanceAnalysis.modal_alone`); nor
    does it on a claim that judges rather than proposes ("Clinton's use of a private
    email server ... disqualifies her": "should be jailed" and "should release the
    emails" are demands, and the rules cannot tell which agrees with the judgement).
    On a claim against a problem ("... take action against climate change") it asks for the claim, without ``c``.
    A segment before "but" counts 0.3, unless the "but" comes after the statement's content and opens the
    narrator's clause about the statement itself ("..., but later his words were denied": that clause counts
    nothing); a segment quoting others counts as theirs, reported (a reported opinion counts whoever holds it:
    "critics argue that barring Muslims would be dangerous" opposes the bar), minus one half where a "but" sets
    the speaker's words against it ("some will bring up the risk, but ...") and minus one where a rebuttal such
    as "that is wrong" follows. Sentences that deliberate ("whether", "discussing", a question mark, a question
    put with a verb of asking: "asked Trump if", :func:`.segments.asked`) contribute nothing after the deliberation
    cue, but for an aside's cues other than modals (", who has called it a hoax,": :func:`.segments.aside`). Hedges
    lower the confidence.

Notes
-----
A bag of cues, not a parser: it does not know what a cue is about, and a text with no cue is neutral.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from stancemap.models import Coding, Issue
from stancemap.stance.claimpredicate import acts_against, claim_problem, issue_lexicon, judges_gravity
from stancemap.stance.coders import register_coder
from stancemap.stance.lexicon import POLAR_KINDS, CueMatch, Lexicon, default_lexicon, named_terms, names_a_thing, rebuts
from stancemap.stance.proposals import about_the_proposal, judges_a_policy, policy_sign, wanted
from stancemap.stance.segments import (
    about_the_words,
    aside,
    asked,
    counted,
    resolve,
    salience,
    segment_score,
    verdict_explains,
)
from stancemap.stance.statementtext import cue_reading, frame
from stancemap.stance.text import idf, is_content, stem, tokens
from stancemap.stance.topicsynonyms import in_the_claims_words, topic_signs

__all__ = ["RULES_VERSION", "KeywordCoder", "StanceAnalysis", "analyse_stance", "relevance"]

#: Raised when the rules read a text differently (part of the default coder's fingerprint, so stored codings
#: are recoded); what each version changed: ``docs/cue_rules.md``.
RULES_VERSION = 59

_SENTENCE_END = frozenset({".", "!", "?", ";"})
#: words before a counter cue of a claim that make it the claim's purpose or a noun ("to combat", "in combat")
_PURPOSE = frozenset({"to", "for", "in"})
# kinds that are not topic words of a claim
_FUNCTION_KINDS = frozenset({"modal", "negator", "hedge", "contrast", "deliberation", "others", "denial"})


@dataclass
class StanceAnalysis:
    """The stance evidence found in one text.

    ``score`` is signed (positive: for the proposition as the text frames it);
    ``mass`` the sum of the absolute segment scores and saliences (the oriented total over
    it is how consistent the evidence is); ``cues`` the cue texts that counted; ``denied`` the
    clauses a denial turns round that hold no cue to turn ("he denied that vaccines
    cause autism": ``vaccines cause autism``), whose stance is the reverse of theirs.
    """

    score: float = 0.0
    #: the signed weight of the salience cues about the issue's topic ("is real", "a hoax"), read
    #: whichever way the claim points (:func:`.segments.salience`)
    salience: float = 0.0
    mass: float = 0.0
    hedges: int = 0
    deliberation: bool = False
    cues: list[str] = field(default_factory=list)
    denied: list[str] = field(default_factory=list)
    #: the kinds of the polar cues that counted (eval, modal, direction, ...)
    kinds: set[str] = field(default_factory=set)
    #: the issue's terms were given and the text names none of them (``named``: but in other names, "Wall Street")
    off_target: bool = False
    named: bool = False
    #: the text takes a position on a policy by name (:func:`~stancemap.stance.proposals.judges_a_policy`)
    on_a_policy: bool = False

    @property
    def modal_alone(self) -> bool:
        """The only polar cues are modals ("should", "must"), salience aside: the text endorses what its own sentence
        says, which is the claim only where the claim proposes it (see :meth:`KeywordCoder._stance`).

        >>> analyse_stance("Each state should decide its mix.").modal_alone
        True
        """
        return "modal" in self.kinds and self.kinds <= {"modal", "salience"}


def analyse_stance(text: str, lexicon: Lexicon | None = None, frame_end: int = 0,
                   targets: frozenset[str] = frozenset(), content_end: int | None = None,
                   claim: bool = False, signs: frozenset[str] = frozenset()) -> StanceAnalysis:
    """Find and combine the stance cues of ``text`` (see the module docstring).

    Examples
    --------
    >>> analyse_stance("Such strikes are not acceptable.").score < 0
    True
    >>> analyse_stance("It would not drag NATO into a wider war.").score > 0
    True
    >>> analyse_stance("They are discussing whether to allow it.").deliberation
    True

    ``frame_end`` is where the statement's content starts in ``text`` (characters): an
    ``others`` cue before it is the attribution of the statement itself ("Critics say the
    tax is unfair": the critics are its speakers), not a claim quoted to be rejected, and
    is passed over; so is a salience cue before it, another clause's judgement of the topic
    ("Millennials believe climate change is real, and when they hear a candidate say it's a
    hoax": the candidate's words deny it). ``targets`` are the stems of the issue's terms: where a direction cue
    acts on one, only such cues give the direction (:func:`.segments.on_target`). ``content_end`` is
    where the content ends (characters): after it, a "but" opening a clause about the
    statement itself is the narrator's (:func:`.segments.about_the_words`). A ``claim`` is read for its
    direction: a counter cue after "to", "for" or "in" is its purpose or a noun, not what it asks
    ("use profiling *to tackle* illegal immigration" asks for more profiling). ``signs`` are the stems of the words
    for the topic's signs (:func:`~stancemap.stance.topicsynonyms.topic_signs`): a salience cue counts in a clause
    naming one of them, as in one naming a target.

    >>> said = "He said Ukraine decides independently, but later his words were denied."
    >>> analyse_stance(said).score > 0.5, analyse_stance(said, content_end=said.index(", but")).score > 0.5
    (False, True)
    """
    lex = lexicon or default_lexicon()
    toks = tokens(text)
    sts = [stem(t) for t in toks]
    matches = _matches(lex, text, toks, sts, claim)
    if frame_end > 0:
        before = len(tokens(text[:frame_end]))
        matches = [m for m in matches if not (m.cue.kind in ("others", "salience") and m.start < before)]
    narrator = len(tokens(text[:content_end])) if content_end else len(toks) + 1
    named = named_terms(text, sts, targets)
    result = StanceAnalysis(off_target=bool(targets) and all(named), named=bool(named) and all(named),
                            on_a_policy=judges_a_policy(sts, matches))
    # sentence boundaries
    sentences: list[tuple[int, int]] = []
    start = 0
    for i, t in enumerate(toks):
        if t in _SENTENCE_END:
            sentences.append((start, i + 1))
            start = i + 1
    if start < len(toks):
        sentences.append((start, len(toks)))
    for s_start, s_end in sentences:
        sent = [m for m in matches if s_start <= m.start < s_end]
        # "Why won't he release his returns?" asks for it: a rhetorical question, not a deliberation
        question = toks[s_end - 1] == "?" and not any(m.cue.kind == "rhetorical" for m in sent)
        _score_sentence(sent, toks, question, result, sts, targets, narrator, signs)
    return result


def _matches(lex: Lexicon, text: str, toks: list[str], sts: list[str], claim: bool) -> list[CueMatch]:
    """The cues of a text in order: the lexicon's (a claim's counter cue of purpose left out) and, outside a claim,
    the questions put with a verb of asking (:func:`.segments.asked`)."""
    found = [m for m in lex.find(sts) if m.cue.kind != "phrase" and not names_a_thing(toks, m, text)
             and not (claim and m.cue.kind == "counter" and _purpose(toks, m))]
    deliberation = lex.cue_of(stem("whether"))
    if deliberation is None or claim:
        return found
    return sorted(found + asked(toks, sts, deliberation), key=lambda m: m.start)


def _purpose(toks: Sequence[str], match: CueMatch) -> bool:
    """Whether a claim's cue opens or follows "to", "for" or "in" ("use profiling *to tackle* ...")."""
    before = toks[match.start - 1].lower() if match.start else ""
    return before in _PURPOSE or match.cue.text.split()[0] in _PURPOSE


def _score_sentence(sent: list[CueMatch], toks: list[str], question: bool, result: StanceAnalysis,
                    sts: Sequence[str] = (), targets: frozenset[str] = frozenset(), narrator: int = 1 << 30,
                    signs: frozenset[str] = frozenset()) -> None:
    # segments: (multiplier kind, matches); split at contrast and others cues
    segments: list[tuple[str, list[CueMatch]]] = [("plain", [])]
    deliberating = question
    if question:
        result.deliberation = True
    for m in sent:
        kind = m.cue.kind
        if kind == "deliberation":
            deliberating = True
            result.deliberation = True
            continue
        if kind == "hedge":
            result.hedges += 1
            continue
        if kind == "contrast":  # "we discussed it, but it is acceptable": deliberation ends
            segments.append(("narrator" if m.start >= narrator and about_the_words(toks, m.start) else
                             "after-contrast", []))
            deliberating = question
            continue
        if kind == "others":
            segments.append(("others", []))
            continue
        if deliberating and kind in POLAR_KINDS and (kind == "modal" or not aside(toks, m.start)):
            continue
        segments[-1][1].append(m)
    rebuttal_after_others = False
    seen_others = False
    for label, ms in segments:
        if label == "others":
            seen_others = True
        elif seen_others and any(rebuts(m.cue) for m in ms):
            rebuttal_after_others = True
    for idx, (label, ms) in enumerate(segments):
        if label == "narrator":
            continue
        items = verdict_explains(counted(resolve(ms, toks, drop_rebuttals=rebuttal_after_others and label != "others",
                                                   denied=result.denied), sts, targets, signs))
        score, grave = segment_score(items, toks, sts, targets), salience(items)
        if not score and not grave:
            continue
        later_contrast = any(lab == "after-contrast" for lab, _ in segments[idx + 1 :])
        if label == "others":  # a report of others' words; set against the speaker's by a rebuttal or a "but"
            factor = -1.0 if rebuttal_after_others else -0.5 if later_contrast else 1.0
        else:
            factor = 0.3 if later_contrast else 1.0
        result.score += score * factor
        result.salience += grave * factor
        result.mass += abs(score * factor) + abs(grave * factor)
        result.cues += [p.match.cue.text for p in items]
        result.kinds |= {p.kind for p in items}


@dataclass(frozen=True)
class _IssueTerms:
    terms: dict[str, float]          # stem -> weight
    phrases: tuple[tuple[tuple[str, ...], float], ...]  # keyword stem sequences -> weight
    scale: float
    direction: int
    #: the terms that are no cue: what a direction cue must act on to give the direction (:func:`.segments.on_target`)
    targets: frozenset[str] = frozenset()
    #: whether the claim is a proposal, with a modal ("X should be banned"; see :func:`about_the_proposal`)
    deontic: bool = False
    #: -1 where the claim asks to undo a policy, else +1 (:func:`~stancemap.stance.proposals.policy_sign`)
    policy: int = 1
    #: the term the claim acts against, if any (:func:`~stancemap.stance.claimpredicate.claim_problem`)
    problem: frozenset[str] = frozenset()
    #: how a text's salience cues count: -1 where the claim denies its topic's gravity ("Man-made climate change is a
    #: myth"), 0 on a proposal about a thing ("We should abolish zoos": no problem, no signs), else +1
    gravity: int = 1
    #: the stems of the words for the topic's signs, in whose clauses salience cues count (:func:`topic_signs`)
    signs: frozenset[str] = frozenset()
    #: the claim says its topic is a harm (:func:`~stancemap.stance.claimpredicate.judges_gravity`)
    grave: bool = False


def _issue_terms(issue: Issue, lexicon: Lexicon) -> _IssueTerms:
    return _cached_terms(issue.claim, issue.label, issue.keywords, id(lexicon), lexicon)


@lru_cache(maxsize=1024)
def _cached_terms(claim: str, label: str, keywords: tuple[str, ...], _lex_id: int,
                  lexicon: Lexicon) -> _IssueTerms:
    terms: dict[str, float] = {}
    for text, factor in ((claim, 1.0), (label, 0.7)):
        for t in tokens(text):
            if not is_content(t):
                continue
            s = stem(t)
            if lexicon.kind_of(s) in _FUNCTION_KINDS:
                continue
            terms[s] = max(terms.get(s, 0.0), factor * idf(s))
    phrases = []
    phrase_words: set[str] = set()  # the keywords' content words ("and" in "wind and solar" is no term)
    for kw in keywords:
        words = [t for t in tokens(kw) if t[:1].isalnum()]
        seq = tuple(stem(t) for t in words)
        content = [stem(t) for t in words if is_content(t)]
        phrase_words.update(content)
        if seq:
            weight = sum(idf(s) for s in content or seq) / len(content or seq) + (0.5 if len(seq) > 1 else 0.0)
            phrases.append((seq, weight))
    top = sorted(terms.values(), reverse=True)[:3] or [w for _, w in phrases][:3] or [1.0]
    scale = sum(top) / len(top)
    claim_analysis = analyse_stance(claim, lexicon, claim=True)
    # "X is a myth" dismisses its topic rather than judging it: no direction, its gravity denied
    dismisses = claim_analysis.kinds == {"rebuttal"}
    targets = frozenset(st for st in [*terms, *phrase_words] if lexicon.kind_of(st) is None)
    kinds = {m.cue.kind for m in lexicon.find([stem(t) for t in tokens(claim)])}
    deontic = "modal" in kinds
    denies = (claim_analysis.salience < 0 or dismisses and not deontic
              or "negator" in kinds and not deontic and not claim_analysis.mass)
    problem, signs = claim_problem(claim, targets, lexicon), topic_signs(claim)
    # a demand to act against a problem wants less of it, with no direction cue too ("take action against")
    direction = -1 if claim_analysis.score < 0 and not dismisses or deontic and kinds == {"modal"} and problem \
        and acts_against(claim) else 1
    gravity = 0 if deontic and not problem and not signs else -1 if denies else 1
    return _IssueTerms(terms, tuple(phrases), scale, direction, targets, deontic, policy_sign(claim, lexicon),
                       problem, gravity, signs, not deontic and not denies and judges_gravity(claim, lexicon))


def _match_score(text: str, terms: _IssueTerms) -> tuple[float, int]:
    toks = tokens(text)
    sts = [stem(t) for t in toks]
    present = set(sts)
    score = sum(w for s, w in terms.terms.items() if s in present)
    joined = " " + " ".join(sts) + " "
    for seq, w in terms.phrases:
        if " " + " ".join(seq) + " " in joined:
            score += w
    n_content = sum(1 for t in toks if is_content(t))
    return score, n_content


def _content_start(framed: str, content: str) -> int:
    """Where ``content`` starts in its framed text (0 when it is not found whole)."""
    return max(framed.find(content), 0) if content else 0


def relevance(content: str, context: str, issue: Issue, lexicon: Lexicon | None = None) -> float:
    """How relevant ``content`` (with its framing ``context``) is to ``issue``, 0..1.

    Examples
    --------
    >>> issue = Issue("tax", "Fuel tax", "Fuel taxes should be raised.", keywords=("petrol",))
    >>> relevance("Petrol taxes hurt farmers.", "", issue) > 0.5
    True
    >>> relevance("The match ended in a draw.", "", issue)
    0.0
    """
    lex = lexicon or default_lexicon()
    terms = _issue_terms(issue, lex)
    score, n_content = _match_score(content, terms)
    context = frame(content, context)[1]
    if context:
        c_score, c_n = _match_score(context, terms)
        score += 0.5 * c_score
        n_content += c_n // 2
    scale = terms.scale * (1.0 + 1.5 * math.log1p(n_content / 50.0))
    return 1.0 - math.exp(-score / scale) if score else 0.0


class KeywordCoder:
    """The ``keyword.v1`` rule coder (see the module docstring).

    Parameters
    ----------
    threshold : float
        Minimum relevance for a coding (default 0.4).
    min_score : float
        Minimum absolute stance score for support or oppose (default 0.5).
    lexicon : Lexicon, optional
        Default: the packaged ``data/stance_lexicon.tsv``.

    Examples
    --------
    >>> issue = Issue("strike", "Strikes", "Ukraine should be allowed to strike targets in Russia.",
    ...               keywords=("strike", "targets in Russia"))
    >>> coder = KeywordCoder()
    >>> coder.code("Letting Kyiv strike targets in Russia would be reckless.", "", issue).stance
    'oppose'
    >>> coder.code("Bread prices rose again in March.", "", issue) is None
    True
    """

    name = "keyword.v1"

    def __init__(self, threshold: float = 0.4, min_score: float = 0.5, lexicon: Lexicon | None = None) -> None:
        self.threshold = threshold
        self.min_score = min_score
        self.lexicon = lexicon or default_lexicon()

    def analyse(self, content: str, context: str = "") -> StanceAnalysis:
        """The stance evidence in ``content`` framed by ``context`` (see :func:`frame`)."""
        framed = cue_reading(content, context)
        return analyse_stance(framed, self.lexicon, _content_start(framed, content))

    def code(self, content: str, context: str, issue: Issue) -> Coding | None:
        """Code ``content`` on ``issue``; ``None`` when relevance is below the threshold."""
        rel = relevance(content, context, issue, self.lexicon)
        if rel < self.threshold:
            return None
        return self._stance(content, context, issue, rel)[0]

    def code_stance(self, content: str, context: str, issue: Issue) -> Coding:
        """The stance of ``content`` on ``issue`` read from its cues, taking it as relevant (never ``None``).

        For a text whose relevance comes from elsewhere (see
        :mod:`stancemap.stance.continuity`); ``relevance`` is still the text's own.
        """
        return self._stance(content, context, issue, relevance(content, context, issue, self.lexicon))[0]

    def judge(self, content: str, context: str, issue: Issue) -> tuple[Coding, StanceAnalysis]:
        """The stance of ``content`` on ``issue`` read from its cues, and the analysis it was read from,
        for a caller that judges relevance itself (the coding's ``relevance`` is not computed: 1.0)."""
        return self._stance(content, context, issue, 1.0)

    def _stance(self, content: str, context: str, issue: Issue, rel: float) -> tuple[Coding, StanceAnalysis]:
        terms = _issue_terms(issue, self.lexicon)
        content, context = in_the_claims_words(content, issue.claim), in_the_claims_words(context, issue.claim)
        framed = cue_reading(content, context)
        lexicon = issue_lexicon(issue.claim, self.lexicon, terms.direction, terms.grave)
        demand = wanted(content, framed, lambda text: analyse_stance(text, lexicon, 0, terms.targets).kinds, lexicon)
        if demand is not None:  # an infinitive the speaker wants, read as the demand it is
            framed = content = demand
        at = framed.find(content) if content else -1
        a = analyse_stance(framed, lexicon, max(at, 0), terms.targets, at + len(content) if at >= 0 else None,
                           signs=terms.signs)
        proposal = terms.deontic and about_the_proposal(content, terms.targets, self.lexicon)
        # on a claim acting against a problem, a demand naming its terms asks to act on it ("called for action on
        # climate change") or for the claim's means ("we must honour the Paris agreement")
        proposal = proposal or terms.deontic and a.modal_alone and bool(terms.problem)
        on_a_policy = a.on_a_policy and (terms.deontic or terms.grave)
        orient = 1 if proposal else terms.policy if on_a_policy else terms.direction
        # A modal alone (module docstring) decides nothing where the text names none of the terms (IBM ArgQ
        # train: such decisions were right 205 times, wrong 167, the rules' others 69 %) or on a claim that judges
        # (rules 12: figures in benchmarks/results/eval_coding_polnear.md).
        beside_the_claim = a.modal_alone and (not terms.deontic or (a.off_target and not proposal))
        score = (0.0 if beside_the_claim else a.score * orient) + a.salience * terms.gravity
        mass = a.mass - (abs(a.salience) if not terms.gravity else 0.0)
        consistency = abs(score) / mass if mass > 1e-9 else 0.0
        hedge = max(0.5, 0.8 ** a.hedges)
        if abs(score) >= self.min_score and consistency >= 0.5:
            stance = "support" if score > 0 else "oppose"
            confidence = 0.5 + 0.4 * (1.0 - math.exp(-abs(score))) * consistency * hedge
        else:
            stance = "neutral"
            confidence = (0.65 if a.deliberation else 0.45) * hedge
        return Coding(issue=issue.id, stance=stance, confidence=round(confidence, 4),
                      origin=f"model:{self.name}", relevance=round(rel, 4)), a


@register_coder("keyword.v1")
def make_keyword_coder(**options) -> KeywordCoder:
    """Factory for ``keyword.v1``; ``options`` go to :class:`KeywordCoder`."""
    return KeywordCoder(**options)
