"""Which keywords and codebook phrases code what: the model's codings of each issue grouped by their evidence.

A coding's ``evidence`` names what its relevance rests on: the keyword found ("keyword: wall") or the codebook
phrase nearest the statement. Grouped, they show a codebook's author which of an issue's words bring in its
codings, with which sides, and what people who reviewed some of them said: a keyword behind many codings that
people call not relevant ("presidential" on an issue about a candidate's fitness fires on every "presidential
candidate") is one to make longer or drop. The counts come from the store already grouped
(:func:`stancemap.store.codings.evidence_tallies`); a keyword found as "Wall" and as "wall" is one.

>>> counts = [("wall", "keyword: wall", "support", 3), ("wall", "keyword: Wall", "neutral", 1),
...           ("wall", "Secure the border.", "support", 2), ("wall", None, "neutral", 1)]
>>> verdicts = [("wall", "keyword: wall", False, 1), ("wall", "keyword: wall", True, 1)]
>>> for t in tally_evidence(counts, verdicts):
...     print(t.evidence, t.codings, dict(t.stances), t.relevant, t.not_relevant)
keyword: wall 4 {'support': 3, 'neutral': 1} 1 1
Secure the border. 2 {'support': 2} 0 0
(none: a continuation, or not recorded) 1 {'neutral': 1} 0 0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["EvidenceTally", "NO_EVIDENCE", "evidence_key", "tally_evidence"]

#: how a coding with no evidence of its own is shown: a continuation inherits its relevance from the speaker's
#: statement before (:mod:`stancemap.stance.continuity`); older codings and other coders may record none
NO_EVIDENCE = "(none: a continuation, or not recorded)"


@dataclass
class EvidenceTally:
    """The model's codings of one issue that rest on one piece of evidence."""

    issue: str
    evidence: str
    codings: int = 0
    stances: Counter[str] = field(default_factory=Counter)
    #: of these codings, how many a reviewer coded with a stance (relevant) or called not relevant
    relevant: int = 0
    not_relevant: int = 0
    #: ``(statement id, content)`` of a few of them (filled by the store)
    examples: list[tuple[int, str]] = field(default_factory=list)

    @property
    def key(self) -> str | None:
        """What the store matches this tally's codings' evidence against (:func:`evidence_key`)."""
        return None if self.evidence == NO_EVIDENCE else evidence_key(self.evidence)


def evidence_key(evidence: str | None) -> str | None:
    """The form evidence is grouped by: lower case ("keyword: Wall" and "keyword: wall" are one).

    >>> evidence_key("keyword: Commander-In-Chief"), evidence_key(None)
    ('keyword: commander-in-chief', None)
    """
    return None if evidence is None else evidence.lower()


def tally_evidence(counts: Iterable[tuple[str, str | None, str, int]],
                   verdicts: Iterable[tuple[str, str | None, bool, int]] = ()) -> list[EvidenceTally]:
    """Tallies from ``(issue, evidence, stance, codings)`` counts and ``(issue, evidence, whether a reviewer found
    the statement relevant, codings)`` verdicts: per issue (in order of first appearance), the evidence behind the
    most codings first, each shown in the form most of its codings record."""
    found: dict[tuple[str, str | None], EvidenceTally] = {}
    forms: dict[tuple[str, str | None], Counter[str]] = {}
    for issue, evidence, stance, n in counts:
        key = (issue, evidence_key(evidence))
        tally = found.setdefault(key, EvidenceTally(issue, NO_EVIDENCE))
        tally.codings += n
        tally.stances[stance] += n
        forms.setdefault(key, Counter())[evidence or NO_EVIDENCE] += n
    for key, written in forms.items():  # shown as written most often (then first in order), whatever the row order
        found[key].evidence = sorted(written.items(), key=lambda item: (-item[1], item[0]))[0][0]
    for issue, evidence, relevant, n in verdicts:
        judged = found.get((issue, evidence_key(evidence)))
        if judged is None:
            continue
        if relevant:
            judged.relevant += n
        else:
            judged.not_relevant += n
    order = {issue: n for n, issue in enumerate(dict.fromkeys(issue for issue, _ in found))}
    return sorted(found.values(), key=lambda t: (order[t.issue], -t.codings, t.evidence))
