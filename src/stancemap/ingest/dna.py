"""Discourse Network Analyzer (DNA 3) databases: documents and people's coded statements.

DNA 3 keeps a whole project in one SQLite file (``.dna``). The schema read here is
the one ``dna/src/main/java/sql/Sql.java`` (``createTables``, SQLite branch) of
leifeld/dna creates for DNA :data:`DNA_VERSION`: ``DOCUMENTS`` (Title, Text, Author,
Source, Section, Type, Notes, Date as seconds since 1970 UTC; Type is read as the
document's genre), ``STATEMENTTYPES``
and their ``VARIABLES`` (``short text`` values are ``ENTITIES`` referenced from
``DATASHORTTEXT``; ``boolean``, ``integer`` and ``long text`` values sit in
``DATABOOLEAN``, ``DATAINTEGER`` and ``DATALONGTEXT``), entity attributes in
``ATTRIBUTEVARIABLES``/``ATTRIBUTEVALUES``, and ``STATEMENTS`` with ``Start`` and
``Stop`` offsets into the document text and the ``Coder`` who made them.

Each document becomes a :class:`DnaArticle` (an :class:`~stancemap.models.Article`
with the DNA metadata and the coded statements in ``coded``). A coded statement
becomes a :class:`~stancemap.models.Statement` whose content span has the exact
offsets, whose actor is the ``person`` (or, without one, the ``organization``),
and whose coding is ``(concept -> issue, agreement -> support/oppose)`` with origin
``"person:<coder name>"``, as people's codings are stored everywhere else. Statements
of the coder ``stancemap`` (written by :mod:`stancemap.report.dna`) come back as the
machine's (origin ``"model:stancemap"``).

Java strings count UTF-16 code units; offsets are converted to Python's code points.

The database is opened read-only; every value is read through parametrised SQL
and kept as data.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from stancemap.errors import InputError, UsageError
from stancemap.ingest.header import clean
from stancemap.ingest.meta import SpeakerDefaults
from stancemap.ingest.source import Source
from stancemap.ingest.transcript import spoken_genre
from stancemap.models import ACTOR_TYPES, GENRES, Article, Codebook, Coding, Issue, ReadFailure, Statement, TextSpan

__all__ = [
    "DNA_VERSION", "SQLITE_MAGIC", "DNA_TABLES", "ROLES", "MACHINE_CODER", "DOC_ID_NOTE",
    "DnaArticle", "DnaCorpus", "is_dna", "load_dna", "read_dna", "dna_codebook", "write_codebook_yaml",
    "parse_variables", "issue_id_for", "genre_for_type", "TYPE_WORDS", "utf16_to_index", "index_to_utf16",
]

#: The DNA release whose schema (``Sql.java`` ``createTables``) is read and written.
DNA_VERSION = "3.0.8"
SQLITE_MAGIC = b"SQLite format 3\x00"
#: Tables a file must have to be read as a DNA 3 database.
DNA_TABLES: tuple[str, ...] = ("DOCUMENTS", "STATEMENTS", "STATEMENTTYPES", "VARIABLES", "CODERS",
                               "ENTITIES", "DATASHORTTEXT", "DATABOOLEAN")
#: The roles a statement type's variables play, and the variable names that play them by default.
ROLES: dict[str, tuple[str, ...]] = {
    "person": ("person",),
    "organisation": ("organization", "organisation"),
    "concept": ("concept",),
    "agreement": ("agreement",),
}
#: The coder name under which stancemap writes the machine's statements.
MACHINE_CODER = "stancemap"
#: A line in a DNA document's Notes that carries the stancemap doc_id (written by the exporter).
DOC_ID_NOTE = "stancemap doc_id: "

_YES = {"1", "yes", "y", "true", "agree", "agreement", "support", "pro", "+"}
_NO = {"0", "no", "n", "false", "disagree", "disagreement", "oppose", "contra", "con", "-", "-1"}
_NEUTRAL = {"neutral", "ambivalent", "mixed", "none"}


@dataclass(frozen=True)
class DnaArticle(Article):
    """A DNA document: an :class:`Article` with DNA's metadata and the statements people coded in it.

    DNA's ``Author`` and ``Section`` are the article's ``author`` and ``section`` (``None`` when empty);
    its ``Type`` (kept in ``doc_type``) gives the ``genre`` (:func:`genre_for_type`); an empty one, the text's
    (a transcript or hearing statement: :func:`~stancemap.ingest.transcript.spoken_genre`) or news.
    """

    doc_type: str = ""
    notes: str = ""
    dna_id: int = 0
    coded: tuple[Statement, ...] = field(default_factory=tuple, compare=False)


@dataclass
class DnaCorpus:
    """Everything read from a DNA file: documents with statements, the concepts and the DNA version."""

    path: Path
    version: str
    articles: list[DnaArticle]
    #: concept value -> (issue id, notes) for every concept entity used or defined
    concepts: dict[str, tuple[str, str]]
    warnings: list[str] = field(default_factory=list)


def parse_variables(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """Parse ``--dna-variables person=speaker,concept=frame``: role -> the DNA variable name.

    >>> parse_variables("concept=frame, agreement=stance")
    {'concept': 'frame', 'agreement': 'stance'}
    """
    if spec is None:
        return {}
    pairs = spec.items() if isinstance(spec, Mapping) else (
        part.partition("=")[::2] for part in spec.split(",") if part.strip())
    out: dict[str, str] = {}
    for role, name in pairs:
        role, name = role.strip().lower().replace("organization", "organisation"), name.strip()
        if role not in ROLES or not name:
            raise UsageError.of("E500.dna-variables", role=role, variable=name, roles=", ".join(ROLES))
        out[role] = name
    return out


def utf16_to_index(text: str, unit: int) -> int:
    """The code-point index of UTF-16 offset ``unit`` (Java's) into ``text``.

    >>> utf16_to_index("a\\U0001F600b", 3)
    2
    """
    if text.isascii() or all(ord(c) <= 0xFFFF for c in text):
        return unit
    count = 0
    for index, char in enumerate(text):
        if count >= unit:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def index_to_utf16(text: str, index: int) -> int:
    """The UTF-16 offset (Java's) of code-point ``index`` into ``text``.

    >>> index_to_utf16("a\\U0001F600b", 2)
    3
    """
    return index + sum(1 for c in text[:index] if ord(c) > 0xFFFF)


def issue_id_for(concept: str, taken: set[str] | None = None) -> str:
    """A codebook issue id (a slug) for a DNA concept, unique among ``taken``.

    >>> issue_id_for("CO2 legislation will not hurt the economy.")
    'co2-legislation-will-not-hurt-the-economy'
    """
    ascii_text = unicodedata.normalize("NFKD", concept).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-") or "concept"
    candidate, number = slug, 2
    while taken is not None and candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(name).upper() for (name,) in rows}


def is_dna(path: str | Path) -> bool:
    """Whether ``path`` is an SQLite file with DNA 3's tables (opened read-only)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            if handle.read(16) != SQLITE_MAGIC:
                return False
        connection = _connect(path)
        try:
            return set(DNA_TABLES) <= _tables(connection)
        finally:
            connection.close()
    except (OSError, sqlite3.Error):
        return False


def _date(seconds: Any) -> dt.date | None:
    try:
        return dt.datetime.fromtimestamp(int(seconds), dt.UTC).date()
    except (TypeError, ValueError, OverflowError, OSError):
        return None


#: Words in a DNA document ``Type`` that name a genre, checked in this order (DNA's Type is free text;
#: stancemap writes the genre's own name). A Type naming none of them is read as ``news``.
TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("press-release", ("press-release", "press release", "pressemitteilung", "communiqué", "communique",
                       "media release", "press statement")),
    ("op-ed", ("op-ed", "oped", "opinion", "editorial", "commentary", "column", "kommentar", "leserbrief")),
    ("interview", ("interview",)),
    ("testimony", ("testimony", "hearing", "anhörung")),
    ("debate", ("debate", "plenary", "parliamentary", "debatte", "plenar")),
    ("speech", ("speech", "address", "rede")),
    ("news", ("news", "article", "newspaper", "report", "wire", "agency", "artikel", "zeitung", "meldung")),
)


def genre_for_type(doc_type: str) -> str | None:
    """The genre a DNA document ``Type`` names; ``"news"`` when empty, ``None`` when it names none.

    >>> genre_for_type("press-release"), genre_for_type("Press release"), genre_for_type("Editorial")
    ('press-release', 'press-release', 'op-ed')
    >>> genre_for_type(""), genre_for_type("Blog post") is None
    ('news', True)
    """
    name = " ".join(doc_type.lower().split())
    if not name:
        return "news"
    if name in GENRES:
        return name
    for genre, words in TYPE_WORDS:
        if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", name) for word in words):
            return genre
    return None


def _stance(value: Any, data_type: str, signed: bool) -> str | None:
    if data_type == "boolean":
        return "support" if int(value) == 1 else "oppose"
    if data_type == "integer":
        number = int(value)
        return "support" if number > 0 else "oppose" if number < 0 or not signed else "neutral"
    text = str(value).strip().lower()
    return "support" if text in _YES else "oppose" if text in _NO else "neutral" if text in _NEUTRAL else None


def _doc_id(stem: str, dna_id: int, notes: str) -> str:
    for line in notes.splitlines():
        if line.startswith(DOC_ID_NOTE) and line[len(DOC_ID_NOTE):].strip():
            return line[len(DOC_ID_NOTE):].strip()
    return f"{stem}-{dna_id}"


def _confidence(note: Any) -> float | None:
    try:
        return max(0.0, min(1.0, int(note) / 100))
    except (TypeError, ValueError):
        return None


class _Schema:
    """The statement types, their variables by role, entities and attributes of one DNA file."""

    def __init__(self, connection: sqlite3.Connection, variables: Mapping[str, str]) -> None:
        self.types = {int(i): str(label) for i, label in connection.execute("SELECT ID, Label FROM STATEMENTTYPES")}
        self.variables: dict[int, tuple[str, str, int]] = {
            int(i): (str(name), str(kind), int(type_id or 0))
            for i, name, kind, type_id in connection.execute(
                "SELECT ID, Variable, DataType, StatementTypeId FROM VARIABLES")
        }
        self.roles: dict[int, dict[str, int]] = {}
        for type_id in self.types:
            found: dict[str, int] = {}
            for role, names in ROLES.items():
                wanted = [variables[role]] if role in variables else list(names)
                for var_id, (name, _, owner) in self.variables.items():
                    if owner == type_id and name.lower() in {w.lower() for w in wanted}:
                        found[role] = var_id
                        break
            self.roles[type_id] = found
        self.entities = {int(i): (int(v), str(value)) for i, v, value in
                         connection.execute("SELECT ID, VariableId, Value FROM ENTITIES")}
        self.attributes: dict[int, dict[str, str]] = defaultdict(dict)
        if "ATTRIBUTEVALUES" in _tables(connection):
            for entity, name, value in connection.execute(
                "SELECT a.EntityId, v.AttributeVariable, a.AttributeValue FROM ATTRIBUTEVALUES a "
                "JOIN ATTRIBUTEVARIABLES v ON v.ID = a.AttributeVariableId"
            ):
                self.attributes[int(entity)][str(name).lower()] = str(value or "")
        self.coders = {int(i): str(name) for i, name in connection.execute("SELECT ID, Name FROM CODERS")}

    def usable(self, type_id: int) -> bool:
        roles = self.roles.get(type_id, {})
        return "concept" in roles and ("person" in roles or "organisation" in roles)


def _values(connection: sqlite3.Connection, schema: _Schema) -> dict[int, dict[int, Any]]:
    """statement id -> variable id -> value (an entity id for short text)."""
    out: dict[int, dict[int, Any]] = defaultdict(dict)
    tables = _tables(connection)
    for table, column in (("DATASHORTTEXT", "Entity"), ("DATABOOLEAN", "Value"), ("DATAINTEGER", "Value"),
                          ("DATALONGTEXT", "Value")):
        if table in tables:
            for statement, variable, value in connection.execute(
                    f"SELECT StatementId, VariableId, {column} FROM {table}"):  # noqa: S608 - fixed names
                out[int(statement)][int(variable)] = value
    return out


def _concepts(schema: _Schema) -> dict[str, tuple[str, str]]:
    """Every concept entity's value -> (issue id, notes); an ``Issue`` attribute is the id when given."""
    concept_vars = {roles["concept"] for roles in schema.roles.values() if "concept" in roles}
    out: dict[str, tuple[str, str]] = {}
    taken: set[str] = set()
    for entity_id, (variable, value) in sorted(schema.entities.items()):
        if variable not in concept_vars or not value.strip() or value in out:
            continue
        attrs = schema.attributes.get(entity_id, {})
        given = attrs.get("issue", "").strip()
        issue = given if given and re.fullmatch(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*", given) and given not in taken \
            else issue_id_for(value, taken)
        taken.add(issue)
        out[value] = (issue, attrs.get("notes", ""))
    return out


def _actor_type(attrs: Mapping[str, str], default: str) -> str:
    kind = attrs.get("type", "").strip().lower().replace("organization", "organisation")
    return kind if kind in ACTOR_TYPES else default


def load_dna(path: str | Path, *, variables: str | Mapping[str, str] | None = None,
             stem: str | None = None, name: str | None = None) -> DnaCorpus:
    """Read a DNA 3 database whole: documents, coded statements and concepts.

    Parameters
    ----------
    path : str or Path
        The ``.dna`` file.
    variables : dict or str, optional
        The DNA variable playing each role (``person``, ``organisation``,
        ``concept``, ``agreement``) when it is not named the usual way, e.g.
        ``"concept=frame,agreement=stance"``.
    stem : str, optional
        Base of the document ids (``<stem>-<DNA document id>``); the file stem by default.

    Raises
    ------
    InputError
        E125 when the file is not a DNA 3 database, naming what is missing.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from stancemap.report.dna import create_dna
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "empty.dna"
    >>> create_dna(path).close()
    >>> load_dna(path).articles
    []
    """
    path = Path(path)
    shown = name or str(path)
    roles = parse_variables(variables)
    if not is_dna(path):
        raise InputError.of("E125.not-dna", shown=shown, tables=", ".join(DNA_TABLES))
    connection = _connect(path)
    try:
        return _load(connection, path, shown, roles, stem or path.stem)
    except sqlite3.Error as exc:
        raise InputError.of("E125.unreadable", shown=shown, reason=exc) from None
    finally:
        connection.close()


def _load(connection: sqlite3.Connection, path: Path, shown: str, roles: dict[str, str], stem: str) -> DnaCorpus:
    row = connection.execute("SELECT Value FROM SETTINGS WHERE Property = 'version'").fetchone() \
        if "SETTINGS" in _tables(connection) else None
    version = str(row[0]) if row else ""
    warnings: list[str] = []
    if version.startswith("2"):
        raise InputError.of("E125.version", shown=shown, version=version)
    schema = _Schema(connection, roles)
    values = _values(connection, schema)
    concepts = _concepts(schema)
    by_doc: dict[int, list[tuple[int, int, int, int, int]]] = defaultdict(list)
    skipped: dict[str, int] = defaultdict(int)
    for sid, type_id, doc, start, stop, coder in connection.execute(
            "SELECT ID, StatementTypeId, DocumentId, Start, Stop, Coder FROM STATEMENTS "
            "ORDER BY DocumentId, Start, ID"):
        if schema.usable(int(type_id or 0)):
            by_doc[int(doc)].append((int(sid), int(type_id), int(start), int(stop), int(coder or 0)))
        else:
            skipped[schema.types.get(int(type_id or 0), str(type_id))] += 1
    for label, count in sorted(skipped.items()):
        warnings.append(f"{shown}: {count} statements of type {label!r} have no concept and person or "
                        "organisation variable and were left out; map them with --dna-variables role=variable.")
    signed = {var for var, (_, kind, _) in schema.variables.items() if kind == "integer"
              and any(int(v.get(var, 0) or 0) < 0 for v in values.values() if var in v)}
    articles = []
    unknown_types: dict[str, int] = defaultdict(int)
    for dna_id, title, text, author, source, section, doc_type, notes, date in connection.execute(
            "SELECT ID, Title, Text, Author, Source, Section, Type, Notes, Date FROM DOCUMENTS ORDER BY ID"):
        text, notes = str(text or ""), str(notes or "")
        doc_id = _doc_id(stem, int(dna_id), notes)
        day = _date(date)
        doc_warnings: list[str] = []
        coded = tuple(s for s in (
            _statement(schema, values.get(sid, {}), doc_id, day, text, type_id, start, stop, coder, concepts,
                       signed, doc_warnings, f"{shown} document {dna_id} statement {sid}")
            for sid, type_id, start, stop, coder in by_doc.get(int(dna_id), [])) if s is not None)
        # an untyped document is news unless its text is a transcript or a hearing statement
        doc_type = str(doc_type or "")
        genre = genre_for_type(doc_type) if doc_type.strip() else spoken_genre(text) or "news"
        if genre is None:
            unknown_types[doc_type] += 1
        articles.append(DnaArticle(
            doc_id=doc_id, text=text, date=day, title=str(title or "") or None, source=str(source or "") or None,
            origin=f"{shown}#document-{dna_id}", warnings=tuple(doc_warnings), genre=genre or "news",
            author=clean(author), section=clean(section), doc_type=doc_type, notes=notes,
            dna_id=int(dna_id), coded=coded))
    for doc_type, count in sorted(unknown_types.items()):
        they, their = ("they were", "their") if count > 1 else ("it was", "its")
        warnings.append(f"{shown}: {count} document{'s have' if count > 1 else ' has'} the Type {doc_type!r}, "
                        f"which is not a stancemap genre ({', '.join(GENRES)}); {they} read as news. "
                        f"For another genre, set {their} Type in DNA to one of these.")
    return DnaCorpus(path=path, version=version, articles=articles, concepts=concepts, warnings=warnings)


def _statement(schema: _Schema, values: dict[int, Any], doc_id: str, day: dt.date | None, text: str,
               type_id: int, start: int, stop: int, coder: int, concepts: dict[str, tuple[str, str]],
               signed: set[int], warnings: list[str], where: str) -> Statement | None:
    begin, end = utf16_to_index(text, start), utf16_to_index(text, stop)
    if not 0 <= begin < end <= len(text):
        warnings.append(f"{where}: offsets {start}-{stop} are outside the document's {len(text)} characters; "
                        "the statement was left out. Check it in DNA.")
        return None
    roles = schema.roles[type_id]

    def entity(role: str) -> tuple[str, dict[str, str]]:
        entity_id = values.get(roles[role]) if role in roles else None
        if entity_id is None or int(entity_id) not in schema.entities:
            return "", {}
        return schema.entities[int(entity_id)][1].strip(), schema.attributes.get(int(entity_id), {})

    person, person_attrs = entity("person")
    organisation, org_attrs = entity("organisation")
    concept, _ = entity("concept")
    coder_name = schema.coders.get(coder, f"coder {coder}")
    machine = coder_name == MACHINE_CODER
    origin = "model:stancemap" if machine else f"person:{coder_name}"
    stance = "neutral"
    if "agreement" in roles and roles["agreement"] in values:
        variable = roles["agreement"]
        kind = schema.variables[variable][1]
        raw = values[variable]
        if kind == "short text":
            raw = schema.entities.get(int(raw), (0, ""))[1] if raw is not None else ""
        found = _stance(raw, kind, variable in signed)
        if found is None:
            warnings.append(f"{where}: agreement {raw!r} is not yes/no, 1/0 or -1/0/1; coded as neutral.")
        stance = found or "neutral"
    confidence = 1.0
    for var_id, (name, _kind, owner) in schema.variables.items():
        if machine and owner == type_id and name == "confidence" and var_id in values:
            confidence = _confidence(values[var_id]) or confidence
    codings: tuple[Coding, ...] = ()
    if concept and concept in concepts:
        codings = (Coding(issue=concepts[concept][0], stance=stance, confidence=confidence, origin=origin),)
    actor = person or organisation or None
    actor_type = (_actor_type(person_attrs, "person") if person else
                  _actor_type(org_attrs, "organisation") if organisation else None)
    affiliation = (organisation or person_attrs.get("affiliation", "").strip() or None) if person else None
    return Statement(
        doc_id=doc_id, content=TextSpan(begin, end, text[begin:end]), kind="indirect",
        confidence=confidence, date=day, speaker_name=actor, speaker_type=actor_type, actor=actor,
        actor_type=actor_type, actor_affiliation=affiliation, actor_method="dna" if not machine else MACHINE_CODER,
        actor_confidence=1.0 if not machine else None, codings=codings,
    )


def read_dna(
    source: Source,
    *,
    date: dt.date | None = None,
    mapping: Mapping[str, str] | None = None,
    speakers: SpeakerDefaults | None = None,
    variables: str | Mapping[str, str] | None = None,
) -> Iterator[Article | ReadFailure]:
    """The reader of :data:`stancemap.ingest.READERS`: one :class:`DnaArticle` per DNA document.

    ``date`` dates documents whose DNA date is missing; ``speakers.genre`` (``--genre``) is the
    genre of those whose ``Type`` is empty (else their text's,
    :func:`~stancemap.ingest.transcript.spoken_genre`, or news). The file-level problems
    raise :class:`InputError` (E125), a statement with bad offsets is left out
    with a warning on its document.
    """
    if source.path is None:
        raise InputError.of("E125.stdin", name=source.name)
    corpus = load_dna(source.path, variables=variables, stem=source.stem, name=source.name)
    for number, article in enumerate(corpus.articles):
        if speakers is not None and speakers.genre and not article.doc_type.strip():
            article = replace(article, genre=speakers.genre)  # --genre: documents whose Type gives none
        extra = tuple(corpus.warnings) if number == 0 else ()
        if extra or (article.date is None and date is not None):
            article = replace(article, warnings=extra + article.warnings, date=article.date or date)
        yield article


def dna_codebook(corpus: DnaCorpus) -> Codebook:
    """The codebook of a DNA file's concepts: one issue per concept (id, label and claim from the concept)."""
    issues = tuple(
        Issue(id=issue, label=concept[:120], claim=concept, description=notes)
        for concept, (issue, notes) in sorted(corpus.concepts.items(), key=lambda item: item[1][0])
    )
    return Codebook(issues=issues, path=str(corpus.path))


def write_codebook_yaml(codebook: Codebook, path: str | Path) -> Path:
    """Write (or extend) a codebook YAML with the issues of ``codebook``; issues already in the file are kept as is.

    Returns the path written.
    """
    import yaml

    path = Path(path)
    data: dict[str, Any] = {}
    if path.exists():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        data = loaded if isinstance(loaded, dict) else {}
    data.setdefault("name", f"concepts of {Path(codebook.path).name}" if codebook.path else "DNA concepts")
    existing = data.setdefault("issues", []) or []
    known = {str(item.get("id")) for item in existing if isinstance(item, dict)}
    for issue in codebook.issues:
        if issue.id in known:
            continue
        entry: dict[str, Any] = {"id": issue.id, "label": issue.label, "claim": issue.claim}
        if issue.description:
            entry["description"] = issue.description
        existing.append(entry)
    data["issues"] = existing
    path.parent.mkdir(parents=True, exist_ok=True)
    header = ("# Issues from the concepts of a DNA database. Add keywords and labelled examples\n"
              "# (see the README's codebook section), then run stancemap again with --codebook.\n")
    path.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
