"""Which keywords and codebook phrases code what: the model's codings of each issue grouped by their evidence.

A coding's ``evidence`` names what its relevance rests on: the keyword found ("keyword: wall") or the codebook
phrase nearest the statement. Grouped, they show a codebook's author which of an issue's words bring in its
codings, with which sides, and what people who reviewed some of them said: a keyword behind many codings that
people call not relevant ("presidential" on an issue about a candidate's fitness fires on every "presidential
candidate") is one to make longer or drop.

>>> rows = [CodingEvidence(1, "wall", "support", "keyword: wall", "Build it", None),
...         CodingEvidence(2, "wall", "neutral", "keyword: wall", "The Berlin Wall", "unrelated")]
>>> (tally,) = tally_evidence(rows)
>>> tally.evidence, tally.codings, tally.stances["support"], tally.not_relevant, tally.examples
('keyword: wall', 2, 1, 1, [(1, 'Build it'), (2, 'The Berlin Wall')])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["CodingEvidence", "EvidenceTally", "NO_EVIDENCE", "tally_evidence"]

#: how a coding with no evidence of its own is shown: a continuation inherits its relevance from the speaker's
#: statement before (:mod:`stancemap.stance.continuity`); older codings and other coders may record none
NO_EVIDENCE = "(none: a continuation, or not recorded)"
#: the stance of a person's "not relevant" (:data:`stancemap.store.read.NOT_RELEVANT`)
_NOT_RELEVANT = "unrelated"


@dataclass(frozen=True)
class CodingEvidence:
    """A model's coding of a statement on an issue, the evidence of its relevance ("keyword: wall" or the codebook
    phrase nearest the statement), and ``judged``: the latest person's coding of the same statement and issue
    (``unrelated`` for "not relevant"), ``None`` where nobody coded it (read by
    :func:`stancemap.store.codings.coding_evidence`)."""

    statement_id: int
    issue_id: str
    stance: str
    evidence: str | None
    content: str
    judged: str | None


@dataclass
class EvidenceTally:
    """The model's codings of one issue that rest on one piece of evidence."""

    issue: str
    evidence: str
    codings: int = 0
    stances: Counter[str] = field(default_factory=Counter)
    #: of these codings, how many a person coded with a stance (relevant) or called not relevant
    relevant: int = 0
    not_relevant: int = 0
    #: ``(statement id, content)`` of the first few
    examples: list[tuple[int, str]] = field(default_factory=list)


def tally_evidence(rows: Iterable[CodingEvidence], examples: int = 2) -> list[EvidenceTally]:
    """The codings grouped by issue and evidence (a keyword found as "Commander-in-Chief" and as "Commander-In-Chief"
    is one): per issue (in order of first appearance), the evidence behind the most codings first, with
    ``examples`` statements each."""
    found: dict[tuple[str, str], EvidenceTally] = {}
    for row in rows:
        evidence = row.evidence or NO_EVIDENCE
        key = (row.issue_id, evidence.casefold())
        tally = found.setdefault(key, EvidenceTally(row.issue_id, evidence))
        tally.codings += 1
        tally.stances[row.stance] += 1
        if row.judged == _NOT_RELEVANT:
            tally.not_relevant += 1
        elif row.judged is not None:
            tally.relevant += 1
        if len(tally.examples) < examples:
            tally.examples.append((row.statement_id, row.content))
    order = {issue: n for n, issue in enumerate(dict.fromkeys(issue for issue, _ in found))}
    return sorted(found.values(), key=lambda t: (order[t.issue], -t.codings, t.evidence))
