"""Resolve statements' speakers to canonical actors.

For each statement, one decision per function:

1. :func:`candidate_names`: the names to try, the document's fullest name for
   the speaker first, then the mention; pronouns ("he", "they") are never names.
2. :func:`~stancemap.names.mentions.expand_in_document`: a lone surname ("Borrell") whose full name
   ("Josep Borrell") is another speaker's name in the same document becomes that
   name (method ``surname-in-corpus``).
   :func:`same_person_in_document`: a name the document writes fuller for the
   same person ("Len Burman", "AG Mukasey") is tried as that name first.
3. :meth:`ActorRegistry.lookup`: exact name, alias, title by date, capital,
   surname, fuzzy (see :mod:`stancemap.actors.registry`).
4. :func:`new_actor`: otherwise a new actor named after the cleaned name, typed
   from the extractor or the mention's shape (method ``new``); an organisation
   named without its parent takes the document's name with it, and one the
   registry has under another spelling ("Defense Department") is that actor.

A statement whose speaker is only a pronoun gets no actor (``actor=None``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stancemap.actors.io import default_registry
from stancemap.actors.registry import ActorRegistry, Resolution
from stancemap.actors.wordlists import word_list
from stancemap.models import ACTOR_TYPES, Statement
from stancemap.names.gender import is_first_name
from stancemap.names.mentions import ORGANISATION_WORDS, core_name, expand_in_document, looks_like_person_name
from stancemap.names.normalise import (
    NAME_SUFFIXES,
    REGNAL_NUMBERS,
    clean_display,
    descriptor_split,
    is_pronoun,
    is_titled_surname,
    name_key,
    normalise,
    one_person,
    same_person_name,
    surname,
    tokens,
)
from stancemap.names.orgnames import names_organisation, organisation_forms, parent_name
from stancemap.names.places import is_country_code, is_country_name, is_place
from stancemap.names.similarity import is_lone_surname, usable_lone_surname
from stancemap.names.textnames import DATE_WORDS, ORGANISATION_HEADS

#: Confidence of an actor created from the text alone.
NEW_CONFIDENCE = 0.5
#: Factor applied to the registry confidence when a surname was first expanded
#: to the full name given elsewhere in the same document.
IN_DOCUMENT_FACTOR = 0.95

#: Registry methods that rely on a mention having the shape of a name: a word written in
#: lower case ("many", "officials") is never matched by surname or fuzzily ("many" is not May).
NAME_SHAPE_METHODS: frozenset[str] = frozenset({"surname", "fuzzy"})


#: Leading words that make a noun phrase a group ("some allies", "many officials").
QUANTIFIERS: frozenset[str] = frozenset(word_list("quantifiers"))
#: Plural head nouns that name groups of people or states.
GROUP_NOUNS: frozenset[str] = frozenset(word_list("group_nouns"))
_GROUP_NOUNS = frozenset(w.lower() for w in GROUP_NOUNS)


#: Singular nouns for one unnamed person: a phrase ending in one names no one ("Democratic source").
_SINGULAR_PERSONS = frozenset(word_list("singular_persons"))
#: someone's something in lower case: a description of a thing or person of theirs, not a name
_POSSESSED = re.compile(r"^\S.*?['\u2019]s\s+(?:\S+\s+)*([a-z][\w-]*)$")
_POSSESSIVE_END = re.compile(r"['\u2019]s?$")
_POSSESSIVE_START = re.compile(r"\s*['\u2019]s\b")
#: Plural heads of records that speak for no one ("FEC filings", "court records"); a poll's or a report's
#: issuer is, and the extractor names it.
_DOCUMENTS = frozenset(word_list("document_nouns"))
#: Determiners and quantifiers that open a generic phrase; a capital on them is the sentence's.
_GENERIC_WORDS = frozenset(word_list("generic_openers"))
#: Plural heads of phrases describing people who do not speak as one ("Gulf sources", "hopefuls").
_GENERIC_HEADS = frozenset(word_list("generic_heads"))
_NUMBER_WORDS = ("two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|"
                 "seventy|eighty|ninety|hundred|half|a third|a quarter|a majority|majority|three-quarters|two-thirds")
#: A share of people ("Six in 10 voters", "55 percent of Republicans", "about half of Democrats").
_SHARE = re.compile(rf"(?i)\d\s*(?:%|percent)|\b(?:in|of)\s+(?:10|ten)\b|^(?:about|nearly|almost|roughly|some|over|"
                    rf"more than|fewer than|less than|just|only|at least)?\s*(?:\d[\d,.]*|{_NUMBER_WORDS})\b")


def is_group_mention(name: str) -> bool:
    """Whether a mention names a group of people or states ("EU defence ministers").

    >>> is_group_mention("EU defence ministers"), is_group_mention("some allies")
    (True, True)
    >>> is_group_mention("Josep Borrell"), is_group_mention("the United States")
    (False, False)

    A capitalised head is read as a proper name, so a headline-cased
    "G7 Foreign Ministers" is left to the extractor's type.
    """
    words = tokens(name)
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    if not words:
        return False
    written = clean_display(name).split()
    if written and written[-1][:1].isupper():  # a proper name: "the United States"
        return False
    head = words[-1]
    if head in _GROUP_NOUNS:
        return True
    return words[0] in QUANTIFIERS and len(words) > 1 and head.endswith("s")


def guess_type(name: str) -> str | None:
    """A type for a new actor from the shape of its name, or ``None`` when unsure.

    >>> guess_type("EU defence ministers"), guess_type("Camilla Stoltenberg"), guess_type("Labour Party")
    ('group', 'person', 'organisation')
    >>> guess_type("EU Member States")
    'group'
    """
    if is_group_mention(name):
        return "group"
    if any(w in ORGANISATION_WORDS for w in tokens(name)):
        return "organisation"
    if len(tokens(name)) >= 2 and tokens(name)[-1] in _GROUP_NOUNS:
        return "group"  # a capitalised plural head ("EU Member States", "G7 Foreign Ministers") is no person
    if looks_like_person_name(name):
        return "person"
    return None


def type_hint(name: str, speaker_type: str | None) -> str | None:
    """The type to match against: a plural group wins over the extractor's guess.

    >>> type_hint("EU defence ministers", "organisation"), type_hint("Kyiv", "country")
    ('group', 'country')
    """
    if is_group_mention(name):
        return "group"
    return speaker_type if speaker_type in ACTOR_TYPES else None


def candidate_names(statement: Statement) -> list[str]:
    """Names to try for a statement's speaker, fullest first; pronouns are dropped.

    >>> from stancemap.models import Statement, TextSpan
    >>> st = Statement("d", TextSpan(0, 1, "x"), speaker=TextSpan(0, 2, "he"), speaker_name="he")
    >>> candidate_names(st)
    []
    """
    names = [statement.speaker_name, statement.speaker.text if statement.speaker else None]
    if statement.speaker_name is None and statement.speaker_type is None and statement.speaker is not None:
        # the extractor names every speaker that can be an actor: an unnamed, untyped speaker span
        # is one it left unresolved on purpose ("some experts", "his body mass index", an unresolved "he")
        return []
    if _POSSESSIVE_START.match(statement.speaker_name or ""):
        return []  # "’s Note" of "Editor’s Note": a byline's fragment
    found: list[str] = []
    for name in names:
        if not name or not name.strip() or is_pronoun(name) or _open_quote(name):
            continue
        core = core_name(name)
        chosen = name.strip() if core == clean_display(name) else core
        if chosen and not is_pronoun(chosen) and chosen not in found:
            found.append(chosen)
    return found


def _open_quote(name: str) -> bool:
    """Whether a quotation opens in ``name`` and does not close: a title cut short ('the "Medicare')."""
    return name.count('"') % 2 == 1 or name.count("\u201c") > name.count("\u201d")


def document_full_names(statements: Sequence[Statement]) -> list[str]:
    """Person-like full names (two words or more) that a document gives its speakers."""
    found: dict[str, str] = {}
    for st in statements:
        for name in candidate_names(st):
            if st.speaker_type not in (None, "person") or not looks_like_person_name(name):
                continue
            key = normalise(name)
            if len(key.split()) >= 2 and not is_lone_surname(key):
                found.setdefault(key, clean_display(name))
    return list(found.values())


#: A plural word before names lists several people ("Democrats Hillary Clinton, Bernie Sanders").
_PLURAL = re.compile(r"[^s]s$")


def same_person_in_document(name: str, full_names: Sequence[str]) -> str | None:
    """The document's fullest name for the person ``name`` names another way, if it is another name:
    a short form of the first name or initials ("Len Burman" -> "Leonard E. Burman"), capitalised
    words before the name ("Minority Whip Richard J. Durbin") or an abbreviated title before the
    surname ("AG Mukasey"). Never two people's ("Bill Clinton", "Hillary Clinton").

    >>> same_person_in_document("Len Burman", ["Len Burman", "Leonard E. Burman", "Bill Clinton"])
    'Leonard E. Burman'
    >>> same_person_in_document("Bill Clinton", ["Hillary Clinton"]) is None
    True
    """
    prefix, rest = descriptor_split(name)
    if is_titled_surname(name):
        same = [n for n in full_names if surname(n) == surname(name)]
    elif len(rest) >= 2 and all(w[:1].isupper() and not w.endswith(":") and not _PLURAL.search(w)
                                for w in prefix):  # not "Democrats Hillary Clinton, Bernie Sanders and ..."
        same = [n for n in full_names if same_person_name(" ".join(rest), n)]
    else:
        return None
    best = one_person(same) if same else None
    return best if best is not None and normalise(best) != normalise(name) else None


def with_resolution(
    statement: Statement, resolution: Resolution, method: str | None = None, factor: float = 1.0,
    *, registry: ActorRegistry | None = None,
) -> Statement:
    """The statement with a registry actor set; ``method`` and ``factor`` override the registry's.

    With ``registry``, ``actor_affiliation`` is what the actor acted for on the
    statement's date (:meth:`ActorRegistry.affiliation_at`: an office's country,
    a campaign, the party); without, the actor's undated affiliation.
    """
    affiliation = (registry.affiliation_at(resolution.actor.name, statement.date)
                   if registry is not None and resolution.actor.name in registry else resolution.actor.affiliation)
    return statement.with_(
        actor=resolution.actor.name,
        actor_type=resolution.actor.type,
        actor_affiliation=affiliation,
        actor_method=method or resolution.method,
        actor_confidence=round(resolution.confidence * factor, 4),
    )


def new_actor(statement: Statement, name: str, kind: str | None = None) -> Statement:
    """The statement with a new actor named after ``name`` (cleaned for display).

    The type is ``kind`` if given, else from the mention's shape when it is a plural
    group, else from the extractor, else from :func:`guess_type`. A title written with
    its "The" keeps it when one word ("The Hill", a newspaper, is not a Mr. Hill).
    """
    display = clean_display(name)
    kind = kind or type_hint(display, statement.speaker_type) or guess_type(display)
    first = display.split()[0] if display.split() else ""
    if kind == "country" and not is_country_code(display) and not is_country_name(display):
        kind = "organisation"  # the extractor types every place so; a city or state speaks by its government
        # and "the I.R.S." tagged a place is an agency
    written = [statement.speaker_name, statement.speaker.text if statement.speaker is not None else None]
    titled = any(_titled_thing(display, w) for w in written)
    if kind == "person" and (names_organisation(display) or titled or (
            " " in display and is_place(first) and not is_first_name(first))):
        kind = "organisation"  # "Vermont Edition", "Western Journalism": a place's programme, no person
    elif looks_like_person_name(display) and (
            kind == "organisation" and (_MIDDLE_INITIAL.search(display) or _surname_of(statement, display))
            or kind == "group" and " " in display and is_first_name(first) and not display.endswith("s")):
        kind = "person"  # "Channing D. Phillips": a middle initial is a person's; "Roman Smbatyan" is no group
    if titled and kind == "organisation" and " " not in display and display.istitle():
        display = f"The {display}"  # one word that could be a surname
    return statement.with_(actor=display, actor_type=kind, actor_method="new", actor_confidence=NEW_CONFIDENCE)


#: A middle initial between two capitalised names ("Channing D. Phillips").
_MIDDLE_INITIAL = re.compile(r"^[A-Z][a-z\u00E0-\u024F'\-]+ [A-Z]\. [A-Z][\w'\-]+$")


def _surname_of(statement: Statement, display: str) -> bool:
    """Whether the speaker is written as the surname of ``display``, a full name opening with a first
    name that the document gave it ("Tiegen" -> "John Tiegen")."""
    written = clean_display(statement.speaker.text) if statement.speaker is not None else ""
    words = display.split()
    return (" " not in written and len(words) >= 2 and words[-1] == written and is_first_name(words[0]))


def _titled_thing(display: str, written: str | None) -> bool:
    """Whether the speaker is written "The" and a capitalised name ("The Advocate", "The Blaze"): the
    title of a newspaper or a work, never a person's name."""
    words = (written or "").split()
    return (len(words) >= 2 and words[0].lower() == "the" and " ".join(words[1:]) == display
            and all(w[:1].isupper() for w in words[1:]))


