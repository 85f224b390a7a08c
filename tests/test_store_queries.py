"""Querying statements: filters, ordering, people's codings, counts."""

from __future__ import annotations

import datetime as dt

import pytest

from stancemap.errors import StoreError
from stancemap.models import Article, Codebook, Coding, Issue, Statement, TextSpan
from stancemap.store import Store

ISSUES = Codebook(
    issues=(
        Issue("strike-russia", "Strikes on Russia", "Ukraine may strike Russia with Western weapons."),
        Issue("aid", "Military aid", "The West should send more weapons."),
    ),
    hash="cb1",
)


def said(doc_id: str, text: str, speaker: str, actor: str, *codings: Coding, name: str | None = None,
         actor_type: str | None = None, confidence: float = 0.5) -> Statement:
    """A statement whose speaker is ``speaker`` and content the rest of ``text``.

    The actor is a country when it is Germany or Russia, a person otherwise, unless ``actor_type`` says.
    """
    start = text.index(speaker)
    content_start = start + len(speaker) + len(" said ")
    return Statement(
        doc_id=doc_id,
        speaker=TextSpan(start, start + len(speaker), speaker),
        cue=TextSpan(start + len(speaker) + 1, start + len(speaker) + 5, "said"),
        content=TextSpan(content_start, len(text), text[content_start:]),
        speaker_name=name or speaker,
        actor=actor,
        actor_type=actor_type or ("country" if actor in ("Germany", "Russia") else "person"),
        actor_method="exact",
        actor_confidence=1.0,
        confidence=confidence,
        codings=codings,
    )


def model(issue: str, stance: str) -> Coding:
    return Coding(issue, stance, 0.7, origin="model:keyword.v1")


@pytest.fixture
def corpus(store: Store) -> Store:
    """Four dated articles (one undated) by three actors."""
    store.save_codebook(ISSUES)
    run = store.begin_run(pipeline_version="0.1.0", model="m", codebook_hash="cb1", args={})
    docs = [
        ("d-feb", dt.date(2024, 2, 1), "Berlin said no strikes inside Russia.", "Berlin", "Germany",
         [model("strike-russia", "oppose")]),
        ("d-may", dt.date(2024, 5, 28), "Borrell said strikes are lawful.", "Borrell", "Josep Borrell",
         [model("strike-russia", "support"), model("aid", "support")]),
        ("d-jun", dt.date(2024, 6, 3), "Scholz said Ukraine may use them.", "Scholz", "Germany",
         [model("strike-russia", "support")]),
        ("d-none", None, "Moscow said this means war.", "Moscow", "Russia", []),
    ]
    for doc_id, date, text, speaker, actor, codings in docs:
        statement = said(doc_id, text, speaker, actor, *codings)
        store.save_document(Article(doc_id, text, date=date), [statement], run)
    return store


def doc_ids(found) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.document.doc_id for item in found]


def test_order_is_by_date_then_document_undated_last(corpus: Store) -> None:
    assert doc_ids(corpus.statements()) == ["d-feb", "d-may", "d-jun", "d-none"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Germany", ["d-feb", "d-jun"]),
        ("germany", ["d-feb", "d-jun"]),
        # aliases (mention texts that differ from the name) select the actor's statements
        ("  BERLIN ", ["d-feb", "d-jun"]),
        ("scholz", []),  # a person's name is never learned as an alias of a country (issue 16)
        ("Josep Borrell", ["d-may"]),
        ("borrell", ["d-may"]),
        ("moscow", ["d-none"]),
        ("Nobody", []),
    ],
)
def test_filter_by_actor_name_or_alias(corpus: Store, name: str, expected: list[str]) -> None:
    assert doc_ids(corpus.statements(actor=name)) == expected


def test_aliases_of_an_actor_include_all_mentions(corpus: Store) -> None:
    germany = next(a for a in corpus.actors() if a.name == "Germany")
    # the capital is the registry's own name for the government; "Scholz" is a person, not an alias
    assert (germany.type, germany.aliases) == ("country", ("Berlin",))


