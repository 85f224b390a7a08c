""""I" in a headline that names its speaker before a colon ("Rubio: I Still Believe Trump Can't Be Trusted").

Read on the train stance golds (``benchmarks/data/polnear_train_stance_gold.jsonl``, ``..._train2_...``): two
Breitbart headlines put a person's name, a colon, and their words in the first person; the verb inside
("Believe", "Would Have Told") was taken as the cue, its "I" as the speaker, and nobody quoted it, so
neither statement had an actor. End to end with the real model.
"""

from __future__ import annotations

import pytest

from tests.speakers import speaker_actors

DATE = "2016-05-08"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, actor",
    [
        ("Rubio: I Still Believe Trump Can\u2019t Be Trusted with America\u2019s Nuclear Weapons Codes.\n\n"
         "Florida Sen. Marco Rubio said Sunday he still believes Donald Trump cannot be trusted with the nuclear "
         "codes.", "Marco Rubio"),
        ("Sidney Blumenthal: \u2018No Idea\u2019 If I Would Have Told Hillary Private Email Server Was a Bad "
         "Idea.\n\nSidney Blumenthal testified on Tuesday before the House committee.", "Sidney Blumenthal"),
    ],
)
def test_i_in_a_headline_is_the_name_before_its_colon(text: str, actor: str) -> None:
    assert speaker_actors(text, DATE)["I"] == actor


@pytest.mark.model
def test_i_in_a_headline_without_a_name_before_a_colon_stays_unresolved():
    text = ("Why I Still Believe in Free Trade.\n\nThe argument for open markets has never been more "
            "unpopular, and it has never been more important.")
    assert speaker_actors(text, DATE).get("I") is None
