"""In-document coreference of speaker mentions (stancemap.names.antecedents), on hand-written sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from stancemap.actors.io import default_registry
from stancemap.actors.resolve import resolve_statements
from stancemap.eval.actors import GoldMention, score_actors
from stancemap.models import Statement, TextSpan
from stancemap.names.antecedents import document_name, home_country
from stancemap.names.textnames import acronym_definitions, case_variant


def _at(text: str, mention: str) -> int:
    """Where ``mention`` starts in ``text`` as a mention of its own (its last occurrence)."""
    return text.rindex(mention)


GOVERNOR = "Gov. Pat Doyle (R) toured the flooded towns on Monday. The governor said help was coming."
SENATORS = ("Sen. Ann Reed (I-Vt.) and Sen. Bo Lund (R-Ohio) disagreed on the bill. "
            "The Vermont senator said it was too small.")
CONGRESS = "Rep. Jo Ash (D-Calif.) asked for hearings. The California congressman wants answers."
FUND = "The International Monetary Fund cut its forecast on Tuesday. Still, the fund warned of risks."
POLICE = "The Riverton Police Department released a video. Police said the officer acted alone."
COURT = ("The U.S. Court of Appeals for the Tenth Circuit heard the case. Lawyers for the state objected. "
         "The appeals court ruled on Friday.")
ALLIANCE = ("Parents marched, said the organizer Citizens for Clean Water (CCW). CCW said more would come. "
            "The alliance, which includes two unions, said so too.")
TRANSCRIPT = "Fox host Dana Lorne moderated.\n\nLORNE: Let us begin.\n\nKANE: Thank you."
PRESIDENT = ("President Tom Hale met Russian President Ivan Orlov in Geneva. "
             "Afterwards the president said the talks went well.")


@pytest.mark.parametrize(
    "text, mention, expected",
    [
        (GOVERNOR, "The governor", "Pat Doyle"),
        (SENATORS, "The Vermont senator", "Ann Reed"),
        (CONGRESS, "The California congressman", "Jo Ash"),
        (FUND, "the fund", "International Monetary Fund"),
        (POLICE, "Police", "Riverton Police Department"),
        (COURT, "The appeals court", "U.S. Court of Appeals for the Tenth Circuit"),
        (ALLIANCE, "the organizer Citizens for Clean Water (CCW)", "Citizens for Clean Water"),
        (ALLIANCE, "CCW", "Citizens for Clean Water"),
        (ALLIANCE, "The alliance, which includes two unions,", None),  # no "Alliance" named: stays new
        (TRANSCRIPT, "LORNE", "Dana Lorne"),
        (TRANSCRIPT, "KANE", None),  # no full name in the text
        (PRESIDENT, "the president", "Tom Hale"),  # not the foreign president named nearer
    ],
)
def test_description_binds_to_nearest_compatible_antecedent(text, mention, expected):
    assert document_name(mention, text, _at(text, mention)) == expected


@pytest.mark.parametrize(
    "text, mention",
    [
        ("Gov. Pat Doyle spoke. A source said the plan was dead.", "A source"),
        ("The Riverton Police Department spoke. Analysts said the case was weak.", "Analysts"),
        ("Sen. Ann Reed spoke. Some allies said she was right.", "Some allies"),
        ("Sen. Ann Reed spoke. One official disagreed.", "One official"),
        ("Officials met on Monday. The governor said little.", "The governor"),  # no antecedent: new actor
        ("The International Monetary Fund met. The governor said little.", "The governor"),  # person title, no org
        ("Gov. Pat Doyle spoke. The fund said little.", "The fund"),  # organisation head, no person
        ("Sen. Ann Reed spoke. He said little.", "He"),  # pronouns are the parser's job
    ],
)
def test_generic_and_unbound_mentions_get_no_antecedent(text, mention):
    assert document_name(mention, text, _at(text, mention)) is None


def test_nearest_earlier_antecedent_wins():
    text = ("Gov. Pat Doyle spoke first. Later Gov. Lia Kent arrived. The governor said the roads were open.")
    assert document_name("The governor", text, _at(text, "The governor")) == "Lia Kent"


def test_place_words_that_agree_with_no_candidate_leave_the_description_alone():
    text = "Sen. Ann Reed (I-Vt.) and Sen. Bo Lund (R-Ohio) met. The Texas senator left."
    assert document_name("The Texas senator", text, _at(text, "The Texas senator")) is None


def test_acronym_definitions_and_case_variants():
    text = "Members of Citizens for Clean Water (CCW) marched."
    assert acronym_definitions(text) == {"CCW": "Citizens for Clean Water"}
    text = "FactCheck rated it false. FactCheck said so twice. Factcheck later agreed."
    assert case_variant("Factcheck", text) == "FactCheck"
    assert case_variant("FactCheck", text) is None
    assert document_name("Factcheck", text, _at(text, "Factcheck")) == "FactCheck"


def test_home_country_needs_a_clear_majority():
    forms = default_registry().country_forms()
    assert home_country("The U.S. economy grew. U.S. jobs rose. In Washington, officials cheered.", forms) == (
        "United States")
    assert home_country("The U.S. and Russia met. Russia and the U.S. talked.", forms) is None


@pytest.mark.parametrize(
    "date, expected",
    [(dt.date(2016, 9, 8), "Barack Obama"), (dt.date(2019, 9, 8), "Donald Trump"), (dt.date(2022, 9, 8), "Joe Biden")],
)
def test_the_president_resolves_by_date_and_the_documents_country(date, expected):
    text = ("U.S. officials said the U.S. would respond. Russian President Vladimir Putin denied it. "
            "In Washington, the president said U.S. patience was wearing thin.")
    start = _at(text, "the president")
    scores = score_actors(
        [GoldMention("d", "the president", expected, date, start, start + 13, text, "title")]
    )
    assert scores.correct == 1 and scores.wrong_merges == 0


def test_the_pipeline_resolution_uses_the_in_document_name():
    text = "Gov. Pat Doyle toured the towns. The governor said help was coming."
    start = _at(text, "The governor")
    name = document_name("The governor", text, start)
    st = Statement("d", TextSpan(0, 1, "x"), speaker=TextSpan(start, start + 12, "The governor"),
                   speaker_name=name, date=dt.date(2016, 9, 8))
    out = resolve_statements([st], default_registry())
    assert (out[0].actor, out[0].actor_type) == ("Pat Doyle", "person")


def test_lower_case_words_are_never_fuzzy_matched_to_people():
    st = Statement("d", TextSpan(0, 1, "x"), speaker=TextSpan(0, 4, "many"), speaker_name="many",
                   date=dt.date(2016, 9, 8))
    out = resolve_statements([st], default_registry())
    assert out[0].actor is None and out[0].actor_method is None  # neither a person nor an actor of its own


NICKNAME = "Sandra Paradis, 78, voted early. Sandy Paradis, as friends call her, laughed. Paradis said it was fun."
SIBLINGS = "Hillary Clinton and Bill Clinton arrived. Clinton said it was fun."
APPOSITIVE = "Insurers spoke out. One of them, Northfield Health Group, said premiums would rise."
SPELLED = "The Christian News Service reported the vote on Monday. CNS said turnout was low."
HOST = ("On Sunday's broadcast the governor spoke.\n\nWALLACE: Why now?\n\nPENCE: Well, look, Chris. It is time."
        "\n\nWALLACE: And the debate?\n\nPENCE: We are ready, Chris.")
PLACE_NOT_HOST = "WALLACE: Where were you?\n\nPENCE: In Williamsburg, Virginia, in the rain."
SUBJECT = ("Ann Reed toured Iowa. Reed spoke twice. Bo Lund was there. Reed left. "
           "The candidate said she would win.")
TWO_SUBJECTS = "Ann Reed and Bo Lund toured Iowa. Reed spoke. Lund spoke. The candidate said she would win."
CENSUS = "The Census Bureau released figures. The Census said the count was complete."
ADMINISTRATION = "U.S. officials met. The U.S. plan was announced. In Washington, the administration said so."


@pytest.mark.parametrize(
    "text, mention, expected",
    [
        (NICKNAME, "Paradis", "Sandra Paradis"),  # a nickname is the same person, named first in full
        (SIBLINGS, "Clinton", None),  # two people with one surname: unsettled
        (APPOSITIVE, "One of them, Northfield Health Group,", "Northfield Health Group"),
        (SPELLED, "CNS", "Christian News Service"),
        (HOST, "WALLACE", "Chris Wallace"),  # guests address the host by first name
        (PLACE_NOT_HOST, "WALLACE", None),  # "Williamsburg, Virginia," is no way to address anyone
        (SUBJECT, "The candidate", "Ann Reed"),  # the person the article is clearly about
        (TWO_SUBJECTS, "The candidate", None),  # two people as often: do not guess
        (CENSUS, "The Census", "Census Bureau"),
    ],
)
def test_names_the_document_settles_without_a_title(text, mention, expected):
    assert document_name(mention, text, _at(text, mention)) == expected


def test_the_administration_is_the_documents_country():
    forms = default_registry().country_forms()
    mention = "the administration"
    assert document_name(mention, ADMINISTRATION, _at(ADMINISTRATION, mention), countries=forms) == "United States"


@pytest.mark.parametrize(
    "mention, expected",
    [
        ("Fox News\u2019 Bret Baier", "Bret Baier"),  # a plural possessive before a person's name
        ("Mrs. Clinton's campaign", "Clinton campaign"),
        ("the Cruz campaign", "Cruz campaign"),
        ("Tulsa police\u2019s", "Tulsa Police Department"),
        (
            "the Roper Center for Public Opinion Research at Cornell University",
            "Roper Center for Public Opinion Research",
        ),
        ("Pope Francis", "Pope Francis"),  # the title is part of the name before a lone given name
    ],
)
def test_canonical_forms_of_written_names(mention, expected):
    from stancemap.names.mentions import core_name

    assert core_name(mention) == expected


def test_spellings_that_differ_only_in_case_or_punctuation_are_one_name():
    from stancemap.names.normalise import name_key

    assert name_key("PolitiFact") == name_key("Politifact")
    assert name_key("U.S. Court of Appeals") == name_key("US Court of Appeals")
    assert name_key("Pope Francis") != name_key("Francis")
    assert name_key("Jens Stoltenberg") != name_key("Camilla Stoltenberg")