def no_actor(statement: Statement) -> Statement:
    """The statement with no actor (a pronoun nobody resolved)."""
    return statement.with_(
        actor=None, actor_type=None, actor_affiliation=None, actor_method=None, actor_confidence=None
    )


def resolve_statement(statement: Statement, registry: ActorRegistry, full_names: Sequence[str] = (),
                      names_here: Sequence[str] = ()) -> Statement:
    """Resolve one statement's speaker; ``full_names`` are its document's full speaker names and
    ``names_here`` all its speakers' names (for an organisation's name with its parent's)."""
    names = _with_fuller_names(candidate_names(statement), full_names)
    if not names:
        return no_actor(statement)
    expanded: str | None = None
    failed_surnames: set[str] = set()
    for name in names:
        hint = _surname_hint(name, type_hint(name, statement.speaker_type), full_names, registry, statement)
        if is_lone_surname(normalise(name)) and normalise(name) in failed_surnames:
            # the document's full name for this person is not in the registry: the bare surname must not be
            # matched to somebody else ("Derek Mitchell" is not Charles Michel), but it may be a registry
            # organisation's whole name that a headline's word was glued to ("Will Twitter Be Next?")
            found = registry.lookup(name, date=statement.date)
            if found is not None and found.method in ("exact", "alias") and found.actor.type != "person":
                return with_resolution(statement, found, registry=registry)
            continue
        full = expand_in_document(name, full_names) if hint in (None, "person") else None
        if full is not None:
            found = registry.lookup(full, type_hint=hint, date=statement.date)
            if found is not None:
                return with_resolution(statement, found, "surname-in-corpus", IN_DOCUMENT_FACTOR, registry=registry)
            expanded = expanded or full
            continue
        found = registry.lookup(name, type_hint=hint, date=statement.date)
        if found is not None and not (found.method in NAME_SHAPE_METHODS and name.islower()):
            return with_resolution(statement, found, registry=registry)
        if hint in (None, "person") and len(normalise(name).split()) >= 2 and looks_like_person_name(name):
            failed_surnames.add(surname(name))
    chosen = expanded or names[0]
    if is_generic_description(chosen) or extends_registry_person(chosen, registry):
        return no_actor(statement)  # an unresolved description ("band leader", "some allies") is no actor
    if not expanded:
        chosen = parent_name(chosen, names_here) or chosen
        found = _registry_spelling(chosen, registry, statement)
        if found is not None:
            return with_resolution(statement, found, registry=registry)
    return new_actor(statement, chosen, "person" if expanded else None)


