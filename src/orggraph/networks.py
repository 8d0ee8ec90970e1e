"""networkx networks read from the store: reporting lines, affiliations, co-attendance.

Three graphs, each from a pyoxigraph ``Store`` (read with ``quads_for_pattern``: no SPARQL,
no rdflib), over all named graphs:

- :func:`reporting_graph` — bodies and who reports to whom (edges child → parent), from the
  hierarchy graph ``ogd:graph/hierarchy`` (each link stated or inferred, with its rule and
  interval); ``on`` keeps the links and bodies valid on one day.
- :func:`affiliation_graph` — the bipartite graph of persons and bodies; an edge is a person's
  holdings in a body (titles, first and last date).
- :func:`coattendance_graph` — persons linked by the events they attended together (weight:
  how many; the event IRIs).

Every node and edge attribute is a ``str``, ``int``, ``float`` or ``bool`` — never ``None``, a
list or a dict (an unknown value is ``""``, several are joined by a space or `` | ``) and text
holds only characters XML can carry — so ``nx.write_graphml`` and ``nx.write_gexf`` take the
graphs as they are and ``nx.read_graphml`` gives the same attributes back.

>>> from pyoxigraph import Literal, Quad, Store
>>> s = Store()
>>> p, e = OGD("person/an"), OGD("event/a1/1")
>>> s.add(Quad(p, FOAF("name"), Literal("Nguyễn Văn An")))
>>> for i, person in enumerate((p, OGD("person/binh"))):
...     s.add(Quad(e, OG("participation"), OGD(f"participation/{i}")))
...     s.add(Quad(OGD(f"participation/{i}"), OG("participant"), person))
>>> G = coattendance_graph(s)
>>> G.nodes[p.value]["label"], G.edges[p.value, OGD("person/binh").value]["weight"]
('Nguyễn Văn An', 1)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import networkx as nx
from pyoxigraph import BlankNode, Literal, NamedNode, Store

from orggraph.rdf.namespaces import FOAF, OG, OGD, ORG, PROV, RDF, SKOS, TIME

HIERARCHY_GRAPH = OGD("graph/hierarchy")  # orggraph.hierarchy's graph
TENURE_GRAPH = OGD("graph/tenure")  # orggraph.tenure.GRAPH, without importing the pass

GROUPS = ("party", "state", "front", "other")

# og: classes (ontology/vocab/org-kinds.ttl, og:organizationClass) by the picture's groups.
CLASS_GROUPS: dict[str, str] = {
    **dict.fromkeys(("PartyBody", "PartyCommittee", "PartyOrganization", "PartyCell",
                     "StandingCommittee", "StandingBoard", "InspectionCommission",
                     "AdvisoryBody"), "party"),
    **dict.fromkeys(("PeoplesCouncil", "PeoplesCommittee", "NationalAssembly", "StateBody",
                     "Government", "Delegation", "GovernmentAgency", "ArmedForcesUnit"),
                    "state"),
    **dict.fromkeys(("FatherlandFront", "MassOrganization"), "front"),
}
# og: classes that ontology/orggraph.ttl makes superclasses of others (PartyCell ⊑
# PartyOrganization ⊑ PartyBody, PeoplesCouncil ⊑ StateBody, …): the later choices for a
# node's class, the more general the later.
_SUPERCLASSES = {"PartyOrganization": 1, "PartyBody": 2, "StateBody": 2}
_ORG_TYPES = (ORG("Organization"), ORG("FormalOrganization"), ORG("OrganizationalUnit"))
# (predicate, True if the triple reads child → parent; False for the inverse properties)
_PARENT_LINKS = (
    (ORG("subOrganizationOf"), True, "subOrganizationOf"),
    (ORG("unitOf"), True, "unitOf"),
    (ORG("hasSubOrganization"), False, "subOrganizationOf"),
    (ORG("hasUnit"), False, "unitOf"),
    (OG("ledBy"), True, "ledBy"),  # the Party's leadership, joining the trees (hierarchy.py)
)
_DATE_PROPS = (TIME("inXSDDate"), TIME("inXSDgYearMonth"), TIME("inXSDgYear"))
_PREF_LABEL = SKOS("prefLabel")
_HAS_TIME = TIME("hasTime")
# Characters XML 1.0 cannot hold (GraphML and GEXF are XML); a lone CR would come back as LF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` as XML carries it unchanged: control characters dropped, CR as LF.

    >>> xml_text("Huyện ủy\\x00 A\\r\\nB\\rC")
    'Huyện ủy A\\nB\\nC'
    """
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def org_group(cls: str | None) -> str:
    """The picture's group of an og: class local name; unknown classes by their name.

    >>> org_group("PartyCell"), org_group("PeoplesCommittee"), org_group(None)
    ('party', 'state', 'other')
    """
    if not cls:
        return "other"
    if cls in CLASS_GROUPS:
        return CLASS_GROUPS[cls]
    lowered = cls.lower()  # a class added to the ontology later: guess from its name
    if "party" in lowered:
        return "party"
    if "front" in lowered or "mass" in lowered:
        return "front"
    if "people" in lowered or "state" in lowered or "govern" in lowered:
        return "state"
    return "other"


