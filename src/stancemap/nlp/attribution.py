"""Finding attributions in a parsed Doc: pure ``match(doc) -> list[Found]``.

Each rule reads the dependency parse, the entities and the cue lexicon
(``nlp/data/cues.tsv``) and returns :class:`Found` records of token-index spans;
nothing on the Doc is changed. :mod:`stancemap.nlp.convert` is the only place
where a Found becomes a :class:`~stancemap.models.Statement`.

The rules (their names are the ``rule`` field, and key the confidence priors in
``nlp/data/rules.tsv``):

``ccomp``
    cue verb + complement clause: "X said/noted/warned that ...".
``postposed``
    complement clause before the cue: "..., said X" / "..., X said".
``parataxis``
    a cue set inside the clause it reports: "The plan, she said, is dead." (the
    content is the whole clause, cue included, since a Statement has one content span).
``quote``
    a cue verb beside a quotation with no clause of its own: 'He added: "..."'.
``xcomp``
    intentions with a to-infinitive: "X wants/plans/vowed to ...".
``object``
    speech acts and attitudes on an object: "X criticised the plan", "X supports Y".
``prep``
    cue verbs with a prepositional object: "X called for ...", "X insisted on ...".
``adjective``
    adjectival attitudes: "X have been wary of ...", "X is confident that ...".
``noun``
    nominal cues: "X intensified its appeal to ...", "X's call for ...".
``passive``
    a passive cue with no agent and a complement: "She is expected to ...", "It was
    announced that ...", "Asked about ..., ...": a statement with no speaker (PolNeAR
    marks such attributions without a source). Any rule's statement whose speaker is
    a pleonastic "it" ("It seems that ...", "it's hard to say ...") has none either
    (:mod:`stancemap.nlp.pleonastic`).

In :mod:`stancemap.nlp.attribution_sources`: ``according`` ("according to X, ..."), ``colon`` (a line opening
with a name and a colon: "Jane Doe: We will not back down"), ``as`` ("As Kim put it, ...") and ``poll`` (a poll
in an "in" phrase as the source of its clause: "Kim leads in a new Acme poll"). In :mod:`stancemap.nlp.unmarked`,
run only on a Doc with no quotation marks at all (lost in scraping): ``unmarked`` (first-person sentences before a
postposed cue: "I believe ..., said the Secretary General"), ``byline`` (a verbless name line after first-person
sentences: "I'm sure .... Jane Doe The head of ...") and ``continuation`` (a first-person sentence right after a
statement of the same speaker; a quotation with no cue of its own in the same paragraph extends the previous
quoted statement instead). Shared token-span helpers and the :class:`Found` record are in
:mod:`stancemap.nlp.spans`, the dependency-tree helpers the rules share in :mod:`stancemap.nlp.syntax`.

Nested attributions are dropped: one whose cue lies inside another statement's
content ("Warren said Trump wants ..." yields Warren's statement only; "I think"
inside a quotation is the quoted speaker's own hedge). On PolNeAR train this
raised relation precision from 0.75 to 0.82 for a loss of 0.01 recall.
"""

from __future__ import annotations

from dataclasses import replace

import numpy
from spacy.attrs import LEMMA, ORTH, POS, SENT_START
from spacy.parts_of_speech import ADJ, NOUN, VERB
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from stancemap.nlp.attribution_sources import POLL_NOUNS, according_rule, as_rule, colon_matches, poll_rule
from stancemap.nlp.lexicon import RELATIVE, Cue, Lexicon, load_lexicon
from stancemap.nlp.pleonastic import without_pleonastic
from stancemap.nlp.relatives import gap_antecedent
from stancemap.nlp.spans import (
    Found,
    TokSpan,
)
from stancemap.nlp.spans import (
    is_first_person as _is_first_person,
)
from stancemap.nlp.spans import (
    is_punct as _is_punct,
)
from stancemap.nlp.spans import (
    is_space as _is_space,
)
from stancemap.nlp.spans import (
    overlaps as _overlaps,
)
from stancemap.nlp.spans import (
    paragraphs as _paragraphs,
)
from stancemap.nlp.spans import (
    quote_spans as _quote_spans,
)
from stancemap.nlp.spans import (
    subtree as _subtree,
)
from stancemap.nlp.spans import (
    trim as _trim,
)
from stancemap.nlp.syntax import clause as _clause
from stancemap.nlp.syntax import compares, speaker_span
from stancemap.nlp.syntax import cue_span as _cue_span
from stancemap.nlp.syntax import first_child as _first_child
from stancemap.nlp.syntax import is_passive as _is_passive
from stancemap.nlp.syntax import is_question as _is_question
from stancemap.nlp.syntax import object_content as _object_content
from stancemap.nlp.syntax import prep_object as _prep_object
from stancemap.nlp.syntax import subject as _subject
from stancemap.nlp.syntax import wh_marked as _wh_marked
from stancemap.nlp.unmarked import unmarked_speech

