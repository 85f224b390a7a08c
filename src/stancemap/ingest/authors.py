"""Who speaks in a document whose input does not say: detected from the text alone.

Rules, tried in this order on the start of the body (the first
:data:`WINDOW` characters; a transcript turn's speaker comes from its label,
:mod:`stancemap.ingest.transcript`)::

    guest               Guest: Linda Brennan, Mayor of Riverton          (interviews only, tried first)
    header              STATEMENT OF KATERI CALLAHAN, PRESIDENT, ALLIANCE TO SAVE ENERGY
                        STATEMENT OF RICHARD T. MARSH                    (the role on the next line)
                        EXECUTIVE DIRECTOR, NATIONAL FREIGHT CARRIERS COUNCIL
                        Testimony of Joel Bluestein, President, Energy and Environmental Analysis, Inc.
                        Opening statement of Hon. George V. Voinovich, U.S. Senator from Ohio
                        Remarks by Governor Thomas Hargrove at the Summit   (role: Governor)
                        Statement from the Minister of Transport, the Honourable Aisha Rahman
    self-introduction   My name is Joel Bluestein and I am the President of Energy and ...
                        I am Jane Roe, Executive Director of the Clean Air Task Force.
    byline              By Ada Quill                      (a line of its own; op-eds and other non-news)
    dateline            WASHINGTON -- Senator George Voinovich (R-Ohio) today ...   (press releases,
                        SACRAMENTO -- State Senator Elena Ortega (D-Fresno) ...      first 12 lines)

A news article's byline is its reporter's and its dateline its reporter's place,
so in a document of genre ``news`` only the two rules that say outright that the
text is somebody's own (a header, a self-introduction in the first
:data:`INTRO_WINDOW` characters and outside quotation marks) apply, and they make
it a ``testimony`` or a ``speech``. Every detection keeps its evidence: the rule,
the matched text and its offsets into the text.

>>> found = detect_speaker("STATEMENT OF KATERI CALLAHAN\\n\\nThank you.")
>>> found.rule, found.speaker, found.text, (found.start, found.end)
('header', 'Kateri Callahan', 'STATEMENT OF KATERI CALLAHAN', (0, 28))
>>> detect_speaker("By Ada Quill\\n\\nThe grid is ageing.") is None   # news: the reporter's byline
True
>>> detect_speaker("By Ada Quill\\n\\nThe grid is ageing.", genre="op-ed").speaker
'Ada Quill'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from stancemap.ingest.transcript import LABEL, turn_label_counts
from stancemap.models import Article

__all__ = ["Detection", "detect_speaker", "with_detected_speaker", "speaker_evidence", "evidence_for"]

#: Characters from the start of the body searched for a header, byline or dateline.
WINDOW = 1500
#: A self-introduction counts only this close to the start (later it is more likely quoted).
INTRO_WINDOW = 600

_STOP = r"(?!(?i:on|of|before|the|and|to|for|at|in|behalf|from|today|said|says)\b)"
_NAME_WORD = rf"{_STOP}(?:[A-Z]\.|[A-Z][\w'’\-]+)"
NAME = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,4}}"
_OFFICE = (r"senator|sen\.|rep\.|representative|congressman|congresswoman|governor|gov\.|mayor|secretary|"
           r"minister|premier|president|ambassador|commissioner|administrator")
_HONORIFIC = (r"(?:(?i:the)[ \t]+)?(?i:hon(?:ourable|orable)?\.?|dr\.?|mr\.?|ms\.?|mrs\.?|"
              rf"(?:(?:u\.s\.|state|deputy|vice)[ \t]+)?(?:{_OFFICE}))[ \t]+")
_KIND_OF_TEXT = r"(?i:(?:(?:prepared|opening|written|oral|joint)[ \t]+)?(?:statement|testimony|remarks))"
_HEADER = re.compile(
    rf"^[ \t]*(?P<evidence>{_KIND_OF_TEXT}"
    rf"[ \t]+(?i:of|by|from)[ \t]+(?P<titles>(?:{_HONORIFIC})*)(?P<name>{NAME})(?P<rest>[^\n]*))",
    re.MULTILINE,
)
#: "Statement from the Minister of Transport, the Honourable Aisha Rahman, on ...": the office before the name
_HEADER_OFFICE_FIRST = re.compile(
    rf"^[ \t]*(?P<evidence>{_KIND_OF_TEXT}[ \t]+(?i:of|by|from)[ \t]+(?i:the)[ \t]+"
    rf"(?P<role>[A-Z][^,\n]{{2,80}}?),[ \t]*(?:{_HONORIFIC})+(?P<name>{NAME}))",
    re.MULTILINE,
)
#: "Guest: Linda Brennan, Mayor of Riverton" in the header of an interview
_GUEST = re.compile(
    rf"^[ \t]*(?P<evidence>(?i:guest|interviewee)[ \t]*:[ \t]*(?:{_HONORIFIC})*(?P<name>{NAME})"
    r"(?P<rest>[^\n]*?))[ \t]*$",
    re.MULTILINE,
)
#: what follows a header name that is the occasion, not an organisation ("at the Summit", "before the Committee")
_VENUE = re.compile(r"(?i)(?:before|at|to|in|during)\b")
_ROLE_WORDS = (
    "president|vice[ -]president|chairman|chairwoman|chairperson|chair|director|ceo|officer|senator|"
    "representative|secretary|administrator|commissioner|manager|member|partner|founder|counsel|economist|"
    "professor|analyst|head|governor|mayor|minister|spokesperson|spokesman|spokeswoman|fellow|scientist|chief|"
    "principal|owner|coordinator|advis[eo]r|executive|engineer|attorney|lawyer|treasurer|trustee|leader"
)
_ROLE_WORD = re.compile(rf"\b(?:{_ROLE_WORDS})s?\b", re.IGNORECASE)
_ORG_WORD = r"(?:(?:[A-Z]\.)+|[A-Z][\w&'’\-]*)"
_CONNECTOR = r"(?:of|and|the|for|to|on|in|at|&)"
ORG = (rf"{_ORG_WORD}(?:[ \t]+(?:{_CONNECTOR}|{_ORG_WORD}))*"
       r"(?:,?[ \t]+(?:Inc|Corp|Co|Ltd|LLC|L\.L\.C|L\.P|P\.C)\.?)?")
_ROLE_OF = (
    rf"(?:[ \t]*(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)(?:(?:I[ \t]+am|I'm|I’m|I[ \t]+serve[ \t]+as)[ \t]+)?"
    rf"(?:(?i:the|a|an)[ \t]+)?(?P<role>(?:[\w\-.&]+[ \t]+){{0,3}}?(?i:{_ROLE_WORDS})s?)"
    rf"[ \t]+(?i:of|at|for|with)[ \t]+(?:(?i:the)[ \t]+)?(?P<org>{ORG}))"
)
#: "My name is X" (a role and organisation may follow); "I am X" only with them ("I'm Not Interested" is a headline)
_ROLE_OF2 = _ROLE_OF.replace("?P<role>", "?P<role2>").replace("?P<org>", "?P<org2>")
_SELF = re.compile(
    rf"(?P<evidence>(?:My[ \t]+name[ \t]+is[ \t]+(?P<name>{NAME}){_ROLE_OF}?)"
    rf"|(?:(?:I[ \t]+am|I'm|I’m)[ \t]+(?P<name2>{NAME}){_ROLE_OF2}))"
)
_BYLINE = re.compile(rf"^[ \t]*(?P<evidence>(?i:by)[ \t]+(?P<name>{NAME})(?P<rest>[^\n]*?))[ \t]*$", re.MULTILINE)
_TITLES = {
    "senator": "Senator", "sen.": "Senator", "sen": "Senator", "rep.": "Representative", "rep": "Representative",
    "representative": "Representative", "congressman": "Representative", "congresswoman": "Representative",
    "gov.": "Governor", "gov": "Governor", "governor": "Governor", "mayor": "Mayor", "secretary": "Secretary",
    "minister": "Minister", "president": "President",
}
_DATELINE = re.compile(
    r"^[ \t]*(?P<evidence>[A-Z][A-Z .'\-]+(?:,[ \t]*[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)?)?[ \t]*(?:--|—|–|-)[ \t]*"
    r"(?:(?:U\.S\.|State)[ \t]+)?"
    r"(?P<title>(?i:senator|sen\.|rep\.|representative|congressman|congresswoman|gov\.|governor|"
    rf"mayor|secretary|minister|president))[ \t]+(?P<name>{NAME})"
    r"(?:[ \t]*\((?P<party>[A-Z])-[A-Za-z. ]+\))?)",
    re.MULTILINE,
)
_SMALL = {"of", "and", "the", "for", "to", "on", "in", "at", "a", "an", "from"}
_QUOTES = "\"“”«»"
#: genre a news document becomes when a rule says outright that it is somebody's own text
_GENRE_OF_RULE = {"header": "testimony", "self-introduction": "speech"}
#: rules that may apply to a document of each genre (any other genre: every rule)
_NEWS_RULES = ("header", "self-introduction")


@dataclass(frozen=True)
class Detection:
    """Who speaks, as detected, with the evidence: ``text == document[start:end]``."""

    rule: str
    speaker: str
    start: int
    end: int
    text: str
    speaker_org: str | None = None
    role: str | None = None
    party: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"source": "detected", "rule": self.rule, "start": self.start, "end": self.end, "text": self.text,
                "speaker": self.speaker, "speaker_org": self.speaker_org, "role": self.role, "party": self.party}


def display(name: str) -> str:
    """A name written in capitals, in title case (small words lower): ``ALLIANCE TO SAVE ENERGY``.

    >>> display("ALLIANCE TO SAVE ENERGY"), display("Energy and Environmental Analysis, Inc.")
    ('Alliance to Save Energy', 'Energy and Environmental Analysis, Inc.')
    """
    name = " ".join(name.split()).strip(" ,;:")
    if any(c.islower() for c in name):
        return name
    words = []
    for k, word in enumerate(name.split()):
        low = word.lower()
        if k and low in _SMALL:
            words.append(low)
        elif re.fullmatch(r"(?:[A-Z]\.)+,?", word):
            words.append(word)  # U.S.
        else:
            words.append(word[:1] + word[1:].lower())
    return " ".join(words)


def _org(text: str | None) -> str | None:
    """An organisation name without a leading article, trailing connectors or a following "and I ..."."""
    if not text:
        return None
    text = re.split(r"\s+and\s+I\b|\s+(?i:before|to)\s+the\s+|\s+(?i:on)\s+", text)[0]
    words = text.strip(" ,;").split()
    while words and (words[-1].lower() in _SMALL or words[-1] == "I"):
        words.pop()
    if words and words[0].lower() == "the":
        words.pop(0)
    return display(" ".join(words)) or None


def _affiliation(rest: str) -> tuple[str | None, str | None]:
    """``(role, organisation)`` from what follows a name: ``", President, Alliance to Save Energy"``."""
    rest = rest.strip()
    behalf = re.search(r"\bon[ \t]+behalf[ \t]+of[ \t]+(.+)", rest, re.IGNORECASE)
    role_part = rest[: behalf.start()] if behalf else rest
    parts = [p.strip() for p in re.split(r",\s*", role_part.strip(" ,")) if p.strip()]
    merged: list[str] = []
    for part in parts:  # "Analysis, Inc." is one name
        if merged and re.fullmatch(r"(?i:inc|corp|co|ltd|llc|l\.l\.c|l\.p|p\.c)\.?", part):
            merged[-1] += ", " + part
        else:
            merged.append(part)
    role = org = None
    if merged and _ROLE_WORD.search(merged[0]) and len(merged[0].split()) <= 6:
        head = re.match(r"(?P<role>.*?)\s+(?i:of|at|for|with)\s+(?P<org>[A-Z].*)", merged[0])
        if head and not re.search(r"(?i)\bfrom\b", merged[0]):
            role, org = head.group("role"), head.group("org")
        else:
            role = merged[0]
        merged = merged[1:]
    if merged and org is None:
        org = ", ".join(merged)
    if behalf:
        org = behalf.group(1)
    role = display(role) if role else None
    return role, _org(org)


def _quoted(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` lies inside quotation marks opened since ``start`` (an odd count before it)."""
    return sum(text.count(q, start, pos) for q in _QUOTES) % 2 == 1