def _with_fuller_names(names: list[str], full_names: Sequence[str]) -> list[str]:
    """``names`` with, before each, the document's fullest name for its person if that is another
    (:func:`same_person_in_document`)."""
    found: list[str] = []
    for name in names:
        fuller = same_person_in_document(name, full_names)
        found += [n for n in (fuller, name) if n and n not in found]
    return found


def _registry_spelling(name: str, registry: ActorRegistry, statement: Statement) -> Resolution | None:
    """The registry actor that has another spelling of the organisation ``name`` as its name or an
    alias (:func:`~stancemap.names.orgnames.organisation_forms`: "Defense Department" is "Department
    of Defense", an alias of "US Department of Defense")."""
    for form in sorted(organisation_forms(name) - {name_key(name)}):
        found = registry.lookup(form, type_hint=type_hint(name, statement.speaker_type), date=statement.date)
        if found is not None and found.method in ("exact", "alias"):
            return found
    return None


def _surname_hint(name: str, hint: str | None, full_names: Sequence[str], registry: ActorRegistry,
                  statement: Statement) -> str | None:
    """``"person"`` for a lone surname written as the speaker that the extractor typed an organisation
    or a place when it is a person's and no registry actor of that type: the surname of a full name of
    the document's that opens with a first name ("Bryne" after "Gary Byrne"), or, typed an
    organisation, of one registry person ("Trump said"); else ``hint``. A pronoun or a description
    the extractor gave the surname ("it", "the Sanders aide") keeps its type: a campaign's, maybe."""
    key, date = normalise(name), statement.date
    written = clean_display(statement.speaker.text) if statement.speaker is not None else ""
    if (hint not in ("organisation", "country") or " " in name.strip() or not usable_lone_surname(key)
            or written != name.strip() or any(w in ORGANISATION_WORDS for w in tokens(name))
            or is_country_name(name.strip())):
        return hint
    if registry.lookup(name, type_hint=hint, date=date) is not None:
        return hint  # "Twitter": a registry organisation, whoever else the article names so
    full = expand_in_document(name, full_names)
    if full is not None and is_first_name(full.split()[0]):
        return "person"
    found = registry.lookup(name, type_hint="person", date=date) if hint == "organisation" else None
    return "person" if found is not None and found.method == "surname" else hint


