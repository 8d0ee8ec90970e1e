"""networks: reporting, affiliation and co-attendance graphs from a real store, and their
GraphML / GEXF files read back."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store
from sample import SAMPLE

from orggraph.networks import (
    affiliation_graph,
    coattendance_graph,
    reporting_graph,
    valid_on,
    xml_text,
)

ID = "https://w3id.org/orggraph/id/"
PREFIXES = """
@prefix og: <https://w3id.org/orggraph/ontology#> .
@prefix ogd: <https://w3id.org/orggraph/id/> .
@prefix ogv: <https://w3id.org/orggraph/vocab/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# A commune's đảng bộ under its district up to 2025-06-30 and its province from 2025-07-01
# (the district itself ends then); a chi bộ stated under the commune; a body with no place,
# no link and no central level (left out).
HIERARCHY = PREFIXES + """
ogd:graph\\/hierarchy {
  ogd:org\\/xa a og:PartyCommittee, org:Organization ; skos:prefLabel "Đảng ủy xã Tân Hòa"@vi ;
      og:kind ogv:org-kind\\/dang-uy-xa ; og:place ogd:place\\/xa .
  ogd:org\\/huyen a og:PartyCommittee, org:Organization ; skos:prefLabel "Huyện ủy Khê Lâm"@vi ;
      og:place ogd:place\\/huyen ; time:hasTime ogd:org\\/huyen\\#during .
  ogd:org\\/huyen\\#during time:hasEnd [ time:inXSDDate "2025-06-30"^^xsd:date ] .
  ogd:org\\/tinh a og:PartyCommittee, org:Organization ; skos:prefLabel "Tỉnh ủy Vân Sơn"@vi ;
      og:place ogd:place\\/tinh .
  ogd:org\\/chi-bo a og:PartyCell, org:Organization ; skos:prefLabel "Chi bộ thôn Nà Lâu"@vi ;
      og:place ogd:place\\/xa .
  ogd:org\\/lost a org:Organization ; skos:prefLabel "Ban không rõ"@vi .
  ogd:place\\/xa skos:prefLabel "xã Tân Hòa"@vi .

  ogd:sub\\/1 og:child ogd:org\\/xa ; og:parent ogd:org\\/huyen ;
      og:relation org:subOrganizationOf ;
      og:stated false ; og:rule "party-line" ; time:hasTime ogd:sub\\/1\\#during .
  ogd:sub\\/1\\#during time:hasEnd [ time:inXSDDate "2025-06-30"^^xsd:date ] .
  ogd:sub\\/2 og:child ogd:org\\/xa ; og:parent ogd:org\\/tinh ; og:relation org:subOrganizationOf ;
      og:stated false ; og:rule "party-line" ; time:hasTime ogd:sub\\/2\\#during .
  ogd:sub\\/2\\#during time:hasBeginning [ time:inXSDDate "2025-07-01"^^xsd:date ] .
  ogd:sub\\/3 og:child ogd:org\\/chi-bo ; og:parent ogd:org\\/xa ; og:relation org:unitOf ;
      og:stated true ; prov:wasDerivedFrom ogd:article\\/b, ogd:article\\/a .
  ogd:sub\\/4 og:child ogd:org\\/huyen ; og:parent ogd:org\\/tinh ;
      og:relation org:subOrganizationOf ;
      og:stated false ; og:rule "party-line" .
}
"""


def store_of(trig: str) -> Store:
    s = Store()
    s.load(trig.encode(), format=RdfFormat.TRIG)
    return s


@pytest.fixture(scope="module")
def hierarchy() -> Store:
    return store_of(HIERARCHY)


def o(local: str) -> str:
    return ID + "org/" + local


# --- reporting ------------------------------------------------------------------------------

