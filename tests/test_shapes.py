"""SHACL shapes: each passes on good data and catches its crafted bad example.

The fixtures live in tests/data/shapes/: ``good.ttl`` is a valid graph, and each
``bad-*.ttl`` adds one flawed node to it; its header names the shape that must fire, the
message text the researcher must see, and the focus node.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDF, SH

from orggraph.rdf.namespaces import OGS
from orggraph.resources import shapes_path
from orggraph.store import load_ontology, open_store
from orggraph.validate import ValidationReport, validate

DATA = Path(__file__).parent / "data" / "shapes"
BAD = sorted(DATA.glob("bad-*.ttl"))
ARTICLE = "https://w3id.org/orggraph/id/article/t1"


def header(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and ": " in line:
            name, value = line[2:].split(": ", 1)
            out[name] = value
    return out


def graph(*paths: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    for path in paths:
        g.parse(path, format="turtle")
    return g


def expand(curie: str) -> str:
    assert curie.startswith("ogs:")
    return OGS(curie[4:]).value


def test_good_data_conforms():
    report = validate(graph(DATA / "good.ttl"))
    assert report.results == []
    assert report.conforms
    assert report.text() == "conforms"


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_example_breaks_its_rule(path: Path):
    expected = header(path)
    severity = expected.get("severity", "Violation")
    report = validate(graph(DATA / "good.ttl", path))
    # a warning is reported, but the graph still conforms (only violations fail it)
    assert report.conforms == (severity == "Warning")
    shapes = {r.shape for r in report.results}
    # The fixture breaks exactly the rule it is written for (and those it names as "also").
    also = {expand(s) for s in expected.get("also", "").split()}
    assert shapes == {expand(expected["shape"])} | also, report.text()
    hits = [r for r in report.results
            if r.focus == expected["focus"] and r.shape == expand(expected["shape"])]
    assert hits, report.text()
    assert all(expected["message"] in r.message for r in hits), report.text()
    assert all(r.severity == severity for r in hits)
    assert all(r.message_vi for r in hits), "every message has a Vietnamese version"
    text = report.text()
    assert text.startswith("conforms, with " if severity == "Warning" else "does not conform: ")
    assert expected["message"] in text
    assert hits[0].message_vi in text


def test_every_shape_with_a_message_has_a_bad_example():
    shapes = graph(shapes_path())
    named = {str(s) for s in shapes.subjects(SH.message, None) if isinstance(s, rdflib.URIRef)}
    covered = {expand(header(p)["shape"]) for p in BAD}
    assert named - covered == set()


def test_every_message_is_in_vietnamese_and_english():
    shapes = graph(shapes_path())
    for shape in set(shapes.subjects(SH.message, None)):
        langs = sorted(str(m.language) for m in shapes.objects(shape, SH.message))
        assert langs == ["en", "vi"], shape


def test_warnings_are_the_suspicious_but_possible():
    shapes = graph(shapes_path())
    warnings = {str(s)[len(OGS.base):] for s in shapes.subjects(SH.severity, SH.Warning)}
    assert warnings == {"UndatedMembershipShape", "UnplacedOrganizationShape",
                        "SingleHolderPostShape", "AttestedAfterEndShape"}


def test_warnings_do_not_fail_but_are_reported(tmp_path: Path):
    """pyshacl says "does not conform" on a warning; validate decides from violations, the
    CLI exits 0, and the graph's copy of the report keeps the spec's sh:conforms false."""
    from orggraph.cli import main
    from orggraph.validate import report_quads

    report = validate(graph(DATA / "good.ttl", DATA / "bad-warning-undated-membership.ttl"))
    assert report.conforms and report.counts() == {"Warning": 1}
    assert report.text().startswith("conforms, with 1 warning\n")
    [conforms] = [q.object.value for q in report_quads(report)
                  if q.predicate.value == str(SH.conforms)]
    assert conforms == "false"
    assert {q.object for q in report_quads(report) if q.predicate.value == str(SH.resultMessage)
            } >= {ox.Literal(report.results[0].message, language="en"),
                  ox.Literal(report.results[0].message_vi or "", language="vi")}
    data = tmp_path / "warned.ttl"
    graph(DATA / "good.ttl", DATA / "bad-warning-undated-membership.ttl").serialize(data)
    assert main(["validate", str(data)]) == 0
    bad = tmp_path / "bad.ttl"
    graph(DATA / "good.ttl", DATA / "bad-date-attested.ttl").serialize(bad)
    assert main(["validate", str(bad)]) == 1


def test_every_shape_explains_itself():
    """Every rule that checks data has its own message (the concept helpers are reported
    through the property shape that uses them)."""
    shapes = graph(shapes_path())
    structural = {RDF.type, SH.targetClass, SH.targetSubjectsOf, SH.target, SH.severity,
                  SH.property, SH.sparql, rdflib.URIRef(OGS("scope").value)}
    silent = []
    for kind in (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint):
        for s in shapes.subjects(RDF.type, kind):
            if not isinstance(s, rdflib.URIRef) or str(s).endswith("Concept"):
                continue
            checks = {p for p in shapes.predicates(s, None)} - structural
            if checks and (s, SH.message, None) not in shapes:
                silent.append(str(s))
    assert silent == []


def test_report_traces_a_result_to_article_and_evidence():
    report = validate(graph(DATA / "good.ttl", DATA / "bad-date-attested.ttl"))
    [result] = report.results
    assert result.article == ARTICLE
    assert result.span == ARTICLE + "#char=10,40"
    assert result.quote == "Bí thư Huyện ủy Trần Thị Mai"
    assert result.value == "26/3/2024"
    text = report.text()
    assert "does not conform: 1 violation" in text
    assert "focus:    ogd:membership/t1/m1" in text
    assert "rule:     ogs:Date-attestedOn (Or on og:attestedOn)" in text
    assert "article:  ogd:article/t1" in text
    assert "evidence: “Bí thư Huyện ủy Trần Thị Mai” (chars 10–40)" in text


def test_node_without_provenance_is_traced_through_what_points_to_it():
    # The post has no prov:wasDerivedFrom; the membership holding it has.
    g = graph(DATA / "good.ttl")
    post = rdflib.URIRef("https://w3id.org/orggraph/id/post/bi-thu")
    g.remove((post, rdflib.URIRef("http://www.w3.org/ns/org#postIn"), None))
    results = validate(g).results
    [result] = [r for r in results if r.focus == str(post)]
    assert result.shape == expand("ogs:Post-postIn")
    assert result.article == ARTICLE
    # ... and the membership no longer names its post's body.
    assert {r.shape for r in results} == {expand("ogs:Post-postIn"),
                                         expand("ogs:Membership-samePostOrganization")}


def _store_with(*graphs: tuple[str, Path]) -> ox.Store:
    store = open_store()
    for name, path in graphs:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(name))
    return store


def test_store_validation_names_the_graph_of_a_node_without_provenance():
    store = _store_with((ARTICLE, DATA / "good.ttl"),
                        ("https://w3id.org/orggraph/id/article/t9",
                         DATA / "bad-person-no-name.ttl"))
    load_ontology(store)  # must not be validated as data, nor break anything
    report = validate(store)
    assert [r.article for r in report.results] == ["https://w3id.org/orggraph/id/article/t9"]
    assert report.results[0].shape == expand("ogs:Person-name")


def test_rdflib_dataset_results_name_their_graph():
    dataset = rdflib.Dataset()
    dataset.graph(rdflib.URIRef(ARTICLE)).parse(DATA / "good.ttl", format="turtle")
    t9 = "https://w3id.org/orggraph/id/article/t9"
    dataset.graph(rdflib.URIRef(t9)).parse(DATA / "bad-person-no-name.ttl", format="turtle")
    size = len(list(dataset.quads()))
    [result] = validate(dataset).results
    assert result.article == t9
    assert len(list(dataset.quads())) == size  # the caller's data is left as it was


def test_batches_give_the_same_report():
    articles = [(f"https://w3id.org/orggraph/id/article/b{i}", DATA / "good.ttl")
                for i in range(4)]
    articles += [("https://w3id.org/orggraph/id/article/b4", DATA / "bad-person-no-name.ttl"),
                 ("https://w3id.org/orggraph/id/article/b5", DATA / "bad-post-no-org.ttl")]
    store = _store_with(*articles)
    whole, batched = validate(store), validate(store, batch=2)
    assert isinstance(batched, ValidationReport)
    assert batched.results == whole.results
    assert [r.shape for r in whole.results] == [expand("ogs:Person-name"),
                                                expand("ogs:Post-postIn")]


def test_a_query_parsed_once_answers_for_each_binding():
    # validate parses a SPARQL constraint's text once and reuses it for every focus node:
    # the reused query must still answer for the node bound each time.
    from orggraph.validate import _ParsedOnce

    g = _ParsedOnce()
    g.parse(data="<urn:a> <urn:p> 1 . <urn:b> <urn:p> 2 .", format="turtle")
    text = "SELECT ?v WHERE { $this <urn:p> ?v }"
    answers = {node: [int(r[0]) for r in g.query(text, initBindings={"this": rdflib.URIRef(node)})]
               for node in ("urn:a", "urn:b", "urn:c")}
    assert answers == {"urn:a": [1], "urn:b": [2], "urn:c": []}
    assert len(g._parsed) == 1
