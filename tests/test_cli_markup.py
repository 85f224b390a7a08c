"""Article text, names and file names are shown as they are: brackets in them are not console markup.

Rich reads "[bold]" and "[/b]" in a printed string as styles; an article quoting such text had made
``stancemap statements`` fail ("closing tag '[/b]' ... doesn't match any open tag") and would have
styled or hidden the words of another.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap.cli import app

runner = CliRunner(env={"COLUMNS": "400"})
TEXT = ('Senator Jane Roe said on Monday that "the [/b] fuel tax [bold red]is unfair[/bold red] and should be '
        'abolished."\n')
CODEBOOK = """issues:
  - id: fuel-tax
    label: Fuel tax
    claim: The fuel tax should be abolished.
    keywords: [fuel tax]
"""


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("markup")
    texts = folder / "texts [draft]"
    texts.mkdir()
    (texts / "roe [v2].txt").write_text(TEXT, encoding="utf-8")
    (texts / "[empty].txt").write_bytes(b"")
    codebook = folder / "codebook.yaml"
    codebook.write_text(CODEBOOK, encoding="utf-8")
    db = folder / "markup.db"
    result = invoke("run", texts, "--db", db, "--codebook", codebook, "--quiet")
    assert result.exit_code == 0, result.output
    assert "[empty].txt" in result.output  # the skipped input, named as it is
    return texts, codebook, db


@pytest.mark.model
def test_statements_table_shows_brackets_in_the_article_as_text(corpus):
    _, _, db = corpus
    result = invoke("statements", "--db", db)
    assert result.exit_code == 0, result.output
    assert "[/b] fuel tax [bold red]is unfair[/bold red]" in result.output


@pytest.mark.model
def test_extract_table_shows_brackets_in_the_article_as_text(corpus):
    texts, codebook, _ = corpus
    result = invoke("extract", texts / "roe [v2].txt", "--codebook", codebook)
    assert result.exit_code == 0, result.output
    assert "[bold red]is unfair[/bold red]" in result.output


@pytest.mark.model
def test_actor_list_and_page_show_an_alias_with_brackets_as_text(corpus):
    _, _, db = corpus
    assert invoke("actors", "alias", "Jane Roe", "Roe [D-CA]", "--db", db).exit_code == 0
    for args in (("actors", "list"), ("actors", "show", "Jane Roe")):
        result = invoke(*args, "--db", db)
        assert result.exit_code == 0, result.output
        assert "Roe [D-CA]" in result.output, args


@pytest.mark.model
def test_review_panel_shows_the_document_name_as_written(corpus):
    _, _, db = corpus
    result = runner.invoke(app, ["stance", "review", "--db", str(db), "--limit", "1", "--person", "ana"], input="q\n")
    assert result.exit_code == 0, result.output
    assert "roe [v2]" in result.output and "[bold red]is unfair[/bold red]" in result.output
