"""Identity resolution records: why the mentions of a person node were merged, as data.

Each person with two mentions or more gets an ``og:IdentityResolution`` in the named graph
``ogd:graph/identity``: a ``prov:Activity`` (PROV-O has no identity terms; ``owl:sameAs``
would need two person IRIs, and says nothing of why) that ``prov:used`` the mentions it
merged (``og:PersonMention`` annotations in the article graphs) and resolved them to the
person (``og:resolvedPerson``). Each merge step is an ``og:IdentityLink`` between two
mentions, with its rule(s) (``ogv:identity-rule/…``, SKOS concepts of
``ontology/vocab/identity-rules.ttl``) and what the two share (``og:sharedContext``: a body, a
place, a co-mentioned person, an outlet).

>>> from orggraph.facts import Facts, Holding, Organization
>>> from orggraph.identity import resolve
>>> def art(i):
...     return Facts(id=i, published="2024-03-01",
...                  holdings=[Holding("Nguyễn Văn An", "Bí thư", "Tỉnh ủy X")],
...                  organizations=[Organization("Tỉnh ủy X", place_id="p/1")])
>>> quads = identity_quads(resolve([art("a1"), art("a2")]))
>>> sorted({q.predicate.value.rsplit("#", 1)[-1] for q in quads})[:4]
['identityLink', 'identityRule', 'linkedMention', 'resolvedPerson']
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from orggraph.identity import Person, Resolution
from orggraph.identity.resolve import Evidence
from orggraph.rdf import iris
from orggraph.rdf.namespaces import OG, OGD, PROV, RDFS, A

IDENTITY_GRAPH = OGD("graph/identity")


def person_node(person: Person) -> NamedNode:
    return iris.person_iri(person.name, person.key)


def identity_quads(resolution: Resolution, *, run: NamedNode | None = None) -> list[Quad]:
    """The resolution records of every merged person, sorted, in ``ogd:graph/identity``.

    ``run`` (the extraction run) is the activity the resolutions were part of
    (``prov:wasInformedBy``: they used what it generated)."""
    triples: set[tuple[NamedNode, NamedNode, NamedNode | Literal]] = set()
    for person in resolution.merges:
        node = person_node(person)
        record = iris.identity_iri(node)
        triples |= {(record, A, OG("IdentityResolution")), (record, A, PROV("Activity")),
                    (record, OG("resolvedPerson"), node)}
        if run is not None:
            triples.add((record, PROV("wasInformedBy"), run))
        for m in person.mentions:
            triples.add((record, PROV("used"), iris.mention_iri(m.article, m.key)))
        for link in person.links:
            a, b = sorted((link.a, link.b))
            h = hashlib.sha1(f"{a}\x1f{b}".encode()).hexdigest()[:10]
            ln = NamedNode(f"{record.value}/link/{h}")
            triples |= {(record, OG("identityLink"), ln), (ln, A, OG("IdentityLink")),
                        (ln, OG("linkedMention"), iris.mention_iri(a.article, a.key)),
                        (ln, OG("linkedMention"), iris.mention_iri(b.article, b.key))}
            for rule in link.rules:
                triples.add((ln, OG("identityRule"), iris.concept_iri("identity-rule", rule)))
            for evidence in link.evidence:
                triples.add(_evidence(ln, evidence, resolution, a.article))
            if link.where:  # the curated file by name, not path: the graph must not depend
                name, _, line = link.where.rpartition(":")  # on where the run was started
                triples.add((ln, OG("curatedIn"), Literal(f"{Path(name).name}:{line}")))
    quads = [Quad(s, p, o, IDENTITY_GRAPH) for s, p, o in triples]
    return sorted(quads, key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))


def _evidence(link: NamedNode, evidence: Evidence, resolution: Resolution, article: str
              ) -> tuple[NamedNode, NamedNode, NamedNode | Literal]:
    if evidence.kind == "body":
        return link, OG("sharedContext"), NamedNode(evidence.value)
    if evidence.kind == "place":
        return link, OG("sharedContext"), iris.place_iri(evidence.value)
    if evidence.kind == "outlet":
        return link, OG("sharedContext"), iris.outlet_iri(evidence.value)
    if evidence.kind == "person":  # the co-mentioned person, as resolved in the first article
        other = resolution.person_of(article, evidence.value)
        if other is not None:
            return link, OG("sharedContext"), person_node(other)
        return link, OG("sharedContext"), Literal(evidence.value)
    return link, RDFS("comment"), Literal(evidence.value)
