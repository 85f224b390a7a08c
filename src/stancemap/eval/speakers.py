"""Score the actor a user sees behind each statement, end to end, against an entity-level gold.

:mod:`stancemap.eval.actors` resolves gold *mentions* alone; this module scores
the statements the whole pipeline found in the gold's articles (parse,
attribution, in-document resolution, registry): each gold speaker mention is
matched to the found statement whose speaker span overlaps it most, and the
statement's canonical actor is compared with the gold actor.

The gold is the same TSV or JSON Lines as :mod:`stancemap.eval.actors`, with
``category`` one of ``name``, ``pronoun``, ``description`` or ``first_person``
(the kind of source span) and an optional ``gender`` of the gold actor (``m``,
``f``, ``org``, ``group``, ``country``), used to count gender- and
animacy-impossible resolutions ("she" resolved to a man or to an organisation).

Measures, over mentions whose gold is an actor (not ``-``):

- **accuracy**: the mention is found as a statement's speaker and its actor is
  the gold actor (same :func:`~stancemap.names.normalise.name_key`); a mention
  the extractor did not find counts as wrong;
- **accuracy when found**: the same over found mentions only (the resolver's share);
- **impossible**: pronoun resolutions whose actor's gender or animacy the
  pronoun rules out.

Mentions with gold ``-`` (the article establishes no particular actor) are
counted apart: an error there is a statement given an actor that the gold
names elsewhere or that the registry knows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from stancemap.eval.actors import NO_ACTOR, GoldMention
from stancemap.models import Statement
from stancemap.names.normalise import name_key, title_key

#: Source kinds the breakdown reports, in this order.
CATEGORIES = ("name", "pronoun", "description", "first_person")
#: Genders or animacies each pronoun rules out.
_RULED_OUT = {
    **{p: {"f", "org", "group", "country"} for p in ("he", "him", "his", "himself")},
    **{p: {"m", "org", "group", "country"} for p in ("she", "her", "hers", "herself")},
    **{p: {"m", "f"} for p in ("it", "its", "itself")},
}


@dataclass
class SpeakerScores:
    """Figures of one end-to-end evaluation and the mentions behind them."""

    n: int = 0
    found: int = 0
    correct: int = 0
    impossible: int = 0
    unresolvable: int = 0
    unresolvable_named: int = 0
    by_category: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    @property
    def accuracy_found(self) -> float:
        return self.correct / self.found if self.found else 0.0

    def to_dict(self) -> dict[str, Any]:
        categories = {
            name: {**figures,
                   "accuracy": round(figures["correct"] / figures["n"], 4) if figures["n"] else None,
                   "accuracy_found": round(figures["correct"] / figures["found"], 4) if figures["found"] else None}
            for name, figures in self.by_category.items()
        }
        return {"n": self.n, "found": self.found, "correct": self.correct,
                "accuracy": round(self.accuracy, 4), "accuracy_found": round(self.accuracy_found, 4),
                "impossible": self.impossible, "unresolvable": self.unresolvable,
                "unresolvable_given_a_named_actor": self.unresolvable_named,
                "by_category": categories, "errors": self.errors}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def speaker_at(mention: GoldMention, statements: Sequence[Statement]) -> Statement | None:
    """The statement whose speaker span overlaps ``mention`` most (ties: the earliest content)."""
    if mention.start is None or mention.end is None:
        return None
    best, best_overlap = None, 0
    for st in statements:
        if st.speaker is None:
            continue
        overlap = _overlap((mention.start, mention.end), (st.speaker.start, st.speaker.end))
        if overlap > best_overlap:
            best, best_overlap = st, overlap
    return best


def gender_of(mentions: Iterable[GoldMention], types: Mapping[str, str] | None = None) -> dict[str, str]:
    """Gender or animacy of each actor, by name key: the gold's ``gender`` column, then ``types``.

    ``types`` maps name keys to registry actor types (``organisation``, ``country``, ``group``).
    """
    known = {key: {"organisation": "org"}.get(kind, kind) for key, kind in (types or {}).items()
             if kind in ("organisation", "country", "group")}
    for m in mentions:
        if m.gold != NO_ACTOR and m.gender:
            known[name_key(m.gold)] = m.gender
    return known


def is_impossible(mention: str, actor: str | None, genders: Mapping[str, str]) -> bool:
    """Whether the pronoun ``mention`` cannot refer to ``actor`` (by gender or animacy)."""
    ruled_out = _RULED_OUT.get(mention.strip().lower())
    if not ruled_out or actor is None:
        return False
    return genders.get(name_key(actor)) in ruled_out


def score_speakers(
    mentions: Sequence[GoldMention],
    statements: Sequence[Statement],
    *,
    known_actors: Mapping[str, str] | None = None,
    canonical: Callable[[str], str] | None = None,
) -> SpeakerScores:
    """Score the actors of ``statements`` (the pipeline's output on the gold's documents).

    ``known_actors`` maps name keys of registry actors to their types: a gold-``-``
    mention given one of them is an error, and organisations count as impossible
    antecedents of "he" and "she". ``canonical`` maps a name to the canonical name
    of the actor it is a name or alias of (the registry's), so that a gold
    "State Department" matches an actor stored as "US Department of State".

    Examples
    --------
    >>> from stancemap.models import TextSpan
    >>> gold = [GoldMention("d", "She", "Jane Roe", start=0, end=3, category="pronoun", gender="f"),
    ...         GoldMention("d", "John Doe", "John Doe", start=20, end=28, category="name", gender="m")]
    >>> found = [Statement("d", TextSpan(9, 15, "x"), speaker=TextSpan(0, 3, "She"), actor="John Doe"),
    ...          Statement("d", TextSpan(30, 35, "y"), speaker=TextSpan(20, 28, "John Doe"), actor="John Doe")]
    >>> s = score_speakers(gold, found)
    >>> s.n, s.correct, s.impossible
    (2, 1, 1)
    """
    by_doc: dict[str, list[Statement]] = {}
    for statement in statements:
        by_doc.setdefault(statement.doc_id, []).append(statement)
    genders = gender_of(mentions, known_actors)
    named = {name_key(m.gold) for m in mentions if m.gold != NO_ACTOR} | set(known_actors or ())
    scores = SpeakerScores()
    for m in mentions:
        st = speaker_at(m, by_doc.get(m.doc, []))
        actor = st.actor if st is not None else None
        if m.gold == NO_ACTOR:
            scores.unresolvable += 1
            if actor is not None and name_key(actor) in named:
                scores.unresolvable_named += 1
                scores.errors.append(_error(m, st, "unresolvable mention given a named actor"))
            continue
        cat = scores.by_category.setdefault(m.category or "all", {"n": 0, "found": 0, "correct": 0, "impossible": 0})
        scores.n += 1
        cat["n"] += 1
        if st is None:
            scores.errors.append(_error(m, None, "not found by the extractor"))
            continue
        scores.found += 1
        cat["found"] += 1
        if actor is not None and _same(actor, m.gold, canonical):
            scores.correct += 1
            cat["correct"] += 1
            continue
        impossible = is_impossible(m.mention, actor, genders)
        scores.impossible += impossible
        cat["impossible"] += impossible
        scores.errors.append(_error(m, st, "impossible pronoun resolution" if impossible else "wrong actor"))
    scores.by_category = {c: scores.by_category[c] for c in sorted(scores.by_category, key=_category_order)}
    return scores


def _same(actor: str, gold: str, canonical: Callable[[str], str] | None) -> bool:
    # title_key: name_key without a leading "the" ("The New York Times" is "New York Times")
    if title_key(actor) == title_key(gold):
        return True
    return canonical is not None and title_key(canonical(actor)) == title_key(canonical(gold))


def _category_order(name: str) -> tuple[int, str]:
    return (CATEGORIES.index(name) if name in CATEGORIES else len(CATEGORIES), name)


def _error(m: GoldMention, st: Statement | None, kind: str) -> dict[str, Any]:
    return {"doc": m.doc, "start": m.start, "mention": m.mention, "category": m.category, "gold": m.gold,
            "predicted": st.actor if st is not None else None,
            "speaker_name": st.speaker_name if st is not None else None,
            "method": st.actor_method if st is not None else None, "error": kind, "line": m.line}
