"""Networks built from the hand-checked corpus of test_network_corpus; every expected weight computed by hand."""

from __future__ import annotations

import math

import pytest

from stancemap.analysis import keep_all, per_document, per_range
from stancemap.network import agreement, weights
from stancemap.network.build import (
    conflict_network,
    congruence_network,
    cooccurrence,
    one_mode,
    subtract_network,
    tallies,
    two_mode,
)
from tests.test_network_corpus import ACTORS, corpus


def weights_of(G):
    return {tuple(sorted((u, v))): round(d["weight"], 4) for u, v, d in G.edges(data=True)}


# ---------------------------------------------------------------- two-mode


def test_two_mode_combine_codes_support_oppose_both_neutral():
    G = two_mode(corpus())
    # A-x support only (1); A-y oppose (2); B-x both (3); D-x neutral only (0)
    assert weights_of(G) == {
        ("A", "x"): 1.0, ("A", "y"): 2.0, ("B", "x"): 3.0, ("B", "y"): 2.0,
        ("C", "x"): 2.0, ("C", "y"): 1.0, ("D", "x"): 0.0,
    }
    assert G["B"]["x"]["agreement"] == "both"
    assert G["D"]["x"]["agreement"] == "neutral"
    assert G.nodes["A"]["bipartite"] == 0 and G.nodes["x"]["bipartite"] == 1
    assert G.graph["network"] == "two-mode"


def test_two_mode_ignore_counts_duplicates_per_document_by_default():
    G = two_mode(corpus(), agreement=agreement.ignore)
    # statements 1 and 2 (A, x, support) are in the same document d1: counted once
    assert weights_of(G) == {
        ("A", "x"): 1.0, ("A", "y"): 1.0, ("B", "x"): 2.0, ("B", "y"): 1.0,
        ("C", "x"): 1.0, ("C", "y"): 1.0, ("D", "x"): 1.0,
    }
    assert G["A"]["x"]["statements"] == 2  # before the duplicate rule
    assert G["A"]["x"]["statement_ids"] == [1, 2]
    assert two_mode(corpus(), agreement=agreement.ignore, duplicates=keep_all)["A"]["x"]["weight"] == 2.0


def test_two_mode_subtract():
    G = two_mode(corpus(), agreement=agreement.subtract)
    assert weights_of(G) == {
        ("A", "x"): 1.0, ("A", "y"): -1.0, ("B", "x"): 0.0, ("B", "y"): -1.0,
        ("C", "x"): -1.0, ("C", "y"): 1.0, ("D", "x"): 0.0,
    }


def test_two_mode_normalised_by_activity_and_prominence():
    act = two_mode(corpus(), agreement=agreement.ignore, normalization=agreement.activity)
    # A spoke 2 times (x, y) -> A-x = 1/2; B 3 times -> B-x = 2/3; D once -> 1
    assert act["A"]["x"]["weight"] == pytest.approx(0.5)
    assert act["B"]["x"]["weight"] == pytest.approx(2 / 3)
    assert act["D"]["x"]["weight"] == pytest.approx(1.0)
    prom = two_mode(corpus(), agreement=agreement.ignore, normalization=agreement.prominence)
    # x has 1 (A) + 2 (B) + 1 (C) + 1 (D) = 5 statements; y has 3
    assert prom["A"]["x"]["weight"] == pytest.approx(0.2)
    assert prom["B"]["x"]["weight"] == pytest.approx(0.4)
    assert prom["A"]["y"]["weight"] == pytest.approx(1 / 3)


def test_two_mode_refuses_to_normalise_categories():
    with pytest.raises(ValueError, match="cannot be normalised; use agreement=ignore or subtract"):
        two_mode(corpus(), agreement=agreement.combine, normalization=agreement.activity)


def test_two_mode_confidence_weighted():
    G = two_mode(corpus(), agreement=agreement.ignore, confidence=True)
    # d1 holds A's two x-support statements: 0.9*0.8 = 0.72 and 0.5*1.0 = 0.5; the bucket keeps 0.72
    assert G["A"]["x"]["weight"] == pytest.approx(0.72)
    # B on x: support 0.8*0.5 = 0.4, oppose 1.0*0.6 = 0.6
    assert G["B"]["x"]["weight"] == pytest.approx(1.0)


def test_node_attributes():
    G = two_mode(corpus(), actors=ACTORS)
    a = G.nodes["A"]
    assert a["kind"] == "actor" and a["type"] == "person" and a["affiliation"] == "C"
    assert a["statements"] == 3 and a["count"] == 2 and a["support"] == 1 and a["oppose"] == 1
    assert (a["first"], a["last"]) == ("2024-01-01", "2024-01-10")
    assert G.nodes["x"]["kind"] == "issue" and G.nodes["x"]["statements"] == 6
    assert "affiliation" not in G.nodes["B"]  # nothing known: attribute left out, not None


def test_isolates_adds_known_actors_without_statements():
    extra = ACTORS + [type(ACTORS[0])("E", type="group")]
    assert "E" not in two_mode(corpus(), actors=extra)
    G = two_mode(corpus(), actors=extra, isolates=True)
    assert "E" in G and G.degree("E") == 0 and G.nodes["E"]["statements"] == 0


# ---------------------------------------------------------------- one-mode


