"""networkx views of the store: the reporting-line graph of organisations, concurrent posts.

Read straight from the store with ``quads_for_pattern`` (no SPARQL, no rdflib), over all
named graphs: an organisation described in several articles is one node.

Nodes are IRI strings with the attributes ``label``, ``kind`` (concept IRI or None),
``class`` (local name of the og: class, e.g. ``PartyCommittee``), ``group`` (``party``,
``state``, ``front`` or ``other``), ``place`` and ``place_label``. Edges point from child
to parent (the body it reports to), with ``relation`` ``subOrganizationOf`` or ``unitOf``.

>>> import networkx as nx
>>> G = nx.DiGraph([("chi-bo", "dang-uy-xa"), ("dang-uy-xa", "huyen-uy")])
>>> reporting_line(G, "chi-bo")
['chi-bo', 'dang-uy-xa', 'huyen-uy']
>>> levels(G)["chi-bo"]
2
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
from pyoxigraph import BlankNode, Literal, NamedNode, Store

from orggraph.rdf.namespaces import FOAF, OG, OGD, ORG, PROV, RDF, SKOS, TIME

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
_OPEN_END = "9999"
_PREF_LABEL = SKOS("prefLabel")


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

def _objects(store: Store, subject: NamedNode | BlankNode, predicate: NamedNode) -> Iterator:
    for quad in store.quads_for_pattern(subject, predicate, None, None):
        yield quad.object


def _label(store: Store, node: NamedNode, predicate: NamedNode = _PREF_LABEL) -> str | None:
    """One label, whichever graph holds it: Vietnamese first, then untagged, then any."""
    labels = {o for o in _objects(store, node, predicate) if isinstance(o, Literal)}
    if not labels:
        return None
    rank = {"vi": 0, None: 1}
    return min(labels, key=lambda lit: (rank.get(lit.language, 2), lit.value)).value


def _first_iri(values: Iterable) -> str | None:
    iris = sorted(v.value for v in values if isinstance(v, NamedNode))
    return iris[0] if iris else None


def _org_class(store: Store, node: NamedNode) -> str:
    """The most specific og: class: the mapping also writes every superclass."""
    names = {t.value[len(OG.base):] for t in _objects(store, node, RDF("type")) if t in OG}
    ranked = sorted(names, key=lambda n: (_SUPERCLASSES.get(n, 0), n not in CLASS_GROUPS, n))
    return ranked[0] if ranked else "Organization"


def reporting_graph(store: Store) -> nx.DiGraph:
    """The organisations and who reports to whom: edges child → parent.

    Nodes are every subject typed org:Organization (or org:FormalOrganization /
    org:OrganizationalUnit) and every end of a subOrganizationOf / unitOf link.
    """
    orgs: set[NamedNode] = set()
    for org_type in _ORG_TYPES:
        orgs.update(q.subject for q in store.quads_for_pattern(None, RDF("type"), org_type, None)
                    if isinstance(q.subject, NamedNode))
    edges: dict[tuple[str, str], str] = {}
    for predicate, child_first, relation in _PARENT_LINKS:
        for quad in store.quads_for_pattern(None, predicate, None, None):
            a, b = quad.subject, quad.object
            if not (isinstance(a, NamedNode) and isinstance(b, NamedNode)) or a == b:
                continue
            child, parent = (a, b) if child_first else (b, a)
            orgs.update((child, parent))
            # subOrganizationOf wins when both relations link the same pair.
            key = (child.value, parent.value)
            if edges.get(key) != "subOrganizationOf":
                edges[key] = relation
    # A body with no link, no place and no central level cannot be placed (orggraph.hierarchy
    # warns about it): it is left out rather than drawn as a root of its own.
    linked = {n for pair in edges for n in pair}
    hierarchy = OGD("graph/hierarchy")
    if any(g == hierarchy for g in store.named_graphs()):
        orgs = {n for n in orgs if n.value in linked
                or next(store.quads_for_pattern(n, OG("place"), None, None), None) is not None
                or next(store.quads_for_pattern(n, OG("level"), OG("Central"), None), None)
                is not None}
    G: nx.DiGraph[str] = nx.DiGraph()
    for node in sorted(orgs, key=lambda n: n.value):
        cls = _org_class(store, node)
        place = _first_iri(_objects(store, node, OG("place")))
        G.add_node(node.value,
                   label=_label(store, node) or _local_name(node.value),
                   kind=_first_iri(_objects(store, node, OG("kind"))),
                   **{"class": cls},
                   group=org_group(cls),
                   place=place,
                   place_label=_label(store, NamedNode(place)) if place else None)
    for (child_iri, parent_iri), relation in sorted(edges.items()):
        G.add_edge(child_iri, parent_iri, relation=relation)
    return G


def _local_name(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


# --- the graph ------------------------------------------------------------------------------

def levels(G: nx.DiGraph) -> dict[str, int]:
    """Depth of every node below the top (0 for a body with no parent).

    With several parents a node sits one below the lowest of them, so every edge climbs at
    least one level; the members of a cycle (bad data) share a level.
    """
    dag = nx.condensation(G)  # strongly connected components as one node each
    depth: dict[int, int] = {}
    # Edges run child → parent, so parents come after children in topological order.
    for component in reversed(list(nx.lexicographical_topological_sort(dag))):
        parents = list(dag.successors(component))
        depth[component] = 1 + max(depth[p] for p in parents) if parents else 0
    mapping = dag.graph["mapping"]
    return {node: depth[mapping[node]] for node in sorted(G.nodes)}


def reporting_line(G: nx.DiGraph, node: str | NamedNode) -> list[str]:
    """``node``, its parent, its parent's parent … up to a body with no parent.

    Where a body has several parents the line follows the one lowest in the hierarchy (the
    most specific), ties broken by IRI. KeyError if ``node`` is not in the graph.
    """
    start = node.value if isinstance(node, NamedNode) else node
    if start not in G:
        raise KeyError(f"{start} is not an organisation of the graph")
    depth = levels(G)
    line = [start]
    seen = {start}
    current = start
    while True:
        parents = [p for p in G.successors(current) if p not in seen]
        if not parents:
            return line
        current = min(parents, key=lambda p: (-depth[p], p))
        line.append(current)
        seen.add(current)


def roots(G: nx.DiGraph) -> list[str]:
    """The bodies that report to no one in the graph, sorted."""
    return sorted(n for n in G.nodes if G.out_degree(n) == 0)


# --- concurrent posts -----------------------------------------------------------------------

@dataclass(frozen=True)
class ConcurrentHolder:
    """A person holding several posts at once (kiêm nhiệm), as ``concurrent-posts.rq`` finds.

    ``posts`` (IRIs, sorted) are those held together with at least one other; ``labels``
    follows the same order.
    """

    person: str
    name: str | None
    posts: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class _Holding:
    post: str
    article: str | None
    start: str | None
    end: str | None


def _date_text(store: Store, interval: NamedNode | BlankNode, which: str) -> str | None:
    for instant in _objects(store, interval, TIME(which)):
        for prop in _DATE_PROPS:
            values = sorted(o.value for o in _objects(store, instant, prop))
            if values:
                return values[0]
    return None


def _holdings(store: Store, membership: NamedNode) -> list[_Holding]:
    posts = sorted({o.value for o in _objects(store, membership, OG("post"))
                    if isinstance(o, NamedNode)})
    article = _first_iri(_objects(store, membership, PROV("wasDerivedFrom")))
    attested = sorted(o.value for o in _objects(store, membership, OG("attestedOn")))
    begin = end = None
    for interval in _objects(store, membership, ORG("memberDuring")):
        begin = begin or _date_text(store, interval, "hasBeginning")
        end = end or _date_text(store, interval, "hasEnd")
    day = attested[0] if attested else None
    start = begin or day
    # As in the query: an open end runs on; "~" makes a partial end cover its year or month.
    stop = end or (_OPEN_END if begin else day)
    return [_Holding(p, article, start, f"{stop}~" if stop else None) for p in posts]


def _concurrent(a: _Holding, b: _Holding) -> bool:
    if a.post == b.post:
        return False
    if a.article is not None and a.article == b.article:
        return True
    if None in (a.start, a.end, b.start, b.end):
        return False
    return a.start <= b.end and b.start <= a.end  # type: ignore[operator]


def concurrent_holders(store: Store) -> list[ConcurrentHolder]:
    """Persons with two different posts attested in one article or over overlapping periods.

    Sorted by name, then IRI. The same rules as ``queries/concurrent-posts.rq`` (holdings a
    change ends are left out).
    """
    by_person: dict[str, set[_Holding]] = defaultdict(set)
    ended = {q.object for q in store.quads_for_pattern(None, OG("endedMembership"), None, None)}
    memberships = {(q.subject, q.object)
                   for q in store.quads_for_pattern(None, ORG("member"), None, None)
                   # the articles' records: a tenure (ogd:graph/tenure) sums them up
                   if q.graph_name != TENURE_GRAPH
                   if isinstance(q.object, NamedNode) and isinstance(q.subject, NamedNode)
                   and q.subject not in ended}
    for membership, member in memberships:
        by_person[member.value].update(_holdings(store, membership))
    found: list[ConcurrentHolder] = []
    for person, holdings in by_person.items():
        posts = sorted({p for a, b in combinations(sorted(holdings, key=repr), 2)
                        if _concurrent(a, b) for p in (a.post, b.post)})
        if not posts:
            continue
        node = NamedNode(person)
        labels = tuple(_label(store, NamedNode(p)) or "" for p in posts)
        found.append(ConcurrentHolder(person, _label(store, node, FOAF("name")), tuple(posts),
                                      labels))
    return sorted(found, key=lambda h: (h.name or "", h.person))
