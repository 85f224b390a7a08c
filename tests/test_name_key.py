"""One notion of "the same name" (issue 20 item 2): actor identity, aliases, the registry and
coreference all key names with :func:`stancemap.names.normalise.name_key`."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stancemap.actors.registry import ActorRegistry
from stancemap.models import Actor
from stancemap.names.normalise import match_keys, name_key, normalise, title_key, tokens
from stancemap.store import Store, curation
from tests.test_store_summary import CODEBOOK, article

VERSIONS = Path(__file__).resolve().parents[1] / "src" / "stancemap" / "store" / "migrations" / "versions"

#: spellings of one name
SAME = [
    ("U.S. Court of Appeals", "US Court of Appeals"),
    ("Politifact", "PolitiFact"),
    ("Élisabeth Borne", "Elisabeth Borne"),
    ("Łukasz Nowak", "Lukasz Nowak"),
    ("O\u2019Neill Institute", "O'Neill Institute"),  # curly and straight apostrophes
    ("O\u2018Neill Institute", "ONeill Institute"),  # a left quotation mark typed as an apostrophe
    ("O\u02bcNeill Institute", "O`Neill Institute"),  # modifier letter apostrophe, backtick
    ("  Josep   BORRELL ", "Josep Borrell"),
    ("Jean-Yves Le Drian", "Jean Yves Le Drian"),
    ("F.A.A", "F.A.A."),
]

#: names that differ by more than spelling: a leading "The", a title, a given name, a letter
DIFFERENT = [
    ("The Guardian", "Guardian"),
    ("Pope Francis", "Francis"),
    ("Jens Stoltenberg", "Camilla Stoltenberg"),
    ("US Court of Appeals", "UK Court of Appeals"),
]

#: words and the marks a name may carry
names = st.lists(
    st.sampled_from(list("abcAZéÉłßıﬁ -.,'\u2019\u02bc\u2018`_&0") + ["The ", "the ", "s "]), max_size=20
).map("".join) | st.text(max_size=20)


@pytest.mark.parametrize(("a", "b"), SAME)
def test_spellings_of_one_name_have_one_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_have_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@settings(max_examples=300, deadline=None)
@given(names)
def test_the_looser_keys_are_built_on_name_key(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key  # a key is its own key
    assert title_key(text) == name_key(title_key(text))
    assert normalise(text) == name_key(normalise(text))
    if "s" not in text.casefold():  # no possessive to drop: the words are the name key's
        assert " ".join(tokens(text)) == key


@pytest.mark.parametrize(("a", "b", "same"), [(a, b, True) for a, b in SAME] + [(a, b, False) for a, b in DIFFERENT])
def test_same_actor_if_and_only_if_same_alias(store: Store, a: str, b: str, same: bool) -> None:
    """Two spellings are one stored actor exactly when they are one alias (and the name key says so)."""
    store.save_codebook(CODEBOOK)
    run = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    store.save_documents([article("d1", [("X", a.strip(), "one thing", ())]),
                          article("d2", [("Y", b.strip(), "another thing", ())])], run)
    one_actor = len(store.actors()) == 1
    found_by_other_spelling = {s.statement.actor for s in store.statements(actor=b)} == {a.strip()}

    curation.add_alias(store, Actor("Court", "organisation"), a, {})
    curation.add_alias(store, Actor("Other", "organisation"), b, {})  # takes the alias when it is the same
    aliases = {actor.name: actor.aliases for actor in store.actors()}
    one_alias = aliases["Court"] == ()

    assert one_actor == one_alias == found_by_other_spelling == same == (name_key(a) == name_key(b))


@pytest.mark.parametrize(("a", "b"), SAME)
def test_the_registry_finds_every_spelling_of_a_name_or_alias(a: str, b: str) -> None:
    registry = ActorRegistry([Actor(a.strip(), "organisation")])
    assert match_keys(a) == match_keys(b)
    found = registry.lookup(b)
    assert found is not None and found.actor.name == a.strip()
    only_alias = ActorRegistry([Actor("Holder", "organisation", aliases=(a,))]).lookup(b)
    assert only_alias is not None and (only_alias.actor.name, only_alias.method) == ("Holder", "alias")


def test_registry_keys_are_looser_than_identity() -> None:
    """The registry matches mentions: a leading "the" and a title before a name do not count there."""
    assert match_keys("The Guardian") == match_keys("Guardian") == ["guardian"]
    assert normalise("the U.S.'s") == name_key("US")


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("the group\u2019s chairman", "group chairman"),
        ("The group's Chairman,", "group chairman"),
        ("that U.S. envoy", "us envoy"),
        ("the Élysée adviser", "elysee adviser"),
        ("the", ""),
        ("this", ""),
    ],
)
def test_title_key_drops_possessives_and_leading_determiners(written: str, key: str) -> None:
    assert title_key(written) == key


def test_coreference_matches_titles_with_title_key() -> None:
    from stancemap.nlp import coref

    assert not hasattr(coref, "_norm")
    assert coref.title_key is title_key


def test_migrations_carry_frozen_copies_of_what_they_need() -> None:
    """No migration imports stancemap: what a migration wrote must never change with the library."""
    for path in sorted(VERSIONS.glob("0*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert not [m for m in imported if m.split(".")[0] == "stancemap"], path.name


def _frozen_key():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("migration_0009", VERSIONS / "0009_alias_name_key.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.name_key


@settings(max_examples=300, deadline=None)
@given(names)
def test_stored_keys_are_todays_keys(text: str) -> None:
    """The newest migration that rekeys names wrote today's name key.

    When this fails, ``name_key`` changed: stored ``actors.name_key`` and
    ``aliases.normalised`` are stale. Add a migration that rekeys them with a
    frozen copy of the new key (as 0009 does) and point this test at it.
    """
    assert _frozen_key()(text) == name_key(text)


@pytest.mark.parametrize(("a", "b"), SAME + DIFFERENT)
def test_frozen_key_on_the_examples(a: str, b: str) -> None:
    frozen = _frozen_key()
    assert (frozen(a), frozen(b)) == (name_key(a), name_key(b))
