"""The speaker's own statements in a document in their own voice: pure ``match_own(doc, found)``.

A speech, testimony, debate turn, press release, op-ed or interview (any genre
but ``news``, or a document whose speaker is given) is its speaker's own text.
:func:`match_own` takes the attributions :func:`stancemap.nlp.attribution.match`
found and returns the document's statements with the speaker's own added, as
:class:`~stancemap.nlp.spans.Found` records of kind ``own`` (no speaker in the
Found means the document's speaker; :mod:`stancemap.nlp.convert` writes them):

1. **First person with a cue** (rule ``own-cue``): an attribution whose speaker
   is "I", "we", "us" or a phrase opening with "my"/"our" ("our members
   oppose ...") outside quotation marks is the speaker's, with its cue and
   content as found ("I believe that | the bill is flawed").
2. **Reported speech keeps its speaker**: "EIA estimates that ..." stays EIA's.
   The news-only passes that hand a first-person sentence to the previous
   speaker (``continuation``) or to a name line (``byline``) are dropped.
3. **Plain claims** (``own-<class>``): each sentence that no attribution
   covers is a claim when one of these holds, tried in this order (the words
   are data, ``nlp/data/own_voice.tsv``):

   - ``position``: a position-taking verb ("we support", "we urge", "I believe");
   - ``deontic``: obligation or need ("should", "must", "needs to", "it is essential");
   - ``predictive``: the future ("will", "won't");
   - ``evaluative``: a judging adjective or noun ("unfair", "costly", "a mistake");
   - ``issue``: a keyword of a codebook issue (when keywords are given).

   A sentence whose named subject governs a clause ("EIA projects that ...")
   is somebody else's words even when the cue lexicon misses the verb, and is
   never the speaker's claim.

   The word that fired is the cue (with a negation or auxiliary right before it).

Never a statement: questions, sentences of fewer than :data:`MIN_WORDS` words or
with no verb, headings in capitals, and procedural sentences (a ``procedural``
phrase: "Thank you, Mr. Chairman", "I yield back", "I appreciate the
opportunity", "My name is ..."); narrative with none of the above ("I joined the
Alliance in 1998") yields nothing.

Modes: ``claims`` (the default, as above), ``all`` (every sentence that is not
procedural, a question or a heading: the widest net) and ``none`` (no own-voice
statements; the document is read as news).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span

from stancemap.nlp.spans import Found, TokSpan, is_first_person, is_punct, is_space, quote_spans, sent_list, trim

__all__ = ["MODES", "OwnVoiceRules", "load_rules", "match_own", "classify", "is_first_person_speaker"]

#: Ways of selecting own-voice statements (see the module notes).
MODES: tuple[str, ...] = ("claims", "all", "none")
#: Fewest words (not punctuation) a plain claim has.
MIN_WORDS = 4
#: Attribution passes that assume news (a first-person sentence is somebody quoted).
NEWS_ONLY_RULES = frozenset({"continuation", "byline"})
CLASSES: tuple[str, ...] = ("position", "deontic", "predictive", "evaluative")
_POSSESSIVE = frozenset({"my", "our"})


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
    text = resources.files("stancemap.nlp").joinpath("data/own_voice.tsv").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    words: dict[str, set[str]] = {name: set() for name in CLASSES}
    procedural: list[str] = []
    for row in csv.DictReader(rows, delimiter="\t"):
        entry = row["entry"].strip().lower()
        if row["class"] == "procedural":
            procedural.append(entry)
        else:
            words[row["class"]].add(entry)
    return OwnVoiceRules({k: frozenset(v) for k, v in words.items()}, tuple(procedural))


def is_first_person_speaker(doc: Doc, speaker: TokSpan | None, head: int | None) -> bool:
    """"I", "we", "us", or a phrase opening with "my"/"our" ("our members")."""
    if speaker is None:
        return False
    first = doc[speaker[0]]
    if speaker[1] - speaker[0] == 1:
        return is_first_person(first)
    return first.text.lower() in _POSSESSIVE or (head is not None and is_first_person(doc[head])
                                                  and doc[head].text.lower() in ("i", "we"))


def _words(sent: Span) -> list:
    return [t for t in sent if not is_space(t) and not is_punct(t)]


def _procedural(text: str, rules: OwnVoiceRules) -> bool:
    low = " ".join(text.lower().replace("’", "'").split())
    return any(phrase in low for phrase in rules.procedural)


def _heading(words: list) -> bool:
    letters = [t for t in words if any(c.isalpha() for c in t.text) and len(t.text) > 1]
    return bool(letters) and sum(t.text.isupper() for t in letters) * 2 > len(letters)


def eligible(sent: Span, rules: OwnVoiceRules | None = None) -> bool:
    """Whether a sentence may be a statement at all: long enough, with a verb, not a question,
    heading or procedural sentence."""
    rules = rules or load_rules()
    words = _words(sent)
    if len(words) < MIN_WORDS or _heading(words):
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
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def classify(sent: Span, rules: OwnVoiceRules | None = None, keywords: re.Pattern[str] | None = None
             ) -> tuple[str, TokSpan | None] | None:
    """``(class, cue)`` of an eligible sentence that is a claim, else ``None`` (see the module notes).

    The sentence is assumed :func:`eligible`; ``cue`` is ``None`` for ``issue``.
    """
    rules = rules or load_rules()
    doc = sent.doc
    for name in CLASSES:
        lexicon = rules.words[name]
        for t in sent:
            lemma = (t.lemma_ or t.text).lower()
            low = t.text.lower()
            if name == "position":
                hit = t.pos_ == "VERB" and lemma in lexicon
            elif name == "deontic":
                hit = (low in lexicon and t.pos_ in ("AUX", "VERB")) or (
                    lemma == "need" and t.pos_ in ("VERB", "NOUN", "AUX")) or (
                    t.pos_ == "ADJ" and lemma in lexicon)
            elif name == "predictive":
                hit = low in lexicon and t.pos_ in ("AUX", "VERB")
            else:
                hit = (t.pos_ == "ADJ" and lemma in lexicon) or (t.pos_ == "NOUN" and lemma in lexicon)
            if hit:
                return name, _cue(doc, t.i)
    if keywords is not None and keywords.search(sent.text):
        return "issue", None
    return None


def _subject(sent: Span) -> int | None:
    """The first-person subject of the sentence's root, if it has one ("We support ...")."""
    root = sent.root
    for c in root.children:
        if c.dep_ in ("nsubj", "nsubjpass") and is_first_person(c):
            return c.i
    return None


