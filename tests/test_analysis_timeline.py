"""Timelines (first statements, shifts, contradictions), polarization, and the example article's targets."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from stancemap.analysis import split
from stancemap.analysis.polarization import polarization, split_score
from stancemap.analysis.timeline import timeline
from stancemap.models import Actor
from stancemap.network import conflict_network, congruence_network, windows
from tests.test_network_corpus import ACTORS, corpus, make


def kinds(t):
    return [(e.kind, e.issue, e.statement_ids) for e in t.events]


def test_timeline_entries_in_date_order_with_evidence():
    t = timeline(corpus(), "a", actors=ACTORS)  # any case
    assert t.actor == "A" and t.affiliation == "C"
    assert [(e.statement_id, e.issue, e.stance) for e in t.entries] == [
        (1, "x", "support"), (2, "x", "support"), (3, "y", "oppose"),
    ]
    assert t.entries[0].content == "said something" and t.entries[0].source == "Reuters"
    assert {k: dict(v) for k, v in t.positions().items()} == {"x": {"support": 2}, "y": {"oppose": 1}}


def test_first_statements_and_a_shift():
    t = timeline(corpus(), "B")
    # B: x support (4, Jan 10), y oppose (5, Feb 15), x oppose (9, Feb 20): 41 days apart
    assert kinds(t) == [("first", "x", (4,)), ("first", "y", (5,)), ("shift", "x", (4, 9))]
    shift = t.events_of("shift")[0]
    assert shift.previous == "support" and shift.stance == "oppose"
    assert shift.message == "B changed from support to oppose on x (2024-01-10 -> 2024-02-20)"


def test_contradiction_when_close_in_time():
    t = timeline(corpus(), "B", within=41)
    assert ("contradiction", "x", (4, 9)) in kinds(t)
    assert "contradiction" not in [e.kind for e in timeline(corpus(), "B", within=40).events]


def test_neutral_is_not_a_position():
    found = [make(1, "A", "d1", [("x", "support", 1.0)]), make(2, "A", "d2", [("x", "neutral", 1.0)]),
             make(3, "A", "d3", [("x", "support", 1.0)])]
    assert [e.kind for e in timeline(found, "A").events] == ["first"]


def test_same_document_is_close_even_undated():
    found = [make(1, "A", "d7", [("x", "support", 1.0)], date=None),
             make(2, "A", "d7", [("x", "oppose", 1.0)], date=None)]
    assert [e.kind for e in timeline(found, "A").events] == ["first", "shift", "contradiction"]


def test_against_own_affiliation():
    # A (affiliated to C): x support Jan 1, y oppose Jan 10; C: x oppose Feb 15, y support Feb 20
    assert timeline(corpus(), "A", actors=ACTORS).events_of("against-affiliation") == []  # 45 and 41 days apart
    t = timeline(corpus(), "A", actors=ACTORS, within=60)
    against = t.events_of("against-affiliation")
    assert [(e.issue, e.statement_ids, e.other) for e in against] == [("x", (1, 6), "C"), ("x", (2, 6), "C"),
                                                                      ("y", (3, 7), "C")]
    assert against[0].message == "A (support, 2024-01-01) against C's line on x (oppose, 2024-02-15)"


def test_timeline_of_one_issue_and_to_dict():
    t = timeline(corpus(), "A", issue="y")
    assert [e.statement_id for e in t.entries] == [3]
    data = t.to_dict()
    assert data["entries"][0]["date"] == "2024-01-10"
    assert data["events"][0] == {
        "kind": "first", "date": "2024-01-10", "actor": "A", "issue": "y", "stance": "oppose",
        "statement_ids": [3], "message": "A's first statement on y: oppose (2024-01-10)",
        "previous": None, "other": None,
    }


def test_unknown_actor_gives_an_empty_timeline():
    t = timeline(corpus(), "Nobody")
    assert t.entries == [] and t.events == []


# ---------------------------------------------------------------- polarization


def test_polarization_of_the_corpus():
    # congruence A-B 2, B-C 1; conflict A-B 1, A-C 2, B-C 2 (see test_network_build)
    p = polarization(congruence_network(corpus()), conflict_network(corpus()))
    # best split {A, B} | {C}: conflict between (2 + 2) / 5, congruence within 2 / 3
    assert p.camps == (("A", "B"), ("C",))
    assert p.score == pytest.approx(4 / 5 * 2 / 3)
    assert (p.conflict_between, p.conflict_total, p.congruence_within, p.congruence_total) == (4, 5, 2, 3)
    assert p.exact


def test_polarization_extremes():
    cong = nx.Graph([("A", "B"), ("C", "D")])
    conf = nx.Graph([("A", "C"), ("A", "D"), ("B", "C"), ("B", "D")])
    assert polarization(cong, conf).score == 1.0
    assert polarization(cong, nx.Graph()).score == 0.0  # consensus: no conflict, no polarization
    assert split_score(cong, conf, {"A", "C"}) == 0.0


def test_polarization_local_search_finds_planted_camps():
    left = [f"L{i}" for i in range(10)]
    right = [f"R{i}" for i in range(10)]
    cong = nx.Graph()
    conf = nx.Graph()
    for camp in (left, right):
        cong.add_edges_from((a, b) for i, a in enumerate(camp) for b in camp[i + 1:])
    conf.add_edges_from((a, b) for a in left for b in right)
    p = polarization(cong, conf)  # 20 actors: above the exact limit
    assert not p.exact
    assert p.score == 1.0 and set(p.camps) == {tuple(sorted(left)), tuple(sorted(right))}


def test_polarization_per_window():
    found = corpus()
    scores = [
        round(polarization(congruence_network(chunk), conflict_network(chunk)).score, 4)
        for _, _, chunk in split(found, size="1m")
    ]
    # January: A x+ y-, B x+ -> congruence A-B only, no conflict -> 0
    # February: B y- x-, C x- y+, (D neutral) -> congruence B-C 1, conflict B-C 1 -> any split loses one -> 0
    assert scores == [0.0, 0.0]


# ---------------------------------------------------------------- the example article


def example_corpus():
    """Statements as the example article codes them on strike-russia (one document, 2024-05-28)."""
    people = {"Josep Borrell": "support", "Jens Stoltenberg": "support", "Volodymyr Zelenskyy": "support",
              "Ukraine": "support", "Antony Blinken": "support", "United States": "oppose", "Germany": "oppose"}
    types = {"Ukraine": "country", "United States": "country", "Germany": "country"}
    found = [
        make(i, name, "d0", [("strike-russia", stance, 0.8)], date=dt.date(2024, 5, 28),
             actor_type=types.get(name, "person"))
        for i, (name, stance) in enumerate(people.items(), start=1)
    ]
    actors = [Actor(name, type=types.get(name, "person"),
                    affiliation="United States" if name == "Antony Blinken" else None) for name in people]
    return found, actors


def test_example_article_targets():
    found, actors = example_corpus()
    supporters = {"Josep Borrell", "Jens Stoltenberg", "Volodymyr Zelenskyy", "Ukraine", "Antony Blinken"}
    cong = congruence_network(found, actors=actors)
    assert {n for n in cong if cong.degree(n)} >= supporters
    assert all(cong.has_edge(a, b) for a in supporters for b in supporters if a < b)
    conf = conflict_network(found, actors=actors)
    assert all(conf.has_edge(a, b) for a in supporters for b in ("United States", "Germany"))
    t = timeline(found, "Antony Blinken", actors=actors)
    (against,) = t.events_of("against-affiliation")
    assert against.other == "United States" and against.statement_ids == (5, 6)
    p = polarization(cong, conf)
    assert p.score == 1.0 and p.camps[1] == ("Germany", "United States")


def test_windows_build_a_network_per_window():
    got = [(lo.isoformat(), hi.isoformat(), sorted(G.edges)) for lo, hi, G in windows(corpus(), size="1m")]
    assert got == [("2024-01-01", "2024-01-31", [("A", "B")]), ("2024-02-01", "2024-02-29", [("B", "C")])]
