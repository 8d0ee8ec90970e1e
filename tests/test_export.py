"""orggraph export: RDF syntaxes, JSON-LD (parsed back by rdflib), CSV tables with values
derived by hand, GraphML/GEXF networks; errors and determinism."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
import rdflib

from orggraph.cli import main
from orggraph.export import CONTEXT_IRI, context_path

PREFIXES = """
@prefix og: <https://w3id.org/orggraph/ontology#> .
@prefix ogd: <https://w3id.org/orggraph/id/> .
@prefix ogv: <https://w3id.org/orggraph/vocab/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
ID = "https://w3id.org/orggraph/id/"
V = "https://w3id.org/orggraph/vocab/"

# One report: An, Bí thư of the district committee (attested 2024-03-26, elected that day),
# chairs a conference with Bình; the committee reports to the province's (stated).
GRAPH = PREFIXES + """
ogd:article\\/a {
  ogd:article\\/a a og:Article ; schema:datePublished "2024-03-27"^^xsd:date .
  ogd:person\\/an a foaf:Person ; foaf:name "Nguyễn Văn An" .
  ogd:person\\/binh a foaf:Person ; foaf:name "Trần Thị Bình" .
  ogd:mention\\/a\\/1 og:mentionOf ogd:person\\/an ; prov:wasDerivedFrom ogd:article\\/a .
  ogd:org\\/huyen a og:PartyCommittee, org:Organization ; skos:prefLabel "Huyện ủy Khê Lâm"@vi ;
      og:kind ogv:org-kind\\/huyen-uy ; og:place ogd:place\\/h .
  ogd:place\\/h skos:prefLabel "huyện Khê Lâm"@vi .
  ogd:post\\/bt skos:prefLabel "Bí thư Huyện ủy Khê Lâm"@vi ; org:postIn ogd:org\\/huyen .
  ogd:membership\\/a\\/1 a org:Membership ; org:member ogd:person\\/an ;
      org:organization ogd:org\\/huyen ; og:post ogd:post\\/bt ; org:role ogv:title\\/bi-thu ;
      og:attestedOn "2024-03-26"^^xsd:date ; prov:wasDerivedFrom ogd:article\\/a .
  ogd:event\\/a\\/1 a og:Event ; rdfs:label "Hội nghị Ban Chấp hành"@vi ;
      og:eventKind ogv:event-kind\\/conference ; schema:startDate "2024-03-26"^^xsd:date ;
      schema:organizer ogd:org\\/huyen ; dcterms:source ogd:article\\/a ;
      og:participation ogd:participation\\/1, ogd:participation\\/2 .
  ogd:participation\\/1 og:participant ogd:person\\/an ; og:role ogv:role\\/chair ;
      prov:wasDerivedFrom ogd:article\\/a .
  ogd:participation\\/2 og:participant ogd:person\\/binh ; og:role ogv:role\\/attendee ;
      prov:wasDerivedFrom ogd:article\\/a .
  ogd:change\\/a\\/1 a og:PostChange ; og:changeKind ogv:change-kind\\/elected ;
      schema:startDate "2024-03-26"^^xsd:date ; og:person ogd:person\\/an ; og:post ogd:post\\/bt ;
      og:organization ogd:org\\/huyen ; dcterms:source ogd:article\\/a ;
      og:flag true ; og:count 3 ; og:note [ rdfs:label "một nút trống"@vi ] .
}
ogd:graph\\/hierarchy {
  ogd:org\\/tinh a og:PartyCommittee, org:Organization ; skos:prefLabel "Tỉnh ủy Vân Sơn"@vi ;
      og:place ogd:place\\/t .
  ogd:org\\/huyen og:place ogd:place\\/h .
  ogd:sub\\/1 og:child ogd:org\\/huyen ; og:parent ogd:org\\/tinh ;
      og:relation org:subOrganizationOf ;
      og:stated true ; prov:wasDerivedFrom ogd:article\\/a .
}
ogd:graph\\/vocab {
  ogv:title\\/bi-thu skos:prefLabel "Bí thư"@vi, "Secretary"@en .
  ogv:org-kind\\/huyen-uy skos:prefLabel "Huyện ủy"@vi, "District Party Committee"@en .
  ogv:role\\/chair skos:prefLabel "chủ trì"@vi, "chair"@en .
  ogv:role\\/attendee skos:prefLabel "dự"@vi, "attendee"@en .
  ogv:event-kind\\/conference skos:prefLabel "hội nghị"@vi, "conference"@en .
  ogv:change-kind\\/elected skos:prefLabel "được bầu"@vi, "elected"@en .
}
"""


