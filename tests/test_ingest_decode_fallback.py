"""Regression tests: a rare NUL is not binary; an undecodable line late in a CSV loses no rows."""

from __future__ import annotations

from stancemap.ingest import read_paths
from stancemap.models import Article


def test_csv_with_one_nul_is_read_and_nul_reported(tmp_path):
    path = tmp_path / "nul.csv"
    rows = [b"id,text"] + [b"%d,Row number %d says something." % (n, n) for n in range(1, 20)]
    rows[5] = b"5,Before\x00after."
    path.write_bytes(b"\n".join(rows) + b"\n")
    found = list(read_paths([path]))
    assert all(isinstance(item, Article) for item in found), found
    assert len(found) == 19
    nul_row = found[4]
    # NUL cannot be stored in PostgreSQL text: it becomes U+FFFD (one character
    # for one, so offsets are unchanged) and a warning says so.
    assert nul_row.text == "Before\ufffdafter."
    (warning,) = nul_row.warnings
    assert warning.startswith(f"W105 {path} line 6: ")
    assert "NUL" in warning
    assert found[3].warnings == () and found[5].warnings == ()


def test_text_with_one_nul_is_read_consistently(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes((b"Borrell said the talks would go on. Stoltenberg agreed. " * 5 + b"\x00") * 3)
    (article,) = read_paths([path])
    assert isinstance(article, Article), article
    assert "\x00" not in article.text and article.text.count("\ufffd") == 3
    assert len(article.text) == len(path.read_bytes())
    assert any(w.startswith(f"W105 {path}: ") for w in article.warnings)


def test_binary_file_is_still_rejected(tmp_path):
    path = tmp_path / "blob.csv"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    (failure,) = read_paths([path])
    assert failure.code == "E103"


def test_undecodable_line_after_64k_keeps_later_rows(tmp_path):
    path = tmp_path / "late.csv"
    filler = b"".join(b"%d,Plain ascii row %d with some padding text.\n" % (n, n) for n in range(1, 2001))
    assert len(filler) > 65536
    bad = "2001,Le café était fermé.\n".encode("cp1252")
    tail = b"2002,After the bad line.\n2003,Last row.\n"
    path.write_bytes(b"id,text\n" + filler + bad + tail)
    found = list(read_paths([path]))
    assert all(isinstance(item, Article) for item in found), [f for f in found if not isinstance(f, Article)]
    assert len(found) == 2003
    bad_row, after, last = found[-3:]
    assert bad_row.doc_id == "2001"
    assert bad_row.text == "Le café était fermé."
    (warning,) = bad_row.warnings
    assert warning.startswith(f"W104 {path} line 2002: not valid UTF-8 ")
    assert "decoded as cp1252" in warning
    assert (after.doc_id, after.text, after.warnings) == ("2002", "After the bad line.", ())
    assert (last.doc_id, last.text) == ("2003", "Last row.")
    assert found[0].warnings == ()
