"""Resolving statements' speakers to actors (stancemap.actors.resolve).

The example article (examples/seed, 2024-05-28) is rebuilt here as the statement
records the extractor hands over; the expected actors are those an analyst codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from stancemap.actors.io import default_registry
from stancemap.actors.registry import ActorRegistry
from stancemap.actors.resolve import (
    candidate_names,
    document_full_names,
    expand_in_document,
    guess_type,
    is_group_mention,
    resolve_statements,
)
from stancemap.models import Actor, Statement, TextSpan

DATE = dt.date(2024, 5, 28)
DOC = "000_1978d43d598303c4"


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return default_registry()


def _offsets() -> Iterator[int]:
    start = 0
    while True:
        yield start
        start += 100


_starts = _offsets()


def statement(
    mention: str | None,
    name: str | None = None,
    kind: str | None = None,
    *,
    doc: str = DOC,
    date: dt.date | None = DATE,
) -> Statement:
    """A statement as the extractor hands it over: mention, fullest name, type."""
    start = next(_starts)
    speaker = TextSpan(start, start + len(mention), mention) if mention is not None else None
    content = TextSpan(start + 50, start + 60, "the content")
    return Statement(doc, content, speaker=speaker, date=date, speaker_name=name or mention, speaker_type=kind)


# (mention, speaker_name as the extractor gives it, speaker_type) -> expected actor, type
EXAMPLE = [
    # Josep Borrell: "Borrell noted", the byline "Josep Borrell The head of ..."
    (("Borrell", "Borrell", "person"), ("Josep Borrell", "person")),
    (("Josep Borrell", None, "person"), ("Josep Borrell", "person")),
    (("The head of the EU foreign policy department", None, None), ("Josep Borrell", "person")),
    (("The head of the EU foreign policy department", "Josep Borrell", "person"), ("Josep Borrell", "person")),
    # Jens Stoltenberg: named, and "said the NATO Secretary General" with or without the antecedent
    (("Jens Stoltenberg", None, "person"), ("Jens Stoltenberg", "person")),
    (("NATO Secretary General", "Jens Stoltenberg", "person"), ("Jens Stoltenberg", "person")),
    (("the NATO Secretary General", "Jens Stoltenberg", "person"), ("Jens Stoltenberg", "person")),
    (("the NATO Secretary General", None, None), ("Jens Stoltenberg", "person")),
    # Antony Blinken, misspelt in the article, and by title
    (("Anthony Blinkin", None, "person"), ("Antony Blinken", "person")),
    (("the US Secretary of State", "Anthony Blinkin", "person"), ("Antony Blinken", "person")),
    (("the US Secretary of State", None, None), ("Antony Blinken", "person")),
    # Volodymyr Zelenskyy
    (("Volodymyr Zelenskyy", None, "person"), ("Volodymyr Zelenskyy", "person")),
    (("The President of Ukraine", "Volodymyr Zelenskyy", "person"), ("Volodymyr Zelenskyy", "person")),
    (("The President of Ukraine", None, None), ("Volodymyr Zelenskyy", "person")),
    # countries, and the capital speaking for Ukraine
    (("Ukraine", None, "country"), ("Ukraine", "country")),
    (("Kyiv", None, "country"), ("Ukraine", "country")),
    (("Kyiv", None, None), ("Ukraine", "country")),
    (("the US", None, "country"), ("United States", "country")),
    (("US", None, "organisation"), ("United States", "country")),
    (("Germany", None, "country"), ("Germany", "country")),
    # the group: not in the registry, a new actor
    (("EU defence ministers", None, None), ("EU defence ministers", "group")),
    (("EU defence ministers", None, "organisation"), ("EU defence ministers", "group")),
]


def test_example_article_eight_actors(registry: ActorRegistry) -> None:
    statements = [statement(*given) for given, _ in EXAMPLE]
    resolved = resolve_statements(statements, registry)
    got = [(s.actor, s.actor_type) for s in resolved]
    assert got == [expected for _, expected in EXAMPLE]
    assert {s.actor for s in resolved} == {
        "Josep Borrell", "Jens Stoltenberg", "Antony Blinken", "Volodymyr Zelenskyy",
        "Ukraine", "United States", "Germany", "EU defence ministers",
    }
    # every resolution says how it was made and how sure it is
    for s in resolved:
        assert s.actor_method in {"exact", "alias", "title-by-date", "capital", "fuzzy", "surname-in-corpus", "new"}
        assert 0 < s.actor_confidence <= 1
    # the records are new; the input is untouched, offsets and content kept
    assert all(s.actor is None for s in statements)
    assert [s.speaker for s in resolved] == [s.speaker for s in statements]


@pytest.mark.parametrize(
    ("given", "method"),
    [
        (("Borrell", "Borrell", "person"), "surname-in-corpus"),
        (("Josep Borrell", None, "person"), "exact"),
        (("the NATO Secretary General", None, None), "title-by-date"),
        (("Anthony Blinkin", None, "person"), "fuzzy"),
        (("Kyiv", None, None), "capital"),
        (("the US", None, "country"), "alias"),
        (("EU defence ministers", None, None), "new"),
    ],
)
def test_example_methods(registry: ActorRegistry, given: tuple, method: str) -> None:
    doc = [statement(*given), statement("Josep Borrell", kind="person")]
    assert resolve_statements(doc, registry)[0].actor_method == method


def test_new_actors_get_lower_confidence(registry: ActorRegistry) -> None:
    known, new = resolve_statements([statement("Germany"), statement("EU defence ministers")], registry)
    assert new.actor_confidence < known.actor_confidence
    assert new.actor_confidence <= 0.5


@pytest.mark.xfail(reason="'EU countries' and 'EU defence ministers' are one actor only to a reader; needs coreference")
def test_eu_countries_is_the_group_of_ministers(registry: ActorRegistry) -> None:
    doc = [statement("EU defence ministers"), statement("EU countries")]
    assert resolve_statements(doc, registry)[1].actor == "EU defence ministers"


def test_eu_countries_is_at_least_a_group(registry: ActorRegistry) -> None:
    (out,) = resolve_statements([statement("EU countries")], registry)
    assert (out.actor, out.actor_type, out.actor_method) == ("EU countries", "group", "new")


# -- pronouns -------------------------------------------------------------------------


@pytest.mark.parametrize("pronoun", ["he", "He", "she", "they", "it", "We"])
def test_pronouns_without_a_name_get_no_actor(registry: ActorRegistry, pronoun: str) -> None:
    for st in (statement(pronoun), statement(pronoun, name=pronoun), statement(pronoun, kind="person")):
        (out,) = resolve_statements([st], registry)
        assert (out.actor, out.actor_type, out.actor_method, out.actor_confidence) == (None, None, None, None)


def test_pronoun_with_a_resolved_name_gets_the_actor(registry: ActorRegistry) -> None:
    (out,) = resolve_statements([statement("he", name="Jens Stoltenberg", kind="person")], registry)
    assert (out.actor, out.actor_method) == ("Jens Stoltenberg", "exact")


def test_statement_without_speaker(registry: ActorRegistry) -> None:
    (out,) = resolve_statements([statement(None)], registry)
    assert out.actor is None


# -- groups and new actors --------------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "kind", "actor", "actor_type"),
    [
        ("EU defence ministers", None, "EU defence ministers", "group"),
        ("Western officials", None, "Western officials", "group"),
        ("the Baltic states", None, "Baltic states", "group"),
        ("Hunter Biden", "person", "Hunter Biden", "person"),
        ("Camilla Stoltenberg", None, "Camilla Stoltenberg", "person"),
        (
            "the Ukrainian Helsinki Human Rights Union",
            "organisation",
            "Ukrainian Helsinki Human Rights Union",
            "organisation",
        ),
        ("Burkina Faso", "country", "Burkina Faso", "country"),  # a country by ISO 3166 (pycountry)
        ("Charlotte", "country", "Charlotte", "organisation"),  # a city speaking is its government, no country
        ("Tulsa", "country", "Tulsa", "organisation"),
        # an organisation word ends no name early and makes no person ("Federal Bureau" of "... of Prisons")
        ("the Federal Bureau of Prisons", "organisation", "Federal Bureau of Prisons", "organisation"),
        ("the Central and East European Coalition", None, "Central and East European Coalition", "organisation"),
    ],
)
def test_new_actors(registry: ActorRegistry, mention: str, kind: str | None, actor: str, actor_type: str) -> None:
    (out,) = resolve_statements([statement(mention, kind=kind)], registry)
    assert (out.actor, out.actor_type, out.actor_method) == (actor, actor_type, "new")


@pytest.mark.parametrize(("mention", "kind"), [("some allies", None), ("Some allies", "person"), ("band leader", None),
                                               ("the spokesman", "person")])
def test_generic_descriptions_are_no_actor(registry: ActorRegistry, mention: str, kind: str | None) -> None:
    (out,) = resolve_statements([statement(mention, kind=kind)], registry)
    assert (out.actor, out.actor_method) == (None, None)


def test_groups_do_not_fuzzy_match_organisations(registry: ActorRegistry) -> None:
    (out,) = resolve_statements([statement("UK defence ministers")], registry)
    assert (out.actor, out.actor_type) == ("UK defence ministers", "group")


def test_abbreviations_are_expanded_only_through_the_registry() -> None:
    reg = ActorRegistry([Actor("Germany", "country")])
    (out,) = resolve_statements([statement("the US", kind="country")], reg)
    assert (out.actor, out.actor_type, out.actor_method) == ("US", "country", "new")


# -- within the document ----------------------------------------------------------------


def test_surname_in_document_prefers_the_documents_person(registry: ActorRegistry) -> None:
    doc = [statement("Stoltenberg", kind="person"), statement("Camilla Stoltenberg", kind="person")]
    first, second = resolve_statements(doc, registry)
    assert (first.actor, first.actor_method) == ("Camilla Stoltenberg", "new")
    assert second.actor == "Camilla Stoltenberg"


def test_surname_outside_the_document_uses_the_registry(registry: ActorRegistry) -> None:
    doc = [statement("Stoltenberg", kind="person", doc="a"), statement("Camilla Stoltenberg", kind="person", doc="b")]
    first, second = resolve_statements(doc, registry)
    assert (first.actor, first.actor_method) == ("Jens Stoltenberg", "surname")
    assert (second.actor, second.actor_method) == ("Camilla Stoltenberg", "new")


def test_ambiguous_surname_in_document_is_not_expanded(registry: ActorRegistry) -> None:
    doc = [statement("Johnson", kind="person"), statement("Boris Johnson"), statement("Mike Johnson")]
    first = resolve_statements(doc, registry)[0]
    assert (first.actor, first.actor_method) == ("Johnson", "new")


def test_batch_keeps_order_and_documents_apart(registry: ActorRegistry) -> None:
    batch = [
        statement("Borrell", doc="one"),
        statement("Kyiv", doc="two"),
        statement("Josep Borrell", doc="one"),
        statement("he", doc="two"),
    ]
    out = resolve_statements(batch, registry)
    assert [s.doc_id for s in out] == ["one", "two", "one", "two"]
    assert [s.actor for s in out] == ["Josep Borrell", "Ukraine", "Josep Borrell", None]
    assert out[0].actor_method == "surname-in-corpus"


def test_title_resolution_uses_each_statements_date(registry: ActorRegistry) -> None:
    batch = [
        statement("the NATO Secretary General", date=dt.date(2024, 5, 28), doc="may"),
        statement("the NATO Secretary General", date=dt.date(2024, 11, 28), doc="nov"),
        statement("the NATO Secretary General", date=None, doc="undated"),
    ]
    out = resolve_statements(batch, registry)
    assert [s.actor for s in out] == ["Jens Stoltenberg", "Mark Rutte", "NATO Secretary General"]
    assert out[2].actor_method == "new"


def test_default_registry_is_used_when_none_given() -> None:
    (out,) = resolve_statements([statement("the Kremlin")])
    assert (out.actor, out.actor_method) == ("Russia", "capital")


# -- the small decisions ------------------------------------------------------------------


def test_candidate_names_fullest_first() -> None:
    st = statement("the NATO Secretary General", name="Jens Stoltenberg")
    assert candidate_names(st) == ["Jens Stoltenberg", "the NATO Secretary General"]


def test_document_full_names_skip_groups_and_surnames() -> None:
    doc = [statement("Borrell"), statement("Josep Borrell"), statement("EU defence ministers"), statement("he")]
    assert document_full_names(doc) == ["Josep Borrell"]


def test_expand_in_document() -> None:
    assert expand_in_document("Borrell", ["Josep Borrell"]) == "Josep Borrell"
    assert expand_in_document("Borrell's", ["Josep Borrell"]) == "Josep Borrell"
    assert expand_in_document("Blinken", ["Josep Borrell"]) is None


@pytest.mark.parametrize(
    ("mention", "group"),
    [("EU defence ministers", True), ("some allies", True), ("officials", True), ("the United States", False),
     ("Germany", False), ("Jens Stoltenberg", False), ("NATO allies", True), ("the Netherlands", False)],
)
def test_is_group_mention(mention: str, group: bool) -> None:
    assert is_group_mention(mention) is group


def test_guess_type() -> None:
    assert guess_type("Ukraine's Defence Ministry") == "organisation"
    assert guess_type("Hunter Biden") == "person"
    assert guess_type("a spokesperson") is None
