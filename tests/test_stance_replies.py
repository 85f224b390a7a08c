"""A short reply in a speaker's own voice takes its issue and side from what it answers (issue 18).

Interviews, hearings and press releases answer questions and others' proposals in a few words ("No, we
oppose it.", "We will not.", "We do not agree."). Hand-written texts; none from the evaluation sets.
"""

from __future__ import annotations

import pytest

from stancemap.models import Codebook, Issue, Statement, TextSpan
from stancemap.stance import get_coder
from stancemap.stance.coders import code_statements
from stancemap.stance.continuity import answered_text
from stancemap.stance.replies import reply_sign

FERRY = Issue("ferry", "Ferry subsidy", "The state should subsidise the island ferry service.",
              keywords=("ferry", "ferry subsidy"))
BOOK = Codebook((FERRY,))


@pytest.fixture(scope="module")
def coder():
    return get_coder("semantic.v1")


def _own(text: str, content: str) -> Statement:
    start = text.index(content)
    return Statement("d", TextSpan(start, start + len(content), content), kind="own", actor="Mayor Lund")


def _reply_coding(coder, text: str, content: str, kind: str = "own"):
    statement = _own(text, content)
    if kind != "own":
        statement = statement.with_(kind=kind)
    coded, = code_statements([statement], BOOK, coder, text=text)
    return {c.issue: c for c in coded.codings}.get("ferry")


@pytest.mark.parametrize("text, content, stance", [
    # a question: the reply is read on the claim itself
    ("Q: The state wants to subsidise the island ferry service. Will you back the subsidy?\n\nA: No, we oppose it.",
     "No, we oppose it.", "oppose"),
    ("Q: What about the island ferry subsidy?\n\nA: We are for it, and we always have been.",
     "We are for it, and we always have been.", "support"),
    # refusing what others asked for or proposed turns their side round
    ("Some have asked us to scrap the subsidy for the island ferry service. We will not.", "We will not.", "support"),
    ("Some have proposed a new state subsidy for the island ferry service. We do not agree.", "We do not agree.",
     "oppose"),
])
def test_a_reply_takes_its_side_from_what_it_answers(coder, text, content, stance):
    coding = _reply_coding(coder, text, content)
    assert coding is not None and coding.stance == stance and coding.origin.endswith("+reply"), coding


def test_a_reply_in_news_is_not_read_against_the_narrators_sentence(coder):
    text = "The state plans to subsidise the island ferry service. We will not."
    assert _reply_coding(coder, text, "We will not.", kind="direct") is None


def test_a_speaker_label_or_a_floor_giving_turn_is_not_what_is_answered():
    text = ("Senator BERG. My amendment gives the island ferry a state subsidy.\n\n"
            "The CHAIRMAN. Senator Holm.\n\nSenator HOLM. I oppose this amendment.")
    assert answered_text(text, text.index("I oppose")) == "My amendment gives the island ferry a state subsidy."


@pytest.mark.parametrize("text, sign", [
    ("We respectfully disagree.", -1), ("I think it is the right goal.", 1), ("We will not.", -1),
    ("Yes.", 1), ("No, not while I am mayor.", -1),
    # claims of their own, not replies
    ("The ferry is a lifeline for the islands.", None), ("I support the ferry subsidy.", None),
    ("Legislators should stop pouring money into it, in my view, because the ferry loses money.", None),
])
def test_what_counts_as_a_reply(text, sign):
    assert reply_sign(text) == sign
