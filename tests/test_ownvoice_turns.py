"""Who speaks each turn of a debate or interview held in one document (issue 18)."""

from __future__ import annotations

import pytest

from stancemap.models import Article
from stancemap.nlp.convert import turn_speakers

DEBATE = ("COMMITTEE ON ENERGY, BUSINESS MEETING\n\n"
          "PRESENT: Senators Ann Brandt (R-Mont.), chairman, presiding; Tom Whitley (R-Alaska); Rosa Diaz (D-N.M.).\n\n"
          "The CHAIRMAN. The committee will come to order. Senator Whitley.\n\n"
          "Senator WHITLEY. We should open more federal land to oil and gas production.\n\n"
          "Senator DIAZ. I oppose this amendment. Selling more leases will not lower the price of gasoline.\n")


def test_debate_turns_are_named_by_the_full_names_the_document_gives():
    names = [name for _, name in turn_speakers(Article("d", DEBATE, genre="debate"))]
    assert names == [None, None, "Ann Brandt", "Tom Whitley", "Rosa Diaz"]  # the PRESENT line names no speaker


def test_news_and_documents_with_one_speaker_have_no_turns():
    assert turn_speakers(Article("d", DEBATE)) == []  # news
    assert turn_speakers(Article("d", DEBATE, genre="debate", speaker="Ann Brandt")) == []


@pytest.mark.model
def test_own_statements_in_a_debate_belong_to_the_turn_speaker():
    from stancemap.models import Article as A
    from stancemap.workflows import Pipeline

    pipeline = Pipeline.load()
    (_, found), = list(pipeline.process([A("d", DEBATE, genre="debate")]))
    own = {s.content.text: s.actor for s in found if s.kind == "own"}
    assert any("open more federal land" in text and actor == "Tom Whitley" for text, actor in own.items()), own
    assert any("leases" in text and actor == "Rosa Diaz" for text, actor in own.items()), own
