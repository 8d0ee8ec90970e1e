"""The vocabularies' concepts in the built graph (ogd:graph/vocab): labels @vi and @en, no
grammar, and a graph that still conforms and is byte-identical run to run."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import SKOS

from orggraph.pipeline import run
from orggraph.rdf.concepts import SCHEMES, VOCAB_GRAPH, concept_quads
from orggraph.resources import ontology_dir
from orggraph.validate import validate

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "articles"
GRAMMAR = "https://w3id.org/orggraph/grammar#"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert run([SEED], out).exit_code == 0
    return out


def test_every_concept_of_the_schemes_comes_with_both_labels() -> None:
    quads = concept_quads()
    labels = {(q.subject.value, q.object.language, q.object.value) for q in quads
              if q.predicate.value == str(SKOS.prefLabel)}
    for name in SCHEMES:
        source = rdflib.Graph().parse(ontology_dir() / "vocab" / f"{name}.ttl")
        concepts = set(source.subjects(rdflib.RDF.type, SKOS.Concept))
        assert concepts, name
        for concept in concepts:
            for label in source.objects(concept, SKOS.prefLabel):
                assert (str(concept), label.language, str(label)) in labels
    assert {q.graph_name for q in quads} == {VOCAB_GRAPH}
    assert not [q for q in quads if q.predicate.value.startswith(GRAMMAR)]
    assert concept_quads() == quads  # sorted: the same list every time


def test_the_built_graph_shows_english_titles_and_kinds(out: Path) -> None:
    store = ox.Store()
    store.load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    assert store.contains_named_graph(VOCAB_GRAPH)
    rows = store.query("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX og: <https://w3id.org/orggraph/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?vi ?en WHERE {
          ?m org:role ?role . ?role skos:prefLabel ?vi, ?en .
          FILTER(LANG(?vi) = "vi" && LANG(?en) = "en") }""", use_default_graph_as_union=True)
    titles = {(r["vi"].value, r["en"].value) for r in rows}
    # the seed article's posts: Bí thư, Phó Bí thư, Chủ tịch … (titles.ttl gives the English)
    source = rdflib.Graph().parse(ontology_dir() / "vocab" / "titles.ttl")
    expected = {(str(vi), str(en)) for c in source.subjects(rdflib.RDF.type, SKOS.Concept)
                for vi in source.objects(c, SKOS.prefLabel) if vi.language == "vi"
                for en in source.objects(c, SKOS.prefLabel) if en.language == "en"}
    assert titles and titles <= expected
    assert ("Bí thư", "Secretary") in titles
    kinds = {r["en"].value for r in store.query("""
        PREFIX og: <https://w3id.org/orggraph/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?en WHERE { ?o og:kind/skos:prefLabel ?en FILTER(LANG(?en) = "en") }""",
        use_default_graph_as_union=True)}
    assert "District Party Committee" in kinds


def test_graph_ttl_with_the_vocabulary_conforms_and_is_stable(out: Path, tmp_path: Path) -> None:
    store = ox.Store()
    store.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)  # all in one graph
    assert validate(store).conforms
    again = tmp_path / "again"
    run([SEED], again)
    for name in ("graph.ttl", "graph.trig"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name
