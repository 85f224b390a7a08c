"""A codebook issue's ``excludes``: what is close to an issue but does not count as being about it."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from stancemap import workflows
from stancemap.errors import CodebookError
from stancemap.models import Issue
from stancemap.stance import get_coder
from stancemap.stance.codebook import load_codebook, parse_codebook
from stancemap.store.schema import codings, statements

RETURNS = dict(id="trump-tax-returns", label="Trump's tax returns",
               claim="Donald Trump should release his tax returns.",
               description="Whether Trump should make his tax returns public; what his returns reveal about his "
                           "taxes, such as paying no federal income tax.",
               keywords=("tax returns", "federal income tax", "audit"))
EXCLUDES = ("tax plan", "tax rates", "Trump's and Clinton's tax plans: cutting or raising taxes")
PLANS = ("His plan would cut the top income tax rate to 25 percent and end the estate tax.",
         "Trump's tax plan would raise taxes on millions of middle-class families.")
RETURNS_STATEMENTS = ("He has refused to release his tax returns, saying they are under audit.",
                      "The candidate who wants to cut tax rates for the rich won't even show us his own tax returns.")


def test_excludes_are_read_from_the_codebook_and_a_bad_value_is_named():
    book = parse_codebook({"issues": [{"id": "returns", "claim": "He should release his returns.",
                                       "excludes": [" tax plan ", "tax rates"]}]})
    assert book.issues[0].excludes == ("tax plan", "tax rates")
    with pytest.raises(CodebookError) as caught:
        parse_codebook({"issues": [{"id": "returns", "claim": "x", "excludes": "tax plan"}]}, name="book.yaml")
    assert "book.yaml" in str(caught.value) and "`returns`" in str(caught.value) and "`excludes`" in str(caught.value)
    with pytest.raises(CodebookError, match="`tax plan` is both a keyword and an exclusion"):
        parse_codebook({"issues": [{"id": "returns", "claim": "x", "keywords": ["Tax plan"],
                                    "excludes": ["tax plan"]}]})
    with pytest.raises(CodebookError, match="did you mean `excludes`"):
        parse_codebook({"issues": [{"id": "returns", "claim": "x", "exclude": ["tax plan"]}]})


@pytest.mark.model
def test_what_an_issue_excludes_is_not_coded_on_it_and_what_it_is_about_still_is():
    coder = get_coder("semantic.v1")
    plain, excluding = Issue(**RETURNS), Issue(**RETURNS, excludes=EXCLUDES)
    for text in PLANS:  # close enough to the returns to be coded on them, until the codebook says otherwise
        assert coder.code(text, "", plain) is not None, text
        assert coder.code(text, "", excluding) is None, text
    for text in RETURNS_STATEMENTS:  # a keyword of the issue keeps "cut tax rates" about the returns
        before, after = coder.code(text, "", plain), coder.code(text, "", excluding)
        assert before is not None and after == before, text


@pytest.mark.model
def test_an_exclusion_is_recorded_as_the_evidence_of_relevance():
    coder = get_coder("semantic.v1")
    index = coder.index((Issue(**RETURNS, excludes=EXCLUDES),))
    vectors = coder.embedder.embed([PLANS[1]])
    [[relevance]] = index.score([PLANS[1]], [PLANS[1]], vectors, vectors)
    assert relevance.score == 0.0 and relevance.evidence.startswith("excluded: ")


@pytest.mark.model
def test_adding_excludes_to_a_codebook_recodes_the_store_and_drops_what_they_exclude(tmp_path: Path, store_url: str):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "paper_2016-10-04_taxes.txt").write_text(
        "date 2016-10-04 Tax experts said that Trump's tax plan would raise taxes on millions of middle-class "
        "families. Senator Warren said that Trump must release his tax returns before the election.\n",
        encoding="utf-8")
    book = tmp_path / "codebook.yaml"
    lines = ["issues:", "  - id: trump-tax-returns", "    label: Trump's tax returns",
             f"    claim: {RETURNS['claim']}", f"    description: \"{RETURNS['description']}\"",
             f"    keywords: [{', '.join(RETURNS['keywords'])}]"]
    book.write_text("\n".join(lines) + "\n", encoding="utf-8")
    workflows.run([folder], db=store_url, codebook=book)
    before = _coded_contents(store_url)
    assert any("tax plan" in text for text in before) and any("release" in text for text in before), before

    book.write_text("\n".join(lines + ["    excludes: [tax plan, tax rates]"]) + "\n", encoding="utf-8")
    assert load_codebook(book).issues[0].excludes == ("tax plan", "tax rates")
    second = workflows.run([folder], db=store_url, codebook=book)
    assert second.statements_recoded >= 2
    after = _coded_contents(store_url)
    assert not any("tax plan" in text for text in after) and any("release" in text for text in after), after


def _coded_contents(url: str) -> list[str]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(statements.c.content_text).join(
            codings, codings.c.statement_id == statements.c.id)).all()
    engine.dispose()
    return [row[0] for row in rows]