_NAMED = ("ORG", "PERSON", "GPE", "NORP")


def reports_others(sent: Span) -> bool:
    """A sentence whose root has a named subject and a clause ("EIA projects that ..."): somebody
    else's words that the cue lexicon missed, never the speaker's own claim."""
    root = sent.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or is_first_person(subject):
        return False
    named = subject.pos_ == "PROPN" or subject.ent_type_ in _NAMED
    return named and any(c.dep_ == "ccomp" for c in root.children)


def match_own(doc: Doc, found: list[Found], *, mode: str = "claims", keywords: Iterable[str] = (),
              rules: OwnVoiceRules | None = None) -> list[Found]:
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

    Returns
    -------
    list of Found
        ``found`` with first-person attributions turned into kind ``own``, news-only
        passes dropped, and the plain claims added; in order of content start.

    Examples
    --------
    >>> from spacy.vocab import Vocab
    >>> doc = Doc(Vocab(), words=["This", "bill", "will", "cost", "jobs", "."],
    ...           heads=[1, 3, 3, 3, 3, 3], deps=["det", "nsubj", "aux", "ROOT", "dobj", "punct"],
    ...           pos=["DET", "NOUN", "AUX", "VERB", "NOUN", "PUNCT"],
    ...           lemmas=["this", "bill", "will", "cost", "job", "."])
    >>> [(f.rule, f.kind, f.content, f.cue) for f in match_own(doc, [])]
    [('own-predictive', 'own', (0, 5), (2, 3))]
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
    out, covered = _own_attributions(doc, found, sents, in_quote, rules)
    out += _own_claims(doc, sents, covered, in_quote, rules, _keyword_pattern(keywords), mode)
    return sorted(out, key=lambda f: (f.content[0], f.speaker or (0, 0)))


def _own_attributions(
    doc: Doc, found: list[Found], sents: list[Span], in_quote: bytearray, rules: OwnVoiceRules
) -> tuple[list[Found], bytearray]:
    """``found`` without news-only passes, first-person ones turned ``own``; and the tokens they cover.

    A first-person attribution in a procedural sentence ("I yield back") is dropped.
    """
    sent_at: dict[int, Span] = {t.i: s for s in sents for t in s}
    out: list[Found] = []
    covered = bytearray(len(doc) + 1)
    for f in found:
        if f.rule in NEWS_ONLY_RULES:
            continue
        spans = [f.content] + ([f.cue] if f.cue else [])
        for span in spans:
            for i in range(*span):
                covered[i] = 1
        if is_first_person_speaker(doc, f.speaker, f.speaker_head) and not in_quote[f.speaker[0]]:
            sent = sent_at.get(f.speaker[0])
            if sent is not None and _procedural(sent.text, rules):
                continue
            out.append(replace(f, kind="own", rule="own-cue"))
        else:
            out.append(f)
    return out, covered


def _own_claims(
    doc: Doc,
    sents: list[Span],
    covered: bytearray,
    in_quote: bytearray,
    rules: OwnVoiceRules,
    pattern: re.Pattern[str] | None,
    mode: str,
) -> list[Found]:
    """The plain claims: eligible sentences not covered by an attribution nor mostly quoted."""
    out: list[Found] = []
    for sent in sents:
        words = _words(sent)
        # more than half of the words in quotation marks: someone else's words
        if any(covered[t.i] for t in words) or sum(in_quote[t.i] for t in words) * 2 > len(words):
            continue
        if not eligible(sent, rules) or reports_others(sent):
            continue
        if mode == "all":
            name, cue = "all", None
        else:
            hit = classify(sent, rules, pattern)
            if hit is None:
                continue
            name, cue = hit
        content = trim(doc, sent.start, sent.end)
        if content[1] <= content[0]:
            continue
        head = _subject(sent)
        speaker = (head, head + 1) if head is not None else None
        out.append(Found(f"own-{name}", "own", content, speaker, cue, head))
    return out
