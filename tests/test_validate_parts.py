"""The parts validator gives exactly the report of pyshacl on the whole graph.

A graph of about 100k statements (the pipeline on a generated corpus, fixed seed) gets a
seeded violation of every shape of ``ontology/shapes.ttl``: the bad examples of
``tests/data/shapes`` (each breaks one rule), spread over the default graph, the
corpus-level graphs (tenures, hierarchy, identity) and article graphs of their own, so that
rules are broken across graphs as well as within one. :func:`orggraph.validate.validate`
(pyshacl on one rdflib copy of the whole graph) is the reference;
:func:`orggraph.validate_parts.validate_parts` must give the same results, severities,
traced articles, evidence and text, on one worker and on two.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.namespace import SH

from orggraph.extract.pipeline import Extractor, extract_all
from orggraph.hierarchy import GRAPH as HIERARCHY_GRAPH
from orggraph.ingest import iter_articles
from orggraph.rdf.identity import IDENTITY_GRAPH
from orggraph.rdf.provenance import run_iri, run_quads
from orggraph.report import RunReport
from orggraph.resources import shapes_path
from orggraph.store import article_graphs, load_quads
from orggraph.tenure import GRAPH as TENURE_GRAPH
from orggraph.validate import CORPUS_GRAPHS, ValidationReport, validate
from orggraph.validate_parts import validate_parts

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "tests" / "data" / "shapes"
BAD = sorted(SHAPES.glob("bad-*.ttl"))
ARTICLES = 72  # about 100k statements in the validated graphs
SEED = 7
_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)


def _write_corpus(n: int, path: Path, seed: int) -> None:
    name = "orggraph_benchmarks_corpus"
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    sys.modules[name] = corpus  # its dataclasses look their module up
    spec.loader.exec_module(corpus)
    corpus.write_corpus(n, path, seed=seed)


def _graph_of(path: Path, i: int) -> ox.NamedNode | ox.DefaultGraph:
    """Where a seeded example goes: the corpus-level passes' records to their graphs, every
    fifth other one to the default graph, the others to an article graph of their own."""
    if any(word in path.stem for word in ("tenure", "term", "instant", "after-end")):
        return TENURE_GRAPH
    if any(word in path.stem for word in ("link", "ledby", "change-event")):
        return HIERARCHY_GRAPH
    if "identity" in path.stem:
        return IDENTITY_GRAPH
    if i % 5 == 0:
        return ox.DefaultGraph()
    return ox.NamedNode(f"https://w3id.org/orggraph/id/article/seed-{path.stem}")


def seed(store: ox.Store, examples: list[Path], *, apart: bool = True) -> None:
    """The good graph in the article graph it names, and each example where
    :func:`_graph_of` puts it. ``apart``: the nodes an example adds (those good.ttl does not
    describe) are renamed per example, so that two examples' nodes do not merge into one
    that breaks neither rule."""
    good = SHAPES / "good.ttl"
    store.load(path=str(good), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode("https://w3id.org/orggraph/id/article/t1"))
    known = {q.subject for q in ox.parse(path=str(good), format=ox.RdfFormat.TURTLE)}
    for i, path in enumerate(examples):
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        new = {q.subject for q in quads if isinstance(q.subject, ox.NamedNode)} - known
        rename = {n: ox.NamedNode(f"{n.value}-{path.stem}") for n in new} if apart else {}
        graph = _graph_of(path, i)
        store.extend(ox.Quad(rename.get(q.subject, q.subject), q.predicate,
                             rename.get(q.object, q.object), graph)
                     for q in quads)


def in_scope_size(store: ox.Store) -> int:
    graphs = [*article_graphs(store), *CORPUS_GRAPHS, ox.DefaultGraph()]
    return sum(1 for g in graphs for _ in store.quads_for_pattern(None, None, None, g))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory, ex: Extractor
        ) -> tuple[ox.Store, ValidationReport]:
    """A pipeline-built store of the generated corpus with every bad example seeded, and
    pyshacl's report on its whole graph."""
    from orggraph.pipeline import build_store

    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    _write_corpus(ARTICLES, path, SEED)
    report = RunReport()
    pairs = [(f, a.text) for a, f in extract_all(iter_articles([path], report), report, ex)]
    run = run_iri("test", (f.id for f, _ in pairs))
    store = build_store(pairs, run=run)
    load_quads(store, run_quads(run, article_graphs(store), version="test"))
    seed(store, BAD)
    return store, validate(store)


def rules(shapes: rdflib.Graph) -> dict[rdflib.term.Node, set[rdflib.term.Node]]:
    """Every top-level shape (one with a target) with the rules a result of it names: the
    shape, its property shapes and its SPARQL constraints."""
    tops = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    return {s: {s, *shapes.objects(s, SH.property), *shapes.objects(s, SH.sparql)}
            for s in tops}


def test_the_graph_is_big_and_breaks_every_shape(big: tuple[ox.Store, ValidationReport]):
    store, whole = big
    assert 90_000 <= in_scope_size(store) <= 130_000
    shapes = rdflib.Graph().parse(shapes_path())
    reported = {rdflib.URIRef(r.shape) for r in whole.results}
    # a shape added later must get a seeded violation (a bad example in tests/data/shapes)
    unbroken = sorted(str(s) for s, named in rules(shapes).items() if not named & reported)
    assert unbroken == []
    with_message = {s for s in shapes.subjects(SH.message, None)
                    if isinstance(s, rdflib.URIRef)}
    assert sorted(map(str, with_message - reported)) == []
    assert {r.severity for r in whole.results} == {"Violation", "Warning"}
    assert any(r.article and "/seed-" in r.article for r in whole.results)


@pytest.mark.parametrize("workers", [1, 2])
def test_parts_give_the_whole_graphs_report(big: tuple[ox.Store, ValidationReport],
                                            workers: int):
    store, whole = big
    parts = validate_parts(store, workers=workers)
    missing = [r for r in whole.results if r not in set(parts.results)]
    extra = [r for r in parts.results if r not in set(whole.results)]
    assert (missing, extra) == ([], [])
    assert parts.results == whole.results  # same order too
    assert parts.conforms == whole.conforms
    assert parts.text() == whole.text()


def test_units_of_any_size_give_the_same_report(big: tuple[ox.Store, ValidationReport]):
    """Small batches and chunks: a rule broken across units is still seen."""
    store, whole = big
    assert validate_parts(store, workers=1, batch=7, chunk=150).results == whole.results


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(BAD), min_size=1, max_size=6, unique=True),
       st.booleans())
def test_small_random_graphs(examples: list[Path], with_good: bool):
    store = ox.Store()
    if with_good:
        seed(store, examples, apart=False)  # nodes of two examples may merge
    else:
        for i, path in enumerate(examples):
            store.load(path=str(path), format=ox.RdfFormat.TURTLE,
                       to_graph=_graph_of(path, i))
    whole = validate(store)
    assert validate_parts(store, workers=1, batch=1, chunk=3).results == whole.results


def test_every_shape_has_a_scope_and_is_followed():
    """A new shape declares where its checks are decided (ogs:scope), and the analysis can
    follow its reads: none is left to pyshacl on the whole graph."""
    from orggraph.shapescope import SCOPE, Scope, analyse

    shapes = rdflib.Graph().parse(shapes_path())
    undeclared = sorted(str(s) for s in rules(shapes) if len(set(shapes.objects(s, SCOPE))) != 1)
    assert undeclared == []
    assert analyse(shapes).of(Scope.WHOLE) == []
