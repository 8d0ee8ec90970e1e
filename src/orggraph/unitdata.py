"""The data a few focus nodes need: their statements, and those their shapes read, from the
graphs that validation covers.

:class:`Scoped` is the part of a store that :func:`orggraph.validate.validate` validates
(the article graphs, the default graph and the tenure graph: see :func:`in_scope`), read
statement by statement. :func:`gather` follows the reads of :mod:`orggraph.shapescope` from
the focus nodes and returns every statement met: with the ontology, the exact data pyshacl
looks at when it validates those nodes on the whole graph.

>>> from pyoxigraph import Literal, NamedNode, Quad, Store
>>> from orggraph.shapescope import analyse, Scope
>>> from orggraph.validate import shapes_graph
>>> plan = analyse(shapes_graph())
>>> g, p = NamedNode("https://w3id.org/orggraph/id/article/a1"), NamedNode("urn:x:p")
>>> a = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
>>> person = NamedNode("https://w3id.org/orggraph/id/person/an")
>>> store = Store()
>>> store.extend([Quad(person, a, NamedNode("http://xmlns.com/foaf/0.1/Person"), g),
...               Quad(person, NamedNode("http://xmlns.com/foaf/0.1/name"), Literal("An"), g),
...               Quad(person, p, NamedNode("urn:x:unread"), g)])
>>> sorted(t.predicate.value for t in gather(Scoped(store), plan, Scope.CORPUS, [person]))
['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'http://xmlns.com/foaf/0.1/name']
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import rdflib
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    Store,
    Triple,
    serialize,
)

from orggraph.rdf.namespaces import OGD
from orggraph.shapescope import Plan, Scope
from orggraph.store import rdflib_converter
from orggraph.validate import CORPUS_GRAPHS

Term = NamedNode | BlankNode
_CORPUS_GRAPHS = OGD("graph/").value  # the ontology's is one of them
HUB = 256  # a node with this many statements is cached: titles, kinds, big bodies


def in_scope(graph: NamedNode | BlankNode | DefaultGraph) -> bool:
    """Whether :func:`orggraph.validate.validate` reads a graph: the default graph, the
    article graphs and the corpus-level graphs it validates (``CORPUS_GRAPHS``: identity,
    hierarchy, tenures), not the ontology's or the other ``ogd:graph/…`` ones.

    >>> in_scope(OGD("graph/hierarchy")), in_scope(OGD("graph/vocab")), in_scope(DefaultGraph())
    (True, False, True)
    """
    if isinstance(graph, DefaultGraph):
        return True
    if not isinstance(graph, NamedNode):
        return False
    return graph in CORPUS_GRAPHS or not graph.value.startswith(_CORPUS_GRAPHS)


class Scoped:
    """The statements of a store's validated graphs (:func:`in_scope`), with the
    statements of the busiest nodes kept once fetched."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._hubs: dict[tuple[Term, NamedNode | None, bool], list[Triple]] = {}

    def read(self, node: Term, predicate: NamedNode | None, forward: bool) -> list[Triple]:
        """The statements (each once) with ``node`` as subject (``forward``) or object, with
        ``predicate`` (None: any)."""
        key = (node, predicate, forward)
        found = self._hubs.get(key)
        if found is not None:
            return found
        quads = (self.store.quads_for_pattern(node, predicate, None) if forward
                 else self.store.quads_for_pattern(None, predicate, node))
        seen: dict[Triple, None] = {}
        count = 0
        for q in quads:
            count += 1
            if in_scope(q.graph_name):
                seen.setdefault(q.triple, None)
        out = list(seen)
        if count >= HUB:
            self._hubs[key] = out
        return out


