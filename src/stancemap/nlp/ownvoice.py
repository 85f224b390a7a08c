"""The speaker's own statements in a document in their own voice: pure ``match_own(doc, found)``.

A speech, testimony, debate turn, press release, op-ed or interview (any genre
but ``news``, or a document whose speaker is given) is its speaker's own text.
:func:`match_own` takes the attributions :func:`stancemap.nlp.attribution.match`
found and returns the document's statements with the speaker's own added, as
:class:`~stancemap.nlp.spans.Found` records of kind ``own`` (no speaker in the
Found means the document's speaker; :mod:`stancemap.nlp.convert` writes them):

1. **First person with a cue** (rule ``own-cue``): an attribution whose speaker
   is "I", "we", "us" or a phrase opening with "our" ("our members oppose ...")
   or "my" + a body the speaker leads ("my office") outside quotation marks is
   the speaker's, with its cue and content as found ("I believe that | the bill
   is flawed"). "My opponent, Carla Jimenez, says ..." is hers (the apposition
   becomes the speaker).
2. **The organisation the speaker speaks for** (rule ``own-organisation``,
   ``speaks_for``): "The Council supports ...", "the Government confirmed
   that ..." (for an official) are the speaker's too.
3. **Reported speech keeps its speaker**: "EIA estimates that ..." stays EIA's.
   The news-only passes that hand a first-person sentence to the previous
   speaker (``continuation``) or to a name line (``byline``) are dropped, and so
   are transcript labels ("BRENNAN: ...", whose speaker is the turn's) and
   attributions in procedural sentences. So are the speaker's claims *about*
   others that the news rules read as their words ("Congress should reject ...",
   "when Washington talks about ...", "it lets the market find ...":
   :mod:`stancemap.nlp.ownvoice_reported`): their sentences are read as claims. A quotation over several sentences
   becomes one statement per sentence.
4. **Plain claims** (``own-<class>``): each sentence that no attribution
   covers, or each part of one that none covers, is a claim when one of these
   holds, tried in this order (the words are data, ``nlp/data/own_voice.tsv``):

   - ``position``: a position-taking verb ("we support", "we urge", "I believe"), or a
     first-person stand ("We are for it", "we have not taken a position");
   - ``deontic``: obligation or need ("should", "must", "needs to", "it is
     essential"), or an imperative ("Let people buy ...");
   - ``predictive``: the future or a conditional ("will", "won't", "would"; "could",
     "might", "may" in a sentence with an "if" clause);
   - ``evaluative``: a judging adjective or noun ("unfair", "costly", "a mistake");
   - ``issue``: a keyword of a codebook issue, or its plural (when keywords are given).

   A sentence whose named subject governs a clause ("EIA projects that ...")
   is somebody else's words even when the cue lexicon misses the verb, and is
   never the speaker's claim.

   The word that fired is the cue (with a negation or auxiliary right before it).

Never a statement: questions, sentences of fewer than :data:`MIN_WORDS` words (one
fewer with a first-person subject or a codebook keyword) or with no verb, headings
(in capitals, or a title-case line with no closing punctuation), and procedural sentences (a ``procedural``
phrase: "Thank you, Mr. Chairman", "I yield back", "I appreciate the
opportunity", "My name is ..."); narrative with none of the above ("I joined the
Alliance in 1998") yields nothing.

Modes: ``claims`` (as above), ``all`` (every sentence that is not procedural, a
question or a heading: the widest net; a claim keeps its class and cue, any other
sentence is ``own-all`` with no cue) and ``none`` (no own-voice statements; the
document is read as news). ``stancemap run --own-voice auto``, the default, picks
``all`` or ``claims`` by the codebook (:func:`stancemap.pipeline.own_voice_mode`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from stancemap import datafiles
from stancemap.nlp.ownvoice_reported import (
    SMALL_WORDS,
    appositive_name,
    is_first_person_speaker,
    reports_others,
    speakers_own_words,
    speaks_for_organisation,
)
from stancemap.nlp.spans import Found, TokSpan, is_first_person, is_punct, is_space, quote_spans, sent_list, trim

__all__ = ["MODES", "OwnVoiceRules", "load_rules", "match_own", "classify", "is_first_person_speaker",
           "speaks_for_organisation"]

#: Ways of selecting own-voice statements (see the module notes).
MODES: tuple[str, ...] = ("claims", "all", "none")
#: Fewest words (not punctuation) a plain claim has.
MIN_WORDS = 4
#: Attribution passes that assume news (a first-person sentence is somebody quoted).
NEWS_ONLY_RULES = frozenset({"continuation", "byline"})
CLASSES: tuple[str, ...] = ("position", "deontic", "predictive", "evaluative")
#: Word lists that widen or narrow a class: ``stand`` (position), ``conditional`` (predictive),
#: ``illustrative`` (deontic: verbs whose imperative brings in an example, "Take the fuel economy standards").
MORE_WORDS: tuple[str, ...] = ("stand", "conditional", "illustrative")


@dataclass(frozen=True)
class OwnVoiceRules:
    """The word lists of ``nlp/data/own_voice.tsv``: lemmas per class, procedural phrases."""

    words: dict[str, frozenset[str]]
    procedural: tuple[str, ...]


@lru_cache(maxsize=1)
def load_rules() -> OwnVoiceRules:
    """The bundled rules (``nlp/data/own_voice.tsv``).

    >>> rules = load_rules()
    >>> "support" in rules.words["position"], "thank you" in rules.procedural
    (True, True)
    """
    words: dict[str, set[str]] = {name: set() for name in CLASSES + MORE_WORDS}
    procedural: list[str] = []
    for row in datafiles.table("stancemap.nlp", "own_voice.tsv"):
        entry = row["entry"].strip().lower()
        if row["class"] == "procedural":
            procedural.append(entry)
        else:
            words[row["class"]].add(entry)
    return OwnVoiceRules({k: frozenset(v) for k, v in words.items()}, tuple(procedural))


def _words(sent: Span) -> list:
    return [t for t in sent if not is_space(t) and not is_punct(t)]


def _procedural(text: str, rules: OwnVoiceRules) -> bool:
    low = " ".join(text.lower().replace("’", "'").split())
    return any(phrase in low for phrase in rules.procedural)


_ENDS = frozenset({".", "!", "?", '"', "\u201d", "'", "\u2019", ")", ";", ":", "..."})


def _heading(sent: Span, words: list) -> bool:
    """In capitals ("STATEMENT OF ..."), a title-case line with no closing punctuation
    ("Ortega Bill Would Put Rail Back on Track"), or a verbless line of its own with no closing
    punctuation (a section title, "Coal-fired power plants")."""
    letters = [t for t in words if any(c.isalpha() for c in t.text) and len(t.text) > 1]
    if not letters:
        return False
    if sum(t.text.isupper() for t in letters) * 2 > len(letters):
        return True
    shown = [t for t in sent if not is_space(t)]
    if (shown[-1].text not in _ENDS and sent.root.pos_ not in ("VERB", "AUX")
            and _own_line(sent.doc.text, shown[0].idx, shown[-1].idx + len(shown[-1].text))):
        return True  # a bullet without a full stop ("Cut taxes for working families") has a verb
    content = [t for t in letters if t.text.lower() not in SMALL_WORDS]
    return (shown[-1].text not in _ENDS and len(content) >= 3
            and sum(t.text[:1].isupper() for t in content) * 4 >= len(content) * 3)


def _own_line(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the whole of its line."""
    before = text.rfind("\n", 0, start)
    after = text.find("\n", end)
    return not text[before + 1 : start].strip() and not text[end : len(text) if after < 0 else after].strip()


