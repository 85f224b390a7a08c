"""Issue 18: in the speaker's own voice the default coder takes a side where the model only doubts; so it does on a
statement a person said (issue 15, way ``model-person``).

A testimony or speech takes positions; hand coders (DNA's agreement is yes or no) almost never code
an own-voice claim as neutral. The pair model's doubt (a lead below its neutral margin) is coded
``neutral`` in news, where it is right a third of the time, but an own-voice statement gets the
model's likelier side, with the low confidence such a decision earns.
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


def test_the_model_doubts_this_statement_so_news_codes_it_neutral(coder):
    (stance, _, way), = coder.decisions([RAIL], [TEXT], [(TEXT, TEXT)])
    assert (stance, way) == ("neutral", "model-neutral")


def test_in_the_speakers_own_voice_the_likelier_side_is_taken(coder):
    (stance, confidence, way), = coder.decisions([RAIL], [TEXT], [(TEXT, TEXT)], sided=[True])
    probs = coder.model.predict_proba([RAIL.claim], [TEXT])[0]
    likelier = coder.model.labels[int(probs.argmax())]
    assert (stance, way) == (likelier, "model-sided")
    assert 0.5 <= confidence <= max(probs) + 1e-6


def test_code_statements_takes_sides_for_own_statements_only(coder):
    book = Codebook((RAIL,))
    span = TextSpan(0, len(TEXT), TEXT)
    own, reported = code_statements([Statement("d", span, kind="own"), Statement("d", span, kind="indirect")],
                                    book, coder)
    assert own.codings[0].stance in ("support", "oppose")
    assert reported.codings[0].stance == "neutral"


def test_quotes_take_sides_in_a_document_in_its_speakers_own_voice_but_not_in_news(coder):
    """A press release quotes its supporters and critics for their positions; a news report's quotes are reports."""
    book = Codebook((RAIL,))
    span = TextSpan(0, len(TEXT), TEXT)
    press_release = code_statements([Statement("d", TextSpan(0, 3, "Our"), kind="own", actor="Ann Lee"),
                                     Statement("d", span, kind="direct", actor="Bo Chen")], book, coder)
    news = code_statements([Statement("d", span, kind="direct", actor="Bo Chen")], book, coder)
    assert press_release[1].codings[0].stance in ("support", "oppose")
    assert news[0].codings[0].stance == "neutral"


def test_a_cue_rules_neutral_deliberation_stays_neutral_in_own_voice(coder):
    text = "We are still discussing whether to fund the high-speed rail line."
    (stance, _, way), = coder.decisions([RAIL], [text], [(text, text)], sided=[True])
    assert (stance, way) == ("neutral", "rule-neutral")


def test_an_own_voice_continuation_is_judged_in_its_own_words(coder):
    """A speaker's next claim inherits the issue; in their own voice its stance is read, not left neutral."""
    text = ("I will vote for the high-speed rail bill. "
            "Our region has waited thirty years, and our families deserve better.")
    book = Codebook((RAIL,))
    first = Statement("d", TextSpan(0, 40, text[0:40]), kind="own", actor="Ann Lee")
    then = Statement("d", TextSpan(42, len(text), text[42:]), kind="own", actor="Ann Lee")
    assert coder.code(then.content.text, then.content.text, RAIL) is None  # not relevant on its own
    coded = code_statements([first, then], book, coder, text=text)
    assert [c.stance for c in coded[0].codings] == ["support"]
    (inherited,) = coded[1].codings
    assert inherited.origin.endswith("+continuation") and inherited.stance == "support"
    said = TextSpan(0, 1, "I")  # one speaker mention for both, as a quote run in news has
    quote_run = [first.with_(kind="direct", speaker=said), then.with_(kind="direct-unmarked", speaker=said)]
    quoted = code_statements(quote_run, book, coder, text=text)
    assert [c.stance for c in quoted[1].codings] == ["neutral"]  # in news, the quotation goes on: its side unsaid
    reported = code_statements([first.with_(kind="indirect", speaker=said), then.with_(kind="indirect", speaker=said)],
                               book, coder, text=text)
    assert reported[1].codings == ()  # another reported sentence that names nothing of the issue


def test_a_persons_doubted_statement_takes_the_likelier_side(coder):
    """News quotes and reports people to give their positions; a report with no speaker, or an institution's, is
    more often neutral."""
    (stance, _, way), = coder.decisions([RAIL], [TEXT], [(TEXT, TEXT)], people=[True])
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
