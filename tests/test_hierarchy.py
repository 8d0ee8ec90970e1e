"""The corpus hierarchy: stated and inferred links, their evidence and intervals, the
reporting line of a commune before and after 2025-07-01, and the as-of query."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from orggraph.bodies import body_iri, identify
from orggraph.facts import Facts, Organization, Span, Subordination
from orggraph.gazetteer import default_gazetteer
from orggraph.hierarchy import GRAPH, PARTY, build, corpus_hierarchy
from orggraph.pipeline import build_store
from orggraph.query import load_query, run_query
from orggraph.rdf.namespaces import OA, OG, ORG, PROV, TIME
from orggraph.validate import validate
from orggraph.vocab import load_vocabulary

TEXT = "Ban Thường vụ Huyện ủy Yên Minh họp với Đảng ủy xã Ngọc Long."
BTV = "Ban Thường vụ Huyện ủy Yên Minh"


def corpus() -> list[Facts]:
    """Two reports: one before the reform (a stated organ), one after (a commune the reform
    left alone, xã Ngọc Long: huyện Yên Minh, Hà Giang → tỉnh Tuyên Quang)."""
    before = Facts("h-old", published="2024-04-02", organizations=[
        Organization("Huyện ủy Yên Minh", "huyen-uy", "huyện Yên Minh", "pre2025/028"),
        Organization(BTV, "ban-thuong-vu", "huyện Yên Minh", "pre2025/028",
                     evidence=Span(0, len(BTV))),
        Organization("Đảng ủy xã Ngọc Long", "dang-uy", "xã Ngọc Long", "pre2025/00859")],
        subordination=[Subordination(BTV, "Huyện ủy Yên Minh", stated=True)])
    after = Facts("h-new", published="2025-09-10", organizations=[
        Organization("Đảng ủy xã Ngọc Long", "dang-uy", "xã Ngọc Long", "2025/00859")])
    return [before, after]


@pytest.fixture(scope="module")
def vg():
    return load_vocabulary(), default_gazetteer()


@pytest.fixture(scope="module")
def store():
    return build_store([(f, TEXT if f.id == "h-old" else None) for f in corpus()])


def test_fixture_ids_are_what_the_test_says():
    g = default_gazetteer()
    assert g.get("pre2025/028").name == "Yên Minh"
    assert g.full_label(g.get("2025/00859")) == "xã Ngọc Long, tỉnh Tuyên Quang"


def link_of(result, child: str, parent_label: str):
    found = [ln for ln in result.links if ln.child.label == child
             and ln.parent.label == parent_label]
    assert found, [(ln.child.label, ln.parent.label) for ln in result.links]
    return found


def test_stated_link_keeps_its_report_and_span(vg):
    result = build(corpus(), *vg)
    [link] = link_of(result, BTV, "Huyện ủy Yên Minh")
    assert link.stated and link.relation == "unitOf"
    assert [(e.article, e.span) for e in link.evidence] == [("h-old", Span(0, len(BTV)))]
    # stated without a date, but a district's bodies end with the district
    assert (link.start, link.end) == (None, "2025-06-30")


def test_committee_is_a_unit_of_its_party_organisation(vg):
    result = build(corpus(), *vg)
    [link] = link_of(result, "Huyện ủy Yên Minh", "Đảng bộ huyện Yên Minh")
    assert link.rule == "committee-of-party-organisation" and link.relation == "unitOf"
    assert not link.stated


def test_commune_party_reports_to_district_then_province(vg):
    result = build(corpus(), *vg)
    [old] = link_of(result, "Đảng bộ xã Ngọc Long", "Đảng bộ huyện Yên Minh")
    [new] = link_of(result, "Đảng bộ xã Ngọc Long", "Đảng bộ tỉnh Tuyên Quang")
    assert (old.start, old.end) == (None, "2025-06-30")
    assert (new.start, new.end) == ("2025-07-01", None)
    # one commune node across the reform: the reform left the commune as it was
    v, g = vg
    assert body_iri(identify("Đảng ủy xã Ngọc Long", "dang-uy", "pre2025/00859", v, g)) == \
        body_iri(identify("Đảng ủy xã Ngọc Long", "dang-uy", "2025/00859", v, g))


def test_every_line_climbs_to_the_party(vg):
    result = build(corpus(), *vg)
    parents: dict[str, set[str]] = {}
    for link in result.links:
        parents.setdefault(link.child.key, set()).add(link.parent.key)
    node, seen = identify("Đảng ủy xã Ngọc Long", "dang-uy", "2025/00859", *vg).key, set()
    while node in parents and node not in seen:
        seen.add(node)
        node = sorted(parents[node])[0]
    assert node == PARTY.key


def test_same_output_in_any_order(vg):
    a, _ = corpus_hierarchy(corpus(), *vg)
    b, _ = corpus_hierarchy(list(reversed(corpus())), *vg)
    assert a == b and all(q.graph_name == GRAPH for q in a)


def test_unplaced_body_is_left_out_with_a_warning(vg):
    lonely = Facts("h-x", organizations=[Organization("Ban Quản lý Khu", "ban-quan-ly")])
    result = build([lonely], *vg)
    assert result.links == []
    assert any("Ban Quản lý Khu" in w for w in result.warnings)


def test_a_piece_that_hangs_from_no_place_is_left_out_not_drawn_as_a_root(vg):
    top, organ = "Ban Quản lý Khu", "Đảng ủy Ban Quản lý Khu"
    floating = Facts("h-y", organizations=[
        Organization(top, "ban-quan-ly"), Organization(organ, "dang-uy"),
        Organization("Huyện ủy Yên Minh", "huyen-uy", "huyện Yên Minh", "pre2025/028")],
        subordination=[Subordination(organ, top, stated=True)])
    result = build([floating], *vg)
    drawn = {k for ln in result.links for k in (ln.child.label, ln.parent.label)}
    assert top not in drawn and organ not in drawn
    assert {w.split(":")[0] for w in result.warnings} >= {top, organ}
    # what stays climbs to the Party: every top is the Party or a central body
    children = {ln.child.key for ln in result.links}
    tops = {ln.parent.key for ln in result.links} - children
    assert tops == {PARTY.key}


def test_links_in_the_graph_are_qualified_and_plain(store):
    stated = list(store.quads_for_pattern(None, OG("stated"), ox.Literal(True), GRAPH))
    assert len(stated) == 1
    link = stated[0].subject
    child = next(store.quads_for_pattern(link, OG("child"), None, GRAPH)).object
    parent = next(store.quads_for_pattern(link, OG("parent"), None, GRAPH)).object
    assert list(store.quads_for_pattern(child, ORG("unitOf"), parent, GRAPH))
    assert list(store.quads_for_pattern(link, PROV("wasDerivedFrom"), None, GRAPH))
    [note] = list(store.quads_for_pattern(None, OA("hasTarget"), link, GRAPH))
    assert list(store.quads_for_pattern(note.subject, OA("hasBody"), None, GRAPH))
    inferred = {q.subject for q in store.quads_for_pattern(None, OG("stated"),
                                                           ox.Literal(False), GRAPH)}
    assert inferred and all(list(store.quads_for_pattern(n, OG("rule"), None, GRAPH))
                            for n in inferred)
    ended = list(store.quads_for_pattern(None, TIME("hasEnd"), None, GRAPH))
    assert ended


def test_the_graph_conforms(store):
    assert validate(store).conforms


@pytest.mark.parametrize(("as_of", "district", "province"), [
    ("2025-06-30", "Đảng bộ huyện Yên Minh", "Đảng bộ tỉnh Hà Giang"),
    ("2025-07-01", None, "Đảng bộ tỉnh Tuyên Quang"),
])
def test_hierarchy_on_date(store, vg, as_of, district, province):
    org = body_iri(identify("Đảng ủy xã Ngọc Long", "dang-uy", "2025/00859", *vg))
    text, _ = load_query("hierarchy-on-date")
    result = run_query(store, text, {
        "org": org, "asOf": ox.Literal(as_of, datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#date"))})
    labels = [r["ancestorLabel"].value for r in result.rows if r["ancestorLabel"]]
    assert labels[0] == "Đảng bộ xã Ngọc Long"
    assert province in labels and "Đảng Cộng sản Việt Nam" in labels
    if district:
        assert district in labels and "Đảng bộ tỉnh Tuyên Quang" not in labels
    else:
        assert not any("huyện" in label for label in labels)


def test_reform_change_event_links_old_and_new_bodies(store):
    """Hà Giang merged into Tuyên Quang: the old province's đảng bộ is an original of the
    event that resulted in the new one; a kept commune has no event and no interval."""
    q = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?oldLabel ?newLabel WHERE {
          ?e a org:ChangeEvent ; org:originalOrganization ?old ; org:resultingOrganization ?new .
          ?new org:resultedFrom ?e . ?old org:changedBy ?e .
          ?old skos:prefLabel ?oldLabel . ?new skos:prefLabel ?newLabel }"""
    pairs = {(r["oldLabel"].value, r["newLabel"].value)
             for r in store.query(q, use_default_graph_as_union=True)}
    assert ("Đảng bộ tỉnh Hà Giang", "Đảng bộ tỉnh Tuyên Quang") in pairs
    assert not any("Ngọc Long" in old for old, _ in pairs)
    ends = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX time: <http://www.w3.org/2006/time#>
        SELECT ?label ?end WHERE { ?b skos:prefLabel ?label ;
          time:hasTime/time:hasEnd/time:inXSDDate ?end }"""
    ended = {r["label"].value: r["end"].value
             for r in store.query(ends, use_default_graph_as_union=True)}
    assert ended["Huyện ủy Yên Minh"] == "2025-06-30"
    assert "Đảng ủy xã Ngọc Long" not in ended


def lines_of(body, vg):
    from orggraph.hierarchy import inferred
    return {(ln.parent.label, ln.relation, ln.rule, ln.start) for ln in inferred(body, *vg)}


def test_national_mass_body_is_led_by_the_party_and_joins_the_front_in_2025(vg):
    from orggraph.bodies import national
    lines = lines_of(national("hoi-nong-dan", vg[0]), vg)
    assert ("Đảng Cộng sản Việt Nam", "ledBy", "party-leadership", None) in lines
    front = {ln for ln in lines if ln[2] == "mass-organisation-under-front"}
    assert [(ln[1], ln[3]) for ln in front] == [("subOrganizationOf", "2025-07-01")]


def test_the_assembly_is_an_organ_of_the_state_and_the_state_is_led_by_the_party(vg):
    from orggraph.bodies import central
    assert {ln[2] for ln in lines_of(central("quoc-hoi", vg[0]), vg)} == {"assembly-of-state"}
    assert {ln[1] for ln in lines_of(central("nha-nuoc", vg[0]), vg)} == {"ledBy"}


def test_a_kinds_parent_kind_names_the_same_units_body(vg):
    body = identify("Trường Chính trị tỉnh Thanh Hóa", "truong-chinh-tri", "pre2025/38", *vg)
    assert {(ln[0], ln[2]) for ln in lines_of(body, vg)} == {
        ("Tỉnh ủy Thanh Hóa", "parent-kind")}


def test_led_by_is_its_own_property_not_a_reporting_line(vg):
    from orggraph.bodies import central
    from orggraph.hierarchy import inferred, link_triples
    out: list = []
    for link in inferred(central("nha-nuoc", vg[0]), *vg):
        link_triples(link, out)
    predicates = {str(t[1].value) for t in out}
    assert OG("ledBy").value in predicates
    assert ORG("subOrganizationOf").value not in predicates


@pytest.mark.parametrize(("name", "place", "parent"), [
    ("Báo Long An", "pre2025/80", "Tỉnh ủy Long An"),
    ("Đài Phát thanh - Truyền hình Long An", "pre2025/80", "Ủy ban nhân dân tỉnh Long An"),
])
def test_an_official_names_parent_kind_wins_over_its_kinds(vg, name, place, parent):
    body = identify(name, "bao", place, *vg)
    assert {(ln[0], ln[2]) for ln in lines_of(body, vg)} == {(parent, "parent-kind")}
