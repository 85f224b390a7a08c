"""The word lists of in-document resolution (``nlp/data/coref_*.tsv``, ``roles.tsv``), read once, and the
registry facts the rules ask for often (country forms, role titles, a person's gender), cached per registry.
Used by :mod:`stancemap.nlp.salience`, :mod:`stancemap.nlp.coref` and the description rules.
"""

from __future__ import annotations

from functools import cache, lru_cache

from stancemap import datafiles
from stancemap.names.gender import first_name_gender
from stancemap.names.normalise import name_key
from stancemap.nlp.known_actors import KnownActors


@cache
def word_list(name: str) -> frozenset[str]:
    """The words of ``nlp/data/coref_<name>.tsv`` (first column, header row and ``#`` lines left out), read once.

    >>> sorted(word_list("relatives"))
    ['that', 'which', 'who', 'whom']
    """
    return frozenset(datafiles.word_list("stancemap.nlp", f"coref_{name}.tsv"))


PERSON_PRONOUNS = word_list("person_pronouns")
GROUP_PRONOUNS = word_list("group_pronouns")
THING_PRONOUNS = word_list("thing_pronouns")
POSSESSIVES = word_list("possessives")
FIRST_PERSON = word_list("first_person")
RELATIVES = word_list("relatives")
#: Heads of a phrase naming who acts for someone ("a Treasury spokeswoman", "aides to Sanders").
AGENT_HEADS = word_list("agent_heads")
#: Heads of a phrase naming something issued ("an ABC News poll", "the Fed's report").
ISSUED_HEADS = word_list("issued_heads")
#: Issued things whose issuer asks the public ("poll", "survey"): asked by an organisation, never a place.
POLL_HEADS = word_list("poll_heads")
#: Institution nouns a name can own ("the Obama administration", "Senate committee").
INSTITUTIONS = word_list("institutions")
#: Organisation nouns that, definite and singular, point back to the organisation last named.
ORGANISATION_NOUNS = word_list("organisation_nouns")
#: Heads whose person-agent is the campaign ("aides to Sanders" -> "Sanders campaign").
CAMPAIGN_HEADS = word_list("campaign_heads")
#: Person nouns that, definite and singular, point back to a person the article named
#: ("the candidate", "the retired neurosurgeon"); generic ones ("the source") are left alone.
DESCRIBED_PERSONS = word_list("described_persons")
#: Occupations that point back only to a person introduced with the same word ("the moderator").
INTRODUCED_PERSONS = word_list("introduced_persons")
#: Heads of one who speaks for someone ("a spokeswoman"): bare, the body or person just named.
SPOKESPEOPLE = word_list("spokespeople")
#: Heads of people quoted unnamed for what they know ("a campaign source"): only an organisation owns them.
UNNAMED_SOURCES = word_list("unnamed_sources")
#: Heads naming what a poll or report found ("the results"): issued by its issuer.
RESULT_HEADS = word_list("result_heads")


@lru_cache(maxsize=4)
def country_forms(known: KnownActors) -> dict[str, str]:
    """Written forms of the registry's countries, for "the president" of a document's country."""
    return known.country_forms()


def known_gender(known: KnownActors, name: str) -> str | None:
    """A person's gender from the registry, else from the first-name list, else ``None``."""
    return known.gender_of(name) or first_name_gender(name)


@lru_cache(maxsize=4)
def role_titles(known: KnownActors) -> frozenset[str]:
    """Name keys of the registry's role titles and their aliases ("secretary of state")."""
    keys = set()
    for role in known.roles:
        for title in (role.title, *role.aliases):
            keys.add(name_key(title))
    return frozenset(keys)


@lru_cache(maxsize=1)
def role_nouns() -> frozenset[str]:
    """Nouns naming a person by role (``nlp/data/roles.tsv``)."""
    return frozenset(datafiles.word_list("stancemap.nlp", "roles.tsv"))