def eligible(sent: Span, rules: OwnVoiceRules | None = None, min_words: int = MIN_WORDS) -> bool:
    """Whether a sentence may be a statement at all: long enough, with a verb, not a question,
    heading or procedural sentence."""
    rules = rules or load_rules()
    words = _words(sent)
    if len(words) < min_words or _heading(sent, words):
        return False
    last = [t for t in sent if not is_space(t)]
    if last and last[-1].text == "?":
        return False
    if not any(t.pos_ in ("VERB", "AUX") for t in words):
        return False
    return not _procedural(sent.text, rules)


def _cue(doc: Doc, i: int) -> TokSpan:
    """The trigger word with an auxiliary, negation or adverb right before it that hangs on it."""
    start = i
    while start > 0 and doc[start - 1].head.i in (i, doc[i].head.i) and (
        doc[start - 1].dep_ in ("aux", "neg", "advmod") or doc[start - 1].text.lower() in ("not", "n't")
    ) and doc[start - 1].i != doc[i].head.i:
        start -= 1
    end = i + 1
    if end < len(doc) and doc[end].text.lower() in ("not", "n't"):
        end += 1  # "will not", "must not"
    return start, end


def _keyword_pattern(keywords: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({k.strip().lower() for k in keywords if k and k.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?:s|es)?\b", re.IGNORECASE)


def classify(sent: Span, rules: OwnVoiceRules | None = None, keywords: re.Pattern[str] | None = None
             ) -> tuple[str, TokSpan | None] | None:
    """``(class, cue)`` of an eligible sentence that is a claim, else ``None`` (see the module notes).

    The sentence is assumed :func:`eligible`; ``cue`` is ``None`` for ``issue``.
    """
    rules = rules or load_rules()
    doc = sent.doc
    # an imperative that brings in an example ("Take the fuel economy standards") is no claim, even naming an issue
    imperative = _imperative(sent)
    illustrative = imperative and _illustrative(sent.root, rules.words["illustrative"])
    conditional = any(t.dep_ == "mark" and t.text.lower() == "if" for t in sent)
    for name in CLASSES:
        lexicon = rules.words[name]
        for t in sent:
            lemma = (t.lemma_ or t.text).lower()
            low = t.text.lower()
            if name == "position":
                hit = (t.pos_ == "VERB" and lemma in lexicon and not _someone_elses(t)) or _stand(
                    t, rules.words["stand"])
            elif name == "deontic":
                hit = (low in lexicon and t.pos_ in ("AUX", "VERB")) or (
                    lemma == "need" and t.pos_ in ("VERB", "NOUN", "AUX")) or (
                    t.pos_ == "ADJ" and lemma in lexicon)
            elif name == "predictive":
                hit = (low in lexicon or (low in rules.words["conditional"] and conditional)) and t.pos_ in (
                    "AUX", "VERB") and not (low == "would" and t.head.lemma_ in ("like", "love"))
            else:
                hit = (t.pos_ == "ADJ" and lemma in lexicon) or (t.pos_ == "NOUN" and lemma in lexicon)
            if hit:
                return name, _cue(doc, t.i)
        if name == "deontic" and imperative and not illustrative:
            return name, (sent.root.i, sent.root.i + 1)
    if keywords is not None and keywords.search(sent.text) and not illustrative:
        return "issue", None
    return None


#: modals that make a position verb a demand on its subject ("Congress should reject any rider"): the speaker's
_DEMANDING = frozenset({"should", "must", "ought", "shall"})


def _someone_elses(verb: Token) -> bool:
    """A position verb whose subject is somebody else ("The governor wants every new car to be electric", "Some
    mayors want the state to raise it"): their position, reported, not the speaker's; not a demand on them
    ("Congress should reject any rider")."""
    return any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in verb.children) and not any(
        c.dep_ == "aux" and c.text.lower() in _DEMANDING for c in verb.children)


def _stand(t: Token, words: frozenset[str]) -> bool:
    """A first-person stand with no position verb: "We are for it", "I am not against transit", "we have
    not taken a position", "our position is clear"."""
    low = t.text.lower()
    if low not in words:
        return False
    if t.pos_ == "ADP":
        return (t.head.lemma_ or "") == "be" and t.dep_ == "prep" and any(
            c.dep_ in ("nsubj", "nsubjpass") and is_first_person(c) for c in t.head.children)
    return t.pos_ == "NOUN" and (any(c.dep_ == "poss" and is_first_person(c) for c in t.children) or any(
        c.dep_ in ("nsubj", "nsubjpass") and is_first_person(c) for c in t.head.children))


def _illustrative(root: Token, words: frozenset[str]) -> bool:
    """An imperative that brings in an example ("Take the fuel economy standards", "Consider the limits"),
    not a call to act; "take" only before "the" or a demonstrative ("Take action now" is a call)."""
    lemma = (root.lemma_ or root.text).lower()
    if lemma not in words:
        return False
    if lemma != "take":
        return True
    after = root.nbor(1) if root.i + 1 < len(root.doc) else None
    return after is not None and after.text.lower() in ("the", "this", "that", "these", "those")


def _imperative(sent: Span) -> bool:
    """An order or request ("Let people buy ...", "Hold the lease sales ..."): a base-form verb opens the
    sentence (after adverbs) and has no subject."""
    root = sent.root
    if root.pos_ != "VERB" or root.tag_ != "VB" or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux")
                                                       for c in root.children):
        return False
    before = [t for t in sent if t.i < root.i and not is_punct(t) and not is_space(t)]
    return all(t.pos_ in ("ADV", "INTJ", "CCONJ") for t in before) and (root.lemma_ or "").lower() != "thank"


