"""Political ads and their voices, named spokespeople and judges as speakers (issue 16).

Texts are hand-written after cases read on PolNeAR train articles: "The ad", "the spot",
"a narrator", "the ad's narrator" speak for the campaign or group the article says made the ad
("<Surname> campaign" for a candidate's own ad, the registry's name where it has one); "a
spokeswoman for X" is the spokesperson the article names as X's, before or in the next
sentences, else X as before; "the judge", "a New York judge" is the judge the article names,
judge and justice being one role. End to end with the real model.
"""

from __future__ import annotations

import pytest

from tests.speakers import actor_of

DATE = "2016-06-24"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # a candidate's campaign released the ad: the campaign speaks in it
        ("The Trump campaign released a new ad on Tuesday attacking Hillary Clinton on trade. The ad says Clinton "
         "\"will sell out American workers\" and shows closed factories in Ohio.", "The ad",
         "Donald J. Trump for President"),
        # a candidate "is releasing" an ad: the candidate's campaign, as the golds name campaigns
        ("Democratic presidential candidate Bernie Sanders is releasing a new 30-second ad in New York. The ad says "
         "\"nothing will change until we elect candidates who reject Wall Street money.\"", "The ad",
         "Sanders campaign"),
        # a group's ad, named in its "from" phrase; the spot repeats it
        ("Priorities USA Action launched an ad on Monday in Ohio and Florida. The spot says Donald Trump \"cannot be "
         "trusted with our country.\"", "The spot", "Priorities USA Action"),
        # the narrator speaks for the group that made the ad
        ("The Future45 group is planning to air a Christmas-themed web ad starting Dec. 26. \"The gifts were all "
         "opened,\" says the ad's narrator, going on to list other gifts.", "the ad's narrator", "Future45"),
        ("Donald Trump is expected to unveil on Monday his second ad of the general election. It will focus on "
         "jobs.\n\n\"In Hillary Clinton's America, the middle class gets crushed,\" says a narrator.", "a narrator",
         "Donald J. Trump for President"),
        # the ad names its maker in the phrase
        ("Club for Growth is spending millions against Donald Trump in Indiana. One Club for Growth ad says Trump "
         "\"is no conservative.\"", "One Club for Growth ad", "Club for Growth"),
        # a group that hits someone "with" an ad made it
        ("The Future45 group has been hitting Hillary Clinton with ads in Iowa. The spot says she \"cannot be "
         "trusted.\"", "The spot", "Future45"),
        # an office holder's ad is their campaign's, though the registry does not know them
        ("Rep. Ann Kirkpatrick of Arizona is challenging Sen. John McCain. Last month, she released a web ad "
         "compiling Trump's statements. \"We need leaders to stand up to Donald Trump,\" the narrator says.",
         "the narrator", "Kirkpatrick campaign"),
    ],
)
def test_an_ad_and_its_voice_speak_for_who_made_the_ad(text, speaker, actor):
    assert actor_of(text, DATE, speaker) == actor


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, wrong",
    [
        # a video recording is no ad: the campaign's ad named before does not speak in it
        ("Bernie Sanders is releasing a new ad in New York. The ad targets a rigged economy.\n\nPolice said on "
         "Monday that a video recording showed the man grabbing a reporter by the arm. The rally went on.\n\n"
         "The crowd cheered. Prices rose. Roads were closed. The video shows him pulling her away.", "The video",
         "Sanders campaign"),
        # whom the ad attacks did not make it
        ("Donald Trump leads the polls in South Carolina. The anti-Trump spot says he \"cannot be trusted.\"",
         "The anti-Trump spot", "Donald J. Trump for President"),
        # "a conservative super PAC" is no name
        ("A conservative super PAC is out with a new ad on Thursday. The ad says Donald Trump \"cannot be trusted.\"",
         "The ad", "PAC"),
        # a narrator with no ad named: unresolved
        ("The film opens in a small town in Ohio. \"It was a cold winter,\" says a narrator.", "a narrator",
         "Ohio"),
    ],
)
def test_no_ad_made_by_anyone_stays_unresolved(text, speaker, wrong):
    assert actor_of(text, DATE, speaker) != wrong


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # X's spokesperson named before: the same person
        ("Clinton spokeswoman Jennifer Palmieri said the campaign was ready for the debate. Hillary Clinton "
         "spent the day in New York.\n\nA spokeswoman for Hillary Clinton said the campaign would not comment "
         "on the report.", "A spokeswoman", "Jennifer Palmieri"),
        # named in the next sentence, as "<Name>, a spokesman for X"
        ("Hillary Clinton spent the day in New York. A Clinton spokesman said the emails were never classified. "
         "Brian Fallon, a spokesman for Clinton, added that the campaign would release more.",
         "A Clinton spokesman", "Brian Fallon"),
    ],
)
def test_a_spokesperson_of_x_is_the_one_the_article_names_as_xs(text, speaker, actor):
    assert actor_of(text, DATE, speaker) == actor


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # no spokesperson of X named: X's campaign, as before
        ("Hillary Clinton spent the day in New York. A spokeswoman for Hillary Clinton said the campaign would "
         "not comment on the report.", "A spokeswoman", "Hillary for America"),
        # a spokesman of another body named: not X's
        ("Treasury spokesman Tom Hale said the rules were clear. Hillary Clinton spent the day in New York. A "
         "spokeswoman for Hillary Clinton said the campaign would not comment.", "A spokeswoman",
         "Hillary for America"),
        # X's spokesperson named only far after: not established as the same one
        ("The emails were sent by Clinton, according to a State Department spokesman. The emails will not be "
         "released.\n\nThe review went on for months. Lawyers met twice. The panel asked for more. Officials "
         "declined. The court waited. Critics spoke. Reporters asked. The campaign was quiet.\n\nState Department "
         "spokesman John Kirby said Friday that no decision had been made.", "a State Department spokesman",
         "US Department of State"),
    ],
)
def test_a_spokesperson_named_for_no_one_else_keeps_the_owner(text, speaker, actor):
    assert actor_of(text, DATE, speaker) == actor


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # "A New York judge" and the judge the article names later, with the title "Justice"
        ("A New York judge ruled on Thursday that the former aide must answer questions under oath. The aide had "
         "asked the court to end the case.\n\nJustice Frank Nervo of the state Supreme Court wrote that the "
         "contract was valid.", "A New York judge", "Frank Nervo"),
        # "the judge" after "U.S. District Judge X"
        ("U.S. District Judge Emmet G. Sullivan granted the group's request on Tuesday. The State Department had "
         "objected.\n\n\"This case is about the public's right to know,\" the judge said.", "the judge",
         "Emmet G. Sullivan"),
        # "the justice" is the one titled "Justice" before
        ("Justice Ruth Bader Ginsburg apologized on Thursday for her remarks about Donald Trump. In three "
         "interviews, the justice said she did not want to contemplate a Trump presidency.", "the justice",
         "Ruth Bader Ginsburg"),
    ],
)
def test_a_judge_is_the_judge_the_article_names(text, speaker, actor):
    assert actor_of(text, DATE, speaker) == actor


@pytest.mark.model
def test_a_judge_of_another_court_than_the_one_named_stays_unresolved():
    text = ("The appeals court on Tuesday overturned a lower court ruling on early voting.\n\nIn May, a U.S. "
            "District Court judge sided with the Democrats, saying the law violated the Constitution. That ruling "
            "was overturned.\n\nCircuit Court Judge David McKeague, writing for the majority, said the law was "
            "generous.")
    assert actor_of(text, DATE, "a U.S. District Court judge") != "David McKeague"
