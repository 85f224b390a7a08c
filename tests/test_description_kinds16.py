"""Description speakers the article establishes further on, or by a role or a name it gives (issue 16).

Texts are hand-written after error classes read on PolNeAR train articles (the third train gold,
``benchmarks/data/polnear_train3_speaker_gold.tsv``): a headline or subhead noun ("Poll",
"Findings", "Campaign", "Union chief") that the first paragraphs name; "the head of X" named as
heading X or, in the lead, in the next paragraph; unnamed officials of a nationality whose
country the article names; bare aides whose report is about a named person; a party's members
tied to a chamber. End to end with the real model; the pure helpers on hand-built Docs.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from stancemap.nlp.description_heads import acronym, in_lead
from tests.speakers import actor_of, speaker_actors

_VOCAB = spacy.blank("en").vocab


DATE = "2016-02-18"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # a headline "Poll" is the poll the first paragraphs name: its issuer
        ("Poll: Jane Harper Leads Governor Race For First Time.\n\nFor the first time, a poll shows Jane Harper "
         "leading the governor race.\n\nA Quinnipiac University poll, conducted last week, found Harper ahead by "
         "three points.", "Poll", "Quinnipiac University"),
        # a subhead's "Findings" are the findings of the poll the first paragraphs name
        ("Who worries voters most?\nFindings show voters fear the other party.\n\nVoters are not just for or "
         "against candidates this year.\n\nIn a national Quinnipiac University Poll, likely voters said they were "
         "scared.", "Findings", "Quinnipiac University"),
        # a subhead's "Campaign" is the campaign the first paragraphs name
        ("State releases 22 emails of Reed.\n\nCampaign says spy agencies timed the release.\n\n"
         "The State Department released the emails on Friday.\n\nAnn Reed's campaign took the unusual step of "
         "criticizing the agencies.", "Campaign", "Reed campaign"),
        # "the head of X" in the lead is the person the next paragraph names as speaking, of the same gender
        ("NTU chief says Brandt can win.\n\nThe head of the National Teachers Union is worried about what Tom "
         "Brandt is stirring up in her members, because she thinks he can win.\n\nIn an interview on Thursday, "
         "Maria Lopez said her organization is going into overdrive.",
         "The head of the National Teachers Union", "Maria Lopez"),
        ("NTU chief says Brandt can win.\n\nThe head of the National Teachers Union is worried about what Tom "
         "Brandt is stirring up in her members, because she thinks he can win.\n\nIn an interview on Thursday, "
         "Maria Lopez said her organization is going into overdrive.", "NTU chief", "Maria Lopez"),
        # "the head of X's committee" is the person the article names as that committee's chairman
        ("A power struggle has erupted at the party, as the head of the party's rules committee has accused the "
         "leadership of a breach of trust.\n\nRules Committee Chairman Bruce Wayne wants a new rule.",
         "the head of the party's rules committee", "Bruce Wayne"),
        # unnamed officials of a nationality speak for the country the article names so
        ("Critics have long worried about Saudi Arabia's role in the region and in Saudi Arabia. Saudi officials "
         "deny any links to the groups, but critics point to charities.", "Saudi officials", "Saudi Arabia"),
        # bare aides reporting what a named person will do are that person's
        ("President Barack Obama speaks in Philadelphia on Wednesday. The White House says he has worked on the "
         "speech for weeks.\n\nAides said Obama will make a familiar case for his record.", "Aides",
         "Barack Obama"),
        # a party's members tied to a chamber in their own phrase are that chamber's
        ("The Senate will vote on four measures on Monday. Republicans, who hold a majority in the Senate, have "
         "blocked the measures, saying they go too far.",
         "Republicans", "Senate Republicans"),
    ],
)
def test_description_is_the_actor_the_article_establishes(text, speaker, actor):
    assert actor_of(text, DATE, speaker) == actor


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker",
    [
        # several polls: no one issuer, though one is named next
        ("Polls: Jane Harper Leads In Three States.\n\nThree polls show Jane Harper ahead in Ohio, Iowa "
         "and Maine.\n\nA Quinnipiac University poll, conducted last week, found Harper ahead.", "Polls"),
        # "the head of X" outside the lead, with no one named as heading X: unresolved
        ("Tom Brandt spoke in Ohio on Monday. He talked about schools.\n\nThe crowd was large. Prices rose. "
         "Roads were closed.\n\nThe head of the National Teachers Union said the plan was wrong.\n\nMaria Lopez "
         "said she agreed.", "The head of the National Teachers Union"),
        # aides whose report names no one: no person
        ("The storm hit the coast on Monday. Aides said the roads would stay closed.", "Aides"),
    ],
)
def test_description_the_article_does_not_establish_stays_unresolved(text, speaker):
    assert actor_of(text, DATE, speaker) not in ("Jane Harper", "Maria Lopez", "Barack Obama")


def test_acronym_of_an_organisation_name():
    assert acronym("Service Employees International Union") == "SEIU"
    assert acronym("the Republican National Committee") == "RNC"
    assert acronym("Fox") is None


def test_lead_is_the_lines_before_the_body_and_the_first_sentences():
    words = ["Poll", ":", "Reed", "Leads", "\n\n", "A", "poll", "shows", "Reed", "ahead", ".", "\n\n"] + \
            ["It", "rained", ".", "It", "rained", ".", "It", "rained", ".", "It", "rained", ".", "Aides", "said", "."]
    doc = Doc(_VOCAB, words=words, spaces=[w not in ("\n\n",) and i + 1 < len(words) and words[i + 1] not in
                                           (":", ".", "\n\n") for i, w in enumerate(words)],
              sent_starts=[w in ("Poll", "A", "It", "Aides") for w in words])
    assert in_lead(doc, 0) and in_lead(doc, 5)
    assert not in_lead(doc, len(words) - 3)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # AP style: "the Republican", "the Democrat" for the party's person the article is about
        ("Donald Trump spoke in Ohio on Monday. Hillary Clinton campaigned in Florida. "
         "The Republican said the economy was rigged against working people.", "The Republican", "Donald Trump"),
        ("Donald Trump spoke in Ohio on Monday. Hillary Clinton campaigned in Florida. "
         "The Democrat said the economy needed more investment.", "The Democrat", "Hillary Clinton"),
    ],
)
def test_the_party_noun_is_the_partys_person_named_before(text, speaker, actor):
    found = speaker_actors(text, "2016-09-30")
    assert found.get(speaker) == actor, found


@pytest.mark.model
def test_the_party_noun_with_no_member_named_before_stays_unresolved():
    found = speaker_actors("The storm hit Ohio on Monday. The Republican said the roads were closed.", "2016-09-30")
    assert found.get("The Republican") is None, found
