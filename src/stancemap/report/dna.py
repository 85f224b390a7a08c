"""Write stored statements as a Discourse Network Analyzer (DNA 3) database, for review in DNA.

The file has the tables, columns and default contents that DNA
:data:`~stancemap.ingest.dna.DNA_VERSION` creates for a new SQLite database
(leifeld/dna ``Sql.java``, ``createTables``): an ``Admin`` coder, the statement
types "DNA Statement" (person, organization, concept, agreement), "NPF Story
Element" and "Annotation", and the Type/Alias/Notes attributes. stancemap adds

- a coder ``stancemap`` who owns the machine's statements (a person's coding
  keeps that person as coder);
- an ``integer`` variable ``confidence`` (0-100) on "DNA Statement";
- the attributes ``Affiliation`` (person) and ``Issue`` (concept: the codebook id);
- one DNA statement per (statement, coded issue) with support/oppose (agreement
  1/0, DNA's boolean); neutral codings have no DNA equivalent and are counted, not written;
- a ``stancemap doc_id: ...`` line in each document's Notes, so reading the file
  back (:mod:`stancemap.ingest.dna`) gives the same document ids;
- each document's title, source, date, byline (``Author``) and section (``Section``),
  cut to DNA's 190 characters, and its genre (``news``, ``speech``, ... ) as ``Type``
  (empty when the store has none; :func:`stancemap.ingest.dna.genre_for_type` reads it back).

Every coder's password is ``password`` (default ``stancemap``), stored as DNA stores
it (a Jasypt ``StrongPasswordEncryptor`` digest: SHA-256, 100,000 iterations,
16-byte salt); change it in DNA. All values go in through parametrised SQL.

>>> import tempfile, pathlib
>>> from stancemap.models import DocumentInfo, StoredStatement, Statement, TextSpan, Coding
>>> doc = DocumentInfo(1, "d1", 1, title="T")
>>> st = Statement("d1", TextSpan(0, 7, "Borrell"), actor="Josep Borrell", actor_type="person",
...                codings=(Coding("aid", "support", 0.8, "model:x"),))
>>> path = pathlib.Path(tempfile.mkdtemp()) / "out.dna"
>>> write_dna([StoredStatement(1, st, doc)], path, texts=lambda d: "Borrell said yes.").statements
1
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import secrets
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from stancemap.ingest.dna import DNA_VERSION, DOC_ID_NOTE, MACHINE_CODER, index_to_utf16
from stancemap.models import DocumentInfo, Issue, StoredStatement

__all__ = ["SCHEMA", "DEFAULT_PASSWORD", "DnaWriteSummary", "create_dna", "write_dna", "dna_password_digest",
           "document_genre"]

DNA_DATE = "2022-06-16"
DEFAULT_PASSWORD = "stancemap"
_MAX = 190  # DNA's CHECK (LENGTH(x) < 191) on short text columns

_PERMISSIONS = ("AddDocuments EditDocuments DeleteDocuments ImportDocuments AddStatements EditStatements "
                "DeleteStatements EditAttributes EditRegex EditStatementTypes EditCoders EditCoderRelations "
                "ViewOthersDocuments EditOthersDocuments ViewOthersStatements EditOthersStatements").split()


def _flag(name: str, default: int) -> str:
    return f"{name} INTEGER NOT NULL CHECK ({name} BETWEEN 0 AND 1) DEFAULT {default}"


def _rgb(nullable: bool = False) -> str:
    null = "" if nullable else " NOT NULL DEFAULT 0"
    return ", ".join(f"{c} INTEGER{null} CHECK ({c} BETWEEN 0 AND 255)" for c in ("Red", "Green", "Blue"))


def _data(name: str, value: str) -> str:
    return (f"CREATE TABLE {name}(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, "
            f"VariableId INTEGER NOT NULL, {value}, "
            "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, "
            "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId))")


#: The SQLite tables of a DNA 3 database, as DNA creates them.
SCHEMA: tuple[str, ...] = (
    "CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL)",
    "CREATE TABLE CODERS(ID INTEGER NOT NULL PRIMARY KEY, Name TEXT NOT NULL CHECK (LENGTH(Name) < 191), "
    f"{_rgb()}, Refresh INTEGER NOT NULL CHECK (Refresh BETWEEN 0 AND 9999) DEFAULT 0, "
    "FontSize INTEGER NOT NULL CHECK (FontSize BETWEEN 1 AND 99) DEFAULT 14, "
    "Password TEXT NOT NULL CHECK (LENGTH(Password) < 191), "
    "PopupWidth INTEGER CHECK (PopupWidth BETWEEN 100 AND 9999) DEFAULT 300, "
    f"{_flag('ColorByCoder', 0)}, {_flag('PopupDecoration', 0)}, {_flag('PopupAutoComplete', 1)}, "
    + ", ".join(_flag("Permission" + p, 1) for p in _PERMISSIONS) + ")",
    "CREATE TABLE DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY, Title TEXT NOT NULL CHECK (LENGTH(Title) < 191), "
    "Text TEXT NOT NULL, Coder INTEGER, "
    + "".join(f"{c} TEXT NOT NULL DEFAULT '' CHECK (LENGTH({c}) < 191), " for c in ("Author", "Source", "Section"))
    + "Notes TEXT NOT NULL DEFAULT '', Type TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Type) < 191), "
    "Date INTEGER NOT NULL, FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE)",
    "CREATE TABLE STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY, "
    f"Label TEXT NOT NULL CHECK (LENGTH(Label) < 191), {_rgb()})",
    "CREATE TABLE VARIABLES(ID INTEGER NOT NULL PRIMARY KEY, Variable TEXT NOT NULL CHECK (LENGTH(Variable) < 191), "
    "DataType TEXT NOT NULL CHECK (DataType = 'boolean' OR DataType = 'integer' OR DataType = 'long text' "
    "OR DataType = 'short text') DEFAULT 'short text', StatementTypeId INTEGER, "
    "FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE, UNIQUE (Variable, StatementTypeId))",
    "CREATE TABLE VARIABLELINKS(ID INTEGER NOT NULL PRIMARY KEY, SourceVariableId INTEGER, TargetVariableId INTEGER, "
    "CHECK (TargetVariableId != SourceVariableId), "
    "FOREIGN KEY(SourceVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(TargetVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE)",
    f"CREATE TABLE REGEXES(Label TEXT PRIMARY KEY CHECK (LENGTH(Label) < 191), {_rgb()})",
    "CREATE TABLE CODERRELATIONS(ID INTEGER NOT NULL PRIMARY KEY, Coder INTEGER CHECK(Coder > 0), "
    "OtherCoder INTEGER CHECK(OtherCoder > 0), "
    + ", ".join(f"{p} INTEGER NOT NULL DEFAULT 1 CHECK({p} BETWEEN 0 AND 1)"
                for p in ("viewStatements", "editStatements", "viewDocuments", "editDocuments"))
    + ", CHECK (Coder != OtherCoder), FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(OtherCoder) REFERENCES CODERS(ID) ON DELETE CASCADE)",
    "CREATE TABLE STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, StatementTypeId INTEGER, DocumentId INTEGER, "
    "Start INTEGER NOT NULL CHECK(Start >= 0), Stop INTEGER NOT NULL CHECK(Stop >= 0), Coder INTEGER, "
    "CHECK (Start < Stop), FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(DocumentId) REFERENCES DOCUMENTS(ID) ON DELETE CASCADE)",
    _data("DATABOOLEAN", "Value INTEGER NOT NULL DEFAULT 1"),
    _data("DATAINTEGER", "Value INTEGER NOT NULL DEFAULT 0"),
    "CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL, "
    f"Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191), {_rgb(nullable=True)}, "
    "ChildOf INTEGER CHECK(ChildOf > 0), UNIQUE (VariableId, Value), "
    "FOREIGN KEY(ChildOf) REFERENCES ENTITIES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE)",
    "CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, "
    "VariableId INTEGER NOT NULL, Entity INTEGER NOT NULL, "
    "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(Entity) REFERENCES ENTITIES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId))",
    _data("DATALONGTEXT", "Value TEXT DEFAULT ''"),
    "CREATE TABLE ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL, "
    "AttributeVariable TEXT NOT NULL CHECK (LENGTH(AttributeVariable) < 191), "
    "UNIQUE(VariableId, AttributeVariable), FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE)",
    "CREATE TABLE ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY NOT NULL, EntityId INTEGER NOT NULL, "
    "AttributeVariableId INTEGER NOT NULL, "
    "AttributeValue TEXT NOT NULL DEFAULT '' CHECK (LENGTH(AttributeValue) < 191), "
    "UNIQUE (EntityId, AttributeVariableId), FOREIGN KEY(EntityId) REFERENCES ENTITIES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(AttributeVariableId) REFERENCES ATTRIBUTEVARIABLES(ID) ON DELETE CASCADE)",
)

#: DNA's default statement types and variables (id, label, colour; id, name, type, statement type).
_TYPES = ((1, "DNA Statement", 239, 208, 51), (2, "NPF Story Element", 100, 200, 190), (3, "Annotation", 211, 211, 211))
_VARIABLES = ((1, "person", "short text", 1), (2, "organization", "short text", 1), (3, "concept", "short text", 1),
              (4, "agreement", "boolean", 1), (5, "narrator", "short text", 2), (6, "victim", "short text", 2),
              (7, "villain", "short text", 2), (8, "plot", "short text", 2), (9, "hero", "short text", 2),
              (10, "policy solution", "short text", 2), (11, "note", "long text", 3),
              (12, "confidence", "integer", 1))
_PERSON, _ORG, _CONCEPT, _AGREEMENT, _CONFIDENCE = 1, 2, 3, 4, 12
_ATTRIBUTES = [(v, a) for a in ("Type", "Alias", "Notes") for v in (1, 2, 3)] + [(1, "Affiliation"), (3, "Issue")]


def document_genre(info: DocumentInfo) -> str | None:
    """A stored document's genre (DNA's ``Type``), or ``None`` when the store gives none.

    >>> document_genre(DocumentInfo(1, "d1", 1)) is None
    True
    """
    return info.genre or None


def dna_password_digest(password: str, salt: bytes | None = None) -> str:
    """A Jasypt ``StrongPasswordEncryptor`` digest of ``password``, as DNA keeps coder passwords.

    Base64 of the 16-byte salt followed by SHA-256 applied 100,000 times to
    salt + UTF-8 password.
    """
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.sha256(salt + password.encode("utf-8")).digest()
    for _ in range(99_999):
        digest = hashlib.sha256(digest).digest()
    return base64.b64encode(salt + digest).decode("ascii")


def create_dna(path: str | Path, *, password: str = DEFAULT_PASSWORD) -> sqlite3.Connection:
    """Create an empty DNA 3 database at ``path`` (which must not exist) and return a connection to it."""
    connection = sqlite3.connect(str(path))
    connection.execute("PRAGMA foreign_keys = ON")
    with connection:
        for ddl in SCHEMA:
            connection.execute(ddl)
        connection.execute(
            "INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password, PermissionEditStatementTypes, "
            "PermissionEditCoders, PermissionEditOthersDocuments, PermissionEditOthersStatements) "
            "VALUES (1, 'Admin', 255, 255, 0, ?, 1, 1, 1, 1)", (dna_password_digest(password),))
        connection.executemany("INSERT INTO SETTINGS (Property, Value) VALUES (?, ?)",
                               [("version", DNA_VERSION), ("date", DNA_DATE)])
        connection.executemany("INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (?, ?, ?, ?, ?)",
                               _TYPES)
        connection.executemany("INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (?, ?, ?, ?)",
                               _VARIABLES)
        connection.executemany("INSERT INTO ATTRIBUTEVARIABLES (VariableId, AttributeVariable) VALUES (?, ?)",
                               _ATTRIBUTES)
    return connection


@dataclass
class DnaWriteSummary:
    """What :func:`write_dna` wrote, and what it could not."""

    path: Path
    documents: int = 0
    statements: int = 0
    #: codings left out: neutral (no DNA agreement for it)
    neutral: int = 0
    #: statements left out: no coding on any issue, or an empty span
    uncoded: int = 0


def _short(value: str | None) -> str:
    return " ".join((value or "").split())[:_MAX].rstrip()


def _epoch(day: dt.date | None) -> int:
    if day is None:
        return 0
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _row_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row the INSERT on ``cursor`` added (``lastrowid`` is None only before any INSERT)."""
    assert cursor.lastrowid is not None
    return cursor.lastrowid


