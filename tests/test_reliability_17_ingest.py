"""Issue 17, ingest robustness: symlink loops, document identity, decoding per region and
mojibake repair, per-document size limits, deeply nested HTML."""

from __future__ import annotations

import json
import os
import time

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from stancemap import workflows
from stancemap.cli import app
from stancemap.ingest import DEFAULT_MAX_CHARS, read_paths
from stancemap.ingest.decode import decode_bytes
from stancemap.ingest.html import extract_main
from stancemap.models import Article, ReadFailure
from stancemap.store.repository import Store
from stancemap.store.schema import documents

runner = CliRunner(env={"COLUMNS": "400"})

TEXT_A = "date 2024-05-28 Josep Borrell said that the decision was acceptable.\n"
TEXT_B = "date 2024-05-29 Jens Stoltenberg said that allies must do more.\n"


def articles(items):
    return [item for item in items if isinstance(item, Article)]


def failures(items):
    return [item for item in items if isinstance(item, ReadFailure)]


def stored(db: str) -> list[tuple[str, int, str]]:
    with Store.open(db) as store, store.engine.connect() as connection:
        rows = connection.execute(
            sa.select(documents.c.doc_id, documents.c.version, documents.c.origin).order_by(documents.c.doc_id)
        ).all()
    return [tuple(row) for row in rows]


# -- 1. a symlink loop is skipped with its reason; links out of the folder are not followed -------


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_symlink_loops_are_skipped_and_recorded(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT_A)
    (folder / "sub" / "b.txt").write_text(TEXT_B)
    os.symlink("self", folder / "self")  # points at itself
    os.symlink("two", folder / "one")  # a pair pointing at each other
    os.symlink("one", folder / "two")
    os.symlink("..", folder / "sub" / "up")  # a folder link back up the tree: walked once
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not to be read")
    os.symlink(outside, folder / "out")

    found = list(read_paths([folder]))

    assert sorted(a.doc_id for a in articles(found)) == ["a", "sub/b"]
    by_name = {os.path.basename(f.origin): f for f in failures(found)}
    assert set(by_name) == {"self", "one", "two", "out"}
    for name in ("self", "one", "two"):
        assert by_name[name].code == "E130"
        assert "symbolic link loop" in by_name[name].reason
        assert "remove the link" in by_name[name].reason
    assert by_name["out"].code == "E112"
    assert all("secret" not in a.text for a in articles(found))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_a_named_symlink_loop_is_a_failure_not_a_traceback(tmp_path):
    os.symlink("loop", tmp_path / "loop")
    [failure] = list(read_paths([tmp_path / "loop"]))
    assert failure.code == "E130"


# -- 2. document identity: path (or file and id) plus content, never the bare stem -----------------


@pytest.fixture
def two_sites(tmp_path):
    folder = tmp_path / "corpus"
    for site, text in (("site1", TEXT_A), ("site2", TEXT_B)):
        (folder / site).mkdir(parents=True)
        (folder / site / "article.txt").write_text(text)
    (folder / "top.txt").write_text(TEXT_A.replace("acceptable", "fine"))
    return folder


def test_same_file_name_in_two_folders_gives_two_doc_ids(two_sites):
    ids = [a.doc_id for a in articles(read_paths([two_sites]))]
    assert ids == ["site1/article", "site2/article", "top"]  # files at the top keep their stem


def test_a_file_named_directly_keeps_its_stem(two_sites):
    [article] = articles(read_paths([two_sites / "site1" / "article.txt"]))
    assert article.doc_id == "article"


def test_same_file_name_in_two_folders_are_two_documents_and_rerun_adds_nothing(two_sites, tmp_path):
    db = str(tmp_path / "s.db")
    first = workflows.run([two_sites], db=db)
    assert (first.documents_new, first.documents_changed) == (3, 0)
    assert [(doc_id, version) for doc_id, version, _ in stored(db)] == [
        ("site1/article", 1), ("site2/article", 1), ("top", 1)]
    second = workflows.run([two_sites], db=db)
    assert (second.documents_new, second.documents_changed, second.documents_unchanged) == (0, 0, 3)
    third = workflows.run([two_sites, two_sites / "site1"], db=db)  # the same files read twice
    assert (third.documents_new, third.documents_changed) == (0, 0)
    assert len(stored(db)) == 3


def test_a_store_written_with_bare_stems_is_not_duplicated_on_rerun(two_sites, tmp_path):
    db = str(tmp_path / "old.db")
    origin = os.path.join(str(two_sites), "site1", "article.txt")
    with Store.open(db) as store:  # as an older version stored a nested file: doc_id = stem
        store.save_document(Article(doc_id="article", text=TEXT_A, origin=origin), [], None)
    summary = workflows.run([two_sites], db=db)
    assert summary.documents_unchanged == 1
    assert summary.documents_new == 2
    assert [doc_id for doc_id, _, _ in stored(db)] == ["article", "site2/article", "top"]
    # the old document changed on disk: a new version of the stored one, not a second document
    (two_sites / "site1" / "article.txt").write_text(TEXT_A.replace("acceptable", "a mistake"))
    changed = workflows.run([two_sites], db=db)
    assert (changed.documents_new, changed.documents_changed) == (0, 1)
    assert [(d, v) for d, v, _ in stored(db)] == [("article", 1), ("article", 2), ("site2/article", 1), ("top", 1)]