def test_reporting_graph_reads_the_qualified_links(hierarchy: Store) -> None:
    G = reporting_graph(hierarchy)
    assert set(G.nodes) == {o("xa"), o("huyen"), o("tinh"), o("chi-bo")}  # not "lost"
    assert set(G.edges) == {(o("xa"), o("huyen")), (o("xa"), o("tinh")),
                            (o("chi-bo"), o("xa")), (o("huyen"), o("tinh"))}
    assert G.edges[o("chi-bo"), o("xa")] == {
        "relation": "unitOf", "stated": True, "rule": "",
        "sources": ID + "article/a " + ID + "article/b", "start": "", "end": ""}
    assert G.edges[o("xa"), o("huyen")] == {
        "relation": "subOrganizationOf", "stated": False, "rule": "party-line",
        "sources": "", "start": "", "end": "2025-06-30"}
    assert G.edges[o("xa"), o("tinh")]["start"] == "2025-07-01"
    assert G.nodes[o("xa")]["place_label"] == "xã Tân Hòa"
    assert G.nodes[o("xa")]["kind"] == "https://w3id.org/orggraph/vocab/org-kind/dang-uy-xa"
    assert G.nodes[o("huyen")]["end"] == "2025-06-30"
    assert G.nodes[o("chi-bo")]["class"] == "PartyCell"


def test_reporting_graph_on_a_date_keeps_what_holds_that_day(hierarchy: Store) -> None:
    before = reporting_graph(hierarchy, on="2025-06-30")
    assert set(before.edges) == {(o("xa"), o("huyen")), (o("chi-bo"), o("xa")),
                                 (o("huyen"), o("tinh"))}
    after = reporting_graph(hierarchy, on="2025-07-01")
    assert o("huyen") not in after  # the district's committee ended with the district
    assert set(after.edges) == {(o("xa"), o("tinh")), (o("chi-bo"), o("xa"))}


@pytest.mark.parametrize(("begin", "end", "on", "holds"), [
    ("", "", "2020-01-01", True),
    ("2025-07-01", "", "2025-06-30", False),
    ("2025-07-01", "", "2025-07-01", True),
    ("", "2025-06-30", "2025-06-30", True),
    ("", "2025-06", "2025-06-30", True),  # a partial end covers its month
    ("", "2024", "2025-01-01", False),
    ("2024", "", "2024-01-01", True),  # a partial beginning covers its year
])
def test_valid_on(begin: str, end: str, on: str, holds: bool) -> None:
    assert valid_on(begin, end, on) is holds


# --- affiliations ---------------------------------------------------------------------------

TENURES = PREFIXES + """
ogd:graph\\/tenure {
  ogd:t\\/1 a org:Membership ; org:member ogd:person\\/an ; org:organization ogd:org\\/huyen ;
      org:role ogv:title\\/bi-thu ; prov:wasDerivedFrom ogd:article\\/a ;
      org:memberDuring ogd:t\\/1\\#d .
  ogd:t\\/1\\#d time:hasBeginning [ time:inXSDDate "2020-10-01"^^xsd:date ] ;
      time:hasEnd [ time:inXSDgYearMonth "2025-06"^^xsd:gYearMonth ] .
  ogd:t\\/2 a org:Membership ; org:member ogd:person\\/an ; org:organization ogd:org\\/huyen ;
      org:role ogv:title\\/chu-tich ; og:attestedOn "2019-03-02"^^xsd:date ;
      prov:wasDerivedFrom ogd:article\\/b .
  ogd:t\\/3 a org:Membership ; org:member ogd:person\\/binh ; org:organization ogd:org\\/huyen ;
      org:role ogv:title\\/pho-bi-thu .
  ogd:t\\/4 a org:Membership ; org:member ogd:person\\/binh ; org:organization ogd:org\\/tinh .
}
ogd:article\\/a {
  ogd:person\\/an foaf:name "Nguyễn Văn An" .
  ogd:m\\/1 a org:Membership ; org:member ogd:person\\/an ; org:organization ogd:org\\/xa .
}
ogd:graph\\/vocab {
  ogv:title\\/bi-thu skos:prefLabel "Bí thư"@vi, "Secretary"@en .
  ogv:title\\/chu-tich skos:prefLabel "Chủ tịch"@vi, "Chairman"@en .
}
"""


