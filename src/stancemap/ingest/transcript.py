"""Plain-text transcripts: hearings, debates and interviews as speaker turns.

Chosen with ``--format transcript`` (a ``.txt`` file is otherwise one article).
A turn starts at a line that opens with a speaker label and runs to the next
label; each turn becomes an :class:`~stancemap.models.Article` whose text is the
turn exactly as written, label included, with ``body_start`` after the label.
Labels recognised (at the start of a line)::

    Mr. Slaughter. Thank you ...            title + name + period (US hearings)
    Senator Voinovich. I ...
    THE CHAIRMAN. The committee ...
    Ms. Smith (Labour): I ...               name, optional (party) or (place) (party), colon
    JOHN SMITH: ...                         a name in capitals, colon
    Q: ... / A: ...                         interviews

A mixed-case name with a colon needs a title (``Mr.``, ``Senator``, ...) or two
to four capitalised words (``Keir Starmer:``), so that ``Note:`` starts no turn.
Text before the first label (a heading) is an article of its own with no
speaker (``<stem>-0``); turns are ``<stem>-1``, ``<stem>-2``, ...

>>> [(t.speaker, t.party, t.text[t.start:]) for t in find_turns("Ms. Smith (Labour): No.\\nMr. Jones. Yes.")]
[('Ms. Smith', 'Labour', 'No.\\n'), ('Mr. Jones', None, 'Yes.')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from stancemap.errors import InputError, message
from stancemap.ingest.dates import date_from_filename, parse_date
from stancemap.ingest.decode import decode_bytes
from stancemap.ingest.meta import NO_DEFAULTS, SpeakerDefaults
from stancemap.ingest.source import Source
from stancemap.ingest.text import read_whole, split_header
from stancemap.models import Article, ReadFailure

__all__ = ["read_transcript", "find_turns", "spoken_genre", "turn_label_counts", "Turn"]

_TITLES = (
    "Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Baroness|Baron|Senator|Sen|"
    "Representative|Rep|Congressman|Congresswoman|Delegate|Chairman|Chairwoman|Chair|Madam|"
    "Governor|Gov|Secretary|Ambassador|General|Gen|Admiral|Judge|Justice|Mayor|President|"
    "Commissioner|Director|Minister|Hon|The|Speaker|Deputy|Vice"
)
_WORD = r"(?:[A-Z]\.|[A-Z][\w'’\-]*)"  # an initial or a capitalised word
_UPPER = r"(?:[A-Z][A-Z'’\-]*\.?)"  # a word in capitals (MR. O'BRIEN)
_TITLED = rf"(?i:{_TITLES})\.?(?:[ \t]+{_WORD}){{1,4}}"
_PARENS = r"(?:[ \t]*\((?P<first>[^()\n]{1,80})\))?(?:[ \t]*\((?P<second>[^()\n]{1,80})\))?"

#: ``Mr. Slaughter.``: a title, one to four names, a period, then space.
_PERIOD_LABEL = rf"(?P<period>{_TITLED})\.(?=[ \t]|\n|$)"
#: ``Ms. Smith (Labour):``, ``JOHN SMITH:``, ``Keir Starmer:``, ``Q:``.
_COLON_LABEL = (
    rf"(?P<colon>{_TITLED}|{_UPPER}(?:[ \t]+{_UPPER}){{0,4}}|[A-Z][\w'’\-]+(?:[ \t]+{_WORD}){{1,3}})"
    rf"{_PARENS}[ \t]*:(?=[ \t]|\n|$)"
)
LABEL = re.compile(rf"^[ \t]*(?:{_PERIOD_LABEL}|{_COLON_LABEL})[ \t]*", re.MULTILINE)
_CHAIR = re.compile(r"\b(?:chair(?:man|woman|person)?|speaker|presiding officer)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Turn:
    """One speaker turn: ``text`` as written (label included), body from ``start``."""

    text: str
    offset: int
    start: int
    speaker: str | None
    party: str | None
    role: str | None


def _speaker_name(label: str) -> str:
    """The label as a name: words in capitals become title case (``THE CHAIRMAN`` -> ``The Chairman``,
    ``Senator BOXER`` -> ``Senator Boxer``, as US hearing transcripts print names).

    >>> _speaker_name("Senator BOXER."), _speaker_name("THE CHAIRMAN."), _speaker_name("Q")
    ('Senator Boxer', 'The Chairman', 'Q')
    """
    label = " ".join(label.split()).rstrip(".:")
    if len(label) <= 2:
        return label
    return " ".join(word[:1] + word[1:].lower() if word.isupper() and len(word) > 1 else word
                    for word in label.split())


def find_turns(text: str, start: int = 0) -> list[Turn]:
    """The speaker turns of ``text`` (from offset ``start``), with any text before the first."""
    turns: list[Turn] = []
    matches = list(LABEL.finditer(text, start))
    first = matches[0].start() if matches else len(text)
    if text[start:first].strip():
        turns.append(Turn(text[start:first], start, 0, None, None, None))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        label = match.group("period") or match.group("colon")
        party = match.group("second") or match.group("first")
        speaker = _speaker_name(label)
        role = "chair" if _CHAIR.search(speaker) else None
        body = match.end() - match.start()
        turns.append(Turn(text[match.start():end], match.start(), body, speaker,
                          " ".join(party.split()) if party else None, role))
    return turns


#: A written statement to a hearing: "STATEMENT OF ...", "PREPARED TESTIMONY OF ..." opening a line.
_STATEMENT_OF = re.compile(r"^[ \t]*(?:PREPARED |OPENING |WRITTEN )?(?:STATEMENT|TESTIMONY) OF\b", re.MULTILINE)
#: The words of a hearing, which make a transcript testimony rather than a debate.
_HEARING = re.compile(r"\b(?:testify|testimony|hearing|subcommittee|Mr\. Chairman|Madam Chair(?:man|woman)?)\b",
                      re.IGNORECASE)


def spoken_genre(text: str) -> str | None:
    """The genre of a text that is a transcript or a written statement to a hearing; ``None`` for any other.

    A transcript is a conversation: speaker turns (:func:`find_turns`) where at least two
    speakers take the floor twice or more (a list of names each with a paragraph is not
    one). It is ``interview`` when the labels are ``Q`` and ``A``, ``testimony`` when it
    speaks of a hearing, else ``debate``; a "STATEMENT OF ..." line makes ``testimony``.

    >>> spoken_genre("Senator Boxer. Welcome.\\nMr. Smith. Thanks.\\nSenator Boxer. Go on.\\nMr. Smith. Yes.")
    'debate'
    >>> spoken_genre("STATEMENT OF ANN LEE, PRESIDENT\\n\\nWe support the bill."), spoken_genre("Kim said so.")
    ('testimony', None)
    """
    if _STATEMENT_OF.search(text):
        return "testimony"
    counts = turn_label_counts(text)
    if sum(1 for n in counts.values() if n >= 2) < 2:
        return None
    if set(counts) <= {"Q", "A"}:
        return "interview"
    return "testimony" if _HEARING.search(text) else "debate"


def turn_label_counts(text: str, start: int = 0) -> dict[str, int]:
    """How many turns each speaker label of ``text`` opens (:func:`find_turns`).

    >>> turn_label_counts("Mr. Lee. Yes.\\nMs. Kim. No.\\nMr. Lee. Why?")
    {'Mr. Lee': 2, 'Ms. Kim': 1}
    """
    counts: dict[str, int] = {}
    for turn in find_turns(text, start):
        if turn.speaker:
            counts[turn.speaker] = counts.get(turn.speaker, 0) + 1
    return counts


def _date_and_body(
    text: str, source: Source, date: dt.date | None, warnings: list[str]
) -> tuple[dt.date | None, int]:
    """The transcript's date (header, file name or ``date``) and where its body starts; W101 for a bad header."""
    header, body_start = split_header(text)
    found_date = (parse_date(header) if header else None) or date_from_filename(source.stem) or date
    if header is not None and parse_date(header) is None:
        warnings.append(message("W101.transcript-header", name=source.name, header=header))
    return found_date, body_start


