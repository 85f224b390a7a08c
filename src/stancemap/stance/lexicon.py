"""The stance cue lexicon (``data/stance_lexicon.tsv``) and a matcher over stems.

Linguistic knowledge is data: the cues, their kind (evaluation, modal, direction,
reversal, negator, hedge, others, rebuttal, contrast, deliberation, rhetorical, denial), polarity,
weight and source live in the TSV file, documented in its header. This module
only loads the file and finds cues in a token sequence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from stancemap.names.textnames import name_spans
from stancemap.stance.text import _data, _rows, is_content, stem, tokens

__all__ = ["Cue", "CueMatch", "Lexicon", "KINDS", "default_lexicon", "lexicon_fingerprint", "names_a_thing",
           "named_terms", "name_ranges", "rebuts"]

KINDS: tuple[str, ...] = (
    "eval", "modal", "direction", "reversal", "negator", "hedge",
    "others", "rebuttal", "contrast", "deliberation", "rhetorical", "denial", "counter", "salience", "phrase",
)
#: Kinds whose cues carry a polarity.
POLAR_KINDS: frozenset[str] = frozenset({"eval", "modal", "direction", "rebuttal", "rhetorical", "counter",
                                         "salience"})


@dataclass(frozen=True)
class Cue:
    """One lexicon entry: ``text`` as written, its kind, polarity (+1, -1, 0), weight, source."""

    text: str
    kind: str
    polarity: int
    weight: float
    source: str = ""


@dataclass(frozen=True)
class CueMatch:
    """A cue found at tokens ``[start, end)`` of a token sequence."""

    start: int
    end: int
    cue: Cue


class Lexicon:
    """Cues keyed by their stem sequence; :meth:`find` does greedy longest-match.

    Examples
    --------
    >>> from stancemap.stance.text import stems
    >>> lex = Lexicon([Cue("wary of", "eval", -1, 1.0), Cue("not", "negator", 0, 1.0)])
    >>> [(m.start, m.cue.text) for m in lex.find(stems("We are not wary of it."))]
    [(2, 'not'), (3, 'wary of')]
    """

    def __init__(self, cues: list[Cue]) -> None:
        self.cues = tuple(cues)
        self._by_key: dict[tuple[str, ...], Cue] = {}
        for cue in cues:
            key = tuple(stem(t) for t in tokens(cue.text))
            if key:
                self._by_key[key] = cue
        self._max = max((len(k) for k in self._by_key), default=1)
        self.single_words: frozenset[str] = frozenset(k[0] for k in self._by_key if len(k) == 1)

    def with_cues(self, extra: list[Cue]) -> Lexicon:
        """This lexicon and ``extra`` (an entry of ``extra`` replaces one with the same words)."""
        return Lexicon([*self.cues, *extra])

    def kind_of(self, stem_: str) -> str | None:
        """The kind of the one-word cue with this stem, or ``None``."""
        cue = self.cue_of(stem_)
        return cue.kind if cue else None

    def cue_of(self, stem_: str) -> Cue | None:
        """The one-word cue with this stem, or ``None``."""
        return self._by_key.get((stem_,))

    def takes_a_side(self, text: str) -> bool:
        """Whether ``text`` (a speaker's cue: "oppose", "is the wrong", "should") holds an evaluation or a modal.

        >>> lex = default_lexicon()
        >>> lex.takes_a_side("oppose"), lex.takes_a_side("should"), lex.takes_a_side("said")
        (True, True, False)
        """
        return any(m.cue.kind in ("eval", "modal") for m in self.find([stem(t) for t in tokens(text)]))

    def find(self, stems: list[str]) -> list[CueMatch]:
        """Non-overlapping cue matches, left to right, longest first at each position."""
        out: list[CueMatch] = []
        i = 0
        n = len(stems)
        while i < n:
            for length in range(min(self._max, n - i), 0, -1):
                cue = self._by_key.get(tuple(stems[i : i + length]))
                if cue is not None:
                    out.append(CueMatch(i, i + length, cue))
                    i += length
                    break
            else:
                i += 1
        return out

    @classmethod
    def from_tsv(cls, path: str | Path | None = None) -> Lexicon:
        """Load a lexicon TSV (columns: cue, kind, polarity, weight, source).

        Without ``path``, the packaged ``data/stance_lexicon.tsv``.
        """
        if path is None:
            rows = _rows("stance_lexicon.tsv")
        else:
            rows = [line.rstrip("\n").split("\t") for line in Path(path).read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.startswith("#")]
        cues = []
        for n, row in enumerate(rows, start=1):
            if len(row) < 4 or row[1] not in KINDS:
                raise ValueError(f"{path or 'stance_lexicon.tsv'} entry {n}: expected "
                                 f"cue<TAB>kind<TAB>polarity<TAB>weight[<TAB>source] with kind one of "
                                 f"{', '.join(KINDS)}; found {row!r}")
            cues.append(Cue(row[0], row[1], int(row[2]), float(row[3]), row[4] if len(row) > 4 else ""))
        return cls(cues)


def rebuts(cue: Cue) -> bool:
    """Whether ``cue`` rejects what others said ("that is wrong", "a myth"): a rebuttal, or a rebuttal that an issue's
    lexicon reads as a denial of its topic's gravity (:func:`~stancemap.stance.claimpredicate.issue_lexicon`)."""
    return cue.kind == "rebuttal" or cue.kind == "salience" and cue.source == "rebuttal"


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once."""
    return Lexicon.from_tsv()


@lru_cache(maxsize=1)
def lexicon_fingerprint() -> str:
    """A hash of the packaged lexicon's files (the cues, the topics' other names and signs,
    :mod:`stancemap.stance.topicsynonyms`), for the coder's fingerprint (a new lexicon recodes)."""
    files = ("stance_lexicon.tsv", "topic_synonyms.tsv", "topic_signs.tsv")
    return hashlib.sha256("".join(_data(name) for name in files).encode()).hexdigest()[:12]


