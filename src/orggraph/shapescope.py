"""What each SHACL shape reads from the data, and where its checks are decided.

The parts validator (:mod:`orggraph.validate_parts`) checks a few focus nodes at a time on a
small graph: the statements about those nodes that the shapes can read, fetched from the
store. For that it needs, per shape, two things this module works out from the shapes graph:

- its **targets** (classes, predicates, nodes, SPARQL targets), to find the focus nodes;
- what validating one focus node **reads**, as a small automaton over the data: from the focus
  node, which predicates are followed forwards or backwards (a path, the ``rdf:type`` and
  ``rdfs:subClassOf`` chain of ``sh:class``, the nested shapes of ``sh:node`` / ``sh:or`` /
  ``sh:not``, the triple patterns of a SPARQL constraint joined to ``$this``). Following it
  from a focus node, with every statement of the validated graphs, gives all the data pyshacl
  can look at for that node, so a small graph of those statements gives the same results as
  the whole graph.

And the **scope** each top-level shape declares in ``ontology/shapes.ttl`` with
``ogs:scope``: ``ogs:ArticleScope`` for the records of one report (a membership, an event, an
annotation and its selectors …), checked a batch of named graphs at a time;
``ogs:CorpusScope`` for what the corpus as a whole describes (persons, bodies, posts and
places that many reports mention; tenures, terms and conflicts; the run), checked on chunks
of their focus nodes found across all graphs. A shape whose reads cannot be followed from its
focus node (a SPARQL pattern that is not joined to ``$this``, a component this module does
not know) gets ``Scope.WHOLE`` and is checked by pyshacl on the whole graph.

>>> from orggraph.validate import shapes_graph
>>> plan = analyse(shapes_graph())
>>> shape = lambda name: plan.shapes[rdflib.URIRef(OGS + name)]
>>> shape("MembershipShape").scope, shape("PersonShape").scope
(<Scope.ARTICLE: 'article'>, <Scope.CORPUS: 'corpus'>)
>>> sorted(shape("IntervalShape").targets.subjects_of)
['http://www.w3.org/2006/time#hasEnd']
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, Variable

OGS = "https://w3id.org/orggraph/shapes#"
SCOPE = rdflib.URIRef(OGS + "scope")


class Scope(enum.Enum):
    ARTICLE = "article"  # the records of one named graph: checked a batch of graphs at a time
    CORPUS = "corpus"  # described across graphs: checked on chunks of its focus nodes
    WHOLE = "whole"  # reads the analysis cannot follow: checked on the whole graph


_SCOPES: dict[Node, Scope] = {rdflib.URIRef(OGS + "ArticleScope"): Scope.ARTICLE,
           rdflib.URIRef(OGS + "CorpusScope"): Scope.CORPUS}


class Unsupported(Exception):
    """A shape reads data in a way the analysis cannot follow from its focus node."""


@dataclass(frozen=True)
class Step:
    """One statement read: ``forward`` from a node along ``predicate`` (None: any), or
    backwards (statements whose object is the node)."""

    forward: bool
    predicate: str | None


@dataclass
class Reads:
    """An automaton over the data: states, and moves labelled with a :class:`Step` (None:
    a move that reads nothing). A node visited in a state is read along each move."""

    moves: list[list[tuple[Step | None, int]]] = field(default_factory=list)

    def new(self) -> int:
        self.moves.append([])
        return len(self.moves) - 1

    def add(self, source: int, step: Step | None, target: int) -> None:
        if (step, target) not in self.moves[source]:
            self.moves[source].append((step, target))

    def steps(self, state: int) -> list[tuple[Step, int]]:
        """The reading moves of ``state`` and of every state it reaches without reading."""
        seen, todo, out = {state}, [state], []
        while todo:
            for step, target in self.moves[todo.pop()]:
                if step is not None:
                    out.append((step, target))
                elif target not in seen:
                    seen.add(target)
                    todo.append(target)
        return sorted(set(out), key=lambda m: (m[0].forward, m[0].predicate or "", m[1]))


@dataclass(frozen=True)
class Query:
    """A SPARQL select of the shapes: its PREFIX lines (from ``sh:prefixes``, as pyshacl
    prepends them) and its text."""

    prefixes: str
    select: str

    @property
    def text(self) -> str:
        return f"{self.prefixes}\n{self.select}"


@dataclass(frozen=True)
class Targets:
    """A shape's target declarations (IRIs as strings; SPARQL targets as query texts with
    their prefixes)."""

    classes: frozenset[str] = frozenset()
    subjects_of: frozenset[str] = frozenset()
    objects_of: frozenset[str] = frozenset()
    nodes: frozenset[Node] = frozenset()
    sparql: tuple[Query, ...] = ()

    def by_subject(self) -> bool:
        """True when every focus node is the subject of the statement that targets it (a
        class or a predicate), so it is found among the subjects of one graph."""
        return not (self.objects_of or self.nodes or self.sparql)


@dataclass(frozen=True)
class SparqlCheck:
    """A SPARQL constraint of a node shape whose select projects ``$this``, so that Oxigraph
    can find the few focus nodes it has solutions for."""

    constraint: rdflib.URIRef
    shape: rdflib.term.IdentifiedNode
    query: Query


@dataclass
class ShapeInfo:
    iri: rdflib.term.IdentifiedNode
    scope: Scope
    targets: Targets
    start: int  # the state a focus node of this shape is visited in
    checks: tuple[SparqlCheck, ...] = ()


@dataclass
class Plan:
    """The analysis of a shapes graph (see the module doc)."""

    graph: rdflib.Graph
    reads: Reads
    shapes: dict[rdflib.term.IdentifiedNode, ShapeInfo]
    roots: list[tuple[rdflib.URIRef, int]]  # constants a SPARQL pattern reads from
    starts: dict[Scope, int] = field(default_factory=dict)  # one state per scope: all shapes
    class_state: int = 0  # the rdf:type / rdfs:subClassOf chain of sh:class and targetClass

    def of(self, scope: Scope) -> list[ShapeInfo]:
        """The top-level shapes of a scope, by IRI."""
        return sorted((s for s in self.shapes.values() if s.scope is scope),
                      key=lambda s: str(s.iri))

    def target_classes(self, scope: Scope) -> frozenset[str]:
        return frozenset(c for s in self.of(scope) for c in s.targets.classes)

    def target_predicates(self, scope: Scope) -> frozenset[str]:
        return frozenset(p for s in self.of(scope) for p in s.targets.subjects_of)


# -- the analysis -------------------------------------------------------------------------------

_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
# Parameters that look only at the value node itself (or at nothing in the data).
_VALUE_ONLY = {SH[p] for p in (
    "datatype nodeKind minCount maxCount minLength maxLength pattern flags languageIn "
    "uniqueLang in hasValue minInclusive maxInclusive minExclusive maxExclusive severity "
    "message deactivated name description order group defaultValue qualifiedMinCount "
    "qualifiedMaxCount ignoredProperties prefixes declare select ask").split()}
_PAIRS = (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)


def analyse(shapes: rdflib.Graph) -> Plan:
    """The targets, reads and scope of every top-level shape of ``shapes`` (see the module
    doc). Top-level: a shape with a target declaration."""
    builder = _Builder(shapes)
    infos: dict[rdflib.term.IdentifiedNode, ShapeInfo] = {}
    tops = {s for p in _TARGETS for s in shapes.subjects(p, None)
            if isinstance(s, rdflib.term.IdentifiedNode)}
    tops |= {s for s in shapes.subjects(RDF.type, RDFS.Class)
             if isinstance(s, rdflib.term.IdentifiedNode)
             and any((s, RDF.type, kind) in shapes for kind in (SH.NodeShape, SH.PropertyShape))}
    for shape in sorted(tops, key=str):
        infos[shape] = builder.top(shape)
    # a constant of a SPARQL pattern is read from only when a pattern has it as subject
    roots = sorted(((c, s) for c, s in builder.roots if builder.reads.steps(s)), key=str)
    plan = Plan(shapes, builder.reads, infos, roots, class_state=builder.class_state)
    for scope in Scope:
        start = plan.reads.new()
        for info in plan.of(scope):
            plan.reads.add(start, None, info.start)
        plan.starts[scope] = start
    return plan


class _Builder:
    """Builds the :class:`Reads` automaton shape by shape (one state per shape node, so
    recursive shapes end)."""

    def __init__(self, shapes: rdflib.Graph) -> None:
        self.g = shapes
        self.reads = Reads()
        self.state: dict[Node, int] = {}
        self.roots: set[tuple[rdflib.URIRef, int]] = set()
        self.class_state = self.reads.new()
        self.reads.add(self.class_state, Step(True, str(RDFS.subClassOf)), self.class_state)

    def top(self, shape: rdflib.term.IdentifiedNode) -> ShapeInfo:
        g = self.g
        targets = Targets(
            classes=frozenset(str(c) for c in g.objects(shape, SH.targetClass))
            | ({str(shape)} if (shape, RDF.type, RDFS.Class) in g else set()),
            subjects_of=frozenset(str(p) for p in g.objects(shape, SH.targetSubjectsOf)),
            objects_of=frozenset(str(p) for p in g.objects(shape, SH.targetObjectsOf)),
            nodes=frozenset(g.objects(shape, SH.targetNode)),
            sparql=tuple(sorted((self.query_of(t) for t in g.objects(shape, SH.target)),
                                key=lambda q: q.text)))
        declared = [_SCOPES.get(o) for o in g.objects(shape, SCOPE)]
        scope = declared[0] if len(declared) == 1 and declared[0] else Scope.CORPUS
        if scope is Scope.ARTICLE and not targets.by_subject():
            scope = Scope.CORPUS  # its focus nodes are not found among one graph's subjects
        start = self.reads.new()
        roots = set(self.roots)
        try:
            if targets.classes:  # an instance of the class or of a subclass
                self.reads.add(start, Step(True, str(RDF.type)), self.class_state)
            for p in targets.subjects_of:
                self.reads.add(start, Step(True, p), self.reads.new())
            for p in targets.objects_of:
                self.reads.add(start, Step(False, p), self.reads.new())
            for query in targets.sparql:
                self.query(query.text, start)
            self.reads.add(start, None, self.shape(shape))
            checks = tuple(self.checks(shape))
        except Unsupported:
            self.roots = roots
            return ShapeInfo(shape, Scope.WHOLE, targets, start)
        return ShapeInfo(shape, scope, targets, start, checks)

    def checks(self, shape: rdflib.term.IdentifiedNode) -> Iterator[SparqlCheck]:
        """The SPARQL constraints of a node shape that select ``$this``."""
        if (shape, SH.path, None) in self.g:
            return
        for c in self.g.objects(shape, SH.sparql):
            if isinstance(c, rdflib.URIRef) and (c, SH.deactivated, None) not in self.g:
                query = self.query_of(c)
                if _selects_this(query.text):
                    yield SparqlCheck(c, shape, query)

    # -- shapes ---------------------------------------------------------------------------------

    def shape(self, node: Node) -> int:
        """The state of "a node validated against ``node``" (built once)."""
        if node in self.state:
            return self.state[node]
        here = self.state[node] = self.reads.new()
        g = self.g
        path = g.value(node, SH.path)
        values = self.path(here, path) if path is not None else here
        for p, o in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if not str(p).startswith(str(SH)) or p in _VALUE_ONLY or p in _TARGETS or p == SH.path:
                continue
            if p == SH["class"]:
                self.reads.add(values, Step(True, str(RDF.type)), self.class_state)
            elif p in (SH.node, SH.property, SH["not"], SH.qualifiedValueShape):
                self.reads.add(values, None, self.shape(o))
            elif p in (SH["and"], SH["or"], SH.xone):
                for member in _items(g, o):
                    self.reads.add(values, None, self.shape(member))
            elif p in _PAIRS:
                self.reads.add(here, Step(True, str(o)), self.reads.new())
            elif p == SH.closed:
                self.reads.add(values, Step(True, None), self.reads.new())
            elif p == SH.sparql and path is None:
                self.query(self.query_of(o).text, here)
            else:  # sh:rule, sh:expression, sh:qualifiedValueShapesDisjoint, a SPARQL
                raise Unsupported(f"{node} {p}")  # property constraint ($PATH) …
        return here

    def path(self, source: int, path: Node, inverse: bool = False) -> int:
        """The state reached from ``source`` along a SHACL path (backwards if ``inverse``)."""
        g = self.g
        if isinstance(path, rdflib.URIRef):
            end = self.reads.new()
            self.reads.add(source, Step(not inverse, str(path)), end)
            return end
        if (path, RDF.first, None) in g:  # a sequence
            members = _items(g, path)
            for member in reversed(members) if inverse else members:
                source = self.path(source, member, inverse)
            return source
        alternatives = g.value(path, SH.alternativePath)
        if alternatives is not None:
            end = self.reads.new()
            for member in _items(g, alternatives):
                self.reads.add(self.path(source, member, inverse), None, end)
            return end
        inner = g.value(path, SH.inversePath)
        if inner is not None:
            return self.path(source, inner, not inverse)
        for kind, optional, repeated in ((SH.zeroOrMorePath, True, True),
                                         (SH.oneOrMorePath, False, True),
                                         (SH.zeroOrOnePath, True, False)):
            inner = g.value(path, kind)
            if inner is not None:
                once = functools.partial(self.path, path=inner, inverse=inverse)
                return self.repeat(source, once, optional, repeated)
        raise Unsupported(f"path {path}")

    def repeat(self, source: int, once: Callable[[int], int], optional: bool,
               repeated: bool) -> int:
        """The state after ``once`` (the reads of one step) done as ``*``, ``+`` or ``?`` says."""
        loop = self.reads.new()
        self.reads.add(source, None, loop)
        end = self.reads.new()
        after = once(loop)
        self.reads.add(after, None, end)
        if repeated:
            self.reads.add(after, None, loop)
        if optional:
            self.reads.add(loop, None, end)
        return end

    # -- SPARQL ---------------------------------------------------------------------------------

    def query_of(self, node: Node) -> Query:
        """A SPARQL target's or constraint's select, with the PREFIX lines of its
        ``sh:prefixes``."""
        select = self.g.value(node, SH.select)
        if select is None:
            raise Unsupported(f"{node} has no sh:select")
        prefixes = []
        for holder in self.g.objects(node, SH.prefixes):
            for declared in self.g.objects(holder, SH.declare):
                prefix = self.g.value(declared, SH.prefix)
                namespace = self.g.value(declared, SH.namespace)
                prefixes.append(f"PREFIX {prefix}: <{namespace}>")
        return Query("\n".join(sorted(set(prefixes))), str(select))

    def query(self, text: str, this: int) -> None:
        """Add the reads of a query's triple patterns, joined to ``$this`` at ``this``."""
        try:
            algebra = prepareQuery(text).algebra
        except Exception as exc:  # pyshacl would fail on it too; the whole graph reports it
            raise Unsupported(f"query does not parse: {exc}") from exc
        patterns = list(_patterns(algebra))
        state: dict[Node, int] = {Variable("this"): this}

        def known(term: Node) -> bool:
            return term in state or not isinstance(term, Variable)

        def at(term: Node) -> int:
            if term not in state:
                state[term] = self.reads.new()
                if isinstance(term, rdflib.URIRef):  # a constant: read whatever the focus
                    self.roots.add((term, state[term]))
            return state[term]

        while patterns:
            left = []
            for s, p, o in patterns:
                if known(s) and isinstance(s, (Variable, rdflib.URIRef)):
                    self.reads.add(self.sparql_path(at(s), p, False), None, at(o))
                elif known(o) and isinstance(o, (Variable, rdflib.URIRef)):
                    self.reads.add(self.sparql_path(at(o), p, True), None, at(s))
                else:
                    left.append((s, p, o))
            if len(left) == len(patterns):
                raise Unsupported("a triple pattern not joined to $this")
            patterns = left

    def sparql_path(self, source: int, path: object, inverse: bool) -> int:
        if isinstance(path, Variable):
            end = self.reads.new()
            self.reads.add(source, Step(not inverse, None), end)
            return end
        if isinstance(path, rdflib.URIRef):
            end = self.reads.new()
            self.reads.add(source, Step(not inverse, str(path)), end)
            return end
        if isinstance(path, SequencePath):
            for member in reversed(path.args) if inverse else path.args:
                source = self.sparql_path(source, member, inverse)
            return source
        if isinstance(path, AlternativePath):
            end = self.reads.new()
            for member in path.args:
                self.reads.add(self.sparql_path(source, member, inverse), None, end)
            return end
        if isinstance(path, InvPath):
            return self.sparql_path(source, path.arg, not inverse)
        if isinstance(path, MulPath):
            return self.repeat(source, lambda s: self.sparql_path(s, path.path, inverse),
                               path.mod != "+", path.mod != "?")
        if isinstance(path, NegatedPath):  # any predicate but some, either way
            end = self.reads.new()
            self.reads.add(source, Step(True, None), end)
            self.reads.add(source, Step(False, None), end)
            return end
        raise Unsupported(f"SPARQL path {path!r}")


def _items(g: rdflib.Graph, head: Node) -> list[Node]:
    from rdflib.collection import Collection

    return list(Collection(g, head))


def _patterns(node: object) -> Iterator[tuple[Node, object, Node]]:
    """Every triple pattern of a query's algebra (of its filters' EXISTS too)."""
    if isinstance(node, CompValue):
        if node.name in ("Graph", "ServiceGraphPattern", "GraphGraphPattern"):
            raise Unsupported(f"{node.name} in a shape's query")
        if node.name in ("BGP", "TriplesBlock"):
            yield from node.get("triples") or ()
        for value in node.values():
            yield from _patterns(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _patterns(item)


def _selects_this(text: str) -> bool:
    """Whether a select's projection has ``$this``/``?this`` (or ``*``)."""
    try:
        projected = prepareQuery(text).algebra.get("PV") or []
    except Exception:
        return False
    return Variable("this") in projected
