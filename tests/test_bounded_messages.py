"""Error messages quote user values briefly (issue 17 item 15)."""

from __future__ import annotations

import time

import pytest

from stancemap.errors import CodebookError, UsageError, brief
from stancemap.stance.codebook import load_codebook
from stancemap.workflows import parse_date_option


def _billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['a: &a [' + ", ".join(['"lol"'] * width) + ']']
    names = "abcdefghijklmnop"
    for i in range(1, levels):
        prev, cur = names[i - 1], names[i]
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * width) + "]")
    lines.append(f"issues: *{names[levels - 1]}")
    return "\n".join(lines) + "\n"


def test_brief_shortens_long_values():
    assert brief("abc") == "'abc'"
    out = brief("x" * 5000, limit=80)
    assert len(out) < 120
    assert "5000 characters" in out
    assert brief(12) == "12"


def test_billion_laughs_codebook_is_refused_fast(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(_billion_laughs(), encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert time.perf_counter() - start < 2
    message = str(info.value)
    assert len(message) < 500
    assert str(path) in message
    assert "alias" in message


def test_many_alias_uses_refused(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text("x: &x k\nissues:\n" + "".join("  - *x\n" for _ in range(2000)), encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert "2000 times" in str(info.value)


def test_codebook_with_few_aliases_still_loads(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(
        "issues:\n"
        "  - {id: fuel-tax, claim: Fuel taxes should rise., keywords: &kw [fuel, tax]}\n"
        "  - {id: fuel-duty, claim: Fuel duty should fall., keywords: *kw}\n",
        encoding="utf-8",
    )
    assert load_codebook(path).issues[1].keywords == ("fuel", "tax")


def test_long_codebook_value_is_shortened(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("issues:\n  - {id: '" + "X" * 5000 + "', claim: c}\n", encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert len(str(info.value)) < 500


def test_long_bad_date_option_is_shortened():
    with pytest.raises(UsageError) as info:
        parse_date_option("9" * 5000)
    message = str(info.value)
    assert len(message) < 500
    assert "5000 characters" in message


def test_long_bad_date_in_rows_is_shortened(tmp_path):
    from stancemap.ingest import read_paths

    bad = "not a date " * 455  # about 5,000 characters
    path = tmp_path / "a.jsonl"
    import json

    path.write_text(json.dumps({"id": "a", "text": "Some text here.", "date": bad}) + "\n", encoding="utf-8")
    items = list(read_paths([path]))
    warnings = [w for item in items for w in getattr(item, "warnings", [])]
    w101 = [w for w in warnings if "W101" in w]
    assert w101
    assert all(len(w) < 500 for w in w101)
    assert f"{len(bad)} characters" in w101[0]


def test_long_bad_date_check_is_shortened():
    from stancemap.ingest import _check_date

    start = time.perf_counter()
    with pytest.raises(UsageError) as info:
        _check_date("z" * 5000)
    assert time.perf_counter() - start < 2
    assert len(str(info.value)) < 500
