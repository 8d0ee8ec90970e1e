"""A built graph in other formats: RDF syntaxes, JSON-LD, CSV tables, GraphML and GEXF.

``orggraph export GRAPH --format F -o PATH`` (``cli.cmd_export``) calls :func:`export`:

===========  ==========================================================================
format       what is written to ``PATH``
===========  ==========================================================================
``ttl``      Turtle: every triple once, sorted, with the project prefixes
``trig``     TriG: one block per named graph (articles, ``ogd:graph/…``)
``nt``       N-Triples: every triple once, sorted lines
``nq``       N-Quads: every quad, sorted lines
``jsonld``   JSON-LD: the named graphs as ``@graph`` objects; terms compacted with the
             published context ``https://w3id.org/orggraph/context.jsonld`` (the file
             ``ontology/context.jsonld``; inlined with ``context_inline``)
``csv``      a folder of tables (:mod:`orggraph.tables`)
``graphml``  the reporting, affiliation and co-attendance networks
``gexf``     (:mod:`orggraph.networks`): one of them (``network``) to the file ``PATH``,
             or all three as ``{network}.graphml`` / ``.gexf`` into the folder ``PATH``
===========  ==========================================================================

Every output is deterministic (the same graph gives the same bytes) and written atomically.

>>> from pyoxigraph import Literal, Quad, Store
>>> from orggraph.rdf.namespaces import OGD, SKOS
>>> s = Store()
>>> s.add(Quad(OGD("org/a"), SKOS("prefLabel"), Literal("Huyện ủy", language="vi")))
>>> print(jsonld_bytes(s).decode())  # doctest: +NORMALIZE_WHITESPACE
{"@context": "https://w3id.org/orggraph/context.jsonld",
 "@graph": [{"@id": "https://w3id.org/orggraph/id/org/a",
             "skos:prefLabel": [{"@value": "Huyện ủy", "@language": "vi"}]}]}
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    Store,
    serialize,
)

from orggraph import store as st
from orggraph.atomic import atomic_write
from orggraph.networks import affiliation_graph, coattendance_graph, reporting_graph
from orggraph.rdf.namespaces import RDF, XSD
from orggraph.resources import ontology_dir
from orggraph.tables import write_tables

FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "csv", "graphml", "gexf")
NETWORKS: dict[str, Callable[[Store], nx.Graph]] = {
    "reporting": reporting_graph, "affiliation": affiliation_graph,
    "coattendance": coattendance_graph}
CONTEXT_IRI = "https://w3id.org/orggraph/context.jsonld"
_XSD_STRING = XSD("string")
_GEXF_DATE = re.compile(rb'<meta lastmodifieddate="[^"]*">')


def context_path() -> Path:
    """The published JSON-LD context, ``ontology/context.jsonld``."""
    return ontology_dir() / "context.jsonld"


def context() -> dict[str, str]:
    """The prefixes of the published context (its ``@context`` object)."""
    return dict(json.loads(context_path().read_text(encoding="utf-8"))["@context"])


# --- RDF syntaxes ---------------------------------------------------------------------------

def _sorted_quads(store: Store) -> list[Quad]:
    """Every quad, blank nodes labelled canonically, sorted (graph, subject, predicate,
    object)."""
    quads = st._canonical(list(store))
    return sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate),
                                        str(q.object)))


def ntriples_bytes(store: Store) -> bytes:
    """Every triple of every graph once, as sorted N-Triples lines."""
    triples = sorted({q.triple for q in st._canonical(list(store))},
                     key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return serialize(triples, format=RdfFormat.N_TRIPLES) or b""


def nquads_bytes(store: Store) -> bytes:
    """Every quad as sorted N-Quads lines."""
    return serialize(_sorted_quads(store), format=RdfFormat.N_QUADS) or b""


# --- JSON-LD --------------------------------------------------------------------------------

def _compact(iri: str, prefixes: dict[str, str]) -> str:
    """``iri`` as ``prefix:local`` when a prefix of the context covers it (the longest)."""
    best = max((p for p, base in prefixes.items() if iri.startswith(base) and iri != base),
               key=lambda p: len(prefixes[p]), default=None)
    return f"{best}:{iri[len(prefixes[best]):]}" if best else iri


def _node_id(term: object) -> str:
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    assert isinstance(term, NamedNode)
    return term.value


def _value(term: object, prefixes: dict[str, str]) -> dict[str, str]:
    if isinstance(term, Literal):
        out = {"@value": term.value}
        if term.language:
            out["@language"] = term.language
        elif term.datatype != _XSD_STRING:
            out["@type"] = _compact(term.datatype.value, prefixes)
        return out
    return {"@id": _node_id(term)}


def _nodes(quads: list[Quad], prefixes: dict[str, str]) -> list[dict[str, Any]]:
    """Node objects of one graph's quads, by subject; values sorted as the quads are."""
    nodes: dict[str, dict[str, Any]] = {}
    for q in quads:
        node = nodes.setdefault(_node_id(q.subject), {"@id": _node_id(q.subject)})
        if q.predicate == RDF("type") and isinstance(q.object, NamedNode):
            node.setdefault("@type", []).append(_compact(q.object.value, prefixes))
        else:
            key = _compact(q.predicate.value, prefixes)
            node.setdefault(key, []).append(_value(q.object, prefixes))
    return [nodes[k] for k in sorted(nodes)]


