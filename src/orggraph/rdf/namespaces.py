"""Namespaces as pyoxigraph ``NamedNode`` factories, and the prefixes used when writing RDF.

>>> OG("Article")
<NamedNode value=https://w3id.org/orggraph/ontology#Article>
>>> OGD("person/nguyen-van-an-1a2b3c").value
'https://w3id.org/orggraph/id/person/nguyen-van-an-1a2b3c'
>>> OG.base == PREFIXES["og"]
True
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode


@dataclass(frozen=True)
class Namespace:
    """An IRI prefix; calling it with a local name gives the term."""

    base: str

    def __call__(self, local: str = "") -> NamedNode:
        return NamedNode(self.base + local)

    def __contains__(self, term: object) -> bool:
        value = term.value if isinstance(term, NamedNode) else term
        return isinstance(value, str) and value.startswith(self.base)


OG = Namespace("https://w3id.org/orggraph/ontology#")
OGV = Namespace("https://w3id.org/orggraph/vocab/")
OGD = Namespace("https://w3id.org/orggraph/id/")
OGS = Namespace("https://w3id.org/orggraph/shapes#")
OGG = Namespace("https://w3id.org/orggraph/grammar#")  # the extractor's grammar (grammar.ttl)
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")
OA = Namespace("http://www.w3.org/ns/oa#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SH = Namespace("http://www.w3.org/ns/shacl#")

A = RDF("type")

# Insertion order is the order of the @prefix lines in written Turtle/TriG.
PREFIXES: dict[str, str] = {
    "og": OG.base, "ogv": OGV.base, "ogd": OGD.base, "ogs": OGS.base, "ogg": OGG.base,
    "org": ORG.base, "foaf": FOAF.base, "schema": SCHEMA.base, "prov": PROV.base,
    "time": TIME.base, "oa": OA.base, "skos": SKOS.base, "dcterms": DCTERMS.base,
    "rdf": RDF.base, "rdfs": RDFS.base, "owl": OWL.base, "xsd": XSD.base, "sh": SH.base,
}


def compact(iri: str) -> str:
    """The shortest ``prefix:local`` form of an IRI, or ``<iri>`` when no prefix fits.

    >>> compact("http://www.w3.org/ns/org#member"), compact("urn:x")
    ('org:member', '<urn:x>')
    """
    best = max((b for b in PREFIXES.values() if iri.startswith(b)), key=len, default=None)
    if best is None:
        return f"<{iri}>"
    name = next(p for p, b in PREFIXES.items() if b == best)
    return f"{name}:{iri[len(best):]}"
