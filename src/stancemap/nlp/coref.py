"""Speaker resolution inside one document: the fullest name the document gives a speaker.

Resolved here, from the Doc alone (no model), on the entities :mod:`stancemap.nlp.document_entities` gives:

- surnames to a full name given anywhere in the document ("Borrell" -> "Josep Borrell"),
  only when exactly one full name ends with that surname;
- titles to the name set beside them earlier ("the NATO Secretary General" after
  "NATO Secretary General, Jens Stoltenberg,");
- pronouns (he/she, they, it) to the nearest earlier compatible speaker or entity
  in the same or the previous two paragraphs;
- descriptions ("the candidate", "a spokeswoman for X", "the poll") by
  :class:`stancemap.nlp.descriptions.Descriptions`, on the mentions ranked by
  :class:`stancemap.nlp.salience.Salience`;
- before the parse-based steps, every other mention goes through
  :func:`stancemap.names.antecedents.document_name` (descriptions such as "the
  governor" or "the fund", acronyms, transcript speakers, case variants), the
  text-only step that ``stancemap eval actors`` measures.

When unsure the mention text itself is the name: a wrong person is worse than none.
Capitals standing for governments ("Kyiv") are left to the actor stage. What an actor registry
knows (genders, parties, offices, countries) comes in as ``known`` (:mod:`stancemap.nlp.known_actors`),
passed down by the pipeline; nlp never imports :mod:`stancemap.actors`.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span

from stancemap.names.antecedents import document_name
from stancemap.names.gender import first_name_gender
from stancemap.names.normalise import title_key
from stancemap.nlp.attribution import Found
from stancemap.nlp.attribution_sources import colon_rule, doc_names
from stancemap.nlp.clause_gender import subject_gender
from stancemap.nlp.coref_words import (
    AGENT_HEADS,
    FIRST_PERSON,
    GROUP_PRONOUNS,
    INSTITUTIONS,
    ISSUED_HEADS,
    PERSON_PRONOUNS,
    POSSESSIVES,
    RELATIVES,
    THING_PRONOUNS,
    country_forms,
    role_nouns,
    role_titles,
)
from stancemap.nlp.description_ads import ad_maker
from stancemap.nlp.description_groups import GROUP_RULES
from stancemap.nlp.description_heads import AHEAD_RULES
from stancemap.nlp.description_owners import DescriptionRule, first_resolved, owned, party_member
from stancemap.nlp.description_places import other_party
from stancemap.nlp.description_polls import named_poll
from stancemap.nlp.description_roles import JUDGE_WORDS, named_judge, named_spokesperson
from stancemap.nlp.descriptions import Descriptions
from stancemap.nlp.doc_names import DocNames
from stancemap.nlp.document_entities import document_entities, in_headline
from stancemap.nlp.known_actors import NO_ACTORS, KnownActors
from stancemap.nlp.pleonastic import non_referential
from stancemap.nlp.salience import _ENT_TYPES, surname
from stancemap.nlp.span_starts import after_dateline, after_opener, is_dateline
from stancemap.nlp.spans import doc_text

__all__ = ["is_agent_phrase", "mention_type", "resolve", "speaker_kind"]


def mention_type(doc: Doc, start: int, end: int, head: int | None) -> str | None:
    """Type a speaker mention from its entity label, pronoun or head noun.

    PERSON -> person, ORG -> organisation, GPE/LOC -> country, NORP -> group; a
    plural noun ("EU defence ministers", "some allies") -> group; a role noun
    ("the spokesman") -> person; he/she -> person, they -> group.
    """
    tok = doc[head] if head is not None else doc[end - 1]
    if tok.ent_type_ in _ENT_TYPES:
        if tok.ent_type_ in ("GPE", "ORG") and tok.tag_ in ("NNS",) :
            return "group"
        return _ENT_TYPES[tok.ent_type_]
    low = tok.text.lower()
    if low in PERSON_PRONOUNS:
        return "person"
    if low in GROUP_PRONOUNS:
        return "group"
    if tok.tag_ in ("NNS", "NNPS"):
        return "group"
    if tok.lemma_.lower() in role_nouns():
        return "person"
    for t in doc[start:end]:
        if t.ent_type_ == "PERSON":
            return "person"
    return None



def resolve(doc: Doc, found: list[Found], date: dt.date | None = None,
            known: KnownActors = NO_ACTORS) -> list[tuple[str | None, str | None]]:
    """Return ``(speaker_name, speaker_type)`` for each Found, in the same order.

    ``date`` is the document's: party descriptions ("the Democratic nominee") go to people of
    that party on that day. ``known`` is the actor registry (none by default, :mod:`stancemap.nlp.known_actors`).

    Names and descriptions are resolved first (in text order), then pronouns
    and relative "who" by salience (:class:`Salience`), then first-person
    speakers inside a quotation to the quotation's speaker.

    Examples
    --------
    >>> from spacy.vocab import Vocab
    >>> doc = Doc(Vocab(), words=["Jane", "Doe", "spoke", ".", "Doe", "said", "so", "."],
    ...           ents=["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O", "O"])
    >>> f = Found("ccomp", "indirect", (6, 7), (4, 5), (5, 6), 4)
    >>> resolve(doc, [f])
    [('Jane Doe', 'person')]
    """
    if not found:
        return []
    ents = document_entities(doc, known)
    names = DocNames(doc, ents)
    salience = Descriptions(doc, ents, names, date, known)
    person_at = {i: ent for ent in ents if ent.label_ == "PERSON" for i in range(ent.start, ent.end)}
    order = sorted(range(len(found)), key=lambda k: (found[k].speaker or (-1, -1))[0])
    result: list[tuple[str | None, str | None]] = [(None, None)] * len(found)
    described: dict[str, tuple[str | None, str | None]] = {}
    for k in order:
        f = found[k]
        if f.speaker is None:
            continue
        s, e = f.speaker
        head = f.speaker_head if f.speaker_head is not None else e - 1
        kind = speaker_kind(doc, s, e, head)
        if kind == "first_person":
            continue  # after every other speaker: the quotation's speaker
        if kind == "pronoun" and non_referential(doc[s]):
            continue  # "it seems that ...", "it is hard to say ...": no one to resolve to
        if kind in ("pronoun", "relative"):
            # in a quotation, "he" is not the one quoted (who would say "I")
            quoted_by = _quotation_speaker(f, found, result)[0]
            result[k] = salience.pronoun(doc[s] if e - s == 1 else doc[head], s, exclude=quoted_by,
                                         others=_named_in_quotation(f, salience))
            if kind == "relative" and result[k][0] is None:
                result[k] = _relative_phrase(doc, s, names, person_at, salience)
        else:
            result[k] = _speaker(doc, s, e, head, names, person_at, salience)
            result[k] = _same_description(doc[s:e], result[k], described)
        name, typ = result[k]
        if name is not None and typ is None and first_name_gender(name):
            result[k] = (name, typ := "person")
        if name is not None and typ is not None:
            salience.add_speaker(s, name, typ)
    _first_person_speakers(doc, found, order, result, names, person_at, salience)
    return result


def _first_person_speakers(doc: Doc, found: list[Found], order: list[int], result: list[tuple[str | None, str | None]],
                           names: DocNames, person_at: dict[int, Span], salience: Descriptions) -> None:
    """Give each first-person speaker of ``found`` (in ``result``, in place) the speaker of the quotation it is
    in, else the name before a colon that opens its line."""
    for k in order:
        f = found[k]
        if f.speaker is not None and speaker_kind(doc, f.speaker[0], f.speaker[1], f.speaker_head) == "first_person":
            result[k] = _quotation_speaker(f, found, result)
            if result[k][0] is None:
                result[k] = _colon_speaker(doc, f.speaker[0], names, person_at, salience)


def _colon_speaker(doc: Doc, at: int, names: DocNames, person_at: dict[int, Span],
                   salience: Descriptions) -> tuple[str | None, str | None]:
    """The name before a colon that opens the sentence of a first-person word at ``at``, when the words after
    the colon hold it ("Rubio: I Still Believe Trump Can't Be Trusted"), else nobody. The model may end a
    sentence at the colon: the words are read from the start of the line."""
    sent = doc[at].sent
    start = sent.start
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    framed = colon_rule(doc, doc[start:sent.end], doc_names(doc))
    if framed is None or framed.speaker is None or not framed.content[0] <= at < framed.content[1]:
        return None, None
    s, e = framed.speaker
    return _speaker(doc, s, e, framed.speaker_head if framed.speaker_head is not None else e - 1, names, person_at,
                    salience)


def _relative_phrase(doc: Doc, s: int, names: DocNames, person_at: dict[int, Span],
                     salience: Descriptions) -> tuple[str | None, str | None]:
    """A relative "which"/"that" at ``s`` no mention fits, read as the phrase its clause describes ("the
    report, which concluded": the report's issuer)."""
    noun = doc[s].head.head
    if noun.pos_ != "NOUN" or noun.i >= s:
        return None, None
    return _speaker(doc, noun.left_edge.i, noun.i + 1, noun.i, names, person_at, salience)


def _same_description(
    span: Span, resolved: tuple[str | None, str | None], described: dict[str, tuple[str | None, str | None]]
) -> tuple[str | None, str | None]:
    """A definite description the article repeats ("The survey ... The survey") means what it meant
    last time when no rule resolves it here; ``described`` keeps the last resolution of each one."""
    words = [t for t in span if not t.is_punct]
    if not words or words[0].lower_ != "the" or len(words) > 3 or any(t.ent_type_ or t.pos_ == "PROPN" for t in words):
        return resolved
    key = " ".join(t.lower_ for t in words)
    if resolved[0] is not None:
        described[key] = resolved
        return resolved
    return described.get(key, resolved)


def speaker_kind(doc: Doc, start: int, end: int, head: int | None) -> str:
    """``pronoun``, ``relative`` (who/that heading a relative clause), ``first_person`` or ``other``;
    a one-word span is read as itself, though the extractor's head of a relative "who" is its noun."""
    tok = doc[start] if end - start == 1 else doc[head] if head is not None else doc[end - 1]
    low = tok.text.lower()
    if end - start > 1 or tok.ent_type_:
        return "other"  # "the US", "US officials" are not "us"
    if low in FIRST_PERSON:
        return "first_person"
    if low in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS | POSSESSIVES:
        return "pronoun"
    if low in RELATIVES and tok.head.dep_ == "relcl":
        return "relative"
    return "other"


#: Descriptions the article names ahead or by a role ("Poll" in a headline, "the head of X", "Aides said Obama
#: ..."), a body's members, a named group, an epithet or "my father", "the Republican", an ad or its narrator, X's
#: spokesperson and the judge the article names; tried in this order before the name rules.
_DESCRIBED: tuple[DescriptionRule, ...] = (*AHEAD_RULES, *GROUP_RULES, party_member, ad_maker, named_spokesperson,
                                           named_judge)


def _speaker(doc: Doc, s: int, e: int, head: int, names: DocNames, person_at: dict[int, Span],
             salience: Descriptions) -> tuple[str | None, str | None]:
    """A named or described speaker: first the description rules that need the rest of the article
    (:data:`_DESCRIBED`), then :func:`_named`. A party word cut from its phrase ("Republican" of "The
    Wisconsin Republican") is read with the phrase."""
    left = doc[head].left_edge.i
    if e - s == 1 and doc[head].ent_type_ == "NORP" and left < s and doc[left].lower_ == "the":
        s = left
    found = first_resolved(_DESCRIBED, salience, doc, s, e, head)
    return found if found is not None else _named(doc, s, e, head, names, person_at, salience)


def _named(doc: Doc, s: int, e: int, head: int, names: DocNames, person_at: dict[int, Span],
           salience: Descriptions) -> tuple[str | None, str | None]:
    text = doc[s:e].text
    typ = mention_type(doc, s, e, head)
    if is_dateline(doc, s, e):
        return None, None  # "WASHINGTON (AP) --" is where, not who
    if e - s == 1 and doc[head].ent_type_ == "NORP" and not doc[head].lower_.endswith("s") and head not in person_at:
        return None, None  # "Republican": an adjective left alone, not a group (but "Cuban" after "Mark Cuban")
    if (e - s == 1 and doc[head].ent_type_ and doc[head].pos_ == "NOUN" and doc[head].is_sent_start
            and not _headline_words_name(doc[head].text, salience)):
        return None, None  # "Aides said", "Remarks on ...": a common noun the tagger took for a name (not "Trump")
    if in_headline(doc, s):  # "Bernie Sanders Promises Action On Immigration": only the name speaks
        line_name = _headline_name(doc, s, e, salience)
        if line_name is None:
            return None, None
        s, e, head, text, typ = line_name
    start = after_dateline(doc, after_opener(doc, s, e), e)
    if start != s:  # "CLEVELAND - Donald Trump", "Say Mexico demanded": the name after the place or first word
        s, text = start, doc[start:e].text
    stops = [t.i for t in doc[s : e - 1] if t.text in (".", "!", "?") and doc[t.i + 1].text[:1].isupper()]
    if stops:  # "Ohio. Polls": a span run over a sentence end; the speaker is in the last sentence
        s, text = stops[-1] + 1, doc[stops[-1] + 1 : e].text
        head = head if head >= s else e - 1
    inside = salience.entity_over(head)
    person = names.person_named(inside) if inside is not None and inside.label_ != "PERSON" else None
    if person is not None:
        return person, "person"  # "Sexton" tagged ORG after "Jared Sexton"
    issuer = named_poll(salience, head)
    if issuer is not None:
        return issuer, "organisation"  # "a national Gallup Poll": Gallup
    if head not in person_at and (doc[head].pos_ != "PROPN" or _capitalised_noun(doc, head)):
        owner = (salience.owner(doc, s, e, head) or salience.results(doc, s, e, head)  # "a spokeswoman for X"
                 or owned(salience, doc, s, e, head))  # "her lawyers", "the petition", "officials"
        if owner is not None:
            return owner
    gendered = names.of_gender(text, subject_gender(doc[head])) if e - s == 1 and head in person_at else None
    in_text = gendered or document_name(  # "In her 2003 book, Clinton noted": Hillary, not Bill
        text, doc_text(doc), doc[s].idx, countries=country_forms(salience.known))
    if in_text and not other_party(salience, doc[s:e], in_text):  # not Trump for "the Democratic nominee"
        return in_text, "person" if head in person_at else salience.type_of(in_text, typ)  # the shared step
    if head in person_at:
        return names.fullest(person_at[head].text), "person"
    titled = names.title(text)
    if titled:
        return titled, "person"
    if doc[head].pos_ == "PROPN" and e - s == 2 and doc[s].lower_ == "the" and doc[head].ent_type_ == "ORG":
        return salience.fullest_organisation(doc[head].text), "organisation"  # "the Times": The New York Times
    if doc[head].pos_ == "PROPN" and e - s == 1:
        if _common_word(doc, head, salience):
            return None, None  # "Judge", "Correction:" opening a line: a role or label, not a name
        # an organisation the article names, else the name as it stands
        name = (salience.fullest_organisation(text) if doc[head].ent_type_ == "ORG" else None) or names.fullest(text)
        return name, salience.type_of(name, typ)
    described = (salience.description(doc, s, e, head) or salience.organisation(doc, s, e, head)
                 or (None if doc[head].lower_ in JUDGE_WORDS else salience.named_after(doc, s, e, head)))
    if described is not None:
        return described
    if not is_agent_phrase(doc, s, e, head, salience.known):
        return None, None  # "some experts", "his body mass index": unresolved, no actor
    return text, salience.type_of(text, typ)


def _headline_name(doc: Doc, s: int, e: int, salience: Descriptions) -> tuple[int, int, int, str, str | None] | None:
    """The name a headline speaker span opens with, as ``(start, end, head, text, type)``: its first entity,
    else the capitalised words before its verb ("Pence Says ..."); ``None`` when the line names no one."""
    names_in = sorted((x for x in salience.ent_at.values() if s <= x.start < e and x.label_ in _ENT_TYPES),
                      key=lambda x: x.start)
    if names_in:
        first = names_in[0]
        return first.start, first.end, first.end - 1, first.text, _ENT_TYPES[first.label_]
    run = s
    while run < e and doc[run].text[:1].isupper() and not doc[run].tag_.startswith(("VB", "MD")):
        run += 1
    if not s < run <= s + 3 or not _headline_words_name(doc[s:run].text, salience):
        return None
    return s, run, run - 1, doc[s:run].text, mention_type(doc, s, run, run - 1)


def _capitalised_noun(doc: Doc, i: int) -> bool:
    """Whether token ``i``, tagged a proper noun, is an agent or issued-text noun capitalised only because
    it opens a sentence ("Aides said ...", "Officials said ...")."""
    tok = doc[i]
    return bool(tok.is_sent_start) and not tok.ent_type_ and tok.lower_ in AGENT_HEADS | ISSUED_HEADS


def _common_word(doc: Doc, i: int, salience: Descriptions) -> bool:
    """Whether the capitalised token ``i``, in no entity and no one's surname, is a common word: a role
    noun ("Judge"), a label before a colon ("Correction:"), or a word the text also writes in lower case."""
    tok = doc[i]
    if tok.ent_type_ or i in salience.surname_at or tok.text in country_forms(salience.known):
        return False
    if _headline_words_name(tok.text, salience):
        return False  # a name the article or the registry knows ("Trump", though "trump" is a word too)
    if tok.lower_ in role_nouns() or (i + 1 < len(doc) and doc[i + 1].text == ":"):
        return True  # "Judge", "Correction:"
    if tok.text.isupper() and len(tok.text) > 1:
        return False  # an acronym: "EIA estimates that ..."
    if tok.is_sent_start:
        return True  # "Aides said ...", "Remarks on ...": a sentence's capital, not a name's
    return any(t.text == tok.lower_ for t in doc)


def _headline_words_name(text: str, salience: Descriptions) -> bool:
    """Whether capitalised headline words are a name: a first name, the surname or name of someone or
    something the article names, or a name the registry knows ("Pence", not "Poll" or "Aides")."""
    words = text.split()
    if first_name_gender(text) or any(m.name == text or surname(m.name) == words[-1] for m in salience.mentions):
        return True
    found = salience.known.lookup(text)
    return found is not None and found.method in ("exact", "alias")






def is_agent_phrase(doc: Doc, start: int, end: int, head: int, known: KnownActors = NO_ACTORS) -> bool:
    """Whether ``doc[start:end]``, left unresolved, may still become an actor of its own.

    Only a phrase with a name or entity in it ("Senate Democrats", "Fox News' Bret
    Baier") or a definite singular office the registry may know by date ("the
    president"); a role noun with a place ("the Vermont senator") that resolved to no
    one is no actor. Generic and non-agent phrases ("some experts", "critics", "his
    body mass index", "stakes") stay unresolved: the statement keeps its speaker
    span but has no actor.
    """
    span = doc[start:end]
    tok = doc[head]
    if span[0].lower_ == "the" and tok.ent_type_ == "NORP" and not tok.lower_.endswith("s"):
        return False  # "the Arizona Republican": a person the description did not resolve to
    if tok.ent_type_ in _ENT_TYPES or tok.ent_type_ == "FAC" or tok.pos_ == "PROPN":
        return True
    lemma = tok.lemma_.lower()
    if any(t.ent_type_ in _ENT_TYPES or t.ent_type_ == "FAC" or t.pos_ == "PROPN" for t in span):
        # a named owner makes an agent only of an organisation's agent noun ("the Cruz campaign"), not
        # of "Trump's unorthodox moves", "lack of enthusiasm for Clinton" or an unresolved "U.S. senator"
        return (lemma in AGENT_HEADS or lemma in ISSUED_HEADS or lemma in INSTITUTIONS
                or (lemma in role_nouns() and _registry_office(span.text, known)))  # "The FBI director": by date
    if not (span[0].lower_ == "the" and tok.tag_ == "NN" and lemma in role_nouns()):
        return False
    return _registry_office(span.text, known)  # "the president": an office the registry knows


def _registry_office(text: str, known: KnownActors) -> bool:
    """Whether ``text`` is the title of a role the registry ``known`` knows, or the end of one ("the
    president" of "American president"); not "the Vermont senator"."""
    key = title_key(text)
    return key in role_titles(known) or any(title.endswith(" " + key) for title in role_titles(known))


def _named_in_quotation(f: Found, salience: Descriptions) -> frozenset[str]:
    """The people a direct quotation speaks of by name: not its speaker ("Donald Trump lost me a long time
    ago," he said: "he" is not Trump)."""
    if f.kind != "direct":
        return frozenset()
    cs, ce = f.content
    return frozenset(m.name for m in salience.mentions_in(cs, ce) if m.type == "person" and not m.speaker)


def _quotation_speaker(
    f: Found, found: list[Found], result: list[tuple[str | None, str | None]]
) -> tuple[str | None, str | None]:
    """The speaker of the innermost other attribution whose content holds ``f``'s speaker."""
    assert f.speaker is not None
    at = f.speaker[0]
    best: tuple[int, tuple[str | None, str | None]] | None = None
    for other, named in zip(found, result, strict=False):
        if other is f or named[0] is None:
            continue
        cs, ce = other.content
        if cs <= at < ce and (best is None or ce - cs < best[0]):
            best = (ce - cs, named)
    return best[1] if best is not None else (None, None)
