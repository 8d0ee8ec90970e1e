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

import csv
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
from pyoxigraph import NamedNode, QuerySolutions, Store

from orggraph.atomic import atomic_write
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

__all__ = ["ANALYSES", "GROUPS", "ConcurrentHolder", "Connectivity", "centrality_rows",
           "community_rows", "concurrent_holders", "connectivity", "held_bodies",
           "hierarchy_rows", "levels", "org_group", "orphans", "piece_rows", "reporting_graph",
           "reporting_line", "roots", "write_analyses"]

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
    return _line(G, start, levels(G))


def _line(G: nx.DiGraph, start: str, depth: dict[str, int]) -> list[str]:
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


# --- analyses written by ``orggraph analyze`` -----------------------------------------------

ANALYSES = {
    "hierarchy.csv": ("org", "label", "class", "depth", "span", "below", "parents", "top"),
    "orphans.csv": ("org", "label", "class", "place_label", "children"),
    "centrality.csv": ("node", "type", "label", "degree", "degree_centrality", "betweenness",
                       "degree_rank", "betweenness_rank"),
    "communities.csv": ("community", "size", "person", "label", "events"),
    "pieces.csv": ("piece", "bodies", "held", "roots", "root_labels"),
}
COMMUNITY_SEED = 42  # louvain is randomised: a fixed seed gives the same partition every run


def hierarchy_rows(G: nx.DiGraph) -> list[dict[str, str | int]]:
    """Per body of the reporting graph: ``depth`` (0 at the top; :func:`levels`), ``span`` of
    control (bodies reporting to it directly), ``below`` (all bodies under it), ``parents``
    and ``top`` (the end of its :func:`reporting_line`). Sorted by depth, then IRI.

    >>> G = nx.DiGraph([("chi-bo-1", "xa"), ("chi-bo-2", "xa"), ("xa", "huyen")])
    >>> [(r["org"], r["depth"], r["span"], r["below"]) for r in hierarchy_rows(G)][:2]
    [('huyen', 0, 1, 3), ('xa', 1, 2, 2)]
    """
    depth = levels(G)
    rows: list[dict[str, str | int]] = []
    for node in sorted(G.nodes, key=lambda n: (depth[n], n)):
        data = G.nodes[node]
        rows.append({"org": node, "label": data.get("label", ""), "class": data.get("class", ""),
                     "depth": depth[node], "span": G.in_degree(node),
                     "below": len(nx.ancestors(G, node)),  # edges run child → parent
                     "parents": G.out_degree(node), "top": _line(G, node, depth)[-1]})
    return rows


def orphans(G: nx.DiGraph) -> list[dict[str, str | int]]:
    """Bodies with no parent that are not roots: a root is a central body (the Party, the
    National Assembly, …: ``central``); any other body without a parent was left unplaced.

    >>> G = nx.DiGraph([("xa", "huyen")])
    >>> G.add_node("trung-uong", central=True)
    >>> [r["org"] for r in orphans(G)]
    ['huyen']
    """
    return [{"org": n, "label": G.nodes[n].get("label", ""), "class": G.nodes[n].get("class", ""),
             "place_label": G.nodes[n].get("place_label", ""), "children": G.in_degree(n)}
            for n in sorted(G.nodes)
            if G.out_degree(n) == 0 and not G.nodes[n].get("central", False)]


def _ranks(values: dict[str, float]) -> dict[str, int]:
    """1 for the highest value; ties share the better rank (competition ranking)."""
    ordered = sorted(values.values(), reverse=True)
    first: dict[float, int] = {}
    for i, v in enumerate(ordered, 1):
        first.setdefault(v, i)
    return {n: first[v] for n, v in values.items()}


def centrality_rows(A: nx.Graph) -> list[dict[str, str | int | float]]:
    """Degree and betweenness on the two projections of an affiliation graph: persons linked
    by a body they share, bodies linked by a person they share (interlocking posts).

    Each node's ``degree`` is its neighbours in its projection, ``degree_centrality`` and
    ``betweenness`` (exact, normalised) networkx's, rounded to 6 places; ranks are within
    the projection (1 the highest). Sorted by type, betweenness, degree (highest first),
    then IRI.
    """
    rows: list[dict[str, str | int | float]] = []
    for side, kind in ((0, "person"), (1, "organization")):
        nodes = sorted(n for n, d in A.nodes(data=True) if d.get("bipartite") == side)
        P = nx.bipartite.projected_graph(A, nodes)
        degree = {n: round(v, 6) for n, v in nx.degree_centrality(P).items()}
        between = {n: round(v, 6) for n, v in nx.betweenness_centrality(P).items()}
        degree_rank, between_rank = _ranks(degree), _ranks(between)
        for n in sorted(nodes, key=lambda n: (-between[n], -degree[n], n)):
            rows.append({"node": n, "type": kind, "label": A.nodes[n].get("label", ""),
                         "degree": P.degree(n), "degree_centrality": degree[n],
                         "betweenness": between[n], "degree_rank": degree_rank[n],
                         "betweenness_rank": between_rank[n]})
    return rows


