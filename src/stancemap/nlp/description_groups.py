"""Groups, epithets and relatives the article establishes: a committee's members, a named body, a person.

- "Republicans, who hold a majority in the Senate" are that chamber's members: :func:`chamber_members`;
- In a story about one congressional committee ("the House Oversight Committee"), bare
  "Republicans" and "Democrats" are that committee's party members ("Oversight Committee
  Republicans") and "lawmakers", "committee members" the committee; in a story about one chamber's
  vote, bare "Republicans" are that chamber's ("Senate Republicans"): :func:`committee_members`.
- A group description whose words an organisation the article names carries ("top black
  lawmakers" and the Congressional Black Caucus, "a union representing flight attendants" and
  the Association of Flight Attendants) is that organisation: :func:`named_group`.
- An epithet ("the New York businessman", "the billionaire") is the one person the text calls so
  ("Trump, a New York businessman", "billionaire Donald Trump"): :func:`called_so`.
- "My father" in an op-ed is the person the text names as the writer's father ("My father,
  James Meehan, ...", "My father was James Meehan"): :func:`named_relative`.

Every rule returns ``None`` when unsure; the description then goes on to the other rules.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from stancemap import datafiles
from stancemap.names.wordlists import PARTY_OF_WORD
from stancemap.nlp.description_heads import LEAD_SENTENCES
from stancemap.nlp.description_owners import DescriptionRule
from stancemap.nlp.spans import doc_text

if TYPE_CHECKING:
    from stancemap.nlp.descriptions import Descriptions

_CHAMBER = r"(?:U\.S\.\s+)?(?:House|Senate)"
_CHAMBERS = ("Senate", "House")
_CAP = r"[A-Z][\w'’-]*"
#: "House Oversight Committee", "Senate Foreign Relations Committee", "House Select Committee on Benghazi".
_COMMITTEE = re.compile(
    rf"\b(?P<chamber>{_CHAMBER}\s+)?(?:(?P<sel>Select\s+)?Committee\s+on\s+(?P<post>{_CAP}(?:\s+(?:and\s+)?{_CAP}){{0,3}})"
    rf"|(?P<pre>(?:{_CAP}\s+(?:and\s+)?){{1,4}}?)Committee\b)")
_TITLE_AFTER = re.compile(r"\s*(?:[Cc]hair(?:man|woman|person)?|[Vv]ice|[Rr]anking|[Mm]ember|[Ss]taff|[Cc]ounsel)\b")
_CHAMBER_WORD = re.compile(r"(?<!White )(?<!State )\b(Senate|House)\b(?!\s+(?:[Ss]peaker|[Rr]aces?|[Ss]eats?|"
                           r"[Cc]andidates?|[Cc]ampaigns?|[Pp]rimar(?:y|ies)|[Hh]opefuls?|[Mm]ajority\s+[Ll]eader|"
                           r"[Mm]inority\s+[Ll]eader))")
_VOTE_WORDS = re.compile(r"\b(?:vot(?:e|es|ed|ing)|pass(?:ed|es)?|confirm(?:s|ed|ing|ation)?|bills?|legislation|"
                         r"filibuster\w*|measures?|amendments?|block(?:s|ed)?)\b", re.IGNORECASE)
_NOT_KEYS = frozenset({"the", "house", "senate", "select", "joint", "u.s.", "two", "both", "a", "its", "national",
                       "host", "steering", "executive", "conference"})
#: Words for a committee's members as a body ("lawmakers", "committee members").
_MEMBER_HEADS = frozenset({"lawmakers", "legislators", "members"})
#: Heads of group descriptions and the words naming an organisation of that kind (``coref_group_bodies.tsv``).
GROUP_BODIES = {row["word"]: frozenset(row["bodies"].split())
                for row in datafiles.table("stancemap.nlp", "coref_group_bodies.tsv")}
#: Modifiers that say how important a group is, not which one it is ("top black lawmakers").
_RANK_WORDS = frozenset({"top", "senior", "leading", "key", "prominent", "powerful", "major", "influential", "a", "an",
                         "the", "'s", "’s", "'", "representing", "represent", "for", "of", "that", "which", "who"})
_QUANTIFIERS = frozenset({"some", "many", "most", "several", "other", "few", "all", "both", "two", "three", "more"})
#: Epithets of a person by occupation or fortune ("the businessman", "the real-estate mogul").
_EPITHETS = frozenset({"businessman", "businesswoman", "billionaire", "mogul", "magnate", "tycoon", "developer",
                       "star", "celebrity", "entrepreneur", "millionaire", "investor", "heiress", "heir"})
_RELATIVES = frozenset({"father", "mother", "dad", "mom", "husband", "wife", "son", "daughter", "brother", "sister",
                        "grandfather", "grandmother", "uncle", "aunt"})
_NAME = r"((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]+)"


def _committee_key(match: re.Match[str]) -> tuple[str, str] | None:
    """The distinctive words of a committee's name, lower-case, and its name without the chamber."""
    if match.group("post"):
        words = re.sub(r"['’]s$", "", match.group("post")).split()  # "the Committee on Benghazi's report"
        name = f"{' '.join(words)} Committee"  # "House Select Committee on Benghazi": "Benghazi Committee"
    else:
        words = match.group("pre").split()
        name = f"{match.group('pre')}Committee"
    words = [w for w in words if w.lower() not in _NOT_KEYS]
    if not words:
        return None
    return words[0].lower(), name.strip()  # "Oversight" for "Oversight and Government Reform"


