"""A position on "the rule" or "this amendment" in a hearing or debate is on the proposal just discussed.

"We oppose the rule as written." names no issue; where it stands, after the chair has opened a
hearing on the standards for coal plants, it opposes them. Hand-written texts; none from the
evaluation sets.
"""

from __future__ import annotations

import pytest

from stancemap.models import Codebook, Issue, Statement, TextSpan
from stancemap.stance import get_coder
from stancemap.stance.coders import code_statements

COAL = Issue("coal", "The EPA should enforce stricter emission limits on coal-fired power plants.",
             "The EPA should enforce stricter emission limits on coal-fired power plants.")
BOOK = Codebook((COAL,))
HEARING = ("Senator BOXER. We will hear two witnesses today on the proposed emission limits for coal-fired "
           "power plants.\n\nMr. LINDGREN. Thank you. We oppose the rule as written.\n\n"
           "Dr. OKAFOR. Thank you. We strongly support the rule.\n")


@pytest.fixture(scope="module")
def coder():
    return get_coder("semantic.v1")


def _said(content: str, actor: str, kind: str = "own") -> Statement:
    start = HEARING.index(content)
    return Statement("d", TextSpan(start, start + len(content), content), kind=kind, actor=actor)


def _coded(coder, kind: str = "own"):
    statements = [_said("We will hear two witnesses today on the proposed emission limits for coal-fired power "
                        "plants.", "Barbara Boxer", kind),
                  _said("We oppose the rule as written.", "Erik Lindgren", kind),
                  _said("We strongly support the rule.", "Grace Okafor", kind)]
    return code_statements(statements, BOOK, coder, text=HEARING)


def test_a_position_on_the_rule_takes_the_issue_just_discussed(coder):
    _, lindgren, okafor = _coded(coder)
    assert [(c.issue, c.stance, c.origin) for c in lindgren.codings] == [("coal", "oppose",
                                                                           "model:semantic.v1+proposal")]
    assert [(c.issue, c.stance) for c in okafor.codings] == [("coal", "support")]


def test_in_news_a_reference_to_the_rule_is_not_read_on_the_issue_before_it(coder):
    _, lindgren, okafor = _coded(coder, kind="indirect")
    assert not any(c.origin.endswith("+proposal") for s in (lindgren, okafor) for c in s.codings)


def test_a_persons_coding_is_not_read_as_the_proposal_just_discussed(coder):
    """A coder's own coding of the chair's words is no cue for the machine (it would read the gold it is scored on)."""
    from stancemap.models import Coding

    chair = _said("We will hear two witnesses today on the proposed emission limits for coal-fired power plants.",
                  "Barbara Boxer").with_(codings=(Coding("coal", "support", 1.0, "person:Ann"),))
    lindgren = _said("We oppose the rule as written.", "Erik Lindgren")
    _, coded = code_statements([chair, lindgren], BOOK, coder, text=HEARING)
    assert not any(c.origin.endswith("+proposal") for c in coded.codings)
