"""A description that repeats an earlier phrase's head noun, "the statement" and "the company" (issue 16).

Hand-written after error classes read on the fifth and sixth train golds
(``benchmarks/data/polnear_train5_speaker_gold.tsv``, ``polnear_train6_speaker_gold.tsv``): "the prince"
after "Saudi Prince Alwaleed Bin Talal", "the group" after "the trade group for X", "According to the
statement" after "Fox News confirmed", "The company" after the company just named, and a relative "who"
after a place phrase ("Democrats on Capitol Hill, who"; read on dev output). End to end with the
real model; the last cases must stay unresolved or keep their old answer.
"""

from __future__ import annotations

import pytest

from tests.speakers import actor_of, speaker_actors

DATE = "2016-05-20"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # a title before a name, then the title alone
        ("Saudi Prince Alwaleed Bin Talal mocked Donald Trump on Twitter on Thursday. In December, the prince "
         "said that Trump was a disgrace to all America.", "the prince", "Alwaleed Bin Talal"),
        ("In an interview with MSNBC host Joe Scarborough, Hillary Clinton talked about Trump. Later the host "
         "said that the interview had gone well.", "the host", "Joe Scarborough"),
        # a group introduced by its "for" phrase
        ("Insurers are raising alarms about their exchange customers. This week the trade group for the Blue "
         "Cross Blue Shield Association spelled out its concerns. \u201cThe current risk pool is out of "
         "balance,\u201d the group wrote.", "the group", "Blue Cross Blue Shield Association"),
        # "the statement" of the one who just spoke, when no statement was named before
        ("Fox News confirmed that Megyn Kelly met with Donald Trump on Wednesday. According to the statement, "
         "Kelly asked for the meeting.", "the statement", "Fox News"),
        # "the affidavit" is its author's, named where it was first mentioned
        ("The charge is explained in an affidavit written by Marc Bujnowski, a detective with the Jupiter "
         "Police Department. The affidavit said that Bujnowski had seen bruises on her forearm.",
         "The affidavit", "Marc Bujnowski"),
        # a capitalised "Bank" before is the noun, not a name: the bank named before it
        ("Senator Elizabeth Warren questioned Wells Fargo chief executive John Stumpf on Tuesday. Bank "
         "employees opened two million accounts without permission, regulators said. The bank said it had "
         "fired 5,300 employees for engaging in the practice.", "The bank", "Wells Fargo"),
        # the sentence's own "her" says the description is a woman
        ("Hillary Clinton's campaign looks like a media start-up. Donald Trump mocked the videos on Twitter. "
         "There is also a regular series in which the candidate discusses fun topics, including lessons from her "
         "mother.", "the candidate", "Hillary Clinton"),
        # "the company": the company named in the sentence before, not the one named most
        ("EgyptAir said the plane disappeared from radar. EgyptAir said a search was under way. Geert Supre "
         "worked as a finance director at Microsoft in Belgium. The company confirmed that he was a passenger "
         "on the plane.", "The company", "Microsoft"),
        # a company whose name ends in a plural ("Services") is a company, not a group of people
        ("EgyptAir said the plane disappeared from radar. EgyptAir said a search was under way. Geert Supre "
         "worked as a finance director at Vanguard Logistics Services in Belgium. The company confirmed that he "
         "was a passenger on the plane.", "The company", "Vanguard Logistics Services"),
    ],
)
def test_description_resolves_to_the_entity_the_article_introduced(text: str, speaker: str, actor: str) -> None:
    assert actor_of(text, DATE, speaker) == actor


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker",
    [
        # introduced without a name: no one to resolve to
        ("A woman in the crowd shouted at Donald Trump. Later the woman said that she had been pushed.",
         "the woman"),
    ],
)
def test_description_introduced_unnamed_stays_unresolved(text: str, speaker: str) -> None:
    assert actor_of(text, DATE, speaker) is None




@pytest.mark.model
def test_former_title_holder_is_not_the_description() -> None:
    text = ("Former President Bill Clinton campaigned in Ohio on Monday. Barack Obama spoke in Texas. The "
            "president said that the economy was growing.")
    assert actor_of(text, "2016-05-20", "The president") == "Barack Obama"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, actor",
    [
        # "who" after a place phrase is the people in the place, never the place
        ("The change in approach from Clinton is likely to placate nervous Democrats on Capitol Hill, who have "
         "argued that it helps down-ballot candidates.", "Democrats"),
        ("Several officials in Ohio, who said the count was fair, declined to comment.", None),
        # an apposition's "who" is the name it describes
        ("Peter Morgan, a lawyer for the Sierra Club, who told reporters that the rule was weak, left early.",
         "Peter Morgan"),
    ],
)
def test_relative_who_is_the_people_not_the_place(text: str, actor: str | None) -> None:
    assert actor_of(text, DATE, "who") == actor


@pytest.mark.model
@pytest.mark.parametrize(
    "text, actor",
    [
        # "that" after an apposition is the organisation it describes (read on dev output: "Super PAC")
        ("Ricketts is helping to fund Future45, a super PAC that intends to hammer Democrat Hillary Clinton with "
         "negative ads.", "Future45"),
        # not one of two
        ("Much of the impetus came from China and the United States, the two biggest polluters, which together "
         "vowed to curb emissions.", None),
    ],
)
def test_relative_that_is_the_organisation_an_apposition_describes(text: str, actor: str | None) -> None:
    found = speaker_actors(text, DATE)
    assert found.get("that", found.get("which")) == actor


