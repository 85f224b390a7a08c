"""Exports round-trip through networkx's readers (and csv): GraphML, GEXF static and dynamic, CSV, JSON, DNA."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from stancemap.network import congruence_network, two_mode, windows
from stancemap.network.export import FORMATS, writer
from stancemap.network.export._flat import split_list
from stancemap.network.export.csv import nodes_path, read_csv, write_csv
from stancemap.network.export.dna import read_dna, write_dna
from stancemap.network.export.gexf import dynamic_graph, generate_gexf, read_gexf, write_gexf
from stancemap.network.export.graphml import generate_graphml, read_graphml, write_graphml
from stancemap.network.export.json import generate_json, read_json, write_json
from tests.test_network_corpus import ACTORS, corpus


@pytest.fixture
def graph():
    return two_mode(corpus(), actors=ACTORS)


def same_structure(G, H):
    assert set(map(str, G.nodes)) == set(H.nodes)
    assert {frozenset(map(str, e)) for e in G.edges} == {frozenset(e) for e in H.edges}
    for u, v, d in G.edges(data=True):
        assert H[str(u)][str(v)]["weight"] == pytest.approx(d["weight"])


def test_graphml_round_trip(graph, tmp_path):
    path = tmp_path / "net.graphml"
    write_graphml(graph, path)
    H = read_graphml(path)
    same_structure(graph, H)
    assert H.nodes["A"]["affiliation"] == "C" and H.nodes["A"]["statements"] == 3
    assert H.nodes["A"]["first"] == "2024-01-01"
    assert split_list(H["A"]["x"]["statement_ids"]) == [1, 2]
    assert H.graph["network"] == "two-mode"
    text = "\n".join(generate_graphml(graph))
    assert nx.parse_graphml(text).number_of_edges() == graph.number_of_edges()


def test_gexf_static_round_trip(graph, tmp_path):
    path = tmp_path / "net.gexf"
    write_gexf(graph, path)
    H = read_gexf(path)
    same_structure(graph, H)
    assert H.nodes["A"]["type"] == "person" and H.nodes["x"]["kind"] == "issue"
    assert H["B"]["x"]["agreement"] == "both"
    assert H.nodes["A"]["label"] == "A"


def test_gexf_dynamic_with_dates(tmp_path):
    D = dynamic_graph(windows(corpus(), size="1m", step="2w", build=congruence_network))
    path = tmp_path / "dynamic.gexf"
    write_gexf(D, path)
    text = path.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    H = read_gexf(path)
    assert H.graph["mode"] == "dynamic"
    # windows: Jan 1-31, Jan 15-Feb 14, Jan 29-Feb 28, Feb 12-Mar 11
    assert H.edges["A", "B"]["spells"] == [("2024-01-01", "2024-01-31")]
    assert H.edges["B", "C"]["spells"] == [("2024-01-29", "2024-02-28"), ("2024-02-12", "2024-03-11")]
    assert H.edges["A", "B"]["window_weight"] == [(1.0, "2024-01-01", "2024-01-31")]
    assert 'mode="dynamic"' in "\n".join(generate_gexf(D))


def test_csv_round_trip(graph, tmp_path):
    path = tmp_path / "net.csv"
    write_csv(graph, path)
    assert nodes_path(path).name == "net_nodes.csv" and nodes_path(path).exists()
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("source,target,weight,")
    H = read_csv(path, nodes_path(path))
    same_structure(graph, H)
    assert H.nodes["A"]["statements"] == 3 and H.nodes["A"]["affiliation"] == "C"
    assert H["A"]["x"]["statement_ids"] == "1;2" and H["C"]["y"]["statement_ids"] == 7


def test_json_round_trip(graph, tmp_path):
    path = tmp_path / "net.json"
    write_json(graph, path)
    H = read_json(path)
    same_structure(graph, H)
    assert H["A"]["x"]["statement_ids"] == [1, 2]  # lists stay lists
    assert H.nodes["A"] == graph.nodes["A"]
    assert H.graph == graph.graph
    assert read_json(io.StringIO(generate_json(graph))).number_of_edges() == graph.number_of_edges()


def test_dna_matrix_two_mode_and_one_mode(graph, tmp_path):
    path = tmp_path / "two.csv"
    write_dna(graph, path)
    rows, cols, values = read_dna(path)
    assert (rows, cols) == (["A", "B", "C", "D"], ["x", "y"])
    assert values == [[1.0, 2.0], [3.0, 2.0], [2.0, 1.0], [0.0, 0.0]]
    one = congruence_network(corpus())
    write_dna(one, path, delimiter=";")
    rows, cols, values = read_dna(path, delimiter=";")
    assert rows == cols == ["A", "B", "C"]
    assert values == [[0.0, 2.0, 0.0], [2.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    assert path.read_text(encoding="utf-8").splitlines()[0] == '"";A;B;C'
    assert nx.to_numpy_array(one, nodelist=rows).tolist() == values


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_a_congruence_network(fmt, tmp_path):
    out = tmp_path / f"net.{fmt}"
    writer(fmt)(congruence_network(corpus(), actors=ACTORS), out)
    assert out.stat().st_size > 0


def test_unknown_format_names_the_choices():
    with pytest.raises(ValueError, match="use one of graphml, gexf, csv, json, dna"):
        writer("pajek")
