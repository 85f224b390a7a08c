"""Polarization of a discourse: how far congruence and conflict split the actors into two camps.

For a split of the actors into two camps ``(A, B)``, with the congruence and
conflict networks of :mod:`stancemap.network.build`:

.. math::

    P(A, B) = \\frac{\\text{conflict between camps}}{\\text{all conflict}}
              \\times \\frac{\\text{congruence within camps}}{\\text{all congruence}}

The polarization score is the highest :math:`P` over all splits. It is the
product of the external share of the conflict network and the internal share
of the congruence network, i.e. ``(1 + EI_conflict) / 2 * (1 - EI_congruence) / 2``
with Krackhardt and Stern's E-I index, applied to Leifeld's congruence and
conflict networks. It is 1 when two camps agree inside and fight across with
nothing else; 0 when there is no conflict (consensus), and low when conflict
and agreement cut across any split. Networks up to ``exact_limit`` actors are
split exactly (all splits tried); larger ones by local search from several
starts (moving one actor at a time, as in Doreian and Mrvar's partitioning of
signed networks), which can miss the best split.

References
----------
Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational
crises: an experimental simulation. *Social Psychology Quarterly* 51(2), 123-140.
Leifeld, P. (2017). Discourse Network Analysis: Policy Debates as Dynamic
Networks. In *The Oxford Handbook of Political Networks*, 301-326.
Doreian, P. and Mrvar, A. (1996). A partitioning approach to structural
balance. *Social Networks* 18(2), 149-168.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class Polarization:
    """The best two-camp split and its score (see the module docstring)."""

    score: float
    camps: tuple[tuple[str, ...], tuple[str, ...]]
    conflict_between: float
    conflict_total: float
    congruence_within: float
    congruence_total: float
    exact: bool

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "camps": [list(c) for c in self.camps],
            "conflict_between": self.conflict_between,
            "conflict_total": self.conflict_total,
            "congruence_within": self.congruence_within,
            "congruence_total": self.congruence_total,
            "exact": self.exact,
        }


def _edges(G: nx.Graph, weight: str) -> list[tuple[str, str, float]]:
    return [(u, v, abs(float(d.get(weight, 1.0)))) for u, v, d in G.edges(data=True) if u != v]


def split_score(
    congruence: nx.Graph, conflict: nx.Graph, camp: Iterable[str], *, weight: str = "weight"
) -> float:
    """:math:`P(A, B)` for the camp ``A`` given (every other actor is in ``B``).

    >>> cong = nx.Graph([("A", "B"), ("C", "D")]); conf = nx.Graph([("A", "C"), ("B", "D")])
    >>> split_score(cong, conf, {"A", "B"}), split_score(cong, conf, {"A", "C"})
    (1.0, 0.0)
    """
    side = set(camp)
    return _score(_edges(congruence, weight), _edges(conflict, weight), lambda n: n in side)[0]


def _score(cong, conf, in_a) -> tuple[float, float, float, float, float]:
    conf_total = sum(w for _, _, w in conf)
    cong_total = sum(w for _, _, w in cong)
    between = sum(w for u, v, w in conf if in_a(u) != in_a(v))
    within = sum(w for u, v, w in cong if in_a(u) == in_a(v))
    if conf_total == 0:
        return 0.0, between, conf_total, within, cong_total
    share_conf = between / conf_total
    share_cong = within / cong_total if cong_total else 1.0
    return share_conf * share_cong, between, conf_total, within, cong_total


def polarization(
    congruence: nx.Graph,
    conflict: nx.Graph,
    *,
    weight: str = "weight",
    exact_limit: int = 12,
    restarts: int = 20,
    seed: int = 0,
) -> Polarization:
    """The polarization score of a discourse and its two camps.

    Parameters
    ----------
    congruence, conflict : networkx.Graph
        One-mode networks over the same actors (e.g. from
        :func:`~stancemap.network.build.congruence_network` and
        :func:`~stancemap.network.build.conflict_network` on one selection).
    weight : str
        Edge attribute holding the weight (absolute values are used).
    exact_limit : int
        Up to this many actors with ties, every split is tried.
    restarts, seed : int
        Local search starts (and their random seed) above ``exact_limit``.

    Returns
    -------
    Polarization
        ``score`` in [0, 1], the camps (sorted; the first holds the
        alphabetically first actor), and the totals the score is made of.

    Examples
    --------
    Two camps that agree inside and fight across are perfectly polarized:

    >>> cong = nx.Graph([("A", "B"), ("C", "D")])
    >>> conf = nx.Graph([("A", "C"), ("A", "D"), ("B", "C"), ("B", "D")])
    >>> p = polarization(cong, conf)
    >>> p.score, p.camps
    (1.0, (('A', 'B'), ('C', 'D')))

    Agreement across the camps lowers it (4/4 conflict between, 2/3 congruence within):

    >>> cong.add_edge("A", "C")
    >>> round(polarization(cong, conf).score, 4)
    0.6667
    """
    cong = _edges(congruence, weight)
    conf = _edges(conflict, weight)
    nodes = sorted({n for u, v, _ in cong + conf for n in (u, v)})
    if not nodes or not conf:
        return Polarization(0.0, (tuple(nodes), ()), 0.0, sum(w for *_, w in conf), sum(w for *_, w in cong),
                            sum(w for *_, w in cong), True)
    index = {n: i for i, n in enumerate(nodes)}
    exact = len(nodes) <= exact_limit
    if exact:
        best = _best_split_exact(nodes, index, cong, conf)
    else:
        best = _best_split_search(nodes, index, cong, conf, restarts, seed)
    return _result(nodes, index, cong, conf, best[1], exact)


def _result(
    nodes: list[str], index: dict[str, int], cong: _Edges, conf: _Edges, side: tuple[bool, ...], exact: bool
) -> Polarization:
    """The :class:`Polarization` of a split, its first camp holding the first node."""
    if side[0]:
        side = tuple(not s for s in side)
    score, between, conf_total, within, cong_total = _score(cong, conf, lambda n: side[index[n]])
    camp_a = tuple(n for n in nodes if not side[index[n]])
    camp_b = tuple(n for n in nodes if side[index[n]])
    return Polarization(score, (camp_a, camp_b), between, conf_total, within, cong_total, exact)


#: A flip must raise the score by more than this to count as an improvement (rounding).
_MIN_GAIN = 1e-12

_Edges = list[tuple[str, str, float]]


def _split_value(cong: _Edges, conf: _Edges, index: dict[str, int], side: Sequence[bool]) -> float:
    """The score of the split that puts node ``n`` on side ``side[index[n]]``."""
    return _score(cong, conf, lambda n: side[index[n]])[0]


def _best_split_exact(
    nodes: list[str], index: dict[str, int], cong: _Edges, conf: _Edges
) -> tuple[float, tuple[bool, ...]]:
    """``(score, side of each node)`` of the best of all splits (the first actor always in camp A)."""
    best: tuple[float, tuple[bool, ...]] = (-1.0, ())
    rest = len(nodes) - 1
    for bits in itertools.product((False, True), repeat=rest):
        side = (False,) + bits  # the first actor is always in camp A
        value = _split_value(cong, conf, index, side)
        if value > best[0]:
            best = (value, side)
    return best


def _best_split_search(
    nodes: list[str], index: dict[str, int], cong: _Edges, conf: _Edges, restarts: int, seed: int
) -> tuple[float, tuple[bool, ...]]:
    """``(score, side of each node)`` of the best split a local search finds from ``restarts`` starts.

    The first start two-colours the conflict network; the others are random.
    Each flips one actor at a time while that raises the score.
    """
    best: tuple[float, tuple[bool, ...]] = (-1.0, ())
    rng = random.Random(seed)
    for attempt in range(restarts):
        side_list = _start(nodes, conf) if attempt == 0 else [rng.random() < 0.5 for _ in nodes]
        value = _split_value(cong, conf, index, side_list)
        improved = True
        while improved:
            improved = False
            for i in range(len(nodes)):
                side_list[i] = not side_list[i]
                candidate = _split_value(cong, conf, index, side_list)
                if candidate > value + _MIN_GAIN:
                    value, improved = candidate, True
                else:
                    side_list[i] = not side_list[i]
        if value > best[0]:
            best = (value, tuple(side_list))
    return best


def _start(nodes: list[str], conf: list[tuple[str, str, float]]) -> list[bool]:
    """A first split: two-colour the conflict network breadth first (opponents on opposite sides)."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(conf)
    colour: dict[str, bool] = {}
    for root in nodes:
        if root in colour:
            continue
        colour[root] = False
        for u, v in nx.bfs_edges(graph, root):
            colour[v] = not colour[u]
    return [colour[n] for n in nodes]


