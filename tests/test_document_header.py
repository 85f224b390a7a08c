"""A document's byline, section and length (issue 19): read from archives and rows, stored, shown, exported.

Every article here is invented (see tests/archives_data.py); no publisher's text is used.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from stancemap.ingest import read_paths
from stancemap.ingest.dna import load_dna
from stancemap.models import Article, Coding, Statement, TextSpan
from stancemap.report.dna import write_dna
from stancemap.report.tables import statement_record
from stancemap.store import Store
from stancemap.web import create_app
from tests.archives_data import (
    STORIES,
    factiva_html,
    factiva_lines,
    nexis_academic_txt,
    nexis_uni_lines,
    write_docx,
    write_pdf,
    write_rtf,
    write_warc,
)

HEADERS = [(s.byline, s.section, s.words) for s in STORIES]


def header(article: Article) -> tuple:
    return (article.author, article.section, article.length)


def articles(paths, **options) -> list[Article]:
    items = list(read_paths(paths, **options))
    assert all(isinstance(item, Article) for item in items), items
    return items


# ---------------------------------------------------------------- news-archive readers


@pytest.mark.parametrize("kind", ["docx", "rtf", "pdf", "uni-txt", "academic"])
def test_nexis_articles_carry_byline_section_and_length(tmp_path, kind):
    lines = nexis_uni_lines()
    if kind == "docx":
        path = write_docx(tmp_path / "export.docx", lines)
    elif kind == "rtf":
        path = write_rtf(tmp_path / "export.rtf", lines)
    elif kind == "pdf":
        path = write_pdf(tmp_path / "export.pdf", lines)
    else:
        path = tmp_path / "export.txt"
        path.write_text(nexis_academic_txt() if kind == "academic" else "\n".join(lines) + "\n", encoding="utf-8")
    found = articles([path])
    assert [header(a) for a in found] == HEADERS
    assert all(a.speaker is None for a in found)  # the author of a news report is not its speaker
    assert all(a.author in a.text[: a.body_start] for a in found)  # the header stays in the text, unparsed


def test_nexis_byline_with_by_and_a_thousands_separator(tmp_path):
    lines = nexis_uni_lines(STORIES[:1], cover=False)
    lines = [line.replace("Byline:\u00a0Ana Lind", "Byline:\u00a0By ANA LIND and TOM REYES")
             .replace("Length:\u00a061 words", "Length:\u00a01,204 words") for line in lines]
    (article,) = articles([write_docx(tmp_path / "one.docx", lines)])
    assert header(article) == ("ANA LIND and TOM REYES", "News; Pg. 3", 1204)


def test_nexis_length_without_a_number_is_a_warning_and_the_article_is_kept(tmp_path):
    lines = [line.replace("Length:\u00a061 words", "Length:\u00a0long") for line in nexis_uni_lines(STORIES[:1])]
    (article,) = articles([write_docx(tmp_path / "one.docx", lines)])
    assert (article.title, article.author, article.length) == (STORIES[0].title, "Ana Lind", None)
    (warning,) = [w for w in article.warnings if w.startswith("W112")]
    assert "one.docx:" in warning and "article 1" in warning and "'long'" in warning


@pytest.mark.parametrize("kind", ["html", "rtf", "docx"])
def test_factiva_articles_carry_byline_and_length(tmp_path, kind):
    if kind == "html":
        path = tmp_path / "factiva.html"
        path.write_text(factiva_html(), encoding="utf-8")
    elif kind == "rtf":
        path = write_rtf(tmp_path / "factiva.rtf", factiva_lines())
    else:
        path = write_docx(tmp_path / "factiva.docx", factiva_lines())
    found = articles([path])
    assert [(a.author, a.length) for a in found] == [(s.byline, s.words) for s in STORIES]
    if kind == "html":  # the HTML page has a section line before the headline
        assert [a.section for a in found] == [s.section for s in STORIES]


def test_factiva_rtf_section_lines_before_the_headline(tmp_path):
    lines: list[str] = []
    for story in STORIES[:2]:
        at = len(lines)
        lines += factiva_lines((story,))[:-3]  # without the search summary
        lines.insert(at, story.section)
    found = articles([write_rtf(tmp_path / "factiva.rtf", lines)])
    assert [header(a) for a in found] == HEADERS[:2]


def test_factiva_tagged_layout_fields(tmp_path):
    lines: list[str] = []
    for story in STORIES:
        lines += ["HD", story.title, "BY", f"By {story.byline}", "WC", f"{story.words} words", "PD",
                  story.factiva_date, "SN", story.source, "SE", story.section, "LA", "English",
                  "LP", story.paragraphs[0], "TD", story.paragraphs[1], "AN", "Document HBRC0000000000000001x"]
    path = tmp_path / "tagged.rtf"
    found = articles([write_rtf(path, lines)], format="factiva")
    assert [header(a) for a in found] == HEADERS


def test_warc_pages_carry_their_author(tmp_path):
    found = articles([write_warc(tmp_path / "crawl.warc.gz", empty_page_after=None)])
    assert [(a.author, a.section, a.length) for a in found] == [(s.byline, None, None) for s in STORIES]


# ---------------------------------------------------------------- rows and the sidecar

ROWS = [
    {"id": "r1", "text": "The minister said the grid would be built.", "author": "By Ana Lind",
     "section": "News", "length": "812 words"},
    {"id": "r2", "text": "The union said the strike goes on.", "author": "", "section": "", "length": ""},
    {"id": "r3", "text": "Farmers warned of a dry summer.", "author": "Ruth  Okafor", "section": "Regional",
     "length": "a few"},
]


def _write_rows(folder, kind, rows):
    if kind == "jsonl":
        path = folder / "rows.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    elif kind == "csv":
        path = folder / "rows.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        path = folder / "rows.parquet"
        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_rows_author_section_and_length_columns(tmp_path, kind):
    found = articles([_write_rows(tmp_path, kind, ROWS)])
    assert [header(a) for a in found] == [("Ana Lind", "News", 812), (None, None, None),
                                          ("Ruth Okafor", "Regional", None)]
    assert not [w for a in found[:2] for w in a.warnings if w.startswith("W112")]
    (warning,) = [w for w in found[2].warnings if w.startswith("W112")]
    assert "rows." in warning and "'a few'" in warning and "number" in warning


def test_rows_length_as_a_number_and_mapped_columns(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Body.", "byline": ["Ana Lind", "Tom Reyes"], "desk": "World",
                                "wc": 431}) + "\n", encoding="utf-8")
    (article,) = articles([path], mapping={"author": "byline", "section": "desk", "length": "wc"})
    assert header(article) == ("Ana Lind; Tom Reyes", "World", 431)


def test_rows_without_the_columns_have_none(tmp_path):
    (article,) = articles([_write_rows(tmp_path, "csv", [{"id": "a", "text": "Body."}])])
    assert header(article) == (None, None, None)


def test_sidecar_sets_author_section_and_length(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("The minister said yes.\n", encoding="utf-8")
    (folder / "b.txt").write_text("The union said no.\n", encoding="utf-8")
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("file,author,section,length\na.txt,By Ana Lind,World,1 204\nb.txt,,,many\n", encoding="utf-8")
    found = {a.doc_id: a for a in articles([folder], metadata=sidecar)}
    assert header(found["a"]) == ("Ana Lind", "World", 1204)
    assert header(found["b"]) == (None, None, None)
    assert any(w.startswith("W112") and "meta.csv line 3" in w for w in found["b"].warnings)


# ---------------------------------------------------------------- the store, the web page and the exports

HOSTILE = '<script>alert("x")</script> & Co'


def _save(store, *items):
    run = store.begin_run(pipeline_version="t", model="m", codebook_hash="", args={})
    return [store.save_document(article, found, run) for article, found in items]


def _said(doc_id: str, text: str, part: str, actor: str, stance: str = "support") -> Statement:
    start = text.index(part)
    return Statement(doc_id, TextSpan(start, start + len(part), part), actor=actor, actor_type="person",
                     confidence=0.9, codings=(Coding("grid", stance, 0.8, "model:t"),))


TEXT = "Ana Lind reports. Paula Ortiz said the grid upgrade will go ahead."


def test_fields_are_stored_read_back_and_shown(store_url):
    article = Article("d1", TEXT, date=dt.date(2024, 5, 28), title="Grid", source="Courier",
                      author=HOSTILE, section="World; Pg. 3", length=1204)
    plain = Article("d2", "No header here.", title="Plain")
    with Store.open(store_url) as store:
        first, second = _save(store, (article, [_said("d1", TEXT, "the grid upgrade will go ahead", "Paula Ortiz")]),
                              (plain, []))
        infos = {d.doc_id: d for d in store.documents()}
        assert (infos["d1"].author, infos["d1"].section, infos["d1"].length) == (HOSTILE, "World; Pg. 3", 1204)
        assert (infos["d2"].author, infos["d2"].section, infos["d2"].length) == (None, None, None)
        (stored,) = store.statements()
        assert (stored.document.author, stored.document.section, stored.document.length) == (
            HOSTILE, "World; Pg. 3", 1204)
        record = statement_record(stored)
        assert (record["author"], record["section"]) == (HOSTILE, "World; Pg. 3")

        client = TestClient(create_app(store, person="tester"))
        data = client.get(f"/documents/{first}.json").json()
        assert (data["author"], data["section"], data["length"]) == (HOSTILE, "World; Pg. 3", 1204)
        none = client.get(f"/documents/{second}.json").json()
        assert (none["author"], none["section"], none["length"]) == (None, None, None)
        page = client.get(f"/documents/{first}").text
        assert "<script>alert" not in page
        assert "by &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in page
        assert "section World; Pg. 3" in page and "1,204 words" in page
        assert 'class="meta header-fields"' not in client.get(f"/documents/{second}").text


def test_statements_jsonl_and_csv_carry_author_and_section(tmp_path):
    from stancemap.cli import app

    db = tmp_path / "s.db"
    with Store.open(str(db)) as store:
        _save(store, (Article("d1", TEXT, author="Ana Lind", section="World"),
                      [_said("d1", TEXT, "the grid upgrade will go ahead", "Paula Ortiz")]))
    out = tmp_path / "st.jsonl"
    result = CliRunner().invoke(app, ["statements", "--db", str(db), "--format", "jsonl", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (record["author"], record["section"]) == ("Ana Lind", "World")
    out = tmp_path / "st.csv"
    result = CliRunner().invoke(app, ["statements", "--db", str(db), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert (row["author"], row["section"]) == ("Ana Lind", "World")


def test_a_change_only_in_the_header_fields_is_not_a_new_version(store_url):
    """Versions follow the text (statements' offsets index it): the same text with another byline is the
    document already stored, and keeps what was stored; a changed text is a new version with its own fields."""
    with Store.open(store_url) as store:
        (first,) = _save(store, (Article("d1", TEXT, author="Ana Lind", section="World", length=12), []))
        again = Article("d1", TEXT, author="Tom Reyes", section="Local", length=99)
        assert store.document_state(again) == "unchanged"
        assert _save(store, (again, [])) == [None]
        (only,) = store.documents()
        assert (only.id, only.version, only.author, only.section, only.length) == (first, 1, "Ana Lind", "World", 12)
        changed = Article("d1", TEXT + " Updated.", author="Tom Reyes", section="Local", length=13)
        assert store.document_state(changed) == "changed"
        (second,) = _save(store, (changed, []))
        latest = store.documents(all_versions=False)
        assert [(d.id, d.version, d.author, d.section, d.length) for d in latest] == [
            (second, 2, "Tom Reyes", "Local", 13)]


def test_bulk_writing_stores_the_fields(store_url):
    with Store.open(store_url) as store:
        run = store.begin_run(pipeline_version="t", model="m", codebook_hash="", args={})
        store.save_documents([(Article(f"d{i}", f"Text {i}.", author=f"Writer {i}", section="World", length=i), [])
                              for i in range(3)], run)
        assert [(d.author, d.section, d.length) for d in store.documents()] == [
            (f"Writer {i}", "World", i) for i in range(3)]


def test_migration_0011_keeps_stored_documents_and_downgrades(store_url):
    """A database at 0010 with a document upgrades (the document has no header fields), and goes back down."""
    from alembic import command

    from stancemap.store.connect import create_engine
    from stancemap.store.migrations import alembic_config, upgrade

    engine = create_engine(store_url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0010")
        connection.execute(sa.text(
            "INSERT INTO documents (doc_id, version, content_hash, text, body_start, origin, created_at) "
            "VALUES ('old', 1, 'h', 'Old text.', 0, 'old.txt', CURRENT_TIMESTAMP)"))
    engine.dispose()
    with Store.open(store_url) as store:
        (old,) = store.documents()
        assert (old.doc_id, old.author, old.section, old.length) == ("old", None, None, None)
        data = TestClient(create_app(store, person="t")).get(f"/documents/{old.id}.json").json()
        assert (data["author"], data["section"], data["length"]) == (None, None, None)
        _save(store, (Article("new", "New text.", author="Ana Lind", section="World", length=2), []))
        config = alembic_config()
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0010")
            columns = {c["name"] for c in sa.inspect(connection).get_columns("documents")}
            assert not {"author", "section", "length"} & columns
            assert connection.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 2
        upgrade(store.engine)
        assert [(d.doc_id, d.author) for d in store.documents()] == [("new", None), ("old", None)]


# ---------------------------------------------------------------- DNA: AUTHOR and SECTION out and back


def test_dna_export_fills_author_and_section_and_reads_them_back(tmp_path):
    long_author = "A. Writer, " * 30  # over DNA's 190 characters
    texts = {"d1": TEXT, "d2": "Paula Ortiz said the port will reopen.", "d3": "Nothing coded."}
    meta = {"d1": ("Ana Lind", "World; Pg. 3"), "d2": (long_author, None), "d3": (None, "Local")}
    with Store.open(str(tmp_path / "corpus.db")) as store:
        _save(store, *((Article(doc, text, date=dt.date(2024, 6, 1), title=f"T {doc}", author=meta[doc][0],
                                section=meta[doc][1], length=len(text.split())),
                        [_said(doc, text, "Paula Ortiz said", "Paula Ortiz")] if doc != "d3" else [])
                       for doc, text in texts.items()))
        out = tmp_path / "out.dna"
        write_dna(store.statements(), out, texts=lambda info: store.document_text(info.id),
                  documents=store.documents(all_versions=False))
    db = sqlite3.connect(out)
    rows = db.execute("SELECT Title, Author, Section FROM DOCUMENTS ORDER BY ID").fetchall()
    db.close()
    cut = " ".join(long_author.split())[:190].rstrip()
    assert rows == [("T d1", "Ana Lind", "World; Pg. 3"), ("T d2", cut, ""), ("T d3", "", "Local")]
    back = {a.doc_id: a for a in load_dna(out).articles}
    assert {doc: (a.author, a.section) for doc, a in back.items()} == {
        "d1": ("Ana Lind", "World; Pg. 3"), "d2": (cut, None), "d3": (None, "Local")}
    assert [s.content.text for s in back["d1"].coded] == ["Paula Ortiz said"]

    # and into a store again: the fields survive the whole round trip
    with Store.open(str(tmp_path / "again.db")) as again:
        _save(again, *((article, []) for article in back.values()))
        assert {d.doc_id: (d.author, d.section) for d in again.documents()} == {
            "d1": ("Ana Lind", "World; Pg. 3"), "d2": (cut, None), "d3": (None, "Local")}


def test_dna_reader_reads_author_and_section_through_read_paths(tmp_path):
    from tests.test_dna import make_dna

    found = {a.doc_id: a for a in read_paths([make_dna(tmp_path / "coded.dna")]) if isinstance(a, Article)}
    assert (found["coded-1"].author, found["coded-1"].section) == ("J. Doe", "Politics")
    assert (found["coded-2"].author, found["coded-2"].section) == (None, None)  # empty in DNA
