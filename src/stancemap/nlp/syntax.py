"""Dependency-tree helpers the attribution rules share (:mod:`stancemap.nlp.attribution`).

Each reads a parsed Doc's heads, labels, tags and entity tags and returns tokens or
token-index spans ``[start, end)``; none changes the Doc.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from stancemap.nlp.lexicon import Cue
from stancemap.nlp.spans import TokSpan, is_punct, is_space, subtree

__all__ = [
    "clause", "compares", "cue_span", "entity_bounds", "first_child", "is_passive", "is_question", "object_content",
    "prep_object", "speaker_span", "subject", "wh_marked",
]

#: Dependency labels of a verb's speaker.
SUBJECTS = ("nsubj",)
#: Dependents left of a noun that belong to its mention ("the EU defence ministers").
NP_LEFT = {"det", "compound", "amod", "poss", "nummod", "quantmod", "nmod", "predet", "case"}
#: Tags of a question's first word ("Will ...?", "Why ...?").
WH_OR_AUX_TAGS = {"MD", "WP", "WRB", "WDT", "VBZ", "VBD", "VBP"}
#: Words that open an embedded question ("asked whether ...", "said how ..."), not a reported statement.
WH_WORDS = ("whether", "if", "how", "why", "what", "when")


def wh_marked(tok: Token) -> bool:
    """Whether a wh-word, "whether" or "if" opens ``tok``'s clause (an embedded question)."""
    return any(c.i < tok.i and c.dep_ in ("mark", "advmod") and c.text.lower() in WH_WORDS for c in tok.children)


def compares(tok: Token) -> bool:
    """Whether ``tok`` heads a comparison's clause, whose content the comparison leaves out ("as wealthy as Trump
    *claims* to be", "higher than he *said* they would be"): "as" or "than" marks it, on a word of degree (parsed
    cases: ``tests/test_attribution_recall.py``)."""
    if tok.dep_ != "advcl" or tok.head is tok:
        return False
    mark = next((c for c in tok.children if c.dep_ == "mark" and c.i < tok.i), None)
    if mark is None or mark.lower_ not in ("as", "than"):
        return False
    # the word of degree is the clause's head or, where the parse hangs the clause on the verb, a word of it before
    degree = [tok.head] + [c for c in tok.head.children if c.dep_ in ("acomp", "advmod", "dobj") and c.i < mark.i]
    if mark.lower_ == "than":
        return any(w.tag_ in ("JJR", "RBR") or w.lower_ in ("more", "less", "fewer") for w in degree)
    return any(w.pos_ in ("ADJ", "ADV") and any(c.lower_ == "as" and c.dep_ == "advmod" and c.i < w.i
                                                for c in w.children) for w in degree)


def clause(tok: Token) -> TokSpan:
    """A complement clause's span, without a trailing "but ..." clause with its own subject."""
    start, end = subtree(tok)
    for c in tok.children:
        if c.dep_ == "conj" and c.i > tok.i and any(k.dep_ in ("nsubj", "nsubjpass") for k in c.children):
            cc = [k for k in tok.children if k.dep_ == "cc" and k.i < c.i and k.text.lower() == "but"]
            if cc:
                end = min(end, cc[0].i)
    return start, end


#: the marks that close a quotation (a straight double quote may open one too: a subject before it is left alone only
#: where it is the verb's only subject)
_CLOSING_QUOTES = frozenset({"\u201d", '"', "''"})


def subject(verb: Token, depth: int = 0) -> Token | None:
    """The speaker of a verb: its subject, the agent of a passive, or inherited from the head."""
    passive = False
    # of two subjects, one inside a quotation closed before the verb is a misparse ('"We think that the message
    # \u2014 jobs ... \u2014 we think those messages will resonate," he said': "message" and "he")
    subjects = [c.i for c in verb.children if c.dep_ in SUBJECTS]
    skipped = _quoted_before(verb, subjects) if len(subjects) > 1 else set()
    for c in verb.children:
        if c.i in skipped:
            continue
        if c.dep_ in SUBJECTS:
            if c.dep_ == "nsubj" and c.text.lower() in ("it", "there") and any(
                k.dep_ == "expl" for k in verb.children
            ):
                return None
            if c.i > verb.i and verb.tag_ in ("VB", "VBP") and (verb.is_sent_start or verb.nbor(-1).text == "("):
                return None  # "(think Brexit, for example)": an imperative's object the parser made its subject
            return _past_relativizer(verb, c)
        if c.dep_ == "nsubjpass":
            passive = True
        if c.dep_ == "expl":
            return None
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    if passive or depth > 2 or verb.head is verb:
        return None
    if verb.dep_ == "xcomp":
        for c in verb.head.children:
            if c.dep_ == "dobj" and c.i < verb.i:
                return c  # object control: "led some to question ...", "urged Kim to say ..."
    if verb.dep_ in ("xcomp", "conj") or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        return subject(verb.head, depth + 1)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.dep_ == "dobj" and verb.head.head is not verb.head:
        return subject(verb.head.head, depth + 1)  # "X issued a statement saying ..."
    return None


def _quoted_before(verb: Token, subjects: list[int]) -> set[int]:
    """Of a verb's ``subjects``, those a closing quotation mark separates from it, unless that is all of them."""
    quoted = {i for i in subjects if i < verb.i and any(t.text in _CLOSING_QUOTES for t in verb.doc[i:verb.i])}
    return quoted if len(quoted) < len(subjects) else set()


