"""Choose a reader for an input: by extension, else by content.

>>> from pathlib import Path
>>> from stancemap.ingest.source import Source
>>> format_for_suffix(".ndjson"), format_for_suffix(".htm"), format_for_suffix(".xyz")
('jsonl', 'html', None)
>>> sniff_content(b'{"text": "x"}'), sniff_content(b"<!DOCTYPE html><html>")
('jsonl', 'html')
>>> sniff_content(b"Hello")
'text'
"""

from __future__ import annotations

from stancemap.errors import InputError
from stancemap.ingest.decode import bom_encoding, check_binary
from stancemap.ingest.dna import SQLITE_MAGIC, is_dna
from stancemap.ingest.factiva import is_factiva_html
from stancemap.ingest.nexis import is_nexis
from stancemap.ingest.parlamint import is_tei
from stancemap.ingest.source import Source
from stancemap.ingest.warc import is_warc

__all__ = ["EXTENSIONS", "UNSUPPORTED", "format_for_suffix", "sniff_content", "sniff"]

#: Reader name by file extension.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".html": "html",
    ".htm": "html",
}

#: Extensions read by the document reader (one document, or a Nexis/Factiva export).
DOCUMENT_SUFFIXES: frozenset[str] = frozenset({".docx", ".pdf", ".rtf"})

#: Extensions of document formats that must be converted before reading.
UNSUPPORTED: frozenset[str] = frozenset(
    ".pdf .doc .docx .odt .rtf .epub .xls .xlsx .ods .pptx .zip .gz .bz2 .xz .7z .tar "
    ".png .jpg .jpeg .gif .webp .mp3 .mp4".split()
)


def format_for_suffix(suffix: str) -> str | None:
    """The reader name for a file extension (with its dot), ``None`` if unknown."""
    return EXTENSIONS.get(suffix.lower())


def sniff_content(head: bytes, name: str = "input") -> str:
    """The reader name for an input whose extension is unknown, from its first bytes.

    ``PAR1`` magic -> parquet; a leading ``{`` -> jsonl; ``<html`` or
    ``<!doctype html`` -> html; anything else that is not binary -> text.

    Raises
    ------
    InputError
        E103 when the bytes are binary.
    """
    if head.startswith(b"PAR1"):
        return "parquet"
    check_binary(head, name)
    bom = bom_encoding(head)
    if bom is not None:
        head = head.decode(bom, errors="ignore").encode("utf-8")
    start = head.lstrip()[:4096].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<") and (start.startswith(b"<!doctype html") or b"<html" in start):
        return "html"
    return "text"


def sniff_archive(source: Source) -> str | None:
    """``"warc"``, ``"document"`` (DOCX, PDF, RTF), ``"nexis"`` or ``"factiva"``, else ``None``.

    A ``.txt`` file is a Nexis export when its first 64 KB hold a ``1 of N
    DOCUMENTS`` or ``End of Document`` line; an HTML file is a Factiva page when
    it holds ``<div class="article enArticle">``. DOCX, PDF and RTF files are
    split into articles by the document reader when they hold an export.
    """
    if source.suffix in DOCUMENT_SUFFIXES:
        return "document"
    if format_for_suffix(source.suffix) is None and is_warc(source):
        return "warc"
    head = source.head()
    if source.suffix in (".txt", ".text") and is_nexis(head.decode("utf-8", errors="ignore").splitlines()):
        return "nexis"
    if source.suffix in (".html", ".htm") and is_factiva_html(head):
        return "factiva"
    return None


def sniff(source: Source) -> str:
    """The reader name for ``source``: by extension, else by content.

    A ``.xml`` file in the TEI namespace is ParlaMint (``"parlamint"``); plain-text
    transcripts are never guessed: choose them with ``--format transcript``.

    Raises
    ------
    InputError
        E109 for document formats that need converting (PDF, Word, ...), E103
        for binary content.
    """
    if source.path is not None and source.head(16) == SQLITE_MAGIC and is_dna(source.path):
        return "dna"  # a Discourse Network Analyzer 3 database, whatever its extension
    if source.suffix == ".dna":
        raise InputError.of("E125.sniffed", name=source.name)
    archive = sniff_archive(source)
    if archive is not None:
        return archive
    known = format_for_suffix(source.suffix)
    if known is not None:
        return known
    if source.suffix == ".xml" and is_tei(source.head(8192)):
        return "parlamint"
    if source.suffix in UNSUPPORTED:
        raise InputError.of("E109", name=source.name, suffix=source.suffix)
    return sniff_content(source.head(), source.name)
