"""More document formats that say who speaks (issue 18): roles on the next header line, the office before
the name, titles of office, an interview's guest line, a state senator's dateline."""

from __future__ import annotations

import pytest

from stancemap.ingest.authors import detect_speaker, with_detected_speaker
from stancemap.models import Article

CASES = [
    # (text, genre, rule, speaker, speaker_org, role)
    ("STATEMENT OF RICHARD T. MARSH\nEXECUTIVE DIRECTOR, NATIONAL FREIGHT CARRIERS COUNCIL\nBEFORE THE COMMITTEE\n\n"
     "Thank you.", "testimony", "header", "Richard T. Marsh", "National Freight Carriers Council",
     "Executive Director"),
    ("Remarks by Governor Thomas Hargrove at the Mountain West Transportation Summit\nBoise, Idaho\n\nThank you.",
     "speech", "header", "Thomas Hargrove", None, "Governor"),
    ("Ministry of Transport\nNews release\n\nStatement from the Minister of Transport and Infrastructure, the "
     "Honourable Aisha Rahman, on the regulation\n\nToday the Government confirmed it.",
     "press-release", "header", "Aisha Rahman", None, "Minister of Transport and Infrastructure"),
    ("CITY DESK\nHost: James Okafor\nGuest: Linda Brennan, Mayor of Riverton\n\nOKAFOR: Welcome.",
     "interview", "guest", "Linda Brennan", "Riverton", "Mayor"),
    ("FOR IMMEDIATE RELEASE\nMarch 18, 2025\nContact: Luis Navarro, Press Secretary\n\nOrtega Bill Would Fund Rail\n\n"
     "SACRAMENTO -- State Senator Elena Ortega (D-Fresno) today introduced a bill.",
     "press-release", "dateline", "Elena Ortega", None, "Senator"),
]


@pytest.mark.parametrize(("text", "genre", "rule", "speaker", "org", "role"), CASES)
def test_detects_the_speaker_of_more_formats(text, genre, rule, speaker, org, role):
    found = detect_speaker(text, genre=genre)
    assert found is not None
    assert (found.rule, found.speaker, found.speaker_org, found.role) == (rule, speaker, org, role)
    assert text[found.start:found.end] == found.text


def test_a_header_role_on_the_next_line_is_part_of_the_evidence():
    text = CASES[0][0]
    found = detect_speaker(text, genre="testimony")
    assert found.text == "STATEMENT OF RICHARD T. MARSH\nEXECUTIVE DIRECTOR, NATIONAL FREIGHT CARRIERS COUNCIL"


@pytest.mark.parametrize("text", [
    # the next line is the occasion, not a role
    "STATEMENT OF KATERI CALLAHAN\nBEFORE THE COMMITTEE ON ENVIRONMENT AND PUBLIC WORKS\n\nThank you.",
    # a blank line ends the header
    "STATEMENT OF KATERI CALLAHAN\n\nPresident of the Alliance, a post I have held since 2004.",
])
def test_no_role_from_a_line_that_gives_none(text):
    found = detect_speaker(text, genre="testimony")
    assert (found.speaker, found.speaker_org, found.role) == ("Kateri Callahan", None, None)


def test_a_guest_line_is_read_only_in_an_interview():
    text = "Host: James Okafor\nGuest: Linda Brennan, Mayor of Riverton\n\nOKAFOR: Welcome."
    assert detect_speaker(text, genre="news") is None
    assert detect_speaker(text, genre="op-ed") is None
    article = with_detected_speaker(Article("i", text, genre="interview"))
    assert (article.speaker, article.role) == ("Linda Brennan", "Mayor")