def test_same_id_in_two_files_with_different_texts_are_two_documents(tmp_path):
    folder = tmp_path / "rows"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps({"id": "1", "text": TEXT_A}) + "\n")
    (folder / "b.jsonl").write_text(
        json.dumps({"id": "1", "text": TEXT_B}) + "\n" + json.dumps({"id": "2", "text": TEXT_B}) + "\n")
    (folder / "c.jsonl").write_text(json.dumps({"id": "1", "text": TEXT_A}) + "\n")  # same id, same text
    db = str(tmp_path / "rows.db")
    summary = workflows.run([folder], db=db)
    assert (summary.documents_new, summary.documents_changed, summary.documents_unchanged) == (3, 0, 1)
    rows = stored(db)
    assert len(rows) == 3 and all(version == 1 for _, version, _ in rows)
    assert {doc_id for doc_id, _, _ in rows} >= {"1", "2"}
    again = workflows.run([folder], db=db)
    assert (again.documents_new, again.documents_changed, again.documents_unchanged) == (0, 0, 4)
    # editing b.jsonl's row 1 gives a new version of b's document, not of a's
    (folder / "b.jsonl").write_text(json.dumps({"id": "1", "text": TEXT_B + "More."}) + "\n")
    edited = workflows.run([folder / "b.jsonl"], db=db)
    assert (edited.documents_new, edited.documents_changed) == (0, 1)
    assert sorted(v for d, v, _ in stored(db) if d == "1") == [1]


def test_store_keeps_same_doc_id_from_two_files_apart(tmp_path):
    db = str(tmp_path / "direct.db")
    with Store.open(db) as store:
        first = store.save_document(Article(doc_id="x", text=TEXT_A, origin="a.csv:2"), [], None)
        other = Article(doc_id="x", text=TEXT_B, origin="b.csv:2")
        assert store.document_state(other) == "new"
        second = store.save_document(other, [], None)
        assert store.document_state(other) == "unchanged"
        assert store.save_document(other, [], None) is None
        edit = Article(doc_id="x", text=TEXT_A + "!", origin="a.csv:3")  # a.csv edited
        assert store.document_state(edit) == "changed"
        third = store.save_document(edit, [], None)
    assert None not in (first, second, third)
    assert [(d, v) for d, v, _ in stored(db)] == [("x", 1), ("x", 2), ("x@b.csv", 1)]


# -- 5. decoding falls back per region; mojibake is repaired with a warning -----------------------


def test_a_few_bad_bytes_in_utf8_keep_every_good_line():
    lines = ["\u201cWe will not\u201d \u2014 Borrell said.\n", "Second line \u2019s fine.\n",
             "Caf\u00e9 with a stray byte: ", "\n", "Last line \u2013 ok.\n"]
    data = (lines[0] + lines[1]).encode() + lines[2].encode() + b"\xe9t\xe9" + (lines[3] + lines[4]).encode()
    decoded = decode_bytes(data, "a.txt")
    assert decoded.text.startswith(lines[0] + lines[1])
    assert decoded.text.endswith(lines[4])
    assert "stray byte: \u00e9t\u00e9\n" in decoded.text  # only the bad bytes fell back (cp1252)
    assert decoded.encoding == "utf-8"
    [warning] = decoded.warnings
    assert warning.startswith("W110 a.txt") and "line 3" in warning and "2 byte" in warning


def test_bytes_no_encoding_can_decode_are_replaced_one_for_one():
    data = "\u201cA\u201d ok\nbad \x81 byte\n".encode().replace(b"\xc2\x81", b"\x81")
    decoded = decode_bytes(data, "a.txt")
    assert decoded.text == "\u201cA\u201d ok\nbad \ufffd byte\n"
    assert "line 2" in decoded.warnings[0]


def test_a_whole_cp1252_file_is_still_guessed():
    decoded = decode_bytes("Le café était fermé, a déclaré le maire.".encode("cp1252"), "a.txt")
    assert decoded.text == "Le café était fermé, a déclaré le maire."
    assert decoded.warnings[0].startswith("W102")


MOJIBAKE = "date 2016-10-12\nFran\u00c3\u0192\u00c2\u00a7ois Hollande said the plan was \u201cfair\u201d.\n"


def test_mojibake_is_repaired_before_offsets_with_a_warning(tmp_path):
    (tmp_path / "polnear.txt").write_text(MOJIBAKE, encoding="utf-8")
    [article] = articles(read_paths([tmp_path / "polnear.txt"]))
    assert article.text == "date 2016-10-12\nFran\u00e7ois Hollande said the plan was \u201cfair\u201d.\n"
    assert article.body_start == 16
    [warning] = [w for w in article.warnings if w.startswith("W111")]
    assert "line 2" in warning and "Fran\u00c3\u0192\u00c2\u00a7ois" in warning and "Fran\u00e7ois" in warning


