"""The summaries (counts, review queue) equal a full recount after every kind of write, on both backends;
a person's "not relevant" is kept, survives reruns, is undoable and trains as unrelated."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from alembic import command

from stancemap.models import Actor, Article, Codebook, Coding, Issue, Statement
from stancemap.store import Store, curation, review, summary
from stancemap.store.codings import person_examples
from stancemap.store.migrations import alembic_config, upgrade
from tests.test_store_queries import said as statement_said

CODEBOOK = Codebook(
    issues=(
        Issue("strike-russia", "Strikes on Russia", "Ukraine may strike Russia with Western weapons."),
        Issue("aid", "Military aid", "The West should send more weapons."),
    ),
    hash="cb1",
)


#: every speaker a person, every statement confidently extracted
said = functools.partial(statement_said, actor_type="person", confidence=0.9)


def model(issue: str, stance: str, confidence: float = 0.7) -> Coding:
    return Coding(issue, stance, confidence, origin="model:keyword.v1")


def article(doc_id: str, sentences: list[tuple[str, str, str, tuple[Coding, ...]]],
            date: dt.date | None = dt.date(2024, 5, 1)) -> tuple[Article, list[Statement]]:
    """An article of ``(speaker, actor, rest, codings)`` sentences, each one statement."""
    text, found = "", []
    for speaker, actor, rest, codings in sentences:
        sentence = f"{speaker} said {rest}."
        found.append(said(doc_id, text + sentence[:-1], speaker, actor, *codings))
        text += sentence + " "
    return Article(doc_id, text, date=date), found


def corpus() -> list[tuple[Article, list[Statement]]]:
    return [
        article("d1", [("Borrell", "Josep Borrell", "strikes are lawful", (model("strike-russia", "support", 0.8),
                                                                            model("aid", "support", 0.6))),
                       ("Berlin", "Germany", "no strikes", (model("strike-russia", "oppose", 0.4),))]),
        article("d2", [("Scholz", "Olaf Scholz", "Ukraine may use them", (model("strike-russia", "support", 0.55),)),
                       ("Moscow", "Russia", "this means war", ())], date=None),
        article("d3", [("Stoltenberg", "Jens Stoltenberg", "allies should send more",
                        (model("aid", "support", 0.5), model("strike-russia", "neutral", 0.3)))]),
    ]


def check(store: Store) -> summary.Summary:
    with store.engine.connect() as connection:
        kept, counted = summary.stored(connection), summary.recount(connection)
    assert kept == counted
    return kept


def sid(store: Store, actor: str) -> int:
    return store.statements(actor=actor)[0].id


def test_summaries_equal_a_recount_after_every_kind_of_write(store: Store) -> None:
    store.save_codebook(CODEBOOK)
    run = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    items = corpus()
    assert store.save_documents(items[:2], run)[0] is not None  # bulk, one transaction
    store.save_document(*items[2], run)
    first = check(store)
    assert first.totals == {"actors": 5, "document_versions": 3, "documents": 3, "person_codings": 0,
                            "statements": 5}
    assert first.stances == {"aid": {"support": 2}, "strike-russia": {"oppose": 1, "support": 2, "neutral": 1}}

    # a rerun: unchanged texts write nothing; a changed text replaces d1's statements (new version)
    rerun = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    assert store.save_documents(items[1:], rerun) == [None, None]
    changed = article("d1", [("Borrell", "Josep Borrell", "strikes are lawful now",
                                (model("strike-russia", "support", 0.85),))])
    store.save_documents([changed, article("d4", [("Kyiv", "Ukraine", "we need them", (model("aid", "support"),))])],
                         rerun)
    after = check(store)
    assert after.totals["documents"] == 4 and after.totals["document_versions"] == 5
    assert after.stances["strike-russia"] == {"support": 2, "neutral": 1}  # Germany's d1 statement is gone

    # review actions, each checked
    borrell, scholz, moscow = sid(store, "Josep Borrell"), sid(store, "Olaf Scholz"), sid(store, "Russia")
    stoltenberg, kyiv = sid(store, "Jens Stoltenberg"), sid(store, "Ukraine")
    review.set_stance(store, borrell, "strike-russia", "oppose", "ana")
    check(store)
    review.accept(store, scholz, "ana")
    check(store)
    review.reject(store, moscow, "ana")
    check(store)
    review.not_relevant(store, stoltenberg, "strike-russia", "ben")
    check(store)
    review.set_speaker(store, kyiv, "Volodymyr Zelensky", "ana", actor_type="person")
    counted = check(store)
    assert counted.totals["actors"] == 7 and counted.totals["statements"] == 4  # Moscow is not a statement
    # undo, newest first: the speaker, "not a statement" and the stance come back
    assert review.undo(store, "ana").action == "speaker"
    check(store)
    assert review.undo(store, "ana").action == "reject"
    check(store)
    assert review.undo(store, "ben").action == "not-relevant"
    check(store)

    # actor curation: a merge and a split move statements between actors
    curation.merge(store, "Olaf Scholz", Actor("Germany", type="country"), {})
    merged = check(store)
    assert "Olaf Scholz" not in {a.name for a in store.actors()}
    germany = next(i for i, n in merged.actors.items() if n == 1)
    assert germany
    mentions = curation.mentions_of(store, "Germany")
    curation.split(store, "Germany", Actor("Olaf Scholz"), ["Scholz"], [m for m, _, _ in mentions], {})
    check(store)
    # the store's counts say the same
    assert store.counts()["stances"] == check(store).stances


def test_rebuild_and_the_migration_backfill_count_existing_stores(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.save_codebook(CODEBOOK)
        run = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
        store.save_documents(corpus(), run)
        review.set_stance(store, sid(store, "Germany"), "strike-russia", "support", "ana")
        review.not_relevant(store, sid(store, "Jens Stoltenberg"), "aid", "ana")
        expected = check(store)
        # a store from before 0004: the migration creates and fills the summaries
        config = alembic_config()
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0003")
        upgrade(store.engine)
        assert check(store) == expected
        with store.engine.begin() as connection:
            summary.rebuild(connection)
        assert check(store) == expected


def test_not_relevant_is_a_kept_person_decision(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store.save_codebook(CODEBOOK)
    run = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    items = corpus()
    store.save_documents(items, run)
    target = sid(store, "Jens Stoltenberg")
    review.not_relevant(store, target, "strike-russia", "ana")

    (found,) = store.statements(actor="Jens Stoltenberg")
    assert [(c.issue, c.origin) for c in found.statement.codings] == [("aid", "model:keyword.v1")]
    assert review.dismissals(store, [target]) == {target: [("strike-russia", "person:ana")]}
    queued, _ = review.review_queue(store, limit=50)
    assert target not in [s.id for s in queued]
    assert store.counts()["stances"]["strike-russia"] == {"oppose": 1, "support": 2}

    # a rerun over the same texts cannot bring the model's coding back, nor the statement into the queue
    rerun = store.begin_run(pipeline_version="t2", model="m", codebook_hash="cb1", args={})
    assert store.save_documents(items, rerun) == [None, None, None]
    (found,) = store.statements(actor="Jens Stoltenberg")
    assert "strike-russia" not in [c.issue for c in found.statement.codings]
    assert target not in [s.id for s in review.review_queue(store, limit=50)[0]]

    # stance learn learns it as an unrelated correction
    assert [(e.statement_id, e.issue_id, e.stance) for e in person_examples(store)] == [
        (target, "strike-russia", "unrelated")]
    from stancemap.training import person_corrections

    assert [label for _, label in person_corrections(store)["strike-russia"]["corrections"]] == ["unrelated"]

    # undo restores the model's coding and the queue
    assert review.undo(store, "ana").action == "not-relevant"
    (found,) = store.statements(actor="Jens Stoltenberg")
    assert ("strike-russia", "neutral") in [(c.issue, c.stance) for c in found.statement.codings]
    assert target in [s.id for s in review.review_queue(store, limit=50)[0]]
    assert review.dismissals(store, [target]) == {}
    assert person_examples(store) == []
    check(store)


def test_not_relevant_names_the_fix(store: Store) -> None:
    from stancemap.errors import StoreError

    store.save_codebook(CODEBOOK)
    run = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    store.save_documents(corpus(), run)
    with pytest.raises(StoreError, match="no issue 'nope'.*load the codebook"):
        review.not_relevant(store, sid(store, "Germany"), "nope", "ana")
    with pytest.raises(StoreError, match="no statement 99999"):
        review.not_relevant(store, 99999, "aid", "ana")