@pytest.fixture(scope="module")
def trig(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("g") / "graph.trig"
    path.write_text(GRAPH, encoding="utf-8")
    return path


def _export(graph: Path, fmt: str, out: Path, *extra: str) -> int:
    return main(["export", str(graph), "--format", fmt, "-o", str(out), *extra])


def _quads(ds: rdflib.Dataset) -> set:
    """Quads with blank nodes replaced by one marker (their labels differ by parser)."""
    def term(t):
        return "_:b" if isinstance(t, rdflib.BNode) else t
    return {(term(s), p, term(o), str(g)) for s, p, o, g in ds.quads()}


# --- RDF and JSON-LD ------------------------------------------------------------------------

def test_jsonld_parses_back_into_the_same_quads(trig: Path, tmp_path: Path) -> None:
    assert _export(trig, "jsonld", tmp_path / "g.jsonld") == 0
    document = json.loads((tmp_path / "g.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == CONTEXT_IRI
    # what a JSON-LD processor does with the IRI: fetch the published context (shipped here)
    document["@context"] = json.loads(context_path().read_text(encoding="utf-8"))["@context"]
    back = rdflib.Dataset()
    back.parse(data=json.dumps(document), format="json-ld")
    expected = rdflib.Dataset()
    expected.parse(trig, format="trig")
    assert _quads(back) == _quads(expected)
    assert len(_quads(back)) > 60
    # the terms are compacted with the context's prefixes
    text = (tmp_path / "g.jsonld").read_text(encoding="utf-8")
    assert '"skos:prefLabel"' in text and '"og:PartyCommittee"' in text


def test_jsonld_with_the_context_inline_needs_nothing_else(trig: Path, tmp_path: Path) -> None:
    assert _export(trig, "jsonld", tmp_path / "g.jsonld", "--inline-context") == 0
    back = rdflib.Dataset()
    back.parse(tmp_path / "g.jsonld", format="json-ld")
    expected = rdflib.Dataset()
    expected.parse(trig, format="trig")
    assert _quads(back) == _quads(expected)


@pytest.mark.parametrize(("fmt", "rdflib_format"), [
    ("nq", "nquads"), ("trig", "trig"), ("nt", "nt"), ("ttl", "turtle")])
def test_rdf_formats_hold_the_graph(trig: Path, tmp_path: Path, fmt: str,
                                    rdflib_format: str) -> None:
    out = tmp_path / f"g.{fmt}"
    assert _export(trig, fmt, out) == 0
    expected = rdflib.Dataset()
    expected.parse(trig, format="trig")
    if fmt in ("nq", "trig"):
        back = rdflib.Dataset()
        back.parse(out, format=rdflib_format)
        assert _quads(back) == _quads(expected)
    else:  # triples: the union of the graphs
        back_graph = rdflib.Graph().parse(out, format=rdflib_format)
        assert {(s, p, o) for s, p, o, _ in _quads_of(back_graph)} == {
            (s, p, o) for s, p, o, _ in _quads(expected)}
    again = tmp_path / f"again.{fmt}"
    assert _export(trig, fmt, again) == 0
    assert again.read_bytes() == out.read_bytes()


def _quads_of(graph: rdflib.Graph) -> set:
    return {("_:b" if isinstance(s, rdflib.BNode) else s, p,
             "_:b" if isinstance(o, rdflib.BNode) else o, "") for s, p, o in graph}


# --- CSV ------------------------------------------------------------------------------------

def _table(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_tables_by_hand(trig: Path, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    assert _export(trig, "csv", out) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{n}.csv" for n in ("persons", "organisations", "holdings", "events", "participants",
                             "changes", "reporting-lines"))
    assert _table(out, "persons") == [
        {"person": ID + "person/an", "name": "Nguyễn Văn An", "mentions": "1",
         "articles": ID + "article/a"},
        {"person": ID + "person/binh", "name": "Trần Thị Bình", "mentions": "0", "articles": ""}]
    assert _table(out, "holdings") == [{
        "holding": ID + "membership/a/1", "person": ID + "person/an",
        "person_name": "Nguyễn Văn An", "org": ID + "org/huyen", "org_label": "Huyện ủy Khê Lâm",
        "post": ID + "post/bt", "post_label": "Bí thư Huyện ủy Khê Lâm",
        "title": V + "title/bi-thu", "title_vi": "Bí thư", "title_en": "Secretary",
        "start": "2024-03-26", "end": "2024-03-26", "articles": ID + "article/a"}]
    assert _table(out, "events") == [{
        "event": ID + "event/a/1", "label": "Hội nghị Ban Chấp hành",
        "kind": V + "event-kind/conference", "kind_vi": "hội nghị", "kind_en": "conference",
        "date": "2024-03-26", "place": "", "place_label": "", "organizer": ID + "org/huyen",
        "organizer_label": "Huyện ủy Khê Lâm", "article": ID + "article/a"}]
    assert [(r["person_name"], r["role_vi"], r["role_en"]) for r in _table(out, "participants")
            ] == [("Nguyễn Văn An", "chủ trì", "chair"), ("Trần Thị Bình", "dự", "attendee")]
    (change,) = _table(out, "changes")
    assert (change["kind_vi"], change["kind_en"], change["date"], change["person_name"],
            change["post_label"], change["org_label"]) == (
        "được bầu", "elected", "2024-03-26", "Nguyễn Văn An", "Bí thư Huyện ủy Khê Lâm",
        "Huyện ủy Khê Lâm")
    orgs = {r["org"]: r for r in _table(out, "organisations")}
    assert set(orgs) == {ID + "org/huyen", ID + "org/tinh"}
    assert (orgs[ID + "org/huyen"]["kind_vi"], orgs[ID + "org/huyen"]["kind_en"],
            orgs[ID + "org/huyen"]["place_label"], orgs[ID + "org/huyen"]["group"]) == (
        "Huyện ủy", "District Party Committee", "huyện Khê Lâm", "party")
    assert _table(out, "reporting-lines") == [{
        "child": ID + "org/huyen", "child_label": "Huyện ủy Khê Lâm", "parent": ID + "org/tinh",
        "parent_label": "Tỉnh ủy Vân Sơn", "relation": "subOrganizationOf", "stated": "true",
        "rule": "", "start": "", "end": "", "sources": ID + "article/a"}]


# --- networks -------------------------------------------------------------------------------

def test_networks_as_graphml_and_gexf(trig: Path, tmp_path: Path) -> None:
    assert _export(trig, "graphml", tmp_path / "nets") == 0
    names = sorted(p.name for p in (tmp_path / "nets").iterdir())
    assert names == ["affiliation.graphml", "coattendance.graphml", "reporting.graphml"]
    reporting = nx.read_graphml(tmp_path / "nets" / "reporting.graphml")
    assert list(reporting.edges(data="stated")) == [(ID + "org/huyen", ID + "org/tinh", True)]
    affiliation = nx.read_graphml(tmp_path / "nets" / "affiliation.graphml")
    assert affiliation.edges[ID + "person/an", ID + "org/huyen"]["titles_en"] == "Secretary"
    co = nx.read_graphml(tmp_path / "nets" / "coattendance.graphml")
    assert co.edges[ID + "person/an", ID + "person/binh"]["weight"] == 1

    assert _export(trig, "gexf", tmp_path / "co.gexf", "--network", "coattendance") == 0
    text = (tmp_path / "co.gexf").read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text  # the bytes do not depend on the day
    gexf = nx.read_gexf(tmp_path / "co.gexf")
    assert {gexf.nodes[n]["label"] for n in gexf} == {"Nguyễn Văn An", "Trần Thị Bình"}
    assert _export(trig, "gexf", tmp_path / "co2.gexf", "--network", "coattendance") == 0
    assert (tmp_path / "co2.gexf").read_bytes() == (tmp_path / "co.gexf").read_bytes()


def test_a_run_folder_is_a_graph(trig: Path, tmp_path: Path) -> None:
    run = tmp_path / "out"
    run.mkdir()
    (run / "graph.trig").write_bytes(trig.read_bytes())
    assert _export(run, "graphml", tmp_path / "r.graphml", "--network", "reporting") == 0
    assert nx.read_graphml(tmp_path / "r.graphml").number_of_edges() == 1


# --- errors ---------------------------------------------------------------------------------

def test_errors(trig: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        _export(trig, "xlsx", tmp_path / "x")
    assert exc.value.code == 2
    missing = tmp_path / "missing.trig"
    assert _export(missing, "ttl", tmp_path / "x.ttl") == 4
    assert f"{missing}: cannot read" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _export(empty, "ttl", tmp_path / "x.ttl") == 4
    assert "without graph.trig or graph.ttl" in capsys.readouterr().err
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    assert _export(bad, "nt", tmp_path / "x.nt") == 4
    assert _export(trig, "ttl", tmp_path / "x.ttl", "--network", "reporting") == 2
    assert _export(trig, "ttl", trig) == 2  # the output would replace the input
    assert not (tmp_path / "x.ttl").exists() and not (tmp_path / "x.nt").exists()


# --- the run's outputs ----------------------------------------------------------------------

def test_run_writes_tables_and_reporting_graphml(tmp_path: Path) -> None:
    import hashlib

    from orggraph.networks import reporting_graph
    from orggraph.pipeline import run
    from orggraph.tables import TABLES

    seed = Path(__file__).resolve().parents[1] / "data" / "articles"
    result = run([seed], tmp_path / "out")
    out = tmp_path / "out"
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))["outputs"]
    for name in ("reporting.graphml", *(f"tables/{t}.csv" for t in TABLES)):
        data = (out / name).read_bytes()
        assert manifest[name]["sha256"] == hashlib.sha256(data).hexdigest(), name
    G = nx.read_graphml(out / "reporting.graphml")
    expected = reporting_graph(result.store)
    assert set(G.edges) == set(expected.edges) and G.number_of_nodes() > 5
    assert dict(G.nodes(data=True)) == dict(expected.nodes(data=True))
    holdings = _table(out / "tables", "holdings")
    # the table holds the facts' holdings: every holder the extractor found, and no other
    holders = {h.person for f in result.facts for h in f.holdings}
    assert {r["person_name"] for r in holdings} == holders
    assert {"Nguyễn Xuân Hồng", "Lữ Đức Chung", "Hoàng Văn Thanh"} <= holders  # the seed's
    assert all(r["title_en"] for r in holdings)  # every title of the bundled data has English
    assert len(_table(out / "tables", "reporting-lines")) == expected.number_of_edges()
