"""The stance coder registry and code_statements."""

from __future__ import annotations

import doctest
import importlib

import pytest

from stancemap.errors import UsageError
from stancemap.models import Codebook, Coding, Issue, Statement, TextSpan
from stancemap.stance import code_statements, get_coder, register_coder, registered_coders
from stancemap.stance.coders import StanceCoder

CHARGE = Issue("congestion-charge", "Congestion charge",
               "The city should introduce a congestion charge for cars entering the centre.",
               keywords=("congestion charge", "toll"))
PARKING = Issue("parking", "Parking fees", "Parking fees in the suburbs should be cut.",
                keywords=("parking fees",))
CODEBOOK = Codebook((CHARGE, PARKING), hash="x", path="codebook.yaml")


def statement(content, cue=None, codings=()):
    return Statement("doc1", TextSpan(0, len(content), content),
                     cue=TextSpan(0, len(cue), cue) if cue else None, codings=tuple(codings))


def test_default_coder():
    coder = get_coder()
    assert coder.name == "semantic.v1"
    assert isinstance(coder, StanceCoder)
    assert {"keyword.v1", "semantic.v1"} <= set(registered_coders())


def test_unknown_coder_message():
    with pytest.raises(UsageError) as err:
        get_coder("keyword.v2")
    assert err.value.code == "E500"
    assert str(err.value).startswith("unknown stance coder 'keyword.v2'; did you mean 'keyword.v1'? available: ")


def test_register_needs_version_and_unique_name():
    with pytest.raises(ValueError, match="has no version; use e.g. mine.v1"):
        register_coder("mine")

    @register_coder("test-fixed.v1")
    class Fixed:
        name = "test-fixed.v1"

        def code(self, content, context, issue):
            return Coding(issue.id, "oppose", 0.9, origin=f"model:{self.name}")

    assert get_coder("test-fixed.v1").name == "test-fixed.v1"
    with pytest.raises(ValueError, match="already registered"):
        register_coder("test-fixed.v1")(lambda: None)


def test_code_statements_sets_codings_per_relevant_issue():
    s1 = statement("A congestion charge is a sensible idea.")
    s2 = statement("Our team won the cup final.")
    out = code_statements([s1, s2], CODEBOOK, "keyword.v1")
    assert [c.issue for c in out[0].codings] == ["congestion-charge"]
    coding = out[0].codings[0]
    assert (coding.stance, coding.origin) == ("support", "model:keyword.v1")
    assert 0 < coding.confidence < 1 and 0 < coding.relevance <= 1
    assert out[1].codings == ()
    assert s1.codings == ()  # inputs are not changed


def test_cue_is_the_default_context():
    s = statement("introducing a congestion charge", cue="shopkeepers have been wary of")
    assert code_statements([s], CODEBOOK, "keyword.v1")[0].codings[0].stance == "oppose"
    no_context = code_statements([s], CODEBOOK, "keyword.v1", context=lambda st: "")
    assert no_context[0].codings[0].stance == "neutral"


def test_person_codings_are_kept_and_model_codings_replaced():
    person = Coding("congestion-charge", "oppose", 1.0, origin="person:ana")
    stale = Coding("parking", "support", 0.6, origin="model:keyword.v1")
    s = statement("A congestion charge is fine, and parking fees should be cut.", codings=[person, stale])
    out = code_statements([s], CODEBOOK, "keyword.v1")[0]
    assert out.codings[0] == person
    assert [c.origin for c in out.codings[1:]] == ["model:keyword.v1"]
    assert out.codings[1].issue == "parking" and out.codings[1] is not stale


@pytest.mark.parametrize("module", [
    "stancemap.stance", "stancemap.stance.codebook", "stancemap.stance.coders",
    "stancemap.stance.text", "stancemap.stance.lexicon", "stancemap.stance.lexical",
    "stancemap.stance.evaluate", "stancemap.stance.semantic", "stancemap.stance.learners", "stancemap.stance.pairfiles",
    "stancemap.training", "stancemap.stance.suggest", "stancemap.stance.continuity",
])
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module),
                             optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_issues_package_imports_no_spacy_or_sql():
    import subprocess
    import sys

    code = ("import sys, stancemap.stance, stancemap.stance.evaluate, stancemap.stance.lexical\n"
            "import stancemap.stance.semantic, stancemap.stance.learners, stancemap.stance.suggest\n"
            "stancemap.stance.get_coder().model\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('spacy', 'sqlalchemy', 'sqlite3', 'psycopg', 'alembic')]\n"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_statement_reported_inside_another_is_read_in_its_own_words():
    """Comey's words, reported inside Lynch's statement, are not read with her "but said she should face no
    criminal charges": the clause after them is hers, not his."""
    text = ("Lynch said that last month FBI Director James Comey called Clinton's use of private email servers "
            "\"extremely careless,\" but said she should face no criminal charges.")

    def span(sub: str) -> TextSpan:
        at = text.index(sub)
        return TextSpan(at, at + len(sub), sub)

    outer = Statement("d", span(text[text.index("last month"):-1]), speaker=span("Lynch"), cue=span("said"))
    inner = Statement("d", span("Clinton's use of private email servers \"extremely careless,\""),
                      speaker=span("FBI Director James Comey"), cue=span("called"))
    claim = "Hillary Clinton's use of a private email server was reckless or criminal and disqualifies her."
    book = Codebook(issues=(Issue("emails", "Clinton's emails", claim),))
    coded = code_statements([outer, inner], book, text=text)
    assert [c.stance for c in coded[1].codings] == ["support"]