#: endings of nouns made from a cue word that are not the cue: "the Paris agreement" is not "agree",
#: "Trump's supporters" not "supports" (comparatives such as "safer" still count)
_DERIVED_NOUN_ENDINGS = ("ment", "ments", "ers")
#: nouns whose stem is a cue but which name things ("tariffs on *goods*", "an *appeals* court", "a *fighter*") or a
#: quality without judging it ("questioning the other's *fitness*", beside a claim that he is "fit")
_NOUNS_NOT_CUES = frozenset({"goods", "fitness", "appeals", "fighter"})
#: evaluative words that, before a word starting with one of these, are part of the name of a group or a topic
#: ("illegal immigrants", "illegal immigration", "illegal aliens"; "a criminal investigation", "criminal charges"),
#: not a judgement of anything in the text
_TERM_MODIFIERS = {"illegal": ("immigra", "alien"),
                   "criminal": ("investigat", "charg", "probe", "case", "referral", "prosecut", "justice", "inquir",
                                "code", "law", "court", "trial")}

#: cue words that judge only as a predicate ("it is legal in 20 states"): before a noun they class it ("her legal
#: role", "legal immigrants", "legal experts"), except before the nouns of what a policy grants ("legal status")
_PREDICATE_ONLY = {"legal": ("status", "residen", "permanent")}
#: cue words that, after one of these words, are a noun naming a thing ("a campaign stop in Flint" stops nothing)
_NOUN_AFTER = {"stop": frozenset({"campaign", "bus", "pit", "last", "next", "first", "brief", "final", "rally"}),
               "stops": frozenset({"campaign", "bus", "pit", "rally"})}
#: verbs whose use without an object reports an event rather than asking for less of something ("plants close
#: early", "the coal plants that are closing, so ..."), and the words after which they have none
_EVENT_VERBS = frozenset({"close", "closes", "closed", "closing"})
_NO_OBJECT = frozenset({".", ",", ";", ":", "!", "?", "early", "before", "after", "in", "by", "at", "on", "within",
                        "soon", "next", "for", "as", "when", "if", "because", "and", "or", "than", "to", "this"})
#: ... unless a passive after one of these asks for it ("coal plants should *be closed*", "need to be closed")
_ASKING_BEFORE_BE = frozenset({"should", "must", "to"})

#: tokens after which a capital opens a sentence or a quotation rather than a name
_OPENERS = frozenset({".", "!", "?", ":", ";", "\"", "\u201c", "\u2018", "'", "("})