def extends_registry_person(name: str, registry: ActorRegistry) -> bool:
    """Whether ``name`` is a registry person's full name with capitalised words after it that no name
    has: a title cut short ("Donald Trump Wins", of a website "Cape Breton If Donald Trump Wins"),
    not a generational suffix ("Donald Trump Jr.") nor an organisation ("Donald Trump Foundation")."""
    words = clean_display(name).split()
    if len(words) < 3 or names_organisation(" ".join(words)) or not all(w[:1].isupper() for w in words):
        return False
    for i in range(2, len(words)):
        rest = [w.strip(".,").lower() for w in words[i:]]
        if any(w in NAME_SUFFIXES or w in REGNAL_NUMBERS or w in ORGANISATION_WORDS | ORGANISATION_HEADS
               for w in rest):
            return False
        found = registry.lookup(" ".join(words[:i]))
        if found is not None and found.method in ("exact", "alias") and found.actor.type == "person":
            return True
    return False


def is_generic_description(name: str) -> bool:
    """Whether an unresolved speaker phrase describes someone without naming anyone.

    No capitalised word beyond determiners ("band leader"), a quantifier first
    ("some Democrats", "one GOP source"), or a singular person noun that needs a
    name ("Democratic source", "a White House doctor"). Plural groups stay actors
    ("Western officials", "Clinton supporters").

    An indefinite phrase ("a Democratic senator", "A Clinton ally", "a recent poll of
    Indiana voters") introduces someone unnamed; a share of people ("Six in 10
    Virginia voters", "55 percent of Republicans") is respondents; a plural of
    people who do not speak as one ("Gulf sources", "the Republican hopefuls") is
    no one in particular. Someone's something in lower case ("Clarke's new company",
    "Pyongyang's only ally") describes without naming; a plural ("Trump's supporters") is a
    group and may stay one.

    >>> [is_generic_description(n) for n in ("band leader", "some Democrats", "Democratic source", "Western officials")]
    [True, True, True, False]
    >>> [is_generic_description(n) for n in ("a Democratic senator", "Six in 10 Ohio voters", "Gulf sources", "GOP")]
    [True, True, True, False]
    """
    written = name.strip().split()
    if written and written[0].lower() in ("a", "an"):
        return True
    if _SHARE.search(name.strip()):
        return True
    owned = _POSSESSED.match(name.strip())
    if owned and not owned.group(1).endswith("s"):  # "Clarke's new company", "Pyongyang's only ally"
        return True
    if written and written[-1].lower().strip(",.") in _GENERIC_HEADS | _DOCUMENTS:
        return True
    words = clean_display(name).split()
    capitals = [word for word in words if word[:1].isupper() and word.lower() not in _GENERIC_WORDS]
    if not capitals:
        return True
    if all(_POSSESSIVE_END.sub("", w).lower() in DATE_WORDS for w in capitals) and any(w.islower() for w in words):
        return True  # "The April survey", "Tuesday's poll": a date names no one
    if words and (words[0].lower() in QUANTIFIERS | {"one", "fellow", "another"} and words[0].lower() not in (
            "western", "european", "senior", "top")):
        return True
    return bool(words) and words[-1] in _SINGULAR_PERSONS