def test_affiliation_graph_is_bipartite_with_one_edge_per_person_and_body() -> None:
    s = store_of(HIERARCHY + TENURES)
    G = affiliation_graph(s)
    an, binh = ID + "person/an", ID + "person/binh"
    # The tenure graph wins over the articles' memberships (m/1 in ogd:org/xa is not read).
    assert set(G.edges) == {(an, o("huyen")), (binh, o("huyen")), (binh, o("tinh"))}
    assert {n: d["bipartite"] for n, d in G.nodes(data=True)} == {
        an: 0, binh: 0, o("huyen"): 1, o("tinh"): 1}
    assert G.nodes[an] == {"bipartite": 0, "type": "person", "label": "Nguyễn Văn An"}
    assert G.nodes[binh]["label"] == "binh"  # no name: the IRI's last segment
    assert G.edges[an, o("huyen")] == {
        "titles": "Bí thư | Chủ tịch", "titles_en": "Chairman | Secretary",
        "roles": "https://w3id.org/orggraph/vocab/title/bi-thu "
                 "https://w3id.org/orggraph/vocab/title/chu-tich",
        "holdings": 2, "start": "2019-03-02", "end": "2025-06",
        "sources": ID + "article/a " + ID + "article/b"}
    assert G.edges[binh, o("huyen")]["titles"] == "pho-bi-thu"  # no label: the concept's name
    assert G.edges[binh, o("tinh")] == {"titles": "", "titles_en": "", "roles": "",
                                         "holdings": 1, "start": "", "end": "", "sources": ""}
    assert G.nodes[o("huyen")]["label"] == "Huyện ủy Khê Lâm"
    assert nx.is_bipartite(G)


def test_affiliation_graph_without_tenures_reads_the_articles_memberships() -> None:
    s = store_of(PREFIXES + """ogd:article\\/a {
      ogd:m\\/1 a org:Membership ; org:member ogd:person\\/an ; org:organization ogd:org\\/xa .
    }""")
    G = affiliation_graph(s)
    assert set(G.edges) == {(ID + "person/an", o("xa"))}


# --- co-attendance --------------------------------------------------------------------------

EVENTS = PREFIXES + """
ogd:article\\/a {
  ogd:e\\/1 og:participation ogd:p\\/1, ogd:p\\/2, ogd:p\\/3 .
  ogd:p\\/1 og:participant ogd:person\\/an .
  ogd:p\\/2 og:participant ogd:person\\/binh .
  ogd:p\\/3 og:participant ogd:person\\/chi .
  ogd:e\\/2 og:participation ogd:p\\/4, ogd:p\\/5, ogd:p\\/6 .
  ogd:p\\/4 og:participant ogd:person\\/an .
  ogd:p\\/5 og:participant ogd:person\\/binh .
  ogd:p\\/6 og:participant ogd:person\\/an .
  ogd:e\\/3 og:participation ogd:p\\/7 .
  ogd:p\\/7 og:participant ogd:person\\/dung .
  ogd:person\\/chi foaf:name "Lê Thị Chi" .
}
"""


def test_coattendance_graph_weights_by_shared_events() -> None:
    G = coattendance_graph(store_of(EVENTS))
    an, binh, chi, dung = (ID + f"person/{p}" for p in ("an", "binh", "chi", "dung"))
    assert set(G.nodes) == {an, binh, chi, dung}  # dung went alone: a node, no edge
    assert G.degree(dung) == 0
    assert G.edges[an, binh] == {"weight": 2, "events": f"{ID}e/1 {ID}e/2"}
    assert G.edges[an, chi] == {"weight": 1, "events": f"{ID}e/1"}
    assert G.edges[binh, chi]["weight"] == 1
    assert G.nodes[an]["events"] == 2  # listed twice at e/2, counted once
    assert G.nodes[chi]["label"] == "Lê Thị Chi"


