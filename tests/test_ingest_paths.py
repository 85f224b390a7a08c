"""Folders, standard input, sniffing, missing paths, symlinks, options."""

from __future__ import annotations

import datetime as dt
import io
import json
import os

import pytest

import stancemap.ingest as ingest
from stancemap.errors import UsageError
from stancemap.ingest import parse_mapping, read_paths
from stancemap.ingest.sniff import sniff_content
from stancemap.models import Article, ReadFailure


def make_folder(root):
    (root / "b_sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a_2024-05-28.txt").write_text("date 2024-05-30 First.", encoding="utf-8")
    (root / "b_sub" / "rows.jsonl").write_text(
        json.dumps({"id": "r1", "text": "Row one."}) + "\n" + json.dumps({"id": "r2", "text": "Row two."}) + "\n",
        encoding="utf-8",
    )
    (root / "b_sub" / "deeper" / "c.csv").write_text("id,text\nc1,Cee.\n", encoding="utf-8")
    (root / "b_sub" / "empty.txt").write_text("", encoding="utf-8")
    (root / "d.bin").write_bytes(b"\x00\x01\x02binary")
    (root / "e_noext").write_text("Sniffed as text.", encoding="utf-8")
    (root / "codebook.yaml").write_text("issues: []\n", encoding="utf-8")
    (root / ".hidden" / "secret.txt").write_text("Never read.", encoding="utf-8")
    (root / ".dotfile.txt").write_text("Never read.", encoding="utf-8")


def test_folder_recursive_sorted_mixed(tmp_path):
    make_folder(tmp_path)
    results = list(read_paths([tmp_path]))
    summary = [(r.doc_id if isinstance(r, Article) else r.code) for r in results]
    assert summary == ["a_2024-05-28", "c1", "E102", "r1", "r2", "E103", "e_noext"]
    assert results[0].date == dt.date(2024, 5, 30)
    assert results[1].origin == f"{tmp_path}/b_sub/deeper/c.csv:2"
    assert results[2].origin == f"{tmp_path}/b_sub/empty.txt"
    assert results[5].reason.startswith(f"{tmp_path}/d.bin: this is a binary file")
    assert list(read_paths([tmp_path])) == results  # deterministic


def test_hidden_file_named_directly_is_read(tmp_path):
    path = tmp_path / ".note.txt"
    path.write_text("Read when named.", encoding="utf-8")
    (article,) = read_paths([path])
    assert article.text == "Read when named."


def test_empty_folder_yields_nothing(tmp_path):
    (tmp_path / "sub").mkdir()
    assert list(read_paths([tmp_path])) == []


def test_nonexistent_path_does_not_stop_others(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Good.", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    results = list(read_paths([missing, good]))
    assert results[0] == ReadFailure(str(missing), f"{missing}: no such file or folder; check the path.", "E101")
    assert results[1].doc_id == "good"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_escaping_folder_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Outside.", encoding="utf-8")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Inside.", encoding="utf-8")
    (folder / "b_link.txt").symlink_to(outside / "secret.txt")
    (folder / "c_dirlink").symlink_to(outside, target_is_directory=True)
    (folder / "d_inside_link.txt").symlink_to(folder / "a.txt")
    (folder / "e_broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "f_loop").symlink_to(folder, target_is_directory=True)
    results = list(read_paths([folder]))
    assert [r.doc_id if isinstance(r, Article) else r.code for r in results] == [
        "a",
        "E112",
        "E112",
        "E101",  # d_inside_link.txt is a.txt again: the same file read twice is one document
    ]
    target = (outside / "secret.txt").resolve()
    assert results[1] == ReadFailure(
        f"{folder}/b_link.txt",
        f"{folder}/b_link.txt: symbolic link to {target}, outside the folder {folder.resolve()}; "
        "not followed. Name the target path directly, or copy the file into the folder.",
        "E112",
    )
    assert results[3].reason.startswith(f"{folder}/e_broken.txt: broken symbolic link")


def test_stdin_binary_text(tmp_path):
    content = " date 2024-05-28 Borrell noted that ...\n"
    (article,) = read_paths(["-"], stdin=io.BytesIO(content.encode("utf-8")))
    assert (article.doc_id, article.text, article.date, article.body_start, article.origin) == (
        "stdin",
        content,
        dt.date(2024, 5, 28),
        17,
        "stdin",
    )


def test_stdin_text_stream_jsonl_streamed():
    lines = "".join(json.dumps({"text": f"Article {n}. Café."}) + "\n" for n in range(5000))
    results = list(read_paths(["-"], stdin=io.StringIO(lines)))
    assert len(results) == 5000
    assert results[0].doc_id == "stdin-1" and results[-1].doc_id == "stdin-5000"
    assert results[-1].text == "Article 4999. Café."
    assert results[-1].origin == "stdin:5000"


def test_stdin_empty():
    (failure,) = read_paths(["-"], stdin=io.BytesIO(b""))
    assert failure == ReadFailure("stdin", "stdin: the file is empty; add the article text or leave the file out.",
                                  "E102")


def test_unexpected_exception_becomes_failure(tmp_path, monkeypatch):
    def broken(source, **options):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    monkeypatch.setitem(ingest.READERS, "csv", broken)
    (tmp_path / "a.csv").write_text("id,text\n1,x\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Still read.", encoding="utf-8")
    failure, article = read_paths([tmp_path])
    assert failure == ReadFailure(
        f"{tmp_path}/a.csv",
        f"{tmp_path}/a.csv: could not be read (RuntimeError: boom); check the file, and report "
        "this if it looks valid.",
        "E100",
    )
    assert article.doc_id == "b"


def test_read_paths_is_lazy(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "x"}) + "\n", encoding="utf-8")
    iterator = read_paths([path])
    path.write_text(json.dumps({"text": "changed"}) + "\n", encoding="utf-8")
    assert next(iterator).text == "changed"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'  {"text": "x"}', "jsonl"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
        (b"<html lang=en>", "html"),
        (b"<!-- saved --><html>", "html"),
        (b"PAR1\x15\x04", "parquet"),
        (b"Plain words.", "text"),
        (b"<p>a fragment</p>", "text"),
    ],
)
def test_sniff_content(head, expected):
    assert sniff_content(head) == expected


def test_parse_mapping():
    assert parse_mapping("text=body, date = published") == {"text": "body", "date": "published"}
    assert parse_mapping("") == {}


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("text", "'text': expected field=column"),
        ("text=", "'text=': expected field=column"),
        ("text=body,,", "'': expected field=column"),
        ("body=text", "'body=text': unknown field 'body'"),
        ("text=a,text=b", "'text=b': field 'text' is mapped twice"),
    ],
)
def test_parse_mapping_errors(spec, problem):
    with pytest.raises(UsageError) as raised:
        parse_mapping(spec)
    assert raised.value.code == "E500"
    assert str(raised.value) == (
        f"--map: {problem}; write it as field=column[,field=column...] with fields "
        "id,date,title,source,url,text,speaker,speaker_org,party,role,genre,author,section,length."
    )


def test_bad_options_raise_at_call_time(tmp_path):
    with pytest.raises(UsageError, match=r"--date: 'soon' is not a date; write it as YYYY-MM-DD\."):
        read_paths([tmp_path], date="soon")
    with pytest.raises(UsageError, match="unknown field 'body'"):
        read_paths([tmp_path], mapping={"body": "text"})


def test_single_path_accepted(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("One.", encoding="utf-8")
    assert [a.doc_id for a in read_paths(str(path))] == ["one"]