def _next_line(text: str, at: int, end: int) -> tuple[str, int] | None:
    """The line right after offset ``at`` (no blank line between) when it gives a role: ``(line, its end)``."""
    newline = text.find("\n", at, end)
    if newline < 0:
        return None
    stop = text.find("\n", newline + 1, end)
    stop = end if stop < 0 else stop
    line = text[newline + 1:stop].rstrip()
    first = line.split(",")[0]
    if not line.strip() or not _ROLE_WORD.search(first) or _VENUE.match(line.strip()) or len(first.split()) > 8:
        return None
    return line, newline + 1 + len(line)


def _title_role(titles: str) -> str | None:
    """The office among the words before a name ("Governor Thomas Hargrove" -> "Governor")."""
    words = titles.split()
    for k, word in enumerate(words):
        title = _TITLES.get(word.lower())
        if title:
            before = words[k - 1] if k else ""
            return f"{before} {title}" if before in ("U.S.", "State") else title
    return None


def _header(text: str, start: int, end: int) -> Detection | None:
    """``STATEMENT OF X`` (role and organisation on the same line or the next), or ``Statement from the
    Minister of Y, the Honourable X``."""
    for m in _HEADER_OFFICE_FIRST.finditer(text, start, end):
        evidence = m.group("evidence")
        return Detection("header", display(m.group("name")), m.start("evidence"), m.end("evidence"), evidence,
                         None, display(m.group("role")))
    for m in _HEADER.finditer(text, start, end):
        rest = m.group("rest")
        evidence_end = m.start("evidence") + len(m.group("evidence").rstrip())
        if not rest.strip(" ,;:"):
            below = _next_line(text, m.end("evidence"), end)
            if below is not None:
                rest, evidence_end = ", " + below[0], below[1]
        role, org = (None, None) if _VENUE.match(rest.strip(" ,")) else _affiliation(rest)
        role = role or _title_role(m.group("titles"))
        evidence = text[m.start("evidence"):evidence_end]
        return Detection("header", display(m.group("name")), m.start("evidence"), evidence_end, evidence, org, role)
    return None


