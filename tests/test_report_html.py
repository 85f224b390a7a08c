"""The HTML report: evidence highlighted in its sentence, everything escaped."""

from __future__ import annotations

import datetime as dt

from stancemap.models import Coding, DocumentInfo, Issue, Statement, StoredStatement, TextSpan
from stancemap.report.html import highlight, positions_by_issue, render_report

TEXT = (
    "Intro line. Borrell noted that such a move is acceptable. "
    "Critics <script>alert('x')</script> said that it <b onmouseover=\"alert(1)\">is</b> risky."
)


def span(text: str, needle: str) -> TextSpan:
    start = text.index(needle)
    return TextSpan(start, start + len(needle), needle)


def stored(sid: int, speaker: str, cue: str, content: str, stance: str | None, actor: str,
           title: str = "Title", url: str | None = None) -> StoredStatement:
    codings = (Coding("strike-russia", stance, 0.8, "model:keyword.v1"),) if stance else ()
    st = Statement("doc1", span(TEXT, content), span(TEXT, speaker), span(TEXT, cue), "indirect", 0.9,
                   dt.date(2024, 5, 28), actor, actor=actor, actor_type="person", codings=codings)
    return StoredStatement(sid, st, DocumentInfo(1, "doc1", 1, dt.date(2024, 5, 28), title, url=url))


ISSUES = [Issue("strike-russia", "Strikes on Russia", "Ukraine may strike Russia.")]


def test_highlight_marks_speaker_cue_and_content_in_the_sentence():
    segments = highlight(TEXT, stored(1, "Borrell", "noted", "such a move is acceptable", "support", "Josep Borrell"))
    assert "".join(s.text for s in segments) == "Borrell noted that such a move is acceptable."
    assert [(s.text, s.role) for s in segments if s.role] == [
        ("Borrell", "speaker"), ("noted", "cue"), ("such a move is acceptable", "content")]


def test_positions_group_actors_by_issue_and_stance():
    statements = [
        stored(1, "Borrell", "noted", "such a move is acceptable", "support", "Josep Borrell"),
        stored(2, "Critics", "said", "is</b> risky", "oppose", "critics"),
        stored(3, "Critics", "said", "risky", None, "critics"),
    ]
    grouped, uncoded = positions_by_issue(statements, ISSUES, lambda _id: TEXT)
    assert [p.actor for p in grouped["strike-russia"]["support"]] == ["Josep Borrell"]
    assert [p.actor for p in grouped["strike-russia"]["oppose"]] == ["critics"]
    assert grouped["strike-russia"]["neutral"] == []
    assert [p.actor for p in uncoded] == ["critics"]


def test_report_escapes_article_text_titles_names_and_urls():
    statements = [
        stored(2, "Critics", "said", "is</b> risky", "oppose", "<img src=x onerror=alert(1)>",
               title="<script>alert('t')</script>", url="javascript:alert(1)"),
        stored(1, "Borrell", "noted", "such a move is acceptable", "support", "Josep Borrell",
               url="https://example.org/a?b=1&c=2"),
    ]
    html = render_report(statements, ISSUES, lambda _id: TEXT, counts={"documents": 1, "statements": 2})
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "onmouseover=\"alert" not in html
    assert "javascript:" not in html
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert "Supports (1)" in html and "Opposes (1)" in html and "Neutral (0)" in html