class _Writer:
    def __init__(self, connection: sqlite3.Connection, password: str) -> None:
        self.c = connection
        self.password = password
        self.coders: dict[str, int] = {}
        self.entities: dict[tuple[int, str], int] = {}
        self.attrs = {(v, a): i for i, v, a in connection.execute(
            "SELECT ID, VariableId, AttributeVariable FROM ATTRIBUTEVARIABLES")}
        self.concepts: dict[str, str] = {}  # issue id -> concept value

    def coder(self, name: str) -> int:
        name = _short(name) or "unknown"
        if name not in self.coders:
            cursor = self.c.execute("INSERT INTO CODERS (Name, Red, Green, Blue, Password) VALUES (?, ?, ?, ?, ?)",
                                    (name, 80, 160, 220, dna_password_digest(self.password)))
            self.coders[name] = _row_id(cursor)
        return self.coders[name]

    def entity(self, variable: int, value: str, attributes: Mapping[str, str | None] | None = None) -> int:
        key = (variable, _short(value))
        if key not in self.entities:
            cursor = self.c.execute("INSERT INTO ENTITIES (VariableId, Value) VALUES (?, ?)", key)
            self.entities[key] = _row_id(cursor)
            for name, attr in dict(attributes or {}).items():
                if attr and (variable, name) in self.attrs:
                    self.c.execute("INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) "
                                   "VALUES (?, ?, ?)", (self.entities[key], self.attrs[(variable, name)], _short(attr)))
        return self.entities[key]

    def concept(self, issue_id: str, issue: Issue | None) -> int:
        if issue_id not in self.concepts:
            value = _short(issue.claim or issue.label if issue else "") or issue_id
            if value in self.concepts.values():
                value = _short(f"{value[:_MAX - len(issue_id) - 3]} ({issue_id})")
            self.concepts[issue_id] = value
            notes = issue.description if issue else ""
            return self.entity(_CONCEPT, value, {"Issue": issue_id, "Notes": notes})
        return self.entities[(_CONCEPT, self.concepts[issue_id])]


