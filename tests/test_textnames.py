"""Names found in a document's text alone (stancemap.names.textnames, stancemap.names.headlines): no name
runs over a sentence end or comes from a title-case headline, on small hand-written texts (issue 16)."""

from __future__ import annotations

from stancemap.names.antecedents import document_name, titled_names
from stancemap.names.headlines import is_headline
from stancemap.names.textnames import full_name_in_text, names_in_text, organisation_names

OHIO = ("Both Democrat Hillary Clinton and Republican Donald Trump are heavily contesting Ohio. "
        "Polls show a close contest in the state.")
RT = ("Still, the RT editor in chief conveyed to Ms. Martin that her statement was not in line with policy. "
      "She left RT. The network said it would send her to Crimea.")
HEADLINE = ("Popular Website Shows Bias When It Comes To Fact-Checking Republicans.\n\n"
            "PolitiFact announced it will have 18 fact-checkers. The website noted that both were wrong.")
DERELICT = ("Derelict Obama and Clinton;\nTrump will go on offense.\n\n"
            "President Obama and Hillary Clinton did not react. Obama and Clinton's gut reaction is wrong.")


def test_a_name_never_runs_over_a_sentence_end() -> None:
    assert "Ohio. Polls" not in names_in_text(OHIO)
    assert full_name_in_text("Polls", OHIO) is None
    assert document_name("Polls", OHIO, OHIO.index("Polls")) is None


def test_an_organisation_name_never_runs_over_a_sentence_end() -> None:
    assert not any("The" in name for _at, name in organisation_names(RT))
    assert document_name("The network", RT, RT.index("The network")) is None


def test_a_headline_gives_no_organisation() -> None:
    assert is_headline(HEADLINE.splitlines()[0])
    assert organisation_names(HEADLINE) == ()
    assert document_name("The website", HEADLINE, HEADLINE.index("The website")) is None


def test_a_headline_gives_no_person() -> None:
    assert "Derelict Obama" not in names_in_text(DERELICT)
    assert full_name_in_text("Obama", DERELICT) is None


def test_a_headline_with_an_abbreviation_is_a_headline() -> None:
    assert is_headline("Obama Power Plant Rules Face Key Test In U.S. Court.")
    assert not is_headline("He said so. Then Sen. Ann Reed left the U.S. Senate.")


def test_an_institution_before_a_name_is_not_the_name() -> None:
    text = "As shown by Speaker of the House Newt Gingrich's bill. In July, Gingrich dismissed it."
    assert full_name_in_text("Gingrich", text) == "Newt Gingrich"


def test_a_courtesy_title_keeps_a_full_name_of_the_other_gender_out() -> None:
    text = "The campaign will employ Mr. Obama and the first lady, Michelle Obama. Obama said so."
    assert full_name_in_text("Obama", text) is None
    assert full_name_in_text("Mrs. Obama", text) == "Michelle Obama"


def test_a_caption_after_a_title_is_not_part_of_the_name() -> None:
    text = ("President Obama is rolling out a message.\n[Video: President Obama Speech at Howard University]\n"
            "Later the president said so.")
    assert [name for _at, name in titled_names("president", text)] == ["Obama", "Obama"]
    assert document_name("the president", text, text.index("the president")) == "Obama"