# --- reading the store ----------------------------------------------------------------------

def objects(store: Store, subject: NamedNode | BlankNode, predicate: NamedNode) -> Iterator:
    """The objects of ``subject predicate ?o`` in any graph."""
    for quad in store.quads_for_pattern(subject, predicate, None, None):
        yield quad.object


def label(store: Store, node: NamedNode, predicate: NamedNode = _PREF_LABEL,
          language: str | None = "vi") -> str | None:
    """One label, whichever graph holds it: in ``language`` first, then untagged, then any
    (for ``language="en"``: English or nothing)."""
    labels = {o for o in objects(store, node, predicate) if isinstance(o, Literal)}
    if language == "en":
        labels = {lit for lit in labels if lit.language == "en"}
    if not labels:
        return None
    rank = {language: 0, None: 1}
    return min(labels, key=lambda lit: (rank.get(lit.language, 2), lit.value)).value


def first_iri(values: Iterable) -> str | None:
    """The smallest IRI among ``values`` (so a node's attribute does not vary by order)."""
    iris = sorted(v.value for v in values if isinstance(v, NamedNode))
    return iris[0] if iris else None


def org_class(store: Store, node: NamedNode) -> str:
    """The most specific og: class: the mapping also writes every superclass."""
    names = {t.value[len(OG.base):] for t in objects(store, node, RDF("type")) if t in OG}
    ranked = sorted(names, key=lambda n: (_SUPERCLASSES.get(n, 0), n not in CLASS_GROUPS, n))
    return ranked[0] if ranked else "Organization"


def date_text(store: Store, interval: NamedNode | BlankNode, which: str) -> str | None:
    """The date of ``interval``'s ``time:hasBeginning`` or ``time:hasEnd`` as ISO text
    (a day, a month or a year), or None."""
    for instant in objects(store, interval, TIME(which)):
        for prop in _DATE_PROPS:
            values = sorted(o.value for o in objects(store, instant, prop))
            if values:
                return values[0]
    return None


def _interval(store: Store, node: NamedNode, via: NamedNode = _HAS_TIME
              ) -> tuple[str, str]:
    """(begin, end) of ``node``'s interval as ISO text, ``""`` where open."""
    begins, ends = [], []
    for during in objects(store, node, via):
        if isinstance(during, NamedNode | BlankNode):
            begins.append(date_text(store, during, "hasBeginning") or "")
            ends.append(date_text(store, during, "hasEnd") or "")
    # several intervals (bad data): the widest reading, an open side wins
    begin = "" if not begins or "" in begins else min(begins)
    end = "" if not ends or "" in ends else max(ends)
    return begin, end


