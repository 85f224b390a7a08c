"""Who "I" and "we" are on a newspaper's opinion page: the tagline's writer, each letter's signer, or a column's
byline."""

from __future__ import annotations

import pytest

from stancemap.extraction import extract_text
from stancemap.models import Article
from stancemap.nlp.firstperson import byline_writer, find_writers, first_person_writers, writer_at
from stancemap.pipeline import Pipeline

OPED = ("Our debates draw viewers.\n\nWe believe six debates are enough, and I am proud of them.\n\n"
        "Rep. Dana Roe, D-Fla., chairs the Democratic Committee of Elsewhere.")
LETTERS = ("Hold them to account.\n\nLETTERS.\n\nI cannot fathom how the council escaped charges so far.\n\n"
           "Ann Lee Marsh.\n\nHenderson, Nev.\n\nMy wife and I arrived here as teens and we built a business.\n\n"
           "Tom Kay.\n\nTWITTER.\n\nWe asked readers what they think of it.\n\n"
           "Nothing about it seems credible to me.\n\n@reader42.")
NEWS = ("Senators met on Tuesday.\n\n\"We will win,\" Trump said at the rally.\n\n"
        "Trump is scheduled to speak in Ohio on Friday.")
HEADINGS = "Human Rights\n\nThe council met and we were told it would vote.\n\nJoining Forces With China\n\nIt did."


def test_a_closing_tagline_names_the_writer_and_the_organisation_we_stands_for():
    (w,) = find_writers(OPED)
    assert (w.name, w.rule, w.organisation) == ("Dana Roe", "tagline", "Democratic Committee of Elsewhere")
    i = OPED.index("I am")
    assert writer_at([w], i) == "Dana Roe"
    assert writer_at([w], OPED.index("We believe"), plural=True) == "Democratic Committee of Elsewhere"
    assert writer_at([w], OPED.index("Rep.")) is None  # the tagline itself is nobody's first person


def test_each_letter_is_its_signers_and_a_heading_in_capitals_starts_a_section():
    writers = find_writers(LETTERS)
    assert [w.name for w in writers] == ["Ann Lee Marsh", "Tom Kay", "@reader42"]
    assert writer_at(writers, LETTERS.index("I cannot")) == "Ann Lee Marsh"
    assert writer_at(writers, LETTERS.index("My wife")) == "Tom Kay"
    assert writer_at(writers, LETTERS.index("LETTERS")) is None
    assert writer_at(writers, LETTERS.index("me.")) == "@reader42"


def test_news_and_title_case_headings_have_no_writer():
    assert find_writers(NEWS) == []       # "X is scheduled" is no tagline, and the "we" is quoted
    assert find_writers(HEADINGS) == []   # no signature with a place line or a handle: not a letters page


@pytest.mark.model
def test_a_run_gives_first_person_statements_on_an_opinion_page_to_the_writer():
    text = ("Voters deserve better.\n\nI have said that the state should fund six debates. "
            "We have argued that the rules must change.\n\n"
            "Rep. Dana Roe, D-Fla., chairs the Democratic Committee of Elsewhere.")
    found = {st.speaker.text: st.speaker_name for st in extract_text(text, date="2016-05-01") if st.speaker}
    assert found.get("I") == "Dana Roe"
    assert found.get("We") == "Democratic Committee of Elsewhere"


@pytest.mark.model
def test_quoted_first_person_keeps_the_quotes_speaker():
    text = "\"We will win this state,\" Trump said at the rally.\n\nJames Bovard is the author of a book."
    found = extract_text(text, date="2016-05-01")
    assert found and all(st.actor != "James Bovard" for st in found)
    assert [st.actor for st in found if st.content.text.startswith('"We will win')] == ["Donald Trump"]


COLUMN = ("Keep the Returns; Just Give Us a Few Figures.\n\nMr. Trump, I have a deal for you.\n\n"
          "I know your tax returns are being audited.\n\n"
          "\"I pay a lot of taxes,\" Mr. Trump said at the debate.")


def test_a_columns_byline_is_who_i_is_outside_quotation_marks():
    """The column names no writer in its text; its byline, a person, does (``--metadata``, an archive's byline)."""
    w = byline_writer(COLUMN, "JAMES B. STEWART")
    assert w is not None and (w.name, w.rule, w.start, w.end) == ("James B. Stewart", "byline", 0, len(COLUMN))
    speakers = [(COLUMN.index("I know"), "I"), (COLUMN.index("I pay"), "I")]
    assert first_person_writers(COLUMN, speakers, "JAMES B. STEWART") == [("James B. Stewart", "person"), None]
    assert first_person_writers(COLUMN, speakers) == [None, None]  # no byline, no writer


@pytest.mark.parametrize("author", ["Breitbart News", "AP", "None", "Heidi M. Przybyla, USA TODAY",
                                    "Amy Chozick and Patrick Healy", ""])
def test_a_byline_of_no_person_or_of_several_names_no_writer(author):
    assert byline_writer(COLUMN, author) is None


def test_one_first_person_paragraph_is_not_enough():
    """A report with one stray "I" outside quotation marks (a quotation whose marks were lost) stays the
    reporter's story, not their own voice."""
    report = "The senator spoke on Tuesday.\n\nI will not vote for it, she told reporters.\n\nThe vote is Friday."
    assert byline_writer(report, "Jo Writer") is None


@pytest.mark.model
def test_a_run_gives_a_columns_first_person_to_its_byline():
    pipeline = Pipeline.load()
    article = Article(doc_id="column", text=COLUMN, author="JAMES B. STEWART", origin="column")
    ((_, found),) = list(pipeline.process([article]))
    speakers = {st.content.text: st.speaker_name for st in found if st.speaker and st.speaker.text == "I"}
    assert speakers and set(speakers.values()) == {"James B. Stewart"}, speakers
