"""pyshacl on one unit of the parts validator: the statements a few focus nodes' checks read.

:meth:`UnitChecker.check` runs pyshacl on the unit's statements (with the ontology and the
vocabularies, as :func:`orggraph.validate.validate` does) with the shapes of one scope, and
keeps the results about the unit's own focus nodes: the other nodes of the unit are there
only as what those checks read, with a partial view of their own statements.

SPARQL constraints are slow in pyshacl (it parses the query again for every focus node: a
minute for 1,000 tenure intervals), and they almost never have a solution. So Oxigraph runs
each one once over the unit, for all its focus nodes together, and pyshacl checks only the
nodes that have a solution (``sh:targetNode``), which gives its own results, messages and
all. The two engines need only agree on whether a node has a solution.

>>> from orggraph.shapescope import Scope, analyse
>>> from orggraph.validate import shapes_graph
>>> checker = UnitChecker(analyse(shapes_graph()))
>>> checker.check(Scope.ARTICLE, set(), [])
[]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import rdflib
from pyoxigraph import BlankNode, NamedNode, RdfFormat, Triple, parse, serialize
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from orggraph.resources import grammar_path, ontology_path, vocab_paths
from orggraph.screen import screen
from orggraph.shapescope import Plan, Scope
from orggraph.store import rdflib_converter
from orggraph.unitdata import Scoped, gather, unit_store
from orggraph.validate import RawResult, check

_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)


class UnitChecker:
    """The screens, shapes graph and ontology a process checks units with, made once."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.screens = {info.iri: screen(plan.graph, info) for info in plan.shapes.values()
                        if info.scope is not Scope.WHOLE}
        # every shape without its targets: the second pass names its focus nodes itself
        self.untargeted = _copy(plan.graph, drop=lambda t: t[1] in _TARGETS
                                or (t[1] == RDF.type and t[2] == RDFS.Class))
        whole = {info.iri for info in plan.of(Scope.WHOLE)}
        self.whole = _copy(plan.graph, drop=lambda t: t[0] not in whole and (
            t[1] in _TARGETS or (t[1] == RDF.type and t[2] == RDFS.Class)))
        # the ontology as N-Triples (it has no blank nodes), loaded into every unit's store
        self.ontology = serialize([q.triple for path in (ontology_path(), grammar_path(),
                                                          *vocab_paths())
                                   for q in parse(path=str(path), format=RdfFormat.TURTLE)],
                                  format=RdfFormat.N_TRIPLES) or b""

    def check(self, scope: Scope, triples: set[Triple], foci: Iterable[NamedNode | BlankNode]
              ) -> list[RawResult]:
        """pyshacl's results about ``foci`` on ``triples`` with the shapes of ``scope``."""
        own = set(foci)
        if not own:
            return []
        store = unit_store(triples, self.ontology)
        candidates: dict[rdflib.term.Node, list[NamedNode | BlankNode]] = {}
        for info in self.plan.of(scope):
            found = {row["this"] for row in store.query(self.screens[info.iri])  # type: ignore[union-attr]
                     if row["this"] in own}
            if found:
                candidates[info.iri] = sorted(found, key=str)
        if not candidates:
            return []
        nodes = sorted({n for ns in candidates.values() for n in ns}, key=str)
        # pyshacl gets only what the candidates' checks read: a small graph
        convert = rdflib_converter()
        graph = rdflib.Graph()
        graph.addN((convert(t.subject), convert(t.predicate), convert(t.object), graph)
                   for t in gather(Scoped(store), self.plan, scope, nodes))
        shapes = _copy(self.untargeted)
        for shape, ns in candidates.items():
            for n in ns:
                shapes.add((shape, SH.targetNode, convert(n)))
        mine = {convert(n) for n in own}
        return [r for r in check(graph, shapes) if r.focus in mine]


def _copy(graph: rdflib.Graph,
          drop: Callable[[tuple[Node, Node, Node]], bool] = lambda t: False) -> rdflib.Graph:
    out = rdflib.Graph()
    for prefix, ns in graph.namespace_manager.namespaces():
        out.bind(prefix, ns)
    out.addN((s, p, o, out) for s, p, o in graph if not drop((s, p, o)))
    return out
