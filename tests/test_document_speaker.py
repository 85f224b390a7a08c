"""Who speaks in a document: speaker fields from rows and options, into the store and the document JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from stancemap.errors import UsageError
from stancemap.ingest import read_paths
from stancemap.models import GENRES, Article, ReadFailure
from stancemap.store import Store
from stancemap.web import create_app

ROOT = Path(__file__).resolve().parents[1]
PARLAMINT = ROOT / "tests" / "data" / "parlamint" / "ParlaMint-XX.xml"

ROWS = [
    {"id": "t1", "date": "2005-06-09", "text": "We support a four-pollutant bill.", "speaker": "Kateri Callahan",
     "speaker_org": "Alliance to Save Energy", "party": "", "role": "President", "genre": "testimony"},
    {"id": "t2", "date": "2005-06-09", "text": "This legislation will cost jobs.", "speaker": "Joel Bluestein",
     "speaker_org": "", "party": "", "role": "", "genre": "Press release"},
    {"id": "t3", "date": "2005-06-09", "text": "Reporters said the bill stalled.", "speaker": "", "speaker_org": "",
     "party": "", "role": "", "genre": ""},
]
EXPECTED = [
    ("t1", "Kateri Callahan", "Alliance to Save Energy", None, "President", "testimony"),
    ("t2", "Joel Bluestein", None, None, None, "press-release"),
    ("t3", None, None, None, None, "news"),
]


def write_rows(folder: Path, kind: str, rows: list[dict[str, str]]) -> Path:
    if kind == "jsonl":
        path = folder / "rows.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    elif kind == "csv":
        import csv

        path = folder / "rows.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        path = folder / "rows.parquet"
        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def fields(article: Article) -> tuple:
    return (article.doc_id, article.speaker, article.speaker_org, article.party, article.role, article.genre)


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_rows_carry_speaker_fields(tmp_path, kind):
    items = list(read_paths([write_rows(tmp_path, kind, ROWS)]))
    assert [fields(a) for a in items] == EXPECTED


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_options_fill_rows_that_name_no_speaker(tmp_path, kind):
    items = list(read_paths([write_rows(tmp_path, kind, ROWS)], speaker="Barbara Boxer", genre="speech"))
    assert [(a.speaker, a.genre) for a in items] == [
        ("Kateri Callahan", "testimony"), ("Joel Bluestein", "press-release"), ("Barbara Boxer", "speech")]


@pytest.mark.parametrize(("kind", "where"), [("jsonl", "line 2"), ("csv", "line 3"), ("parquet", "row 2")])
def test_unknown_genre_names_the_row_and_the_allowed_genres(tmp_path, kind, where):
    rows = [dict(ROWS[0]), dict(ROWS[1], genre="sermon")]
    path = write_rows(tmp_path, kind, rows)
    items = list(read_paths([path]))
    assert isinstance(items[0], Article)
    failure = items[1]
    assert isinstance(failure, ReadFailure) and failure.code == "E115"
    assert failure.reason.startswith(f"{path} {where}: unknown genre 'sermon'; use one of ")
    assert all(genre in failure.reason for genre in GENRES)


def test_mapped_speaker_column(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,text,author\n1,We oppose it.,Jane Doe\n", encoding="utf-8")
    (article,) = read_paths([path], mapping="speaker=author")
    assert article.speaker == "Jane Doe"


def test_a_folder_of_one_speakers_texts(tmp_path):
    (tmp_path / "speeches").mkdir()
    (tmp_path / "speeches" / "boxer_2005-06-09_air.txt").write_text("We support the bill.", encoding="utf-8")
    (tmp_path / "speeches" / "boxer_2005-07-01_air.html").write_text(
        "<html><body><article><p>We will keep fighting for clean air in every state.</p></article></body></html>",
        encoding="utf-8")
    items = list(read_paths([tmp_path / "speeches"], speaker="Barbara Boxer", genre="speech"))
    assert [(a.speaker, a.genre) for a in items] == [("Barbara Boxer", "speech")] * 2


def test_without_options_documents_are_news():
    assert Article("a", "x").genre == "news"
    with pytest.raises(ValueError, match="one of news, speech"):
        Article("a", "x", genre="sermon")


def test_unknown_genre_option_is_a_usage_error():
    with pytest.raises(UsageError) as info:
        read_paths(["x.txt"], genre="sermon")
    assert info.value.code == "E500"
    assert str(info.value) == ("--genre: unknown genre 'sermon'; use one of news, speech, testimony, "
                               "press-release, op-ed, interview, debate.")


# ---------------------------------------------------------------- store and document JSON


def test_speaker_fields_are_stored_and_shown_in_the_document_json(store_url, tmp_path):
    articles = [a for a in read_paths([write_rows(tmp_path, "jsonl", ROWS), PARLAMINT]) if isinstance(a, Article)]
    with Store.open(store_url) as store:
        run = store.begin_run(pipeline_version="test", model="m", codebook_hash=None, args={})
        first = store.save_document(articles[0], [], run)
        rest = store.save_documents([(a, []) for a in articles[1:]], run)
        client = TestClient(create_app(store, person="tester"))
        data = client.get(f"/documents/{first}.json").json()
        assert {k: data[k] for k in ("speaker", "speaker_org", "party", "role", "genre")} == {
            "speaker": "Kateri Callahan", "speaker_org": "Alliance to Save Energy", "party": None,
            "role": "President", "genre": "testimony"}
        news = client.get(f"/documents/{rest[1]}.json").json()
        assert (news["speaker"], news["genre"]) == (None, "news")
        debate = client.get(f"/documents/{rest[3]}.json").json()
        assert (debate["doc_id"], debate["speaker"], debate["party"], debate["role"], debate["genre"]) == (
            "ParlaMint-XX_2021-03-04.u2", "Anna Berg", "GRN", "member", "debate")
        page = client.get(f"/documents/{rest[3]}").text
        assert "Anna Berg" in page and "debate" in page


def test_migration_0007_keeps_stored_documents(store_url):
    """A database at 0006 with a document upgrades: the document reads as news with no speaker."""
    from alembic import command

    from stancemap.store.connect import create_engine
    from stancemap.store.migrations import alembic_config

    engine = create_engine(store_url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
        connection.execute(sa.text(
            "INSERT INTO documents (doc_id, version, content_hash, text, body_start, origin, created_at) "
            "VALUES ('old', 1, 'h', 'Old text.', 0, 'old.txt', CURRENT_TIMESTAMP)"))
    engine.dispose()
    with Store.open(store_url) as store:
        client = TestClient(create_app(store, person="tester"))
        doc_id = store.documents()[0].id
        data = client.get(f"/documents/{doc_id}.json").json()
        assert (data["doc_id"], data["speaker"], data["genre"]) == ("old", None, "news")


@pytest.mark.model
def test_run_with_speaker_and_genre_options(tmp_path):
    from typer.testing import CliRunner

    from stancemap.cli import app

    folder = tmp_path / "boxer"
    folder.mkdir()
    (folder / "boxer_2005-06-09_air.txt").write_text("We support a four-pollutant bill.", encoding="utf-8")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["run", str(folder), "--db", str(db), "--quiet",
                                      "--speaker", "Barbara Boxer", "--genre", "speech"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Store.open(str(db)) as store:
        data = TestClient(create_app(store, person="t")).get(f"/documents/{store.documents()[0].id}.json").json()
    assert (data["speaker"], data["genre"]) == ("Barbara Boxer", "speech")

    bad = CliRunner().invoke(app, ["run", str(folder), "--db", str(db), "--genre", "sermon"])
    assert bad.exit_code == 2
    assert "unknown genre 'sermon'" in bad.output and "press-release" in bad.output
