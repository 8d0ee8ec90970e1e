"""Analyses over networkx graphs of the store: levels and reporting lines, concurrent posts.

The graphs themselves are built by :mod:`orggraph.networks` (``reporting_graph`` is
re-exported here for the callers that found it here); edges of the reporting graph point from
child to parent (the body it reports to).

>>> import networkx as nx
>>> G = nx.DiGraph([("chi-bo", "dang-uy-xa"), ("dang-uy-xa", "huyen-uy")])
>>> reporting_line(G, "chi-bo")
['chi-bo', 'dang-uy-xa', 'huyen-uy']
>>> levels(G)["chi-bo"]
2
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
from pyoxigraph import NamedNode, Store

from orggraph.networks import (
    GROUPS,
    TENURE_GRAPH,
    date_text,
    first_iri,
    label,
    objects,
    org_group,
    reporting_graph,
)
from orggraph.rdf.namespaces import FOAF, OG, ORG, PROV

__all__ = ["GROUPS", "ConcurrentHolder", "concurrent_holders", "levels", "org_group",
           "reporting_graph", "reporting_line", "roots"]

_OPEN_END = "9999"


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


def _holdings(store: Store, membership: NamedNode) -> list[_Holding]:
    posts = sorted({o.value for o in objects(store, membership, OG("post"))
                    if isinstance(o, NamedNode)})
    article = first_iri(objects(store, membership, PROV("wasDerivedFrom")))
    attested = sorted(o.value for o in objects(store, membership, OG("attestedOn")))
    begin = end = None
    for interval in objects(store, membership, ORG("memberDuring")):
        begin = begin or date_text(store, interval, "hasBeginning")
        end = end or date_text(store, interval, "hasEnd")
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
        labels = tuple(label(store, NamedNode(p)) or "" for p in posts)
        found.append(ConcurrentHolder(person, label(store, node, FOAF("name")), tuple(posts),
                                      labels))
    return sorted(found, key=lambda h: (h.name or "", h.person))
