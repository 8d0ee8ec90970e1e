"""A SPARQL query per shape for the focus nodes that may break it, for Oxigraph to run.

pyshacl spends about a millisecond on each focus node, and almost every node conforms. The
query :func:`screen` writes for a top-level shape selects its targets for which some
constraint *may* fail: it never leaves out a node pyshacl would report, and it may keep a few
that conform (a check it only approximates, or one it does not know, keeps every node). The
parts validator then runs pyshacl on the nodes it selects, so the results are pyshacl's own.

What "may fail" is, per constraint (on the value nodes of a property shape's path):

- exact: ``sh:class``, ``sh:nodeKind``, ``sh:minCount`` (1), ``sh:maxCount``,
  ``sh:minLength``, ``sh:maxLength``, ``sh:hasValue``, ``sh:equals``, ``sh:disjoint``,
  ``sh:node``, ``sh:property``, ``sh:or``, ``sh:and``, ``sh:not`` and ``sh:xone`` (of exact
  shapes); SPARQL constraints by their own query;
- kept when unsure: ``sh:datatype`` (a value whose datatype differs, or whose text is not
  the canonical form of one Oxigraph can cast, or a date year outside 1000–9999: rdflib
  reads such a literal as ill-typed), ``sh:in`` (by ``sameTerm``), value ranges and
  ``sh:lessThan[OrEquals]`` (an incomparable pair counts as failing);
- anything else keeps every node.

>>> from orggraph.shapescope import analyse, OGS
>>> from orggraph.validate import shapes_graph
>>> plan = analyse(shapes_graph())
>>> query = screen(plan.graph, plan.shapes[rdflib.URIRef(OGS + "PersonShape")])
>>> query.splitlines()[0], "NOT EXISTS { ?this <http://xmlns.com/foaf/0.1/name>" in query
('SELECT DISTINCT ?this WHERE {', True)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from orggraph.shapescope import ShapeInfo

_SUB = f"<{RDFS.subClassOf}>"
# Value patterns of the date and time types: a year of four digits from 1000 (Python's
# dates, which rdflib reads them into, have no year 0 and none above 9999).
_LEXICAL: dict[Node, str] = {
    XSD.date: r"^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$",
    XSD.gYearMonth: r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$",
    XSD.gYear: r"^[1-9][0-9]{3}$",
    XSD.dateTime: r"^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
                  r"(\\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.integer: r"^-?[0-9]+$",
    XSD.decimal: r"^-?[0-9]+(\\.[0-9]+)?$",
}
_CASTABLE = {XSD.date, XSD.dateTime, XSD.integer, XSD.decimal}  # a cast checks the value
_NODE_KINDS: dict[Node, str] = {SH.IRI: "!isIRI({v})", SH.Literal: "!isLITERAL({v})",
               SH.BlankNode: "!isBLANK({v})", SH.BlankNodeOrIRI: "isLITERAL({v})",
               SH.BlankNodeOrLiteral: "isIRI({v})", SH.IRIOrLiteral: "isBLANK({v})"}
_RANGES: dict[Node, str] = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">",
           SH.maxExclusive: "<"}
_QUIET = {SH[p] for p in ("message severity name description order group defaultValue "
                          "targetClass targetSubjectsOf targetObjectsOf targetNode target "
                          "path deactivated sparql declare prefixes").split()}


@dataclass(frozen=True)
class Cond:
    """A SPARQL expression true where a shape may fail; ``exact``: true exactly there."""

    expr: str
    exact: bool


_TRUE, _FALSE = Cond("true", False), Cond("false", True)


def _any(conds: list[Cond]) -> Cond:
    conds = [c for c in conds if c.expr != "false"]
    if not conds:
        return _FALSE
    if any(c.expr == "true" for c in conds):
        return Cond("true", all(c.exact for c in conds))
    return Cond(" || ".join(f"({c.expr})" for c in conds), all(c.exact for c in conds))


def _all(conds: list[Cond]) -> Cond:
    if any(c.expr == "false" for c in conds):
        return Cond("false", all(c.exact for c in conds if c.expr == "false"))
    real = [c for c in conds if c.expr != "true"]
    exact = all(c.exact for c in conds)
    if not real:
        return Cond("true", exact)
    return Cond(" && ".join(f"({c.expr})" for c in real), exact)


def screen(shapes: rdflib.Graph, info: ShapeInfo) -> str:
    """The query for the targets of a top-level shape that may break it (module doc)."""
    compiler = _Compiler(shapes)
    targets = _targets(info)
    core = compiler.shape(info.iri, "?this", top=True)
    branches = [] if core.expr == "false" else [
        f"{{ {targets} }}" if core.expr == "true" else f"{{ {targets} FILTER ({core.expr}) }}"]
    branches += [f"{{ {targets} {{ {c.query.select} }} }}" for c in info.checks]
    prefixes = sorted({line for c in info.checks for line in c.query.prefixes.splitlines()}
                      | {line for q in info.targets.sparql for line in q.prefixes.splitlines()})
    body = " UNION ".join(branches) or "FILTER (false)"
    return "\n".join([*[p for p in prefixes if p], "SELECT DISTINCT ?this WHERE {", body, "}"])


def _targets(info: ShapeInfo) -> str:
    t = info.targets
    parts = [f"{{ ?this a/{_SUB}* <{c}> }}" for c in sorted(t.classes)]
    parts += [f"{{ ?this <{p}> ?_object }}" for p in sorted(t.subjects_of)]
    parts += [f"{{ ?_subject <{p}> ?this }}" for p in sorted(t.objects_of)]
    parts += [f"{{ VALUES ?this {{ {n.n3()} }} }}" for n in sorted(t.nodes, key=str)]
    parts += [f"{{ {q.select} }}" for q in t.sparql]
    return " UNION ".join(parts) or "FILTER (false)"


class _Compiler:
    def __init__(self, shapes: rdflib.Graph) -> None:
        self.g = shapes
        self.count = 0
        self.active: set[Node] = set()

    def var(self) -> str:
        self.count += 1
        return f"?v{self.count}"

    def shape(self, node: Node, x: str, top: bool = False) -> Cond:
        """Where ``node`` may fail on the node bound to ``x``."""
        g = self.g
        if (node, SH.deactivated, rdflib.Literal(True)) in g:
            return _FALSE
        if node in self.active:  # a recursive shape: give up on the inner occurrence
            return _TRUE
        self.active.add(node)
        try:
            path = g.value(node, SH.path)
            if path is not None:
                return self.property(node, path, x)
            conds = [self.value(p, o, x) for p, o in _params(g, node)
                     if not (top and p == SH.sparql)]
            return _any(conds)
        finally:
            self.active.discard(node)

    def property(self, node: Node, path: Node, x: str) -> Cond:
        g = self.g
        try:
            p = _path(g, path)
        except ValueError:
            return _TRUE
        conds: list[Cond] = []
        value_conds: list[Cond] = []
        for param, o in _params(g, node):
            if param == SH.minCount:
                n = int(str(o))
                conds.append(_FALSE if n <= 0 else
                             Cond(f"NOT EXISTS {{ {x} {p} {self.var()} }}", True) if n == 1
                             else _TRUE)
            elif param == SH.maxCount:
                conds.append(self.more_than(x, p, int(str(o))))
            elif param == SH.hasValue:
                conds.append(Cond(f"NOT EXISTS {{ {x} {p} {o.n3()} }}", True))
            elif param == SH.equals:
                v = self.var()
                conds.append(Cond(f"EXISTS {{ {x} {p} {v} FILTER NOT EXISTS {{ {x} <{o}> {v} }} }}"
                                  f" || EXISTS {{ {x} <{o}> {v} FILTER NOT EXISTS "
                                  f"{{ {x} {p} {v} }} }}", True))
            elif param in (SH.lessThan, SH.lessThanOrEquals):
                v, w = self.var(), self.var()
                op = "<" if param == SH.lessThan else "<="
                conds.append(Cond(f"EXISTS {{ {x} {p} {v} . {x} <{o}> {w} "
                                  f"FILTER (!COALESCE({v} {op} {w}, false)) }}", False))
            elif param == SH.disjoint:
                v = self.var()
                conds.append(Cond(f"EXISTS {{ {x} {p} {v} . {x} <{o}> {v} }}", True))
            elif param in (SH.uniqueLang, SH.qualifiedValueShape, SH.qualifiedMinCount,
                           SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint,
                           SH.sparql):
                conds.append(_TRUE)
            else:
                v = self.var()
                value_conds.append(_bind(self.value(param, o, v), v, x, p))
        return _any(conds + value_conds)

    def more_than(self, x: str, p: str, n: int) -> Cond:
        """``x`` has more than ``n`` distinct values along ``p``."""
        if n > 3:
            return _TRUE
        vs = [self.var() for _ in range(n + 1)]
        pattern = " . ".join(f"{x} {p} {v}" for v in vs)
        distinct = " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(vs)
                               for b in vs[i + 1:]) or "true"
        return Cond(f"EXISTS {{ {pattern} FILTER ({distinct}) }}", True)

    def value(self, param: Node, o: Node, v: str) -> Cond:
        """Where the value-level constraint ``param o`` may fail on the node bound to ``v``."""
        g = self.g
        if param == SH["class"]:
            return Cond(f"NOT EXISTS {{ {v} a/{_SUB}* <{o}> }}", True)
        if param == SH.datatype:
            return _datatype(o, v)
        if param == SH.nodeKind and o in _NODE_KINDS:
            return Cond(_NODE_KINDS[o].format(v=v), True)
        if param in (SH.minLength, SH.maxLength):
            n = int(str(o))
            if param == SH.minLength and n == 0:
                return _FALSE
            op = "<" if param == SH.minLength else ">"
            return Cond(f"isBLANK({v}) || STRLEN(STR({v})) {op} {n}", True)
        if param == SH["in"]:
            members = [m.n3() for m in Collection(g, o)]
            same = " || ".join(f"sameTerm({v}, {m})" for m in members) or "false"
            return Cond(f"!({same})", False)
        if param == SH.hasValue:
            return Cond(f"!sameTerm({v}, {o.n3()})", True)
        if param in _RANGES:
            return Cond(f"!COALESCE({v} {_RANGES[param]} {o.n3()}, false)", False)
        if param in (SH.node, SH.property):
            return self.shape(o, v)
        if param in (SH["or"], SH["and"]):
            shapes = [self.shape(m, v) for m in Collection(g, o)]
            return _all(shapes) if param == SH["or"] else _any(shapes)
        if param == SH.xone:  # fails unless exactly one member conforms
            shapes = [self.shape(m, v) for m in Collection(g, o)]
            if not all(c.exact for c in shapes):
                return _TRUE
            # IF on an expression in error is an error: then the node is kept
            conforming = " + ".join(f"IF({c.expr}, 0, 1)" for c in shapes) or "0"
            return Cond(f"COALESCE(({conforming}) != 1, true)", True)
        if param == SH["not"]:
            inner = self.shape(o, v)
            return Cond(f"!({inner.expr})", True) if inner.exact else _TRUE
        if param == SH.equals:  # a node shape: the node is its only value
            return Cond(f"NOT EXISTS {{ {v} <{o}> {v} }} || EXISTS {{ {v} <{o}> ?_w "
                        f"FILTER (!sameTerm(?_w, {v})) }}", True)
        return _TRUE  # sh:closed, sh:pattern, sh:languageIn, sh:sparql … unknown


def _params(g: rdflib.Graph, node: Node) -> Iterator[tuple[Node, Node]]:
    """The SHACL parameters of a shape that check something, sorted."""
    for p, o in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
        if str(p).startswith(str(SH)) and p not in _QUIET:
            yield p, o


def _bind(cond: Cond, v: str, x: str, path: str) -> Cond:
    """A value-level condition over the values of ``x`` along ``path``."""
    if cond.expr == "false":
        return _FALSE
    filt = "" if cond.expr == "true" else f" FILTER ({cond.expr})"
    return Cond(f"EXISTS {{ {x} {path} {v}{filt} }}", cond.exact and cond.expr != "true")


def _datatype(dt: Node, v: str) -> Cond:
    """A value that is not a well-formed literal of ``dt`` (kept when unsure)."""
    if dt == XSD.string:  # a plain literal is an xsd:string to both
        return Cond(f"!isLITERAL({v}) || !sameTerm(DATATYPE({v}), <{XSD.string}>)", True)
    wrong = f"!isLITERAL({v}) || !sameTerm(DATATYPE({v}), <{dt}>)"
    if dt == XSD.boolean:
        return Cond(f"{wrong} || !(STR({v}) IN (\"true\", \"false\"))", False)
    if dt not in _LEXICAL:
        return Cond(f"{wrong} || true", False)  # not checked here: every value is kept
    checks = [f"!REGEX(STR({v}), \"{_LEXICAL[dt]}\")"]
    if dt in _CASTABLE:
        checks.append(f"!COALESCE(STR(<{dt}>(STR({v}))) = STR({v}), false)")
    return Cond(" || ".join([wrong, *checks]), False)


def _path(g: rdflib.Graph, path: Node) -> str:
    """A SHACL path in SPARQL syntax."""
    if isinstance(path, rdflib.URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in g:
        return "(" + "/".join(_path(g, m) for m in Collection(g, path)) + ")"
    for kind, wrap in ((SH.alternativePath, None), (SH.inversePath, "^{}"),
                       (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                       (SH.zeroOrOnePath, "{}?")):
        inner = g.value(path, kind)
        if inner is not None:
            if wrap is None:
                return "(" + "|".join(_path(g, m) for m in Collection(g, inner)) + ")"
            return wrap.format("(" + _path(g, inner) + ")")
    raise ValueError(f"not a SHACL path: {path}")