@pytest.mark.model
def test_an_ambiguous_surname_takes_the_gender_of_its_sentence() -> None:
    text = ("Hillary Clinton was treated for a blood clot in 1998. Her husband, Bill Clinton, was president then. "
            "In her 2003 book, Living History, Clinton noted the clot's existence.")
    assert actor_of(text, "2016-09-14", "Clinton") == "Hillary Clinton"


@pytest.mark.model
def test_a_surname_two_men_share_is_a_man_for_he() -> None:
    text = ("Senator Tim Scott of South Carolina endorsed Rubio. Rep. Bobby Scott has worked hard for Clinton. "
            "\"There is no one better at this,\" said David Wasserman, an analyst. Scott said that Trump ranks "
            "fourth in a two-way race. \"I have always been insulted by the term outreach,\" he told the group.")
    found = speaker_actors(text, "2016-09-08")
    assert found["he"] == found["Scott"] != "David Wasserman"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # a wife named by first name after "X and his wife": X's surname (read on the dev actor list)
        ("There were many guests, including George W. Bush, who signed the law, and his wife, Laura, who spoke "
         "of her first talks with the museum's director.", "who", "Laura Bush"),
        ("Both President Barack Obama and his wife Michelle said they would campaign in Florida next week.",
         "Michelle", "Michelle Obama"),
        # a title word the tagger took into the name ("Miss Universe Alicia Machado"): the name alone
        ("Donald Trump attacked former Miss Universe Alicia Machado on Twitter. Alicia Machado answered him on "
         "Friday. Machado said that she would vote for Hillary Clinton.", "Machado", "Alicia Machado"),
    ],
)
def test_a_first_name_or_a_longer_tag_is_the_full_name_the_text_gives(text: str, speaker: str, actor: str) -> None:
    assert actor_of(text, DATE, speaker) == actor


@pytest.mark.model
def test_a_first_name_joined_to_a_full_name_shares_its_surname_and_gender() -> None:
    # "James and Olive Meehan": James is James Meehan, a man, so "she" is Olive (read on the dev gold)
    text = ("My parents, Robert and Alice Grant, were not backwater folk. Robert studied at MIT at 16 and my mother "
            "trained as a nurse in Montreal. When I laughed at the devil, she said, \"Thank God you still believe.\"")
    found = speaker_actors(text, DATE)
    assert found["she"] == "Alice Grant"


@pytest.mark.model
@pytest.mark.parametrize("speaker, actor", [("my father", "Robert Grant"), ("My mother", "Alice Grant")])
def test_my_father_and_my_mother_are_the_man_and_the_woman_of_my_parents(speaker: str, actor: str) -> None:
    # "my parents, James and Olive Meehan," then "my father" and "my mother" (read on the dev gold)
    text = ("My parents, Robert and Alice Grant, were not backwater folk. \"We live in hard times,\" my father "
            "said every night. My mother said that the devil was real.")
    assert actor_of(text, DATE, speaker) == actor


@pytest.mark.model
@pytest.mark.parametrize(
    "text, pronoun, actor",
    [
        # "Chris Murphy" beside the victim "Anne Marie Murphy": "he" is the one who can be a man, even when his
        # given name is of either gender (read on the seventh train gold); never a word taken for a given name
        ("In 2012, Secretary Casey Johnson was adrift. Then a gunman killed 26 people, among them the teacher "
         "Anne Marie Johnson. Johnson went to the firehouse that day. \"It changed everything for me,\" he said.",
         "he", "Casey Johnson"),
        # "Carly Fiorina" and "Fiorina" tagged ORG throughout, her husband "Frank Fiorina" PERSON: "she" was no
        # one (read on the seventh train gold)
        ("Fiorina pushed ahead - and paid a price.\n\nThe auditorium was half-empty when GOP presidential "
         "candidate Carly Fiorina strode onstage. Fiorina, the former chief executive of Hewlett-Packard, spoke "
         "of her years at HP. Her husband, Frank Fiorina, sat in the front row. \"There are two looks that "
         "people get,\" she told her audience.", "she", "Carly Fiorina"),
        # "After he blasted ..., Pastor Kevin Swanson has ...": he is Swanson (read on the seventh train gold)
        ("Pastor Wants Girl Scout Leaders Punished.\n\nAfter he blasted the film \u201cFrozen\u201d for being "
         "too liberal, Pastor Kevin Swanson has now set his sights on the Girl Scouts of America.", "he",
         "Kevin Swanson"),
    ],
)
def test_a_pronoun_finds_the_person_a_shared_surname_a_wrong_tag_or_the_clause_order_hides(
        text: str, pronoun: str, actor: str) -> None:
    assert actor_of(text, DATE, pronoun) == actor


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # a person's lawyers speak for their client (read on the seventh train gold)
        ("Hillary Clinton has been sued over her emails. On Monday, Clinton's lawyers opposed a request to question "
         "her under oath.", "Clinton's lawyers", "Hillary Clinton"),
        # not for one of two clients
        ("Earlier this month, lawyers for both Donald and Ivana Trump filed papers opposing the request. The "
         "lawyers said the records should stay sealed.", "The lawyers", None),
    ],
)
def test_lawyers_speak_for_their_one_client(text: str, speaker: str, actor: str | None) -> None:
    assert speaker_actors(text, DATE).get(speaker) == actor
