"""The only place a spaCy Doc and its Found records become :class:`Statement` records.

Token spans become character spans into :attr:`Article.text` (shifted by where
the parsed text starts in the article), speaker names and types come from
:mod:`stancemap.nlp.coref`, and confidence from the per-rule priors in
``nlp/data/rules.tsv`` (each rule's measured relation precision on PolNeAR train,
or a documented hand prior for rules PolNeAR cannot exercise).

Statements of kind ``own`` (:mod:`stancemap.nlp.ownvoice`) are the document's
speaker's: their ``speaker_name`` is :attr:`Article.speaker` (a person) and their
``actor_affiliation`` the organisation they speak for, :attr:`Article.speaker_org`;
a document that names only an organisation speaks for it ("we" is the
organisation). Their mention is the first-person word when there is one ("I",
"we", "our members").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from spacy.tokens import Doc

from stancemap import datafiles
from stancemap.ingest.authors import same_person
from stancemap.ingest.transcript import find_turns
from stancemap.models import Article, Statement, TextSpan
from stancemap.names.textnames import full_name_in_text
from stancemap.nlp.attribution import Found
from stancemap.nlp.coref import resolve
from stancemap.nlp.firstperson import first_person_writers
from stancemap.nlp.known_actors import NO_ACTORS, KnownActors

#: Prior used for a rule missing from ``rules.tsv``.
DEFAULT_PRIOR = 0.5


@lru_cache(maxsize=1)
def rule_priors() -> dict[str, float]:
    """``{rule: prior}`` from ``nlp/data/rules.tsv``."""
    return {row["rule"]: float(row["prior"]) for row in datafiles.table("stancemap.nlp", "rules.tsv")}


@cache
def _word_list(name: str) -> tuple[str, ...]:
    """The words of ``nlp/data/<name>.tsv`` (the first column, header row left out)."""
    return datafiles.word_list("stancemap.nlp", f"{name}.tsv")


def char_span(doc: Doc, span: tuple[int, int], text: str, offset: int) -> TextSpan:
    """The character span of tokens ``span`` of ``doc``, shifted by ``offset`` into ``text``."""
    start = doc[span[0]].idx
    last = doc[span[1] - 1]
    end = last.idx + len(last.text)
    return TextSpan(start + offset, end + offset, text[start + offset : end + offset])


def own_speaker(article: Article) -> tuple[str | None, str | None]:
    """``(speaker_name, speaker_type)`` of the own-voice statements of ``article``.

    >>> own_speaker(Article("a", "x", speaker="Kateri Callahan", speaker_org="Alliance to Save Energy"))
    ('Kateri Callahan', 'person')
    >>> own_speaker(Article("a", "x", speaker_org="Alliance to Save Energy", genre="press-release"))
    ('Alliance to Save Energy', 'organisation')
    """
    if article.speaker:
        return article.speaker, "person"
    if article.speaker_org:
        return article.speaker_org, "organisation"
    return None, None


#: Genres whose documents may hold several speakers' turns.
TURN_GENRES = frozenset({"debate", "interview", "testimony"})
_ROLE_LINE = re.compile(r"^[ \t]*(?P<role>Host|Guest|Interviewer|Moderator)s?[ \t]*:[ \t]*(?P<name>[^,;\n(]+)",
                        re.IGNORECASE | re.MULTILINE)
_CHAIR_NAMED = re.compile(r"(?P<name>[A-Z][\w.'\u2019\-]+(?:[ \t]+[A-Z][\w.'\u2019\-]+){1,3})"
                          r"[ \t]*(?:\([^)]*\))?,[ \t]*"
                          r"(?:the[ \t]+)?chair(?:man|woman|person)?\b")


def turn_speakers(article: Article) -> list[tuple[int, str | None]]:
    r"""``(offset, full name)`` of each speaker turn of a debate, interview or testimony without one speaker.

    A label gives a name ("Senator WHITCOMB." -> "James Whitcomb", the full name the
    document gives); "The CHAIRMAN." is the person the document names chairman;
    "Q:"/"A:" are the host and the guest its header names ("Guest: Thomas Kowalczyk").
    An interview whose speaker (the guest) is given still has the host's turns: the
    guest's turns, and any text before the first label, are the given speaker's.
    An empty list when the document is not of such a genre, has a speaker (but for
    an interview), or has no labelled turn.

    >>> text = "Host: Dana Mercer\nGuest: Tom Kay, President, Union\n\nQ: Why?\n\nA: Jobs matter."
    >>> [name for _, name in turn_speakers(Article("a", text, genre="interview"))]
    [None, 'Dana Mercer', 'Tom Kay']
    >>> [name for _, name in turn_speakers(Article("a", text, genre="interview", speaker="Thomas Kay"))]
    ['Thomas Kay', 'Dana Mercer', 'Thomas Kay']
    """
    if article.genre not in TURN_GENRES or (article.speaker and article.genre != "interview"):
        return []
    text = article.text
    roles = _roles(text)
    chair = _CHAIR_NAMED.search(text)
    given = article.speaker
    out: list[tuple[int, str | None]] = []
    for turn in find_turns(text, article.body_start):
        label = turn.speaker
        if label is None or label.lower() in _NOT_SPEAKERS:
            out.append((turn.offset, given))
            continue
        if label in ("Q", "A"):
            name = roles.get("host" if label == "Q" else "guest") or roles.get(
                "interviewer" if label == "Q" else "guest") or (given if label == "A" else None)
        elif turn.role == "chair":
            name = _without_titles(chair.group("name")) if chair else label
        else:
            bare = _without_titles(label)
            name = full_name_in_text(bare, text) or bare or label
        if given and name and same_person(name, given):
            name = given
        out.append((turn.offset, name))
    if given and all(name == given for _, name in out):
        return []  # no turn of anybody else: the given speaker throughout
    return out


def interview_host(article: Article) -> str | None:
    r"""The host (or interviewer, moderator) an interview's header names ("Host: James Okafor"), else ``None``.

    >>> interview_host(Article("a", "Host: Dana Mercer\nGuest: Tom Kay\n\nQ: Why?", genre="interview"))
    'Dana Mercer'
    """
    if article.genre != "interview":
        return None
    roles = _roles(article.text)
    return roles.get("host") or roles.get("interviewer") or roles.get("moderator")


def _roles(text: str) -> dict[str, str]:
    """The header's roles ("Host: James Okafor", "Guest: ..."), lower-cased role -> name."""
    return {m.group("role").lower(): m.group("name").strip() for m in _ROLE_LINE.finditer(text)}


