"""How the polar cues of one segment of a text combine into a score (:mod:`stancemap.stance.lexical`).

A segment's score is ``E * D``: ``E`` the signed sum of its evaluation and modal cues, ``D`` the
direction of its direction cues (:func:`direction`), read only from the cues that act on the
issue's terms where some do (:func:`on_target`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from stancemap.stance.lexicon import CueMatch

__all__ = ["PUNCT", "Polar", "direction", "on_target", "segment_score"]

PUNCT = frozenset({".", "!", "?", ";", ":", ",", "(", ")", '"', "\u201c", "\u201d"})


@dataclass
class Polar:
    """A polar cue found in a text, with its sign after negation and its weight."""

    match: CueMatch
    sign: int
    weight: float

    @property
    def kind(self) -> str:
        return self.match.cue.kind


#: how many words after a direction cue its object may start ("stop *global warming*", "ban all *Muslims*")
_OBJECT_WINDOW = 4


def on_target(dirs: list[Polar], sts: Sequence[str], targets: frozenset[str]) -> list[Polar]:
    """The direction cues whose object (the next :data:`_OBJECT_WINDOW` words, up to punctuation) holds an
    issue term; all of them when none does or no terms are given.

    In "we must cut emissions to stop global warming", on an issue about stopping global warming, "cut" acts on
    the means and "stop" on the issue: only "stop" gives the direction.
    """
    if not targets:
        return dirs
    hits = []
    for d in dirs:
        for st in sts[d.match.end:d.match.end + _OBJECT_WINDOW]:
            if st in PUNCT:
                break
            if st in targets:
                hits.append(d)
                break
    return hits or dirs


#: how close a direction cue must follow another to act on it ("reduce *restrictions*", "allow them to *ban*")
_CHAIN_WINDOW = 3


def direction(dirs: list[Polar], sts: Sequence[str]) -> int:
    """The direction of a segment's direction cues: a cue that acts on the one before it (within
    :data:`_CHAIN_WINDOW` words, no punctuation or "and" between) multiplies with it ("reduce restrictions": more);
    cues side by side ("cut emissions and reduce pollution") count as the majority of their chains' signs, the
    product where they tie.

    >>> from stancemap.stance.lexical import analyse_stance
    >>> analyse_stance("We cut taxes and reduce spending.").score < 0, analyse_stance("Reduce restrictions.").score > 0
    (True, True)
    """
    chains: list[int] = []
    last: Polar | None = None
    for d in sorted(dirs, key=lambda p: p.match.start):
        gap = sts[last.match.end:d.match.start] if last is not None else None
        if gap is not None and len(gap) <= _CHAIN_WINDOW and not any(t in PUNCT or t in ("and", "or") for t in gap):
            chains[-1] *= d.sign
        else:
            chains.append(d.sign)
        last = d
    total = sum(chains)
    return (1 if total > 0 else -1) if total else math.prod(chains)


def segment_score(items: list[Polar], sts: Sequence[str] = (), targets: frozenset[str] = frozenset()) -> float:
    """``E * D`` (see the module docstring); a segment with direction cues only scores 0.6 of the strongest."""
    evals = [p.sign * p.weight for p in items if p.kind in ("eval", "modal", "rebuttal", "rhetorical")]
    dirs = on_target([p for p in items if p.kind == "direction"], sts, targets)
    sign = direction(dirs, sts)
    if evals:
        e = sum(evals)
    elif dirs:
        e = 0.6 * max(d.weight for d in dirs)
    else:
        return 0.0
    return e * sign
