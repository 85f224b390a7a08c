"""Over-long codebook issue ids and imported actor names (issue 17 item 8, the remaining write paths).

A value longer than its database column is refused with a message naming the file and the field,
before anything is written, so SQLite (which does not enforce VARCHAR lengths) and PostgreSQL
(which does) give the same answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stancemap import workflows
from stancemap.actors.io import MAX_NAME_CHARS
from stancemap.curation import import_registry
from stancemap.errors import CodebookError, RegistryError
from stancemap.stance.codebook import MAX_ISSUE_ID_CHARS, load_codebook
from stancemap.store import Store
from stancemap.store.schema import actors, aliases, codings, issues


def test_the_limits_are_the_columns():
    assert MAX_ISSUE_ID_CHARS == issues.c.id.type.length == codings.c.issue_id.type.length
    assert MAX_NAME_CHARS == actors.c.name.type.length == aliases.c.alias.type.length
    assert MAX_NAME_CHARS == actors.c.affiliation.type.length


def _codebook(tmp_path: Path, issue_id: str) -> Path:
    path = tmp_path / "book.yaml"
    path.write_text(f"issues:\n  - id: {issue_id}\n    claim: Taxes should rise.\n", encoding="utf-8")
    return path


def test_an_issue_id_at_the_limit_is_kept(tmp_path: Path):
    assert load_codebook(_codebook(tmp_path, "a" * MAX_ISSUE_ID_CHARS)).issues[0].id == "a" * MAX_ISSUE_ID_CHARS


def test_an_over_long_issue_id_names_the_file_the_field_and_the_limit(tmp_path: Path):
    path = _codebook(tmp_path, "tax-" + "a" * 400)
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    message = caught.value.message
    assert caught.value.code == "E201"
    assert "book.yaml" in message and "`id`" in message and "404 characters" in message
    assert f"at most {MAX_ISSUE_ID_CHARS}" in message
    assert "a" * 100 not in message  # the value is shortened


def test_a_run_with_it_stops_before_the_store_on_both_backends(store_url: str, tmp_path: Path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("The minister said the tax would rise.\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="at most 200"):
        workflows.run([tmp_path / "in"], db=store_url, codebook=_codebook(tmp_path, "b" * 201))
    with Store.open(store_url) as store:
        assert store.counts()["documents"] == 0


@pytest.mark.parametrize(("csv_row", "field"), [
    ("{long},person,,", "`name`"),
    ("Jane Doe,person,JD|{long},", "alias"),
    ("Jane Doe,person,,{long}", "`affiliation`"),
])
def test_an_over_long_actor_name_alias_or_affiliation_is_refused_on_import(store: Store, tmp_path: Path,
                                                                            csv_row: str, field: str):
    path = tmp_path / "people.csv"
    path.write_text("name,type,aliases,affiliation\nJohn Roe,person,,\n"
                    + csv_row.format(long="X" * 600) + "\n", encoding="utf-8")
    before = store.counts()
    with pytest.raises(RegistryError) as caught:
        import_registry(store, path)
    message = caught.value.message
    assert "people.csv line 3" in message and field in message
    assert "600 characters" in message and f"at most {MAX_NAME_CHARS}" in message
    assert "X" * 100 not in message
    assert store.counts() == before


def test_an_over_long_name_in_yaml_is_refused_too(tmp_path: Path):
    from stancemap.actors.io import read_registry

    path = tmp_path / "people.yaml"
    path.write_text(f"actors:\n  - name: {'Y' * 501}\n    type: person\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"people.yaml actors\[0\]: `name` is 501 characters long"):
        read_registry(path)
