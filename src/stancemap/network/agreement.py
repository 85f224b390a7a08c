"""Two-mode (actor x issue) edge weights: how an actor's stances on an issue combine, and normalisations.

An actor's statements on one issue form a :class:`Cell` (support, oppose and
neutral counts after the duplicate rule, or confidence-weighted sums). An
*agreement* function turns a cell into the edge weight, as the qualifier
aggregation of the Discourse Network Analyzer (Leifeld 2017):

- :func:`ignore`: all statements, whatever their stance;
- :func:`combine`: a category, 1 = support only, 2 = oppose only, 3 = both, 0 = neutral only;
- :func:`subtract`: support minus oppose.

A *normalisation* then divides the weight by the actor's activity (the
actor's statements over all selected issues, :func:`activity`) or by the
issue's prominence (all statements on the issue, :func:`prominence`), or
leaves it (:func:`raw`). Categories (:func:`combine`) are not normalised.

References
----------
Leifeld, P. (2017). Discourse Network Analysis: Policy Debates as Dynamic
Networks. In *The Oxford Handbook of Political Networks*, 301-326.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cell:
    """An actor's statements on one issue, by stance."""

    support: float = 0.0
    oppose: float = 0.0
    neutral: float = 0.0

    @property
    def total(self) -> float:
        return self.support + self.oppose + self.neutral

    @property
    def label(self) -> str:
        """``support``, ``oppose``, ``both`` or ``neutral``."""
        if self.support and self.oppose:
            return "both"
        if self.support:
            return "support"
        if self.oppose:
            return "oppose"
        return "neutral"


Agreement = Callable[[Cell], float]
TwoModeNormalization = Callable[[float, float, float], float]


def ignore(cell: Cell) -> float:
    """All statements count, whatever the stance.

    >>> ignore(Cell(support=2, oppose=1, neutral=1))
    4.0
    """
    return float(cell.total)


def combine(cell: Cell) -> float:
    """A category: 1 support only, 2 oppose only, 3 both, 0 neutral only.

    >>> combine(Cell(support=2)), combine(Cell(oppose=1)), combine(Cell(support=1, oppose=1))
    (1.0, 2.0, 3.0)
    """
    return {"support": 1.0, "oppose": 2.0, "both": 3.0, "neutral": 0.0}[cell.label]


def subtract(cell: Cell) -> float:
    """Support minus oppose.

    >>> subtract(Cell(support=1, oppose=3))
    -2.0
    """
    return float(cell.support - cell.oppose)


combine.categorical = True  # type: ignore[attr-defined]

#: The agreement functions by the names the command line uses.
AGREEMENTS: dict[str, Agreement] = {"ignore": ignore, "combine": combine, "subtract": subtract}


def raw(weight: float, actor_total: float, issue_total: float) -> float:
    """No normalisation."""
    return weight


def activity(weight: float, actor_total: float, issue_total: float) -> float:
    """Divide by the actor's activity: all the actor's statements on the selected issues.

    >>> activity(2.0, 4.0, 10.0)
    0.5
    """
    return weight / actor_total if actor_total else 0.0


def prominence(weight: float, actor_total: float, issue_total: float) -> float:
    """Divide by the issue's prominence: all statements on the issue.

    >>> prominence(2.0, 4.0, 10.0)
    0.2
    """
    return weight / issue_total if issue_total else 0.0


#: The two-mode normalisations by the names the command line uses.
TWO_MODE_NORMALIZATIONS: dict[str, TwoModeNormalization] = {
    "none": raw,
    "activity": activity,
    "prominence": prominence,
}