def _speaker_turns(text: str, body_start: int, source: Source) -> list[Turn]:
    """The turns of ``text`` from ``body_start``; E117 when none has a speaker."""
    turns = find_turns(text, body_start)
    if not any(turn.speaker for turn in turns):
        raise InputError.of("E117", name=source.name)
    return turns


def read_transcript(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
    speakers: SpeakerDefaults | None = None,
) -> Iterator[Article | ReadFailure]:
    """Read a plain-text transcript, one article per speaker turn.

    Parameters
    ----------
    source : Source
        The file or standard input.
    date : datetime.date, optional
        Used when neither a ``date YYYY-MM-DD`` first line nor a date in the file
        name is found.
    mapping : mapping, optional
        Ignored.
    speakers : SpeakerDefaults, optional
        ``genre`` (default ``debate``) and ``speaker_org`` apply to every turn;
        the speaker of a turn is its label.

    Yields
    ------
    Article
        ``doc_id`` ``<stem>-<turn>``, ``speaker`` and ``party`` from the label,
        ``role`` ``chair`` for a chair's or Speaker's turn.

    Raises
    ------
    InputError
        E117 when no turn is found; E102, E103, E104 and E113 as for plain text.
    """
    speakers = speakers or NO_DEFAULTS
    decoded = decode_bytes(read_whole(source), source.name)
    text = decoded.text
    warnings = list(decoded.warnings)
    found_date, body_start = _date_and_body(text, source, date, warnings)
    turns = _speaker_turns(text, body_start, source)
    genre = speakers.genre or "debate"
    first = 0 if turns[0].speaker is None else 1
    for index, turn in enumerate(turns):
        yield Article(
            doc_id=f"{source.stem}-{index + first}",
            text=turn.text,
            date=found_date,
            origin=f"{source.name}:{text.count(chr(10), 0, turn.offset) + 1}",
            body_start=turn.start,
            warnings=tuple(warnings) if index == 0 else (),
            speaker=turn.speaker,
            speaker_org=speakers.speaker_org if turn.speaker else None,
            party=turn.party,
            role=turn.role,
            genre=genre,
        )