def write_dna(
    found: Sequence[StoredStatement],
    path: str | Path,
    *,
    texts: Callable[[DocumentInfo], str],
    issues: Mapping[str, Issue] | None = None,
    documents: Iterable[DocumentInfo] = (),
    password: str = DEFAULT_PASSWORD,
) -> DnaWriteSummary:
    """Write statements (and their documents) as a new DNA 3 database at ``path``.

    Parameters
    ----------
    found : list of StoredStatement
        What :meth:`stancemap.store.Store.statements` returns (filtered as the user asked).
    path : str or Path
        The ``.dna`` file; it is written whole to a temporary file first and then
        replaces ``path``, so a failure never leaves half a database.
    texts : callable
        The text of a stored document (e.g. ``lambda d: store.document_text(d.id)``).
    issues : dict, optional
        Issue id -> :class:`Issue`: the concept written is the issue's claim (or label).
    documents : iterable of DocumentInfo
        Further documents to include even without statements (to code in DNA).
    password : str
        Password of every coder in the file.
    """
    path = Path(path)
    summary = DnaWriteSummary(path)
    issues = issues or {}
    handle, temporary = tempfile.mkstemp(suffix=".dna", dir=path.parent)
    os.close(handle)
    os.unlink(temporary)
    connection = create_dna(temporary, password=password)
    try:
        with connection:
            _fill(_Writer(connection, password), found, texts, issues, documents, summary)
        connection.close()
        os.replace(temporary, path)
    except BaseException:
        connection.close()
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return summary


