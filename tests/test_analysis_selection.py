"""Selections, duplicate rules and time windows on hand-built statements."""

from __future__ import annotations

import datetime as dt

import pytest

from stancemap.analysis import (
    Selection,
    keep_all,
    observations,
    parse_period,
    per_document,
    per_month,
    per_range,
    per_week,
    per_year,
    select,
    split,
    tally,
)
from stancemap.errors import UsageError
from stancemap.models import Coding
from tests.test_network_corpus import ACTORS, corpus, make


def ids(found):
    return [s.id for s in found]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, [1, 2, 3, 4, 5, 6, 7, 8, 9]),  # 10 has no actor
        ({"issues": ["y"]}, [3, 5, 7]),
        ({"issues": "y"}, [3, 5, 7]),
        ({"actors": ["A", "D"]}, [1, 2, 3, 8]),
        ({"actor_types": ["country", "organisation"]}, [6, 7, 8]),
        ({"sources": ["Reuters"]}, [1, 2, 3, 4]),
        ({"exclude_sources": ["Reuters"]}, [5, 6, 7, 8, 9]),
        ({"since": dt.date(2024, 1, 10), "until": dt.date(2024, 2, 15)}, [3, 4, 5, 6]),
        ({"min_confidence": 0.8}, [1, 5, 6, 7, 8]),  # 2: 0.5 statement; 3, 4: 0.5 codings; 9: 0.6
        ({"exclude_actors": ["B"]}, [1, 2, 3, 6, 7, 8]),
        ({"exclude_issues": ["x"]}, [3, 5, 7]),
        ({"origin": "person"}, []),
        ({"origin": "model"}, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    ],
)
def test_select(criteria, expected):
    assert ids(select(corpus(), **criteria)) == expected


def test_select_by_affiliation_keeps_the_affiliation_and_its_people():
    assert ids(select(corpus(), actor_records=ACTORS, affiliations=["C"])) == [1, 2, 3, 6, 7]
    # without the actors' records only the affiliation itself is known
    assert ids(select(corpus(), affiliations=["C"])) == [6, 7]


def test_select_narrows_codings_of_multi_issue_statements():
    st = make(1, "A", "d1", [("x", "support", 0.9), ("y", "oppose", 0.4)])
    (kept,) = select([st], issues=["y"])
    assert [c.issue for c in kept.statement.codings] == ["y"]
    assert select([st], issues=["y"], min_confidence=0.5) == []


def test_selection_object_and_keywords_are_exclusive():
    with pytest.raises(TypeError, match="either a Selection or keyword criteria"):
        select(corpus(), Selection.of(issues=["x"]), actors_only=True)
    with pytest.raises(TypeError, match="unknown selection criteria: colour"):
        Selection.of(colour="red")


def test_between_narrows_dates():
    s = Selection.of(since=dt.date(2024, 1, 5)).between(dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert (s.since, s.until) == (dt.date(2024, 1, 5), dt.date(2024, 1, 31))


def test_person_coding_replaces_model_coding():
    st = make(1, "A", "d1", [("x", "oppose", 0.6)])
    person = Coding("x", "support", 1.0, "person:ann")
    st = st.__class__(st.id, st.statement.with_(codings=st.statement.codings + (person,)), st.document)
    (obs,) = list(observations([st]))
    assert obs.stance == "support"
    assert ids(select([st], origin="person")) == [1]


# ---------------------------------------------------------------- duplicates

# A says x:support five times: twice in d1 (Mon 2024-01-01), once in d2 (Wed 2024-01-03, same week),
# once in d5 (Sat 2024-01-20, same month), once in d6 (2024-03-04, same year); and once undated.
REPEATS = [
    make(1, "A", "d1", [("x", "support", 1.0)], date=dt.date(2024, 1, 1)),
    make(2, "A", "d1", [("x", "support", 1.0)], date=dt.date(2024, 1, 1)),
    make(3, "A", "d2", [("x", "support", 1.0)], date=dt.date(2024, 1, 3)),
    make(4, "A", "d5", [("x", "support", 1.0)], date=dt.date(2024, 1, 20)),
    make(5, "A", "d6", [("x", "support", 1.0)], date=dt.date(2024, 3, 4)),
]


@pytest.mark.parametrize(
    ("rule", "count"),
    [(keep_all, 5), (per_document, 4), (per_week, 3), (per_month, 2), (per_year, 1), (per_range, 1)],
)
def test_duplicate_rules(rule, count):
    (t,) = tally(observations(REPEATS), rule)
    assert t.count == count
    assert t.statements == 5
    assert t.ids == (1, 2, 3, 4, 5)
    assert (t.first, t.last) == (dt.date(2024, 1, 1), dt.date(2024, 3, 4))


def test_undated_statements_share_one_bucket():
    undated = [make(i, "A", f"d{i}0", [("x", "support", 1.0)], date=None) for i in (1, 2)]
    assert tally(observations(undated), per_month)[0].count == 1
    assert tally(observations(undated), per_document)[0].count == 2


def test_confidence_keeps_the_best_of_each_bucket():
    found = [make(1, "A", "d1", [("x", "support", 0.5)], confidence=0.8),
             make(2, "A", "d1", [("x", "support", 1.0)], confidence=0.9),
             make(3, "A", "d2", [("x", "support", 0.5)], confidence=1.0)]
    (t,) = tally(observations(found, confidence=True), per_document)
    assert t.value == pytest.approx(0.9 + 0.5)


# ---------------------------------------------------------------- windows


def test_parse_period():
    assert str(parse_period("30d")) == "30d"
    assert parse_period("2w").add(dt.date(2024, 1, 1)) == dt.date(2024, 1, 15)
    assert parse_period("1m").add(dt.date(2024, 1, 31)) == dt.date(2024, 2, 29)
    assert parse_period("1y").add(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    with pytest.raises(UsageError, match="e.g. 30d, 2w, 3m or 1y"):
        parse_period("a month")


def test_split_into_moving_windows():
    got = [(lo.isoformat(), hi.isoformat(), ids(chunk)) for lo, hi, chunk in split(corpus(), size="30d", step="3w")]
    assert got == [
        ("2024-01-01", "2024-01-30", [1, 2, 3, 4]),
        ("2024-01-22", "2024-02-20", [5, 6, 7, 8, 9, 10]),
        ("2024-02-12", "2024-03-12", [5, 6, 7, 8, 9, 10]),
    ]


def test_split_keeps_empty_windows_and_drops_undated():
    found = corpus() + [make(11, "A", "d9", [("x", "support", 1.0)], date=None)]
    got = [(lo.isoformat(), len(chunk)) for lo, _, chunk in split(found, size="1m")]
    assert got == [("2024-01-01", 4), ("2024-02-01", 6)]
    gap = [make(1, "A", "d1", [("x", "support", 1.0)], date=dt.date(2024, 1, 1)),
           make(2, "A", "d2", [("x", "support", 1.0)], date=dt.date(2024, 3, 1))]
    assert [len(c) for *_, c in split(gap, size="1m")] == [1, 0, 1]