def _guest(text: str, start: int, end: int) -> Detection | None:
    for m in _GUEST.finditer(text, start, end):
        role, org = _affiliation(m.group("rest"))
        evidence = m.group("evidence").rstrip()
        return Detection("guest", display(m.group("name")), m.start("evidence"),
                         m.start("evidence") + len(evidence), evidence, org, role)
    return None


def _self_introduction(text: str, start: int, end: int) -> Detection | None:
    for m in _SELF.finditer(text, start, min(end, start + INTRO_WINDOW)):
        if _quoted(text, start, m.start()):
            continue
        k = "" if m.group("name") else "2"
        role = display(m.group("role" + k)) if m.group("role" + k) else None
        evidence = m.group("evidence")
        raw = m.group("org" + k)
        org = _org(raw)
        if raw and org:  # the evidence ends where the organisation's name ends
            at = m.start("org" + k)
            stop = at + raw.find(org.split()[-1]) + len(org.split()[-1])
            if org.endswith("."):
                stop = max(stop, at + len(raw.rstrip()))
            evidence = text[m.start("evidence"):stop]
        return Detection("self-introduction", display(m.group("name" + k)), m.start("evidence"),
                         m.start("evidence") + len(evidence), evidence, org, role)
    return None


def _byline(text: str, start: int, end: int) -> Detection | None:
    lines = text[start:end].split("\n")
    stop = start + sum(len(line) + 1 for line in lines[:6])
    for m in _BYLINE.finditer(text, start, min(end, stop)):
        role, org = _affiliation(m.group("rest"))
        evidence = m.group("evidence").rstrip()
        return Detection("byline", display(m.group("name")), m.start("evidence"),
                         m.start("evidence") + len(evidence), evidence, org, role)
    return None


