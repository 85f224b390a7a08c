"""Pronoun speakers agree with their antecedents in number and animacy (issue 16), end to end.

Each text is hand-written after a junk resolution seen on PolNeAR train: "he" given to a plural
("the Clintons", "Latinos" tagged PERSON) or to an organisation tagged PERSON ("Politico"); "they"
given to one person tagged ORG ("Nikki Haley"), to a city ("Philadelphia") or to the state of a
coordinated pair ("Hillary Clinton and Senator Elizabeth Warren of Massachusetts ... they"); "it"
given to a person tagged ORG ("Trump"), to a newspaper's name run on into a surname ("the Washington
Post Trump") or to a state ("Nevada", "Florida"). A refused antecedent
leaves the pronoun to the next one that agrees, or unresolved; right resolutions stay.
"""

from __future__ import annotations

import pytest

from tests.speakers import actor_of

pytestmark = pytest.mark.model

_DATE = "2016-09-30"


def test_he_is_not_a_family_named_in_the_plural() -> None:
    text = ("The Clintons have faced many questions about their foundation. Dinesh Patel spoke to Glenn Beck "
            "on Tuesday.\n\n\u201cI respect their ruthlessness,\u201d he said.")
    assert actor_of(text, _DATE, "he") == "Dinesh Patel"


def test_he_is_not_a_group_the_tagger_took_for_a_person() -> None:
    text = ("Trump has been accused of insulting Latinos. \u201cWho knows more about Latinos?\u201d asked the host, "
            "who had invited Latinos to the show.\n\n\u201cI love Latinos,\u201d he said.")
    assert actor_of(text, _DATE, "he") is None


def test_he_is_not_an_organisation_the_registry_knows() -> None:
    text = ("Politico reported on Monday that the senator was ill. Politico said the senator had missed votes. "
            "The senator's office declined to comment.\n\n\u201cI am fine,\u201d he said.")
    assert actor_of(text, _DATE, "he") is None


def test_they_is_not_one_person_tagged_as_an_organisation() -> None:
    text = ("The Wall Street Journal's editorial board defended Nikki Haley on Thursday, saying attacks on "
            "Ms. Haley were unfair.\n\n\u201cThe attacks on Ms. Haley show that many on the right oppose any "
            "immigrants,\u201d they conclude.")
    assert actor_of(text, _DATE, "they") == "The Wall Street Journal"


def test_they_is_not_the_state_of_a_coordinated_pair() -> None:
    text = ("Hillary Clinton and Senator Elizabeth Warren of Massachusetts held their first joint campaign event "
            "on Monday, as they sought to address the anger over income inequality.")
    assert actor_of(text, _DATE, "they") is None


def test_they_is_not_a_city() -> None:
    text = "Democratic activists gathered in Philadelphia on Monday. They said the convention rules were unfair."
    assert actor_of(text, _DATE, "They") is None


def test_it_is_not_a_person_tagged_as_an_organisation() -> None:
    text = ("Trump's campaign immediately backtracked, putting out a statement contradicting his earlier "
            "comments. In cases of abortion, it said, \u201cthe woman is a victim.\u201d")
    assert actor_of(text, _DATE, "it") is None


def test_it_is_not_a_state() -> None:
    text = ("The Clinton campaign watched this happen all year, and at key moments, like Nevada's caucuses, it "
            "appeared to hold off the tide.")
    assert actor_of(text, _DATE, "it") is None


def test_it_is_not_a_newspaper_run_on_into_a_surname() -> None:
    """"the Washington Post Trump", tagged ORG as one name, is the person for "he", not an organisation for "it"."""
    text = ("Donald Trump spoke on Monday. He told the Washington Post Trump would win. "
            "It said the campaign was confident.")
    assert actor_of(text, _DATE, "It") is None


def test_he_is_the_anchor_the_tagger_ran_into_his_network() -> None:
    text = "Fox News Bret Baier noticed that none of the networks cut away. He said his network held on Trump."
    assert actor_of(text, _DATE, "He") == "Bret Baier"


@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # "it" still takes an organisation and a country, "they" an organisation beside a person
        ("The Federal Reserve met on Tuesday in Washington. It said rates would stay low.", "It",
         "Federal Reserve"),
        ("China rejected the criticism on Monday. It said the tariffs were unfair.", "It", "China"),
        ("Senator Ann Reed and the National Rifle Association clashed over the bill in Iowa. "
         "They said the vote would come next week.", "They", "National Rifle Association"),
        # "she" still takes a one-word name the tagger also calls an organisation
        ("Rihanna, who was honored with the Rockstar award, spoke about self-love. Shonda Rhimes also spoke.\n\n"
         "Meanwhile Rihanna took the stage again. \u201cThe minute you learn to love yourself, you would not "
         "want to be anyone else,\u201d she said.", "she", "Rihanna"),
        # "he" still takes a surname ending in "s" that the article gives in full
        ("A Field Poll found Hillary Clinton leading among Latinos by just a few points. Bernie Sanders has "
         "campaigned hard with Latinos in California.\n\n\u201cThere was just a tremendous movement,\u201d he said.",
         "he", "Bernie Sanders"),
    ],
)
def test_agreeing_antecedents_stay(text: str, speaker: str, actor: str) -> None:
    assert actor_of(text, _DATE, speaker) == actor


def test_a_surname_opening_its_sentence_as_subject_is_who_he_is() -> None:
    # the tagger reads the sentence-opening "Trump" as the noun "trump"; as its verb's subject it is the surname of
    # the Donald Trump the article named, and the nearest antecedent of "he" (not the running mate named before)
    text = ("If the candidate is Donald Trump, the answer is no. Trump's running mate, Indiana Gov. Mike Pence, plans "
            "to release his own returns soon.\n\nTrump continues to insist, most recently in an interview with ABC "
            "News, that he really wants to release his taxes.")
    assert actor_of(text, _DATE, "he") == "Donald Trump"
