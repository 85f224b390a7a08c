"""ParlaMint TEI: parliamentary debates, one article per speech (``<u>``).

ParlaMint (CLARIN, CC BY) encodes the debates of European parliaments alike: a
corpus root file (``<teiCorpus>``) whose header lists the speakers
(``listPerson``: names, and affiliations to parties, parliaments and
governments with ``from``/``to`` dates) and organisations (``listOrg``), often
in included files, and one file per session (``<TEI>``) whose body holds
agenda items (``<div>`` with a ``<head>``) and speeches ``<u who="#Person">``
made of paragraphs ``<seg>``.

Each ``<u>`` becomes an :class:`~stancemap.models.Article`:

- ``doc_id``: the u's ``xml:id`` (``<session id>.u<n>`` when it has none);
- ``text``: its paragraphs joined by blank lines, with notes, incidents,
  kinesics, vocals and gaps left out (``.ana.xml`` files: tokens rejoined);
- ``date``: the session date (``setting/date/@when``); ``title``: the session
  title and the agenda item; ``source``: the house (``meeting/@corresp``);
- ``genre``: ``debate`` (or ``--genre``); ``speaker``: forenames and surname
  valid at that date; ``party``: abbreviation of the party the speaker belongs
  to at that date (``speaker_org``: its full name); ``role``: ``chair`` when
  the speech is marked as the chair's, else ``minister`` for a member of a
  government at that date, else another role held then (``member``).

Name the corpus root file (``stancemap run ParlaMint-GB.xml``): its sessions are
read from its ``xi:include`` references. A session file found on its own (or in
a folder) takes its speakers from the corpus root beside it or up to three
folders above it; a root file found while walking a folder adds no articles
itself (its sessions are found by the walk). Included files must lie in the
root file's folder or below; nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypedDict
from xml.etree.ElementTree import Element

from stancemap.errors import InputError, message
from stancemap.ingest.dates import parse_date
from stancemap.ingest.meta import NO_DEFAULTS, SpeakerDefaults
from stancemap.ingest.safexml import parse_xml
from stancemap.ingest.source import Source
from stancemap.ingest.text import read_whole
from stancemap.models import Article, ReadFailure

__all__ = ["read_parlamint", "load_corpus", "Corpus", "TEI_NS", "is_tei"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
_T = "{" + TEI_NS + "}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_XI_INCLUDE = "{http://www.w3.org/2001/XInclude}include"

#: Elements whose words are not the speaker's: left out of the text (their tail is kept).
SKIPPED = frozenset(
    _T + tag for tag in ("note", "incident", "kinesic", "vocal", "gap", "desc", "pb", "lb", "fw", "media")
)
_TOKENS = (_T + "w", _T + "pc")
_PARTY_ROLES = ("politicalParty", "parliamentaryGroup")
_GOVERNMENT_ROLES = ("government", "ministry")
_ROOT_SEARCH_DEPTH = 3


def is_tei(head: bytes) -> bool:
    """Whether the first bytes of an XML file are TEI (ParlaMint).

    >>> is_tei(b'<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0">')
    True
    >>> is_tei(b'<rss version="2.0">')
    False
    """
    return TEI_NS.encode() in head[:8192]


def _space(text: str | None) -> str:
    return " ".join((text or "").split())


def _date(value: str | None) -> dt.date | None:
    return parse_date(value) if value else None


@dataclass(frozen=True)
class _Affiliation:
    ref: str
    role: str
    start: dt.date | None
    end: dt.date | None

    def active(self, when: dt.date | None) -> bool:
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class _Org:
    role: str
    name: str | None
    abbreviation: str | None


@dataclass
class _Person:
    names: list[tuple[str, dt.date | None, dt.date | None]] = field(default_factory=list)
    affiliations: list[_Affiliation] = field(default_factory=list)

    def name(self, when: dt.date | None) -> str | None:
        for name, start, end in self.names:
            if when is None or ((start is None or start <= when) and (end is None or when <= end)):
                return name
        return self.names[0][0] if self.names else None


class SpeakerFields(TypedDict):
    """The :class:`~stancemap.models.Article` fields :meth:`Corpus.speaker` fills."""

    speaker: str | None
    speaker_org: str | None
    party: str | None
    role: str | None


@dataclass
class Corpus:
    """The speakers and organisations of a ParlaMint corpus, and its sessions."""

    persons: dict[str, _Person] = field(default_factory=dict)
    orgs: dict[str, _Org] = field(default_factory=dict)
    sessions: list[Path] = field(default_factory=list)
    problems: list[ReadFailure] = field(default_factory=list)

    def add(self, element: Element) -> None:
        """Take the persons and organisations listed anywhere under ``element``."""
        for org in element.iter(_T + "org"):
            key = org.get(_XML_ID)
            if key:
                self.orgs[key] = _read_org(org)
        for person in element.iter(_T + "person"):
            key = person.get(_XML_ID)
            if key:
                self.persons[key] = _read_person(person)

    def speaker(self, who: str | None, when: dt.date | None, ana: str = "") -> SpeakerFields:
        """Speaker, party (abbreviation), speaker_org (party name) and role of ``who`` at ``when``."""
        key = (who or "").strip().split()[0].lstrip("#") if (who or "").strip() else ""
        person = self.persons.get(key)
        out: SpeakerFields = {"speaker": None, "speaker_org": None, "party": None, "role": None}
        if person is None:
            out["speaker"] = key or None
        else:
            out["speaker"] = person.name(when) or key
            active = [a for a in person.affiliations if a.active(when)]
            for party_role in _PARTY_ROLES:
                party = next((self.orgs[a.ref] for a in active
                              if a.ref in self.orgs and self.orgs[a.ref].role == party_role), None)
                if party is not None:
                    out["party"] = party.abbreviation or party.name
                    out["speaker_org"] = party.name or party.abbreviation
                    break
            out["role"] = _role(active, self.orgs)
        tags = ana.split()
        if "#chair" in tags:
            out["role"] = "chair"
        elif out["role"] is None and "#guest" in tags:
            out["role"] = "guest"
        return out


def _role(active: list[_Affiliation], orgs: Mapping[str, _Org]) -> str | None:
    """``minister`` for a government member, else a role other than member, else member."""
    for affiliation in active:
        org = orgs.get(affiliation.ref)
        if affiliation.role == "minister" or (
            org is not None and org.role in _GOVERNMENT_ROLES and affiliation.role == "member"
        ):
            return "minister"
    roles = [a.role for a in active if a.role]
    return next((role for role in roles if role != "member"), roles[0] if roles else None)


def _read_org(org: Element) -> _Org:
    name = abbreviation = None
    for org_name in org.findall(_T + "orgName"):
        text = _space("".join(org_name.itertext())) or None
        if org_name.get("full") == "abb":
            abbreviation = abbreviation or text
        else:
            name = name or text
    return _Org(org.get("role", ""), name, abbreviation)


def _read_person(person: Element) -> _Person:
    found = _Person()
    for pers_name in person.findall(_T + "persName"):
        parts = [
            _space("".join(part.itertext()))
            for part in pers_name
            if part.tag in (_T + "forename", _T + "surname", _T + "nameLink")
        ]
        name = " ".join(part for part in parts if part) or _space("".join(pers_name.itertext()))
        if name:
            found.names.append((name, _date(pers_name.get("from")), _date(pers_name.get("to"))))
    for affiliation in person.findall(_T + "affiliation"):
        ref = (affiliation.get("ref") or "").lstrip("#")
        if ref:
            found.affiliations.append(_Affiliation(
                ref, affiliation.get("role", ""), _date(affiliation.get("from")), _date(affiliation.get("to"))))
    return found


# ---------------------------------------------------------------- files


def _parse_file(path: Path, name: str) -> Element:
    return parse_xml(read_whole(Source.from_path(path)), name)


def _include_target(root_file: Path, href: str | None, shown: str) -> Path | InputError:
    """The file an ``xi:include`` names, inside the root file's folder, or why not."""
    if not href or "://" in href or os.path.isabs(href):
        return InputError.of("E112.href", shown=shown, href=href)
    folder = root_file.parent.resolve()
    target = (folder / href).resolve()
    if not target.is_relative_to(folder):
        return InputError.of("E112.outside", shown=shown, href=href, folder=folder)
    return target