def _subject(sent: Span) -> int | None:
    """The first-person subject of the sentence's root, if it has one ("We support ...")."""
    root = sent.root
    for c in root.children:
        if c.dep_ in ("nsubj", "nsubjpass") and is_first_person(c):
            return c.i
    return None


def match_own(doc: Doc, found: list[Found], *, mode: str = "claims", keywords: Iterable[str] = (),
              rules: OwnVoiceRules | None = None, speaks_for: Iterable[str] = ()) -> list[Found]:
    """The statements of a document in its speaker's own voice; pure (``doc`` is not changed).

    Parameters
    ----------
    doc : Doc
        A parsed Doc (parts of speech, lemmas, dependencies, sentences).
    found : list of Found
        The attributions of :func:`stancemap.nlp.attribution.match` on ``doc``.
    mode : str
        One of :data:`MODES`.
    keywords : iterable of str
        Codebook keywords: an eligible sentence naming one is a claim (``issue``).
    rules : OwnVoiceRules, optional
        Defaults to :func:`load_rules`.
    speaks_for : iterable of str
        The organisation the speaker speaks for, and their role ("Alliance to Save
        Energy", "Minister of Transport"): an attribution to it ("The Alliance
        supports ...", "the Government confirmed that ...") is the speaker's own.

    Returns
    -------
    list of Found
        ``found`` with first-person attributions turned into kind ``own``, news-only
        passes and transcript labels dropped, and the plain claims added; in order of
        content start.

    Examples
    --------
    >>> from spacy.vocab import Vocab
    >>> doc = Doc(Vocab(), words=["This", "bill", "will", "cost", "jobs", "."],
    ...           heads=[1, 3, 3, 3, 3, 3], deps=["det", "nsubj", "aux", "ROOT", "dobj", "punct"],
    ...           pos=["DET", "NOUN", "AUX", "VERB", "NOUN", "PUNCT"],
    ...           lemmas=["this", "bill", "will", "cost", "job", "."])
    >>> [(f.rule, f.kind, f.content, f.cue) for f in match_own(doc, [])]
    [('own-predictive', 'own', (0, 5), (2, 3))]
    >>> [(f.rule, f.cue) for f in match_own(doc, [], mode="all")]  # a claim keeps its class and cue
    [('own-predictive', (2, 3))]
    """
    if mode not in MODES:
        raise ValueError(f"own-voice mode {mode!r}: use one of {', '.join(MODES)}")
    if mode == "none" or not len(doc) or not doc.has_annotation("DEP"):
        return list(found)  # nothing to select from without a dependency parse
    rules = rules or load_rules()
    in_quote = bytearray(len(doc) + 1)
    for qs, qe in quote_spans(doc):
        for i in range(qs, qe):
            in_quote[i] = 1
    sents = sent_list(doc)
    found = _split_quotes(doc, [f for f in found if not _turn_label(doc, f)], sents, in_quote)
    # the speaker's claims about others ("Congress should reject ...") are read as claims, not reports
    found = [f for f in found if speakers_own_words(doc, f, in_quote) is None]
    out, covered = _own_attributions(doc, found, sents, in_quote, rules, tuple(n for n in speaks_for if n))
    out += _own_claims(doc, sents, covered, in_quote, rules, _keyword_pattern(keywords), mode)
    return sorted(out, key=lambda f: (f.content[0], f.speaker or (0, 0)))