def gather(scoped: Scoped, plan: Plan, scope: Scope, foci: Iterable[Term]) -> set[Triple]:
    """Every statement of the validated graphs that the shapes of ``scope`` can read when
    they validate ``foci`` (and the constants their SPARQL patterns read from)."""
    todo: deque[tuple[Term, int]] = deque((f, plan.starts[scope]) for f in foci)
    todo.extend((NamedNode(str(c)), s) for c, s in plan.roots)
    seen: set[tuple[Term, int]] = set()
    out: set[Triple] = set()
    moves: dict[int, tuple[dict[str | None, list[int]], dict[str | None, list[int]]]] = {}
    described: dict[Term, dict[str, list[Triple]]] = {}  # a node's statements by predicate
    memo: dict[tuple[Term, str | None, bool], list[Triple]] = {}

    def follow(found: list[Triple], targets: list[int], forward: bool) -> None:
        out.update(found)
        for t in found:
            node = t.object if forward else t.subject
            if not isinstance(node, (Literal, Triple)):
                todo.extend((node, target) for target in targets)

    while todo:
        item = todo.popleft()
        if item in seen:
            continue
        seen.add(item)
        node, state = item
        if state not in moves:
            ahead: dict[str | None, list[int]] = {}
            behind: dict[str | None, list[int]] = {}
            for step, target in plan.reads.steps(state):
                (ahead if step.forward else behind).setdefault(step.predicate, []).append(target)
            moves[state] = ahead, behind
        forward, backward = moves[state]
        if forward:
            by = described.get(node)
            if by is None and (None in forward or len(forward) > 2):
                by = described[node] = {}  # many predicates: one look-up for all of them
                for t in scoped.read(node, None, True):
                    by.setdefault(t.predicate.value, []).append(t)
            if by is not None:
                for name, found in by.items():
                    ahead_of = forward.get(name)
                    if ahead_of:
                        follow(found, ahead_of, True)
                if None in forward:
                    for found in by.values():
                        follow(found, forward[None], True)
            else:
                for wanted, targets in forward.items():  # a few predicates, none of them None
                    key = (node, wanted, True)
                    if key not in memo:
                        memo[key] = scoped.read(node, NamedNode(wanted or ""), True)
                    follow(memo[key], targets, True)
        for predicate, targets in backward.items():
            key = (node, predicate, False)
            if key not in memo:
                memo[key] = scoped.read(node, None if predicate is None else NamedNode(predicate),
                                        False)
            follow(memo[key], targets, False)
    return out


def unit_store(triples: Iterable[Triple], ontology: bytes) -> Store:
    """A fresh store with ``triples`` and the ontology (N-Triples) in its default graph.

    Statements are loaded as N-Triples text, twice as fast as one quad at a time, except those
    with a blank node: a parser gives those new labels, and the screens must see the ones
    the store has."""
    plain: list[Triple] = []
    blank: list[Quad] = []
    for t in triples:
        if isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode):
            blank.append(Quad(t.subject, t.predicate, t.object, DefaultGraph()))
        else:
            plain.append(t)
    store = Store()
    store.load(serialize(plain, format=RdfFormat.N_TRIPLES) or b"", format=RdfFormat.N_TRIPLES)
    store.load(ontology, format=RdfFormat.N_TRIPLES)
    store.extend(blank)
    return store


class ScopedLookup:
    """The validated graphs of a store and the ontology, read as an rdflib graph is (rdflib
    terms in and out): what :func:`orggraph.validate.traced` reads to find a result's
    article and evidence, as it would in the whole graph's rdflib copy."""

    def __init__(self, store: Store, ontology: rdflib.Graph) -> None:
        self.store = store
        self.ontology = ontology
        self.convert = rdflib_converter()

    def _quads(self, s: object, p: object, o: object) -> Iterator[Quad]:
        subject, predicate, obj = _to_ox(s), _to_ox(p), _to_ox(o)
        if isinstance(subject, Literal) or isinstance(predicate, (Literal, BlankNode)):
            return  # no statement has a literal subject or a blank predicate
        if isinstance(subject, _NoMatch) or isinstance(predicate, _NoMatch) \
                or isinstance(obj, _NoMatch):
            return
        for q in self.store.quads_for_pattern(subject, predicate, obj):
            if in_scope(q.graph_name):
                yield q

    def objects(self, subject: Any = None, predicate: Any = None) -> set[Any]:
        out = {self.convert(q.object) for q in self._quads(subject, predicate, None)}
        return out | set(self.ontology.objects(subject, predicate))

    def subjects(self, predicate: Any = None, object: Any = None) -> set[Any]:
        out = {self.convert(q.subject) for q in self._quads(None, predicate, object)}
        return out | set(self.ontology.subjects(predicate, object))

    def __contains__(self, triple: Any) -> bool:
        s, p, o = triple
        return any(True for _ in self._quads(s, p, o)) or triple in self.ontology


class _NoMatch:
    """What an rdflib term with no pyoxigraph counterpart (a path, a variable) becomes."""


def _to_ox(term: object) -> NamedNode | BlankNode | Literal | _NoMatch | None:
    """An rdflib term as a pyoxigraph one (None stays a wildcard).

    >>> _to_ox(rdflib.Literal("2024", datatype=rdflib.XSD.gYear))
    <Literal value=2024 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#gYear>>
    """
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return Literal(str(term), language=term.language)
        if term.datatype is None:
            return Literal(str(term))
        return Literal(str(term), datatype=NamedNode(str(term.datatype)))
    return _NoMatch()
