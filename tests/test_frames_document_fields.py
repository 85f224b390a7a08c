"""Issue 19: the store's DataFrames carry each document's byline, section, word count and genre."""

from __future__ import annotations

import datetime as dt

import pytest

from stancemap.models import Article, Coding, DocumentInfo, Statement, StoredStatement, TextSpan
from stancemap.store import Store
from stancemap.store.frames import (
    DOCUMENT_COLUMNS,
    STATEMENT_COLUMNS,
    document_rows,
    documents_frame,
    statement_rows,
)

TEXT = "Byline: Jo Writer\nBorrell said strikes are legitimate."
CONTENT = "strikes are legitimate."


def _said(info: DocumentInfo) -> StoredStatement:
    start = TEXT.index(CONTENT)
    st = Statement(info.doc_id, TextSpan(start, start + len(CONTENT), CONTENT), actor="Josep Borrell",
                   codings=(Coding("strike", "support", 0.8, "model:x"),))
    return StoredStatement(3, st, info)


def test_statement_rows_have_the_document_header_fields() -> None:
    info = DocumentInfo(1, "a", 1, title="T", author="Jo Writer", section="World", length=812, genre="op-ed")
    (row,) = statement_rows([_said(info)])
    assert (row["author"], row["section"], row["length"], row["genre"]) == ("Jo Writer", "World", 812, "op-ed")
    assert list(row) == list(STATEMENT_COLUMNS)
    assert STATEMENT_COLUMNS.index("author") == STATEMENT_COLUMNS.index("source") + 1  # with the document's fields


def test_statement_rows_without_header_fields_are_none() -> None:
    (row,) = statement_rows([_said(DocumentInfo(1, "a", 1))])
    assert (row["author"], row["section"], row["length"], row["genre"]) == (None, None, None, None)


def test_document_rows() -> None:
    docs = [DocumentInfo(1, "a", 1, date=dt.date(2024, 5, 28), title="T", source="Daily", url="https://x.org/a",
                  origin="a.txt", content_hash="h", author="Jo Writer", section="World", length=812, genre="news"),
            DocumentInfo(2, "b", 2)]
    rows = document_rows(docs)
    assert [list(r) for r in rows] == [list(DOCUMENT_COLUMNS)] * 2
    assert rows[0] == {"document_id": 1, "doc_id": "a", "version": 1, "date": dt.date(2024, 5, 28), "title": "T",
                       "source": "Daily", "url": "https://x.org/a", "author": "Jo Writer", "section": "World",
                       "length": 812, "genre": "news", "origin": "a.txt", "content_hash": "h"}
    assert (rows[1]["author"], rows[1]["length"], rows[1]["genre"]) == (None, None, None)


@pytest.fixture
def pandas():  # type: ignore[no-untyped-def]
    return pytest.importorskip("pandas", reason="pandas is not installed (pip install 'stancemap[frames]')")


@pytest.fixture
def stored(store: Store) -> Store:
    run = store.begin_run(pipeline_version="t", model="m", codebook_hash="", args={})
    start = TEXT.index(CONTENT)
    said = Statement("a", TextSpan(start, start + len(CONTENT), CONTENT), actor="Josep Borrell",
                     codings=(Coding("strike", "support", 0.8, "model:x"),))
    store.save_document(Article("a", TEXT, date=dt.date(2024, 5, 28), title="T", author="Jo Writer", section="World",
                                length=812, genre="op-ed", body_start=18), [said], run)
    store.save_document(Article("b", "Nothing said here.", date=dt.date(2024, 5, 29)), [], run)
    return store


def test_statements_and_codings_frames_from_the_store(stored: Store, pandas) -> None:  # type: ignore[no-untyped-def]
    for frame in (stored.statements(as_frame=True), stored.codings(as_frame=True)):
        assert frame.columns.tolist() == list(STATEMENT_COLUMNS)
        (row,) = frame.itertuples()
        assert (row.author, row.section, row.length) == ("Jo Writer", "World", 812)
        assert str(frame["length"].dtype) == "Int64"  # a word count, not a float


def test_documents_frame_from_the_store(stored: Store, pandas) -> None:  # type: ignore[no-untyped-def]
    frame = documents_frame(stored.documents())
    assert frame.columns.tolist() == list(DOCUMENT_COLUMNS)
    assert frame["doc_id"].tolist() == ["a", "b"]
    assert frame["author"].tolist()[0] == "Jo Writer" and pandas.isna(frame["author"].tolist()[1])
    assert frame["length"].tolist() == [812, pandas.NA] and str(frame["length"].dtype) == "Int64"
    assert str(frame["date"].dtype).startswith("datetime64")


def test_genre_from_the_store(stored: Store, pandas) -> None:  # type: ignore[no-untyped-def]
    assert stored.statements(as_frame=True)["genre"].tolist() == ["op-ed"]
    assert documents_frame(stored.documents())["genre"].tolist() == ["op-ed", "news"]
