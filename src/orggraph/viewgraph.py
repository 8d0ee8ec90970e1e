"""Which part of the reporting-line graph a view shows: dates, provinces, a root and a depth.

:func:`timed_graph` reads :func:`orggraph.analyze.reporting_graph` and adds what a filter
needs from the store: each body's validity (``time:hasTime``, set by the 2025 restructuring),
its province (``og:place`` up ``schema:containedInPlace`` to an ``og:Province``) and each
link's intervals (its ``og:Subordination`` records in the hierarchy graph; a link with none
holds always). :func:`select` cuts the subgraph a picture can show: bodies and links valid
on a date, the bodies of a province (with the parents they report to outside it, as context),
everything under a root to a depth. With no depth it draws as many levels from the top as fit
in :data:`MAX_NODES`, with at most :data:`MAX_CHILDREN` units under a body, and says so in
``Selection.note``.

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> for n, label in (("t", "Tỉnh ủy Vân Sơn"), ("h", "Huyện ủy Khê Lâm"), ("x", "Đảng ủy xã")):
...     G.add_node(n, label=label)
>>> G.add_edges_from([("h", "t"), ("x", "h")])
>>> find_body(G, "huyen uy KHE LAM")
'h'
>>> sorted(select(G, root="t", depth=1).graph)
['h', 't']
"""

from __future__ import annotations

import unicodedata
from collections import deque
from dataclasses import dataclass

import networkx as nx
from pyoxigraph import BlankNode, Literal, NamedNode, Store

from orggraph.analyze import reporting_graph
from orggraph.rdf.namespaces import OG, OGD, RDF, SCHEMA, SKOS, TIME

MAX_NODES = 80  # a picture with more boxes than this is cut to its top levels
MAX_CHILDREN = 15  # and, unless a depth is asked for, to this many units under a body
HIERARCHY = OGD("graph/hierarchy")
_DATE_PROPS = (TIME("inXSDDate"), TIME("inXSDgYearMonth"), TIME("inXSDgYear"))
Interval = tuple[str | None, str | None]


class SelectionError(ValueError):
    """A filter that selects nothing or names no single body: one line, exit 1."""


@dataclass(frozen=True)
class Selection:
    """The subgraph to draw, and a note on what was left out and how to see it (or None)."""

    graph: nx.DiGraph
    note: str | None = None


# --- reading the store ----------------------------------------------------------------------

