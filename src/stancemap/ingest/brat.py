"""Reading brat standoff folders of attribution annotations (PolNeAR layout).

A folder holds ``text/<stem>.txt`` and ``attributions/<stem>_<annotator>.ann``
(or ``<stem>.ann`` beside the text). In an ``.ann`` file, ``T`` lines are spans
labelled ``Source``, ``Cue``, ``Content``, ``Attribution`` or
``Attribution-no-source`` (offsets may be discontinuous: ``12 20;25 40``), and
``E`` lines link one attribution's spans
(``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``). Other lines (notes,
``Discuss``, ``Discard`` spans, continuation lines of multi-line span texts) are
skipped. Offsets index the text file decoded as UTF-8, which is what brat uses.

Only the standard library is used; records are plain frozen dataclasses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from stancemap.errors import InputError
from stancemap.models import Article

Segments = tuple[tuple[int, int], ...]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
#: characters that open or close a quotation
QUOTE_CHARS = "\"'“”‘’«»„‟‹›"


@dataclass(frozen=True)
class GoldAttribution:
    """One hand-annotated attribution relation.

    ``source``, ``cue`` and ``content`` are tuples of ``(start, end)`` character
    segments into the document text (empty when the annotation has none).
    ``kind`` is ``"direct"`` when the content is wholly quoted, ``"mixed"`` when
    it is partly quoted ("called the plan “a disgrace”"), else ``"indirect"``.
    """

    doc_id: str
    id: str
    content: Segments
    source: Segments = ()
    cue: Segments = ()
    kind: str = "indirect"
    annotator: str = ""


@dataclass(frozen=True)
class BratDocument:
    """An article with the attributions one annotator marked in it."""

    article: Article
    attributions: tuple[GoldAttribution, ...]
    annotator: str = ""


def _segments(spec: str) -> Segments:
    out = []
    for part in spec.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return tuple(out)


#: double quotation marks (a single mark is only counted where it opens the content)
_DOUBLE_QUOTES = "\"“”«»„‟‹›"


def _kind(text: str, content: Segments) -> str:
    """``direct`` (wholly quoted), ``mixed`` (partly quoted) or ``indirect`` (no quotation).

    The content is direct when it opens and closes with quotation marks, or opens
    (or closes) with one and holds no other double mark (a quotation running on
    past the paragraph, or content starting inside a quotation); mixed when it
    holds a double quotation mark anywhere else.

    >>> _kind('“We win,” he said', ((0, 9),)), _kind('a “disgrace” now', ((0, 16),)), _kind("it rains", ((0, 8),))
    ('direct', 'mixed', 'indirect')
    """
    if not content:
        return "indirect"
    joined = " ".join(text[a:b] for a, b in content).replace("``", "“").replace("''", "”").strip()
    body = joined.rstrip(" .,;:!?—–-")
    if not body:
        return "indirect"
    opens = body[0] in QUOTE_CHARS
    closes = body[-1] in _DOUBLE_QUOTES or joined[-1] in _DOUBLE_QUOTES or (body[0] in "'‘" and body[-1] in "'’")
    inner = any(ch in _DOUBLE_QUOTES for ch in body[1:-1])
    if (opens and closes) or ((opens or closes) and not inner):
        return "direct"
    if opens or closes or inner or body[0] in _DOUBLE_QUOTES or body[-1] in _DOUBLE_QUOTES:
        return "mixed"
    return "indirect"


def parse_ann(ann: str, text: str, doc_id: str = "", annotator: str = "", origin: str = "") -> list[GoldAttribution]:
    """Parse the text of one ``.ann`` file into :class:`GoldAttribution` records.

    Parameters
    ----------
    ann : str
        The content of the ``.ann`` file.
    text : str
        The document text the offsets index (used to derive ``kind`` and check offsets).
    doc_id, annotator, origin : str
        Stored on the records; ``origin`` names the file in error messages.

    Raises
    ------
    InputError
        E100 when a span lies outside the text (the ``.ann`` does not belong to it).

    Examples
    --------
    >>> text = "Kim said that it rains."
    >>> ann = ("T1\\tSource 0 3\\tKim\\nT2\\tCue 4 8\\tsaid\\nT3\\tContent 14 22\\tit rains\\n"
    ...        "T4\\tAttribution 4 8\\tsaid\\nE1\\tAttribution:T4 Content:T3 Cue:T2 Source:T1\\n")
    >>> [ (g.source, g.cue, g.content, g.kind) for g in parse_ann(ann, text)]
    [(((0, 3),), ((4, 8),), ((14, 22),), 'indirect')]
    """
    spans: dict[str, tuple[str, Segments]] = {}
    events: list[tuple[str, dict[str, str]]] = []
    for lineno, line in enumerate(ann.splitlines(), start=1):
        m = _T_LINE.match(line)
        if m:
            spans[m.group(1)] = (m.group(2), _text_segments(m.group(3), text, f"{origin or 'ann'} line {lineno}"))
            continue
        m = _E_LINE.match(line)
        if m:
            events.append((m.group(1), _event_roles(m.group(2))))
    out: list[GoldAttribution] = []
    for eid, roles in events:
        content_refs = [r for r in roles.get("Content", "").split("+") if r]
        content: list[tuple[int, int]] = []
        for ref in content_refs:
            if ref in spans:
                content.extend(spans[ref][1])
        if not content:
            continue
        src = spans.get(roles.get("Source", ""), ("", ()))[1]
        cue = spans.get(roles.get("Cue", ""), ("", ()))[1]
        segs = tuple(sorted(content))
        out.append(GoldAttribution(doc_id, eid, segs, tuple(src), tuple(cue), _kind(text, segs), annotator))
    return out


def _text_segments(spec: str, text: str, where: str) -> Segments:
    """The segments of a text-bound annotation; an error when one lies outside ``text``."""
    segs = _segments(spec)
    for a, b in segs:
        if not 0 <= a <= b <= len(text):
            raise InputError.of("E100.brat-span", where=where, start=a, end=b, length=len(text))
    return segs


def _event_roles(spec: str) -> dict[str, str]:
    """``{role: annotation id}`` of an event line's arguments; extra contents (``Content2``) joined with ``+``."""
    roles: dict[str, str] = {}
    for part in spec.split():
        if ":" in part:
            role, ref = part.split(":", 1)
            roles.setdefault(role, ref)
            if role.startswith("Content") and role != "Content":
                roles["Content"] = roles.get("Content", "") + "+" + ref
    return roles


