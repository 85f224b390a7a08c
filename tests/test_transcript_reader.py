"""Plain-text transcripts (``--format transcript``): one article per speaker turn."""

from __future__ import annotations

import datetime as dt

import pytest

from stancemap.errors import UsageError
from stancemap.ingest import read_paths
from stancemap.ingest.transcript import find_turns
from stancemap.models import Article, ReadFailure

HEARING = """date 2005-06-09
HEARING ON CLEAN AIR

Senator Voinovich. The hearing will come to order. We support a four-pollutant bill.
Mr. Slaughter. Thank you, Mr. Chairman.
This legislation will cost jobs.
THE CHAIRMAN. Thank you. Senator Jeffords?
"""

DEBATE = """Ms. Smith (Labour): I welcome the statement.
Mr. Jones (Bristol West) (Conservative): Will she give way?
JOHN BROWN: No.
Q: Do you back the plan?
A: We do.
"""


@pytest.mark.parametrize(
    ("line", "speaker", "party"),
    [
        ("Mr. Slaughter. Thank you.", "Mr. Slaughter", None),
        ("Senator Voinovich. The hearing will come to order.", "Senator Voinovich", None),
        ("THE CHAIRMAN. Thank you.", "The Chairman", None),
        ("The CHAIRMAN. Thank you.", "The Chairman", None),
        ("Senator BOXER. The hearing will come to order.", "Senator Boxer", None),  # US hearing transcripts
        ("Ms. Smith (Labour): I welcome it.", "Ms. Smith", "Labour"),
        ("Mr. Jones (Bristol West) (Conservative): Yes.", "Mr. Jones", "Conservative"),
        ("JOHN SMITH: We agree.", "John Smith", None),
        ("Keir Starmer: We agree.", "Keir Starmer", None),
        ("Q: Why?", "Q", None),
        ("  Dr. J. Watson. Indented label.", "Dr. J. Watson", None),
    ],
)
def test_labels(line, speaker, party):
    turns = find_turns(line)
    assert [(t.speaker, t.party) for t in turns] == [(speaker, party)]
    assert not turns[0].text[turns[0].start:].startswith((" ", ":", "."))


@pytest.mark.parametrize(
    "line",
    [
        "Thank you.",
        "Note: the figures are provisional.",
        "Mr. Smith said the bill would cost jobs.",
        "The committee met on Tuesday.",
        "In 2005, the Senate voted: yes.",
        "WASHINGTON -- Senator Voinovich today said ...",
    ],
)
def test_lines_that_start_no_turn(line):
    assert [t.speaker for t in find_turns(line)] == [None]


def test_each_turn_is_an_article_with_its_speaker_and_text_as_written(tmp_path):
    path = tmp_path / "hearing.txt"
    path.write_text(HEARING, encoding="utf-8")
    items = list(read_paths([path], format="transcript"))
    assert all(isinstance(i, Article) for i in items)
    got = [(a.doc_id, a.speaker, a.role, a.genre, a.body) for a in items]
    assert got == [
        ("hearing-0", None, None, "debate", "HEARING ON CLEAN AIR\n\n"),
        ("hearing-1", "Senator Voinovich", None, "debate",
         "The hearing will come to order. We support a four-pollutant bill.\n"),
        ("hearing-2", "Mr. Slaughter", None, "debate", "Thank you, Mr. Chairman.\nThis legislation will cost jobs.\n"),
        ("hearing-3", "The Chairman", "chair", "debate", "Thank you. Senator Jeffords?\n"),
    ]
    assert all(a.date == dt.date(2005, 6, 9) for a in items)
    assert items[1].text.startswith("Senator Voinovich. ")
    assert items[2].origin == f"{path}:5"
    # every turn's text is a slice of the file, so offsets can be traced back
    assert "".join(a.text for a in items) == HEARING[len("date 2005-06-09\n"):]


def test_parties_and_genre_option(tmp_path):
    path = tmp_path / "debate.txt"
    path.write_text(DEBATE, encoding="utf-8")
    items = list(read_paths([path], format="transcript", genre="interview"))
    assert [(a.speaker, a.party, a.genre) for a in items] == [
        ("Ms. Smith", "Labour", "interview"),
        ("Mr. Jones", "Conservative", "interview"),
        ("John Brown", None, "interview"),
        ("Q", None, "interview"),
        ("A", None, "interview"),
    ]


def test_without_the_option_a_text_file_stays_one_article(tmp_path):
    path = tmp_path / "debate.txt"
    path.write_text(DEBATE, encoding="utf-8")
    items = list(read_paths([path]))
    assert len(items) == 1 and items[0].speaker is None and items[0].genre == "news"


def test_a_file_without_turns_is_skipped_with_the_reason(tmp_path):
    path = tmp_path / "essay.txt"
    path.write_text("Just an essay with no speakers at all.\n", encoding="utf-8")
    items = list(read_paths([path], format="transcript"))
    assert len(items) == 1 and isinstance(items[0], ReadFailure)
    assert items[0].code == "E117"
    assert str(path) in items[0].reason and "no speaker turns found" in items[0].reason


def test_unknown_format_names_the_formats():
    with pytest.raises(UsageError) as info:
        read_paths(["x.txt"], format="hansard")
    assert "--format" in str(info.value) and "transcript" in str(info.value) and "parlamint" in str(info.value)