__all__ = ["Found", "match", "speaker_span"]

#: entity labels that never speak ("Saturday said ..." is a misparse)
_NOT_SPEAKERS = {"DATE", "TIME", "ORDINAL", "MONEY", "QUANTITY"}
#: parts of speech (spaCy ids) a cue word may have, and their lexicon names
_CUE_POS = {VERB: "VERB", ADJ: "ADJ", NOUN: "NOUN"}


# --------------------------------------------------------------------------- rules


def _verb_rules(
    doc: Doc, tok: Token, cue: Cue, quotes: list[TokSpan], in_quote: list[int], sent: Span | None = None
) -> Found | None:
    if tok.dep_ in ("amod", "compound") or (tok.tag_ == "VBN" and tok.dep_ in ("acl",)):
        return None  # "the said treaty", "the report released on Monday"
    sent = sent if sent is not None else tok.sent
    if _is_question(tok, in_quote, sent):
        return None
    content, rule, last = _verb_content(doc, tok, cue, quotes, in_quote, sent)
    if content is None:
        return None
    return _verb_found(doc, tok, cue, content, rule, last)


def _verb_content(
    doc: Doc, tok: Token, cue: Cue, quotes: list[TokSpan], in_quote: list[int], sent: Span
) -> tuple[TokSpan | None, str, Token | None]:
    """What the cue verb ``tok`` reports, by the first rule its frames allow: ``(content, rule, last cue token)``."""
    frames = cue.frames
    content: TokSpan | None = None
    rule = ""
    last = None
    ccomp = _first_child(tok, ("ccomp",))
    if ccomp is not None and ccomp.i < tok.i:
        after = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
        if _adverbial(ccomp, after):
            ccomp = after  # "After the vote ended, Kim said ...": a time clause misread as the complement
    xcomp = _first_child(tok, ("xcomp",))
    if ccomp is None and xcomp is not None and (_wh_marked(xcomp) or _clause_like(xcomp, tok)):
        ccomp = xcomp  # "discussing whether to allow ...", "admits the plan didn't work"
    if ccomp is not None and "C" in frames:
        content = _clause(ccomp) if ccomp.i > tok.i else _subtree(ccomp)
        rule = "postposed" if ccomp.i < tok.i else "ccomp"
    if content is None and "X" in frames:
        x = xcomp
        if (x is not None and x.i > tok.i and not _wh_marked(x)
                and any(c.dep_ == "aux" and c.text.lower() == "to" for c in x.children)):
            content, rule = _subtree(x), "xcomp"
    if content is None and "O" in frames and xcomp is not None and xcomp.tag_ == "VBG" and xcomp.i > tok.i:
        content, rule = _subtree(xcomp), "object"  # "discussing allowing ..."
    if content is None and cue.preps():
        po = _prep_object(tok, cue)
        if po is not None:
            content, rule, last = _subtree(po[1]), "prep", po[0]
    if content is None and "O" in frames:
        oc = _object_content(tok)
        if oc is not None:
            content, rule = oc, "object"
    if content is None and ("Q" in frames or "C" in frames) and tok.dep_ == "parataxis" and in_quote[tok.i] < 0:
        content, rule = _subtree(tok.head), "parataxis"  # "The plan, she said, is dead."
    if content is None and "Q" in frames and not any(
        c.dep_ in ("xcomp", "ccomp", "attr", "acomp") and c.i > tok.i for c in tok.children
    ):
        q = _adjacent_quote(doc, tok, quotes, sent)
        if q is not None:
            content, rule = q, "quote"
    return content, rule, last


#: Conjunctions that open an adverbial clause, never a reported one.
_ADVERBIAL_MARKS = frozenset({"after", "before", "when", "while", "because", "since", "although", "though",
                              "until", "once", "unless"})


