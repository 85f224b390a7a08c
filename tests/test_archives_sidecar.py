"""Metadata for plain-text folders: ``--metadata FILE.csv|.tsv`` and ``--title-first-line``."""

from __future__ import annotations

import datetime as dt

import pytest

from stancemap.errors import UsageError
from stancemap.ingest import read_paths


@pytest.fixture
def folder(tmp_path):
    speeches = tmp_path / "speeches"
    speeches.mkdir()
    (speeches / "s01.txt").write_text("On the grid\n\nWe will build the grid.\n", encoding="utf-8")
    (speeches / "s02.txt").write_text("On the port\nThe strike must end.\n", encoding="utf-8")
    (speeches / "s03.txt").write_text("date 2024-01-05\nNo row for this one.\n", encoding="utf-8")
    return speeches


@pytest.mark.parametrize("sep, name", [(",", "meta.csv"), ("\t", "meta.tsv")])
def test_sidecar_sets_title_date_source_url_and_speaker(folder, tmp_path, sep, name):
    rows = [["file", "title", "date", "source", "url", "speaker"],
            ["s01.txt", "Grid speech", "2024-03-01", "Ministry", "https://example.org/s01", "Paula Ortiz"],
            ["s02", "", "5 March 2024", "Ministry", "", "Ben Ahmed"]]
    sidecar = tmp_path / name
    sidecar.write_text("\n".join(sep.join(row) for row in rows) + "\n", encoding="utf-8")
    articles = {a.doc_id: a for a in read_paths([folder], metadata=sidecar, genre="speech")}
    s01, s02, s03 = articles["s01"], articles["s02"], articles["s03"]
    assert (s01.title, s01.date, s01.source, s01.url, s01.speaker) == (
        "Grid speech", dt.date(2024, 3, 1), "Ministry", "https://example.org/s01", "Paula Ortiz")
    assert (s02.title, s02.date, s02.speaker) == (None, dt.date(2024, 3, 5), "Ben Ahmed")  # empty cells change nothing
    assert (s03.title, s03.date, s03.speaker) == (None, dt.date(2024, 1, 5), None)
    assert s01.text == "On the grid\n\nWe will build the grid.\n"  # the text is never changed


def test_title_first_line_moves_the_body_after_it(folder):
    articles = {a.doc_id: a for a in read_paths([folder], title_from_first_line=True)}
    assert articles["s01"].title == "On the grid"
    assert articles["s01"].body == "We will build the grid.\n"
    assert articles["s02"].title == "On the port" and articles["s02"].body == "The strike must end.\n"
    assert articles["s03"].title == "No row for this one."  # after the date header; one line stays the body
    assert articles["s03"].body == "No row for this one.\n"


def test_sidecar_title_wins_over_first_line(folder, tmp_path):
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("stem,title\ns01,From the sidecar\n", encoding="utf-8")
    articles = {a.doc_id: a for a in read_paths([folder], metadata=sidecar, title_from_first_line=True)}
    assert articles["s01"].title == "From the sidecar"
    assert articles["s02"].title == "On the port"


def test_bad_sidecar_date_is_a_warning(folder, tmp_path):
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("file,date\ns01.txt,someday\n", encoding="utf-8")
    s01 = next(a for a in read_paths([folder], metadata=sidecar) if a.doc_id == "s01")
    assert s01.date is None
    assert any(w.startswith("W101") and "meta.csv line 2" in w for w in s01.warnings)


@pytest.mark.parametrize(
    "content, expected",
    [("name,title\na,b\n", "file column"),
     ("file,colour\na,b\n", "at least one of title"),
     ("file,title\na,b\na.txt,c\n", "line 3: 'a' is already described on line 2")],
)
def test_bad_sidecars_are_refused_with_the_fix(folder, tmp_path, content, expected):
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        read_paths([folder], metadata=sidecar)
    assert caught.value.code == "E500" and expected in caught.value.message


def test_missing_sidecar_is_refused(folder, tmp_path):
    with pytest.raises(UsageError, match="could not be read"):
        read_paths([folder], metadata=tmp_path / "nope.csv")
