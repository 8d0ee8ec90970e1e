"""SHACL validation (``ontology/shapes.ttl``) with a report a researcher can read.

pyshacl runs on an rdflib copy of the data (over the Oxigraph store it is ~10x slower, see
``docs/design.md``), without inference: the mapping writes the types it needs. The ontology and
the vocabularies are added to that copy, so shapes can check that a kind is a concept of its
scheme. Each result is traced to its article (the focus node's
``prov:wasDerivedFrom`` or ``dcterms:source``, else the named graph holding it) and to its
evidence quote.

>>> from orggraph.store import open_store
>>> report = validate(open_store())
>>> report.conforms, report.text()
(True, 'conforms')
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import pyshacl
import rdflib
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from orggraph.hierarchy import GRAPH as HIERARCHY_GRAPH
from orggraph.rdf.identity import IDENTITY_GRAPH
from orggraph.rdf.namespaces import OA, PROV, compact
from orggraph.resources import grammar_path, ontology_path, shapes_path, vocab_paths
from orggraph.store import ONTOLOGY_GRAPH, article_graphs, to_rdflib
from orggraph.tenure import GRAPH as TENURE_GRAPH

_DERIVED = rdflib.URIRef(PROV("wasDerivedFrom").value)
_SOURCE = rdflib.URIRef("http://purl.org/dc/terms/source")  # events and changes: activities
# Evidence is Web Annotation: annotation --hasTarget--> fact, --hasBody--> text segment
# --hasSource--> article, --hasSelector--> quote selector --exact--> the quoted text.
_HAS_SOURCE = rdflib.URIRef(OA("hasSource").value)
_HAS_TARGET = rdflib.URIRef(OA("hasTarget").value)
_HAS_BODY = rdflib.URIRef(OA("hasBody").value)
_HAS_SELECTOR = rdflib.URIRef(OA("hasSelector").value)
_EXACT = rdflib.URIRef(OA("exact").value)
_PATH_SEP = re.compile(r"( [/|] )|[^ ]+")  # a path's separators, or one IRI


@dataclass(frozen=True)
class ValidationResult:
    """One broken rule at one node. IRIs are full strings; ``text()`` shortens them."""

    focus: str
    path: str | None  # an IRI, or "a / b" (sequence), "a | b" (alternatives)
    shape: str  # the rule: a property shape, SPARQL constraint or node shape IRI
    constraint: str  # e.g. "MinCountConstraintComponent"
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    article: str | None  # the article IRI the focus node comes from
    span: str | None = None  # the focus node's evidence segment IRI (<article>#char=s,e)
    quote: str | None = None
    value: str | None = None
    message_vi: str | None = None  # the shape's Vietnamese sh:message, when it has one


@dataclass
class ValidationReport:
    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)

    def counts(self) -> Counter:
        """How many results of each severity."""
        return Counter(r.severity for r in self.results)

    def by_article(self) -> dict[str | None, list[ValidationResult]]:
        out: dict[str | None, list[ValidationResult]] = {}
        for r in self.results:
            out.setdefault(r.article, []).append(r)
        return out

    def text(self) -> str:
        """"conforms", or a summary line and one block per result."""
        if self.conforms and not self.results:
            return "conforms"
        counts = self.counts()
        summary = ", ".join(f"{n} {s.lower()}{'s' if n > 1 else ''}"
                            for s, n in sorted(counts.items()))
        head = "conforms, with " if self.conforms else "does not conform: "
        return "\n\n".join([head + summary, *(_block(r) for r in self.results)]) + "\n"


def _block(r: ValidationResult) -> str:
    rule = compact(r.shape) + f" ({r.constraint.removesuffix('ConstraintComponent')}"
    path = _PATH_SEP.sub(lambda m: m.group() if m.group(1) else compact(m.group()),
                         r.path) if r.path else None
    rule += f" on {path})" if path else ")"
    lines = [f"[{r.severity.lower()}] {r.message}"]
    if r.message_vi:
        lines.append(f"  vi:       {r.message_vi}")
    lines += [
             f"  focus:    {compact(r.focus)}",
             f"  rule:     {rule}"]
    if r.value is not None:
        lines.append(f"  value:    {r.value}")
    lines.append(f"  article:  {compact(r.article) if r.article else '(unknown)'}")
    if r.span:
        where = r.span.rsplit("#char=", 1)[-1].replace(",", "–")
        quote = f"“{r.quote}”" if r.quote else "(no quote)"
        lines.append(f"  evidence: {quote} (chars {where})")
    return "\n".join(lines)


VALIDATION_GRAPH = "https://w3id.org/orggraph/id/graph/validation"


def report_quads(report: ValidationReport) -> list[Quad]:
    """The report as standard SHACL results in the named graph ``ogd:graph/validation``.

    Nodes that break a rule stay in the graph; a query finds them through ``sh:focusNode``.
    Result IRIs are hashes of their content, so equal input gives equal output.

    >>> [q.object.value for q in report_quads(ValidationReport(conforms=True))
    ...  if q.predicate.value.endswith("#conforms")]
    ['true']
    """
    sh, graph = "http://www.w3.org/ns/shacl#", NamedNode(VALIDATION_GRAPH)
    root = NamedNode(VALIDATION_GRAPH + "/report")
    # sh:conforms as the SHACL spec defines it: no result of any severity. Warnings make it
    # false here while ValidationReport.conforms (violations only) stays true; a query that
    # wants "no violations" asks for results with sh:resultSeverity sh:Violation.
    quads = [Quad(root, NamedNode(sh + "conforms"),
                  Literal("false" if report.results else "true",
                          datatype=NamedNode("http://www.w3.org/2001/XMLSchema#boolean")), graph),
             Quad(root, NamedNode(RDF_TYPE), NamedNode(sh + "ValidationReport"), graph)]
    for r in report.results:
        node = NamedNode(f"{VALIDATION_GRAPH}/result/" + hashlib.sha1(
            "|".join(map(str, (r.focus, r.path, r.shape, r.message, r.value))).encode()
        ).hexdigest()[:16])
        quads += [Quad(root, NamedNode(sh + "result"), node, graph),
                  Quad(node, NamedNode(RDF_TYPE), NamedNode(sh + "ValidationResult"), graph),
                  Quad(node, NamedNode(sh + "resultMessage"), _message_literal(r.message, "en"),
                       graph),
                  Quad(node, NamedNode(sh + "resultSeverity"), NamedNode(sh + r.severity),
                       graph)]
        if r.message_vi:
            quads.append(Quad(node, NamedNode(sh + "resultMessage"),
                              Literal(r.message_vi, language="vi"), graph))
        if not r.focus.startswith("_:"):
            quads.append(Quad(node, NamedNode(sh + "focusNode"), NamedNode(r.focus), graph))
        if r.path and " " not in r.path:
            quads.append(Quad(node, NamedNode(sh + "resultPath"), NamedNode(r.path), graph))
        if r.shape and not r.shape.startswith("_:"):
            quads.append(Quad(node, NamedNode(sh + "sourceShape"), NamedNode(r.shape), graph))
        if r.article:
            quads.append(Quad(node, NamedNode(PROV("wasDerivedFrom").value),
                              NamedNode(r.article), graph))
    return sorted(set(quads), key=str)


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _message_literal(text: str, language: str) -> Literal:
    """A message as the shapes wrote it: tagged, except the "(no message)" placeholder."""
    return Literal(text) if text == _NO_MESSAGE else Literal(text, language=language)


# -- inputs -------------------------------------------------------------------------------------

@functools.cache
def _parsed(paths: tuple[str, ...]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def shapes_graph() -> rdflib.Graph:
    """The shapes of ``ontology/shapes.ttl`` (parsed once per process)."""
    return _parsed((str(shapes_path()),))


def ontology_graph() -> rdflib.Graph:
    """The ontology and the vocabularies (parsed once per process)."""
    return _parsed(tuple(str(p) for p in (ontology_path(), grammar_path(), *vocab_paths())))


def _store_index(store: Store) -> Callable[[rdflib.term.Node], str | None]:
    """The first (by IRI) article graph that holds statements about a node."""
    def article(node: rdflib.term.Node) -> str | None:
        if not isinstance(node, rdflib.URIRef):
            return None
        graphs = {q.graph_name.value for q in store.quads_for_pattern(NamedNode(str(node)),
                                                                        None, None)
                  if isinstance(q.graph_name, NamedNode) and q.graph_name != ONTOLOGY_GRAPH}
        return min(graphs, default=None)
    return article


def _dataset_index(data: rdflib.Graph) -> Callable[[rdflib.term.Node], str | None]:
    """For an rdflib Dataset: the first named graph holding statements about a node."""
    def article(node: rdflib.term.Node) -> str | None:
        if not isinstance(data, rdflib.ConjunctiveGraph):  # Dataset is one too
            return None
        names = set()
        for *_, graph in data.quads((node, None, None, None)):
            name = getattr(graph, "identifier", graph)
            if isinstance(name, rdflib.URIRef) and not str(name).startswith("urn:x-rdflib:"):
                names.add(str(name))
        return min(names, default=None)
    return article


# -- running ------------------------------------------------------------------------------------

# The corpus-level graphs validated with the article graphs and the default graph: their
# records cite the articles' persons, bodies and memberships. The ontology's, the
# vocabularies' (checked as the ontology) and the validation report's graphs are not data.
CORPUS_GRAPHS = (IDENTITY_GRAPH, HIERARCHY_GRAPH, TENURE_GRAPH)


def validate(data: Store | rdflib.Graph, *, batch: int | None = None) -> ValidationReport:
    """Validate a store (every graph but the ontology's) or an rdflib graph.

    With a store, ``batch`` validates that many article graphs at a time, which bounds the
    memory of the rdflib copy (about 1.2 GB per million triples). Each article graph is
    checked on its own then: a rule broken only by statements of two articles in different
    batches (say, two kinds given to one organisation) is not seen. Without ``batch`` the
    whole store is one batch. At 100k triples one batch and many take about the same time.
    """
    if isinstance(data, Store):
        graphs: list[NamedNode | DefaultGraph] = list(article_graphs(data))
        if any(True for _ in data.quads_for_pattern(None, None, None, DefaultGraph())):
            graphs.append(DefaultGraph())
        # The corpus-level graphs go with the last batch (with ``batch``, their checks see
        # only the articles of that batch).
        graphs += [g for g in CORPUS_GRAPHS if data.contains_named_graph(g)]
        size = batch or max(len(graphs), 1)
        index = _store_index(data)
        results: set[ValidationResult] = set()
        conforms = True
        for i in range(0, max(len(graphs), 1), size):
            ok, found = _run(to_rdflib(data, graphs[i:i + size]), index)
            conforms &= ok
            results.update(found)
        return ValidationReport(conforms, sorted(results, key=_order))
    ok, found = _run(_copy(data), _dataset_index(data))
    return ValidationReport(ok, sorted(set(found), key=_order))


def _copy(data: rdflib.Graph) -> rdflib.Graph:
    """A plain Graph with the triples of ``data`` (of every graph, for a Dataset)."""
    out = rdflib.Graph()
    for prefix, ns in data.namespace_manager.namespaces():
        out.bind(prefix, ns)
    if isinstance(data, rdflib.ConjunctiveGraph):  # Dataset is one too
        out.addN((s, p, o, out) for s, p, o, _ in data.quads((None, None, None, None)))
    else:
        out.addN((s, p, o, out) for s, p, o in data)
    return out


def _order(r: ValidationResult) -> tuple:
    return (r.article or "", r.focus, r.shape, r.path or "", r.message, r.value or "")


def _run(graph: rdflib.Graph, index: Callable[[rdflib.term.Node], str | None]
         ) -> tuple[bool, list[ValidationResult]]:
    """Validate a graph this module owns (the ontology is added to it in place)."""
    results = [traced(r, graph, index) for r in check(graph, shapes_graph())]
    return conforms_of(results), results


def check(graph: rdflib.Graph, shapes: rdflib.Graph) -> list[RawResult]:
    """pyshacl's results on a graph this module owns (the ontology is added to it in place).

    >>> check(rdflib.Graph(), shapes_graph())
    []
    """
    # pyshacl's ont_graph would copy only RDFS/OWL axioms, not the SKOS concepts the shapes
    # look up, so the ontology and vocabularies are added to the data graph directly.
    graph += ontology_graph()
    graph = _ParsedOnce(store=graph.store, identifier=graph.identifier,
                        namespace_manager=graph.namespace_manager)  # the same triples
    # advanced: the SHACL-AF SPARQL target of the single-holder warning. allow_warnings is
    # left off on purpose: pyshacl's conforms is then false on any result, as the spec says,
    # and conformance is decided here, from the severities of the results, so the text
    # report, the exit code and the run report agree on what counts.
    _, report, _ = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", abort_on_first=False,
        allow_warnings=False, advanced=True, inplace=True)
    top = report.value(None, RDF.type, SH.ValidationReport)
    return [raw_result(report, node) for node in report.objects(top, SH.result)]


class _ParsedOnce(rdflib.Graph):
    """A graph whose SPARQL queries are parsed once per text.

    pyshacl runs a SPARQL constraint once per focus node, passing the same query text each
    time with ``$this`` bound, and rdflib parses the text anew on every call: 50 ms for the
    interval check, most of validation's time on a corpus with thousands of intervals. The
    parsed query is kept here, per graph (a validation's life), not in a module cache.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._parsed: dict[tuple[str, tuple[tuple[str, Any], ...]], Query] = {}

    def query(self, query_object: str | Query, processor: Any = "sparql",
              result: Any = "sparql", initNs: Mapping[str, Any] | None = None,
              initBindings: Mapping[str, Any] | None = None, use_store_provided: bool = True,
              **kwargs: Any) -> Any:
        if isinstance(query_object, str) and processor == "sparql":
            key = (query_object, tuple(sorted((initNs or {}).items())))
            if key not in self._parsed:
                self._parsed[key] = prepareQuery(query_object, initNs=dict(initNs or {}))
            query_object = self._parsed[key]
        return super().query(query_object, processor, result, initNs, initBindings,
                             use_store_provided, **kwargs)


def conforms_of(results: list[ValidationResult]) -> bool:
    """True when no result is a violation: warnings and infos flag what is suspicious but
    possible, and do not make a graph fail (``orggraph validate`` exits 0 on them).

    pyshacl (and the SHACL spec's ``sh:conforms``) say "does not conform" on any result at
    all; the graph copy of the report keeps that meaning (:func:`report_quads`).
    """
    return not any(r.severity == "Violation" for r in results)


_NO_MESSAGE = "(no message)"


def _messages(report: rdflib.Graph, node: rdflib.term.Node) -> tuple[str, str | None]:
    """The result's English (or untagged) message and its Vietnamese one.

    The shapes give each rule a message @vi and @en; pyshacl copies both, tags kept.
    """
    by_lang: dict[str | None, str] = {}
    for m in sorted(report.objects(node, SH.resultMessage), key=str):
        language = getattr(m, "language", None) or _template_language(str(m))
        by_lang.setdefault(language, str(m))
    english = by_lang.get("en") or by_lang.get(None) or by_lang.get("vi") or _NO_MESSAGE
    return english, by_lang.get("vi")


@functools.cache
def _templates() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each tagged sh:message of the shapes as a pattern ({?x} matches anything), with its
    language."""
    out = []
    for m in shapes_graph().objects(None, SH.message):
        language = getattr(m, "language", None)
        if language:
            parts = re.split(r"\{[?$]\w+\}", str(m))
            out.append((re.compile(".*?".join(map(re.escape, parts)), re.DOTALL), language))
    return tuple(out)


def _template_language(message: str) -> str | None:
    """The language of an untagged result message: pyshacl drops the tag when it fills in a
    SPARQL constraint's {?var}, so it is found again from the message the shape wrote."""
    return next((lang for pattern, lang in _templates() if pattern.fullmatch(message)), None)


def _one(graph: Lookup, s: rdflib.term.Node, p: rdflib.term.Node
         ) -> rdflib.term.Node | None:
    return min(graph.objects(s, p), key=str, default=None)


@dataclass(frozen=True)
class RawResult:
    """One pyshacl result as its report gives it, before it is traced to an article:
    ``focus`` is the node itself (an rdflib term), the rest as in :class:`ValidationResult`."""

    focus: rdflib.term.Node | None
    path: str | None
    shape: str
    constraint: str
    message: str
    message_vi: str | None
    severity: str
    value: str | None


def raw_result(report: rdflib.Graph, node: rdflib.term.Node) -> RawResult:
    """A result of pyshacl's report graph (a pure function of the report)."""
    focus = _one(report, node, SH.focusNode)
    path = _one(report, node, SH.resultPath)
    # A SPARQL constraint is a rule of its own; name it rather than the shape holding it.
    shape = _one(report, node, SH.sourceConstraint)
    if not isinstance(shape, rdflib.URIRef):
        shape = _one(report, node, SH.sourceShape)
    component = _one(report, node, SH.sourceConstraintComponent)
    severity = _one(report, node, SH.resultSeverity)
    value = _one(report, node, SH.value)
    english, vietnamese = _messages(report, node)
    return RawResult(
        focus=focus,
        shape=_name(shape),
        path=_path(report, path),
        constraint=str(component).rsplit("#", 1)[-1],
        message=english,
        message_vi=vietnamese,
        severity=str(severity).rsplit("#", 1)[-1],
        value=_name(value) if value is not None else None,
    )


class Lookup(Protocol):
    """What tracing reads of the data: an rdflib Graph, or :class:`ScopedLookup`."""

    def objects(self, subject: Any = None, predicate: Any = None) -> Iterable[Any]: ...

    def subjects(self, predicate: Any = None, object: Any = None) -> Iterable[Any]: ...

    def __contains__(self, triple: Any) -> bool: ...


def traced(raw: RawResult, data: Lookup, index: Callable[[rdflib.term.Node], str | None]
           ) -> ValidationResult:
    """A result with the article, the evidence span and the quote of its focus node."""
    focus = raw.focus
    span = _evidence(data, focus) if focus is not None else None
    quote = _quote(data, span) if span is not None else None
    return ValidationResult(
        article=_article(data, focus, index),
        focus=_name(focus),
        shape=raw.shape,
        path=raw.path,
        constraint=raw.constraint,
        message=raw.message,
        message_vi=raw.message_vi,
        severity=raw.severity,
        span=str(span) if span is not None else None,
        quote=str(quote) if quote is not None else None,
        value=raw.value,
    )


def _evidence(data: Lookup, focus: rdflib.term.Node) -> rdflib.term.Node | None:
    """The text segment (oa:SpecificResource) that is the evidence for a node: the body of an
    annotation targeting it (the first by IRI), or the node itself when it is a segment or
    an annotation, or the segment a selector focus belongs to."""
    if (focus, _HAS_SOURCE, None) in data:
        return focus
    bodies = {b for a in data.subjects(_HAS_TARGET, focus) for b in data.objects(a, _HAS_BODY)}
    bodies |= set(data.objects(focus, _HAS_BODY)) | set(data.subjects(_HAS_SELECTOR, focus))
    return min(bodies, key=str, default=None)


def _quote(data: Lookup, span: rdflib.term.Node) -> rdflib.term.Node | None:
    """The quoted text (oa:exact) of a segment's quote selector."""
    quotes = {q for s in data.objects(span, _HAS_SELECTOR) for q in data.objects(s, _EXACT)}
    return min(quotes, key=str, default=None)


def _article(data: Lookup, focus: rdflib.term.Node | None,
             index: Callable[[rdflib.term.Node], str | None]) -> str | None:
    if focus is None:
        return None
    for prop in (_DERIVED, _SOURCE, _HAS_SOURCE):
        found = _one(data, focus, prop)
        if found is not None:
            return str(found)
    segment = _evidence(data, focus)  # an annotation or selector: the article of its text
    found = _one(data, segment, _HAS_SOURCE) if segment is not None else None
    if found is not None:
        return str(found)
    found_graph = index(focus)
    if found_graph is not None:
        return found_graph
    # A node without provenance of its own (a post, an interval) is traced through the
    # statements that point to it, a few steps back at most.
    frontier, seen = {focus}, {focus}
    for _ in range(3):
        frontier = {s for node in frontier for s in data.subjects(None, node)} - seen
        sources = {str(a) for s in frontier for prop in (_DERIVED, _SOURCE, _HAS_SOURCE)
                   for a in data.objects(s, prop)}
        if sources:
            return min(sources)
        seen |= frontier
    return None


def _name(term: rdflib.term.Node | None) -> str:
    if term is None:
        return "(none)"
    if isinstance(term, rdflib.BNode):
        return "_:" + str(term)
    return str(term)


def _path(report: rdflib.Graph, path: rdflib.term.Node | None) -> str | None:
    """A result path as text: an IRI, or a sequence (a / b) or alternatives (a | b) of IRIs."""
    if path is None:
        return None
    if isinstance(path, rdflib.URIRef):
        return str(path)
    alternatives = _one(report, path, SH.alternativePath)
    if alternatives is not None:
        return " | ".join(_path(report, p) or "?" for p in Collection(report, alternatives))
    if (path, RDF.first, None) in report:
        return " / ".join(_path(report, p) or "?" for p in Collection(report, path))
    return _name(path)