def _adverbial(clause: Token, other: Token | None) -> bool:
    """Whether ``clause`` opens with a time or reason conjunction ("after the vote ended"), or its first word is one
    and ``other`` complements the verb ("When Clinton noted that ... \u2014 Trump boasted, 'That makes me smart.'")."""
    return any(c.dep_ == "mark" and c.lower_ in _ADVERBIAL_MARKS for c in clause.children) or (
        other is not None and clause.left_edge.lower_ in _ADVERBIAL_MARKS)


def _clause_like(xcomp: Token, tok: Token) -> bool:
    """An "xcomp" with its own subject and no "to": a finite clause the parser misread ("admits X didn't work")."""
    if xcomp.i < tok.i or any(c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children):
        return False
    return any(t.dep_ in ("nsubj", "nsubjpass") for t in xcomp.doc[xcomp.left_edge.i : xcomp.i])


def _past_dateline(tok: Token, subj: Token | None) -> Token | None:
    """The subject after a dateline the parser took for one: "WASHINGTON (AP) — Kim said ..." gives Kim."""
    if subj is None or not subj.is_upper or len(subj.text) < 3:
        return subj
    later = [c for c in tok.children if c.dep_ == "nsubj" and c.i > subj.i]
    return later[0] if later else subj


def _verb_found(doc: Doc, tok: Token, cue: Cue, content: TokSpan, rule: str, last: Token | None) -> Found | None:
    """The statement of cue verb ``tok`` with ``content``: its speaker (the subject) or a passive one."""
    subj = _past_dateline(tok, _subject(tok))
    if subj is None and rule in ("ccomp", "xcomp", "prep", "object") and _is_passive(tok):
        # "She is expected to ...", "It was announced that ...", "Asked about ..., Rubio said":
        # an attribution whose source the sentence does not name
        content = _trim(doc, *content)
        if content[1] <= content[0] or tok.i in range(*content):
            return None
        return Found("passive", "attitude" if cue.kind == "attitude" else "indirect", content, None,
                     _cue_span(doc, tok, last), None)
    if subj is None or subj.ent_type_ in _NOT_SPEAKERS:
        return None
    if (tok.i in range(*content) or subj.i in range(*content)) and rule not in ("parataxis", "ccomp", "postposed"):
        return None
    if tok.i in range(*content):
        rule = "parataxis"  # the cue stands inside the clause it reports
    antecedent = gap_antecedent(tok, subj)
    if antecedent is not None and antecedent < content[0]:
        # "the target it pledged to reach", "a step they believe could help": what is reported
        # includes the noun the relative clause leaves out
        content, rule = (antecedent, content[1]), "relative"
    content = _trim(doc, *content)
    if content[1] <= content[0]:
        return None
    kind = "attitude" if cue.kind == "attitude" else "indirect"
    span, name_head = speaker_span(doc, subj)
    if subj.text.lower() in RELATIVE and tok.dep_ == "relcl":
        # "Barkley, who said ...": the mention is "who" (as PolNeAR marks it more often than
        # not); the name and type come from the noun it modifies
        span, name_head = (subj.i, subj.i + 1), speaker_span(doc, tok.head)[1]
    return Found(rule, kind, content, span, _cue_span(doc, tok, last), name_head)


def _adjacent_quote(doc: Doc, tok: Token, quotes: list[TokSpan], sent: Span | None = None) -> TokSpan | None:
    """A quotation beside the cue verb: in its sentence, or right across a sentence boundary.

    The parser often splits '"Is that all?" Trump said.' or 'Lee said, "We ...' at
    the quotation, so a quotation ending just before the cue's sentence (when the
    cue opens it) or starting just after it (when the cue closes it) counts too.
    """
    sent = sent if sent is not None else tok.sent
    best = None
    words = [t for t in sent if not _is_space(t)]
    for qs, qe in quotes:
        if qe - qs < 3 or qs <= tok.i < qe:
            continue
        if sent.start <= qs < sent.end or sent.start < qe <= sent.end:
            if qe <= tok.i:  # quotation before the cue: only the subject and punctuation between
                gap = [t for t in doc[qe : tok.i] if not _is_punct(t) and not _is_space(t)]
                dist = len(gap)
            else:  # quotation after the cue: "said:", "said, ", "told reporters"
                gap = [t for t in doc[tok.i + 1 : qs] if not _is_punct(t) and not _is_space(t)]
                dist = len(gap)
            if dist <= 6 and (best is None or dist < best[0]):
                best = (dist, (qs, qe))
    if best:
        return best[1]
    if not words:
        return None
    after = [t for t in words if t.i > tok.i]
    before = [t for t in words if t.i < tok.i]
    for qs, qe in quotes:
        if qe - qs < 3:
            continue
        if (0 <= qs - sent.end <= 2 and all(_is_space(t) for t in doc[sent.end : qs])
                and all(_is_punct(t) for t in after)):
            return qs, qe
        if 0 <= sent.start - qe <= 2 and all(_is_space(t) for t in doc[qe : sent.start]) and len(before) <= 4:
            return qs, qe
    return None


