"""Bytes to text: UTF-8 first, a guessed encoding with a warning otherwise.

A UTF-8 file with a few bad bytes (it holds good UTF-8 characters too) is not
guessed as a whole: every good line stays UTF-8, and only the bad bytes fall
back, each to its cp1252 character (U+FFFD where cp1252 has none), with a W110
warning naming the lines (:func:`decode_regions`).

Offsets index the *decoded* text: a UTF-8 byte order mark is stripped, so
character 0 is the first character after it. Nothing else is changed (newlines
and spaces are kept exactly).

Errors are raised as :class:`~stancemap.errors.InputError` with codes E102
(empty), E103 (binary) and E104 (encoding unknown); the readers turn them into
:class:`~stancemap.models.ReadFailure` records.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from stancemap.errors import InputError, message

__all__ = [
    "Decoded",
    "Line",
    "decode_bytes",
    "detect_encoding",
    "iter_lines",
    "display_encoding",
    "is_binary",
    "check_binary",
    "decode_line_fallback",
    "replace_nul",
    "decode_regions",
    "mostly_utf8",
]

#: How many leading bytes are looked at to decide binary / encoding of a stream.
HEAD_SIZE = 65536

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\b\x1b")


#: ``(line number, text or None, decoding error or None)`` from :func:`iter_lines`.
Line = tuple[int, str | None, UnicodeDecodeError | None]


@dataclass(frozen=True)
class Decoded:
    """Decoded text with the encoding used and any warnings (W102)."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def bom_encoding(head: bytes) -> str | None:
    """Return the codec named by a byte order mark at the start of ``head``."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def display_encoding(encoding: str) -> str:
    """An encoding's name for messages.

    >>> display_encoding("utf-8-sig"), display_encoding("cp1252")
    ('UTF-8', 'cp1252')
    """
    names = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}
    return names.get(encoding, encoding)


def is_binary(head: bytes) -> bool:
    """Tell whether leading bytes look like a binary file rather than text.

    Looks at the first 8 KB. More than 1% control characters when there is a
    NUL byte (outside UTF-16/32 text with a byte order mark), or more than 10%
    control characters, mean binary. A rare NUL in otherwise clean text (one
    stray byte in a CSV cell) does not: the readers keep the line and replace
    the NUL (see :func:`replace_nul`).

    >>> is_binary(b"PK\\x03\\x04\\x00\\x00"), is_binary(b"plain text\\n")
    (True, False)
    >>> is_binary(b"id,text\\n1,a stray\\x00 NUL\\n")
    False
    """
    if not head or bom_encoding(head) in ("utf-16", "utf-32"):
        return False
    sample = head[:8192]
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)  # NUL included
    if b"\x00" in sample and controls > max(1, len(sample) * 0.01):
        return True
    return controls > len(sample) * 0.1


#: What a NUL character is replaced with (one character for one: offsets are kept).
NUL_REPLACEMENT = "\ufffd"


def replace_nul(text: str) -> tuple[str, int]:
    """Replace NUL characters by U+FFFD; return the text and how many were replaced.

    PostgreSQL text cannot hold NUL, so no reader passes one on; the caller
    records a W105 warning when the count is not 0.

    >>> replace_nul("a\\x00b")
    ('a\ufffdb', 1)
    """
    count = text.count("\x00")
    return (text.replace("\x00", NUL_REPLACEMENT), count) if count else (text, 0)


def nul_warning(where: str, count: int) -> str:
    """The W105 warning for ``count`` NUL characters replaced in ``where``."""
    return message("W105", where=where, count=count)


def decode_line_fallback(raw: bytes, encoding: str) -> tuple[str, str]:
    """Decode one line that is not valid ``encoding``; return ``(text, how)``.

    UTF-8 then cp1252 are tried (the ones other than ``encoding``); when
    neither fits, the line is decoded as ``encoding`` with undecodable bytes
    replaced by U+FFFD and ``how`` says so. The caller records a W104 warning.

    >>> decode_line_fallback("café".encode("cp1252"), "utf-8")
    ('café', 'cp1252')
    """
    base = "utf-8" if encoding == "utf-8-sig" else encoding
    for fallback in ("utf-8", PREFERRED_GUESS):
        if fallback == base:
            continue
        try:
            return raw.decode(fallback), fallback
        except UnicodeDecodeError:
            continue
    return (
        raw.decode(base, errors="replace"),
        f"{display_encoding(encoding)} with undecodable bytes replaced by U+FFFD",
    )


def check_binary(head: bytes, name: str) -> None:
    """Raise E103 when ``head`` looks binary."""
    if is_binary(head):
        raise InputError.of("E103.binary", name=name)


def _empty(name: str) -> InputError:
    return InputError.of("E102.text", name=name)


def _undecodable(name: str) -> InputError:
    return InputError.of("E104", name=name)


def _guessed(name: str, encoding: str) -> str:
    return message("W102", name=name, encoding=encoding)


_ESCAPED = re.compile("[\udc80-\udcff]+")  # bytes kept by the surrogateescape error handler


def _escaped_byte(char: str) -> str:
    try:
        return bytes([ord(char) - 0xDC00]).decode(PREFERRED_GUESS)
    except UnicodeDecodeError:
        return "\ufffd"


def mostly_utf8(data: bytes) -> bool:
    r"""Whether bytes that are not valid UTF-8 are still UTF-8 with a few bad bytes.

    True when the bytes hold real UTF-8 characters beyond ASCII and at most four
    bad bytes for each of them; a file in one single-byte encoding (no valid
    multi-byte sequence) is not.

    >>> mostly_utf8("\u201cOui\u201d, caf".encode() + b"\xe9"), mostly_utf8("caf\xe9".encode("cp1252"))
    (True, False)
    """
    text = data.decode("utf-8", "surrogateescape")
    bad = sum(len(match.group()) for match in _ESCAPED.finditer(text))
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return good > 0 and bad <= 4 * good


def decode_regions(data: bytes, name: str) -> Decoded:
    r"""Decode UTF-8 with bad bytes: each bad byte becomes its cp1252 character, or U+FFFD.

    Every valid UTF-8 sequence is kept; one character replaces each bad byte.
    The W110 warning counts the bad bytes and names their lines.

    >>> decoded = decode_regions("\u201cA\u201d\ncaf".encode() + b"\xe9\n", "a.txt")
    >>> decoded.text
    '“A”\ncafé\n'
    >>> decoded.warnings[0][:45]
    'W110 a.txt: 1 byte(s) not valid UTF-8 on line'
    """
    text = data.decode("utf-8", "surrogateescape")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines: list[int] = []
    count = 0
    line, last = 1, 0
    for match in _ESCAPED.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        count += len(match.group())
        if not lines or lines[-1] != line:
            lines.append(line)
    text = _ESCAPED.sub(lambda match: "".join(_escaped_byte(char) for char in match.group()), text)
    shown = ", ".join(str(number) for number in lines[:10]) + (", ..." if len(lines) > 10 else "")
    plural = "s" if len(lines) > 1 else ""
    warning = message("W110", name=name, count=count, plural=plural, shown=shown)
    return Decoded(text, "utf-8", (warning,))


#: Preferred among near-equal guesses: the usual encoding of Western news text
#: that is not UTF-8 (latin-1 text decodes identically).
PREFERRED_GUESS = "cp1252"


def _guess(data: bytes) -> str | None:
    """The encoding charset-normalizer finds most likely, preferring cp1252 on a near tie.

    Short texts are often equally well read as cp1250, mac_latin2 or cp1252;
    cp1252 is then chosen when it decodes the bytes with a mess ratio at most 0.1
    above the best.
    """
    import charset_normalizer

    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None:
        return None
    for result in results:
        if result.chaos <= best.chaos + 0.1 and PREFERRED_GUESS in result.could_be_from_charset:
            return PREFERRED_GUESS
    return best.encoding


def decode_bytes(data: bytes, name: str) -> Decoded:
    """Decode a whole file's bytes.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        The file's name, used in messages.

    Returns
    -------
    Decoded
        UTF-8 (byte order mark stripped) with no warning, or the encoding
        guessed by charset-normalizer with a W102 warning.

    Raises
    ------
    InputError
        E102 when the file is empty or only whitespace, E103 when it is binary,
        E104 when no encoding fits.

    Examples
    --------
    >>> decode_bytes("\\ufeffCafé".encode("utf-8"), "a.txt").text
    'Café'
    >>> decoded = decode_bytes("Le café était fermé, a déclaré le maire.".encode("cp1252"), "a.txt")
    >>> decoded.text, decoded.warnings[0][:4]
    ('Le café était fermé, a déclaré le maire.', 'W102')
    """
    if not data.strip():
        raise _empty(name)
    check_binary(data[:HEAD_SIZE], name)
    encoding = bom_encoding(data) or "utf-8"
    warnings: tuple[str, ...] = ()
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if encoding in ("utf-8", "utf-8-sig") and mostly_utf8(data):
            decoded = decode_regions(data, name)
            text, encoding, warnings = decoded.text, decoded.encoding, decoded.warnings
            return _finish(text, encoding, warnings, name)
        guessed = _guess(data)
        if guessed is None:
            raise _undecodable(name) from None
        try:
            text = data.decode(guessed)
        except (UnicodeDecodeError, LookupError):
            raise _undecodable(name) from None
        encoding, warnings = guessed, (_guessed(name, guessed),)
    return _finish(text, encoding, warnings, name)


def _finish(text: str, encoding: str, warnings: tuple[str, ...], name: str) -> Decoded:
    if not text.strip():
        raise _empty(name)
    text, nuls = replace_nul(text)
    if nuls:
        warnings = (*warnings, nul_warning(name, nuls))
    return Decoded(text, encoding, warnings)


def detect_encoding(head: bytes, name: str) -> Decoded:
    """Choose the encoding of a stream from its first bytes.

    Returns a :class:`Decoded` whose ``text`` is empty: only ``encoding`` and
    ``warnings`` are meaningful. Raises E103 or E104 like :func:`decode_bytes`.
    """
    check_binary(head, name)
    bom = bom_encoding(head)
    if bom is not None:
        return Decoded("", bom)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < HEAD_SIZE)
        return Decoded("", "utf-8-sig")
    except UnicodeDecodeError:
        if mostly_utf8(head):  # a few bad bytes: each bad line falls back on its own (W104)
            return Decoded("", "utf-8-sig")
    guessed = _guess(head)
    if guessed is None:
        raise _undecodable(name)
    return Decoded("", guessed, (_guessed(name, guessed),))


def iter_lines(stream: BinaryIO, encoding: str) -> Iterator[Line]:
    """Yield ``(line number, text, error)`` for each line of a binary stream.

    Lines keep their line ending. A line that cannot be decoded gives
    ``(n, None, error)`` and the following lines are still read. UTF-16/32
    streams are decoded as a whole (a decoding error then ends the stream).
    Line numbers start at 1.
    """
    if encoding in ("utf-16", "utf-32"):
        wrapper = io.TextIOWrapper(stream, encoding=encoding, newline="")
        for number, line in enumerate(wrapper, start=1):
            yield number, line, None
        return
    line_encoding = "utf-8" if encoding == "utf-8-sig" else encoding
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield number, raw.decode(line_encoding), None
        except UnicodeDecodeError as error:
            yield number, None, error
