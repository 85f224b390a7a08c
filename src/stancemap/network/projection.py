"""One-mode projections of tallies, computed with matrix products a block of rows at a time.

Each node's profile is a row of three dense matrices (nodes x dims): ``S``
(support; ``sup`` in the code), ``O`` (oppose; ``opp``) and ``T`` (every stance;
``tog``). The three views of :mod:`stancemap.network.weights` are the
products ``S S' + O O'`` (agree), ``S O' + O S'`` (disagree) and ``T T'`` (together). They are computed for a
block of rows at a time (bounded memory), and the weight and normalisation
functions are applied to the arrays of all candidate pairs of a block at once,
so that a network of 5,000 actors and millions of edges builds in seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

from stancemap.analysis.duplicates import Tally
from stancemap.network.weights import Normalization, Pair, Views, Weight


def _matrices(found: Iterable[Tally], node: Callable[[Tally], str], dim: Callable[[Tally], str]):
    """Profiles as dense matrices (nodes x dims): support ``sup``, oppose ``opp``, all stances ``tog``; and ids."""
    found = list(found)
    nodes = sorted({node(t) for t in found})
    dims = sorted({dim(t) for t in found})
    row = {name: i for i, name in enumerate(nodes)}
    col = {name: j for j, name in enumerate(dims)}
    sup = np.zeros((len(nodes), len(dims)))
    opp = np.zeros((len(nodes), len(dims)))
    tog = np.zeros((len(nodes), len(dims)))
    ids: dict[tuple[int, int, str], tuple[int, ...]] = {}
    for t in found:
        i, j = row[node(t)], col[dim(t)]
        if t.stance == "support":
            sup[i, j] += t.value
        elif t.stance == "oppose":
            opp[i, j] += t.value
        tog[i, j] += t.value
        if t.ids:
            ids[(i, j, t.stance)] = ids.get((i, j, t.stance), ()) + tuple(t.ids)
    return nodes, dims, sup, opp, tog, ids


def _overlap(view: str, sup, opp, tog, a, b, chunk: int = 20000):
    """``sum(min(u, v'))`` for the pairs ``(a[k], b[k])`` on one view, in chunks."""
    out = np.zeros(len(a))
    for lo in range(0, len(a), chunk):
        i, j = a[lo:lo + chunk], b[lo:lo + chunk]
        if view == "agree":
            out[lo:lo + chunk] = np.minimum(sup[i], sup[j]).sum(1) + np.minimum(opp[i], opp[j]).sum(1)
        elif view == "disagree":
            out[lo:lo + chunk] = np.minimum(sup[i], opp[j]).sum(1) + np.minimum(opp[i], sup[j]).sum(1)
        else:
            out[lo:lo + chunk] = np.minimum(tog[i], tog[j]).sum(1)
    return out


#: Matrix cells computed at once (block rows x nodes): bounds memory on large networks.
_BLOCK_CELLS = 4_000_000
_LABELS = {"agree": "congruence", "disagree": "conflict", "together": "cooccurrence"}


def projection(
    found: list[Tally],
    *,
    node: Callable[[Tally], str],
    dim: Callable[[Tally], str],
    weight: Weight,
    normalization: Normalization,
    evidence: bool,
    min_weight: float | None = None,
):
    """Nodes, and a generator of weighted edges ``(i, j, attrs)``, of a one-mode projection of tallies.

    Profiles are dense matrices; the products ``S S' + O O'`` (agree),
    ``S O' + O S'`` (disagree) and ``T T'`` (together) are computed a block
    of rows at a time, and ``weight`` and ``normalization`` are applied to the
    arrays of all candidate pairs of a block at once.
    """
    projector = _Projector(found, node, dim, weight, normalization, min_weight)
    return projector.nodes, projector.edges(evidence)


#: A weight this close to zero is no edge (allowing for rounding).
_ZERO_WEIGHT = 1e-12
_VIEWS = ("agree", "disagree", "together")


class _Projector:
    """The profile matrices of a projection and the blocks of candidate pairs computed from them."""

    def __init__(
        self,
        found: list[Tally],
        node: Callable[[Tally], str],
        dim: Callable[[Tally], str],
        weight: Weight,
        normalization: Normalization,
        min_weight: float | None,
    ) -> None:
        self.nodes, self.dims, self.sup, self.opp, self.tog, self.ids = _matrices(found, node, dim)
        self.weight, self.normalization, self.min_weight = weight, normalization, min_weight
        self.needs = getattr(weight, "needs", _VIEWS)
        self.overlap_needed = getattr(normalization, "needs_overlap", False)
        sup, opp, tog = self.sup, self.opp, self.tog
        self.pos_total, self.pos_norm = (sup + opp).sum(1), np.sqrt((sup * sup + opp * opp).sum(1))
        self.tog_total, self.tog_norm = tog.sum(1), np.sqrt((tog * tog).sum(1))

    def edges(self, evidence: bool) -> Iterator[tuple[int, int, dict[str, Any]]]:
        """``(i, j, attrs)`` for each edge, ``i < j``, block by block."""
        for left, right, columns in self.blocks():
            keys = list(columns)
            for k, (i, j) in enumerate(zip(left, right, strict=True)):
                attrs = {key: columns[key][k] for key in keys}
                if evidence:
                    _evidence(attrs, i, j, self.dims, self.sup, self.opp, self.tog, self.ids, self.needs)
                yield i, j, attrs

    def blocks(self) -> Iterator[tuple[list[int], list[int], dict[str, list[float]]]]:
        """Per block of rows: the kept pairs' left and right nodes and their edge attributes as columns."""
        n = len(self.nodes)
        block = max(1, min(n, _BLOCK_CELLS // max(n, 1)))
        for lo in range(0, n, block):
            hi = min(n, lo + block)
            products = self._products(lo, hi)
            mask = np.zeros((hi - lo, n), dtype=bool)
            for product in products.values():
                mask |= product != 0
            mask &= np.arange(n)[None, :] > np.arange(lo, hi)[:, None]
            r, b = np.nonzero(mask)
            if not len(r):
                continue
            a = r + lo
            views, dots = self._views(products, r, a, b)
            value = np.broadcast_to(
                np.asarray(self.weight(Views(views["agree"], views["disagree"], views["together"]),
                                       self.normalization), dtype=float), a.shape)
            keep = np.abs(value) > _ZERO_WEIGHT
            if self.min_weight is not None:
                keep &= np.abs(value) >= self.min_weight
            columns = {"weight": value[keep].tolist()}
            for view, dot in dots.items():
                columns[_LABELS[view]] = dot[keep].tolist()
            yield a[keep].tolist(), b[keep].tolist(), columns

    def _products(self, lo: int, hi: int) -> dict[str, np.ndarray]:
        """The profile products the weight needs, for rows ``lo:hi`` against all nodes."""
        sup, opp, tog = self.sup, self.opp, self.tog
        products: dict[str, np.ndarray] = {}
        if "agree" in self.needs:
            products["agree"] = sup[lo:hi] @ sup.T + opp[lo:hi] @ opp.T
        if "disagree" in self.needs:
            products["disagree"] = sup[lo:hi] @ opp.T + opp[lo:hi] @ sup.T
        if "together" in self.needs:
            products["together"] = tog[lo:hi] @ tog.T
        return products

    def _views(
        self, products: dict[str, np.ndarray], r: np.ndarray, a: np.ndarray, b: np.ndarray
    ) -> tuple[dict[str, Pair], dict[str, np.ndarray]]:
        """The :class:`Pair` of each view for pairs ``(a, b)`` (``r``: ``a``'s row in the block), and the dots."""
        views: dict[str, Pair] = {}
        dots: dict[str, np.ndarray] = {}
        for view in _VIEWS:
            if view not in products:
                views[view] = Pair()
                continue
            dot = products[view][r, b]
            dots[view] = dot
            total, norm = (self.tog_total, self.tog_norm) if view == "together" else (self.pos_total, self.pos_norm)
            overlap = _overlap(view, self.sup, self.opp, self.tog, a, b) if self.overlap_needed else np.zeros(len(a))
            views[view] = Pair(dot, overlap, total[a], total[b], norm[a], norm[b])
        return views, dots


def _evidence(attrs, i, j, dims, sup, opp, tog, ids, needs) -> None:
    """Add the dims (issues or actors) and statement ids behind the edge ``(i, j)``."""
    found_dims: set[int] = set()
    statement_ids: set[int] = set()

    def take(cols, stance_i, stance_j):
        for k in np.nonzero(cols)[0].tolist():
            found_dims.add(k)
            for node_, stances in ((i, stance_i), (j, stance_j)):
                for stance in stances:
                    statement_ids.update(ids.get((node_, k, stance), ()))

    if "agree" in needs:
        take(sup[i] * sup[j], ("support",), ("support",))
        take(opp[i] * opp[j], ("oppose",), ("oppose",))
    if "disagree" in needs:
        take(sup[i] * opp[j], ("support",), ("oppose",))
        take(opp[i] * sup[j], ("oppose",), ("support",))
    if "together" in needs:
        take(tog[i] * tog[j], ("support", "oppose", "neutral"), ("support", "oppose", "neutral"))
    if found_dims:
        attrs["dims"] = [dims[k] for k in sorted(found_dims)]
    if statement_ids:
        attrs["statement_ids"] = sorted(statement_ids)