def signed_parts(G: nx.Graph) -> tuple[nx.Graph, nx.Graph]:
    """The congruence and conflict networks inside a signed (subtract) network.

    Uses the raw ``congruence`` and ``conflict`` edge attributes that
    :func:`stancemap.network.build.one_mode` records when present, else the
    sign of ``weight``.

    >>> S = nx.Graph(); S.add_edge("A", "B", weight=-1.0)
    >>> S.add_edge("A", "C", weight=2.0, congruence=3.0, conflict=1.0)
    >>> cong, conf = signed_parts(S)
    >>> sorted(cong.edges(data="weight")), sorted(conf.edges(data="weight"))
    ([('A', 'C', 3.0)], [('A', 'B', 1.0), ('A', 'C', 1.0)])
    """
    cong, conf = nx.Graph(), nx.Graph()
    cong.add_nodes_from(G)
    conf.add_nodes_from(G)
    for u, v, d in G.edges(data=True):
        if "congruence" in d or "conflict" in d:
            if d.get("congruence"):
                cong.add_edge(u, v, weight=float(d["congruence"]))
            if d.get("conflict"):
                conf.add_edge(u, v, weight=float(d["conflict"]))
        elif d.get("weight", 0) > 0:
            cong.add_edge(u, v, weight=float(d["weight"]))
        elif d.get("weight", 0) < 0:
            conf.add_edge(u, v, weight=-float(d["weight"]))
    return cong, conf
