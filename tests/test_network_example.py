"""The issue's targets on the example article, end to end with the real pipeline (marked ``model``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stancemap import workflows
from stancemap.analysis import select
from stancemap.analysis.timeline import timeline
from stancemap.network import conflict_network, congruence_network

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SUPPORTERS = {"Josep Borrell", "Jens Stoltenberg", "Volodymyr Zelenskyy", "Ukraine"}

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("example") / "demo.db")
    workflows.run([EXAMPLES], db=db, codebook=EXAMPLES / "codebook.yaml")
    with workflows.open_store(db, must_exist=True) as store:
        return store.statements(), store.actors()


def test_congruence_joins_the_supporters(stored):
    found, actors = stored
    G = congruence_network(select(found, issues=["strike-russia"]), actors=actors)
    assert all(G.has_edge(a, b) for a in SUPPORTERS for b in SUPPORTERS if a < b)


def test_conflict_links_the_supporters_to_the_united_states_and_germany(stored):
    found, actors = stored
    G = conflict_network(select(found, issues=["strike-russia"]), actors=actors)
    assert all(G.has_edge(a, b) for a in SUPPORTERS for b in ("United States", "Germany"))


def test_blinken_joins_and_his_timeline_flags_the_united_states(stored):
    found, actors = stored
    G = congruence_network(select(found, issues=["strike-russia"]), actors=actors)
    assert G.has_edge("Antony Blinken", "Josep Borrell")
    t = timeline(found, "Antony Blinken", actors=actors)
    assert [e.other for e in t.events_of("against-affiliation")] == ["United States"]
