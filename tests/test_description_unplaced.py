"""A description with a place the article gives no one: the politician just spoken of (issue 16).

Hand-written after error classes read on the fifth train gold
(``benchmarks/data/polnear_train5_speaker_gold.tsv``): "The Vermont senator declined ..." right
after a sentence about Bernie Sanders, "The Wisconsin Republican did give Trump some credit"
after Paul Ryan spoke, went to someone else or to no one. A country's word is an office the
registry resolves by date ("The French president" in June 2016). End to end with the real model.
"""

from __future__ import annotations

import pytest

from tests.speakers import actor_of

DATE = "2016-06-17"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        ("Justice Ruth Bader Ginsburg criticised Donald Trump in an interview. Former Democratic candidate "
         "Bernie Sanders, who on Tuesday endorsed Hillary Clinton, said he agrees with Ginsburg. The Vermont "
         "senator declined to say whether the remarks were appropriate.", "The Vermont senator", "Bernie Sanders"),
        ("Paul Ryan said in the interview that the onus is on Trump to unify the party. The Wisconsin Republican "
         "said Trump should be congratulated for his win.", "Republican", "Paul Ryan"),  # the extractor's span
        ("President Obama had a talk this week with Francois Hollande. The French president expressed his "
         "condolences over the Orlando massacre.", "The French president", "François Hollande"),
        ("Mr. Obama praised the bank's chief on Thursday. The Treasury secretary said the nomination was "
         "good news.", "The Treasury secretary", "Jack Lew"),
    ],
)
def test_description_goes_to_the_person_just_spoken_of_or_the_office_holder(text, speaker, actor):
    assert actor_of(text, DATE, speaker) == actor
