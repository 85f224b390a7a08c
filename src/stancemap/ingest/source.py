"""Where articles come from: files named, files found in folders, standard input.

:func:`iter_sources` turns the paths a user named into :class:`Source` objects
(or :class:`~stancemap.models.ReadFailure` records for paths that cannot be
used), in a deterministic order.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

from stancemap.errors import message
from stancemap.models import ReadFailure

__all__ = ["Source", "iter_sources", "stdin_source"]

STDIN_NAME = "stdin"

#: Extensions skipped when walking a folder (never articles: codebooks, brat
#: annotations, databases, logs). A file named directly is always read.
FOLDER_SKIP: frozenset[str] = frozenset(
    ".yaml .yml .ann .db .sqlite .sqlite3 .db-wal .db-shm .db-journal .log .pyc".split()
)


@dataclass
class Source:
    """One input file, or standard input.

    Attributes
    ----------
    name : str
        How messages name it: the path as given (joined under its folder), or
        ``"stdin"``.
    stem : str
        The base of its document ids: the file's path relative to the folder
        named, without its extension and with ``/`` between folders
        (``site1/article`` for ``corpus/site1/article.txt`` when ``corpus`` was
        named); the file stem for a file named directly or at the top of the
        folder; ``"stdin"`` for standard input. Two files of the same name in
        different folders therefore never share their ids.
    suffix : str
        Lower-case extension with its dot (``".csv"``), ``""`` if none.
    path : Path or None
        The file, ``None`` for standard input.
    in_folder : bool
        Whether the file was found by walking a folder (rather than named). A
        ParlaMint corpus root found in a folder adds nothing itself, since its
        sessions are found by the walk.
    """

    name: str
    stem: str
    suffix: str = ""
    path: Path | None = None
    in_folder: bool = False
    _stream: BinaryIO | None = field(default=None, repr=False)
    _head: bytes | None = field(default=None, repr=False)

    @classmethod
    def from_path(cls, path: Path) -> Source:
        return cls(name=str(path), stem=path.stem, suffix=path.suffix.lower(), path=path)

    def head(self, size: int = 65536) -> bytes:
        """The first ``size`` bytes (fewer if the input is shorter)."""
        if self.path is not None:
            with self.path.open("rb") as handle:
                return handle.read(size)
        assert self._head is not None
        return self._head[:size]

    def size(self) -> int | None:
        """Size in bytes, ``None`` when unknown (standard input)."""
        return self.path.stat().st_size if self.path is not None else None

    def open(self) -> BinaryIO:
        """Open the input for binary reading; standard input can be opened once."""
        if self.path is not None:
            return self.path.open("rb")
        assert self._stream is not None, "standard input was already read"
        stream, self._stream = self._stream, None
        return stream


class _Prefixed(io.RawIOBase):
    """A raw stream that replays ``prefix`` and then reads on from ``rest``.

    ``rest`` may be binary or text (text is encoded as UTF-8).
    """

    def __init__(self, prefix: bytes, rest: IO[Any]) -> None:
        self._pending = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._pending:
            chunk = self._rest.read(len(buffer)) if self._rest is not None else b""
            if isinstance(chunk, str):
                chunk = chunk.encode("utf-8")
            if not chunk:
                return 0
            self._pending = chunk
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def stdin_source(stream: IO[Any] | None = None, head_size: int = 65536) -> Source:
    """A :class:`Source` for standard input (a binary or text stream).

    The first ``head_size`` bytes are read ahead for format sniffing and replayed;
    the rest is streamed.
    """
    if stream is None:
        stream = sys.stdin.buffer
    reader = io.BufferedReader(_Prefixed(b"", stream))
    head = reader.read(head_size)  # loops until head_size bytes or end of input
    return Source(
        name=STDIN_NAME,
        stem=STDIN_NAME,
        _stream=io.BufferedReader(_Prefixed(head, reader)),
        _head=head,
    )


def _missing(name: str) -> ReadFailure:
    return ReadFailure(name, message("E101", name=name), "E101")


def _outside(name: str, target: Path, root: Path) -> ReadFailure:
    return ReadFailure(name, message("E112.link", name=name, target=target, root=root), "E112")


def _loop(name: str) -> ReadFailure:
    return ReadFailure(name, message("E130", name=name), "E130")


def _resolve(path: Path) -> Path | None:
    """``path`` with every symbolic link resolved; ``None`` for a link loop."""
    try:
        return path.resolve(strict=False)
    except (RuntimeError, OSError):  # RuntimeError: "Symlink loop" (Python < 3.13); OSError ELOOP after
        return None


def _walk(
    folder: Path, shown: str, root: Path, seen: set[Path], prefix: str = ""
) -> Iterator[Source | ReadFailure]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield ReadFailure(
            shown,
            f"{shown}: the folder could not be listed ({error.strerror}); check its permissions.",
            "E100",
        )
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        name = os.path.join(shown, entry.name)
        if entry.is_symlink():
            target = _resolve(path)
            if target is None:
                yield _loop(name)
                continue
            if not target.exists():
                reason = f"{name}: broken symbolic link to {target}; fix or remove the link."
                yield ReadFailure(name, reason, "E101")
                continue
            if not target.is_relative_to(root):
                yield _outside(name, target, root)
                continue
        if entry.is_dir():
            resolved = _resolve(path)
            if resolved is None:
                yield _loop(name)
                continue
            if resolved in seen:  # a link back up the tree
                continue
            seen.add(resolved)
            yield from _walk(path, name, root, seen, f"{prefix}{entry.name}/")
        elif entry.is_file():
            if path.suffix.lower() in FOLDER_SKIP:
                continue
            stem = prefix + path.stem
            yield Source(name=name, stem=stem, suffix=path.suffix.lower(), path=path, in_folder=True)


def iter_sources(
    paths: Iterable[str | os.PathLike[str]], stdin: IO[Any] | None = None
) -> Iterator[Source | ReadFailure]:
    """Yield the inputs behind ``paths`` in order, folders walked recursively.

    Folders are walked in sorted order; hidden files and folders (names starting
    with ``.``) are skipped; symbolic links that resolve outside the folder named
    are not followed (E112); files with an extension in :data:`FOLDER_SKIP` are
    left out of folders; a symbolic link loop gives E130 and the walk goes on.
    A path that does not exist gives E101. ``"-"`` is
    standard input, read from ``stdin`` (default ``sys.stdin.buffer``).
    """
    for raw in paths:
        if str(raw) == "-":
            yield stdin_source(stdin)
            continue
        path = Path(raw)
        name = str(raw)
        if path.is_symlink() and _resolve(path) is None:
            yield _loop(name)
        elif path.is_dir():
            root = path.resolve()
            yield from _walk(path, name, root, {root})
        elif path.is_file():
            yield Source.from_path(path)
        elif path.exists() or path.is_symlink():
            kind = "a broken symbolic link" if path.is_symlink() else "not a regular file"
            failure = ReadFailure(name, f"{name}: {kind}; name a file or a folder.", "E101")
            yield failure
        else:
            yield _missing(name)