def _shown(root_name: str, root_file: Path, target: Path) -> str:
    """How messages name an included file: under the name the root file was given."""
    try:
        return os.path.join(os.path.dirname(root_name), os.path.relpath(target, root_file.parent.resolve()))
    except ValueError:
        return str(target)


def load_corpus(root: Element, root_file: Path | None, name: str) -> Corpus:
    """The speakers, organisations and session files of a corpus root ``<teiCorpus>``.

    Persons and organisations listed in the root file or in files it includes in
    its header are read; problems with included files are kept in ``problems``.
    """
    corpus = Corpus()
    corpus.add(root)
    header = root.find(_T + "teiHeader")
    if root_file is not None and header is not None:
        for include in header.iter(_XI_INCLUDE):
            target = _include_target(root_file, include.get("href"), name)
            if isinstance(target, InputError):
                continue
            if not target.is_file():
                continue  # taxonomies and other optional parts may be left out of a sample
            shown = _shown(name, root_file, target)
            try:
                included = _parse_file(target, shown)
            except InputError as error:
                corpus.problems.append(ReadFailure(shown, error.message, error.code))
                continue
            if included.tag in (_T + "listPerson", _T + "listOrg", _T + "particDesc"):
                corpus.add(included)
    if root_file is not None:
        for include in root.findall(_XI_INCLUDE):
            target = _include_target(root_file, include.get("href"), name)
            if isinstance(target, InputError):
                corpus.problems.append(ReadFailure(name, target.message, target.code))
            else:
                corpus.sessions.append(target)
    return corpus


