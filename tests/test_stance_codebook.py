"""Codebook loading: valid files, the content hash, and error messages (pinned)."""

from __future__ import annotations

import textwrap

import pytest

from stancemap.errors import CodebookError
from stancemap.stance.codebook import load_codebook, parse_codebook

VALID = """\
# transport issues
issues:
  - id: congestion-charge
    label: Congestion charge
    claim: The city should introduce a congestion charge for cars entering the centre.
    description: Charging drivers to enter the centre.
    keywords: [congestion charge, toll, city centre]
    examples:
      - text: A charge would clear the streets.
        stance: support
  - id: night-trains
    claim: Night trains should be subsidised.
"""


def write(tmp_path, text, name="codebook.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_load_valid(tmp_path):
    path = write(tmp_path, VALID)
    cb = load_codebook(path)
    assert [i.id for i in cb.issues] == ["congestion-charge", "night-trains"]
    first = cb.issue("congestion-charge")
    assert first.keywords == ("congestion charge", "toll", "city centre")
    assert first.examples == (("A charge would clear the streets.", "support"),)
    assert first.description == "Charging drivers to enter the centre."
    assert cb.issue("night-trains").label == "night-trains"  # label defaults to the id
    assert cb.path == str(path)
    assert len(cb.hash) == 64


def test_hash_ignores_formatting_but_not_content(tmp_path):
    a = load_codebook(write(tmp_path, VALID, "a.yaml"))
    reformatted = VALID.replace("# transport issues\n", "").replace(
        "keywords: [congestion charge, toll, city centre]",
        "keywords:\n      - congestion charge   # the main term\n      - toll\n      - city centre")
    b = load_codebook(write(tmp_path, reformatted, "b.yaml"))
    assert a.hash == b.hash
    changed = load_codebook(write(tmp_path, VALID.replace("subsidised", "expanded"), "c.yaml"))
    assert changed.hash != a.hash


def test_missing_file(tmp_path):
    with pytest.raises(CodebookError) as err:
        load_codebook(tmp_path / "nope.yaml")
    assert err.value.code == "E200"
    assert str(err.value) == (f"{tmp_path / 'nope.yaml'}: codebook file does not exist; "
                              "check the path or create it (see examples/codebook.yaml)")


def test_not_yaml_names_line(tmp_path):
    path = write(tmp_path, "issues:\n  - id: a\n    claim: [unclosed\n  - id: b\n")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert err.value.code == "E200"
    assert str(err.value).startswith(f"{path} line ")
    assert "not valid YAML" in str(err.value)
    assert "check indentation and quoting" in str(err.value)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "codebook.yaml: no top-level `issues:` list (the file is empty); start the file with "
             "`issues:` followed by `- id: ...` items"),
        ("topics: []\n", "codebook.yaml: no top-level `issues:` list (found keys: topics); start the file "
                         "with `issues:` followed by `- id: ...` items"),
        ("issues: []\n", "codebook.yaml: `issues` must be a non-empty list of issues, each starting with "
                         "`- id: ...`"),
        ("issues:\n  - label: Fuel tax\n    claim: Fuel taxes should rise.\n",
         "codebook.yaml: issue 1 (line 2): missing `id`; add e.g. `id: fuel-tax`"),
        ("issues:\n  - id: Fuel Tax\n    claim: Fuel taxes should rise.\n",
         "codebook.yaml: issue 1 `Fuel Tax` (line 2): `id` must be a slug (lowercase letters, digits, "
         "'-', '_' or '.'), found 'Fuel Tax'; use e.g. `id: fuel-tax`"),
        ("issues:\n  - id: tax\n    label: Tax\n",
         "codebook.yaml: issue 1 `tax` (line 2): missing `claim`; add the sentence actors support or "
         "oppose, e.g. `claim: Taxes on fuel should be raised.`"),
        ("issues:\n  - id: tax\n    claim: Taxes should rise.\n    keywords: tax, fuel\n",
         "codebook.yaml: issue 1 `tax` (line 2): `keywords` must be a list of strings, found 'tax, fuel'; "
         "write e.g. `keywords: [strike, Russian territory]`"),
        ("issues:\n  - id: tax\n    claim: Taxes should rise.\n    keyword: [tax]\n",
         "codebook.yaml: issue 1 `tax` (line 2): unknown key `keyword` (did you mean `keywords`?; "
         "allowed: id, label, claim, description, keywords, examples, excludes)"),
        ("issues:\n  - id: tax\n    claim: Taxes should rise.\n    examples:\n"
         "      - {text: Raise it now., stance: agree}\n",
         "codebook.yaml: issue 1 `tax` (line 2): example 1: `stance` must be one of support, oppose, "
         "neutral, found 'agree'"),
    ],
)
def test_invalid_messages(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert err.value.code == "E201"
    assert str(err.value) == f"{tmp_path}/{message}"


def test_duplicate_id_and_all_problems_reported_together(tmp_path):
    text = ("issues:\n"
            "  - id: tax\n    claim: Taxes should rise.\n"
            "  - id: tax\n    claim: Taxes should fall.\n"
            "  - id: rent\n")
    path = write(tmp_path, text)
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert str(err.value).splitlines() == [
        f"{path}: 2 problems:",
        "  issue 2 `tax` (line 4): duplicate `id` 'tax', also issue 1; give each issue its own id",
        "  issue 3 `rent` (line 6): missing `claim`; add the sentence actors support or oppose, "
        "e.g. `claim: Taxes on fuel should be raised.`",
    ]
    assert len(err.value.problems) == 2


def test_parse_codebook_from_data():
    cb = parse_codebook({"issues": [{"id": "tax", "claim": "Taxes should rise.", "keywords": ["tax"]}]})
    assert cb.issues[0].keywords == ("tax",)
    assert cb.path == "codebook"
