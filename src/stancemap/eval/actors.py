"""Score actor resolution against hand-labelled speaker mentions: accuracy and wrong merges.

A gold file lists speaker mentions with the canonical actor a person chose for
each, as TSV (with a header) or JSON Lines, one mention a row:

=============  ================================================================
column         meaning
=============  ================================================================
``doc``        document id: the text is ``<texts>/<doc>.txt``
``start``      character offsets of the mention in that text (with ``--texts``)
``end``
``mention``    the mention as written (instead of offsets and texts)
``date``       the article's date, YYYY-MM-DD (titles resolve by date)
``gold``       the canonical actor; ``-`` for a generic mention that names no
               particular actor ("a source", "analysts")
``context``    optional: more text of the document, used to find full names
``category``   optional label for the breakdown (``name``, ``title``, ``generic``;
               ``pronoun``, ``description``, ``first_person`` in speaker gold)
``gender``     optional: ``m``, ``f``, ``org``, ``group`` or ``country``, the gold
               actor's (scored by :mod:`stancemap.eval.speakers`)
=============  ================================================================

Each document's mentions are resolved together (as the pipeline does, so a
surname can be expanded to a full name given by another mention), after the
name the document gives each mention is found in its text by
:func:`stancemap.names.antecedents.document_name`, the same in-document step
the extractor runs (:mod:`stancemap.nlp.coref`), here without loading spaCy.

Measures, over mentions whose gold is an actor (not ``-``):

- **accuracy**: the resolved actor is the gold actor: the same canonical name up to
  case, accents and punctuation (:func:`stancemap.names.normalise.name_key`,
  the key under which the store keeps one actor per name);
- **wrong merge**: the mention was resolved to a *different existing* registry
  actor (exact, alias, title, capital, surname or fuzzy match) - the error that
  silently pollutes an actor's positions. A mention left as a new actor is an
  error but not a wrong merge.

Generic mentions (gold ``-``) are counted apart: a wrong merge there is one
resolved to any registry actor.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stancemap.actors.io import default_registry
from stancemap.actors.registry import ActorRegistry
from stancemap.actors.resolve import resolve_statements
from stancemap.actors.roles import as_date
from stancemap.errors import InputError
from stancemap.models import Statement, TextSpan
from stancemap.names.antecedents import document_name
from stancemap.names.normalise import is_pronoun, name_key

#: Gold label of a mention that names no particular actor.
NO_ACTOR = "-"
#: Methods that mean "an existing registry actor" (anything but a new actor).
NEW_METHODS = frozenset({"new", None})

@dataclass(frozen=True)
class GoldMention:
    """One labelled speaker mention."""

    doc: str
    mention: str
    gold: str
    date: dt.date | None = None
    start: int | None = None
    end: int | None = None
    context: str = ""
    category: str = ""
    line: int = 0
    gender: str = ""


@dataclass
class ActorScores:
    """The figures of one evaluation, and the mentions behind them."""

    n: int = 0
    correct: int = 0
    wrong_merges: int = 0
    new_errors: int = 0
    generic: int = 0
    generic_wrong_merges: int = 0
    by_category: dict[str, dict[str, int]] = field(default_factory=dict)
    by_method: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    @property
    def wrong_merge_rate(self) -> float:
        return self.wrong_merges / self.n if self.n else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 4),
            "wrong_merges": self.wrong_merges,
            "wrong_merge_rate": round(self.wrong_merge_rate, 4),
            "new_actor_errors": self.new_errors,
            "generic": self.generic,
            "generic_wrong_merges": self.generic_wrong_merges,
            "by_category": self.by_category,
            "by_method": self.by_method,
            "errors": self.errors,
        }


def _rows(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".jsonl", ".json"):
        for line_no, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError.of("E105.actor-gold", path=path, line=line_no, reason=exc.msg) from None
            yield line_no, row
        return
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for line_no, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"), start=2):
        yield line_no, row


def read_gold(path: str | Path, texts: str | Path | None = None) -> list[GoldMention]:
    """Read a gold file (TSV or JSON Lines); mentions given by offsets are read from ``texts``.

    Raises
    ------
    stancemap.errors.InputError
        When a row lacks ``gold`` or both ``mention`` and offsets, when offsets
        need ``texts`` and none was given, or when a text file is missing.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError.of("E101.actor-gold", path=path)
    folder = Path(texts) if texts is not None else None
    cache: dict[str, str] = {}
    found = []
    for line, row in _rows(path):
        where = f"{path} line {line}"
        doc = str(row.get("doc") or row.get("file") or "").strip()
        gold = str(row.get("gold") or "").strip()
        if not gold:
            raise InputError.of("E107.actor-gold-actor", where=where)
        mention = str(row.get("mention") or "")
        start = int(row["start"]) if str(row.get("start") or "").strip() else None
        end = int(row["end"]) if str(row.get("end") or "").strip() else None
        context = str(row.get("context") or "")
        if start is not None and end is not None:
            if folder is None:
                if not mention:
                    raise InputError.of("E101.actor-gold-offsets", where=where, doc=doc)
            else:
                if doc not in cache:
                    file = folder / f"{doc}.txt"
                    if not file.is_file():
                        raise InputError.of("E101.actor-gold-text", where=where, file=file)
                    cache[doc] = file.read_text(encoding="utf-8")
                text = cache[doc]
                mention = mention or text[start:end]
                context = context or text
        if not mention.strip():
            raise InputError.of("E107.actor-gold-mention", where=where)
        try:
            date = as_date(row.get("date"))
        except ValueError:
            raise InputError.of("E100.actor-gold-date", where=where, date=row.get("date")) from None
        found.append(GoldMention(doc or f"row{line}", mention, gold, date, start, end, context,
                                 str(row.get("category") or ""), line, str(row.get("gender") or "").strip()))
    return found


