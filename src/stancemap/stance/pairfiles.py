"""Read and write stance pair files: labelled (claim, text) pairs as JSON Lines.

The format of the stance data sets (``../shared/data/stance/README.md``)::

    {"id": "persp-499-3695", "claim": "Vaccination must be made compulsory",
     "text": "It is the state's duty to protect its community", "label": "support"}
    {"id": "fnc1-00005", "claim": "Nasa confirms ...", "body_id": "154", "label": "support"}

``text`` may be replaced by ``body_id``, a key of a separate texts file (a JSON
object mapping body id to text, as FNC-1's ``*_texts.json``). ``label`` is one
of support, oppose, neutral, unrelated; it may be missing from files that are
only predicted. ``id`` defaults to ``line-<n>``.

Every problem is reported with the file and line and what to do.

>>> import io, json
>>> lines = io.StringIO(json.dumps({"id": "a", "claim": "X is good.", "text": "X helps.",
...                                 "label": "support"}) + "\\n")
>>> [p.label for p in parse_pairs(lines, "pairs.jsonl")]
['support']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from stancemap.errors import InputError, UsageError

__all__ = ["LABELS", "STANCES", "Pair", "parse_pairs", "prediction_labels", "read_pairs", "read_texts",
           "write_predictions"]

#: The labels a zero-shot prediction can give.
STANCES = ("support", "oppose", "neutral")

#: Labels of pair files (the product's stances plus ``unrelated``).
LABELS: tuple[str, ...] = ("support", "oppose", "neutral", "unrelated")


@dataclass(frozen=True)
class Pair:
    """One (claim, text) pair, its label when known, and where it was read."""

    id: str
    claim: str
    text: str
    label: str | None = None
    origin: str = ""

    def as_tuple(self) -> tuple[str, str, str]:
        """``(claim, text, label)`` as the learners take it."""
        return (self.claim, self.text, self.label or "")


def read_texts(paths: Path | str | Sequence[Path | str] | None) -> dict[str, str]:
    """Merge body id -> text JSON files (FNC-1's ``*_texts.json``).

    Raises
    ------
    InputError
        ``E101`` for a missing file, ``E105`` when a file is not a JSON object of strings.
    """
    if paths is None:
        return {}
    if isinstance(paths, (str, Path)):
        paths = [paths]
    merged: dict[str, str] = {}
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise InputError.of("E101.texts-file", path=path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError.of("E105.texts-json", path=path, reason=exc) from exc
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise InputError.of("E105.texts-object", path=path)
        merged.update({str(k): v for k, v in data.items()})
    return merged


def parse_pairs(lines: Iterable[str], name: str, texts: Mapping[str, str] | None = None, *,
                require_label: bool = True) -> list[Pair]:
    """Parse pair lines; ``name`` is the file name used in messages.

    Raises
    ------
    InputError
        ``E105`` naming the file and line: not JSON, not an object, no claim,
        neither text nor a known body_id, a missing or unknown label.
    """
    texts = texts or {}
    out: list[Pair] = []
    seen: set[str] = set()
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name} line {n}"
        try:
            row: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError.of("E105.pair-json", where=where, reason=exc.msg) from None
        if not isinstance(row, dict):
            raise InputError.of("E105.pair-object", where=where, type=type(row).__name__)
        claim = row.get("claim")
        if not isinstance(claim, str) or not claim.strip():
            raise InputError.of("E105.pair-claim", where=where, keys=", ".join(sorted(row)) or "none")
        if isinstance(row.get("text"), str):
            text = row["text"]
        elif "body_id" in row:
            body = str(row["body_id"])
            if body not in texts:
                if texts:
                    raise InputError.of("E105.pair-body-split", where=where, body=body)
                raise InputError.of("E105.pair-body", where=where, body=body)
            text = texts[body]
        else:
            raise InputError.of("E105.pair-text", where=where)
        label = row.get("label")
        if label is None:
            if require_label:
                raise InputError.of("E105.pair-no-label", where=where, labels=", ".join(LABELS))
        elif label not in LABELS:
            raise InputError.of("E105.pair-label", where=where, label=label, labels=", ".join(LABELS))
        pair_id = str(row.get("id", f"line-{n}"))
        if pair_id in seen:
            raise InputError.of("E105.pair-id", where=where, pair_id=pair_id)
        seen.add(pair_id)
        out.append(Pair(pair_id, claim, text, label, where))
    return out


def read_pairs(path: Path | str, texts: Mapping[str, str] | Path | str | Sequence[Path | str] | None = None,
               *, require_label: bool = True) -> list[Pair]:
    """Read a pair file (see the module docstring).

    Parameters
    ----------
    path : path
        JSON Lines pair file.
    texts : mapping or path(s), optional
        Body id -> text, or texts files to read (see :func:`read_texts`).
    require_label : bool
        Whether every line must carry a label (training and scoring).

    Raises
    ------
    InputError
        ``E101`` when the file does not exist, ``E102`` when it holds no pair,
        ``E105`` for a bad line (see :func:`parse_pairs`).
    """
    path = Path(path)
    if not path.exists():
        raise InputError.of("E101.pair-file", path=path)
    bodies = texts if isinstance(texts, Mapping) else read_texts(texts)
    with open(path, encoding="utf-8") as f:
        pairs = parse_pairs(f, str(path), bodies, require_label=require_label)
    if not pairs:
        raise InputError.of("E102.pairs", path=path)
    return pairs


def write_predictions(rows: Iterable[tuple[str, str, float]], out: IO[str] | Path | str) -> int:
    """Write ``{"id", "label", "confidence"}`` JSON lines from ``(id, label, confidence)``; returns the number
    written."""
    n = 0
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8") as f:
            return write_predictions(rows, f)
    for pair_id, label, confidence in rows:
        out.write(json.dumps({"id": pair_id, "label": label, "confidence": confidence}, ensure_ascii=False) + "\n")
        n += 1
    return n


def prediction_labels(option: str | None, pairs: Sequence[Pair]) -> tuple[tuple[str, ...], str]:
    """The labels a zero-shot prediction chooses among, and where they come from (to tell the user).

    ``option`` is ``--labels`` ("support,oppose"); without it, the labels of the pairs
    file when every pair has one of :data:`STANCES` and there are at least two (a file
    labelled support/oppose is a two-way task), else all of :data:`STANCES`.

    >>> prediction_labels(None, [Pair("1", "c", "t", "oppose"), Pair("2", "c", "u", "support")])
    (('support', 'oppose'), 'the labels of the pairs file')
    >>> prediction_labels("support,oppose,neutral", [])[0]
    ('support', 'oppose', 'neutral')

    Raises
    ------
    UsageError
        ``E500`` for a label other than support, oppose and neutral, or fewer than two.
    """
    if option is not None:
        asked = tuple(dict.fromkeys(label.strip() for label in option.split(",") if label.strip()))
        wrong = [label for label in asked if label not in STANCES]
        if wrong or len(asked) < 2:
            if wrong:
                raise UsageError.of("E500.labels-wrong", option=option, stances=", ".join(STANCES),
                                    wrong=", ".join(wrong))
            raise UsageError.of("E500.labels", option=option, stances=", ".join(STANCES))
        return tuple(label for label in STANCES if label in asked), "--labels"
    found = {p.label for p in pairs}
    if pairs and found <= set(STANCES) and len(found) >= 2:
        return tuple(label for label in STANCES if label in found), "the labels of the pairs file"
    return STANCES, "all stances"
