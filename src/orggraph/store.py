"""The embedded Oxigraph store: open, load, export (Turtle, TriG), and copy to rdflib.

Quads go to pyoxigraph directly (never through rdflib or oxrdflib: 30-50x slower, see
``docs/design.md``); rdflib only gets a copy where its tools need one (pyshacl).
Exports are deterministic: the same quads give the same bytes.

>>> from pyoxigraph import Literal, NamedNode, Quad
>>> store = open_store()
>>> g = NamedNode("https://w3id.org/orggraph/id/article/a1")
>>> load_quads(store, [Quad(g, NamedNode("https://schema.org/identifier"), Literal("a1"), g)])
1
>>> len(to_rdflib(store))
1
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import rdflib
from pyoxigraph import (
    BlankNode,
    Dataset,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    Store,
    Triple,
    serialize,
)
from pyoxigraph import CanonicalizationAlgorithm as Canon

from orggraph.atomic import atomic_write
from orggraph.rdf.namespaces import OGD, PREFIXES, XSD
from orggraph.resources import grammar_path, ontology_path, vocab_paths

ONTOLOGY_GRAPH = OGD("graph/ontology")
_BULK_THRESHOLD = 50_000  # below this, a transaction (extend) is as fast and atomic


def open_store(path: str | Path | None = None) -> Store:
    """An in-memory store, or an on-disk one at ``path`` (created when missing)."""
    if path is None:
        return Store()
    Path(path).mkdir(parents=True, exist_ok=True)
    return Store(str(path))


def load_quads(store: Store, quads: Iterable[Quad]) -> int:
    """Add quads in bulk; return how many were given (duplicates count once in the store)."""
    batch = quads if isinstance(quads, list) else list(quads)
    if len(batch) >= _BULK_THRESHOLD:
        store.bulk_extend(batch)
    else:
        store.extend(batch)
    return len(batch)


def load_ontology(store: Store) -> NamedNode:
    """Load ``ontology/orggraph.ttl``, ``grammar.ttl`` and ``vocab/*.ttl`` into the ontology graph.

    The graph is replaced, not added to, so reloading after an edit leaves no stale triples.
    """
    if store.contains_named_graph(ONTOLOGY_GRAPH):
        store.remove_graph(ONTOLOGY_GRAPH)
    for path in (ontology_path(), grammar_path(), *vocab_paths()):
        store.load(path=str(path), format=RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    return ONTOLOGY_GRAPH


def article_graphs(store: Store) -> list[NamedNode]:
    """The named graphs other than the ontology's and the corpus-level ones
    (``ogd:graph/…``: hierarchy, validation), sorted by IRI."""
    names = (g for g in store.named_graphs() if isinstance(g, NamedNode))
    return sorted((g for g in names if g != ONTOLOGY_GRAPH
                   and not g.value.startswith(OGD("graph/").value)), key=lambda g: g.value)


# -- export -------------------------------------------------------------------------------------

def _triple_key(t: Triple | Quad) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def _canonical(quads: list[Quad]) -> list[Quad]:
    """Blank nodes relabelled canonically (RDFC-1.0), so their labels do not vary per run."""
    if not any(isinstance(t, BlankNode) for q in quads for t in (q.subject, q.object)):
        return quads
    dataset = Dataset(quads)
    dataset.canonicalize(Canon.RDFC_1_0)
    return list(dataset)


def _header() -> bytes:
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()).encode()


def _body(data: bytes) -> bytes:
    """The serialiser's output without its own @prefix lines (their order is not ours)."""
    lines = data.split(b"\n")
    start = 0
    while start < len(lines) and lines[start].startswith(b"@prefix "):
        start += 1
    return b"\n".join(lines[start:])


def _write_atomic(path: str | Path, chunks: Iterable[bytes]) -> Path:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return Path(path)


# Data IRIs are written in full: their local parts hold "/", "#", "=" and ",", which a prefixed
# name could only show escaped (ogd:article\/x\#char\=0\,9).
_SERIALIZE_PREFIXES = {p: iri for p, iri in PREFIXES.items() if p != "ogd"}


def turtle_bytes(store: Store) -> bytes:
    """The union of all graphs as Turtle: each triple once, sorted, with the project prefixes."""
    quads = _canonical(list(store))
    triples = sorted({q.triple for q in quads}, key=_triple_key)
    body = serialize(triples, format=RdfFormat.TURTLE, prefixes=_SERIALIZE_PREFIXES)
    return _header() + _body(body or b"")


def export_turtle(store: Store, path: str | Path) -> Path:
    """Write :func:`turtle_bytes` to ``path`` atomically (temp file, then rename)."""
    return _write_atomic(path, [turtle_bytes(store)])


def _graph_chunks(store: Store) -> Iterator[bytes]:
    yield _header()
    quads = _canonical(list(store))
    groups: dict[str, list[Quad]] = {}
    for q in quads:
        groups.setdefault("" if isinstance(q.graph_name, DefaultGraph) else str(q.graph_name),
                          []).append(q)
    for name in sorted(groups):
        ordered = sorted(groups[name], key=_triple_key)
        yield _body(serialize(ordered, format=RdfFormat.TRIG, prefixes=_SERIALIZE_PREFIXES) or b"")


def trig_bytes(store: Store) -> bytes:
    """Every graph as TriG: default graph first, then named graphs by IRI, triples sorted."""
    return b"".join(_graph_chunks(store))


def export_trig(store: Store, path: str | Path) -> Path:
    """Write :func:`trig_bytes` to ``path`` atomically: one block per article graph."""
    return _write_atomic(path, _graph_chunks(store))


# -- rdflib bridge ------------------------------------------------------------------------------

def rdflib_converter() -> Callable[[object], rdflib.term.Node]:
    """A function turning pyoxigraph terms into rdflib ones (each term converted once)."""
    cache: dict[object, rdflib.term.Node] = {}
    xsd_string = XSD("string")

    def convert(term: object) -> rdflib.term.Node:
        found = cache.get(term)
        if found is not None:
            return found
        if isinstance(term, NamedNode):
            out: rdflib.term.Node = rdflib.URIRef(term.value)
        elif isinstance(term, BlankNode):
            out = rdflib.BNode(term.value)
        elif isinstance(term, Literal):
            if term.language:
                out = rdflib.Literal(term.value, lang=term.language)
            elif term.datatype == xsd_string:  # rdflib parses "x" without a datatype
                out = rdflib.Literal(term.value)
            else:
                out = rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
        else:
            raise TypeError(f"cannot convert {term!r} to rdflib")
        cache[term] = out
        return out

    return convert


def to_rdflib(store: Store, graphs: Iterable[NamedNode | DefaultGraph] | None = None
              ) -> rdflib.Graph:
    """A new rdflib Graph holding the union of ``graphs`` (all graphs when None)."""
    convert = rdflib_converter()
    out = rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        out.bind(prefix, iri)
    sources = [None] if graphs is None else list(graphs)
    for graph in sources:
        quads = store.quads_for_pattern(None, None, None, graph)
        out.addN((convert(q.subject), convert(q.predicate), convert(q.object), out)
                 for q in quads)
    return out
