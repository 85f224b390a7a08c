"""Attribution rules for sources that no cue verb introduces, used by :mod:`stancemap.nlp.attribution`.

Each rule reads the same parse as the cue rules (no second parse) and returns a
:class:`~stancemap.nlp.spans.Found` or ``None``; nothing on the Doc is changed.

``colon``
    a line opening with a name and a colon: "Jane Doe: We will not back down". The
    name may be a one-word headline name the parser took for a common noun when the
    article names it elsewhere ("Doe: ..."), a source noun ("Poll: ..."), a name with
    an addressee or topic ("Doe to the union: ...", "Doe on taxes: ..."), or follow a
    dash ("TAX PLANS - More from Jane Doe: ..."); a colon that ends its sentence
    introduces the rest of the line.
``according``
    "according to X, ...", also when the parser gave "to" no object ("..., according to the F.A.A.").
``as``
    a speech verb in an "as" clause with no complement of its own: "As Kim put it,
    ...", "..., as the senator noted." (the content is the clause it modifies).
``poll``
    a singular poll or survey in an "in" phrase of a clause: "Kim leads with 40 percent
    in a new Acme poll" (the poll is the source, the clause its finding).
"""

from __future__ import annotations

import numpy
from spacy.attrs import ENT_TYPE, LOWER, POS
from spacy.parts_of_speech import PROPN
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from stancemap.nlp.lexicon import Cue
from stancemap.nlp.spans import Found, TokSpan, doc_text, is_punct, is_space, overlaps, subtree, trim
from stancemap.nlp.syntax import first_child, speaker_span

__all__ = ["COLON_WINDOW", "according_object", "according_rule", "as_rule", "colon_matches", "colon_rule", "poll_rule"]

#: A colon this many characters into a sentence at most can introduce its content ("Kim: ...").
COLON_WINDOW = 160
#: How many words into a sentence the colon may stand (a name after a dash comes late).
_COLON_WORDS = 24
#: Longest name before a colon, in tokens.
_NAME_WORDS = 5
#: Nouns that name a source by what it is ("Poll: ...", "From the report: ...").
SOURCE_NOUNS = frozenset({"poll", "survey", "study", "report", "newspaper", "memo", "analysis"})
#: Prepositions between a headline name and its colon: "Kim to voters: ...", "Kim on taxes: ...".
_NAME_PREPS = frozenset({"to", "on", "at", "about"})
#: Words that open a dash-introduced name: "- More from Kim: ...", "- From the report: ...".
_FROM_WORDS = frozenset({"more", "from"})
_DASHES = frozenset({"-", "–", "—", "--"})
_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: Verbs that report a clause from an "as" clause ("as Kim noted"); not "as Kim spoke" (a time).
AS_VERBS = frozenset({
    "say", "note", "write", "report", "observe", "point", "explain", "argue", "suggest", "predict", "claim",
    "add", "acknowledge", "mention", "warn", "recall", "remind", "state", "reveal", "conclude", "tell",
    "describe", "indicate", "show", "find", "put", "insist", "concede", "admit", "announce",
})
#: Nouns whose "in" phrase makes them a source ("in a new poll").
POLL_NOUNS = frozenset({"poll", "survey"})


# --------------------------------------------------------------------------- colon


def doc_names(doc: Doc) -> frozenset[int]:
    """Lower-case ids of the words the article uses as names (proper nouns or name entities)."""
    arr = doc.to_array([POS, ENT_TYPE, LOWER])
    ents = numpy.array([get_string_id(e) for e in _NAME_ENTS], dtype=arr.dtype)
    keep = (arr[:, 0] == PROPN) | numpy.isin(arr[:, 1], ents)
    return frozenset(arr[keep, 2].tolist())


def _name_word(tok: Token, names: frozenset[int]) -> bool:
    """A word that makes a colon's opening a name: a proper noun, name entity, pronoun, or known name."""
    if tok.pos_ == "PROPN" or tok.ent_type_ in _NAME_ENTS or tok.text.lower() in ("he", "she", "they"):
        return True
    if tok.pos_ == "NOUN" and (tok.is_title or tok.is_upper) and tok.lower in names:
        return True  # "Doe: ..." parsed as a noun, but the article names Doe elsewhere
    return tok.lemma_.lower() in SOURCE_NOUNS and (tok.is_title or tok.i > 0 and tok.nbor(-1).lower_ == "the")