def resolve_statements(statements: Sequence[Statement], registry: ActorRegistry | None = None) -> list[Statement]:
    """Set ``actor``, ``actor_type``, ``actor_method`` and ``actor_confidence`` on statements.

    Parameters
    ----------
    statements : sequence of Statement
        One document's statements or a batch from many (grouped by ``doc_id``
        for the within-document step).
    registry : ActorRegistry, optional
        Defaults to :func:`stancemap.actors.io.default_registry`, the starter registry.

    Returns
    -------
    list of Statement
        New records in the input order.

    Examples
    --------
    >>> import datetime as dt
    >>> from stancemap.models import Statement, TextSpan
    >>> def st(mention, name=None):
    ...     return Statement("d", TextSpan(0, 1, "x"), speaker=TextSpan(0, len(mention), mention),
    ...                      speaker_name=name or mention, date=dt.date(2024, 5, 28))
    >>> out = resolve_statements([st("Borrell"), st("Josep Borrell"), st("Kyiv"), st("he")])
    >>> [(s.actor, s.actor_method) for s in out]
    [('Josep Borrell', 'surname-in-corpus'), ('Josep Borrell', 'exact'), ('Ukraine', 'capital'), (None, None)]
    """
    registry = registry if registry is not None else default_registry()
    by_doc: dict[str, list[Statement]] = {}
    for st in statements:
        by_doc.setdefault(st.doc_id, []).append(st)
    full_names = {doc: document_full_names(group) for doc, group in by_doc.items()}
    here = {doc: list(dict.fromkeys(n for st in group for n in candidate_names(st)[:1]))
            for doc, group in by_doc.items()}
    return [resolve_statement(st, registry, full_names[st.doc_id], here[st.doc_id]) for st in statements]
