"""The text of Word (DOCX), PDF, RTF and plain-text files, as a stream of lines.

Each function yields lines with their line endings, so that joining them gives
the document's text and offsets into it are exact. DOCX: one line per
paragraph (a table row is one line, cells separated by tabs); PDF: the pages'
text (pypdf), pages separated by a newline; RTF: the text striprtf finds.

python-docx, pypdf and striprtf are imported when first needed.

>>> list(split_lines("a\\nb"))
['a\\n', 'b\\n']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stancemap.errors import InputError, message
from stancemap.ingest.decode import (
    HEAD_SIZE,
    decode_line_fallback,
    detect_encoding,
    display_encoding,
    iter_lines,
    replace_nul,
)
from stancemap.ingest.source import Source
from stancemap.ingest.text import read_whole

__all__ = ["docx_lines", "pdf_lines", "rtf_lines", "text_lines", "document_lines", "split_lines", "docx_title"]


def split_lines(text: str) -> Iterator[str]:
    """The lines of ``text``, each ending with a newline (one is added to the last)."""
    for line in text.splitlines():
        yield line + "\n"


def _need(module: str, package: str, name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError.of("E109.package", name=name, package=package) from None


def _path(source: Source) -> Any:
    """The file itself, or standard input read whole into memory."""
    if source.path is not None:
        return source.path
    import io

    return io.BytesIO(read_whole(source))


def docx_lines(source: Source) -> Iterator[str]:
    """The paragraphs (and table rows) of a Word file, one line each."""
    docx = _need("docx", "python-docx", source.name)
    try:
        document = docx.Document(_path(source))
    except Exception as error:  # python-docx raises several kinds for a bad zip
        raise InputError.of("E103.docx", name=source.name, problem=type(error).__name__) from None
    for item in document.iter_inner_content():
        if hasattr(item, "rows"):
            for row in item.rows:
                cells = (" ".join(cell.text.split()) for cell in row.cells)
                yield from split_lines("\t".join(cells))
        else:
            yield from split_lines(item.text.replace("\x0b", "\n"))


def docx_title(source: Source) -> str | None:
    """The title in a Word file's properties, ``None`` when it has none."""
    docx = _need("docx", "python-docx", source.name)
    try:
        title = docx.Document(_path(source)).core_properties.title
    except Exception:
        return None
    return " ".join((title or "").split()) or None


def pdf_lines(source: Source) -> Iterator[str]:
    """The text of a PDF's pages, page by page (pypdf)."""
    pypdf = _need("pypdf", "pypdf", source.name)
    try:
        reader = pypdf.PdfReader(_path(source))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = reader.pages
        count = len(pages)
    except Exception as error:
        raise InputError.of("E103.pdf", name=source.name, problem=type(error).__name__, reason=error) from None
    found = False
    for number in range(count):
        try:
            text = pages[number].extract_text() or ""
        except Exception:
            text = ""
        found = found or bool(text.strip())
        yield from split_lines(text)
    if not found:
        raise InputError.of("E102.pdf", name=source.name)


def pdf_title(source: Source) -> str | None:
    """The title in a PDF's document information, ``None`` when it has none."""
    pypdf = _need("pypdf", "pypdf", source.name)
    try:
        meta = pypdf.PdfReader(_path(source)).metadata
    except Exception:
        return None
    title = meta.title if meta is not None else None
    return " ".join(str(title or "").split()) or None


def rtf_lines(source: Source) -> Iterator[str]:
    """The text of an RTF file (striprtf); the file is read whole."""
    striprtf = _need("striprtf.striprtf", "striprtf", source.name)
    raw = read_whole(source)
    if not raw.lstrip().startswith(b"{\\rtf"):
        raise InputError.of("E103.rtf", name=source.name)
    text = striprtf.rtf_to_text(raw.decode("latin-1"), encoding="cp1252", errors="replace")
    text, _ = replace_nul(text)
    yield from split_lines(text)


def text_lines(source: Source, warnings: list[str] | None = None) -> Iterator[str]:
    """The lines of a plain-text file, streamed; undecodable lines are decoded with a fallback."""
    encoding = detect_encoding(source.head(HEAD_SIZE), source.name)
    if warnings is not None:
        warnings.extend(encoding.warnings)
    with source.open() as stream:
        for number, line, error in iter_lines(stream, encoding.encoding):
            if error is not None:
                line, how = decode_line_fallback(error.object, encoding.encoding)
                if warnings is not None:
                    warnings.append(message(
                        "W104.doctext", name=source.name, line=number,
                        encoding=display_encoding(encoding.encoding), how=how,
                    ))
            assert line is not None
            yield replace_nul(line)[0]


def document_lines(source: Source, warnings: list[str] | None = None) -> Iterator[str]:
    """The lines of ``source`` by its kind: DOCX, PDF, RTF or plain text."""
    head = source.head(8)
    if source.suffix == ".docx" or (head.startswith(b"PK") and source.suffix != ".pdf"):
        return docx_lines(source)
    if source.suffix == ".pdf" or head.startswith(b"%PDF"):
        return pdf_lines(source)
    if source.suffix == ".rtf" or head.lstrip().startswith(b"{\\rtf"):
        return rtf_lines(source)
    return text_lines(source, warnings)
