"""The ontology's documentation page, generated from ``ontology/``: one HTML file.

It lists the classes and properties of ``orggraph.ttl`` (labels in Vietnamese and English,
comments, domains and ranges, super- and sub-classes), their alignment to the W3C and other
vocabularies they extend (ORG, PROV-O, FOAF, schema.org, OWL-Time, Web Annotation, SKOS), the
extractor's grammar properties (``grammar.ttl``) and every SKOS vocabulary of
``ontology/vocab/`` with its concepts. The page is a pure function of the Turtle files (sorted,
no date), so the committed ``docs/ontology.html`` can be checked against it.

Regenerate: ``make ontodoc`` (or ``python -m orggraph.ontodoc docs/ontology.html``).

>>> page = render(load())
>>> 'id="og-Tenure"' in page and 'id="ogv-titles"' in page
True
"""

from __future__ import annotations

import html
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from orggraph.resources import ontology_dir

OG = "https://w3id.org/orggraph/ontology#"
OGG = "https://w3id.org/orggraph/grammar#"
OGV = "https://w3id.org/orggraph/vocab/"
# Prefixes the page writes IRIs with; a term of another namespace is shown whole.
PREFIXES = {
    "og": OG, "ogg": OGG, "ogv": OGV, "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#", "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/", "time": "http://www.w3.org/2006/time#",
    "oa": "http://www.w3.org/ns/oa#", "skos": str(SKOS), "dcterms": str(DCTERMS),
    "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL),
    "xsd": "http://www.w3.org/2001/XMLSchema#", "sh": "http://www.w3.org/ns/shacl#",
}
_KINDS = (("Object properties", OWL.ObjectProperty), ("Datatype properties", OWL.DatatypeProperty),
          ("Annotation properties", OWL.AnnotationProperty))


@dataclass
class Sources:
    """The parsed files: the domain ontology, the grammar, and each vocabulary by file name."""

    ontology: Graph
    grammar: Graph
    vocabularies: dict[str, Graph] = field(default_factory=dict)


def load(folder: Path | None = None) -> Sources:
    """Parse ``orggraph.ttl``, ``grammar.ttl`` and ``vocab/*.ttl`` of ``folder``."""
    folder = folder or ontology_dir()

    def parse(path: Path) -> Graph:
        return Graph().parse(path, format="turtle")

    return Sources(parse(folder / "orggraph.ttl"), parse(folder / "grammar.ttl"),
                   {p.name: parse(p) for p in sorted((folder / "vocab").glob("*.ttl"))})