#: A dateline counts in this many first lines (a release's "FOR IMMEDIATE RELEASE", date, contact and title come first).
DATELINE_LINES = 12


def _dateline(text: str, start: int, end: int) -> Detection | None:
    lines = text[start:end].split("\n")
    stop = start + sum(len(line) + 1 for line in lines[:DATELINE_LINES])
    for m in _DATELINE.finditer(text, start, min(end, stop)):
        title = _TITLES.get(m.group("title").lower())
        return Detection("dateline", display(m.group("name")), m.start("evidence"), m.end("evidence"),
                         m.group("evidence"), None, title, m.group("party"))
    return None


_RULES = {"header": _header, "self-introduction": _self_introduction, "byline": _byline, "dateline": _dateline,
          "guest": _guest}
#: rules of a genre that differ from the default (every rule but ``guest``, in the order of :data:`_RULES`)
_GENRE_RULES = {"news": _NEWS_RULES, "interview": ("guest", "header", "self-introduction", "byline", "dateline")}


def detect_speaker(text: str, *, genre: str = "news", start: int = 0) -> Detection | None:
    """Who speaks in ``text`` (searched from offset ``start``), or ``None``.

    Parameters
    ----------
    text : str
        The document's text; the evidence's offsets index it.
    genre : str
        The document's genre: in ``news`` only ``header`` and
        ``self-introduction`` apply (see the module notes).
    start : int
        Where the body starts (:attr:`Article.body_start`).

    Notes
    -----
    Not checked: that the name is a person's (the registry does that later), or
    that a header belongs to this document rather than to one quoted in it.
    """
    end = min(len(text), start + WINDOW)
    rules = _GENRE_RULES.get(genre, ("header", "self-introduction", "byline", "dateline"))
    for rule in rules:
        found = _RULES[rule](text, start, end)
        if found is not None:
            return found
    return None