def resolve_gold(mentions: Sequence[GoldMention], registry: ActorRegistry) -> list[Statement]:
    """Resolve the gold mentions, one document at a time, as the pipeline would."""
    out: list[Statement | None] = [None] * len(mentions)
    countries = registry.country_forms()
    by_doc: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        by_doc.setdefault(m.doc, []).append(i)
    for doc, indexes in by_doc.items():
        statements = []
        for i in indexes:
            m = mentions[i]
            start = m.start or 0
            span = TextSpan(start, m.end if m.end is not None else start + len(m.mention), m.mention)
            name = None
            if not is_pronoun(m.mention):
                name = document_name(m.mention, m.context, m.start, countries=countries) or m.mention
            statements.append(Statement(doc, TextSpan(0, 0, ""), speaker=span, date=m.date, speaker_name=name))
        for i, st in zip(indexes, resolve_statements(statements, registry), strict=False):
            out[i] = st
    return [st for st in out if st is not None]


def score_actors(mentions: Sequence[GoldMention], registry: ActorRegistry | None = None) -> ActorScores:
    """Resolve ``mentions`` with ``registry`` (default: the starter registry) and score them.

    Examples
    --------
    >>> gold = [GoldMention("d", "Borrell", "Josep Borrell", dt.date(2024, 5, 28)),
    ...         GoldMention("d", "Zelensky", "Volodymyr Zelenskyy", dt.date(2024, 5, 28)),
    ...         GoldMention("d", "Hunter Biden", "Hunter Biden", dt.date(2024, 5, 28))]
    >>> s = score_actors(gold)
    >>> s.n, s.correct, s.wrong_merges
    (3, 3, 0)
    """
    registry = registry if registry is not None else default_registry()
    scores = ActorScores()
    for m, st in zip(mentions, resolve_gold(mentions, registry), strict=False):
        existing = st.actor_method not in NEW_METHODS
        category = m.category or "all"
        if m.gold == NO_ACTOR:
            scores.generic += 1
            if existing:
                scores.generic_wrong_merges += 1
                scores.errors.append(_error(m, st, "generic resolved to a registry actor"))
            continue
        scores.n += 1
        ok = st.actor is not None and name_key(st.actor) == name_key(m.gold)
        cat = scores.by_category.setdefault(category, {"n": 0, "correct": 0, "wrong_merges": 0})
        method = scores.by_method.setdefault(str(st.actor_method), {"n": 0, "correct": 0})
        cat["n"] += 1
        method["n"] += 1
        if ok:
            scores.correct += 1
            cat["correct"] += 1
            method["correct"] += 1
        elif existing:
            scores.wrong_merges += 1
            cat["wrong_merges"] += 1
            scores.errors.append(_error(m, st, "wrong merge"))
        else:
            scores.new_errors += 1
            scores.errors.append(_error(m, st, "missed (new actor)"))
    return scores


def _error(m: GoldMention, st: Statement, kind: str) -> dict[str, Any]:
    return {"doc": m.doc, "start": m.start, "mention": m.mention, "gold": m.gold, "predicted": st.actor,
            "method": st.actor_method, "error": kind, "line": m.line}


def evaluate_actors(
    gold: str | Path, *, texts: str | Path | None = None, registry: ActorRegistry | None = None
) -> ActorScores:
    """Read a gold file and score actor resolution on it (see the module docstring)."""
    return score_actors(read_gold(gold, texts), registry)
