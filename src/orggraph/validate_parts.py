"""SHACL validation of a large store in parts, in parallel, with the whole graph's report.

:func:`orggraph.validate.validate` copies every validated graph into one rdflib graph and
runs pyshacl on it: time and memory grow with the corpus, and pyshacl checks every focus
node, though almost all conform. :func:`validate_parts` gives the same report (the same results,
traced to the same articles and evidence) from small units checked on ``workers`` processes:

- **article scope** (``ogs:scope`` in ``shapes.ttl``; see :mod:`orggraph.shapescope`): the
  focus nodes are the subjects of a batch of named graphs (``batch`` article graphs), or
  those of the default graph and the corpus-level graphs in chunks (``chunk`` nodes);
- **corpus scope**: the focus nodes are the shape's targets across every validated graph,
  in chunks (``chunk`` nodes).

Each unit's data is what its focus nodes' checks read, fetched statement by statement from
every validated graph (:mod:`orggraph.unitdata`), so a rule broken only by two articles
together (one body given two kinds) is seen as on the whole graph. Units are checked by
:class:`orggraph.unitcheck.UnitChecker`; the results are traced in this process and sorted,
so the report is the same for any number of workers.

>>> from orggraph.store import open_store
>>> validate_parts(open_store(), workers=1).text()
'conforms'
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import signal
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import rdflib
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
)

from orggraph.extract.parallel import default_workers
from orggraph.rdf.namespaces import RDF, RDFS
from orggraph.shapescope import Plan, Scope, ShapeInfo, _patterns
from orggraph.store import article_graphs, to_rdflib
from orggraph.unitcheck import UnitChecker
from orggraph.unitdata import Scoped, ScopedLookup, gather, in_scope
from orggraph.validate import (
    CORPUS_GRAPHS,
    RawResult,
    ValidationReport,
    _order,
    _store_index,
    check,
    conforms_of,
    ontology_graph,
    shapes_graph,
    traced,
)

BATCH = 100  # article graphs per unit (about 50k statements read)
CHUNK = 2000  # focus nodes per unit of a big graph or of the corpus scope

Node = NamedNode | BlankNode


@dataclass(frozen=True)
class Unit:
    """What one task checks: the subjects of ``graphs`` (article scope), or ``foci``."""

    scope: Scope
    graphs: tuple[NamedNode | DefaultGraph, ...] = ()
    foci: tuple[Node, ...] = ()


def validate_parts(store: Store, *, workers: int | None = None, batch: int = BATCH,
                   chunk: int = CHUNK) -> ValidationReport:
    """Validate a store as :func:`orggraph.validate.validate` does, in parts (module doc);
    ``workers`` processes (default: the cores). The store is read by the workers through
    ``fork``: an in-memory store, or an on-disk one opened in this process."""
    context = _Context(store, shapes_graph())
    units = list(plan_units(context, batch, chunk))
    raws = run_units(context, units, workers or default_workers())
    lookup, index = ScopedLookup(store, ontology_graph()), _store_index(store)
    results = {traced(r, lookup, index) for r in raws}
    return ValidationReport(conforms_of(list(results)), sorted(results, key=_order))


class _Context:
    """What every unit needs, made before the workers fork: the store, the shapes' plan,
    the checker, and the classes each scope targets (with their subclasses)."""

    def __init__(self, store: Store, shapes: rdflib.Graph) -> None:
        from orggraph.shapescope import analyse

        self.store = store
        self.plan: Plan = analyse(shapes)
        self.scoped = Scoped(store)
        self.checker = UnitChecker(self.plan)
        self.classes = {scope: _subclasses(store, self.plan.target_classes(scope))
                        for scope in Scope}

    def foci_in(self, scope: Scope, graph: NamedNode | DefaultGraph) -> set[Node]:
        """The subjects of ``graph`` that the shapes of ``scope`` target by class or
        predicate there (article scope: those targets are all by subject)."""
        out: set[Node] = set()
        for cls in self.classes[scope]:
            out.update(q.subject for q in self.store.quads_for_pattern(
                None, RDF("type"), cls, graph) if not isinstance(q.subject, Triple))
        for p in sorted(self.plan.target_predicates(scope)):
            out.update(q.subject for q in self.store.quads_for_pattern(
                None, NamedNode(p), None, graph) if not isinstance(q.subject, Triple))
        return out

    def check(self, unit: Unit) -> list[RawResult]:
        """pyshacl's results about the unit's focus nodes (on data read for them)."""
        if unit.scope is Scope.WHOLE:
            return _whole(self)
        foci: set[Node] = set(unit.foci)
        for graph in unit.graphs:
            foci |= self.foci_in(unit.scope, graph)
        ordered = sorted(foci, key=str)
        triples = gather(self.scoped, self.plan, unit.scope, ordered)
        return self.checker.check(unit.scope, triples, ordered)


def _subclasses(store: Store, classes: Iterable[str]) -> list[NamedNode]:
    """``classes`` and their subclasses (``rdfs:subClassOf`` in the ontology or in the
    validated graphs), sorted."""
    ontology = ontology_graph()
    found = {NamedNode(c) for c in classes}
    todo = list(found)
    while todo:
        cls = todo.pop()
        below = {NamedNode(str(s)) for s in ontology.subjects(rdflib.RDFS.subClassOf,
                                                               rdflib.URIRef(cls.value))
                 if isinstance(s, rdflib.URIRef)}
        below |= {q.subject for q in store.quads_for_pattern(None, RDFS("subClassOf"), cls)
                  if in_scope(q.graph_name) and isinstance(q.subject, NamedNode)}
        todo.extend(below - found)
        found |= below
    return sorted(found, key=lambda n: n.value)


# -- units ----------------------------------------------------------------------------------

def plan_units(context: _Context, batch: int, chunk: int) -> Iterator[Unit]:
    """The units of a store, in a fixed order: article graphs in batches, the big graphs'
    and the ontology's article-scope focus nodes in chunks, corpus-scope focus nodes in
    chunks, and one unit for shapes that need the whole graph."""
    store, plan = context.store, context.plan
    named = article_graphs(store)
    for i in range(0, len(named), batch):
        yield Unit(Scope.ARTICLE, graphs=tuple(named[i:i + batch]))
    # the default graph and the corpus-level ones are big: their focus nodes go in chunks
    big: list[NamedNode | DefaultGraph] = [g for g in CORPUS_GRAPHS
                                           if store.contains_named_graph(g)]
    if any(True for _ in store.quads_for_pattern(None, None, None, DefaultGraph())):
        big.append(DefaultGraph())
    foci: set[Node] = set()
    for graph in big:
        foci |= context.foci_in(Scope.ARTICLE, graph)
    for info in plan.of(Scope.ARTICLE):  # none in the bundled vocabularies
        foci |= {NamedNode(str(n)) for n in _ontology_targets(info)}
    yield from (Unit(Scope.ARTICLE, foci=part) for part in _chunks(foci, chunk))
    corpus: set[Node] = set()
    for info in plan.of(Scope.CORPUS):
        corpus |= _targets(context, info)
    yield from (Unit(Scope.CORPUS, foci=part) for part in _chunks(corpus, chunk))
    if plan.of(Scope.WHOLE):
        yield Unit(Scope.WHOLE)


def _chunks(nodes: set[Node], size: int) -> Iterator[tuple[Node, ...]]:
    ordered = iter(sorted(nodes, key=str))
    while part := tuple(islice(ordered, size)):
        yield part


def _targets(context: _Context, info: ShapeInfo) -> set[Node]:
    """The focus nodes of a shape in the validated graphs and the ontology."""
    store, t = context.store, info.targets
    out: set[object] = set()

    def scoped(quads: Iterable[Quad]) -> Iterator[Quad]:
        return (q for q in quads if in_scope(q.graph_name))

    for cls in _subclasses(store, t.classes):
        out |= {q.subject for q in scoped(store.quads_for_pattern(None, RDF("type"), cls))}
    for p in t.subjects_of:
        out |= {q.subject for q in scoped(store.quads_for_pattern(None, NamedNode(p), None))}
    for p in t.objects_of:
        out |= {q.object for q in scoped(store.quads_for_pattern(None, NamedNode(p), None))}
    out |= {NamedNode(str(n)) for n in t.nodes if isinstance(n, rdflib.URIRef)}
    out |= {NamedNode(str(n)) for n in _ontology_targets(info)}
    for query in t.sparql:
        out |= _sparql_targets(context, query.text)
    return {n for n in out if isinstance(n, (NamedNode, BlankNode))}


def _ontology_targets(info: ShapeInfo) -> set[rdflib.URIRef]:
    ontology = ontology_graph()
    out: set[rdflib.term.Node] = set()
    for cls in info.targets.classes:
        out |= set(ontology.subjects(rdflib.RDF.type, rdflib.URIRef(cls)))
    for p in info.targets.subjects_of:
        out |= set(ontology.subjects(rdflib.URIRef(p), None))
    for p in info.targets.objects_of:
        out |= set(ontology.objects(None, rdflib.URIRef(p)))
    return {n for n in out if isinstance(n, rdflib.URIRef)}


def _sparql_targets(context: _Context, text: str) -> set[object]:
    """The ``?this`` of a SPARQL target over the validated graphs and the ontology: Oxigraph
    runs it on a store of only the statements its patterns can match (those of the
    predicates they name; every statement when one is a variable)."""
    from rdflib.plugins.sparql import prepareQuery

    store = context.store
    try:
        predicates: list[NamedNode | None] = sorted(
            {NamedNode(p) for _, path, _ in _patterns(prepareQuery(text).algebra)
             for p in _iris(path)}, key=str)
    except ValueError:
        predicates = [None]
    projection = Store()
    projection.extend(Quad(q.subject, q.predicate, q.object)
                      for p in predicates
                      for q in store.quads_for_pattern(None, p, None)
                      if in_scope(q.graph_name))
    # the ontology, as in the whole graph pyshacl validates
    projection.load(context.checker.ontology, format=RdfFormat.N_TRIPLES)
    solutions = projection.query(text)
    assert isinstance(solutions, QuerySolutions)  # a SPARQL target is a select
    return {row["this"] for row in solutions if row["this"] is not None}


def _iris(path: object) -> set[str]:
    """The predicates a SPARQL path names (a variable predicate names none we can list)."""
    if isinstance(path, rdflib.URIRef):
        return {str(path)}
    if isinstance(path, rdflib.Variable):
        raise ValueError("a SPARQL target with a variable predicate")
    out: set[str] = set()
    for attr in ("args", "arg", "path"):
        inner = getattr(path, attr, None)
        for item in inner if isinstance(inner, list) else [inner] if inner is not None else []:
            out |= _iris(item)
    return out


def _whole(context: _Context) -> list[RawResult]:
    """The shapes the analysis could not split, by pyshacl on the whole validated graph."""
    store = context.store
    graphs: list[NamedNode | DefaultGraph] = [g for g in store.named_graphs()
                                              if isinstance(g, NamedNode) and in_scope(g)]
    graphs.append(DefaultGraph())
    return check(to_rdflib(store, graphs), context.checker.whole)


# -- workers --------------------------------------------------------------------------------

def run_units(context: _Context, units: list[Unit], workers: int) -> list[RawResult]:
    """Every unit's results, in unit order, checked on ``workers`` forked processes."""
    # a daemonic process (a pool's worker) may not start processes of its own
    if workers <= 1 or len(units) <= 1 or mp.current_process().daemon:
        return [r for unit in units for r in context.check(unit)]
    done: dict[int, list[RawResult]] = {}
    ctx = mp.get_context("fork")  # the workers read the parent's store and plan as they are
    tasks: mp.Queue[int | None] = ctx.Queue()
    results: mp.Queue[tuple[int, list[RawResult] | str]] = ctx.Queue()
    for i in range(len(units)):
        tasks.put(i)
    processes = [ctx.Process(target=_serve, args=(context.check, units, tasks, results),
                             daemon=True) for _ in range(min(workers, len(units)))]
    for p in processes:
        tasks.put(None)
        p.start()
    try:
        while len(done) < len(units):
            try:
                index, got = results.get(timeout=1)
            except queue.Empty:
                dead = [p for p in processes if p.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(f"a validation worker died (exit code "
                                       f"{dead[0].exitcode})") from None
                continue
            if isinstance(got, str):
                raise RuntimeError(f"validating a unit failed:\n{got}")
            done[index] = got
    finally:
        for p in processes:
            if p.is_alive():
                p.terminate()
            p.join()
    return [r for i in range(len(units)) for r in done[i]]


def _serve(check_unit: Callable[[Unit], list[RawResult]], units: list[Unit],
           tasks: mp.Queue[int | None], results: mp.Queue[tuple[int, list[RawResult] | str]]
           ) -> None:
    """A worker: check units until told to stop; a failure goes back as its traceback."""
    # Forked with the command's handlers, which raise to end a run cleanly and would print a
    # traceback here: Ctrl-C is the parent's to handle, SIGTERM (the parent ending the
    # workers) simply ends this one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while (index := tasks.get()) is not None:
        try:
            results.put((index, check_unit(units[index])))
        except Exception:
            results.put((index, traceback.format_exc()))