@functools.lru_cache(maxsize=8)
def _cached_corpus(path: str, _mtime: int) -> Corpus:
    return load_corpus(_parse_file(Path(path), path), Path(path), path)


def _corpus_for(session: Path) -> Corpus | None:
    """The corpus root beside ``session`` or in a folder above (one that includes it, if any)."""
    session = session.resolve()
    folder = session.parent
    for _ in range(_ROOT_SEARCH_DEPTH + 1):
        roots = []
        try:
            candidates = sorted(folder.glob("*.xml"))
        except OSError:
            candidates = []
        for candidate in candidates:
            if candidate == session or candidate.name.endswith(".ana.xml") != session.name.endswith(".ana.xml"):
                continue
            try:
                with candidate.open("rb") as handle:
                    head = handle.read(4096)
            except OSError:
                continue
            if b"<teiCorpus" in head:
                try:
                    roots.append(_cached_corpus(str(candidate), candidate.stat().st_mtime_ns))
                except InputError:
                    continue
        including = next((corpus for corpus in roots if session in corpus.sessions), None)
        if including is not None or roots:
            return including or roots[0]
        if folder.parent == folder:
            break
        folder = folder.parent
    return None


# ---------------------------------------------------------------- sessions


def _gather(element: Element, out: list[str], tokens: bool) -> None:
    if tokens and element.tag in _TOKENS:
        out.append("".join(element.itertext()))
        out.append("" if element.get("join") == "right" else " ")
        return
    if not tokens and element.text:
        out.append(element.text)
    for child in element:
        if child.tag not in SKIPPED:
            _gather(child, out, tokens)
        if not tokens and child.tail:
            out.append(child.tail)


def paragraph_text(element: Element) -> str:
    """The words of a ``<seg>`` (or ``<u>``), without notes and incidents, spaces collapsed."""
    tokens = any(child.tag in _TOKENS for child in element.iter())
    out: list[str] = []
    _gather(element, out, tokens)
    return _space("".join(out))


def _u_text(u: Element) -> str:
    segs = u.findall(_T + "seg")
    if not segs:
        return paragraph_text(u)
    return "\n\n".join(text for text in (paragraph_text(seg) for seg in segs) if text)


def _session_info(root: Element, corpus: Corpus | None) -> tuple[dt.date | None, str | None, str | None, str | None]:
    """Date, title, house and source url of a session file."""
    header = root.find(_T + "teiHeader")
    if header is None:
        return None, None, None, None
    when = None
    setting_date = header.find(f"{_T}profileDesc/{_T}settingDesc/{_T}setting/{_T}date")
    candidates: list[Element | None] = [setting_date] if setting_date is not None else []
    candidates.append(header.find(f"{_T}fileDesc/{_T}sourceDesc/{_T}bibl/{_T}date"))
    for date in candidates:
        if date is not None:
            when = _date(date.get("when") or date.get("from"))
            if when is not None:
                break
    title_stmt = header.find(f"{_T}fileDesc/{_T}titleStmt")
    title = house = url = None
    if title_stmt is not None:
        titles = title_stmt.findall(_T + "title")
        main = next((t for t in titles if t.get("type") == "main"), titles[0] if titles else None)
        if main is not None:
            title = _space("".join(main.itertext())) or None
        for meeting in title_stmt.findall(_T + "meeting"):
            for ref in (meeting.get("corresp") or "").split():
                org = corpus.orgs.get(ref.lstrip("#")) if corpus is not None else None
                if org is not None and org.name:
                    house = org.name
                    break
            if house:
                break
    for idno in header.iter(_T + "idno"):
        idno_text = (idno.text or "").strip()
        if idno.get("subtype") == "parliament" and idno_text.startswith("http"):
            url = idno_text
            break
    return when, title, house, url


def _utterances(element: Element, agenda: str | None) -> Iterator[tuple[Element, str | None]]:
    """Every ``<u>`` in document order with the agenda item (``<head>``) it falls under."""
    for child in element:
        if child.tag == _T + "head":
            agenda = _space("".join(child.itertext())) or agenda
        elif child.tag == _T + "u":
            yield child, agenda
        elif child.tag not in SKIPPED:
            yield from _utterances(child, agenda)