def _fill(w: _Writer, found: Sequence[StoredStatement], texts: Callable[[DocumentInfo], str],
          issues: Mapping[str, Issue], documents: Iterable[DocumentInfo], summary: DnaWriteSummary) -> None:
    machine = w.coder(MACHINE_CODER)
    docs: dict[int, tuple[int, str]] = {}  # stored document id -> DNA id, text

    def document(info: DocumentInfo) -> tuple[int, str]:
        if info.id not in docs:
            text = texts(info)
            notes = DOC_ID_NOTE + info.doc_id + (f"\nurl: {info.url}" if info.url else "")
            cursor = w.c.execute(
                "INSERT INTO DOCUMENTS (Title, Text, Coder, Author, Source, Section, Notes, Type, Date) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_short(info.title) or _short(info.doc_id), text, machine, _short(info.author), _short(info.source),
                 _short(info.section), notes, _short(document_genre(info)), _epoch(info.date)))
            docs[info.id] = (_row_id(cursor), text)
            summary.documents += 1
        return docs[info.id]

    for info in documents:
        document(info)
    for stored in found:
        st = stored.statement
        dna_doc, text = document(stored.document)
        start, stop = index_to_utf16(text, st.content.start), index_to_utf16(text, st.content.end)
        written = False
        for coding in st.codings:
            if coding.stance not in ("support", "oppose"):
                summary.neutral += 1
                continue
            if stop <= start:
                break
            person_name = st.actor if st.actor and (st.actor_type or "person") == "person" else ""
            org_name = st.actor_affiliation if person_name else (st.actor or "")
            coder = machine if not coding.origin.startswith("person:") else w.coder(coding.origin[len("person:"):])
            sid = _row_id(w.c.execute(
                "INSERT INTO STATEMENTS (StatementTypeId, DocumentId, Start, Stop, Coder) VALUES (1, ?, ?, ?, ?)",
                (dna_doc, start, stop, coder)))
            person = w.entity(_PERSON, person_name or "", {"Type": st.actor_type if person_name else None,
                                                           "Affiliation": st.actor_affiliation})
            org = w.entity(_ORG, org_name or "", {"Type": None if person_name else st.actor_type})
            concept = w.concept(coding.issue, issues.get(coding.issue))
            w.c.executemany("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)",
                            [(sid, _PERSON, person), (sid, _ORG, org), (sid, _CONCEPT, concept)])
            w.c.execute("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?, ?, ?)",
                        (sid, _AGREEMENT, 1 if coding.stance == "support" else 0))
            w.c.execute("INSERT INTO DATAINTEGER (StatementId, VariableId, Value) VALUES (?, ?, ?)",
                        (sid, _CONFIDENCE, round(100 * max(0.0, min(1.0, coding.confidence)))))
            summary.statements += 1
            written = True
        if not written:
            summary.uncoded += 1