def _turn_label(doc: Doc, f: Found) -> bool:
    """A "NAME: text" attribution whose name opens a line: a transcript's turn label, whose speaker
    :func:`stancemap.nlp.convert.turn_speakers` reads; its text is then read as the turn's own."""
    if f.rule != "colon" or f.speaker is None:
        return False
    i = f.speaker[0]
    return i == 0 or "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_


def _split_quotes(doc: Doc, found: list[Found], sents: list[Span], in_quote: bytearray) -> list[Found]:
    """A quotation that runs over several sentences becomes one statement per sentence (its quoted words),
    as a coder codes them: '"Our buses are too slow," Ortega added. "This bill doubles ..."'."""
    out: list[Found] = []
    for f in found:
        parts = [s for s in sents if s.start < f.content[1] and s.end > f.content[0]]
        if f.kind not in ("direct", "mixed") or len(parts) < 2:
            out.append(f)
            continue
        pieces = []
        for s in parts:
            quoted = [i for i in range(max(s.start, f.content[0]), min(s.end, f.content[1])) if in_quote[i]]
            if not quoted:
                continue
            piece = trim(doc, quoted[0], quoted[-1] + 1, keep_quotes=False)
            if len(_words(doc[piece[0]:piece[1]])) >= 2:
                pieces.append(piece)
        out += [replace(f, content=piece) for piece in pieces] if pieces else [f]
    return out