def community_rows(C: nx.Graph, seed: int = COMMUNITY_SEED) -> list[dict[str, str | int]]:
    """Communities of the co-attendance graph (Louvain, weighted by shared events, with a
    fixed seed); a person who met no one is a community alone. Communities are numbered from
    1, largest first (ties: by their first member's IRI); members sorted by IRI.

    >>> C = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> [(r["community"], r["person"]) for r in community_rows(C)]
    [(1, 'a'), (1, 'b'), (1, 'c'), (2, 'x'), (2, 'y')]
    """
    found = nx.community.louvain_communities(C, weight="weight", seed=seed) if len(C) else []
    groups = sorted((sorted(g) for g in found), key=lambda g: (-len(g), g[0]))
    return [{"community": i, "size": len(group), "person": person,
             "label": C.nodes[person].get("label", ""), "events": C.nodes[person].get("events", 0)}
            for i, group in enumerate(groups, 1) for person in group]


def held_bodies(store: Store) -> set[str]:
    """The bodies in which someone holds a post (an article's membership with a role)."""
    query = ("SELECT DISTINCT ?o WHERE { ?m <http://www.w3.org/ns/org#organization> ?o ; "
             "<http://www.w3.org/ns/org#role> ?r }")
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, QuerySolutions)
    return {row["o"].value for row in solutions if isinstance(row["o"], NamedNode)}


def piece_rows(G: nx.DiGraph, held: set[str]) -> list[dict[str, str | int]]:
    """The weakly connected pieces of the reporting graph, largest first: how many bodies,
    how many of them someone holds a post in (``held``), and their tops.

    >>> G = nx.DiGraph([("xa", "tinh"), ("so", "tinh")])
    >>> G.add_node("lone")
    >>> [(r["piece"], r["bodies"], r["held"], r["roots"]) for r in piece_rows(G, {"xa", "lone"})]
    [(1, 3, 1, 'tinh'), (2, 1, 1, 'lone')]
    """
    found = sorted((sorted(c) for c in nx.weakly_connected_components(G)),
                   key=lambda c: (-len(c), c[0]))
    rows: list[dict[str, str | int]] = []
    for i, piece in enumerate(found, 1):
        tops = [n for n in piece if G.out_degree(n) == 0]
        rows.append({"piece": i, "bodies": len(piece), "held": len(held.intersection(piece)),
                     "roots": " ".join(tops),
                     "root_labels": "; ".join(G.nodes[n].get("label", "") for n in tops)})
    return rows


@dataclass(frozen=True)
class Connectivity:
    """How far the reporting graph joins up the bodies that matter: those where someone
    holds a post (``held``), how many are in the graph at all, and in its largest piece."""

    bodies: int
    pieces: int
    held: int
    held_in_graph: int
    held_in_largest: int

    def line(self) -> str:
        share = self.held_in_largest / self.held if self.held else 1.0
        return (f"reporting graph: {self.bodies} bodies in {self.pieces} piece(s); the largest "
                f"holds {self.held_in_largest} of the {self.held} bodies where someone holds a "
                f"post ({share:.1%}); not in the hierarchy at all (unplaced): "
                f"{self.held - self.held_in_graph}")


def connectivity(G: nx.DiGraph, held: set[str]) -> Connectivity:
    """:class:`Connectivity` of a reporting graph.

    >>> connectivity(nx.DiGraph([("xa", "tinh")]), {"xa", "elsewhere"}).held_in_largest
    1
    """
    rows = piece_rows(G, held)  # largest first
    return Connectivity(G.number_of_nodes(), len(rows), len(held),
                        sum(int(r["held"]) for r in rows), int(rows[0]["held"]) if rows else 0)


def write_analyses(store: Store, out: str | Path, on: str | None = None) -> list[Path]:
    """Write the files of :data:`ANALYSES` into the folder ``out`` (each atomically): the
    hierarchy (``on``: the reporting lines of that day) and its orphans, the centralities of
    the affiliation projections, the co-attendance communities, the pieces of the hierarchy."""
    from orggraph.networks import affiliation_graph, coattendance_graph

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    G = reporting_graph(store, on=on)
    tables: dict[str, list[dict[str, Any]]] = {
        "hierarchy.csv": hierarchy_rows(G), "orphans.csv": orphans(G),
        "centrality.csv": centrality_rows(affiliation_graph(store)),
        "communities.csv": community_rows(coattendance_graph(store))}
    tables["pieces.csv"] = piece_rows(G, held_bodies(store))
    written = []
    for name, rows in tables.items():
        with atomic_write(folder / name, newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=ANALYSES[name], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        written.append(folder / name)
    return written
