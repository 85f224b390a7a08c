"""SQL aggregation (store/aggregates.py) gives the same tallies and networks as the in-memory path."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from stancemap.analysis import (
    Selection,
    keep_all,
    observations,
    per_document,
    per_month,
    per_range,
    per_week,
    per_year,
    select,
    tally,
)
from stancemap.models import Coding
from stancemap.network import agreement, congruence_network, subtract_network, two_mode
from stancemap.store import aggregates, schema
from tests.test_network_corpus import ACTORS, corpus, insert, make


@pytest.fixture
def engine(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'agg.db'}")
    insert(engine, corpus())
    yield engine
    engine.dispose()


def as_rows(found, with_ids=True):
    return [(t.actor, t.issue, t.stance, t.count, round(t.value, 6), t.statements, t.first, t.last,
             t.ids if with_ids else ()) for t in found]


@pytest.mark.parametrize("rule", [keep_all, per_document, per_week, per_month, per_year, per_range])
@pytest.mark.parametrize("confidence", [False, True])
def test_sql_tallies_equal_memory_tallies(engine, rule, confidence):
    in_memory = tally(observations(corpus(), confidence=confidence), rule)
    in_sql = aggregates.tallies(engine, duplicates=rule, confidence=confidence, evidence=True)
    assert as_rows(in_sql) == as_rows(in_memory)
    assert {t.actor_type for t in in_sql} == {"person", "country", "organisation"}


@pytest.mark.parametrize(
    "criteria",
    [
        {"issues": ["y"]},
        {"actors": ["A", "D"], "exclude_issues": ["y"]},
        {"actor_types": ["person"]},
        {"affiliations": ["C"]},
        {"sources": ["AP"]},
        {"exclude_sources": ["AP"]},
        {"since": dt.date(2024, 1, 10), "until": dt.date(2024, 2, 15)},
        {"min_confidence": 0.8},
        {"exclude_actors": ["B"]},
        {"origin": "person"},
    ],
)
def test_sql_selection_equals_memory_selection(engine, criteria):
    selection = Selection.of(**criteria)
    in_memory = tally(observations(select(corpus(), selection, actor_records=ACTORS)), per_document)
    in_sql = aggregates.tallies(engine, selection, evidence=True)
    assert as_rows(in_sql) == as_rows(in_memory)


def test_networks_from_sql_tallies(engine):
    found = aggregates.tallies(engine)
    assert all(t.ids == () for t in found)  # no evidence unless asked
    G = congruence_network(found, actors=ACTORS)
    assert {tuple(sorted(e)): d["weight"] for *e, d in G.edges(data=True)} == {("A", "B"): 2.0, ("B", "C"): 1.0}
    assert "statement_ids" not in G["A"]["B"]
    assert G.nodes["A"]["affiliation"] == "C"
    assert subtract_network(found)["A"]["C"]["weight"] == -2.0
    assert two_mode(found, agreement=agreement.ignore)["B"]["x"]["weight"] == 2.0


def test_person_coding_replaces_model_coding_in_sql(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'p.db'}")
    st = make(1, "A", "d1", [("x", "oppose", 0.6)])
    insert(engine, [st])
    with engine.begin() as conn:
        for origin, stance in (("person:ann", "support"), ("person:bob", "neutral")):
            conn.execute(schema.codings.insert().values(statement_id=1, issue_id="x", stance=stance,
                                                        confidence=1.0, origin=origin))
    (t,) = aggregates.tallies(engine)
    assert (t.stance, t.count) == ("neutral", 1)  # the latest person's coding wins
    # the model's coding was corrected by people: a model-only selection leaves it out, as in memory
    assert aggregates.tallies(engine, Selection.of(origin="model")) == []
    assert select([st.__class__(1, st.statement.with_(codings=st.statement.codings + (
        Coding("x", "support", 1.0, "person:ann"),)), st.document)], origin="model") == []
    engine.dispose()


def test_older_document_versions_do_not_count(engine):
    with engine.begin() as conn:
        conn.execute(schema.documents.insert().values(id=99, doc_id="d1", version=2, content_hash="v2", text="",
                                                      date=dt.date(2024, 1, 1), origin="d1"))
    # d1 (statements 1 and 2) is superseded by a version without statements
    assert ("A", "x", "support") not in {(t.actor, t.issue, t.stance) for t in aggregates.tallies(engine)}


def test_date_range_and_count(engine):
    assert aggregates.date_range(engine) == (dt.date(2024, 1, 1), dt.date(2024, 2, 20))
    assert aggregates.count_codings(engine) == 9
    assert aggregates.count_codings(engine, Selection.of(issues=["y"])) == 3


def test_custom_rules_have_no_sql_form(engine):
    def per_source(obs):
        return obs.document

    with pytest.raises(ValueError, match="has no SQL form"):
        aggregates.tallies(engine, duplicates=per_source)


def test_store_and_connection_are_accepted(engine):
    from stancemap.store.repository import Store

    store = Store(engine)
    assert aggregates.tallies(store) == aggregates.tallies(engine)
    with engine.connect() as conn:
        assert aggregates.tallies(conn) == aggregates.tallies(engine)


@pytest.mark.parametrize("rule", [keep_all, per_document, per_week, per_month, per_year, per_range])
def test_sql_tallies_on_every_backend(store_url, rule):
    """SQLite and PostgreSQL (``STANCEMAP_TEST_PG_URL``) aggregate alike, buckets and evidence included."""
    engine = sa.create_engine(store_url)
    try:
        insert(engine, corpus())
        for confidence in (False, True):
            in_memory = tally(observations(corpus(), confidence=confidence), rule)
            in_sql = aggregates.tallies(engine, duplicates=rule, confidence=confidence, evidence=True)
            assert as_rows(in_sql) == as_rows(in_memory)
        selection = Selection.of(affiliations=["C"], exclude_sources=["AP"], min_confidence=0.5)
        assert as_rows(aggregates.tallies(engine, selection, duplicates=rule, evidence=True)) == as_rows(
            tally(observations(select(corpus(), selection, actor_records=ACTORS)), rule))
    finally:
        engine.dispose()