def _past_relativizer(verb: Token, subj: Token) -> Token:
    """The subject after a relativizer the parser also made a subject: "the reasons that Trump refuses ..."
    gives Trump, not "that" (a relative clause has one subject; the noun after "that" is it)."""
    if subj.text.lower() not in ("that", "which") or verb.dep_ != "relcl":
        return subj
    later = [c for c in verb.children
             if c.dep_ == "nsubj" and subj.i < c.i < verb.i and c.pos_ in ("PROPN", "NOUN", "PRON")]
    return later[0] if later else subj


def is_passive(verb: Token) -> bool:
    """A passive verb with no agent: "is expected", "was asked", or a participle clause "Asked about ..."."""
    if any(c.dep_ == "agent" for c in verb.children):
        return False
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    return verb.tag_ == "VBN" and verb.dep_ == "advcl" and not any(c.dep_ in ("nsubj", "aux") for c in verb.children)


def entity_bounds(doc: Doc, i: int) -> TokSpan:
    """The entity around token ``i``, from the IOB tags (cheaper than building ``doc.ents``)."""
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def speaker_span(doc: Doc, head: Token) -> tuple[TokSpan, int]:
    """The mention span for a speaker whose head is ``head``, and the index of its name head.

    A title with a person's name in apposition ("NATO Secretary General, Jens
    Stoltenberg,") is represented by the name. An entity is taken whole, with a
    determiner right before it ("the US"). Otherwise the noun phrase without
    relative clauses, appositions and conjuncts ("EU defence ministers").
    """
    if head.ent_type_ != "PERSON":
        for c in head.children:
            if c.dep_ in ("appos", "npadvmod") and c.ent_type_ == "PERSON":
                head = c
                break
    if head.ent_type_ and head.ent_iob_ != "O":
        start, end = entity_bounds(doc, head.i)
        if start > 0 and doc[start - 1].dep_ == "det" and doc[start - 1].head.i >= start:
            start -= 1
        return (start, end), head.i
    start, end = head.i, head.i + 1
    for c in head.children:
        if c.i < head.i and c.dep_ in NP_LEFT:
            start = min(start, c.left_edge.i)
        if c.i > head.i and c.dep_ == "prep" and c.text.lower() == "of" and head.pos_ in ("NOUN", "PROPN"):
            end = max(end, c.right_edge.i + 1)
    while start < head.i and is_punct(doc[start]):
        start += 1
    return (start, end), head.i


def cue_span(doc: Doc, tok: Token, last: Token | None = None) -> TokSpan:
    """The cue words: the verb with its auxiliaries, negation and adverbs right before it."""
    start = tok.i
    for c in sorted(tok.children, key=lambda t: -t.i):
        if c.i == start - 1 and c.dep_ in ("aux", "auxpass", "neg", "advmod"):
            start = c.i
    end = (last.i if last is not None else tok.i) + 1
    for c in tok.children:
        if c.dep_ == "prt" and c.i == end:
            end += 1
    return start, end


def first_child(tok: Token, deps: tuple[str, ...]) -> Token | None:
    """``tok``'s first child with one of the dependency labels ``deps``."""
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def prep_object(tok: Token, cue: Cue) -> tuple[Token, Token] | None:
    """A prepositional child whose preposition is one of the cue's ``P:`` frames, and its object."""
    preps = cue.preps()
    for c in tok.children:
        if c.dep_ in ("prep", "prt", "dative") and c.text.lower() in preps and c.i > tok.i:
            obj = first_child(c, ("pobj", "pcomp"))
            if obj is not None:
                return c, obj
    return None


def object_content(tok: Token) -> TokSpan | None:
    """The direct object ``tok`` reports ("criticised the plan"), with its predicate or complement."""
    dobj = first_child(tok, ("dobj",))
    if dobj is None or dobj.i < tok.i:
        return None
    if dobj.text.lower() == "that" and dobj.tag_ == "IN":  # a complementiser parsed as object: "say that every ..."
        words = [t.i for t in tok.subtree if t.i > dobj.i and t.pos_ != "PUNCT"]
        return (dobj.i + 1, words[-1] + 1) if words else None
    if (dobj.pos_ == "PRON" and dobj.text.lower() in ("it", "that", "this")
            and not any(c.dep_ == "oprd" for c in tok.children)):
        return None  # "said it", but "called it a disgrace" is kept
    start, end = subtree(dobj)
    for c in tok.children:
        if c.i > dobj.i and c.dep_ in ("oprd", "xcomp", "ccomp") or (
            c.i > dobj.i and c.dep_ == "prep" and c.text.lower() in ("of", "for", "as")
        ):
            end = max(end, c.right_edge.i + 1)
    return start, end


def is_question(tok: Token, in_quote: list[int], sent: Span | None = None) -> bool:
    """Whether ``tok``'s sentence, outside a quotation, is a question ("Did Kim say ...?")."""
    sent = sent if sent is not None else tok.sent
    end = sent[-1]
    k = end.i
    while k > sent.start and not end.text.strip():
        k -= 1
        end = sent.doc[k]
    if end.text != "?":
        return False
    last = [t for t in sent if not is_space(t)]
    if not last or last[-1].text != "?" or in_quote[tok.i] >= 0:
        return False
    first = last[0]
    return first.tag_ in WH_OR_AUX_TAGS or first.text.lower() in ("do", "does", "did")
