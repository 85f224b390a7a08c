"""Reading articles: text, JSON Lines, CSV/TSV, Parquet, saved HTML, ParlaMint TEI and
transcripts, folders and stdin.

:func:`read_paths` is the one entry point. It streams :class:`~stancemap.models.Article`
records and, for every input (file or row) that cannot be read, a
:class:`~stancemap.models.ReadFailure` naming the file, the line and the fix.
Failures are yielded, never raised, so one bad file never stops the others.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "ap_2024-05-28_strikes.txt").write_text("Borrell noted that ...")
>>> [(a.doc_id, str(a.date)) for a in read_paths([folder])]
[('ap_2024-05-28_strikes', '2024-05-28')]
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, Any

from stancemap.errors import InputError, UsageError
from stancemap.ingest.csv import read_csv
from stancemap.ingest.dates import date_from_filename, parse_date
from stancemap.ingest.dna import read_dna
from stancemap.ingest.factiva import read_factiva
from stancemap.ingest.html import read_html
from stancemap.ingest.jsonl import read_jsonl
from stancemap.ingest.limits import DEFAULT_MAX_CHARS, SeenFiles, checked_articles
from stancemap.ingest.meta import SpeakerDefaults, genre_option
from stancemap.ingest.nexis import read_nexis
from stancemap.ingest.office import read_document
from stancemap.ingest.parlamint import read_parlamint
from stancemap.ingest.parquet import read_parquet
from stancemap.ingest.rows import FIELDS
from stancemap.ingest.sidecar import Sidecar, load_sidecar, title_first_line
from stancemap.ingest.sniff import sniff
from stancemap.ingest.source import Source, iter_sources
from stancemap.ingest.text import read_text
from stancemap.ingest.transcript import read_transcript
from stancemap.ingest.warc import read_warc
from stancemap.models import Article, ReadFailure

__all__ = [
    "READERS",
    "Reader",
    "read_paths",
    "read_source",
    "parse_mapping",
    "parse_date",
    "speaker_defaults",
    "SpeakerDefaults",
    "date_from_filename",
    "DEFAULT_MAX_CHARS",
]

#: A reader: ``reader(source, *, date=None, mapping=None, speakers=None)`` yields
#: articles and row failures, and raises :class:`~stancemap.errors.InputError` for
#: the file. ``speakers`` (:class:`SpeakerDefaults`) holds ``--speaker``/``--genre``.
Reader = Callable[..., Iterator[Article | ReadFailure]]

#: Readers by the format names :func:`stancemap.ingest.sniff.sniff` returns (and
#: ``--format`` accepts; ``transcript`` is only chosen that way). Register a new
#: format here (and its extensions in ``sniff.EXTENSIONS``).
READERS: dict[str, Reader] = {
    "text": read_text,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "parquet": read_parquet,
    "html": read_html,
    "parlamint": read_parlamint,
    "transcript": read_transcript,
    "dna": read_dna,
    "document": read_document,
    "nexis": read_nexis,
    "factiva": read_factiva,
    "warc": read_warc,
}

_MAP_HELP = "write it as field=column[,field=column...] with fields " + ",".join(FIELDS)


def parse_mapping(spec: str | None) -> dict[str, str]:
    """Parse a ``--map`` option: our field -> the input's column.

    Parameters
    ----------
    spec : str
        Comma-separated ``field=column`` pairs; fields are id, date, title,
        source, url, text.

    Returns
    -------
    dict
        ``{}`` for an empty or ``None`` spec.

    Raises
    ------
    UsageError
        E500, naming the bad part and the allowed fields.

    Examples
    --------
    >>> parse_mapping("text=body,date=published")
    {'text': 'body', 'date': 'published'}
    >>> parse_mapping("body=text")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    stancemap.errors.UsageError: --map: 'body=text': unknown field 'body'; write it as ...
    """
    mapping: dict[str, str] = {}
    if not spec or not spec.strip():
        return mapping
    for part in spec.split(","):
        field, sep, column = (piece.strip() for piece in part.partition("="))
        if not sep or not field or not column:
            problem = "expected field=column"
        elif field not in FIELDS:
            problem = f"unknown field {field!r}"
        elif field in mapping:
            problem = f"field {field!r} is mapped twice"
        else:
            mapping[field] = column
            continue
        raise UsageError.of("E500.map", part=part.strip(), problem=problem, help=_MAP_HELP)
    return mapping


def _check_mapping(mapping: Mapping[str, str] | str | None) -> dict[str, str]:
    if mapping is None or isinstance(mapping, str):
        return parse_mapping(mapping)
    unknown = [field for field in mapping if field not in FIELDS]
    if unknown:
        raise UsageError.of("E500.map-field", field=unknown[0], help=_MAP_HELP)
    return {str(field): str(column) for field, column in mapping.items()}


def _check_date(date: dt.date | str | None) -> dt.date | None:
    if date is None or isinstance(date, dt.date):
        return date.date() if isinstance(date, dt.datetime) else date
    parsed = parse_date(date)
    if parsed is None:
        raise UsageError.of("E500.date", value=date)
    return parsed


def speaker_defaults(
    speaker: str | None = None,
    genre: str | None = None,
    *,
    speaker_org: str | None = None,
    party: str | None = None,
    role: str | None = None,
) -> SpeakerDefaults:
    """Check ``--speaker``/``--genre`` style options into a :class:`SpeakerDefaults`.

    >>> speaker_defaults("Kateri Callahan", "Testimony")
    SpeakerDefaults(speaker='Kateri Callahan', speaker_org=None, party=None, role=None, genre='testimony')

    Raises
    ------
    UsageError
        E500 for an unknown genre, listing the allowed ones.
    """

    def clean(value: str | None) -> str | None:
        return " ".join(value.split()) or None if value else None

    return SpeakerDefaults(clean(speaker), clean(speaker_org), clean(party), clean(role), genre_option(genre))


def _check_format(fmt: str | None) -> str | None:
    if fmt is None or not fmt.strip():
        return None
    name = fmt.strip().lower()
    if name not in READERS:
        raise UsageError.of("E500.reader", value=fmt, choices=", ".join(READERS))
    return name


def read_source(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
    speakers: SpeakerDefaults | None = None,
    fmt: str | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> Iterator[Article | ReadFailure]:
    """Read one input with the reader ``fmt`` names, else the one its extension or content calls for.

    Every problem is yielded as a :class:`ReadFailure`: the reader's own
    (E101-E117) and, for anything unexpected, E100 with the exception's text.
    A document over ``max_chars`` characters is skipped (E131, ``None``: no
    limit) and mojibake is repaired (W111), see :mod:`stancemap.ingest.limits`.
    """
    try:
        name = fmt or sniff(source)
        found = READERS[name](source, date=date, mapping=mapping or {}, speakers=speakers)
        yield from checked_articles(found, name, max_chars)
    except InputError as error:
        yield ReadFailure(source.name, error.message, error.code)
    except OSError as error:
        reason = error.strerror or str(error)
        yield ReadFailure(
            source.name,
            f"{source.name}: could not be read ({reason}); check that the file exists "
            "and that you may read it.",
            "E100",
        )
    except Exception as error:  # one bad file must never stop the others
        yield ReadFailure(
            source.name,
            f"{source.name}: could not be read ({type(error).__name__}: {error}); check "
            "the file, and report this if it looks valid.",
            "E100",
        )


def read_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    date: dt.date | str | None = None,
    mapping: Mapping[str, str] | str | None = None,
    stdin: IO[Any] | None = None,
    speaker: str | None = None,
    genre: str | None = None,
    speakers: SpeakerDefaults | None = None,
    format: str | None = None,
    metadata: str | os.PathLike[str] | None = None,
    title_from_first_line: bool = False,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> Iterator[Article | ReadFailure]:
    """Stream the articles of files, folders and standard input.

    Parameters
    ----------
    paths : iterable of str or path
        Files and folders (walked recursively in sorted order, hidden names skipped), one path, or ``"-"`` for stdin.
    date : datetime.date or str, optional
        Date for articles whose input gives none (``--date``).
    mapping : dict or str, optional
        Our field -> their column for JSON Lines, CSV and Parquet (``--map``): ``{"text": "body"}`` or ``"text=body"``.
    stdin : stream, optional
        Binary or text stream read for ``"-"`` (default ``sys.stdin.buffer``); its articles' ``doc_id`` is ``stdin``.
    speaker, genre : str, optional
        Speaker and genre of documents whose input gives none (``--speaker``, ``--genre``), e.g. one person's speeches;
        genres: ``news`` (default), ``speech``, ``testimony``, ``press-release``, ``op-ed``, ``interview``, ``debate``.
    speakers : SpeakerDefaults, optional
        All speaker defaults at once (``speaker`` and ``genre`` override it).
    format : str, optional
        Read every input with this reader (a :data:`READERS` key, e.g. ``"transcript"``), not by extension and content.
    metadata : str or path, optional
        A CSV/TSV sidecar of per-file title, date, source, url and speaker, keyed by file stem (``--metadata``,
        see :mod:`stancemap.ingest.sidecar`).
    title_from_first_line : bool
        Take the title of a document that has none from its first line (``--title-first-line``).
    max_chars : int or None
        Largest document, in characters (``--max-chars``, default :data:`DEFAULT_MAX_CHARS`; ``None``: no
        limit); a longer one is skipped with an E131 failure naming it, its size and the option.

    Returns
    -------
    iterator of Article or ReadFailure
        Lazily (JSON Lines, CSV and Parquet streamed, never loaded whole); nothing for a folder with no readable files.

    Raises
    ------
    UsageError
        E500 at call time when ``date``, ``mapping``, ``genre``, ``format`` or ``max_chars`` is malformed.
    """
    checked_date = _check_date(date)
    checked_mapping = _check_mapping(mapping)
    checked_speakers = _merged_speakers(speakers, speaker, genre)
    checked_format = _check_format(format)
    _check_max_chars(max_chars)
    sidecar = load_sidecar(metadata) if metadata else None
    articles = _read_all(paths, checked_date, checked_mapping, stdin, checked_speakers, checked_format, max_chars)
    return _overlaid(articles, sidecar, title_from_first_line)


def _merged_speakers(speakers: SpeakerDefaults | None, speaker: str | None, genre: str | None) -> SpeakerDefaults:
    """``speakers`` with ``speaker`` and ``genre`` (``--speaker``, ``--genre``) put over it, checked."""
    base = speakers or SpeakerDefaults()
    return speaker_defaults(
        speaker or base.speaker, genre or base.genre,
        speaker_org=base.speaker_org, party=base.party, role=base.role,
    )


def _check_max_chars(max_chars: int | None) -> None:
    if max_chars is not None and max_chars < 1:
        raise UsageError.of("E500.max-chars", max_chars=max_chars)


def _overlaid(
    items: Iterator[Article | ReadFailure], sidecar: Sidecar | None, first_line: bool
) -> Iterator[Article | ReadFailure]:
    """``items``, through :func:`_overlay` when there is a sidecar or ``--title-first-line`` to apply."""
    if sidecar is None and not first_line:
        return items
    return _overlay(items, sidecar, first_line)


def _overlay(
    items: Iterator[Article | ReadFailure], sidecar: Sidecar | None, first_line: bool
) -> Iterator[Article | ReadFailure]:
    """Apply ``--title-first-line`` and then the ``--metadata`` sidecar to each article."""
    for item in items:
        if isinstance(item, Article):
            if first_line:
                item = title_first_line(item)
            if sidecar is not None:
                item = sidecar.apply(item)
        yield item


def _read_all(
    paths: Iterable[str | os.PathLike[str]],
    date: dt.date | None,
    mapping: dict[str, str],
    stdin: IO[Any] | None,
    speakers: SpeakerDefaults,
    fmt: str | None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> Iterator[Article | ReadFailure]:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    seen = SeenFiles()  # the same file reached twice (a folder and a file in it) is read once
    try:
        for item in iter_sources(paths, stdin):
            if isinstance(item, ReadFailure):
                yield item
            elif seen.first_time(item):
                yield from read_source(item, date=date, mapping=mapping, speakers=speakers, fmt=fmt,
                                       max_chars=max_chars)
    finally:
        seen.close()