def _adjective_rule(doc: Doc, tok: Token, cue: Cue) -> Found | None:
    if tok.dep_ not in ("acomp",) :
        return None
    subj = _subject(tok.head)
    if subj is None:
        return None
    content = None
    last = tok
    po = _prep_object(tok, cue)
    if po is not None:
        content, last = _subtree(po[1]), po[0]
    elif "C" in cue.frames and (c := _first_child(tok, ("ccomp",))) is not None:
        content = _subtree(c)
    elif "X" in cue.frames and (x := _first_child(tok, ("xcomp",))) is not None:
        content = _subtree(x)
    if content is None:
        return None
    content = _trim(doc, *content)
    if content[1] <= content[0]:
        return None
    cue_start = tok.i
    for c in tok.head.children:
        if c.i < tok.i and c.dep_ in ("aux", "neg") and c.i >= subj.i:
            cue_start = min(cue_start, c.i)
    if tok.head.i < cue_start and tok.head.i > subj.i:
        cue_start = tok.head.i
    span, name_head = speaker_span(doc, subj)
    return Found("adjective", "attitude", content, span, (cue_start, last.i + 1), name_head)


def _noun_rule(doc: Doc, tok: Token, cue: Cue) -> Found | None:
    speaker = None
    cue_start = tok.i
    if tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
        speaker = _subject(tok.head)
        cue_start = tok.head.i
    if speaker is None:
        poss = _first_child(tok, ("poss",))
        if poss is not None:
            speaker = poss
            cue_start = tok.i
    if speaker is None:
        return None
    content = None
    po = _prep_object(tok, cue)
    if po is not None:
        content = (po[0].i, po[1].right_edge.i + 1)
        # "its appeal to NATO to obtain ...": the purpose clause hangs on the verb
        nxt = content[1]
        if tok.dep_ == "dobj":
            for c in tok.head.children:
                if c.dep_ in ("advcl", "xcomp") and c.left_edge.i == nxt and c.left_edge.text.lower() == "to":
                    content = (content[0], c.right_edge.i + 1)
    elif "X" in cue.frames and (x := _first_child(tok, ("acl", "relcl"))) is not None and any(
        c.dep_ == "aux" and c.text.lower() == "to" for c in x.children
    ):
        content = _subtree(x)
    elif "C" in cue.frames and (clause := _first_child(tok, ("acl", "ccomp"))) is not None and any(
        k.dep_ == "mark" and k.text.lower() == "that" for k in clause.children
    ):
        content = _subtree(clause)
    if content is None or speaker.i in range(*content):
        return None
    content = _trim(doc, *content)
    if content[1] <= content[0]:
        return None
    span, name_head = speaker_span(doc, speaker)
    kind = "attitude" if cue.kind == "attitude" else "indirect"
    return Found("noun", kind, content, span, (cue_start, tok.i + 1), name_head)


# --------------------------------------------------------------------------- passes over found


def _expand_to_quotes(found: Found, quotes: list[TokSpan], paras: list[int]) -> Found:
    start, end = found.content
    touched = [q for q in quotes if _overlaps(q, (start, end))]
    if not touched:
        return found
    qstart = min(q[0] for q in touched)
    qend = max(q[1] for q in touched)
    new = (min(start, qstart), max(end, qend))
    if found.cue and _overlaps(new, found.cue) and not _overlaps(found.content, found.cue):
        return found
    if found.speaker and _overlaps(new, found.speaker):
        return found
    whole = any(q[0] <= start and end <= q[1] for q in touched)
    kind = found.kind
    if found.kind != "attitude":
        kind = "direct" if whole or (new == (qstart, qend)) else "mixed"
    return replace(found, content=new, kind=kind)


