"""Aliases are learned only from names tied to the actor; unsafe ones in old stores are repaired (issue 16)."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from stancemap.actors.aliases import is_name_like, is_safe_alias
from stancemap.cli.actors import actors_app
from stancemap.curation import add_alias, repair_aliases, unsafe_aliases
from stancemap.models import Article, Statement, TextSpan
from stancemap.names.normalise import name_key
from stancemap.store import curation as sql
from stancemap.store.actor_rows import alias_candidates
from stancemap.store.schema import aliases

DATE = dt.date(2016, 9, 30)


@pytest.mark.parametrize("alias, actor, safe", [
    ("Mr. Trump", "Donald Trump", True),
    ("Trump", "Donald Trump", True),
    ("Sen. Bernie Sanders", "Bernie Sanders", True),
    ("CCW", "Citizens for Clean Water", True),
    ("The Democratic presidential nominee", "Donald Trump", False),
    ("Editor's note", "Donald Trump", False),
    ("The president", "Michelle Obama", False),
    ("Barack Obama", "Michelle Obama", False),
    ("Pyongyang's only ally", "China", False),
    ("its economic lifeline", "China", False),
    ("candidate", "Ben Carson", False),
    ("Carlos Danger", "Anthony Weiner", False),  # a nickname the form does not tie: added by a person if wanted
])
def test_safe_aliases(alias, actor, safe):
    assert is_safe_alias(alias, actor) is safe


def test_name_like():
    assert is_name_like("Court of Appeals for the Tenth Circuit")
    assert not is_name_like("the Republican nominee") and not is_name_like("2 officials")


def _statement(speaker: str, name: str, actor: str) -> Statement:
    return Statement("d", TextSpan(30, 40, "the claim"), speaker=TextSpan(0, len(speaker), speaker),
                     speaker_name=name, actor=actor, actor_type="person", date=DATE)


def test_descriptions_are_not_learned_as_aliases():
    assert alias_candidates(_statement("The Democratic presidential nominee", "Donald Trump", "Donald Trump")) == []
    assert alias_candidates(_statement("Editor's note", "Editor's note", "Donald Trump")) == []
    assert alias_candidates(_statement("Mr. Trump", "Donald Trump", "Donald Trump")) == ["Mr. Trump"]


def test_old_store_aliases_are_listed_and_repaired_but_a_persons_are_kept(store, store_url):
    run = store.begin_run(pipeline_version="test", model=None, codebook_hash=None, args={})
    text = "Mr. Trump said the claim was false."
    store.save_document(Article("d", text, date=DATE), [_statement("Mr. Trump", "Donald Trump", "Donald Trump")], run)
    with store.engine.begin() as connection:  # what an older version learned
        owner = connection.execute(aliases.select()).first().actor_id
        for bad in ("The Democratic presidential nominee", "Editor's note"):
            # keyed as stored since migration 0009
            connection.execute(aliases.insert().values(actor_id=owner, alias=bad, normalised=name_key(bad)))
    add_alias(store, "Donald Trump", "The Donald", person="ann")  # a person's choice stays
    expected = [("Donald Trump", "Editor's note"), ("Donald Trump", "The Democratic presidential nominee")]
    assert sorted(unsafe_aliases(store)) == expected
    listed = CliRunner(env={"COLUMNS": "200"}).invoke(actors_app, ["repair-aliases", "--db", store_url])
    assert listed.exit_code == 0, listed.output
    assert "2 aliases to remove" in listed.output
    assert sorted(repair_aliases(store)) == expected
    left = {a for st in sql.stored_actors(store) for a in st.actor.aliases}
    assert left == {"Mr. Trump", "The Donald"}
    assert [e.kind for e in sql.edits(store)].count("alias-remove") == 2


def test_learned_aliases_record_document_and_evidence_and_actors_show_lists_them(store, store_url):
    run = store.begin_run(pipeline_version="test", model=None, codebook_hash=None, args={})
    text = "Mr. Trump said the claim was false."
    store.save_document(Article("d-trump", text, date=DATE),
                        [_statement("Mr. Trump", "Donald Trump", "Donald Trump")], run)
    add_alias(store, "Donald Trump", "The Donald", person="ann")
    (trump,) = [s for s in sql.stored_actors(store) if s.actor.name == "Donald Trump"]
    assert set(trump.alias_sources) == {("Mr. Trump", "d-trump", "speaker 'Mr. Trump' at 0-9"),
                                        ("The Donald", None, None)}
    shown = CliRunner(env={"COLUMNS": "200"}).invoke(actors_app, ["show", "Donald Trump", "--db", store_url])
    assert shown.exit_code == 0, shown.output
    assert "alias: Mr. Trump (learned from d-trump: speaker 'Mr. Trump' at 0-9)" in shown.output
    assert "alias: The Donald (added or imported)" in shown.output