# --- files ----------------------------------------------------------------------------------

def _attributes_are_plain(G: nx.Graph) -> None:
    for _, data in G.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values()), data
    for *_, data in G.edges(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values()), data


def _round_trip(G: nx.Graph, tmp: Path) -> None:
    nx.write_graphml(G, tmp / "g.graphml")
    back = nx.read_graphml(tmp / "g.graphml")
    assert dict(back.nodes(data=True)) == dict(G.nodes(data=True))
    assert {(a, b): d for a, b, d in back.edges(data=True)} == {
        (a, b): d for a, b, d in G.edges(data=True)}
    assert back.is_directed() == G.is_directed()
    nx.write_gexf(G, tmp / "g.gexf")
    gexf = nx.read_gexf(tmp / "g.gexf")
    assert set(gexf.nodes) == set(G.nodes) and gexf.number_of_edges() == G.number_of_edges()


@pytest.mark.parametrize("build", [reporting_graph, affiliation_graph, coattendance_graph])
def test_graphs_of_the_fixture_go_to_graphml_and_gexf_and_back(build, tmp_path: Path) -> None:
    s = Store()
    s.load(path=str(SAMPLE), format=RdfFormat.TRIG)
    s.load(HIERARCHY.encode(), format=RdfFormat.TRIG)
    s.load((EVENTS + TENURES).encode(), format=RdfFormat.TRIG)
    G = build(s)
    assert G.number_of_edges() > 0
    _attributes_are_plain(G)
    _round_trip(G, tmp_path)


# Vietnamese letters, XML's special characters, and what XML cannot carry (dropped, CR as LF).
VIETNAMESE = st.text(alphabet=st.sampled_from([
    *"aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựý",
    *"ỳỷỹỵĐÂÊÔƠƯ ,.-–()\"'&<>;\n\t", "\r", "\x00", "\x1f", "\ufffe", "😀"]), max_size=40)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(VIETNAMESE, min_size=3, max_size=3), body=VIETNAMESE, title=VIETNAMESE)
def test_any_label_survives_graphml(names: list[str], body: str, title: str,
                                    tmp_path: Path) -> None:
    s = store_of(TENURES + EVENTS)
    s.add(Quad(NamedNode(o("huyen")), NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
               Literal(body, language="vi")))
    s.add(Quad(NamedNode("https://w3id.org/orggraph/vocab/title/pho-bi-thu"),
               NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
               Literal(title, language="vi")))
    for who, name in zip(("an", "binh", "chi"), names, strict=True):
        s.add(Quad(NamedNode(ID + "person/" + who), NamedNode("http://xmlns.com/foaf/0.1/name"),
                   Literal(name)))
    for G in (affiliation_graph(s), coattendance_graph(s), reporting_graph(s)):
        _attributes_are_plain(G)
        _round_trip(G, tmp_path)
    # What XML can carry comes through unchanged.
    huyen = affiliation_graph(s).nodes[o("huyen")]["label"]
    assert huyen == (xml_text(body) or "huyen")
    if body == xml_text(body):
        assert huyen == (body or "huyen")


@pytest.mark.parametrize("day", ["2025-06-30", "2025-07-01", "2030-01-01"])
def test_reporting_graph_on_a_day_agrees_with_the_sparql_query(hierarchy: Store,
                                                               day: str) -> None:
    from orggraph.query import run_named_query

    rows = run_named_query(hierarchy, "hierarchy-on-date", {"asOf": day}).rows
    sparql = {(r["org"].value, r["ancestor"].value) for r in rows if r["depth"].value == "1"}
    G = reporting_graph(hierarchy, on=day)
    # the query follows links only; the graph also leaves out a body ended before the day
    # (the fixture's district committee, whose link to the province has no end of its own)
    assert set(G.edges) == {(c, p) for c, p in sparql if c in G and p in G}
    assert {n for pair in sparql for n in pair} - set(G) == (
        set() if day <= "2025-06-30" else {o("huyen")})
