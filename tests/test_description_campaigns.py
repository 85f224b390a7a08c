"""Whose aides and spokespeople speak: a campaign's only when the person runs one (issue 16).

Hand-written after error classes read on the fifth train gold
(``benchmarks/data/polnear_train5_speaker_gold.tsv``): "A Warren adviser" and "his spokesman"
(of a casino owner) were given a made-up "<Surname> campaign" although the article speaks of no
campaign of theirs; an aide of someone who runs no campaign speaks for that person. End to end
with the real model.
"""

from __future__ import annotations

import pytest

from stancemap.extraction import extract_text
from tests.speakers import actor_of

DATE = "2016-06-09"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # a senator who runs no campaign here: her adviser speaks for her
        ("Sen. Elizabeth Warren met Hillary Clinton on Thursday at her home in Washington. The two talked for an "
         "hour. A Warren adviser said the meeting was friendly.", "A Warren adviser", "Elizabeth Warren"),
        # a donor's spokesman speaks for the donor
        ("The casino magnate Sheldon Adelson gave millions to Republicans this year. He has not said whom he "
         "will back. His spokesman said Adelson would decide in the fall.", "His spokesman", "Sheldon Adelson"),
        # a candidate whose campaign the article speaks of: his aides are the campaign's
        ("Bernie Sanders won Michigan on Tuesday. The Sanders campaign had spent heavily there. A Sanders "
         "adviser said the win changed the race.", "A Sanders adviser", "Sanders campaign"),
    ],
)
def test_aides_speak_for_the_person_unless_a_campaign_is_theirs(text, speaker, actor):
    assert actor_of(text, DATE, speaker) == actor


@pytest.mark.model
def test_a_typographic_plural_possessive_is_read_as_a_possessive():
    # the model tags "Sanders" a common noun before "\u2019 aides" unless it reads an ASCII apostrophe there;
    # the statement still quotes the text as written
    text = ("Bernie Sanders is running for president. His campaign raised money. Sanders\u2019 aides said the "
            "voters\u2019 anger was real.")
    assert actor_of(text, DATE, "Sanders\u2019 aides") == "Sanders campaign"
    (statement,) = [s for s in extract_text(text, date=DATE) if s.speaker and s.speaker.text == "Sanders\u2019 aides"]
    assert "voters\u2019 anger" in statement.content.text