def test_mojibake_in_a_row_is_repaired(tmp_path):
    (tmp_path / "rows.jsonl").write_text(json.dumps({"id": "r", "text": MOJIBAKE}) + "\n")
    [article] = articles(read_paths([tmp_path / "rows.jsonl"]))
    assert "Fran\u00e7ois Hollande" in article.text
    assert any(w.startswith("W111 ") for w in article.warnings)


def test_clean_text_is_not_touched(tmp_path):
    text = "He said \u201cno\u201d \u2014 twice. Ã is a letter; \u00a0spaces stay.\n"
    (tmp_path / "clean.txt").write_text(text)
    [article] = articles(read_paths([tmp_path / "clean.txt"]))
    assert article.text == text and article.warnings == ()


def test_extract_shows_input_warnings(tmp_path):
    path = tmp_path / "bad.txt"
    text = "\u201cWe will not\u201d, Borrell said.\nA stray \xe9 byte.\n"
    path.write_bytes(text.encode().replace(b"\xc3\xa9", b"\xe9"))
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert "W110" in result.stderr and "line 2" in result.stderr


# -- 6. per-document size limit --------------------------------------------------------------------


def test_a_text_over_the_limit_is_skipped_with_the_option_named(tmp_path):
    (tmp_path / "big.txt").write_text("word " * 400)
    (tmp_path / "small.txt").write_text("Borrell said hello.")
    found = list(read_paths([tmp_path], max_chars=1000))
    [failure] = failures(found)
    assert failure.code == "E131"
    assert "big.txt" in failure.reason and "2,000 characters" in failure.reason
    assert "--max-chars" in failure.reason
    assert [a.doc_id for a in articles(found)] == ["small"]
    assert len(articles(read_paths([tmp_path], max_chars=5000))) == 2


def test_default_limit_is_two_million_characters():
    assert DEFAULT_MAX_CHARS == 2_000_000


def test_a_huge_csv_cell_is_skipped_quickly_and_the_other_rows_kept(tmp_path):
    path = tmp_path / "batch.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,text\n")
        for i in range(5):
            handle.write(f"r{i},Borrell said thing number {i}.\n")
        handle.write("huge," + "x" * 10_000_000 + "\n")
        handle.write("r9,Stoltenberg said the last thing.\n")
    started = time.monotonic()
    found = list(read_paths([path]))
    assert time.monotonic() - started < 10
    [failure] = failures(found)
    assert failure.code == "E131" and failure.origin == f"{path}:7"
    assert "10,000,000 characters" in failure.reason
    assert [a.doc_id for a in articles(found)] == ["r0", "r1", "r2", "r3", "r4", "r9"]


def test_run_and_extract_take_max_chars(tmp_path):
    (tmp_path / "big.txt").write_text("Borrell said that it was fine. " * 100)
    summary = workflows.run([tmp_path / "big.txt"], db=str(tmp_path / "s.db"), max_chars=100)
    assert [f.code for f in summary.failures] == ["E131"]
    result = runner.invoke(app, ["extract", "--max-chars", "100", str(tmp_path / "big.txt")])
    assert "E131" in result.stderr
    assert "--max-chars" in runner.invoke(app, ["run", "--help"]).output


# -- 7. HTML nested deeper than lxml's default limit -----------------------------------------------


def deep_page(depth: int) -> str:
    paragraph = "<p>Josep Borrell noted that such a move is acceptable under international law, he said.</p>"
    return ("<html><head><title>Deep</title></head><body>" + "<div>" * depth
            + paragraph * 4 + "</div>" * depth + "</body></html>")


@pytest.mark.parametrize("depth", [10, 300, 3000])
def test_deeply_nested_html_still_gives_its_main_text(depth, tmp_path):
    found = extract_main(deep_page(depth))
    assert found is not None and "Josep Borrell noted that such a move" in found["text"]
    (tmp_path / "deep.html").write_text(deep_page(depth))
    [article] = articles(read_paths([tmp_path / "deep.html"]))
    assert "Josep Borrell noted" in article.text


def test_a_run_keeps_the_repair_flag_in_the_store_and_not_among_the_skipped(tmp_path):
    from stancemap import workflows

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "polnear.txt").write_text(MOJIBAKE, encoding="utf-8")
    db = str(tmp_path / "s.db")
    summary = workflows.run([tmp_path / "in"], db=db, model="blank:en")
    assert summary.documents_new == 1 and not summary.failures
    with workflows.open_store(db) as store:
        [kept] = store.failures(warnings=True)
        assert kept.code == "W111" and kept.origin.endswith("polnear.txt") and "Fran\u00e7ois" in kept.reason
        assert store.failures() == []
    workflows.run([tmp_path / "in"], db=db, model="blank:en")  # a rerun records nothing twice
    with workflows.open_store(db) as store:
        assert len(store.failures(warnings=True)) == 1
