"""networkx views of the store: the reporting-line graph, levels, lines, concurrent posts."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store
from sample import (
    BAN_TG,
    CHI_BO_BAN_PHA,
    CHI_BO_NA_LAU,
    DANG_UY_XA,
    HDND_HUYEN,
    HUYEN_UY,
    ID,
    MTTQ_HUYEN,
    SAMPLE,
    TINH_UY,
    UBND_HUYEN,
    UBND_TINH,
)

from orggraph.analyze import (
    concurrent_holders,
    levels,
    org_group,
    reporting_graph,
    reporting_line,
    roots,
)
from orggraph.query import run_named_query

ORG = "http://www.w3.org/ns/org#"
OG = "https://w3id.org/orggraph/ontology#"
TIME = "http://www.w3.org/2006/time#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store()
    s.load(path=str(SAMPLE), format=RdfFormat.TRIG)
    return s


@pytest.fixture(scope="module")
def graph(store: Store) -> nx.DiGraph:
    return reporting_graph(store)


def n(local: str) -> NamedNode:
    return NamedNode(ID + local)


# --- reporting_graph ------------------------------------------------------------------------

def test_nodes_are_the_organisations_once_each_with_attributes(graph: nx.DiGraph) -> None:
    assert set(graph.nodes) == {TINH_UY, HUYEN_UY, DANG_UY_XA, BAN_TG, CHI_BO_BAN_PHA,
                                CHI_BO_NA_LAU, UBND_TINH, UBND_HUYEN, HDND_HUYEN, MTTQ_HUYEN}
    huyen = graph.nodes[HUYEN_UY]  # described in all three articles, one node
    assert huyen == {
        "label": "Huyện ủy Khê Lâm", "kind": "https://w3id.org/orggraph/vocab/org-kind/huyen-uy",
        "class": "PartyCommittee", "group": "party", "place": ID + "place/pre2025/999",
        "place_label": "huyện Khê Lâm", "label_en": "", "kind_label": "", "kind_label_en": "",
        # no vocabulary in the fixture, no interval: "" rather than None
        "central": False, "start": "", "end": ""}
    groups = {node: data["group"] for node, data in graph.nodes(data=True)}
    assert groups[UBND_HUYEN] == groups[HDND_HUYEN] == "state"
    assert groups[MTTQ_HUYEN] == "front"
    assert groups[CHI_BO_NA_LAU] == groups[BAN_TG] == "party"
    # The most specific class, though the superclasses are typed too.
    assert graph.nodes[CHI_BO_NA_LAU]["class"] == "PartyCell"
    assert graph.nodes[HDND_HUYEN]["class"] == "PeoplesCouncil"


def test_edges_run_child_to_parent_one_per_link(graph: nx.DiGraph) -> None:
    assert set(graph.edges) == {
        (HUYEN_UY, TINH_UY), (BAN_TG, HUYEN_UY), (DANG_UY_XA, HUYEN_UY),
        (CHI_BO_BAN_PHA, DANG_UY_XA), (CHI_BO_NA_LAU, DANG_UY_XA), (UBND_HUYEN, UBND_TINH)}
    assert {d["relation"] for _, _, d in graph.edges(data=True)} == {"subOrganizationOf"}


def test_unit_of_inverse_links_and_untyped_parents() -> None:
    s = Store()
    org_type = NamedNode(ORG + "Organization")
    s.add(Quad(n("org/a"), RDF_TYPE, org_type, n("article/1")))
    s.add(Quad(n("org/b"), NamedNode(ORG + "unitOf"), n("org/a"), n("article/1")))
    s.add(Quad(n("org/a"), NamedNode(ORG + "hasSubOrganization"), n("org/c"), n("article/2")))
    s.add(Quad(n("org/c"), NamedNode(ORG + "subOrganizationOf"), n("org/top"), DefaultGraph()))
    s.add(Quad(n("org/x"), NamedNode(ORG + "subOrganizationOf"), n("org/x")))  # a self-link
    G = reporting_graph(s)
    assert set(G.edges(data="relation")) == {
        (ID + "org/b", ID + "org/a", "unitOf"), (ID + "org/c", ID + "org/a", "subOrganizationOf"),
        (ID + "org/c", ID + "org/top", "subOrganizationOf")}
    assert G.nodes[ID + "org/top"]["label"] == "top"  # no label: the IRI's last segment
    assert G.nodes[ID + "org/top"]["class"] == "Organization"
    assert G.nodes[ID + "org/top"]["group"] == "other"
    assert ID + "org/x" not in G


def test_label_prefers_vietnamese_whatever_the_graph() -> None:
    s = Store()
    label = NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    s.add(Quad(n("org/a"), RDF_TYPE, NamedNode(ORG + "Organization")))
    s.add(Quad(n("org/a"), label, Literal("District Committee", language="en"), n("g/1")))
    s.add(Quad(n("org/a"), label, Literal("Huyện ủy", language="vi"), n("g/2")))
    s.add(Quad(n("org/a"), RDF_TYPE, NamedNode(OG + "PartyCommittee"), n("g/2")))
    node = reporting_graph(s).nodes[ID + "org/a"]
    assert (node["label"], node["class"], node["group"]) == ("Huyện ủy", "PartyCommittee",
                                                             "party")


def test_org_group_knows_the_ontology_classes_and_guesses_new_ones() -> None:
    assert [org_group(c) for c in ("StandingCommittee", "GovernmentAgency", "MassOrganization",
                                   "PartyYouthCell", "StateAuditOffice", "Organization")] == [
        "party", "state", "front", "party", "state", "other"]


# --- levels and lines -----------------------------------------------------------------------

def test_levels_on_the_fixture(graph: nx.DiGraph) -> None:
    depth = levels(graph)
    assert depth[TINH_UY] == depth[UBND_TINH] == depth[HDND_HUYEN] == depth[MTTQ_HUYEN] == 0
    assert depth[HUYEN_UY] == depth[UBND_HUYEN] == 1
    assert depth[DANG_UY_XA] == depth[BAN_TG] == 2
    assert depth[CHI_BO_NA_LAU] == depth[CHI_BO_BAN_PHA] == 3
    assert roots(graph) == sorted([TINH_UY, UBND_TINH, HDND_HUYEN, MTTQ_HUYEN])


def test_reporting_line_to_the_top(graph: nx.DiGraph) -> None:
    assert reporting_line(graph, CHI_BO_NA_LAU) == [CHI_BO_NA_LAU, DANG_UY_XA, HUYEN_UY,
                                                     TINH_UY]
    assert reporting_line(graph, NamedNode(UBND_HUYEN)) == [UBND_HUYEN, UBND_TINH]
    assert reporting_line(graph, TINH_UY) == [TINH_UY]
    with pytest.raises(KeyError):
        reporting_line(graph, ID + "org/nowhere")


def test_reporting_line_agrees_with_the_sparql_query(store: Store, graph: nx.DiGraph) -> None:
    for node in graph.nodes:
        rows = run_named_query(store, "reporting-line", {"org": node}).rows
        assert [r["ancestor"].value for r in rows] == reporting_line(graph, node)[1:]
        assert [int(r["depth"].value) for r in rows] == list(range(1, len(rows) + 1))


def test_several_parents_follow_the_lowest_and_sit_below_it() -> None:
    # A commune committee under the district (before 2025) and the province (after).
    G = nx.DiGraph([("huyen", "tinh"), ("xa", "huyen"), ("xa", "tinh"), ("chi-bo", "xa")])
    assert reporting_line(G, "chi-bo") == ["chi-bo", "xa", "huyen", "tinh"]
    assert levels(G) == {"tinh": 0, "huyen": 1, "xa": 2, "chi-bo": 3}


def test_cycles_share_a_level_and_lines_stop() -> None:
    G = nx.DiGraph([("a", "b"), ("b", "a"), ("c", "a")])
    depth = levels(G)
    assert depth["a"] == depth["b"] == 0 and depth["c"] == 1
    assert reporting_line(G, "c") == ["c", "a", "b"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 25), st.integers(0, 25)), max_size=60))
def test_levels_put_every_parent_above_its_child_in_a_dag(pairs: list[tuple[int, int]]) -> None:
    # Orient every pair from the larger to the smaller number: always a DAG.
    G = nx.DiGraph((max(a, b), min(a, b)) for a, b in pairs if a != b)
    G.add_nodes_from(range(26))
    depth = levels(G)
    for child, parent in G.edges:
        assert depth[child] > depth[parent]
    for node in G.nodes:
        line = reporting_line(G, node)
        assert G.out_degree(line[-1]) == 0
        assert depth[node] == 0 or depth[node] == max(depth[p] for p in G.successors(node)) + 1
        assert [depth[x] for x in line] == sorted((depth[x] for x in line), reverse=True)


# --- concurrent posts -----------------------------------------------------------------------

def test_concurrent_holders_on_the_fixture(store: Store) -> None:
    found = concurrent_holders(store)
    assert [(h.name, h.labels) for h in found] == [
        ("Nguyễn Văn An", ("Bí thư Huyện ủy Khê Lâm", "Chủ tịch Hội đồng nhân dân huyện Khê Lâm")),
        ("Trần Thị Bình", ("Chủ tịch Ủy ban nhân dân huyện Khê Lâm",
                           "Phó Bí thư Huyện ủy Khê Lâm")),
    ]
    assert found[0].posts == (ID + "post/bi-thu-huyen-uy-khe-lam-8a9b0c",
                              ID + "post/chu-tich-hdnd-huyen-khe-lam-1b2c3d")


DATES = st.sampled_from(["2019", "2020", "2020-05", "2020-05-01", "2021-01-01", "2022-12",
                         "2024-03-26"])
MEMBERSHIP = st.fixed_dictionaries({
    "person": st.integers(0, 2),
    "post": st.integers(0, 3),
    "article": st.one_of(st.none(), st.integers(0, 2)),
    "attested": st.one_of(st.none(), DATES),
    "begin": st.one_of(st.none(), DATES),
    "end": st.one_of(st.none(), DATES),
    "named_interval": st.booleans(),
})


def _date(value: str) -> Literal:
    kind = {4: "gYear", 7: "gYearMonth"}.get(len(value), "date")
    return Literal(value, datatype=NamedNode(XSD + kind))


def _store_of(memberships: list[dict]) -> Store:
    s = Store()
    for i, m in enumerate(memberships):
        node = n(f"membership/{i}")
        graph = n(f"article/{m['article']}") if m["article"] is not None else DefaultGraph()

        def add(s_: NamedNode | BlankNode, p: str, o: NamedNode | BlankNode | Literal,
                g: NamedNode | DefaultGraph = graph) -> None:
            s.add(Quad(s_, NamedNode(p), o, g))

        add(node, ORG + "member", n(f"person/{m['person']}"))
        add(node, OG + "post", n(f"post/{m['post']}"))
        if m["article"] is not None:
            add(node, "http://www.w3.org/ns/prov#wasDerivedFrom", graph)
        if m["attested"]:
            add(node, OG + "attestedOn", _date(m["attested"]))
        if m["begin"] or m["end"]:
            during = NamedNode(node.value + "#during") if m["named_interval"] else BlankNode()
            add(node, ORG + "memberDuring", during)
            for prop, value in (("hasBeginning", m["begin"]), ("hasEnd", m["end"])):
                if value:
                    instant = BlankNode()
                    add(during, TIME + prop, instant)
                    kind = {4: "gYear", 7: "gYearMonth"}.get(len(value), "date")
                    add(instant, TIME + ("inXSDDate" if kind == "date" else f"inXSD{kind}"),
                        _date(value))
    return s


@settings(max_examples=60, deadline=None)
@given(st.lists(MEMBERSHIP, max_size=7))
def test_concurrent_holders_agree_with_the_sparql_query(memberships: list[dict]) -> None:
    s = _store_of(memberships)
    python = {(h.person, p) for h in concurrent_holders(s) for p in h.posts}
    rows = run_named_query(s, "concurrent-posts").rows
    sparql = {(r["person"].value, r[c].value) for r in rows for c in ("post", "otherPost")}
    assert python == sparql


def test_periods_that_touch_or_nest_are_concurrent_and_disjoint_ones_are_not() -> None:
    base = {"article": None, "attested": None, "named_interval": False}
    cases = [
        # (begin, end) of post 0, then of post 1, and whether they overlap
        (("2019", "2020"), ("2020-05", None), True),  # a year-end covers its months
        (("2015-10-01", "2020-08-31"), ("2020-09-01", None), False),
        (("2020-01-01", None), ("2024-03-26", "2024-03-26"), True),
        (("2020-05", "2020-05"), ("2020-05-01", "2020-05-01"), True),
    ]
    for first, second, overlap in cases:
        s = _store_of([
            {**base, "person": 0, "post": 0, "begin": first[0], "end": first[1]},
            {**base, "person": 0, "post": 1, "begin": second[0], "end": second[1]},
        ])
        assert bool(concurrent_holders(s)) is overlap, (first, second)