def fold(text: str) -> str:
    """A search key: no diacritics (đ → d), lower case, single spaces.

    >>> fold("  Đảng ủy   XÃ Tân Hòa ")
    'dang uy xa tan hoa'
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def _one(store: Store, subject: NamedNode | BlankNode, predicate: NamedNode) -> object | None:
    values = sorted((q.object for q in store.quads_for_pattern(subject, predicate, None, None)),
                    key=str)
    return values[0] if values else None


def interval_of(store: Store, node: NamedNode | BlankNode, predicate: NamedNode) -> Interval:
    """The beginning and end (ISO text, a day, month or year) of ``node predicate ?interval``.

    (None, None) when there is no interval or it has neither end.
    """
    interval = _one(store, node, predicate)
    if not isinstance(interval, NamedNode | BlankNode):
        return (None, None)
    ends: list[str | None] = []
    for which in ("hasBeginning", "hasEnd"):
        instant = _one(store, interval, TIME(which))
        value = None
        if isinstance(instant, NamedNode | BlankNode):
            for prop in _DATE_PROPS:
                found = _one(store, instant, prop)
                if isinstance(found, Literal):
                    value = found.value
                    break
        ends.append(value)
    return (ends[0], ends[1])


def _province(store: Store, place: str | None) -> tuple[str | None, str | None]:
    """The province (IRI, label) a place lies in: itself or the first og:Province above it."""
    seen: set[str] = set()
    current = place
    last: tuple[str | None, str | None] = (None, None)
    while current and current not in seen:
        seen.add(current)
        node = NamedNode(current)
        label = _one(store, node, SKOS("prefLabel"))
        last = (current, label.value if isinstance(label, Literal) else None)
        if next(store.quads_for_pattern(node, OG("level"), OG("Province"), None), None):
            return last
        parent = _one(store, node, SCHEMA("containedInPlace"))
        current = parent.value if isinstance(parent, NamedNode) else None
    return last if place else (None, None)


def timed_graph(store: Store) -> nx.DiGraph:
    """The reporting-line graph with ``start``, ``end``, ``province`` and ``province_label``
    on each body and ``intervals`` (a sorted tuple of (start, end)) on each link."""
    G = reporting_graph(store)
    for node, data in G.nodes(data=True):
        data["start"], data["end"] = interval_of(store, NamedNode(node), TIME("hasTime"))
        data["province"], data["province_label"] = _province(store, data.get("place"))
    spans: dict[tuple[str, str], set[Interval]] = {}
    for quad in store.quads_for_pattern(None, RDF("type"), OG("Subordination"), HIERARCHY):
        record = quad.subject
        if not isinstance(record, NamedNode):
            continue
        child, parent = _one(store, record, OG("child")), _one(store, record, OG("parent"))
        if isinstance(child, NamedNode) and isinstance(parent, NamedNode):
            spans.setdefault((child.value, parent.value), set()).add(
                interval_of(store, record, TIME("hasTime")))
    for child, parent, data in G.edges(data=True):
        data["intervals"] = tuple(sorted(spans.get((child, parent), {(None, None)}),
                                         key=lambda s: (s[0] or "", s[1] or "")))
    return G


# --- filters --------------------------------------------------------------------------------

def holds_on(interval: Interval, day: str) -> bool:
    """Whether an interval (ends ISO text, open when None) covers ``day`` (YYYY-MM-DD).

    A partial end covers its whole month or year.

    >>> holds_on(("2020-01-01", "2025-06-30"), "2025-07-01"), holds_on((None, "2025"), "2025-12-31")
    (False, True)
    """
    start, end = interval
    return (start is None or start <= day) and (end is None or day <= end + "~")


def find_body(G: nx.DiGraph, text: str) -> str:
    """The node an IRI or a name denotes: the IRI itself, else the one body whose label
    equals the name (accents and case aside), else the one whose label contains it.

    SelectionError naming the candidates when there are none or several.
    """
    if text in G:
        return text
    wanted = fold(text)
    labels = {n: fold(str(G.nodes[n].get("label") or "")) for n in G.nodes}
    for found in ([n for n, lab in labels.items() if lab == wanted],
                  [n for n, lab in labels.items() if wanted and wanted in lab]):
        if len(found) == 1:
            return found[0]
        if found:
            shown = "; ".join(f"{G.nodes[n].get('label')} <{n}>" for n in sorted(found)[:12])
            more = f" and {len(found) - 12} more" if len(found) > 12 else ""
            raise SelectionError(f"{text!r} names {len(found)} bodies: {shown}{more}; "
                                 "give one of the IRIs")
    raise SelectionError(f"no body named {text!r} in the graph (a name or an IRI; "
                         "accents and case do not matter)")


def _on(G: nx.DiGraph, day: str) -> nx.DiGraph:
    keep = [n for n, d in G.nodes(data=True) if holds_on((d.get("start"), d.get("end")), day)]
    H = G.subgraph(keep).copy()
    H.remove_edges_from([(c, p) for c, p, d in H.edges(data=True)
                         if not any(holds_on(i, day) for i in d.get("intervals", ((None, None),)))])
    return H


def _province_filter(G: nx.DiGraph, name: str) -> nx.DiGraph:
    wanted = fold(name)
    labels = {str(d["province_label"]) for _, d in G.nodes(data=True) if d.get("province_label")}
    # "Thanh Hóa" names "tỉnh Thanh Hóa"; "thành phố Cần Thơ" names itself.
    chosen = {lab for lab in labels if fold(lab) == wanted or fold(lab).endswith(" " + wanted)}
    if not chosen:
        known = ", ".join(sorted(labels)[:40])
        raise SelectionError(f"no province {name!r} in the graph; provinces: {known or 'none'}")
    inside = {n for n, d in G.nodes(data=True) if d.get("province_label") in chosen}
    context = {p for n in inside for p in G.successors(n)} - inside
    H = G.subgraph(inside | context).copy()
    for n in context:  # drawn to show where the province reports, not as part of it
        H.nodes[n]["context"] = True
        H.remove_edges_from([(n, p) for p in list(H.successors(n))])
    return H


def below(G: nx.DiGraph, tops: list[str]) -> dict[str, int]:
    """Each node's distance below the nearest of ``tops`` (edges child → parent)."""
    dist = dict.fromkeys(tops, 0)
    queue = deque(sorted(tops))
    while queue:
        node = queue.popleft()
        for child in sorted(G.predecessors(node)):
            if child not in dist:
                dist[child] = dist[node] + 1
                queue.append(child)
    return dist


def _trimmed(G: nx.DiGraph, tops: list[str], depth: int, limit: int) -> set[str]:
    """The bodies down to ``depth`` below ``tops``, each body with at most ``limit`` of its
    units: those with the most units of their own, then by label."""
    kept = set(tops)
    level = sorted(tops)
    for _ in range(depth):
        following: list[str] = []
        for node in level:
            units = sorted((c for c in G.predecessors(node) if c not in kept),
                           key=lambda c: (-G.in_degree(c), str(G.nodes[c].get("label") or c), c))
            following.extend(units[:limit])
            kept.update(units[:limit])
        level = following
    return kept


def select(G: nx.DiGraph, root: str | None = None, depth: int | None = None,
           province: str | None = None, on: str | None = None,
           max_nodes: int = MAX_NODES, max_children: int = MAX_CHILDREN) -> Selection:
    """The subgraph a picture shows (see the module docstring); filters apply in the order
    date, province, root, depth."""
    H = _on(G, on) if on else G.copy()
    if province:
        H = _province_filter(H, province)
    if root is not None:
        node = find_body(G, root)
        if node not in H:
            raise SelectionError(f"{G.nodes[node].get('label')} <{node}> is not in the "
                                 "selection (not valid on that date or not in that province)")
        tops = [node]
    else:
        tops = sorted(n for n in H if not any(True for _ in H.successors(n)))
    dist = below(H, tops)
    note = None
    if depth is None:
        deepest = max(dist.values(), default=0)
        # The most levels that fit, each body with its MAX_CHILDREN biggest units; at least
        # the top and one level under it.
        depth = deepest
        kept = _trimmed(H, tops, depth, max_children)
        while depth > 1 and len(kept) > max_nodes:
            depth -= 1
            kept = _trimmed(H, tops, depth, max_children)
        if len(kept) < len(dist):
            note = (f"{len(kept)} of {len(dist)} bodies: levels 0-{depth} of {deepest} below "
                    f"the top, at most {max_children} units under a body; narrow with --root, "
                    "--province, --depth, --on")
    else:
        kept = {n for n, d in dist.items() if d <= depth}
    S = H.subgraph(kept).copy()
    for n in kept:
        hidden = sum(1 for c in H.predecessors(n) if c not in kept)
        if hidden:
            S.nodes[n]["hidden"] = hidden
    return Selection(S, note)