def _quote_continuations(doc: Doc, found: list[Found], quotes: list[TokSpan], paras: list[int]) -> list[Found]:
    """Quotations with no cue of their own continue the nearest earlier quoted statement."""
    found = sorted(found, key=lambda f: f.content[0])
    for qs, qe in quotes:
        if qe - qs < 4 or any(_overlaps((qs, qe), f.content) for f in found):
            continue
        if any(f.cue and _overlaps((qs, qe), f.cue) for f in found):
            continue
        before = [f for f in found if f.content[1] <= qs and f.kind in ("direct", "mixed") and f.speaker]
        if not before:
            continue
        f = before[-1]
        gap = range(f.content[1], qs)
        if any(other.content[0] in gap or (other.cue and other.cue[0] in gap and other is not f) for other in found):
            continue
        if paras[f.content[0]] == paras[qs]:
            idx = found.index(f)
            found[idx] = replace(f, content=(f.content[0], qe))
    return found


def _split_coordination(doc: Doc, found: list[Found]) -> list[Found]:
    out = []
    for f in found:
        if f.speaker_head is None:
            out.append(f)
            continue
        head = doc[f.speaker_head]
        conjs = [c for c in head.conjuncts if c.pos_ in ("PROPN", "NOUN") and c.i > head.i
                 and not _apposed_description(doc, head, c) and not _one_described(head, c)]
        if not conjs or f.speaker is None or not (f.speaker[0] <= head.i < f.speaker[1]):
            out.append(f)
            continue
        first_end = min(c.i for c in head.children if c.dep_ in ("cc", "conj", "punct") and c.i > head.i) if any(
            c.dep_ in ("cc", "conj", "punct") and c.i > head.i for c in head.children
        ) else f.speaker[1]
        out.append(replace(f, speaker=(f.speaker[0], min(f.speaker[1], first_end))))
        for c in conjs:
            span, name_head = speaker_span(doc, c)
            out.append(replace(f, speaker=span, speaker_head=name_head))
    return out


def _apposed_description(doc: Doc, head: Token, conj: Token) -> bool:
    """Whether ``conj`` describes the name ``head`` after a comma rather than naming another speaker
    ("China, Pyongyang's only ally and its economic lifeline, said ...": one speaker, not three)."""
    if head.pos_ != "PROPN" or conj.pos_ != "NOUN" or head.i + 3 >= len(doc) or doc[head.i + 1].text != ",":
        return False
    first = doc[head.i + 2]
    return first.dep_ in ("poss", "det") or first.tag_ in ("PRP$", "DT") or doc[first.i + 1].tag_ == "POS"


def _one_described(head: Token, conj: Token) -> bool:
    """Whether ``head`` and ``conj`` are two descriptions of one person under one determiner ("The former first
    lady and U.S. senator said ...", "the president and chief executive"), not two speakers ("the mayor and the
    governor", "the mayor and council members")."""
    return (head.tag_ == "NN" and conj.tag_ == "NN" and any(c.dep_ == "det" for c in head.children)
            and not any(c.dep_ in ("det", "poss") for c in conj.children))


def _drop_nested(doc: Doc, found: list[Found], in_quote: list[int]) -> list[Found]:
    out = []
    for f in found:
        if f.cue and in_quote[f.cue[0]] >= 0 and any(
            g is not f and g.content[0] <= f.cue[0] < g.content[1] and g.cue and in_quote[g.cue[0]] < 0 for g in found
        ):
            continue  # an attribution quoted inside another speaker's quotation
        if f.cue and any(
            g is not f and g.content[0] <= f.cue[0] < g.content[1] and g.kind != "attitude" and g.cue for g in found
        ):
            continue  # an attribution reported inside someone's statement
        if f.speaker_head is not None and (_is_first_person(doc[f.speaker_head])
                                           or doc[f.speaker_head].text.lower() == "you"):
            nested = in_quote[f.speaker_head] >= 0 or any(
                g is not f and g.content[0] <= f.speaker_head < g.content[1] for g in found
            )
            if nested:
                continue
        out.append(f)
    return out