def curie(iri: object) -> str:
    """``og:Tenure`` for an IRI of a known namespace, else the IRI.

    >>> curie(URIRef("http://www.w3.org/ns/org#Post")), curie(URIRef("urn:x"))
    ('org:Post', 'urn:x')
    """
    text = str(iri)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def anchor(iri: object) -> str:
    """The page's fragment id of a term: ``og-Tenure``, ``ogv-title-bi-thu``."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in curie(iri))


def _local(iri: object) -> bool:
    return str(iri).startswith((OG, OGG, OGV))


def _link(iri: object) -> str:
    name = html.escape(curie(iri))
    if _local(iri):
        return f'<a href="#{anchor(iri)}"><code>{name}</code></a>'
    if isinstance(iri, URIRef):
        return f'<a href="{html.escape(str(iri))}"><code>{name}</code></a>'
    return f"<code>{name}</code>"


def _links(values: Iterable[object]) -> str:
    return ", ".join(_link(v) for v in sorted(values, key=curie)) or "—"


def _texts(graph: Graph, subject: Node, predicate: URIRef, lang: str | None = None) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, predicate)
                  if isinstance(o, Literal) and (lang is None or o.language == lang))


def _one(graph: Graph, subject: Node, predicate: URIRef, lang: str | None = None) -> str:
    return html.escape("; ".join(_texts(graph, subject, predicate, lang))) or "—"


def _subjects(graph: Graph, kind: URIRef, ns: str) -> list[URIRef]:
    return sorted((s for s in graph.subjects(RDF.type, kind)
                   if isinstance(s, URIRef) and str(s).startswith(ns)), key=str)


def _term_block(graph: Graph, term: URIRef, rows: list[tuple[str, str]]) -> str:
    deprecated = (term, OWL.deprecated, Literal(True)) in graph
    head = (f'<section class="term" id="{anchor(term)}"><h3>{html.escape(curie(term))}'
            f'{" <small>(deprecated)</small>" if deprecated else ""}</h3>\n'
            f'<p class="iri"><code>{html.escape(str(term))}</code></p>\n<table>\n')
    cells = [("label (vi)", _one(graph, term, RDFS.label, "vi")),
             ("label (en)", _one(graph, term, RDFS.label, "en")),
             ("comment", _one(graph, term, RDFS.comment)), *rows]
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>\n" for k, v in cells if v != "—"
                   or k in ("label (vi)", "label (en)"))
    return head + body + "</table></section>\n"


def _class_rows(graph: Graph, cls: URIRef, properties: list[URIRef]) -> list[tuple[str, str]]:
    supers = set(graph.objects(cls, RDFS.subClassOf))
    subs = set(graph.subjects(RDFS.subClassOf, cls))
    equivalent = set(graph.objects(cls, OWL.equivalentClass))
    domain_of = [p for p in properties if (p, RDFS.domain, cls) in graph]
    range_of = [p for p in properties if (p, RDFS.range, cls) in graph]
    return [("subclass of", _links(supers)), ("superclass of", _links(subs)),
            ("equivalent to", _links(equivalent)), ("in the domain of", _links(domain_of)),
            ("in the range of", _links(range_of)),
            ("replaced by", _links(graph.objects(cls, DCTERMS.isReplacedBy)))]


def _property_rows(graph: Graph, prop: URIRef) -> list[tuple[str, str]]:
    return [("domain", _links(graph.objects(prop, RDFS.domain))),
            ("range", _links(graph.objects(prop, RDFS.range))),
            ("subproperty of", _links(graph.objects(prop, RDFS.subPropertyOf))),
            ("equivalent to", _links(graph.objects(prop, OWL.equivalentProperty))),
            ("inverse of", _links(graph.objects(prop, OWL.inverseOf))),
            ("replaced by", _links(graph.objects(prop, DCTERMS.isReplacedBy)))]


def alignment(graph: Graph) -> list[tuple[URIRef, str, URIRef]]:
    """(og term, relation, outside term): what each og: term extends or is replaced by.

    >>> rows = alignment(load().ontology)
    >>> any(curie(a) == "og:Tenure" and curie(b) == "org:Membership" for a, _, b in rows)
    True
    """
    relations = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass,
                 OWL.equivalentProperty, SKOS.broader, DCTERMS.isReplacedBy)
    rows = {(s, curie(p), o) for p in relations for s, o in graph.subject_objects(p)
            if isinstance(s, URIRef) and isinstance(o, URIRef) and str(s).startswith(OG)
            and not _local(o)}
    return sorted(rows, key=lambda r: (curie(r[0]), r[1], curie(r[2])))


def _ontology_section(g: Graph) -> list[str]:
    out = []
    classes = _subjects(g, OWL.Class, OG)
    properties = sorted({p for _, kind in _KINDS for p in _subjects(g, kind, OG)}, key=str)
    out.append('<section id="classes"><h2>Classes</h2>\n')
    out.append("<p>" + " · ".join(_link(c) for c in classes) + "</p>\n")
    out += [_term_block(g, c, _class_rows(g, c, properties)) for c in classes]
    out.append("</section>\n")
    for title, kind in _KINDS:
        terms = _subjects(g, kind, OG)
        out.append(f'<section id="{anchor(kind)}"><h2>{title}</h2>\n')
        out.append("<p>" + " · ".join(_link(p) for p in terms) + "</p>\n")
        out += [_term_block(g, p, _property_rows(g, p)) for p in terms]
        out.append("</section>\n")
    typed = {s for s, _, t in g.triples((None, RDF.type, None))
             if t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                      OWL.AnnotationProperty, OWL.Ontology)}
    others = sorted({s for s in g.subjects(RDF.type, None)
                     if isinstance(s, URIRef) and str(s).startswith(OG) and s not in typed},
                    key=str)
    if others:
        out.append('<section id="individuals"><h2>Other terms</h2>\n')
        out += [_term_block(g, s, [("type", _links(g.objects(s, RDF.type))),
                                   ("broader", _links(g.objects(s, SKOS.broader)))])
                for s in others]
        out.append("</section>\n")
    out.append('<section id="alignment"><h2>Alignment</h2>\n<p>What each og: term extends '
               "(subclass, subproperty, equivalence, a broader motivation) or is replaced by, "
               "in the vocabularies it reuses.</p>\n<table class=\"list\">\n"
               "<tr><th>og: term</th><th>relation</th><th>term</th></tr>\n")
    out += [f"<tr><td>{_link(a)}</td><td><code>{html.escape(rel)}</code></td><td>{_link(b)}"
            "</td></tr>\n" for a, rel, b in alignment(g)]
    out.append("</table></section>\n")
    return out


def _grammar_section(g: Graph) -> list[str]:
    terms = sorted({p for _, kind in _KINDS for p in _subjects(g, kind, OGG)}, key=str)
    out = ['<section id="grammar"><h2>Grammar properties (<code>grammar.ttl</code>)</h2>\n'
           f"<p>{_one(g, URIRef(OGG.rstrip('#')), RDFS.comment)}</p>\n"]
    out += [_term_block(g, p, _property_rows(g, p)) for p in terms]
    out.append("</section>\n")
    return out


def _vocabulary_section(name: str, g: Graph) -> list[str]:
    out = []
    for scheme in _subjects(g, SKOS.ConceptScheme, OGV):
        concepts = sorted((c for c in g.subjects(SKOS.inScheme, scheme)
                           if isinstance(c, URIRef)), key=str)
        out.append(f'<section class="scheme" id="{anchor(scheme)}"><h3>'
                   f"{_one(g, scheme, SKOS.prefLabel, 'vi')} · "
                   f"{_one(g, scheme, SKOS.prefLabel, 'en')}</h3>\n"
                   f'<p class="iri"><code>{html.escape(str(scheme))}</code> in '
                   f"<code>ontology/vocab/{html.escape(name)}</code>, {len(concepts)} "
                   f"concepts</p>\n<p>{_one(g, scheme, RDFS.comment)}</p>\n"
                   '<table class="list">\n<tr><th>concept</th><th>prefLabel (vi)</th>'
                   "<th>prefLabel (en)</th><th>altLabel (vi)</th><th>definition</th>"
                   "<th>broader</th></tr>\n")
        for c in concepts:
            definition = "; ".join(_texts(g, c, SKOS.definition) + _texts(g, c, RDFS.comment))
            out.append(f'<tr id="{anchor(c)}"><td><code>{html.escape(curie(c))}</code></td>'
                       f"<td>{_one(g, c, SKOS.prefLabel, 'vi')}</td>"
                       f"<td>{_one(g, c, SKOS.prefLabel, 'en')}</td>"
                       f"<td>{_one(g, c, SKOS.altLabel, 'vi')}</td>"
                       f"<td>{html.escape(definition) or '—'}</td>"
                       f"<td>{_links(g.objects(c, SKOS.broader))}</td></tr>\n")
        out.append("</table></section>\n")
    return out


_STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;
line-height:1.45;color:#222}code{font-size:.92em}h2{border-bottom:2px solid #ccc;margin-top:2.5rem}
section.term{border-left:3px solid #8aa;padding-left:.8rem;margin:1.2rem 0}
table{border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:.2rem .6rem}
section.term th{width:10rem;color:#555;font-weight:normal}table.list td,table.list th{border:1px
solid #ddd}.iri{color:#666;margin:.2rem 0}a{color:#135}"""


