"""JSON Lines articles: fields, mapping, malformed lines, missing text, dates."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from stancemap.ingest import read_paths
from stancemap.models import Article, ReadFailure


def write_lines(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def row(**fields):
    return json.dumps(fields, ensure_ascii=False)


def test_fields_and_exact_text(tmp_path):
    text = "Kuleba said: “We will respond.”\r\nLine two\u00a0."
    path = write_lines(
        tmp_path / "articles.jsonl",
        [
            row(id="a1", date="2024-05-28", title=" Title ", source="AP", url="https://x.org/a", text=text),
            row(text="No id here.", date="28 May 2024"),
        ],
    )
    first, second = read_paths([path])
    assert first == Article(
        doc_id="a1",
        text=text,
        date=dt.date(2024, 5, 28),
        title="Title",
        source="AP",
        url="https://x.org/a",
        origin=f"{path}:1",
    )
    assert second.doc_id == "articles-2"
    assert second.date == dt.date(2024, 5, 28)
    assert second.origin == f"{path}:2"


def test_malformed_line_other_rows_still_read(tmp_path):
    path = write_lines(
        tmp_path / "a.jsonl",
        [row(id="1", text="one"), '{"id": "2", "text": "two"', "", row(id="3", text="three"), "[1, 2]"],
    )
    results = list(read_paths([path]))
    assert [r.doc_id for r in results if isinstance(r, Article)] == ["1", "3"]
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert failures[0] == ReadFailure(
        f"{path}:2",
        f"{path} line 2: not valid JSON (Expecting ',' delimiter, column 26); fix the line "
        "so that it holds one JSON object, or remove it.",
        "E105",
    )
    assert failures[1].code == "E105"
    assert failures[1].reason.startswith(f"{path} line 5: expected a JSON object {{...}}, found a list")


def test_no_text_field_lists_keys(tmp_path):
    path = write_lines(tmp_path / "a.jsonl", [row(id="1", body="x"), row(id="2", body="y")])
    assert list(read_paths([path])) == [
        ReadFailure(
            str(path),
            f"{path} line 1: no `text` column; found id, body. Pass --map text=<column> to "
            "name the column that holds the article text.",
            "E107",
        )
    ]


def test_mapping_renames_and_case_insensitive_defaults(tmp_path):
    path = write_lines(
        tmp_path / "a.ndjson",
        [row(ID="x", published="2016-10-12", body="Body.", Title="T")],
    )
    (article,) = read_paths([path], mapping="text=body,date=published")
    assert (article.doc_id, article.text, article.date, article.title) == (
        "x",
        "Body.",
        dt.date(2016, 10, 12),
        "T",
    )
    (failure,) = read_paths([path], mapping={"text": "content"})
    assert failure.code == "E107"
    assert failure.reason.startswith(
        f"{path} line 1: no column 'content' (named by --map text=content); found ID, published, body, Title."
    )


def test_empty_text_and_unparseable_date(tmp_path):
    path = write_lines(
        tmp_path / "a.jsonl",
        [
            row(id="1", text="   "),
            row(id="2", text="Kept.", date="sometime in spring"),
            row(id="3", text="Has a date.", date=""),
            row(id="4", text=["not", "a", "string"]),
        ],
    )
    results = list(read_paths([path], date="2020-01-01"))
    assert results[0] == ReadFailure(
        f"{path}:1",
        f"{path} line 1: the text field is empty; add the article text or leave the row out.",
        "E110",
    )
    kept = results[1]
    assert kept.doc_id == "2" and kept.date is None
    assert kept.warnings == (
        f"W101 {path} line 2: the date 'sometime in spring' could not be parsed; the article "
        "is kept with no date. Write the date as YYYY-MM-DD.",
    )
    assert results[2].date == dt.date(2020, 1, 1)  # no date value: --date applies
    assert results[3].code == "E110" and "holds a list, not a string" in results[3].reason


def test_duplicate_ids_get_suffix(tmp_path):
    path = write_lines(tmp_path / "a.jsonl", [row(id="x", text="1"), row(id="x", text="2"), row(id="x", text="3")])
    ids = [a.doc_id for a in read_paths([path])]
    assert ids == ["x", "x-2", "x-3"]
    second = list(read_paths([path]))[1]
    assert second.warnings[0].startswith(f"W103 {path} line 2: the id 'x' is already used")


def test_json_array_file(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"id": "a", "text": "one"}, {"text": "two"}], indent=2), encoding="utf-8")
    assert [(a.doc_id, a.text) for a in read_paths([path])] == [("a", "one"), ("a-2", "two")]


def test_undecodable_line_is_one_failure(tmp_path):
    path = tmp_path / "a.jsonl"
    first = row(id="1", text="x" * 70_000).encode()  # longer than the head used for detection
    bad = b'{"id": "2", "text": "caf\xe9"}'
    path.write_bytes(b"\n".join([first, bad, row(id="3", text="three").encode()]) + b"\n")
    results = list(read_paths([path]))
    assert [type(r).__name__ for r in results] == ["Article", "ReadFailure", "Article"]
    assert results[1].code == "E104"
    assert results[1].reason.startswith(f"{path} line 2: not valid UTF-8 (invalid continuation byte at byte 24)")
    assert results[1].reason.endswith("re-save the file as UTF-8.")


def test_cp1252_file_decoded_with_warning(tmp_path):
    path = tmp_path / "a.jsonl"
    text = "Le café était fermé, a déclaré le maire."
    path.write_bytes((row(id="1", text=text) + "\n").encode("cp1252"))
    (article,) = read_paths([path])
    assert article.text == text
    assert article.warnings[0].startswith(f"W102 {path}: not valid UTF-8; decoded as cp1252")


def test_large_text_field(tmp_path):
    text = "Borrell noted it. " * 300_000
    path = write_lines(tmp_path / "a.jsonl", [row(id="big", text=text), row(id="small", text="x")])
    big, small = read_paths([path], max_chars=None)  # no --max-chars limit
    assert big.text == text and small.doc_id == "small"


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_jsonl(tmp_path, content):
    path = tmp_path / "a.jsonl"
    path.write_bytes(content)
    (failure,) = read_paths([path])
    assert failure.code == "E102"
    assert failure.reason == f"{path}: the file is empty; add articles or leave it out."


def test_some_objects_without_text_are_one_failure(tmp_path):
    path = write_lines(
        tmp_path / "a.jsonl",
        [row(id="1", body="x"), row(id="2", text="two"), row(id="3", body="y"), row(id="4", text="four")],
    )
    results = list(read_paths([path]))
    assert [r.doc_id for r in results if isinstance(r, Article)] == ["2", "4"]
    assert results[-1] == ReadFailure(
        f"{path}:1",
        f"{path}: 2 lines (1, 3) have no text field; found id, body. Add the text to them, "
        "or pass --map text=<key>.",
        "E107",
    )


def test_pretty_printed_json_object(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"id": "solo", "text": "Only one."}, indent=2), encoding="utf-8")
    (article,) = read_paths([path])
    assert (article.doc_id, article.text, article.origin) == ("solo", "Only one.", f"{path}:1")
