"""How long each bundled query takes on a graph: median of 3 runs, with no parameter and with
typical ones (the body with the most posts, the person with the most posts, a date), one table.

    PYTHONPATH=src python benchmarks/queries.py OUT_DIR_OR_GRAPH [--runs 3]

e.g. after ``orggraph run ../shared/dev --out /tmp/dev``: ``benchmarks/queries.py /tmp/dev``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import orggraph
from orggraph.api import Graph
from orggraph.query import list_queries

# The parameters a query is tried with besides none; values come from the graph itself.
_TYPICAL = {
    "org": "top_org", "person": "top_person", "chair": "top_person", "asOf": "2025-01-01",
    "role": "ogv:title/bi-thu", "from": "2024-01-01", "to": "2025-12-31",
    "orgText": "ủy", "personText": "văn", "text": "van", "kind": "elected",
}


def typical_values(graph: Graph) -> dict[str, str]:
    """The body and the person with the most posts in the graph, for ?org and ?person."""
    top = graph.query("""SELECT ?org (COUNT(DISTINCT ?post) AS ?n) {
        ?post org:postIn ?org } GROUP BY ?org ORDER BY DESC(?n) ?org LIMIT 1""")
    person = graph.query("""SELECT ?p (COUNT(DISTINCT ?post) AS ?n) {
        ?t a og:Tenure ; org:member ?p ; og:post ?post } GROUP BY ?p ORDER BY DESC(?n) ?p
        LIMIT 1""")
    assert isinstance(top, list) and isinstance(person, list)
    return {"top_org": str(top[0]["org"]) if top else "",
            "top_person": str(person[0]["p"]) if person else ""}


def median_seconds(graph: Graph, name: str, params: dict[str, str], runs: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        found = graph.query(name, **params)
        times.append(time.perf_counter() - start)
        count = len(found) if isinstance(found, list) else 1
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph", help="a run's output folder or a graph file")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    graph = orggraph.open(args.graph)
    found = typical_values(graph)
    print(f"{graph!r}; median of {args.runs} runs")
    print(f"{'query':30} {'parameters':60} {'rows':>6} {'seconds':>8}")
    for info in list_queries():
        names = [p.name for p in info.parameters]
        variants: list[dict[str, str]] = [{}]
        typical = {n: found.get(_TYPICAL[n], _TYPICAL[n]) for n in names if n in _TYPICAL}
        if info.name == "event-participants":
            typical.pop("kind", None)  # an event kind, not a change kind
        if info.name == "bodies-without-head":
            typical["kind"] = "huyen-uy"  # a body kind
        for iri, text in (("person", "personText"), ("org", "orgText")):
            if iri in typical:
                typical.pop(text, None)  # both at once would ask for one person twice
        if typical:
            variants.append(typical)
        for params in variants:
            seconds, rows = median_seconds(graph, info.name, params, args.runs)
            shown = " ".join(f"{k}={orggraph_short(v)}" for k, v in params.items()) or "-"
            print(f"{info.name:30} {shown[:60]:60} {rows:6} {seconds:8.2f}")


def orggraph_short(value: str) -> str:
    """An IRI of the project's namespaces as ``ogd:…``, for the table."""
    from orggraph.rdf.namespaces import compact

    return compact(value) if value.startswith("http") else value


if __name__ == "__main__":
    main()