def _name_tokens(toks: list[Token], colon_k: int) -> list[Token]:
    """The words that may name the speaker of a colon at ``toks[colon_k]``: from the line start or a dash."""
    start = 0
    for k in range(colon_k - 1, 0, -1):
        if toks[k].text in _DASHES:
            start = k + 1
            break
    while start < colon_k and toks[start].lower_ in _FROM_WORDS:
        start += 1  # "More from Kim:", "From the report:"
    name = toks[start:colon_k]
    if start == 0 and len(name) > 1:  # "Kim to voters:", "Kim on taxes:"
        cut = next((k for k, t in enumerate(name) if k and t.pos_ == "ADP" and t.lower_ in _NAME_PREPS), None)
        if cut is not None:
            name = name[:cut]
    return name


def _name_list(span: Span) -> bool:
    """Whether ``span`` is a list of names ("Iowa: Tim Lee, Ann Roe, ..."), not a statement."""
    names = sum(t.pos_ == "PROPN" for t in span)
    return names * 10 >= len(span) * 6 and any(t.text == "," for t in span)


def colon_rule(doc: Doc, sent: Span, names: frozenset[int], paras: list[int] | None = None) -> Found | None:
    """'Jane Doe: we will not back down' -- a name, a colon, and the rest of the sentence (or line)."""
    toks = [t for t in sent if not is_space(t)]
    colon_k = next((k for k, t in enumerate(toks[:_COLON_WORDS]) if t.text == ":"), None)
    if not colon_k:
        return None
    name = _name_tokens(toks, colon_k)
    if not name or len(name) > _NAME_WORDS or not all(
            t.pos_ in ("PROPN", "NOUN", "PRON", "DET", "ADJ", "PART", "CCONJ") or t.text in "-'’" for t in name):
        return None
    if len(name) == 1 and len(name[0].text) == 1 or not _name_word(name[-1], names):
        return None  # "Q:", "The goal:", "Russian blessing:"
    colon = toks[colon_k]
    end = toks[-1].i + 1
    if colon_k == len(toks) - 1 and paras is not None:  # "Kim:" alone in its sentence: the rest of the line
        while end < len(doc) and paras[end] == paras[colon.i]:
            end += 1
    content = trim(doc, colon.i + 1, end)
    if content[1] - content[0] < 3 or _name_list(doc[content[0] : content[1]]):
        return None
    span = doc[name[0].i : name[-1].i + 1]
    return Found("colon", "direct", content, (span.start, span.end), (colon.i, colon.i + 1), span.root.i)


def colon_matches(doc: Doc, sents: list[Span], found: list[Found], paras: list[int] | None = None) -> list[Found]:
    """Colon-introduced statements ("Kim: we will win") whose content overlaps none found so far."""
    text = doc_text(doc)
    added: list[Found] = []
    names: frozenset[int] | None = None
    for sent in sents:
        if ":" not in text[sent.start_char : min(sent.end_char, sent.start_char + COLON_WINDOW)]:
            continue  # the colon rule wants a colon among the first words
        if names is None:
            names = doc_names(doc)
        f = colon_rule(doc, sent, names, paras)
        if f is not None and not any(overlaps(f.content, g.content) for g in [*found, *added]):
            added.append(f)
    return added


# --------------------------------------------------------------------------- according, as, poll


def according_rule(doc: Doc, tok: Token) -> Found | None:
    """'According to X, ...': X is the source of the longer side of the sentence."""
    if tok.text.lower() != "according":
        return None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is None or nxt.text.lower() != "to":
        return None
    pobj = first_child(nxt, ("pobj",)) or first_child(tok, ("pobj",)) or according_object(doc, nxt)
    if pobj is None:
        return None
    phrase = (tok.i, max(pobj.right_edge.i, nxt.i) + 1)
    sent = tok.sent
    before = trim(doc, sent.start, phrase[0])
    after = trim(doc, phrase[1], sent.end)
    content = after if (after[1] - after[0]) >= (before[1] - before[0]) else before
    if content[1] - content[0] < 2:
        return None
    span, name_head = speaker_span(doc, pobj)
    while span[1] - span[0] > 1 and is_space(doc[span[1] - 1]):
        span = (span[0], span[1] - 1)  # an entity that ran into the paragraph break
    return Found("according", "indirect", content, span, (tok.i, nxt.i + 1), name_head)


