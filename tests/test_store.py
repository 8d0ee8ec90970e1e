"""The store: loading, the ontology graph, deterministic Turtle/TriG exports, the rdflib bridge."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from orggraph.facts import Event, Facts, Holding, Organization, Participant, Span
from orggraph.rdf import iris
from orggraph.rdf.mapping import facts_to_quads
from orggraph.store import (
    ONTOLOGY_GRAPH,
    _write_atomic,
    article_graphs,
    export_trig,
    export_turtle,
    load_ontology,
    load_quads,
    open_store,
    to_rdflib,
    trig_bytes,
    turtle_bytes,
)

P = ox.NamedNode("https://example.org/p")


def article_facts(n: int) -> Facts:
    person = f"Nguyễn Văn Thử {n % 7}"
    body = f"Đảng ủy xã Thử {n % 5}"
    return Facts(
        id=f"a{n}", title=f"Tin số {n}", published=f"2024-0{1 + n % 9}-1{n % 10}",
        organizations=[Organization(body, kind=None)],
        holdings=[Holding(person, "Bí thư", body, evidence=Span(0, 5))],
        events=[Event("meeting", f"Hội nghị {n}", "2024-05-01", None, body,
                      [Participant(person, "chair")])],
    )


def mapped_store(ids: range, reverse: bool = False) -> ox.Store:
    store = open_store()
    order = reversed(ids) if reverse else ids
    for n in order:
        load_quads(store, facts_to_quads(article_facts(n), "Tin: Nguyễn Văn Thử phát biểu.",
                                         vocabulary=False, gazetteer=False))
    return store


def test_load_quads_counts_and_keeps_graphs():
    store = mapped_store(range(3))
    assert [g.value for g in article_graphs(store)] == [iris.article_iri(f"a{n}").value
                                                        for n in range(3)]
    quads = facts_to_quads(article_facts(0), vocabulary=False, gazetteer=False)
    fresh = open_store()
    assert load_quads(fresh, iter(quads)) == len(quads)
    assert len(fresh) == len(quads)


def test_bulk_load_of_many_quads():
    g = ox.NamedNode("https://example.org/g")
    quads = [ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), P, ox.Literal(i), g)
             for i in range(60_000)]
    store = open_store()
    assert load_quads(store, quads) == 60_000
    assert len(store) == 60_000


def test_on_disk_store_persists(tmp_path: Path):
    where = tmp_path / "db"
    store = open_store(where)
    load_quads(store, facts_to_quads(article_facts(1), vocabulary=False, gazetteer=False))
    count = len(store)
    store.flush()
    del store
    assert len(open_store(where)) == count > 0


def test_ontology_graph_is_replaced_not_duplicated():
    store = mapped_store(range(2))
    load_ontology(store)
    size = len(list(store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH)))
    assert size > 500
    load_ontology(store)
    assert len(list(store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH))) == size
    assert ONTOLOGY_GRAPH not in article_graphs(store)
    og_article = ox.NamedNode("https://w3id.org/orggraph/ontology#Article")
    assert list(store.quads_for_pattern(og_article, None, None, ONTOLOGY_GRAPH))


def test_turtle_export_is_byte_identical_and_round_trips(tmp_path: Path):
    one, two = mapped_store(range(12)), mapped_store(range(12), reverse=True)
    load_ontology(one)
    load_ontology(two)
    a = export_turtle(one, tmp_path / "a.ttl")
    b = export_turtle(two, tmp_path / "out" / "b.ttl")
    assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ttl", "out"]  # no temp files
    parsed = rdflib.Graph().parse(a, format="turtle")
    assert isomorphic(parsed, to_rdflib(one))
    # The union holds each triple once: shared nodes repeat across article graphs.
    assert len(parsed) < len(one)


def test_trig_export_keeps_one_graph_per_article(tmp_path: Path):
    store = mapped_store(range(4))
    path = export_trig(store, tmp_path / "all.trig")
    assert path.read_bytes() == trig_bytes(mapped_store(range(4), reverse=True))
    dataset = rdflib.Dataset()
    dataset.parse(path, format="trig")
    names = sorted(str(g.identifier) for g in dataset.graphs()
                   if str(g.identifier).startswith("https://w3id.org/orggraph/id/article/"))
    assert names == [g.value for g in article_graphs(store)]
    for graph in article_graphs(store):
        assert isomorphic(dataset.graph(rdflib.URIRef(graph.value)), to_rdflib(store, [graph]))


def test_blank_nodes_do_not_break_determinism():
    data = ('@prefix ex: <https://example.org/> . ex:a ex:p [ ex:q "1" ; ex:r [ ex:q "2" ] ] . '
            'ex:b ex:p [ ex:q "1" ] .')
    stores = []
    for _ in range(2):
        s = open_store()
        s.load(data, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://example.org/g"))
        stores.append(s)
    assert turtle_bytes(stores[0]) == turtle_bytes(stores[1])
    assert trig_bytes(stores[0]) == trig_bytes(stores[1])
    assert isomorphic(rdflib.Graph().parse(data=turtle_bytes(stores[0]), format="turtle"),
                      to_rdflib(stores[0]))


def test_to_rdflib_converts_every_kind_of_term():
    g = ox.NamedNode("https://example.org/g")
    s = ox.NamedNode("https://example.org/s")
    literals = [ox.Literal("chữ"), ox.Literal("chữ", language="vi"), ox.Literal(3),
                ox.Literal(True), ox.Literal("2024-03", datatype=ox.NamedNode(
                    "http://www.w3.org/2001/XMLSchema#gYearMonth"))]
    store = open_store()
    load_quads(store, [ox.Quad(s, P, o, g) for o in literals]
               + [ox.Quad(s, P, ox.BlankNode("b1"), ox.DefaultGraph())])
    converted = to_rdflib(store)
    parsed = rdflib.Graph().parse(data=turtle_bytes(store), format="turtle")
    assert isomorphic(converted, parsed)
    assert rdflib.Literal("chữ") in set(converted.objects())
    assert len(to_rdflib(store, [g])) == len(literals)
    assert len(to_rdflib(store, [ox.DefaultGraph()])) == 1


def test_atomic_write_leaves_the_old_file_on_failure(tmp_path: Path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")

    def chunks():
        yield b"new, partial"
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        _write_atomic(target, chunks())
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_same_bytes_in_another_process():
    """Hash randomisation or set order must not leak into the output."""
    script = (
        "import hashlib, sys; sys.path.insert(0, sys.argv[1]);"
        "from test_store import mapped_store; from orggraph.store import turtle_bytes, trig_bytes;"
        "s = mapped_store(range(6));"
        "print(hashlib.sha256(turtle_bytes(s) + trig_bytes(s)).hexdigest())"
    )
    here = str(Path(__file__).parent)
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script, here], env=env, check=True,
                             capture_output=True, text=True).stdout.strip()
        digests.add(out)
    s = mapped_store(range(6))
    digests.add(hashlib.sha256(turtle_bytes(s) + trig_bytes(s)).hexdigest())
    assert len(digests) == 1
