"""Speaker consistency: in their own voice, a speaker holds one side of an issue through a document.

A testimony, speech or op-ed argues one position on each issue it takes up, over many
sentences. Each sentence read alone is a noisy witness of that position: the pair model
leans towards *support* on any sentence close to the issue's topic, so "A federal
renewable mandate is the wrong tool" can come out *support* in a testimony whose other
sentences on the mandate are all *oppose*. :func:`agree_with_the_speaker` lets the
majority of a speaker's codings on an issue in one document decide the minority's side.

Which codings
    Model codings (never a person's) that take a side, of statements in the speaker's own
    voice: kind ``own``, or quoted or reported words of a speaker who speaks in their own
    voice in the same document (a press release quoting its senator; :func:`in_own_voice`),
    grouped by speaker (canonical actor, else the name the document gives) and issue. A
    group of at least :data:`MIN_CODINGS` with a strict majority side turns its other
    codings round; a tie changes nothing, and ``neutral`` codings neither vote nor change.
    A side the speaker states in so many words (their cue
    evaluates or demands and the cue rules decide: "We *oppose* a one-size-fits-all renewable
    mandate") is the best witness: it counts twice and is never turned, so that model leans
    on sentences near the topic ("... would raise rates for the families who can least
    afford it" read as *support*) cannot outvote it.

What is recorded
    A turned coding keeps its issue and relevance; its stance is the majority's, its
    confidence the majority codings' mean, and its origin ends ``+consistency``, so that the
    review queue and the exports show that the document, not the sentence alone, decided.

Measured on the own-voice sets (`benchmarks/results/eval_coding_ownvoice.md`): train tuple F1
0.697 -> 0.759 with its codebook and 0.636 -> 0.677 with bare concepts (the minimum of 2 and 3
the same, 4 lower: 0.729 / 0.656); dev 0.674 -> 0.690, Cohen's kappa 0.426 -> 0.465. Sides stated
outright counting twice and never turned: train 0.759 -> 0.785 (codebook; any side the cue
rules decide, whatever the speaker's cue, 0.775), concepts unchanged; dev 0.690 -> 0.696
(concepts 0.471 -> 0.478), kappa 0.465 -> 0.479. With the quotes of own-voice speakers
(:func:`in_own_voice`, also read as own voice by the coder): train stance macro-F1 0.688 -> 0.727,
kappa 0.661 -> 0.710, tuple F1 0.785 unchanged; dev tuple F1 0.696 -> 0.703, kappa 0.479 -> 0.506. The coder
also reads others' quotes in such a document as taking sides (:func:`takes_sides`), but they do not vote here. News
statements are not own-voice and are left as they are (on the PolNeAR train gold, grouping
reported statements the same way changed nothing measurable).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from stancemap.models import QUOTATION_KINDS, Coding, Statement

__all__ = ["MIN_CODINGS", "SUFFIX", "agree_with_the_speaker", "in_own_voice", "takes_sides"]

#: the fewest sided codings of one speaker on one issue in a document for their majority to decide
MIN_CODINGS = 3
#: what a turned coding's origin ends with
SUFFIX = "+consistency"

_SIDES = ("support", "oppose")


def in_own_voice(statements: Sequence[Statement]) -> list[bool]:
    """Per statement of one document, whether it is in its speaker's own voice: kind ``own``, or the words of a
    speaker who has statements of kind ``own`` in the document (their quotes in their own press release or
    testimony are their positions too; a news report has no ``own`` statements, so nothing changes there).

    >>> from stancemap.models import TextSpan
    >>> said = [Statement("d", TextSpan(0, 1, "x"), kind=kind, actor=actor)
    ...         for kind, actor in (("own", "Ann Lee"), ("direct", "Ann Lee"), ("direct", "Bo Chen"))]
    >>> in_own_voice(said)
    [True, True, False]
    """
    speakers = {s.actor or s.speaker_name for s in statements if s.kind == "own"} - {None, ""}
    return [s.kind == "own" or (s.actor or s.speaker_name) in speakers for s in statements]


def takes_sides(statements: Sequence[Statement]) -> list[bool]:
    """Per statement of one document, whether the coder reads it as taking a side (``sided``, see
    :meth:`~stancemap.stance.semantic.SemanticCoder.decisions`): in its speaker's own voice (:func:`in_own_voice`),
    or quoted word for word in a document in its speaker's own voice, which quotes its supporters and critics for
    their positions ("'Four billion dollars for a train is four billion dollars not spent on Highway 99,' the
    Alliance said", in a senator's press release). A news report's quotes are not: without a cue the model's side
    of them was wrong more often than right (PolNeAR train golds, thirty-seventh session).

    >>> from stancemap.models import TextSpan
    >>> said = [Statement("d", TextSpan(0, 1, "x"), kind=kind, actor=actor)
    ...         for kind, actor in (("own", "Ann Lee"), ("direct", "Bo Chen"), ("indirect", "Bo Chen"))]
    >>> takes_sides(said), takes_sides(said[1:])
    ([True, True, False], [False, False])
    """
    own = in_own_voice(statements)
    document_in_own_voice = any(s.kind == "own" for s in statements)
    return [o or document_in_own_voice and s.kind in QUOTATION_KINDS for o, s in zip(own, statements, strict=True)]


def agree_with_the_speaker(statements: Sequence[Statement],
                           outright: Callable[[Statement, Coding], bool] | None = None) -> list[Statement]:
    """``statements`` (one document's) with each own-voice speaker's minority model codings on an issue turned
    to their majority side (see the module docstring); ``outright(statement, coding)`` says whether the
    coding's side is stated in so many words (it counts twice and is never turned).

    Examples
    --------
    >>> from stancemap.models import TextSpan
    >>> def own(start, stance, origin="model:semantic.v1"):
    ...     return Statement("d", TextSpan(start, start + 1, "x"), kind="own", actor="Ann Lee",
    ...                      codings=(Coding("tax", stance, 0.6, origin),))
    >>> out = agree_with_the_speaker([own(0, "oppose"), own(2, "oppose"), own(4, "support"), own(6, "neutral")])
    >>> [(s.codings[0].stance, s.codings[0].origin) for s in out]  # doctest: +NORMALIZE_WHITESPACE
    [('oppose', 'model:semantic.v1'), ('oppose', 'model:semantic.v1'),
     ('oppose', 'model:semantic.v1+consistency'), ('neutral', 'model:semantic.v1')]
    >>> out = agree_with_the_speaker([own(0, "oppose"), own(2, "support", "person:ana"), own(4, "support")])
    >>> [s.codings[0].stance for s in out]  # a person's coding never votes or changes: no majority of three
    ['oppose', 'support', 'support']
    >>> said = lambda statement, coding: statement.content.start == 0
    >>> out = agree_with_the_speaker([own(0, "oppose"), own(2, "support"), own(4, "support")], said)
    >>> [s.codings[0].stance for s in out]  # a side stated outright counts twice: a tie, nothing turned
    ['oppose', 'support', 'support']
    >>> out = agree_with_the_speaker([own(0, "oppose"), own(2, "support"), own(4, "oppose")], said)
    >>> [s.codings[0].stance for s in out]
    ['oppose', 'oppose', 'oppose']
    """
    groups: dict[tuple[str, str], list[tuple[int, Coding, bool]]] = {}
    for k, (statement, own) in enumerate(zip(statements, in_own_voice(statements), strict=True)):
        speaker = statement.actor or statement.speaker_name
        if not own or not speaker:
            continue
        for coding in statement.codings:
            if coding.origin.startswith("model:") and coding.stance in _SIDES:
                stated = outright is not None and outright(statement, coding)
                groups.setdefault((speaker, coding.issue), []).append((k, coding, stated))
    turned: dict[int, dict[str, Coding]] = {}  # statement -> issue -> its turned coding
    for members in groups.values():
        if len(members) < MIN_CODINGS:
            continue
        votes: Counter[str] = Counter()
        for _, coding, stated in members:
            votes[coding.stance] += 2 if stated else 1
        (side, most), *rest = votes.most_common()
        if rest and rest[0][1] == most:
            continue
        agreeing = [c.confidence for _, c, _ in members if c.stance == side]
        confidence = round(sum(agreeing) / len(agreeing), 4)
        for k, coding, stated in members:
            if coding.stance != side and not stated:
                turned.setdefault(k, {})[coding.issue] = replace(
                    coding, stance=side, confidence=confidence, origin=coding.origin + SUFFIX)
    out = list(statements)
    for k, new in turned.items():
        out[k] = out[k].with_(codings=tuple(
            new[c.issue] if c.issue in new and c.origin.startswith("model:") else c for c in out[k].codings))
    return out