def valid_on(begin: str, end: str, on: str) -> bool:
    """Whether the interval ``begin``–``end`` (ISO text, ``""`` open) holds on day ``on``;
    a partial end covers its month or year.

    >>> valid_on("", "2025-06-30", "2025-07-01"), valid_on("2025-07-01", "", "2025-07-01")
    (False, True)
    >>> valid_on("", "2025", "2025-12-31")
    True
    """
    return (not begin or begin[:len(on)] <= on) and (not end or on[:len(end)] <= end)


def _local_name(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def _str(value: str | None) -> str:
    return xml_text(value) if value else ""


def _org_attributes(store: Store, node: NamedNode) -> dict[str, str | bool]:
    cls = org_class(store, node)
    place = first_iri(objects(store, node, OG("place")))
    kind = first_iri(objects(store, node, OG("kind")))
    begin, end = _interval(store, node)
    return {"label": _str(label(store, node)) or _local_name(node.value),
            "label_en": _str(label(store, node, language="en")),
            "kind": kind or "",
            "kind_label": _str(label(store, NamedNode(kind))) if kind else "",
            "kind_label_en": _str(label(store, NamedNode(kind), language="en")) if kind else "",
            "class": cls, "group": org_group(cls),
            "place": place or "",
            "place_label": _str(label(store, NamedNode(place))) if place else "",
            "central": next(store.quads_for_pattern(node, OG("level"), OG("Central"), None),
                            None) is not None,
            "start": begin, "end": end}


# --- reporting lines ------------------------------------------------------------------------

@dataclass(frozen=True)
class _Link:
    child: str
    parent: str
    relation: str  # local name: subOrganizationOf, unitOf, ledBy
    stated: bool
    rule: str
    sources: str  # article IRIs, space-separated, sorted
    start: str
    end: str


def _hierarchy_links(store: Store) -> list[_Link]:
    """The og:Subordination records of ``ogd:graph/hierarchy``."""
    links = []
    for quad in store.quads_for_pattern(None, OG("child"), None, HIERARCHY_GRAPH):
        node = quad.subject
        if not isinstance(node, NamedNode) or not isinstance(quad.object, NamedNode):
            continue
        parent = first_iri(objects(store, node, OG("parent")))
        if parent is None or parent == quad.object.value:
            continue
        relation = first_iri(objects(store, node, OG("relation"))) or ORG("subOrganizationOf").value
        stated = any(isinstance(o, Literal) and o.value == "true"
                     for o in objects(store, node, OG("stated")))
        rules = sorted(o.value for o in objects(store, node, OG("rule")) if isinstance(o, Literal))
        sources = sorted({o.value for o in objects(store, node, PROV("wasDerivedFrom"))
                          if isinstance(o, NamedNode)})
        begin, end = _interval(store, node)
        links.append(_Link(quad.object.value, parent, _local_name(relation), stated,
                           " ".join(rules), " ".join(sources), begin, end))
    return links


def _plain_links(store: Store) -> list[_Link]:
    """org:subOrganizationOf / org:unitOf triples (and their inverses) in any graph: the
    links of a graph built without the hierarchy pass."""
    relations: dict[tuple[str, str], str] = {}
    for predicate, child_first, relation in _PARENT_LINKS:
        for quad in store.quads_for_pattern(None, predicate, None, None):
            a, b = quad.subject, quad.object
            if not (isinstance(a, NamedNode) and isinstance(b, NamedNode)) or a == b:
                continue
            child, parent = (a, b) if child_first else (b, a)
            # subOrganizationOf wins when both relations link the same pair.
            key = (child.value, parent.value)
            if relations.get(key) != "subOrganizationOf":
                relations[key] = relation
    return [_Link(c, p, r, True, "", "", "", "") for (c, p), r in relations.items()]


def _edge(links: list[_Link]) -> dict[str, str | bool]:
    """One edge of the links of one pair: a stated one first, then by rule and dates."""
    best = min(links, key=lambda k: (not k.stated, k.rule, k.start, k.end, k.relation))
    starts, ends = [k.start for k in links], [k.end for k in links]
    return {"relation": best.relation, "stated": best.stated, "rule": best.rule,
            "sources": " ".join(sorted({s for k in links for s in k.sources.split()})),
            "start": "" if "" in starts else min(starts),
            "end": "" if "" in ends else max(ends)}


def reporting_graph(store: Store, on: str | None = None) -> nx.DiGraph:
    """The organisations and who reports to whom: edges child → parent.

    The links are the hierarchy graph's ``og:Subordination`` records (a store without that
    graph: the plain org:subOrganizationOf / org:unitOf triples). With ``on`` (an ISO day,
    ``"2025-08-01"``) only the links and the bodies whose interval holds that day are kept.

    Node attributes: ``label`` (@vi, else the IRI's last segment), ``label_en``, ``kind``
    (concept IRI), ``kind_label``, ``kind_label_en``, ``class`` (local name of the most
    specific og: class), ``group`` (``party``, ``state``, ``front``, ``other``), ``place``,
    ``place_label``, ``central`` (a central body: ``og:level og:Central``), ``start``,
    ``end`` (the body's own interval). Edge attributes:
    ``relation`` (``subOrganizationOf`` or ``unitOf``), ``stated`` (a report said so) or
    ``rule`` (the rule that inferred it), ``sources`` (the stating articles), ``start``,
    ``end``. Unknown values are ``""``.

    >>> from pyoxigraph import Quad, Store
    >>> s = Store()
    >>> s.add(Quad(OGD("org/chi-bo"), ORG("subOrganizationOf"), OGD("org/dang-uy")))
    >>> G = reporting_graph(s)
    >>> G.edges[OGD("org/chi-bo").value, OGD("org/dang-uy").value]["relation"]
    'subOrganizationOf'
    """
    has_hierarchy = store.contains_named_graph(HIERARCHY_GRAPH)
    links = _hierarchy_links(store) if has_hierarchy else _plain_links(store)
    if on is not None:
        links = [k for k in links if valid_on(k.start, k.end, on)]
    by_pair: dict[tuple[str, str], list[_Link]] = defaultdict(list)
    for link in links:
        by_pair[link.child, link.parent].append(link)
    orgs: set[str] = {n for pair in by_pair for n in pair}
    for org_type in _ORG_TYPES:
        for q in store.quads_for_pattern(None, RDF("type"), org_type, None):
            if isinstance(q.subject, NamedNode) and q.subject.value not in orgs:
                # A body with no link, no place and no central level cannot be placed
                # (orggraph.hierarchy warns about it): left out rather than drawn as a root.
                if has_hierarchy and next(store.quads_for_pattern(
                        q.subject, OG("place"), None, None), None) is None and next(
                        store.quads_for_pattern(q.subject, OG("level"), OG("Central"), None),
                        None) is None:
                    continue
                orgs.add(q.subject.value)
    G: nx.DiGraph[str] = nx.DiGraph()
    for iri in sorted(orgs):
        attributes = _org_attributes(store, NamedNode(iri))
        if on is not None and not valid_on(str(attributes["start"]), str(attributes["end"]), on):
            continue
        G.add_node(iri, **attributes)
    for (child, parent), pair in sorted(by_pair.items()):
        if child in G and parent in G:
            G.add_edge(child, parent, **_edge(pair))
    return G


# --- affiliations ---------------------------------------------------------------------------

def _memberships(store: Store) -> Iterator[NamedNode]:
    """The tenures when the store has them (one per person and post across the reports),
    else every article's memberships."""
    graph = TENURE_GRAPH if store.contains_named_graph(TENURE_GRAPH) else None
    seen = set()
    for quad in store.quads_for_pattern(None, ORG("member"), None, graph):
        if isinstance(quad.subject, NamedNode) and quad.subject not in seen:
            seen.add(quad.subject)
            yield quad.subject


def affiliation_graph(store: Store) -> nx.Graph:
    """Persons and bodies (bipartite), an edge where a person held a post in a body.

    Nodes: ``bipartite`` (0 a person, 1 a body: networkx's convention), ``type``
    (``person``, ``organization``), ``label`` (a person's name, a body's label @vi) and, for
    bodies, the attributes of :func:`reporting_graph`. Edges: ``titles`` and ``titles_en``
    (the titles' labels, sorted, joined by `` | ``), ``roles`` (the title IRIs), ``holdings``
    (how many tenures — or, in a graph without tenures, memberships), ``start`` (the earliest
    beginning or date), ``end`` (the latest end), ``sources`` (the articles).
    """
    edges: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for membership in _memberships(store):
        person = first_iri(objects(store, membership, ORG("member")))
        body = first_iri(objects(store, membership, ORG("organization")))
        if person is None or body is None:
            continue
        begin, end = _interval(store, membership, ORG("memberDuring"))
        days = sorted(o.value for o in objects(store, membership, OG("attestedOn")))
        edges[person, body].append({
            "role": first_iri(objects(store, membership, ORG("role"))) or "",
            "start": begin or (days[0] if days else ""),
            "end": end or (days[-1] if days else ""),
            "sources": " ".join(sorted({o.value for o in objects(
                store, membership, PROV("wasDerivedFrom")) if isinstance(o, NamedNode)
                and o.value.startswith(OGD("article/").value)}))})
    G: nx.Graph[str] = nx.Graph()
    for person in sorted({p for p, _ in edges}):
        G.add_node(person, bipartite=0, type="person",
                   label=_str(label(store, NamedNode(person), FOAF("name")))
                   or _local_name(person))
    for body in sorted({b for _, b in edges}):
        G.add_node(body, bipartite=1, type="organization",
                   **_org_attributes(store, NamedNode(body)))
    for (person, body), holdings in sorted(edges.items()):
        roles = sorted({h["role"] for h in holdings if h["role"]})
        starts = [h["start"] for h in holdings if h["start"]]
        ends = [h["end"] for h in holdings if h["end"]]
        G.add_edge(person, body,
                   titles=" | ".join(sorted({_str(label(store, NamedNode(r))) or _local_name(r)
                                             for r in roles})),
                   titles_en=" | ".join(sorted({t for r in roles if (
                       t := _str(label(store, NamedNode(r), language="en")))})),
                   roles=" ".join(roles), holdings=len(holdings),
                   start=min(starts) if starts else "", end=max(ends) if ends else "",
                   sources=" ".join(sorted({s for h in holdings for s in h["sources"].split()})))
    return G


# --- co-attendance --------------------------------------------------------------------------

def coattendance_graph(store: Store) -> nx.Graph:
    """Persons linked by the events they took part in together.

    Nodes are every participant of an event: ``label`` (their name), ``events`` (how many
    events). Edges: ``weight`` (how many events the two shared) and ``events`` (their IRIs,
    sorted, space-separated).
    """
    attended: dict[str, set[str]] = defaultdict(set)
    for quad in store.quads_for_pattern(None, OG("participation"), None, None):
        if not isinstance(quad.subject, NamedNode) or not isinstance(
                quad.object, NamedNode | BlankNode):
            continue
        for person in objects(store, quad.object, OG("participant")):
            if isinstance(person, NamedNode):
                attended[quad.subject.value].add(person.value)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    count: dict[str, int] = defaultdict(int)
    for event, persons in sorted(attended.items()):
        ordered = sorted(persons)
        for i, a in enumerate(ordered):
            count[a] += 1
            for b in ordered[i + 1:]:
                shared[a, b].append(event)
    G: nx.Graph[str] = nx.Graph()
    for person in sorted(count):
        G.add_node(person, label=_str(label(store, NamedNode(person), FOAF("name")))
                   or _local_name(person), events=count[person])
    for (a, b), events in sorted(shared.items()):
        G.add_edge(a, b, weight=len(events), events=" ".join(events))
    return G