#: Header labels that open a line like a speaker's but name none ("PRESENT: Senators ...").
_NOT_SPEAKERS = frozenset({"present", "also present", "absent", "note", "attest", "subject", "source", "date",
                           "witnesses", "witness list", "members present", "staff present"})
_LABEL_TITLES = frozenset(_word_list("label_titles"))


def _without_titles(name: str) -> str:
    return " ".join(w for w in name.split() if w.rstrip(".").lower() not in _LABEL_TITLES)


def _speaker_at(turns: list[tuple[int, str | None]], at: int) -> str | None:
    name = None
    for offset, who in turns:
        if offset > at:
            break
        name = who
    return name


def _turns_own_speakers(doc: Doc, found: list[Found], names: list[tuple[str | None, str | None]], article: Article,
                        offset: int) -> tuple[list[Found], list[tuple[str | None, str | None]]]:
    """In a document of speaker turns, each own-voice statement's speaker is its turn's; an interview host's
    sentences are left out but where the host takes a position: the host sets up the questions ("The governor
    wants every new car to be electric. Will you?"), a claim of theirs is only "I support ..."."""
    turns = turn_speakers(article)
    if not turns:
        return found, names
    host = interview_host(article)
    keep = [True] * len(found)
    for k, f in enumerate(found):
        if f.kind == "own":
            who = _speaker_at(turns, doc[f.content[0]].idx + offset)
            names[k] = (who, "person") if who else (None, None)
            keep[k] = not (host and who and same_person(who, host)) or f.rule == "own-position"
    return ([f for f, kept in zip(found, keep, strict=True) if kept],
            [n for n, kept in zip(names, keep, strict=True) if kept])


def to_statements(
    doc: Doc, found: list[Found], article: Article, offset: int = 0, known: KnownActors = NO_ACTORS
) -> list[Statement]:
    """Turn ``found`` in ``doc`` into Statements whose spans index ``article.text``.

    Parameters
    ----------
    doc : Doc
        The parsed text; ``doc.text == article.text[offset:offset + len(doc.text)]``.
    found : list of Found
        From :func:`stancemap.nlp.attribution.match`.
    article : Article
        Supplies ``doc_id``, ``date`` and the text spans index.
    offset : int
        Where ``doc.text`` starts in ``article.text``.
    known : KnownActors, optional
        The actor registry speakers are resolved with (:func:`stancemap.nlp.coref.resolve`); none by default.
    """
    reported = [f for f in found if f.kind != "own"]
    resolved = iter(resolve(doc, reported, article.date, known))
    names = [own_speaker(article) if f.kind == "own" else next(resolved) for f in found]
    found, names = _turns_own_speakers(doc, found, names, article, offset)
    # "I" and "we" outside quotes on an opinion page: the writer its tagline or signature names, else its byline
    speakers = [(doc[f.speaker[0]].idx + offset, doc[f.speaker[0]:f.speaker[1]].text)
                if f.kind != "own" and f.speaker and names[k][0] is None else None for k, f in enumerate(found)]
    for k, writer in enumerate(first_person_writers(article.text, speakers, article.author)):
        if writer is not None:
            names[k] = writer
    priors = rule_priors()
    out: list[Statement] = []
    for f, (name, typ) in zip(found, names, strict=False):
        # the organisation is the document speaker's, not that of another turn's speaker
        affiliation = article.speaker_org if article.speaker and name == article.speaker else None
        content = char_span(doc, f.content, article.text, offset)
        if not content.text.strip():
            continue
        speaker = char_span(doc, f.speaker, article.text, offset) if f.speaker else None
        cue = char_span(doc, f.cue, article.text, offset) if f.cue else None
        out.append(
            Statement(
                doc_id=article.doc_id,
                content=content,
                speaker=speaker,
                cue=cue,
                kind=f.kind,
                confidence=priors.get(f.rule, DEFAULT_PRIOR),
                date=article.date,
                speaker_name=name,
                speaker_type=typ,
                actor_affiliation=affiliation if f.kind == "own" else None,
            )
        )
    return out