def central_committee(sal: Descriptions) -> str | None:
    """The one congressional committee the article centres on, by the name it uses without the chamber
    ("Oversight Committee"): named with "House" or "Senate" at least once, and the only committee named in
    the lead or, with none there, named at least twice and twice as often as any other."""
    text = doc_text(sal.doc)
    lead = _lead_end(sal)
    counts: Counter[str] = Counter()
    in_lead: set[str] = set()
    names: dict[str, str] = {}
    chambered: set[str] = set()
    for match in _COMMITTEE.finditer(text):
        key = _committee_key(match)
        if key is None or _TITLE_AFTER.match(text, match.end()):
            continue  # "Senate Foreign Relations Committee Chairman Bob Corker": a person's title
        counts[key[0]] += 1
        if match.group("chamber"):
            chambered.add(key[0])
        if match.start() < lead:
            in_lead.add(key[0])
        names.setdefault(key[0], key[1])
    if re.search(r"\b(?:[Tt]wo|[Bb]oth|[Tt]hree)\s+(?:House\s+|Senate\s+|congressional\s+)?[Cc]ommittees\b", text):
        return None  # "Two House Committees": several bodies
    if len(in_lead) == 1:
        centre = next(iter(in_lead))
    elif not in_lead and counts:
        ranked = counts.most_common(2)
        if ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
            return None
        centre = ranked[0][0]
    else:
        return None
    return names[centre] if centre in chambered else None


def central_chamber(sal: Descriptions) -> str | None:
    """The one chamber ("Senate", "House") whose vote the article is about: the only chamber its lead names,
    in a sentence that speaks of a vote, a bill or a confirmation, and named in all at least twice as often
    as the other ("White House", "House Speaker" and "Senate race" are not the chamber voting)."""
    text = doc_text(sal.doc)
    lead = _lead_end(sal)
    named = [(m.group(1), m.start()) for m in _CHAMBER_WORD.finditer(text)]
    in_lead = {c for c, at in named if at < lead}
    if len(in_lead) != 1:
        return None
    chamber = in_lead.pop()
    sentences = [sent.text for sent in sal.doc.sents if sent.start_char < lead]
    if not any(_VOTE_WORDS.search(sent) and re.search(rf"\b{chamber}\b", sent) for sent in sentences):
        return None
    counts = Counter(c for c, _ in named)
    other = counts["House" if chamber == "Senate" else "Senate"]
    return chamber if counts[chamber] >= 2 and other * 2 <= counts[chamber] else None


def _lead_end(sal: Descriptions) -> int:
    """The character offset where the document's lead (:data:`LEAD_SENTENCES` sentences) ends."""
    for k, sent in enumerate(sal.doc.sents):
        if k == LEAD_SENTENCES - 1:
            return sent.end_char
    return len(doc_text(sal.doc))