def test_filter_by_issue_and_dates(corpus: Store) -> None:
    assert doc_ids(corpus.statements(issue="strike-russia")) == ["d-feb", "d-may", "d-jun"]
    assert doc_ids(corpus.statements(issue="aid")) == ["d-may"]
    with pytest.raises(StoreError, match=r"no issue 'unknown' in .*; known issues, closest first: "):
        corpus.statements(issue="unknown")  # an unknown issue id is an error, not an empty list
    assert doc_ids(corpus.statements(since=dt.date(2024, 5, 28))) == ["d-may", "d-jun"]
    assert doc_ids(corpus.statements(until=dt.date(2024, 5, 28))) == ["d-feb", "d-may"]
    assert doc_ids(corpus.statements(since=dt.date(2024, 3, 1), until=dt.date(2024, 5, 31))) == ["d-may"]
    assert doc_ids(corpus.statements(actor="germany", issue="strike-russia", since=dt.date(2024, 3, 1))) == [
        "d-jun"
    ]
    may = corpus.statements(issue="aid")[0]
    assert doc_ids(corpus.statements(document_id=may.document.id)) == ["d-may"]
    # the issue filter keeps the statement's other codings too
    assert {c.issue for c in may.statement.codings} == {"strike-russia", "aid"}


def test_person_coding_wins_and_survives_reruns(corpus: Store) -> None:
    (feb,) = corpus.statements(actor="Germany", until=dt.date(2024, 3, 1))
    assert [(c.stance, c.origin) for c in feb.statement.codings] == [("oppose", "model:keyword.v1")]
    assert corpus.counts()["stances"]["strike-russia"] == {"oppose": 1, "support": 2}

    corpus.add_person_coding(feb.id, "strike-russia", "neutral", "ana")
    (feb,) = corpus.statements(document_id=feb.document.id)
    assert [(c.issue, c.stance, c.origin, c.confidence) for c in feb.statement.codings] == [
        ("strike-russia", "neutral", "person:ana", 1.0)
    ]
    assert corpus.counts()["stances"]["strike-russia"] == {"neutral": 1, "support": 2}

    # a second person, then the first again: the latest person's coding wins
    corpus.add_person_coding(feb.id, "strike-russia", "support", "person:ben")
    corpus.add_person_coding(feb.id, "strike-russia", "oppose", "ana")
    (feb,) = corpus.statements(document_id=feb.document.id)
    assert [(c.stance, c.origin) for c in feb.statement.codings] == [("oppose", "person:ana")]
    assert corpus.counts()["codings"] == 6  # 4 model codings + ben's + ana's latest

    # a rerun on the same text writes nothing, so the person's coding stays
    text = "Berlin said no strikes inside Russia."
    rerun = corpus.begin_run(pipeline_version="0.2.0", model="m", codebook_hash="cb1", args={})
    again = said("d-feb", text, "Berlin", "Germany", model("strike-russia", "support"))
    assert corpus.save_document(Article("d-feb", text, date=dt.date(2024, 2, 1)), [again], rerun) is None
    (feb,) = corpus.statements(document_id=feb.document.id)
    assert [(c.stance, c.origin) for c in feb.statement.codings] == [("oppose", "person:ana")]


def test_person_coding_on_an_issue_the_model_did_not_code(corpus: Store) -> None:
    (moscow,) = corpus.statements(actor="Russia")
    corpus.add_person_coding(moscow.id, "aid", "oppose", "ana")
    (moscow,) = corpus.statements(actor="Russia", issue="aid")
    assert [(c.issue, c.stance) for c in moscow.statement.codings] == [("aid", "oppose")]
    # undated documents count too
    assert corpus.counts()["stances"]["aid"] == {"oppose": 1, "support": 1}


def test_person_coding_is_checked(corpus: Store) -> None:
    first = corpus.statements()[0]
    with pytest.raises(StoreError, match="not one of support, oppose, neutral"):
        corpus.add_person_coding(first.id, "strike-russia", "maybe", "ana")
    with pytest.raises(StoreError, match="no statement 99999"):
        corpus.add_person_coding(99999, "strike-russia", "support", "ana")
    with pytest.raises(StoreError, match="no issue 'nope'"):
        corpus.add_person_coding(first.id, "nope", "support", "ana")


def test_counts(corpus: Store) -> None:
    assert corpus.counts() == {
        "documents": 4,
        "statements": 4,
        "actors": 3,
        "codings": 4,
        "failures": 0,
        "runs": 1,
        "stances": {"aid": {"support": 1}, "strike-russia": {"oppose": 1, "support": 2}},
    }


def test_empty_store(store: Store) -> None:
    assert store.statements() == []
    assert store.documents() == []
    assert store.actors() == []
    assert store.failures() == []
    assert store.runs() == []
    assert store.counts()["stances"] == {}
    with pytest.raises(KeyError):
        store.document_text(1)