def match(doc: Doc, lexicon: Lexicon | None = None) -> list[Found]:
    """Find the attributions in ``doc``; pure (the Doc is not changed).

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A parsed Doc (dependency labels, parts of speech, lemmas; entities help typing).
    lexicon : Lexicon, optional
        The cue lexicon; the bundled ``cues.tsv`` by default.

    Returns
    -------
    list of Found
        In order of content start; one per speaker for coordinated speakers.

    Examples
    --------
    >>> from spacy.vocab import Vocab
    >>> words = ["Kim", "said", "that", "it", "rains", "."]
    >>> doc = Doc(Vocab(), words=words, heads=[1, 1, 4, 4, 1, 1],
    ...           deps=["nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct"],
    ...           pos=["PROPN", "VERB", "SCONJ", "PRON", "VERB", "PUNCT"],
    ...           lemmas=["Kim", "say", "that", "it", "rain", "."])
    >>> [(f.rule, f.speaker, f.cue, f.content) for f in match(doc)]
    [('ccomp', (0, 1), (1, 2), (3, 5))]
    """
    lex = lexicon or load_lexicon()
    if not len(doc) or not doc.has_annotation("DEP"):
        return []  # nothing to read without a dependency parse
    paras = _paragraphs(doc)
    quotes = _quote_spans(doc)
    in_quote = [-1] * len(doc)
    for n, (qs, qe) in enumerate(quotes):
        for i in range(qs, qe):
            in_quote[i] = n
    sents = list(doc.sents)
    found = _cue_matches(doc, lex, quotes, in_quote, sents)
    found += colon_matches(doc, sents, found, paras)
    found = [_expand_to_quotes(f, quotes, paras) for f in found]
    found = _quote_continuations(doc, found, quotes, paras)
    if not quotes:  # quotation marks lost (scraped text): look for unmarked direct speech
        found = unmarked_speech(doc, found, paras)
    found = _split_coordination(doc, found)
    found = without_pleonastic(doc, found, lex)  # "It seems that ...": a statement with no speaker
    found = _drop_nested(doc, found, in_quote)
    return _dedupe(found)


_ACCORDING = ("according", "According", "ACCORDING")
_PUT = get_string_id("put")


def _cue_matches(
    doc: Doc, lex: Lexicon, quotes: list[TokSpan], in_quote: list[int], sents: list[Span]
) -> list[Found]:
    """The attributions found from each cue token (verb, adjective, noun, or "according to")."""
    sent_of = numpy.cumsum(doc.to_array(SENT_START) == 1).tolist()  # 1-based sentence number per token
    according = {get_string_id(w) for w in _ACCORDING}
    polls = {get_string_id(w) for w in POLL_NOUNS}
    found: list[Found] = []
    for i, (pos, lemma, orth) in enumerate(doc.to_array([POS, LEMMA, ORTH]).tolist()):
        f = None
        if orth in according:
            f = according_rule(doc, doc[i])
        elif pos in _CUE_POS and (cue := lex.get_id(lemma, _CUE_POS[pos], doc.vocab.strings)) is not None:
            tok = doc[i]
            if pos == VERB:
                if compares(tok):
                    continue  # "as rich as he claims to be": the claim is left out
                f = _verb_rules(doc, tok, cue, quotes, in_quote, sents[max(sent_of[i] - 1, 0)])
                f = f or as_rule(doc, tok, cue)  # "..., as Kim noted."
            elif pos == ADJ:
                f = _adjective_rule(doc, tok, cue)
            else:
                f = _noun_rule(doc, tok, cue)
            if f is None and pos == NOUN and lemma in polls:
                f = poll_rule(doc, tok)
        elif pos == VERB and lemma == _PUT:
            f = as_rule(doc, doc[i], None)  # "as Kim put it"
        elif pos == NOUN and lemma in polls:
            f = poll_rule(doc, doc[i])
        if f is not None:
            found.append(f)
    return found


def _dedupe(found: list[Found]) -> list[Found]:
    """One Found, the longest, per speaker and content or cue; cues sharing a token are one act."""
    kept: list[Found] = []
    taken: set[tuple] = set()  # (speaker, content), (speaker, "cue", token) kept: linear in a long text
    for f in sorted(found, key=lambda f: f.content[0] - f.content[1]):  # longest content first
        cue = [(f.speaker, "cue", i) for i in range(*f.cue)] if f.cue else []
        if (f.speaker, f.content) in taken or any(t in taken for t in cue):
            continue
        kept.append(f)
        taken.update([(f.speaker, f.content), *cue])
    return sorted(kept, key=lambda f: (f.content[0], f.speaker or (0, 0)))
