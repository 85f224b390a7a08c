"""Descriptions with a place or party: the person the article places there or puts in that party.

"The Vermont senator" is the person the text writes with Vermont ("Sen. Bernie Sanders (I-Vt.)"),
else the politician spoken of in this or the previous sentence whom the text places nowhere else;
"the Kentucky Republican" is one the registry or the text puts in the party. Used by
:class:`stancemap.nlp.descriptions.Descriptions`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from stancemap.names.antecedents import place_agrees
from stancemap.names.wordlists import PARTY_OF_WORD
from stancemap.nlp.coref_words import country_forms
from stancemap.nlp.known_actors import KnownActors
from stancemap.nlp.spans import doc_text

if TYPE_CHECKING:
    from stancemap.nlp.descriptions import Descriptions

__all__ = ["in_party", "is_politician", "other_party", "party_member_name", "placed_person", "unplaced_politician"]


def placed_person(sal: Descriptions, doc: Doc, s: int, places: list[str],
                  gender: str | None = None) -> tuple[str, str] | None:
    """The most salient person named before ``s`` whom the text places in every one of ``places``
    ("Sen. Bernie Sanders (I-Vt.)", "Vermont's Bernie Sanders" for "the Vermont senator")."""
    text = doc_text(doc)
    placed = set()
    for m in sal.mentions:
        if m.token >= s or m.type != "person" or m.name in placed:
            continue
        at = doc[m.token].idx  # the words around the mention, not the description's own after it
        if place_agrees(places, text[max(0, at - 40) : min(at + len(m.name) + 30, doc[s].idx)]):
            placed.add(m.name)
    return sal.best(s, {"person"}, gender, only=placed) if placed else None


def unplaced_politician(sal: Descriptions, doc: Doc, s: int, places: list[Token], gender: str | None,
                        party: str | None = None) -> tuple[str, str] | None:
    """"The Vermont senator declined ..." right after "Bernie Sanders ... said": the person spoken of in
    this or the previous sentence, when the registry knows them as a politician (of ``party``) and the
    text places them nowhere else; ``None`` for a country's word ("the French president": an office the
    registry resolves by date) or when no one fits."""
    countries = country_forms(sal.known)
    if not places or any(sal.ent_text(t) in countries for t in places):
        return None
    found = sal.best(s, {"person"}, gender, window=1)
    if found is None or not is_politician(sal.known, found[0]):
        return None
    if party is not None and not in_party(sal.known, found[0], party, date=sal.date):
        return None
    text = doc_text(doc)
    for m in sal.mentions:
        if m.name == found[0] and m.token < s:
            at = doc[m.token].idx
            near = sal.doc.char_span(max(0, at - 40), min(len(text), at + len(m.name) + 30),
                                      alignment_mode="expand")
            if near is not None and any(t.ent_type_ == "GPE" for t in near if not m.token <= t.i < m.token + 4):
                return None  # "Hillary Clinton spoke in Ohio": placed elsewhere
    return found


@lru_cache(maxsize=4096)
def is_politician(known: KnownActors, name: str) -> bool:
    """Whether the registry knows ``name`` as one who runs campaigns: an office or candidacy held,
    or a party membership with dates (a party's staff are members without)."""
    if name not in known:
        return False
    return bool(known.roles_of(name)) or any(m.start is not None for m in known.parties_of(name))


def in_party(known: KnownActors, name: str, party: str, written: Collection[str] = (),
             date: dt.date | None = None) -> bool:
    """Whether the registry ``known`` puts ``name`` in ``party`` on ``date`` (without a date: if it is their
    only party), else whether ``party`` is among the parties the text writes with a mention of them
    (``written``: "Sen. Rand Paul (R-Ky.)", "Republican Donald Trump"; see
    :func:`stancemap.names.antecedents.parties_written_with`). The registry's party, when it knows one, comes
    first."""
    registered = known.party_at(name, date)
    return registered == party if registered is not None else party in written


def party_member_name(sal: Descriptions, name: str, party: str, written: Collection[str]) -> str | None:
    """``name`` when it is in ``party`` (:func:`in_party`); for a surname two people share ("Trump" beside
    Donald and Ivanka Trump), the one of them in it."""
    if in_party(sal.known, name, party, written, sal.date):
        return name
    fulls = [n for n in sal.names.surname_genders(name) if in_party(sal.known, n, party, written, sal.date)]
    return fulls[0] if len(fulls) == 1 else None


def other_party(sal: Descriptions, span: Span, name: str) -> bool:
    """Whether the registry puts ``name`` in a party other than the one the description ``span`` names
    ("the Democratic nominee" is not Donald Trump)."""
    parties = {PARTY_OF_WORD[t.lower_] for t in span if t.lower_ in PARTY_OF_WORD}
    registered = sal.known.party_at(name, sal.date) if parties else None
    return registered is not None and registered not in parties