def session_articles(
    root: Element,
    name: str,
    stem: str,
    corpus: Corpus | None,
    speakers: SpeakerDefaults,
    note: str | None = None,
) -> Iterator[Article]:
    """The speeches of one session file (root element ``<TEI>``) as articles."""
    when, title, house, url = _session_info(root, corpus)
    session_id = root.get(_XML_ID) or stem
    body = root.find(f"{_T}text/{_T}body")
    if body is None:
        body = root.find(_T + "text")
    if body is None:
        return
    genre = speakers.genre or "debate"
    unknown: set[str] = set()
    for number, (u, agenda) in enumerate(_utterances(body, None), start=1):
        text = _u_text(u)
        if not text:
            continue
        warnings: list[str] = []
        if note is not None:
            warnings.append(note)
            note = None
        who = u.get("who")
        fields = (corpus or Corpus()).speaker(who, when, u.get("ana", ""))
        key = (who or "").lstrip("#")
        if corpus is not None and key and key not in corpus.persons and key not in unknown:
            unknown.add(key)
            warnings.append(message("W106.speaker", name=name, who=who))
        full_title = f"{title} — {agenda}" if title and agenda else (title or agenda)
        yield Article(
            doc_id=u.get(_XML_ID) or f"{session_id}.u{number}",
            text=text,
            date=when,
            title=full_title,
            source=house or "ParlaMint",
            url=url,
            origin=f"{name}#{u.get(_XML_ID) or number}",
            warnings=tuple(warnings),
            genre=genre,
            **fields,
        )


def read_parlamint(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
    speakers: SpeakerDefaults | None = None,
) -> Iterator[Article | ReadFailure]:
    """Read a ParlaMint TEI file: a corpus root (its sessions) or one session.

    Parameters
    ----------
    source : Source
        A corpus root ``<teiCorpus>``, a session ``<TEI>``, or another TEI part
        (``listPerson``, ``listOrg``, taxonomies), which yields nothing.
    date : datetime.date, optional
        Date for sessions whose header gives none.
    mapping : mapping, optional
        Ignored.
    speakers : SpeakerDefaults, optional
        Only its ``genre`` is used (default ``debate``): ParlaMint names the speakers.

    Yields
    ------
    Article or ReadFailure
        One article per speech; a failure (E116 malformed, E101 missing, E112
        outside the corpus folder) for each included file that cannot be read,
        the others still read.

    Raises
    ------
    InputError
        E116 when ``source`` itself is not well-formed XML or declares a DOCTYPE.
    """
    speakers = speakers or NO_DEFAULTS
    path = source.path
    if path is not None and path.name.endswith(".ana.xml") and source.in_folder:
        plain = path.with_name(path.name[: -len(".ana.xml")] + ".xml")
        if plain.is_file():
            return  # the annotated twin of a session read from its plain file
    root = parse_xml(read_whole(source), source.name)
    if root.tag == _T + "teiCorpus":
        if source.in_folder:
            return  # its sessions are files in the folder being read
        yield from _corpus_articles(root, source, date, speakers)
        return
    if root.tag != _T + "TEI":
        return  # listPerson, listOrg, taxonomy: read through the corpus root
    corpus = _corpus_for(path) if path is not None else None
    note = None
    if corpus is None:
        note = message("W106.no-corpus", name=source.name)
    yield from _dated(session_articles(root, source.name, source.stem, corpus, speakers, note), date)


def _corpus_articles(
    root: Element, source: Source, date: dt.date | None, speakers: SpeakerDefaults
) -> Iterator[Article | ReadFailure]:
    """The articles of every session a corpus root (``teiCorpus``) includes; a missing or bad session fails alone."""
    path = source.path
    corpus = load_corpus(root, path, source.name)
    yield from corpus.problems
    for session in corpus.sessions:
        shown = _shown(source.name, path, session) if path is not None else str(session)
        if not session.is_file():
            yield ReadFailure(shown, f"{shown}: included by {source.name} but not found; "
                              "check the corpus is complete, or remove the xi:include.", "E101")
            continue
        try:
            session_root = _parse_file(session, shown)
        except InputError as error:
            yield ReadFailure(shown, error.message, error.code)
            continue
        yield from _dated(session_articles(session_root, shown, session.stem, corpus, speakers), date)


def _dated(articles: Iterator[Article], date: dt.date | None) -> Iterator[Article]:
    """Articles with ``date`` where the session gave none."""
    for article in articles:
        if article.date is None and date is not None:
            article = replace(article, date=date)
        yield article
