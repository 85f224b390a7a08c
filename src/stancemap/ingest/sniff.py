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
from stancemap.ingest.parlamint import is_tei
from stancemap.ingest.source import Source

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
    known = format_for_suffix(source.suffix)
    if known is not None:
        return known
    if source.suffix == ".xml" and is_tei(source.head(8192)):
        return "parlamint"
    if source.suffix in UNSUPPORTED:
        raise InputError(
            f"{source.name}: {source.suffix} files are not supported; convert it to "
            "plain text (.txt), HTML, JSON Lines, CSV or Parquet first.",
            code="E109",
        )
    return sniff_content(source.head(), source.name)
