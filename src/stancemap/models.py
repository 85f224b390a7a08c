"""Plain typed records passed between the stages (standard library only).

Data flows one way::

    files -ingest-> Article -nlp-> Statement(offsets) -actors-> Statement(actor)
          -issues-> Statement(codings) -store-> database

Every record carries strings and character offsets, never spaCy objects, so that
``store``, ``report`` and later ``network`` and ``web`` never import spaCy.
Offsets always index :attr:`Article.text` exactly as it was read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from typing import Any, Literal

#: The ways a text attributes words or attitudes to a speaker (see DESIGN.md); ``own`` is a
#: claim in the speaker's own voice (a testimony, speech, debate turn, press release, op-ed).
StatementKind = Literal["direct", "direct-unmarked", "indirect", "mixed", "attitude", "own"]
STATEMENT_KINDS: tuple[str, ...] = ("direct", "direct-unmarked", "indirect", "mixed", "attitude", "own")
#: The statement kinds that quote their speaker word for word.
QUOTATION_KINDS: frozenset[str] = frozenset({"direct", "direct-unmarked", "mixed"})

Stance = Literal["support", "oppose", "neutral"]
STANCES: tuple[str, ...] = ("support", "oppose", "neutral")

#: What kind of text a document is; ``news`` reports others' words, the others are
#: in the speaker's own voice (see DESIGN.md, "speaker of a document or turn").
Genre = Literal["news", "speech", "testimony", "press-release", "op-ed", "interview", "debate"]
GENRES: tuple[str, ...] = ("news", "speech", "testimony", "press-release", "op-ed", "interview", "debate")

ActorType = Literal["person", "organisation", "country", "group"]
ACTOR_TYPES: tuple[str, ...] = ("person", "organisation", "country", "group")


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of ``text`` encoded as UTF-8.

    >>> content_hash("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """One article exactly as read.

    Attributes
    ----------
    doc_id : str
        The input file's stem, or the ``id`` field of a JSON Lines / CSV / Parquet row.
    text : str
        The text exactly as read (after decoding); offsets index this string.
    date : datetime.date or None
        Publication date; ``None`` when unknown (never today's date by default).
    title, source, url : str or None
        Metadata when the input has it.
    origin : str
        Where the article came from, for messages: ``"path"`` or ``"path:line"``.
    body_start : int
        Offset where the body begins; a leading ``date YYYY-MM-DD`` header line
        is before it and is not parsed for statements.
    warnings : tuple of str
        Problems that did not stop the article from being read (e.g. a date that
        could not be parsed); each names the file and what to do.
    speaker, speaker_org, party, role : str or None
        Who speaks in an author-voiced document (a speech, testimony, debate turn,
        press release, op-ed or interview), the organisation they speak for,
        their party and their role (e.g. ``"minister"``, ``"chair"``), from the
        input's metadata or options; ``None`` when not given.
    genre : str
        One of :data:`GENRES`; ``"news"`` unless the input says otherwise.
    author, section : str or None
        The byline (who wrote it, as the archive or input gives it, e.g. ``"Jo Writer"``)
        and the newspaper section (``"World News"``), from a news-archive header
        (Nexis ``Byline:``/``Section:``, Factiva, a page's author) or an input's
        ``author``/``section`` field; ``None`` when not given. Unlike ``speaker``,
        the author of a news report is not who speaks in it.
    length : int or None
        The article's length in words as the archive prints it (Nexis ``Length:
        812 words``, Factiva ``877 words``), or an input's ``length`` field; it is
        the archive's count, not one made here.
    kept_vectors : tuple of (str, str, bytes)
        Set by a run's coding stage: the vectors a slow embedder made for the document's texts
        (embedder, text key, float16 bytes; :class:`stancemap.stance.vectorcache.KeptVectors`), which
        the store keeps so that recoding never embeds them again.

    Raises
    ------
    ValueError
        When ``genre`` is not one of :data:`GENRES` (readers check it first and
        report the file and line).
    """

    doc_id: str
    text: str
    date: dt.date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str = ""
    body_start: int = 0
    warnings: tuple[str, ...] = ()
    speaker: str | None = None
    speaker_org: str | None = None
    party: str | None = None
    role: str | None = None
    genre: str = "news"
    author: str | None = None
    section: str | None = None
    length: int | None = None
    kept_vectors: tuple[tuple[str, str, bytes], ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.genre not in GENRES:
            raise ValueError(f"genre {self.genre!r} is not one of {', '.join(GENRES)}")

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


@dataclass(frozen=True)
class ReadFailure:
    """An input (a file, or one row of a file) that could not be read.

    ``reason`` is a full sentence that names the file (and line or row) and the fix.
    ``code`` is the error code from :mod:`stancemap.errors`.
    """

    origin: str
    reason: str
    code: str = "E100"


@dataclass(frozen=True)
class TextSpan:
    """A span of a document's text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> TextSpan | None:
        if data is None:
            return None
        return cls(int(data["start"]), int(data["end"]), str(data["text"]))


@dataclass(frozen=True)
class Coding:
    """A statement's stance on one codebook issue.

    ``origin`` is ``"model:<coder name>"`` (e.g. ``"model:keyword.v1"``) or
    ``"person:<name>"``; a person's coding is never overwritten by a rerun.
    """

    issue: str
    stance: str
    confidence: float
    origin: str = "model"
    relevance: float = 1.0
    #: why the statement is about the issue: the nearest codebook phrase, example or keyword
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "issue": self.issue,
            "stance": self.stance,
            "confidence": round(self.confidence, 4),
            "origin": self.origin,
        }
        if self.evidence:
            out["relevance"] = round(self.relevance, 4)
            out["evidence"] = self.evidence
        return out


