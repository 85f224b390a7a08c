"""The pair model's doubt on a statement a person said takes the likelier side (way ``model-person``).

News quotes and reports people to give their positions; a report with no speaker, or an institution's, is more
often neutral. Where the model only doubts (a lead below its margin), a statement whose speaker the extractor typed
a person gets the model's likelier side, with the calibrated confidence of that way; anyone else's stays neutral.
"""

from __future__ import annotations

import pytest

from stancemap.models import Codebook, Issue, Statement, TextSpan
from stancemap.stance import get_coder
from stancemap.stance.calibration import load_calibration
from stancemap.stance.coders import code_statements

RAIL = Issue("rail", "High-speed rail", "Governments should build and fund high-speed rail lines.",
             keywords=("high-speed rail",))
TEXT = ("Our state has two million people spread over a huge area, "
        "and a high-speed rail line serves few of them.")


@pytest.fixture(scope="module")
def coder():
    return get_coder("semantic.v1")


def test_a_persons_doubted_statement_takes_the_likelier_side(coder):
    (stance, confidence, way), = coder.decisions([RAIL], [TEXT], [(TEXT, TEXT)], people=[True])
    probs = coder.model.predict_proba([RAIL.claim], [TEXT])[0]
    assert (stance, way) == (coder.model.labels[int(probs.argmax())], "model-person")
    (stance, _, way), = coder.decisions([RAIL], [TEXT], [(TEXT, TEXT)], people=[False])
    assert (stance, way) == ("neutral", "model-neutral")


def test_own_voice_and_cues_come_before_the_person(coder):
    (_, _, way), = coder.decisions([RAIL], [TEXT], [(TEXT, TEXT)], sided=[True], people=[True])
    assert way == "model-sided"
    ruled = "We oppose the high-speed rail line."
    (stance, _, way), = coder.decisions([RAIL], [ruled], [(ruled, ruled)], people=[True])
    assert (stance, way) == ("oppose", "rule")


def test_code_statements_reads_the_speaker_type(coder):
    span = TextSpan(0, len(TEXT), TEXT)
    person, agency, unknown = code_statements(
        [Statement("d", span, kind="indirect", speaker_type=t) for t in ("person", "organisation", None)],
        Codebook((RAIL,)), coder)
    assert person.codings[0].stance in ("support", "oppose")
    assert person.codings[0].confidence == load_calibration().accuracy["model-person"]
    assert agency.codings[0].stance == unknown.codings[0].stance == "neutral"


def test_a_pair_files_sentence_has_no_speaker_and_stays_neutral(coder):
    (stance, _), = coder.code_stances([RAIL.claim], [TEXT])
    assert stance == "neutral"
