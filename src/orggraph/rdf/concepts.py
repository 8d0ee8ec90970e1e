"""The vocabularies the data points to, as SKOS, in the named graph ``ogd:graph/vocab``.

Titles (``org:role``), organisation kinds (``og:kind``), event kinds, participant roles and
change kinds are concepts of ``ontology/vocab/*.ttl``. The built graph carries their SKOS
description — type, scheme, preferred and alternative labels in Vietnamese and English,
definitions, broader concepts — and each kind's OWL class (``og:organizationClass``), so that
a query or an export can show ``"Secretary"@en`` beside ``"Bí thư"@vi`` without the
vocabulary files. The extractor's grammar (``ogg:`` properties) stays out.

>>> quads = concept_quads()
>>> bi_thu = NamedNode("https://w3id.org/orggraph/vocab/title/bi-thu")
>>> sorted(q.object.value for q in quads
...        if q.subject == bi_thu and q.predicate == SKOS("prefLabel"))
['Bí thư', 'Secretary']
>>> {q.graph_name for q in quads} == {VOCAB_GRAPH}
True
"""

from __future__ import annotations

from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, parse

from orggraph.rdf.namespaces import OG, OGD, RDF, RDFS, SKOS
from orggraph.resources import ontology_dir

VOCAB_GRAPH = OGD("graph/vocab")
# the schemes the facts' fields take their values from (ontology/vocab/{name}.ttl)
SCHEMES = ("titles", "org-kinds", "event-kinds", "roles", "change-kinds")
_KEEP = (RDF("type"), RDFS("label"), RDFS("comment"), OG("organizationClass"))

__all__ = ["SCHEMES", "VOCAB_GRAPH", "concept_quads"]


def concept_quads() -> list[Quad]:
    """The SKOS triples of :data:`SCHEMES` in ``ogd:graph/vocab``, sorted."""
    quads = set()
    for name in SCHEMES:
        path = ontology_dir() / "vocab" / f"{name}.ttl"
        for triple in parse(path=str(path), format=RdfFormat.TURTLE):
            if not isinstance(triple.subject, NamedNode) or isinstance(triple.object, BlankNode):
                continue  # no blank nodes: the graph's bytes must not depend on their labels
            if triple.predicate in SKOS or triple.predicate in _KEEP:
                quads.add(Quad(triple.subject, triple.predicate, triple.object, VOCAB_GRAPH))
    return sorted(quads, key=str)