def _surname(name: str) -> str:
    words = [w for w in re.split(r"[\s,]+", name.lower()) if w and not w.endswith(".")]
    return words[-1] if words else ""


def same_person(a: str | None, b: str | None) -> bool:
    """Whether two names share a surname: ``"Senator Voinovich"`` and ``"George V. Voinovich"``.

    >>> same_person("Senator Voinovich", "George V. Voinovich"), same_person("Jane Roe", "John Doe")
    (True, False)
    """
    return bool(a and b and _surname(a) == _surname(b))


def with_detected_speaker(article: Article) -> Article:
    """``article`` with the speaker fields the text gives filled in (the same object if none).

    A speaker given by the input wins; a detection naming the same person adds
    the organisation, role and party the input left empty. A document of genre
    ``news`` becomes a ``testimony`` (header) or ``speech`` (self-introduction).

    >>> a = with_detected_speaker(Article("a", "STATEMENT OF KATERI CALLAHAN\\n\\nWe support it."))
    >>> a.speaker, a.genre
    ('Kateri Callahan', 'testimony')
    """
    found = detect_speaker(article.text, genre=article.genre, start=article.body_start)
    if found is None:
        return article
    if not article.speaker:
        labels = turn_label_counts(article.text, article.body_start)
        if len(labels) >= 2 and sum(labels.values()) >= 3:
            return article  # a transcript of several speakers: a self-introduction is its turn's ("Mr. LINDGREN. ...")
    if article.speaker:
        if not same_person(article.speaker, found.speaker):
            return article
        changes = {name: getattr(found, name) for name in ("speaker_org", "role", "party")
                   if getattr(article, name) is None and getattr(found, name)}
        return replace(article, **changes) if changes else article
    genre = _GENRE_OF_RULE.get(found.rule, article.genre) if article.genre == "news" else article.genre
    return replace(article, speaker=found.speaker, speaker_org=article.speaker_org or found.speaker_org,
                   role=article.role or found.role, party=article.party or found.party, genre=genre)


def evidence_for(text: str, *, speaker: str | None, genre: str = "news", body_start: int = 0) -> dict[str, Any] | None:
    """Where a document says who speaks, for its page and JSON (see :func:`speaker_evidence`)."""
    if not speaker:
        return None
    if body_start > 0:
        label = LABEL.match(text, 0, body_start)
        if label is not None and label.end() >= body_start - 1:
            shown = text[label.start():label.end()].strip()
            begin = label.start() + text[label.start():label.end()].find(shown)
            return {"source": "turn", "start": begin, "end": begin + len(shown), "text": shown, "speaker": speaker}
    found = detect_speaker(text, genre=genre, start=body_start)
    if found is not None and same_person(found.speaker, speaker):
        return found.to_dict()
    return {"source": "metadata", "speaker": speaker}


def speaker_evidence(article: Article) -> dict[str, Any] | None:
    """How we know who speaks in ``article``: ``turn`` (a transcript label), ``detected``
    (a rule, with the matched text and its offsets) or ``metadata``; ``None`` when nobody is named.

    >>> speaker_evidence(Article("a", "We support it.", speaker="Kateri Callahan", genre="testimony"))
    {'source': 'metadata', 'speaker': 'Kateri Callahan'}
    """
    return evidence_for(article.text, speaker=article.speaker, genre=article.genre, body_start=article.body_start)
