"""Groups, epithets and relatives as speakers (issue 16).

Texts are hand-written after kinds read on PolNeAR train articles: in a story about one
congressional committee, bare "Republicans" and "Democrats" are that committee's party members
and "lawmakers" the committee; a group description that matches an organisation the article
names ("top black lawmakers" and the Congressional Black Caucus, "a union representing flight
attendants" and the Association of Flight Attendants) is that organisation; an epithet ("the New
York businessman") is the person the text calls so; "my father" in an op-ed is the person the
text names as the writer's father. Each rule leaves the speaker as before when the article does
not establish the one actor. End to end with the real model.
"""

from __future__ import annotations

import pytest

from tests.speakers import actor_of, speaker_actors

_HEARING = (
    "House Oversight Committee grills FBI over Clinton probe.\n\n"
    "The House Oversight Committee held a hearing on Thursday on the FBI's handling of Hillary Clinton's emails. "
    "Republicans said the bureau gave immunity to aides too easily. Democrats said the hearing was a partisan "
    "exercise meant to hurt Clinton. Rep. Jason Chaffetz, the chairman of the Oversight Committee, questioned "
    "the director for three hours. Lawmakers said they want more documents from the bureau."
)


@pytest.mark.model
@pytest.mark.parametrize(
    "speaker, actor",
    [
        ("Republicans", "Oversight Committee Republicans"),
        ("Democrats", "Oversight Committee Democrats"),
        ("Lawmakers", "Oversight Committee"),
    ],
)
def test_party_members_in_a_committee_story_are_the_committees(speaker, actor):
    assert actor_of(_HEARING, "2016-09-23", speaker) == actor


@pytest.mark.model
def test_party_members_stay_as_before_when_the_story_names_two_committees():
    text = ("Two House committees ask Justice Department to investigate Clinton.\n\n"
            "The House Judiciary Committee and the House Oversight Committee on Monday asked the Justice "
            "Department to investigate Hillary Clinton. The Judiciary Committee chairman and the Oversight "
            "Committee chairman signed the letter. Democrats said Republicans were sore losers.")
    found = speaker_actors(text, "2016-07-11")
    assert "Democrats" in found, found
    assert "Committee" not in (found["Democrats"] or "")


@pytest.mark.model
def test_party_members_in_a_story_about_a_chamber_vote_are_the_chambers():
    text = ("Senate blocks gun measures.\n\n"
            "The Senate on Monday voted down four gun control measures after the shooting in Orlando. The Senate "
            "needed 60 votes for each. Democrats said the votes showed that Republicans answer to the gun lobby.")
    found = speaker_actors(text, "2016-06-21")
    assert found.get("Democrats") == "Senate Democrats", found


@pytest.mark.model
def test_party_members_stay_as_before_in_a_story_about_no_committee():
    text = ("Clinton leads in Ohio.\n\nHillary Clinton leads Donald Trump in Ohio, a new poll found on Monday. "
            "Democrats said the race would tighten. The Senate Judiciary Committee did not meet this week.")
    found = speaker_actors(text, "2016-09-23")
    assert "Democrats" in found, found
    assert "Committee" not in (found["Democrats"] or "")


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        ("Members of the Congressional Black Caucus held a press conference on Friday about Donald Trump. Top "
         "black lawmakers said Trump insulted black voters.", "Top black lawmakers", "Congressional Black Caucus"),
        ("The Association of Flight Attendants endorsed Hillary Clinton on Friday. A union representing flight "
         "attendants said Clinton would protect workers.", "A union", "Association of Flight Attendants"),
    ],
)
def test_a_group_description_is_the_organisation_the_article_names(text, speaker, actor):
    assert actor_of(text, "2016-09-30", speaker) == actor


@pytest.mark.model
def test_a_group_description_stays_as_before_when_no_organisation_matches():
    text = ("The Teamsters endorsed Hillary Clinton on Friday. A union representing flight attendants said Clinton "
            "would protect workers.")
    assert actor_of(text, "2016-09-30", "A union") != "Teamsters"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Donald Trump, a New York businessman, spoke in Ohio on Monday. Hillary Clinton spoke in Iowa. \"We will "
         "win,\" said the New York businessman.", "the New York businessman"),
        ("Donald Trump spoke in Ohio on Monday, where Ohio Gov. John Kasich joined him. Kasich praised the crowd. "
         "Real estate mogul Trump has led the polls for months.\n\nThe former reality TV star said he would "
         "win.", None),
    ],
)
def test_an_epithet_is_the_person_the_text_calls_so(text, speaker):
    found = speaker_actors(text, "2016-06-01")
    key = speaker or next(k for k in found if "star" in k)
    if speaker is None:
        assert found[key] != "John Kasich"  # the text never calls Kasich a reality TV star
    else:
        assert found[key] == "Donald Trump"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, actor",
    [
        ("I grew up in Ohio with my parents. My father was James Meehan, a steelworker for 40 years at the mill. "
         "He loved his work.\n\nMy father always said that unions built the middle class.", "James Meehan"),
        ("I grew up in Ohio. James Meehan, my father, was a steelworker for 40 years. My father said that unions "
         "built the middle class.", "James Meehan"),
        ("I grew up in Ohio. My father was a steelworker for 40 years. My father said that unions built the middle "
         "class.", None),
    ],
)
def test_my_father_is_the_person_the_op_ed_names_so(text, actor):
    found = speaker_actors(text, "2016-10-03")
    key = next(k for k in found if k.lower().endswith("father"))
    assert found[key] == actor