def jsonld_document(store: Store, *, inline_context: bool = False) -> dict[str, Any]:
    """The store as a JSON-LD document: the default graph's nodes, then one
    ``{"@id": graph, "@graph": […]}`` per named graph, sorted by IRI."""
    prefixes = context()
    by_graph: dict[str, list[Quad]] = defaultdict(list)
    for q in _sorted_quads(store):
        by_graph["" if isinstance(q.graph_name, DefaultGraph) else _node_id(q.graph_name)
                 ].append(q)
    graph: list[dict[str, Any]] = _nodes(by_graph.pop("", []), prefixes)
    for name in sorted(by_graph):
        graph.append({"@id": name, "@graph": _nodes(by_graph[name], prefixes)})
    return {"@context": prefixes if inline_context else CONTEXT_IRI, "@graph": graph}


def jsonld_bytes(store: Store, *, inline_context: bool = False) -> bytes:
    """:func:`jsonld_document` as UTF-8 JSON, one line per node object."""
    document = jsonld_document(store, inline_context=inline_context)
    head = json.dumps(document["@context"], ensure_ascii=False)
    items = ",\n ".join(json.dumps(n, ensure_ascii=False) for n in document["@graph"])
    return f'{{"@context": {head},\n "@graph": [{items}]}}\n'.encode()


# --- networks -------------------------------------------------------------------------------

def network_bytes(G: nx.Graph, fmt: str) -> bytes:
    """``G`` as GraphML or GEXF; GEXF without the day it was written (networkx puts it in
    ``<meta lastmodifieddate>``), so the bytes depend on the graph alone."""
    if fmt == "graphml":
        return ("\n".join(nx.generate_graphml(G)) + "\n").encode()
    if fmt == "gexf":
        data = ("\n".join(nx.generate_gexf(G)) + "\n").encode()
        return _GEXF_DATE.sub(b"<meta>", data, count=1)
    raise ValueError(f"not a network format: {fmt!r} (graphml, gexf)")


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path, "wb") as fh:
        fh.write(data)
    return path


def export(store: Store, fmt: str, output: str | Path, *, network: str | None = None,
           inline_context: bool = False) -> list[Path]:
    """Write ``store`` as ``fmt`` (one of :data:`FORMATS`) to ``output``; return the files.

    ``csv`` writes a folder; ``graphml`` and ``gexf`` a file of one ``network`` (a key of
    :data:`NETWORKS`) or, without one, a folder of all three.
    """
    out = Path(output)
    if fmt == "ttl":
        return [_write(out, st.turtle_bytes(store))]
    if fmt == "trig":
        return [_write(out, st.trig_bytes(store))]
    if fmt == "nt":
        return [_write(out, ntriples_bytes(store))]
    if fmt == "nq":
        return [_write(out, nquads_bytes(store))]
    if fmt == "jsonld":
        return [_write(out, jsonld_bytes(store, inline_context=inline_context))]
    if fmt == "csv":
        return write_tables(store, out)
    if fmt in ("graphml", "gexf"):
        if network is not None:
            if network not in NETWORKS:
                raise ValueError(f"unknown network {network!r} ({', '.join(NETWORKS)})")
            return [_write(out, network_bytes(NETWORKS[network](store), fmt))]
        return [_write(out / f"{name}.{fmt}", network_bytes(build(store), fmt))
                for name, build in NETWORKS.items()]
    raise ValueError(f"unknown format {fmt!r} ({', '.join(FORMATS)})")


__all__ = ["CONTEXT_IRI", "FORMATS", "NETWORKS", "context", "context_path", "export",
           "jsonld_bytes", "jsonld_document", "network_bytes", "nquads_bytes",
           "ntriples_bytes"]