def render(src: Sources) -> str:
    """The documentation page of ``src`` (deterministic: the same files give the same bytes)."""
    g = src.ontology
    onto = URIRef(OG.rstrip("#"))
    title = _one(g, onto, DCTERMS.title, "en")
    vocab_names = list(src.vocabularies)
    out = ['<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">\n'
           f"<title>{title}</title>\n<style>{_STYLE}</style></head>\n<body>\n"
           "<!-- generated by python -m orggraph.ontodoc from ontology/: do not edit -->\n"
           f"<h1>{title}</h1>\n<p lang=\"vi\">{_one(g, onto, DCTERMS.title, 'vi')}</p>\n"
           f"<p>{_one(g, onto, RDFS.comment)}</p>\n"
           f"<p>IRI <code>{html.escape(str(onto))}</code>, version "
           f"{_one(g, onto, OWL.versionInfo)}. Source: <code>ontology/orggraph.ttl</code>, "
           "<code>ontology/grammar.ttl</code>, <code>ontology/vocab/*.ttl</code>.</p>\n"
           '<nav><h2>Contents</h2><ul><li><a href="#classes">Classes</a></li>\n']
    out += [f'<li><a href="#{anchor(kind)}">{t}</a></li>\n' for t, kind in _KINDS]
    out.append('<li><a href="#individuals">Other terms</a></li>\n'
               '<li><a href="#alignment">Alignment</a></li>\n'
               '<li><a href="#grammar">Grammar properties</a></li>\n'
               '<li><a href="#vocabularies">Vocabularies</a><ul>\n')
    for name in vocab_names:
        for scheme in _subjects(src.vocabularies[name], SKOS.ConceptScheme, OGV):
            out.append(f'<li><a href="#{anchor(scheme)}">{html.escape(curie(scheme))}</a> '
                       f"({html.escape(name)})</li>\n")
    out.append("</ul></li></ul>\n<h3>Namespaces</h3><table class=\"list\">\n")
    out += [f"<tr><td><code>{p}:</code></td><td><code>{html.escape(ns)}</code></td></tr>\n"
            for p, ns in PREFIXES.items()]
    out.append("</table></nav>\n")
    out += _ontology_section(g)
    out += _grammar_section(src.grammar)
    out.append('<section id="vocabularies"><h2>Vocabularies (SKOS)</h2>\n')
    for name in vocab_names:
        out += _vocabulary_section(name, src.vocabularies[name])
    out.append("</section>\n</body>\n</html>\n")
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    """``python -m orggraph.ontodoc [OUT]``: write the page (default: standard output)."""
    args = sys.argv[1:] if argv is None else argv
    page = render(load())
    if not args or args[0] == "-":
        sys.stdout.write(page)
    else:
        from orggraph.atomic import atomic_write

        with atomic_write(args[0]) as f:
            f.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
