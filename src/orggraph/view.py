"""The interactive view: one self-contained, offline HTML file of the reporting lines.

:func:`view_data` reads from the store what the page shows: the bodies and links of
:func:`orggraph.viewgraph.timed_graph` (with their validity, province and intervals), the
persons and their tenures (``ogd:graph/tenure``: post, body, interval) and, for each tenure,
the sentences that attest it: each attesting membership's evidence (``oa:exact``, widened to
its sentence in the article's ``schema:text``), with the article's headline, date and
``schema:url``. :func:`render_html` puts that data, as JSON, into the page with the viewer's
JavaScript and CSS (``orggraph/viewer/``, shipped in the package), inlined: no network.

The JSON is escaped for a ``<script>`` element (``<``, ``>``, ``&``, U+2028 and U+2029 as
``\\uXXXX``), so no name in the graph can end the element; keys and lists are sorted, so the
same graph gives the same bytes.

>>> page = render_html({"bodies": [{"label": "</script><b>x"}]}, "t")
>>> "</script><b>" in page, page.count("</script>")
(False, 2)
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, Store

from orggraph.atomic import atomic_write
from orggraph.rdf.namespaces import FOAF, OA, OG, ORG, PROV, RDF, SCHEMA, SKOS
from orggraph.viewgraph import interval_of, timed_graph

MAX_SENTENCE = 360  # characters of context around an evidence quote at most
_SENTENCE_END = re.compile(r"[.!?…\n]")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _literal(store: Store, node: NamedNode, predicate: NamedNode) -> str | None:
    values = sorted(q.object.value for q in store.quads_for_pattern(node, predicate, None, None)
                    if isinstance(q.object, Literal))
    return values[0] if values else None


def _iris(store: Store, node: NamedNode, predicate: NamedNode) -> list[NamedNode]:
    return sorted({q.object for q in store.quads_for_pattern(node, predicate, None, None)
                   if isinstance(q.object, NamedNode)}, key=lambda n: n.value)


def sentence_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence of ``text`` holding ``text[start:end]``, and the quote's place in it.

    >>> sentence_around("Mở đầu. Ông A, Bí thư Huyện ủy, phát biểu. Hết.", 14, 30)
    ('Ông A, Bí thư Huyện ủy, phát biểu.', 6, 22)
    """
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    found = _SENTENCE_END.search(text, end)
    right = found.end() if found else len(text)
    head = tail = ""
    if left < start - MAX_SENTENCE // 2:  # a long sentence: cut at a space, and say so
        cut = text.find(" ", start - MAX_SENTENCE // 2, start)
        left, head = (cut + 1 if cut >= 0 else start - MAX_SENTENCE // 2), "…"
    if right > end + MAX_SENTENCE // 2:
        cut = text.rfind(" ", end, end + MAX_SENTENCE // 2)
        right, tail = (cut if cut >= 0 else end + MAX_SENTENCE // 2), "…"
    while left < start and text[left].isspace():
        left += 1
    sentence = head + text[left:right].rstrip() + tail
    return sentence, start - left + len(head), end - left + len(head)


class _Evidence:
    """The article texts and evidence sentences, read once each."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.texts: dict[str, str | None] = {}
        self.notes: dict[str, list[NamedNode]] = {}
        for quad in store.quads_for_pattern(None, OA("hasTarget"), None, None):
            if isinstance(quad.subject, NamedNode) and isinstance(quad.object, NamedNode):
                self.notes.setdefault(quad.object.value, []).append(quad.subject)

    def text(self, article: str) -> str | None:
        if article not in self.texts:
            self.texts[article] = _literal(self.store, NamedNode(article), SCHEMA("text"))
        return self.texts[article]

    def of(self, target: NamedNode) -> list[dict[str, Any]]:
        """Each evidence of ``target``: ``{"a": article IRI, "s": sentence, "q": [start, end]}``."""
        found = []
        for note in self.notes.get(target.value, []):
            for span in _iris(self.store, note, OA("hasBody")):
                article = next(iter(_iris(self.store, span, OA("hasSource"))), None)
                if article is None:
                    continue
                exact = start = end = None
                for selector in _iris(self.store, span, OA("hasSelector")):
                    exact = exact or _literal(self.store, selector, OA("exact"))
                    begin = _literal(self.store, selector, OA("start"))
                    if begin is not None:
                        start, end = int(begin), int(_literal(self.store, selector, OA("end"))
                                                     or begin)
                text = self.text(article.value)
                if text and start is not None and end is not None and (
                        exact is None or text[start:end] == exact):
                    sentence, a, b = sentence_around(text, start, end)
                    found.append({"a": article.value, "s": sentence, "q": [a, b]})
                elif exact:
                    found.append({"a": article.value, "s": exact, "q": [0, len(exact)]})
        return sorted(found, key=lambda e: (e["a"], e["q"], e["s"]))


def view_data(store: Store) -> dict[str, Any]:
    """What the page shows, as plain JSON-ready data (see the module docstring)."""
    G = timed_graph(store)
    bodies: dict[str, dict[str, Any]] = {}
    for node, data in G.nodes(data=True):
        bodies[node] = {"id": node, "label": data.get("label") or node,
                        "group": data.get("group"), "province": data.get("province_label"),
                        "place": data.get("place_label"), "start": data.get("start"),
                        "end": data.get("end"), "tree": True}
    links = [{"c": c, "p": p, "rel": d.get("relation"), "iv": [list(i) for i in d["intervals"]]}
             for c, p, d in sorted(G.edges(data=True))]
    evidence = _Evidence(store)
    persons: dict[str, dict[str, Any]] = {}
    tenures: list[dict[str, Any]] = []
    articles: set[str] = set()
    for quad in store.quads_for_pattern(None, RDF("type"), OG("Tenure"), None):
        tenure = quad.subject
        if not isinstance(tenure, NamedNode):
            continue
        person = next(iter(_iris(store, tenure, ORG("member"))), None)
        if person is None:
            continue
        persons.setdefault(person.value, {
            "id": person.value, "name": _literal(store, person, FOAF("name")) or person.value})
        body = next(iter(_iris(store, tenure, ORG("organization"))), None)
        if body is not None and body.value not in bodies:  # a body the tree leaves out
            bodies[body.value] = {"id": body.value, "tree": False,
                                  "label": _literal(store, body, SKOS("prefLabel")) or body.value}
        post = next(iter(_iris(store, tenure, OG("post"))), None)
        start, end = interval_of(store, tenure, ORG("memberDuring"))
        seen = []
        for membership in _iris(store, tenure, OG("attestation")):
            seen.extend(evidence.of(membership))
        sources = [a.value for a in _iris(store, tenure, PROV("wasDerivedFrom"))]
        articles.update(sources)
        articles.update(e["a"] for e in seen)
        tenures.append({"id": tenure.value, "person": person.value,
                        "body": body.value if body else None,
                        "post": (_literal(store, post, SKOS("prefLabel")) if post else None)
                        or "?", "start": start, "end": end, "ev": seen, "src": sources})
    return {
        "bodies": [bodies[k] for k in sorted(bodies)],
        "links": links,
        "persons": [persons[k] for k in sorted(persons)],
        "tenures": sorted(tenures, key=lambda t: t["id"]),
        "articles": [_article(store, a) for a in sorted(articles)],
    }


def _article(store: Store, iri: str) -> dict[str, Any]:
    node = NamedNode(iri)
    url = next(iter(_iris(store, node, SCHEMA("url"))), None)
    return {"id": iri, "title": _literal(store, node, SCHEMA("headline"))
            or _literal(store, node, SCHEMA("identifier")) or iri,
            "date": _literal(store, node, SCHEMA("datePublished")),
            "url": url.value if url else _literal(store, node, SCHEMA("url"))}


# --- the page -------------------------------------------------------------------------------

def script_json(data: Any) -> str:
    """``data`` as JSON safe inside a ``<script>`` element, deterministic.

    >>> script_json({"b": "</script>", "a": "\u2028"})
    '{"a":"\\\\u2028","b":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def _asset(name: str) -> str:
    return resources.files("orggraph").joinpath("viewer", name).read_text(encoding="utf-8")


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_html(data: dict[str, Any], title: str = "orggraph: reporting lines") -> str:
    """The page: the template with the CSS, the data and the JavaScript inlined.

    One pass over the template, so text inserted into one slot (a name reading ``/*JS*/``)
    is never taken for another.
    """
    values = {"/*CSS*/": _asset("view.css"), "/*DATA*/": script_json(data),
              "/*JS*/": _asset("view.js"), "{{TITLE}}": _html_text(title)}
    return re.sub(r"/\*(?:CSS|DATA|JS)\*/|\{\{TITLE\}\}", lambda m: values[m.group()],
                  _asset("view.html"))


def write_view(store: Store, path: str | Path, title: str | None = None) -> Path:
    """Write the interactive view of the graph in ``store`` to ``path``."""
    path = Path(path)
    page = render_html(view_data(store), title or "orggraph: reporting lines")
    with atomic_write(path) as out:
        out.write(page)
    return path