@dataclass(frozen=True)
class Statement:
    """An actor's speech, writing or stated attitude in one document.

    Attributes
    ----------
    doc_id : str
        :attr:`Article.doc_id` of the document it was found in.
    content : TextSpan
        What was said or held.
    speaker : TextSpan or None
        The mention of the speaker in the text ("Borrell", "he", "Kyiv").
    cue : TextSpan or None
        The words that signal the attribution ("noted", "have been wary of");
        ``None`` for unmarked direct quotes with no verb.
    kind : str
        One of :data:`STATEMENT_KINDS`.
    confidence : float
        The extractor's confidence, 0..1.
    speaker_name : str or None
        The fullest name the document itself gives the speaker (the antecedent of
        a pronoun or title, e.g. "Jens Stoltenberg" for "the NATO Secretary
        General"), before resolution to a canonical actor.
    speaker_type : str or None
        One of :data:`ACTOR_TYPES` when the extractor could tell.
    actor : str or None
        Canonical actor name, set by the actor resolution stage.
    actor_type, actor_affiliation, actor_method, actor_confidence
        The canonical actor's type and affiliation, how the resolution was made ("exact",
        "alias", "fuzzy", "capital", "new", ...) and its confidence.
    codings : tuple of Coding
        Set by the stance coding stage.
    embedding : bytes or None
        Set by the stance coding stage: the content's and the sentence's embeddings
        (float16, little-endian, one after the other), stored so that recoding never
        re-embeds; ``embedder`` names the model that made them.
    coded_with : str or None
        ``"<codebook hash>|<coder name>"`` of the coding stage that ran on it (recoding
        finds what a changed codebook or model has not yet coded).
    """

    doc_id: str
    content: TextSpan
    speaker: TextSpan | None = None
    cue: TextSpan | None = None
    kind: str = "indirect"
    confidence: float = 0.5
    date: dt.date | None = None
    speaker_name: str | None = None
    speaker_type: str | None = None
    actor: str | None = None
    actor_type: str | None = None
    actor_affiliation: str | None = None
    actor_method: str | None = None
    actor_confidence: float | None = None
    codings: tuple[Coding, ...] = field(default_factory=tuple)
    embedding: bytes | None = field(default=None, repr=False, compare=False)
    embedder: str | None = field(default=None, compare=False)
    coded_with: str | None = field(default=None, compare=False)

    def with_(self, **changes: Any) -> Statement:
        """Return a copy with ``changes`` applied (records are immutable)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The statement in the JSON contract of DESIGN.md."""
        return {
            "doc": self.doc_id,
            "date": self.date.isoformat() if self.date else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "speaker_name": self.speaker_name,
            "actor": self.actor,
            "actor_type": self.actor_type,
            "actor_affiliation": self.actor_affiliation,
            "actor_method": self.actor_method,
            "actor_confidence": None if self.actor_confidence is None else round(self.actor_confidence, 4),
            "cue": self.cue.to_dict() if self.cue else None,
            "content": self.content.to_dict(),
            "kind": self.kind,
            "confidence": round(self.confidence, 4),
            "codings": [c.to_dict() for c in self.codings],
        }


@dataclass(frozen=True)
class Actor:
    """A canonical person, organisation, country or group."""

    name: str
    type: str = "person"
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None
    reviewed: bool = False


@dataclass(frozen=True)
class Issue:
    """A claim from the codebook that actors can support or oppose."""

    id: str
    label: str
    claim: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    #: labelled example statements: (text, stance)
    examples: tuple[tuple[str, str], ...] = ()
    #: what does not count as being about the issue, though close to it ("Trump's tax plan" for his tax returns)
    excludes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    """The issues statements are coded against, with the hash of the file's content."""

    issues: tuple[Issue, ...]
    hash: str = ""
    path: str = ""

    def issue(self, issue_id: str) -> Issue:
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        raise KeyError(issue_id)


@dataclass(frozen=True)
class DocumentInfo:
    """A stored document's identity and metadata (without its text)."""

    id: int
    doc_id: str
    version: int
    date: dt.date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str = ""
    content_hash: str = ""
    body_start: int = 0
    #: the byline, section and word count from the article's header (see :class:`Article`)
    author: str | None = None
    section: str | None = None
    length: int | None = None
    #: the genre (one of GENRES; None for documents stored before revision 0007)
    genre: str | None = None


@dataclass(frozen=True)
class StoredStatement:
    """A statement as read back from the store, with its database id and document."""

    id: int
    statement: Statement
    document: DocumentInfo
