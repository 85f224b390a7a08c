"""Issue 19: a document's genre goes out as DNA's document ``Type`` and comes back from it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap.ingest.dna import genre_for_type, load_dna
from stancemap.models import GENRES, Article, Coding, DocumentInfo, Statement, StoredStatement, TextSpan
from stancemap.report.dna import write_dna
from stancemap.store.repository import Store

TEXT = "Minister Anna Berg said a carbon tax is needed."


def _said(info: DocumentInfo) -> StoredStatement:
    st = Statement(info.doc_id, TextSpan(0, len(TEXT), TEXT), actor="Anna Berg", actor_type="person",
                   codings=(Coding("tax", "support", 0.8, "model:x"),))
    return StoredStatement(info.id, st, info)


def _types(path: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT Notes, Type FROM DOCUMENTS ORDER BY ID")
        return [(notes.splitlines()[0], kind) for notes, kind in rows]
    finally:
        db.close()


def test_every_genre_is_written_as_type_and_read_back(tmp_path: Path) -> None:
    infos = [DocumentInfo(n, f"d{n}", 1, date=dt.date(2024, 5, 28), title=f"T{n}", genre=g)
             for n, g in enumerate(GENRES, 1)]
    out = tmp_path / "genres.dna"
    write_dna([_said(info) for info in infos], out, texts=lambda info: TEXT)
    assert _types(out) == [(f"stancemap doc_id: d{n}", g) for n, g in enumerate(GENRES, 1)]
    corpus = load_dna(out)
    assert [(a.doc_id, a.genre, a.doc_type) for a in corpus.articles] == [
        (f"d{n}", g, g) for n, g in enumerate(GENRES, 1)]
    assert corpus.warnings == []


def test_unknown_genre_leaves_type_empty_and_reads_as_news(tmp_path: Path) -> None:
    out = tmp_path / "plain.dna"
    write_dna([_said(DocumentInfo(1, "d1", 1))], out, texts=lambda info: TEXT)  # no genre stored
    assert _types(out) == [("stancemap doc_id: d1", "")]
    (article,) = load_dna(out).articles
    assert article.genre == "news"


@pytest.mark.parametrize(("doc_type", "genre"), [
    ("", "news"), ("news", "news"), ("Newspaper article", "news"), ("Press release", "press-release"),
    ("press-release", "press-release"), ("Pressemitteilung", "press-release"), ("Op-Ed", "op-ed"),
    ("Editorial", "op-ed"), ("Opinion", "op-ed"), ("Speech", "speech"), ("Parliamentary debate", "debate"),
    ("Interview", "interview"), ("Hearing", "testimony"), ("TESTIMONY", "testimony"),
])
def test_dna_types_map_to_genres(doc_type: str, genre: str) -> None:
    assert genre_for_type(doc_type) == genre


def test_unknown_type_reads_as_news_with_one_warning_per_type(tmp_path: Path) -> None:
    out = tmp_path / "typed.dna"
    infos = [DocumentInfo(n, f"d{n}", 1, genre="news") for n in (1, 2, 3)]
    write_dna([_said(info) for info in infos], out, texts=lambda info: TEXT)
    db = sqlite3.connect(out)
    db.execute("UPDATE DOCUMENTS SET Type = 'Blog post' WHERE ID IN (1, 2)")
    db.commit()
    db.close()
    corpus = load_dna(out)
    assert [(a.genre, a.doc_type) for a in corpus.articles] == [("news", "Blog post"), ("news", "Blog post"),
                                                                 ("news", "news")]
    assert corpus.warnings == [
        f"{out}: 2 documents have the Type 'Blog post', which is not a stancemap genre "
        f"({', '.join(GENRES)}); they were read as news. For another genre, set their Type in DNA to one of these."]


def test_statements_command_writes_the_stored_genre(tmp_path: Path) -> None:
    from stancemap.cli import app

    db = tmp_path / "corpus.db"
    with Store.open(str(db)) as store:
        run = store.begin_run(pipeline_version="t", model="m", codebook_hash="", args={})
        for doc_id, genre in (("s1", "speech"), ("n1", "news")):
            st = Statement(doc_id, TextSpan(0, len(TEXT), TEXT), actor="Anna Berg", actor_type="person",
                           codings=(Coding("tax", "support", 0.8, "model:x"),))
            store.save_document(Article(doc_id, TEXT, date=dt.date(2024, 6, 1), genre=genre), [st], run)
    out = tmp_path / "out.dna"
    result = CliRunner().invoke(app, ["statements", "--db", str(db), "--format", "dna", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted((a.doc_id, a.genre) for a in load_dna(out).articles) == [("n1", "news"), ("s1", "speech")]


HEARING = ("Senator Boxer. The committee will come to order. Mr. Holloway, please begin.\n"
           "Mr. Holloway. Thank you, Madam Chairman. A carbon tax is a tax on working people.\n"
           "Senator Boxer. Does your council support the renewable standard?\n"
           "Mr. Holloway. No. A federal mandate would raise rates in rural states.\n")


def _untyped(tmp_path: Path, texts: list[str]) -> Path:
    out = tmp_path / "untyped.dna"
    infos = [DocumentInfo(n, f"d{n}", 1) for n in range(1, len(texts) + 1)]
    write_dna([_said(info) for info in infos], out, texts=lambda info: texts[info.id - 1])
    assert {kind for _, kind in _types(out)} == {""}
    return out


def test_an_untyped_hearing_transcript_is_read_as_testimony(tmp_path: Path) -> None:
    """A DNA database of hearings often leaves Type empty: its transcripts are not news."""
    out = _untyped(tmp_path, [HEARING, TEXT])
    assert [a.genre for a in load_dna(out).articles] == ["testimony", "news"]


def test_genre_option_sets_the_genre_of_untyped_documents_only(tmp_path: Path) -> None:
    from stancemap.ingest import read_paths

    out = _untyped(tmp_path, [HEARING, TEXT])
    db = sqlite3.connect(out)
    db.execute("UPDATE DOCUMENTS SET Type = 'Newspaper article' WHERE ID = 2")
    db.commit()
    db.close()
    articles = [a for a in read_paths([out], genre="speech") if isinstance(a, Article)]
    assert [a.genre for a in articles] == ["speech", "news"]