def _annotations_by_doc(folder: Path, text_dir: Path) -> dict[str, list[tuple[str, Path]]]:
    """``{doc id: [(annotator id, .ann file)]}``; the annotator id is ``""`` for a file named after its text."""
    anns: dict[str, list[Path]] = {}
    for stem, files in _ann_files(folder).items():
        anns.setdefault(stem, []).extend(files)
    by_doc: dict[str, list[tuple[str, Path]]] = {}
    for stem, files in anns.items():
        for f in files:
            if (text_dir / f"{stem}.txt").exists():
                by_doc.setdefault(stem, []).append(("", f))
            elif "_" in stem:
                doc, ann_id = stem.rsplit("_", 1)
                by_doc.setdefault(doc, []).append((ann_id, f))
    return by_doc


def _ann_files(folder: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    ann_dir = folder / "attributions"
    for p in sorted((ann_dir if ann_dir.is_dir() else folder).glob("*.ann")):
        found.setdefault(p.stem, []).append(p)
    return found


def read_brat(
    path: str | Path, *, annotator: str = "first", limit: int | None = None
) -> Iterator[BratDocument]:
    """Read a brat standoff folder, one :class:`BratDocument` per text and annotator.

    Parameters
    ----------
    path : str or Path
        A folder with ``text/*.txt`` and ``attributions/*.ann`` (PolNeAR), or
        ``*.txt`` and ``*.ann`` side by side.
    annotator : str
        ``"first"`` (default): for a text with several annotators, the first
        ``.ann`` file in name order, so each text counts once; ``"all"``: every
        annotator's file; or an annotator id (the suffix after the last ``_``).
    limit : int, optional
        Stop after this many texts.

    Raises
    ------
    InputError
        E101 when the folder does not exist or holds no ``.txt`` files.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise InputError.of("E101.brat-folder", folder=folder)
    text_dir = folder / "text" if (folder / "text").is_dir() else folder
    texts = sorted(text_dir.glob("*.txt"))
    if not texts:
        raise InputError.of("E101.brat-texts", folder=folder)
    by_doc = _annotations_by_doc(folder, text_dir)
    for n, txt in enumerate(texts):
        if limit is not None and n >= limit:
            break
        doc_id = txt.stem
        with open(txt, encoding="utf-8", newline="") as fh:
            text = fh.read()
        article = Article(doc_id=doc_id, text=text, origin=str(txt))
        pairs = sorted(by_doc.get(doc_id, []))
        if annotator == "first":
            pairs = pairs[:1]
        elif annotator != "all":
            pairs = [pair for pair in pairs if pair[0] == annotator]
        if not pairs:
            yield BratDocument(article, (), "")
            continue
        for ann_id, ann_path in pairs:
            with open(ann_path, encoding="utf-8", newline="") as fh:
                golds = parse_ann(fh.read(), text, doc_id, ann_id, origin=str(ann_path))
            yield BratDocument(article, tuple(golds), ann_id)