@lru_cache(maxsize=4096)
def name_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """The ``(first, end)`` token ranges (:func:`~stancemap.stance.text.tokens`) of the names written in ``text``
    (:func:`stancemap.names.textnames.name_spans`: "Wall Street", "the Clean Power Plan", "..., Ban said").

    >>> text = "Donors on Wall Street have never paid for the wall, Ban said."
    >>> [tokens(text)[a:b] for a, b in name_ranges(text)]
    [['wall', 'street'], ['ban']]
    """
    out, at, count = [], 0, 0
    for a, b in name_spans(text):
        first = count + len(tokens(text[at:a]))
        count, at = first + len(tokens(text[a:b])), b
        out.append((first, count))
    return tuple(out)


def named_terms(text: str, sts: Sequence[str], terms: frozenset[str]) -> list[bool]:
    """For each of the issue's ``terms`` (stems) in ``text`` (``sts``, its stems), whether it stands in a name of two
    words or more (:func:`name_ranges`) that holds no other of them: "wall" in "Wall Street", not in "the Paris
    Agreement" or "the UN Climate Change Conference", where the name holds two.

    >>> text = "Donors on Wall Street have never paid for the wall they promised to fund."
    >>> named_terms(text, [stem(t) for t in tokens(text)], frozenset({"wall"}))
    [True, False]
    """
    names = [(a, b) for a, b in name_ranges(text) if b - a > 1 and sum(st in terms for st in sts[a:b]) == 1]
    return [any(a <= i < b for a, b in names) for i, st in enumerate(sts) if st in terms]


def names_a_thing(toks: list[str], match: CueMatch, text: str | None = None) -> bool:
    """True when a one-word cue is part of a name rather than a judgement: a noun derived from it (see
    :data:`_DERIVED_NOUN_ENDINGS`), a listed plural ("goods"), a noun after its modifier ("a campaign stop",
    :data:`_NOUN_AFTER`), a verb reporting an event with no object ("plants close early", :data:`_EVENT_VERBS`; not
    a passive asked for, "should be closed"), the
    modifier of a fixed term
    (:data:`_TERM_MODIFIERS`: "deport illegal immigrants" judges no one), a predicate before a noun ("her legal
    role", :data:`_PREDICATE_ONLY`), or, given the ``text`` of ``toks``, a word
    of one of its names (:func:`name_ranges`) but the last ("Ban said", "the Clean Power Plan"; "the Soda Ban is
    ..." keeps it).

    >>> toks = tokens("the Paris agreement")
    >>> [(m.cue.text, names_a_thing(toks, m)) for m in default_lexicon().find([stem(t) for t in toks])]
    [('agree', True)]
    >>> toks = tokens("He would deport illegal immigrants; the order is illegal.")
    >>> [names_a_thing(toks, m) for m in default_lexicon().find([stem(t) for t in toks]) if m.cue.kind == "eval"]
    [True, False]
    >>> text = "Leaders became more willing to act, Ban said."
    >>> [names_a_thing(tokens(text), m, text) for m in default_lexicon().find(
    ...     [stem(t) for t in tokens(text)]) if m.cue.kind == "direction"]
    [True]
    """
    if match.end - match.start != 1:
        return False
    word, cue = toks[match.start], match.cue.text.lower()
    if text and any(a <= match.start < b and (match.start < b - 1 or b - a == 1)
                    and not (match.start == a and (a == 0 or toks[a - 1] in _OPENERS)) for a, b in name_ranges(text)):
        return True  # a word opening a sentence ("Ban Muslims now.") says nothing by its capital
    if word.lower() in _NOUNS_NOT_CUES:
        return True
    if match.start > 0 and toks[match.start - 1].lower() in _NOUN_AFTER.get(word.lower(), ()):
        return True
    if word.lower() in _EVENT_VERBS and (match.end == len(toks) or toks[match.end].lower() in _NO_OBJECT) \
            and not (match.start >= 2 and toks[match.start - 1].lower() == "be"
                     and toks[match.start - 2].lower() in _ASKING_BEFORE_BE):
        return True
    granted = _PREDICATE_ONLY.get(word.lower())
    if granted and match.end < len(toks) and is_content(after := toks[match.end].lower()) \
            and not after.startswith(granted):
        return True
    heads = _TERM_MODIFIERS.get(word.lower())
    if heads and match.end < len(toks) and toks[match.end].lower().startswith(heads):
        return True
    return (word != cue and word.endswith(_DERIVED_NOUN_ENDINGS) and not cue.endswith(_DERIVED_NOUN_ENDINGS)
            and word.lower() not in (cue + "s", cue + "es"))  # "dangers" is the plural of "danger"