def according_object(doc: Doc, to: Token) -> Token | None:
    """The source after "according to" when the parser gave "to" no object: the last noun of the phrase.

    A sentence-final abbreviation ("according to the F.A.A.") often loses its attachment.
    """
    head = None
    for t in doc[to.i + 1 : min(to.i + 8, len(doc))]:
        if t.pos_ not in ("DET", "PRON", "PROPN", "NOUN", "ADJ", "PART", "NUM") or is_space(t):
            break
        if t.pos_ in ("PROPN", "NOUN"):
            head = t
    return head




def _host_content(doc: Doc, host: Token, inner: TokSpan) -> TokSpan | None:
    """The clause of ``host`` without the phrase ``inner``: the longer side of it."""
    start, end = subtree(host)
    sent = host.sent
    start, end = max(start, sent.start), min(end, sent.end)
    before = trim(doc, start, inner[0])
    after = trim(doc, inner[1], end)
    content = after if (after[1] - after[0]) >= (before[1] - before[0]) else before
    return content if content[1] - content[0] >= 2 else None


def as_rule(doc: Doc, tok: Token, cue: Cue | None) -> Found | None:
    """'As Kim put it, ...' / '..., as Kim noted': an "as" clause whose speech verb reports its host clause.

    ``cue`` is the verb's lexicon entry (a speech cue), or None for "put it".
    """
    if tok.dep_ != "advcl" or tok.head is tok or tok.lemma_.lower() not in AS_VERBS:
        return None
    mark = next((c for c in tok.children if c.dep_ == "mark" and c.lower_ == "as" and c.i < tok.i), None)
    subj = first_child(tok, ("nsubj",))
    if mark is None or subj is None or subj.i < mark.i or subj.lower_ in ("they", "you", "one"):
        return None  # not "as they say"
    objects = [c for c in tok.children if c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp") and c.i > tok.i]
    if cue is None:
        if len(objects) != 1 or objects[0].lower_ != "it" or objects[0].dep_ != "dobj":
            return None  # "as Kim put it", not "as Kim put the case"
        last = objects[0].i
    elif cue.kind != "speech" or objects:
        return None
    else:
        last = tok.i
    inner = (mark.i, tok.right_edge.i + 1)
    content = _host_content(doc, tok.head, inner)
    if content is None or overlaps(content, inner):
        return None
    span, name_head = speaker_span(doc, subj)
    return Found("as", "indirect", content, span, (tok.i, last + 1), name_head)


def poll_rule(doc: Doc, tok: Token) -> Found | None:
    """'... in a new Acme poll' / 'In the Acme survey, ...': a singular poll the host clause reports on."""
    prep = tok.head
    if tok.dep_ != "pobj" or tok.tag_ != "NN" or prep.lower_ != "in" or prep.dep_ != "prep":
        return None
    host = prep.head
    for _ in range(3):  # "Kim had 38 percent support in a new poll", "leads with 31 percent in ..."
        if host.pos_ not in ("NOUN", "NUM", "ADP") or host.dep_ not in ("dobj", "attr", "pobj", "prep"):
            break
        host = host.head
    if host.pos_ not in ("VERB", "AUX") or not any(c.dep_ in ("nsubj", "nsubjpass") for c in host.children):
        return None
    if not any(c.dep_ in ("det", "compound", "amod", "poss", "nummod") for c in tok.children):
        return None
    inner = (prep.i, tok.right_edge.i + 1)
    content = _host_content(doc, host, inner)
    if content is None or any(is_punct(doc[i]) and doc[i].text in ":;" for i in range(*content)):
        return None
    span, name_head = speaker_span(doc, tok)
    span = (span[0], max(span[1], tok.i + 1))
    return Found("poll", "indirect", content, span, (prep.i, prep.i + 1), name_head)