def _sentence_of(sents: list[Span], i: int) -> Span | None:
    for s in sents:
        if s.start <= i < s.end:
            return s
    return None


def _own_attributions(
    doc: Doc, found: list[Found], sents: list[Span], in_quote: bytearray, rules: OwnVoiceRules,
    speaks_for: tuple[str, ...] = (),
) -> tuple[list[Found], bytearray]:
    """``found`` without news-only passes, first-person ones turned ``own``; and the tokens they cover.

    An attribution in a procedural sentence ("I yield back", "thank you, Mr. Chairman, for
    inviting me") is dropped. An attribution to the organisation the speaker speaks for
    (:func:`speaks_for_organisation`) is the speaker's own too (rule ``own-organisation``).
    """
    out: list[Found] = []
    covered = bytearray(len(doc) + 1)
    for f in found:
        if f.rule in NEWS_ONLY_RULES:
            continue
        sent = _sentence_of(sents, f.speaker[0]) if f.speaker else None
        if sent is not None and _procedural(sent.text, rules):
            continue
        spans = [f.content] + ([f.cue] if f.cue else []) + ([f.speaker] if f.speaker else [])
        first = is_first_person_speaker(doc, f.speaker, f.speaker_head)
        if f.speaker is not None and not in_quote[f.speaker[0]] and (
                first or speaks_for_organisation(doc, f.speaker, f.speaker_head, speaks_for)):
            if first:
                out.append(replace(f, kind="own", rule="own-cue"))
            else:  # the organisation's name is no mention of the person ("the Government of Canada")
                out.append(replace(f, kind="own", rule="own-organisation", speaker=None, speaker_head=None))
        else:
            out.append(appositive_name(doc, f))
        for span in spans:
            for i in range(*span):
                covered[i] = 1
    return out, covered


def _runs(sent: Span, covered: bytearray, in_quote: bytearray) -> list[TokSpan]:
    """The stretches of a sentence that no attribution covers and that are not quoted."""
    runs: list[TokSpan] = []
    start = None
    for t in sent:
        free = not covered[t.i] and not in_quote[t.i]
        if free and start is None:
            start = t.i
        elif not free and start is not None:
            runs.append((start, t.i))
            start = None
    if start is not None:
        runs.append((start, sent.end))
    return runs


def _own_claims(
    doc: Doc,
    sents: list[Span],
    covered: bytearray,
    in_quote: bytearray,
    rules: OwnVoiceRules,
    pattern: re.Pattern[str] | None,
    mode: str,
) -> list[Found]:
    """The plain claims: eligible sentences (or the part of one that no attribution covers, "We should
    not raise it; | the Treasury has talked of ...") not mostly quoted."""
    out: list[Found] = []
    for sent in sents:
        words = _words(sent)
        # more than half of the words in quotation marks: someone else's words
        if not words or sum(in_quote[t.i] for t in words) * 2 > len(words):
            continue
        if any(covered[t.i] for t in words):
            parts = [doc[a:b] for a, b in _runs(sent, covered, in_quote)]
            parts = [p for p in parts if len(_words(p)) >= MIN_WORDS]
        else:
            parts = [sent]
        for part in parts:
            found = _claim(doc, part, rules, pattern, mode)
            if found is not None:
                out.append(found)
    return out


def _claim(doc: Doc, part: Span, rules: OwnVoiceRules, pattern: re.Pattern[str] | None, mode: str) -> Found | None:
    head = _subject(part)
    # three words will do for "We respectfully disagree." or "Congestion charges work."
    short = head is not None or (pattern is not None and pattern.search(part.text) is not None)
    if not eligible(part, rules, MIN_WORDS - 1 if short else MIN_WORDS) or reports_others(part):
        return None
    hit = classify(part, rules, pattern)
    if hit is None and mode != "all":
        return None
    name, cue = hit if hit is not None else ("all", None)  # every sentence in "all" mode, claims with their cue
    content = trim(doc, part.start, part.end)
    if content[1] <= content[0]:
        return None
    speaker = (head, head + 1) if head is not None else None
    return Found(f"own-{name}", "own", content, speaker, cue, head)
