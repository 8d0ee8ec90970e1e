"""The bodies below a body on a date (``queries/hierarchy-below-on-date.rq``): a district's
and a province's subtrees before and after 2025-07-01, the links' evidence, a body whose own
interval ends, and the same pairs as the line above (``hierarchy-on-date``)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from test_hierarchy import BTV, TEXT, corpus

from orggraph.api import Graph
from orggraph.hierarchy import GRAPH
from orggraph.pipeline import build_store
from orggraph.rdf.namespaces import OG, OGD, RDF, TIME, XSD

BCH = "Ban Chấp hành Trung ương Đảng"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph(build_store([(f, TEXT if f.id == "h-old" else None) for f in corpus()]))


def org_iri(graph: Graph, label: str) -> str:
    found = graph.query("find-organization", text=label)
    assert isinstance(found, list)
    iris = {str(r["org"]) for r in found if r["label"] == label}
    assert len(iris) == 1, found
    return iris.pop()


def below(graph: Graph, org: str, as_of: str | None = None) -> list[tuple[object, ...]]:
    params = {"org": org} | ({"asOf": as_of} if as_of else {})
    found = graph.query("hierarchy-below-on-date", **params)
    assert isinstance(found, list)
    return sorted({(r["depth"], r["descendantLabel"], r["parentLabel"]) for r in found},
                  key=repr)


@pytest.mark.parametrize(("as_of", "expected"), [
    # before the reform: the provinces of the day, the district and its commune
    ("2025-06-30", [(1, "Đảng bộ tỉnh Hà Giang", BCH), (1, "Đảng bộ tỉnh Tuyên Quang", BCH),
                    (2, "Đảng bộ huyện Yên Minh", "Đảng bộ tỉnh Hà Giang"),
                    (3, "Huyện ủy Yên Minh", "Đảng bộ huyện Yên Minh"),
                    (3, "Đảng bộ xã Ngọc Long", "Đảng bộ huyện Yên Minh"),
                    (4, BTV, "Huyện ủy Yên Minh"),
                    (4, "Đảng ủy xã Ngọc Long", "Đảng bộ xã Ngọc Long")]),
    # from 2025-07-01: the new Tuyên Quang only, the commune straight under it, no district
    ("2025-07-01", [(1, "Đảng bộ tỉnh Tuyên Quang", BCH),
                    (2, "Đảng bộ xã Ngọc Long", "Đảng bộ tỉnh Tuyên Quang"),
                    (3, "Đảng ủy xã Ngọc Long", "Đảng bộ xã Ngọc Long")]),
])
def test_below_the_central_committee_before_and_after_the_reform(graph: Graph, as_of: str,
                                                                  expected: list) -> None:
    assert below(graph, org_iri(graph, BCH), as_of) == sorted(expected, key=repr)


def test_the_two_tuyen_quang_bodies_are_not_the_same_node(graph: Graph) -> None:
    bch = org_iri(graph, BCH)

    def tuyen_quang(as_of: str) -> set[object]:
        found = graph.query("hierarchy-below-on-date", org=bch, asOf=as_of)
        assert isinstance(found, list)
        return {r["descendant"] for r in found
                if r["descendantLabel"] == "Đảng bộ tỉnh Tuyên Quang"}

    old, new = tuyen_quang("2025-06-30"), tuyen_quang("2025-07-01")
    assert len(old) == len(new) == 1 and old != new


def test_below_the_district_before_and_after_the_reform(graph: Graph) -> None:
    district = org_iri(graph, "Đảng bộ huyện Yên Minh")
    assert below(graph, district, "2025-06-30") == sorted([
        (1, "Huyện ủy Yên Minh", "Đảng bộ huyện Yên Minh"),
        (1, "Đảng bộ xã Ngọc Long", "Đảng bộ huyện Yên Minh"),
        (2, BTV, "Huyện ủy Yên Minh"),
        (2, "Đảng ủy xã Ngọc Long", "Đảng bộ xã Ngọc Long")], key=repr)
    assert below(graph, district, "2025-07-01") == []  # the district's links end 2025-06-30
    # with no date, links of every date: the same rows as before the reform here
    assert below(graph, district) == below(graph, district, "2025-06-30")


def test_a_typed_date_and_the_links_evidence(graph: Graph) -> None:
    hu = org_iri(graph, "Huyện ủy Yên Minh")
    rows = graph.query("hierarchy-below-on-date", org=hu,
                       asOf=ox.Literal("2024-01-01", datatype=XSD("date")))
    assert isinstance(rows, list) and len(rows) == 1
    [row] = rows
    assert (row["depth"], row["descendantLabel"], row["stated"]) == (1, BTV, True)
    assert str(row["source"]).endswith("/h-old") and row["rule"] is None
    assert str(row["relation"]).endswith("unitOf")


@pytest.mark.parametrize("as_of", ["2025-06-30", "2025-07-01"])
def test_below_is_the_line_above_turned_round(graph: Graph, as_of: str) -> None:
    up = graph.query("hierarchy-on-date", asOf=as_of)
    down = graph.query("hierarchy-below-on-date", asOf=as_of)
    assert isinstance(up, list) and isinstance(down, list) and down
    assert {(r["org"], r["depth"], r["ancestor"]) for r in up} == \
        {(r["descendant"], r["depth"], r["org"]) for r in down}


def test_a_body_whose_own_interval_excludes_the_date_is_not_below() -> None:
    """A link with no interval to a body that ends 2025-06-30: the body is below its parent
    up to that day only."""
    store = ox.Store()
    parent, child, link = OGD("org/a"), OGD("org/b"), OGD("subordination/a-b")
    during, end = ox.NamedNode(child.value + "#during"), ox.NamedNode(child.value + "#end")
    for s, p, o in [(link, RDF("type"), OG("Subordination")), (link, OG("child"), child),
                    (link, OG("parent"), parent), (link, OG("relation"), OG("x")),
                    (link, OG("stated"), ox.Literal(False)),
                    (child, TIME("hasTime"), during), (during, TIME("hasEnd"), end),
                    (end, TIME("inXSDDate"), ox.Literal("2025-06-30", datatype=XSD("date")))]:
        store.add(ox.Quad(s, p, o, GRAPH))
    graph = Graph(store)
    found = {d: graph.query("hierarchy-below-on-date", org=parent.value, asOf=d)
             for d in ("2025-06-30", "2025-07-01")}
    assert [r["descendant"] for r in found["2025-06-30"]] == [child.value]  # type: ignore[index]
    assert found["2025-07-01"] == []
