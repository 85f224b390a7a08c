"""`stancemap run --own-voice auto|claims|all|none` selects the own-voice statements (issue 18)."""

from __future__ import annotations

import pytest

from stancemap import workflows
from stancemap.errors import UsageError
from stancemap.pipeline import Pipeline

TESTIMONY = ("STATEMENT OF MARGARET HOLLOWAY, PRESIDENT, PLAINS ENERGY COUNCIL\n\n"
             "Thank you, Mr. Chairman. I joined the Council in 1998. "
             "We support a national renewable electricity standard. "
             "The standard would create jobs in rural states. "
             "The hearing room is on the second floor. "
             "Congress should pass the bill this year.\n")


def test_an_unknown_mode_is_a_usage_error():
    with pytest.raises(UsageError, match="--own-voice 'some': use one of auto, claims, all, none"):
        Pipeline.load(own_voice="some")


@pytest.mark.model
def test_modes_select_more_or_no_own_statements(tmp_path):
    text = tmp_path / "holloway.txt"
    text.write_text(TESTIMONY, encoding="utf-8")
    counts = {}
    for mode in ("none", "claims", "all"):
        db = f"sqlite:///{tmp_path / (mode + '.db')}"
        workflows.run([text], db=db, genre="testimony", own_voice=mode, date="2024-06-04")
        with workflows.open_store(db, must_exist=True) as store:
            counts[mode] = sum(1 for s in store.statements() if s.statement.kind == "own")
    assert counts["none"] == 0
    assert 0 < counts["claims"] <= counts["all"]


def _codebook(tmp_path, keywords):
    path = tmp_path / ("keywords.yaml" if keywords else "bare.yaml")
    extra = "\n    keywords: [renewable electricity standard]" if keywords else ""
    path.write_text("issues:\n  - id: res\n    label: Renewable standard\n"
                    f"    claim: Congress should adopt a national renewable electricity standard.{extra}\n",
                    encoding="utf-8")
    return path


@pytest.mark.model
def test_auto_takes_every_sentence_for_bare_concepts_and_claims_with_keywords(tmp_path):
    """A bare concept has no keyword to find "The standard works." by, so auto reads every sentence then."""
    bare = Pipeline.load(codebook=_codebook(tmp_path, keywords=False))
    assert bare.own_voice == "all"
    assert Pipeline.load(codebook=_codebook(tmp_path, keywords=True)).own_voice == "claims"
    assert Pipeline.load().own_voice == "claims"  # no codebook: the statements are the claims
    assert Pipeline.load(codebook=_codebook(tmp_path, keywords=False), own_voice="claims").own_voice == "claims"
