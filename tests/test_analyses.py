"""orggraph analyze: hierarchy depth and span, orphans, centrality on the affiliation
projections, co-attendance communities — on a small graph whose answers are worked out by
hand."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orggraph.analyze import community_rows
from orggraph.cli import main

ID = "https://w3id.org/orggraph/id/"
GRAPH = """
@prefix og: <https://w3id.org/orggraph/ontology#> .
@prefix ogd: <https://w3id.org/orggraph/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

# reporting lines: two chi bộ under the commune, commune → district → province (central
# here, so a root); "so" has no parent and is not central: an orphan
ogd:org\\/chi-bo-1 org:subOrganizationOf ogd:org\\/xa .
ogd:org\\/chi-bo-2 org:subOrganizationOf ogd:org\\/xa .
ogd:org\\/xa org:subOrganizationOf ogd:org\\/huyen .
ogd:org\\/huyen org:subOrganizationOf ogd:org\\/tinh .
ogd:org\\/tinh a org:Organization ; og:level og:Central ; skos:prefLabel "Tỉnh ủy"@vi .
ogd:org\\/so a org:Organization ; skos:prefLabel "Sở Y tế"@vi .

# holdings: A in X; B in X and Y; C in Y
ogd:m\\/1 org:member ogd:person\\/a ; org:organization ogd:org\\/x ; org:role ogd:title\\/t .
ogd:m\\/2 org:member ogd:person\\/b ; org:organization ogd:org\\/x .
ogd:m\\/3 org:member ogd:person\\/b ; org:organization ogd:org\\/y .
ogd:m\\/4 org:member ogd:person\\/c ; org:organization ogd:org\\/y .

# events: p, q, r together; s, t, u together; v alone
ogd:e\\/1 og:participation ogd:pp\\/p, ogd:pp\\/q, ogd:pp\\/r .
ogd:e\\/2 og:participation ogd:pp\\/s, ogd:pp\\/t, ogd:pp\\/u .
ogd:e\\/3 og:participation ogd:pp\\/v .
"""
for _who in "pqrstuv":
    GRAPH += f"ogd:pp\\/{_who} og:participant ogd:person\\/{_who} .\n"


def _table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("a")
    (folder / "graph.ttl").write_text(GRAPH, encoding="utf-8")
    assert main(["analyze", str(folder / "graph.ttl"), "--out", str(folder / "out")]) == 0
    return folder / "out"


def test_pieces_of_the_hierarchy_and_where_posts_are_held(tmp_path, capsys) -> None:
    (tmp_path / "graph.ttl").write_text(GRAPH, encoding="utf-8")
    assert main(["analyze", str(tmp_path / "graph.ttl"), "--out", str(tmp_path / "out")]) == 0
    rows = [(r["piece"], r["bodies"], r["held"], r["roots"][len(ID):], r["root_labels"])
            for r in _table(tmp_path / "out" / "pieces.csv")]
    # the province's line of five bodies, and the sở alone; x, where a post is held (a
    # membership with a role), is in no reporting line: not in the hierarchy
    assert rows == [("1", "5", "0", "org/tinh", "Tỉnh ủy"), ("2", "1", "0", "org/so", "Sở Y tế")]
    assert capsys.readouterr().err.splitlines()[-1] == (
        "reporting graph: 6 bodies in 2 piece(s); the largest holds 0 of the 1 bodies where "
        "someone holds a post (0.0%); not in the hierarchy at all (unplaced): 1")


def test_depth_and_span_of_control(out: Path) -> None:
    rows = {r["org"][len(ID + "org/"):]: r for r in _table(out / "hierarchy.csv")}
    got = {k: (r["depth"], r["span"], r["below"], r["parents"], r["top"]) for k, r in rows.items()
           if k not in ("so", "x", "y")}
    tinh = ID + "org/tinh"
    assert got == {"tinh": ("0", "1", "4", "0", tinh), "huyen": ("1", "1", "3", "1", tinh),
                   "xa": ("2", "2", "2", "1", tinh), "chi-bo-1": ("3", "0", "0", "1", tinh),
                   "chi-bo-2": ("3", "0", "0", "1", tinh)}
    assert rows["so"]["depth"] == "0" and rows["so"]["top"] == ID + "org/so"


def test_orphans_are_parentless_bodies_that_are_not_central(out: Path) -> None:
    assert [(r["org"], r["label"]) for r in _table(out / "orphans.csv")] == [
        (ID + "org/so", "Sở Y tế")]


def test_centrality_on_the_projections(out: Path) -> None:
    rows = [(r["node"][len(ID):], r["type"], r["degree"], r["degree_centrality"],
             r["betweenness"], r["degree_rank"], r["betweenness_rank"])
            for r in _table(out / "centrality.csv")]
    # persons: A - B - C (B shares X with A and Y with C), B on the one path A…C
    # bodies: X - Y (B holds posts in both)
    assert rows == [
        ("person/b", "person", "2", "1.0", "1.0", "1", "1"),
        ("person/a", "person", "1", "0.5", "0.0", "2", "2"),
        ("person/c", "person", "1", "0.5", "0.0", "2", "2"),
        ("org/x", "organization", "1", "1.0", "0.0", "1", "1"),
        ("org/y", "organization", "1", "1.0", "0.0", "1", "1"),
    ]


def test_communities_of_co_attendance(out: Path) -> None:
    rows = [(r["community"], r["size"], r["person"][len(ID + "person/"):])
            for r in _table(out / "communities.csv")]
    assert rows == [("1", "3", "p"), ("1", "3", "q"), ("1", "3", "r"),
                    ("2", "3", "s"), ("2", "3", "t"), ("2", "3", "u"), ("3", "1", "v")]


def test_output_is_deterministic(out: Path, tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").write_text(GRAPH, encoding="utf-8")
    assert main(["analyze", str(tmp_path / "graph.ttl"), "--out", str(tmp_path / "o")]) == 0
    for f in out.iterdir():
        assert (tmp_path / "o" / f.name).read_bytes() == f.read_bytes(), f.name


def test_a_bad_graph_is_exit_4(tmp_path: Path) -> None:
    assert main(["analyze", str(tmp_path / "none.trig"), "--out", str(tmp_path / "o")]) == 4
    assert not (tmp_path / "o").exists()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), max_size=40))
def test_communities_partition_the_persons(pairs: list[tuple[int, int]]) -> None:
    C = nx.Graph()
    C.add_nodes_from(f"p{i:02}" for i in range(13))
    C.add_edges_from((f"p{a:02}", f"p{b:02}") for a, b in pairs if a != b)
    rows = community_rows(C)
    assert sorted(r["person"] for r in rows) == sorted(C.nodes)  # each person once
    sizes = [r["size"] for r in rows]
    assert sizes == sorted(sizes, reverse=True)
    for r in rows:  # a community never spans two connected components
        members = {x["person"] for x in rows if x["community"] == r["community"]}
        assert len(members) == r["size"]
        assert members <= nx.node_connected_component(C, r["person"])
    assert community_rows(C) == rows  # the fixed seed: the same partition again
