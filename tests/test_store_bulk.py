"""Saving a batch of documents in one go stores exactly what saving them one by one stores,
with a number of SQL statements that does not grow with the batch (issue 8: the writer's cost)."""

from __future__ import annotations

import dataclasses
from typing import Any

import sqlalchemy as sa

from stancemap.models import Article, Statement
from stancemap.store import Store, summary
from stancemap.store.schema import actors, aliases, codings, documents, mentions, statements
from tests.test_store_summary import CODEBOOK, article, check, corpus, model


def mixed() -> list[tuple[Article, list[Statement]]]:
    """Documents with shared actors, spellings that are one actor, aliases and several codings."""
    return [
        *corpus(),
        article("d4", [("PolitiFact", "PolitiFact", "the claim is false", (model("aid", "oppose"),)),
                       ("the minister", "Josep Borrell", "aid must go on", (model("aid", "support", 0.9),))]),
        article("d5", [("Politifact", "Politifact", "the claim is true", ()),
                       ("the court", "U.S. Court of Appeals", "the law stands", ())]),
        article("d6", [("the court", "US Court of Appeals", "the ban is lifted", ()),
                       ("Borrell", "Josep Borrell", "strikes are lawful", (model("strike-russia", "support"),))]),
    ]


def contents(store: Store) -> dict[str, Any]:
    """Everything stored, with database ids replaced by what they point at."""
    with store.engine.connect() as connection:
        def rows(query: Any) -> list[tuple[Any, ...]]:
            return sorted(tuple(row) for row in connection.execute(query))

        actor = actors.alias("actor")
        document = documents.alias("document")
        statement = statements.alias("statement")
        return {
            "documents": rows(sa.select(documents.c.doc_id, documents.c.version, documents.c.text,
                                        documents.c.content_hash, documents.c.date)),
            "actors": rows(sa.select(actors.c.name, actors.c.type, actors.c.affiliation, actors.c.reviewed)),
            "aliases": rows(sa.select(aliases.c.alias, aliases.c.normalised, actor.c.name)
                            .join(actor, actor.c.id == aliases.c.actor_id)),
            "mentions": rows(sa.select(document.c.doc_id, mentions.c.start, mentions.c.end, mentions.c.text,
                                       actor.c.name, mentions.c.method, mentions.c.confidence)
                             .join(document, document.c.id == mentions.c.document_id)
                             .join(actor, actor.c.id == mentions.c.actor_id, isouter=True)),
            "statements": rows(sa.select(document.c.doc_id, statements.c.content_start, statements.c.content_text,
                                         statements.c.cue_text, statements.c.speaker_name, statements.c.kind,
                                         statements.c.confidence, actor.c.name)
                               .join(document, document.c.id == statements.c.document_id)
                               .join(actor, actor.c.id == statements.c.actor_id, isouter=True)),
            "codings": rows(sa.select(document.c.doc_id, statement.c.content_start, codings.c.issue_id,
                                      codings.c.stance, codings.c.confidence, codings.c.origin)
                            .join(statement, statement.c.id == codings.c.statement_id)
                            .join(document, document.c.id == statement.c.document_id)),
            "summary": summarised(check(store), dict(connection.execute(sa.select(actors.c.id, actors.c.name)).all())),
        }


def summarised(kept: summary.Summary, actor_names: dict[int, str]) -> summary.Summary:
    """``kept`` with statement counts per actor keyed by the actor's name (ids depend on insertion order)."""
    return dataclasses.replace(kept, actors={actor_names[i]: n for i, n in kept.actors.items()})


def saved(store_url: str, batches: list[list[tuple[Article, list[Statement]]]], *, bulk: bool) -> dict[str, Any]:
    with Store.open(store_url) as store:
        store.save_codebook(CODEBOOK)
        run = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
        for batch in batches:
            if bulk:
                store.save_documents(batch, run)
            else:
                for item_article, found in batch:
                    store.save_document(item_article, found, run)
        return contents(store)


def test_a_bulk_batch_stores_what_one_by_one_stores(store_url: str, other_store_url: str) -> None:
    bulk = saved(store_url, [mixed()[:4], mixed()[4:]], bulk=True)
    one_by_one = saved(other_store_url, [mixed()], bulk=False)
    assert bulk["statements"] and bulk["codings"] and bulk["aliases"]
    assert bulk == one_by_one


def test_new_versions_and_repeats_in_a_batch_are_stored_as_one_by_one(store_url: str, other_store_url: str) -> None:
    first = mixed()[:3]
    changed = article("d2", [("Scholz", "Olaf Scholz", "Ukraine may not use them",
                              (model("strike-russia", "oppose"),))])
    twice = article("d7", [("Kyiv", "Ukraine", "we need them", (model("aid", "support"),))])
    again = article("d7", [("Kyiv", "Ukraine", "we need them now", (model("aid", "support"),))])
    later = [changed, first[0], twice, again, mixed()[5]]
    bulk = saved(store_url, [first, later], bulk=True)
    assert bulk == saved(other_store_url, [first, later], bulk=False)
    assert [(doc_id, version) for doc_id, version, *_ in bulk["documents"]] == [
        ("d1", 1), ("d2", 1), ("d2", 2), ("d3", 1), ("d6", 1), ("d7", 1), ("d7", 2)]


def statements_sent(store_url: str, batch: list[tuple[Article, list[Statement]]]) -> int:
    with Store.open(store_url) as store:
        store.save_codebook(CODEBOOK)
        run = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
        sent = []
        sa.event.listen(store.engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
        assert all(i is not None for i in store.save_documents(batch, run))
        return len(sent)


def test_bulk_writing_sends_as_many_statements_for_32_documents_as_for_4(store_url: str, other_store_url: str) -> None:
    def documents_numbered(first: int, n: int) -> list[tuple[Article, list[Statement]]]:
        return [article(f"doc{i}", [("Borrell", "Josep Borrell", f"point {i}", (model("aid", "support"),)),
                                    (f"Speaker {i}", f"Speaker {i}", "a new actor", ())])
                for i in range(first, first + n)]

    assert statements_sent(store_url, documents_numbered(0, 32)) == statements_sent(
        other_store_url, documents_numbered(100, 4))