def chamber_members(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"Republicans, who hold a majority in the Senate": a party's members the phrase ties to a chamber."""
    tok = doc[head]
    if tok.lower_ not in PARTY_OF_WORD or not tok.lower_.endswith("s") or tok.text[:1].islower():
        return None
    if any(t.dep_ == "det" or t.pos_ == "NUM" for t in doc[s:head]):
        return None  # "some Republicans", "two Democrats": not the chamber's members as a body
    phrase = [t for c in tok.children if c.dep_ in ("relcl", "prep", "appos") for t in c.subtree]
    chambers = {t.text for t in phrase if t.text in _CHAMBERS and t.pos_ == "PROPN"}
    if len(chambers) != 1:
        return None
    return f"{chambers.pop()} {tok.text}", "group"


def committee_members(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """Bare "Republicans", "Democrats", "lawmakers", "committee members" in a story about one committee
    (:func:`central_committee`): its party members ("Oversight Committee Republicans"), or the committee."""
    tok = doc[head]
    words = [t for t in doc[s:e] if not t.is_punct]
    low = [t.lower_ for t in words]
    party = tok.lower_ in PARTY_OF_WORD and tok.lower_.endswith("s") and tok.text[:1].isupper()
    members = tok.lower_ in _MEMBER_HEADS and (tok.lower_ != "members" or {"committee", "panel"} & set(low))
    if not (party or members) or _quantified(doc, s, e, head):
        return None
    if any(w not in (tok.lower_, "the", "committee", "panel") for w in low):
        return None  # "Senate Republicans", "Democratic lawmakers": the phrase says whose
    if any(c.dep_ in ("prep", "relcl", "acl", "appos") and c.i >= e and c.lower_ != "on" for c in tok.children):
        return None  # "Republicans in the state legislature": the phrase says where
    if tok.lower_ == "members" and any(c.dep_ == "prep" for c in tok.children):
        return None
    committee = central_committee(sal)
    if committee is None:
        chamber = central_chamber(sal) if party and low == [tok.lower_] else None
        return (f"{chamber} {tok.text}", "group") if chamber is not None else None  # "Senate Republicans"
    if party:
        return f"{committee} {tok.text.capitalize()}", "group"
    return committee, "organisation"


def _quantified(doc: Doc, s: int, e: int, head: int) -> bool:
    """Whether ``doc[s:e]`` or its head's modifiers before it count or pick some ("two Democrats", "Most
    Democrats", "other unions"): some of a group, not the group."""
    before = [t for c in doc[head].children if c.i < head for t in c.subtree]
    return any(t.lower_ in _QUANTIFIERS or t.pos_ == "NUM" or t.lower_ == "only" for t in [*doc[s:e], *before])


def named_group(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"Top black lawmakers", "a union representing flight attendants", "the flight attendants' union": the
    one organisation the article names whose name carries every word that says which group it is and a word
    of its kind (:data:`GROUP_BODIES`)."""
    tok = doc[head]
    kinds = GROUP_BODIES.get(tok.lower_)
    if kinds is None or any(t.ent_type_ in ("ORG", "PERSON", "GPE") for t in doc[s:e]):
        return None
    if _quantified(doc, s, e, head):
        return None
    phrase = [t for t in doc[s:e] if t.i != head]
    for c in tok.children:
        if c.i >= e and ((c.dep_ == "acl" and c.lower_ in ("representing", "of")) or
                         (c.dep_ == "prep" and c.lower_ in ("for", "of"))):
            phrase += list(c.subtree)
    which = {t.lower_ for t in phrase if t.pos_ in ("ADJ", "NOUN", "PROPN") and t.lower_ not in _RANK_WORDS}
    if not which:
        return None
    found = set()
    for m in sal.mentions:
        if m.type != "organisation":
            continue
        name = {w.lower() for w in re.findall(r"[\w-]+", m.name)}
        if {_stem(w) for w in which} <= {_stem(w) for w in name} and kinds & name:
            found.add(m.name)
    return (sal.fullest_organisation(found.pop()), "organisation") if len(found) == 1 else None


def _stem(word: str) -> str:
    """``word`` without a plural "s" ("attendants" -> "attendant")."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def called_so(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"The New York businessman", "the billionaire": the one person the text calls by the epithet's noun,
    with its place too where it names one ("Donald Trump, a New York businessman", "billionaire Donald
    Trump")."""
    tok = doc[head]
    words = [t for t in doc[s:e] if not t.is_punct]
    if tok.lower_ not in _EPITHETS or not words or words[0].lower_ != "the" or words[-1].i != head:
        return None
    if any(t.ent_type_ in ("PERSON", "ORG") for t in words):
        return None
    places = [t.text for t in words if t.ent_type_ in ("GPE", "NORP")]
    text = doc_text(doc)
    noun = re.escape(tok.text.lower())
    place = r"".join(rf"(?=.*\b{re.escape(p.lower())}\b)" for p in places)
    after = re.compile(rf"^\s*,\s*(?:an?|the)\s+{place}(?:[\w.'’-]+\s+){{0,4}}?{noun}\b")
    before = re.compile(rf"{place}\b{noun}\s*,?\s*$")
    named = set()
    for m in sal.mentions:
        if m.type != "person" or m.token >= s:
            continue
        at = doc[m.token].idx
        end = sal.ent_at[m.token].end_char if m.token in sal.ent_at else at + len(doc[m.token])
        line_before = re.split(r"[.;\n]", text[max(0, at - 60) : at].lower())[-1]
        if after.search(re.split(r"[.;\n]", text[end : end + 90].lower())[0]) or before.search(line_before):
            named.add(m.name)
    return (named.pop(), "person") if len(named) == 1 else None


def named_relative(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"My father", "my mother": the one person the text names as the writer's ("My father, James Meehan,",
    "James Meehan, my father,", "My father was James Meehan", the man of "my parents, James and Olive
    Meehan,")."""
    words = [t for t in doc[s:e] if not t.is_punct]
    if len(words) != 2 or words[0].lower_ != "my" or words[1].lower_ not in _RELATIVES:
        return None
    kin = re.escape(words[1].lower_)
    text = doc_text(doc)
    people = {m.name for m in sal.mentions if m.type == "person"}
    found = set()
    for pattern in (rf"\b[Mm]y\s+(?:late\s+)?{kin}\s*,\s*{_NAME}\s*,",
                    rf"\b[Mm]y\s+(?:late\s+)?{kin}\s+(?:was|is)\s+{_NAME}\b",
                    rf"{_NAME}\s*,\s*my\s+(?:late\s+)?{kin}\b",
                    rf"{_NAME}\s+(?:was|is)\s+my\s+(?:late\s+)?{kin}\b"):
        for match in re.finditer(pattern, text):
            name = match.group(1)
            full = next((p for p in people if p == name or p.endswith(" " + name) or name.endswith(p)), None)
            if full is not None:
                found.add(full)
    if not found and words[1].lower_ in _PARENTS:
        found = _parent(sal, text, people, _PARENTS[words[1].lower_])
    return (found.pop(), "person") if len(found) == 1 else None


#: A parent's word -> the gender that tells them apart among "my parents, James and Olive Meehan".
_PARENTS = {"father": "m", "dad": "m", "mother": "f", "mom": "f"}


def _parent(sal: Descriptions, text: str, people: set[str], gender: str) -> set[str]:
    """The person of ``gender`` the text names among the writer's parents ("My parents, James and Olive
    Meehan,")."""
    found = set()
    for match in re.finditer(r"\b[Mm]y\s+parents\s*,\s*([A-Z][^,;.]{2,60}?)\s*,", text):
        found |= {p for p in people if p.split()[0] in match.group(1).split() and sal.gender.get(p) == gender
                  and p.split()[-1] in match.group(1).split()}
    return found


def nationals(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"The Chinese", "the Germans" as a speaker: the country, speaking by its government."""
    words = [t for t in doc[s:e] if not t.is_punct]
    if len(words) != 2 or words[0].lower_ != "the" or words[1].ent_type_ != "NORP":
        return None
    found = sal.nationality(words[1].text)
    return found if found is not None and found[1] == "country" else None


#: This module's rules in the order they are tried.
GROUP_RULES: tuple[DescriptionRule, ...] = (chamber_members, committee_members, named_group, called_so,
                                            named_relative, nationals)