def test_congruence_conflict_subtract_raw():
    # profiles: A {x+, y-}, B {x+, x-, y-}, C {x-, y+}, D neutral only
    assert weights_of(congruence_network(corpus())) == {("A", "B"): 2.0, ("B", "C"): 1.0}
    assert weights_of(conflict_network(corpus())) == {("A", "B"): 1.0, ("A", "C"): 2.0, ("B", "C"): 2.0}
    assert weights_of(subtract_network(corpus())) == {("A", "B"): 1.0, ("A", "C"): -2.0, ("B", "C"): -1.0}


def test_one_mode_normalisations():
    # activity (support/oppose statements): A 2, B 3, C 2
    avg = one_mode(corpus(), normalization=weights.average_activity)
    assert weights_of(avg) == {("A", "B"): 0.8, ("B", "C"): 0.4}  # 2/2.5, 1/2.5
    jac = one_mode(corpus(), normalization=weights.jaccard)
    assert weights_of(jac) == {("A", "B"): round(2 / 3, 4), ("B", "C"): 0.25}  # 2/(2+3-2), 1/(3+2-1)
    cos = one_mode(corpus(), normalization=weights.cosine)
    assert weights_of(cos) == {("A", "B"): round(2 / math.sqrt(6), 4), ("B", "C"): round(1 / math.sqrt(6), 4)}
    conflict_jaccard = one_mode(corpus(), weight=weights.conflict, normalization=weights.jaccard)
    # A {x+, y-} against C {x-, y+}: every position opposed -> 1
    assert conflict_jaccard["A"]["C"]["weight"] == pytest.approx(1.0)


def test_one_mode_shared_ignores_stance_and_counts_neutral():
    # collapsed profiles: A {x:1, y:1}, B {x:2, y:1}, C {x:1, y:1}, D {x:1}
    G = one_mode(corpus(), weight=weights.shared)
    assert weights_of(G) == {
        ("A", "B"): 3.0, ("A", "C"): 2.0, ("A", "D"): 1.0, ("B", "C"): 3.0, ("B", "D"): 2.0, ("C", "D"): 1.0,
    }


def test_one_mode_edges_trace_to_statements():
    G = congruence_network(corpus())
    edge = G["A"]["B"]
    assert edge["statement_ids"] == [1, 2, 3, 4, 5]  # A x+ (1, 2), B x+ (4), A y- (3), B y- (5)
    assert edge["issues"] == ["x", "y"]
    assert edge["congruence"] == 2.0
    both = subtract_network(corpus())["A"]["B"]
    assert (both["congruence"], both["conflict"]) == (2.0, 1.0)


def test_one_mode_isolates():
    assert set(congruence_network(corpus())) == {"A", "B", "C"}
    G = congruence_network(corpus(), isolates=True)
    assert set(G) == {"A", "B", "C", "D"} and G.degree("D") == 0


def test_one_mode_confidence_weighted():
    G = congruence_network(corpus(), confidence=True)
    # x+: A 0.72 (best of d1) x B 0.4 = 0.288; y-: A 0.5 x B 1.0 = 0.5
    assert G["A"]["B"]["weight"] == pytest.approx(0.788)


def test_per_range_duplicates_make_profiles_binary():
    found = corpus()
    keep = tallies(found, duplicates=keep_all)
    assert [t.count for t in keep if (t.actor, t.issue, t.stance) == ("A", "x", "support")] == [2]
    G = congruence_network(found, duplicates=per_range)
    assert G["A"]["B"]["weight"] == 2.0  # shared positions: x+ and y-


def test_cooccurrence_of_issues():
    G = cooccurrence(corpus())
    # x: A1 B2 C1 D1; y: A1 B1 C1 -> 1*1 + 2*1 + 1*1
    assert G["x"]["y"]["weight"] == 4.0
    assert G["x"]["y"]["actors"] == ["A", "B", "C"]
    same = cooccurrence(corpus(), weight=weights.congruence)
    assert same["x"]["y"]["weight"] == 1.0  # only B opposes both
    opposite = cooccurrence(corpus(), weight=weights.conflict)
    assert opposite["x"]["y"]["weight"] == 3.0  # A, B and C support one and oppose the other


def test_builders_accept_tallies():
    from_statements = congruence_network(corpus())
    from_tallies = congruence_network(tallies(corpus(), duplicates=per_document))
    assert weights_of(from_statements) == weights_of(from_tallies)


def test_unknown_actor_statement_is_never_counted():
    G = two_mode(corpus(), agreement=agreement.ignore, duplicates=keep_all)
    assert all(10 not in d.get("statement_ids", []) for *_, d in G.edges(data=True))


def test_empty_selection_gives_empty_graphs():
    from stancemap.network import windows

    for build in (two_mode, one_mode, cooccurrence, congruence_network):
        G = build([])
        assert G.number_of_nodes() == 0 and G.number_of_edges() == 0
    assert list(windows([], size="1m")) == []


def test_confidence_weighted_subtract_has_no_rounding_edges():
    from tests.test_network_corpus import make

    found = [make(1, "A", "d1", [("x", "support", 0.3)], confidence=0.7),
             make(2, "B", "d1", [("x", "support", 0.7)], confidence=0.3),
             make(3, "A", "d2", [("y", "support", 0.1)], confidence=0.3),
             make(4, "B", "d2", [("y", "oppose", 0.3)], confidence=0.7)]
    G = subtract_network(found, confidence=True)
    # congruence 0.21 * 0.21 = 0.0441 (x); conflict 0.03 * 0.21 = 0.0063 (y)
    assert G["A"]["B"]["weight"] == pytest.approx(0.0441 - 0.0063)
