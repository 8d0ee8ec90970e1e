"""How long each bundled query takes on a graph: the median of ``--runs`` runs with its
parameters left unbound and with typical ones bound, one table, a line per query; the CPU
seconds in brackets are what the query cost when the machine is shared.

    PYTHONPATH=src python benchmarks/queries.py OUT_DIR_OR_GRAPH [--runs 3] [--only NAME ...]

e.g. after ``orggraph run ../shared/dev --out /tmp/dev``: ``benchmarks/queries.py /tmp/dev``.
The bound values come from the graph itself (the body and the person with the most posts, a
body whose reporting line changes on 2025-07-01, …; :func:`bound_cases`), so that a bound
case answers rows rather than nothing. A query with two bound cases gets a second line, its
unbound columns left empty. ``--markdown`` prints the table as Markdown; ``ORGGRAPH_HOME``
times another checkout's ``queries/``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import orggraph
from orggraph.api import Graph
from orggraph.query import list_queries
from orggraph.rdf.namespaces import compact

# Values for parameters of queries that bound_cases does not know (a query added later).
_TYPICAL = {"asOf": "2025-08-01", "from": "2024-01-01", "to": "2025-12-31",
            "orgText": "ủy", "personText": "văn", "text": "van"}

# The date the dated queries are asked about: after the 2025 reform, so that a line that
# changed on 2025-07-01 is the new one.
AS_OF = "2025-08-01"

_PREFIXES = """PREFIX og: <https://w3id.org/orggraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
"""


def _first(graph: Graph, query: str) -> dict[str, object]:
    found = graph.query(_PREFIXES + query)
    assert isinstance(found, list)
    return dict(found[0]) if found else {}


def typical_values(graph: Graph) -> dict[str, str]:
    """Values found in the graph for the bound cases; each query here is small."""
    top_org = _first(graph, """SELECT ?org (COUNT(DISTINCT ?post) AS ?n) {
        ?post org:postIn ?org } GROUP BY ?org ORDER BY DESC(?n) ?org LIMIT 1""")
    person = _first(graph, """SELECT ?p (COUNT(DISTINCT ?post) AS ?n) (MAX(STR(?s)) AS ?last) {
        ?t a og:Tenure ; org:member ?p ; og:post ?post .
        OPTIONAL { ?t org:memberDuring/time:hasBeginning/time:inXSDDate ?s } }
        GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 1""")
    # the body that gained the most children on 2025-07-01, and the first of those: a line
    # that differs before and after the reform, and a body whose subtree does
    reformed = _first(graph, """SELECT ?parent (COUNT(?l) AS ?n) {
        ?l og:parent ?parent ; time:hasTime/time:hasBeginning ?b }
        GROUP BY ?parent ORDER BY DESC(?n) ?parent LIMIT 1""")
    low = _first(graph, f"""SELECT ?org {{
        ?l og:parent <{reformed.get("parent", "urn:none")}> ; og:child ?org ;
           time:hasTime/time:hasBeginning ?b }} ORDER BY ?org LIMIT 1""")
    province = _first(graph, f"""SELECT ?label {{
        <{low.get("org", "urn:none")}> og:place/schema:containedInPlace* ?p .
        ?p og:level og:Province ; skos:prefLabel ?label }} ORDER BY ?label LIMIT 1""")
    post = _first(graph, """SELECT ?org ?role (COUNT(DISTINCT ?t) AS ?n) {
        ?t a og:Tenure ; org:organization ?org ; org:role ?role }
        GROUP BY ?org ?role ORDER BY DESC(?n) ?org ?role LIMIT 1""")
    tenure = _first(graph, f"""SELECT ?t {{
        ?t a og:Tenure ; org:member <{person.get("p", "urn:none")}> ; og:attestation ?r .
        ?a <http://www.w3.org/ns/oa#hasTarget> ?r }} ORDER BY ?t LIMIT 1""")
    chair = _first(graph, """SELECT ?p (COUNT(DISTINCT ?e) AS ?n) {
        ?e og:participation ?x . ?x og:participant ?p ;
           og:role <https://w3id.org/orggraph/vocab/role/chair> }
        GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 1""")
    kind = _first(graph, """SELECT ?k (COUNT(DISTINCT ?e) AS ?n) { ?e og:eventKind ?k }
        GROUP BY ?k ORDER BY DESC(?n) ?k LIMIT 1""")
    return {k: str(v) for k, v in {
        "top_org": top_org.get("org"), "top_person": person.get("p"),
        "person_date": person.get("last"), "reformed_org": reformed.get("parent"),
        "low_org": low.get("org"), "province": province.get("label"),
        "post_org": post.get("org"), "post_role": post.get("role"),
        "tenure": tenure.get("t"), "chair": chair.get("p"), "event_kind": kind.get("k"),
    }.items() if v is not None}


def bound_cases(graph: Graph) -> dict[str, list[dict[str, str]]]:
    """The bound cases of each bundled query: what a researcher would typically ask."""
    v = typical_values(graph)
    return {
        "bodies-without-head": [{"role": "ogv:title/bi-thu", "kind": "huyen-uy"}],
        "career": [{"person": v["top_person"]}],
        "changes-in-period": [{"from": "2024-01-01", "to": "2025-12-31", "kind": "elected"}],
        "concurrent-posts": [{"person": v["top_person"], "asOf": v["person_date"]}],
        "event-chairs": [{"chair": v["chair"]}],
        "event-participants": [{"kind": v["event_kind"]}],
        "fact-evidence": [{"fact": v["tenure"]}],
        "find-organization": [{"text": "huyen uy"}],
        "find-person": [{"text": "van"}],
        "hierarchy-on-date": [{"org": v["low_org"], "asOf": AS_OF}],
        # a body whose subtree changed on 2025-07-01, and the largest subtree
        "hierarchy-below-on-date": [{"org": v["reformed_org"], "asOf": AS_OF},
                                    {"org": v["top_org"], "asOf": AS_OF}],
        "holders-on-date": [{"org": v["post_org"], "role": v["post_role"], "asOf": AS_OF}],
        "holding-evidence": [{"person": v["top_person"]}],
        "organizations": [{"orgText": "ủy"}],
        "persons": [{"personText": "văn"}],
        "posts-by-level-and-province": [{"provinceText": v["province"]}],
        "posts-in-organization": [{"org": v["top_org"]}],
        "reporting-line": [{"org": v["low_org"]}],
        "single-source-holdings": [{"person": v["top_person"]}],
        "succession": [{"org": v["post_org"], "role": v["post_role"]}],
    }


def cases_of(name: str, parameters: list[str],
             known: dict[str, list[dict[str, str]]]) -> list[dict[str, str]]:
    """The unbound case, then the bound ones, each with only the parameters the query
    declares (so that an older checkout's queries can be timed with the same cases)."""
    bound = known.get(name) or [{n: _TYPICAL[n] for n in parameters if n in _TYPICAL}]
    found: list[dict[str, str]] = [{}]
    for case in bound:
        kept = {k: val for k, val in case.items() if k in parameters}
        if kept and kept not in found:
            found.append(kept)
    return found


def median_seconds(graph: Graph, name: str, params: dict[str, str],
                   runs: int) -> tuple[str, int]:
    """The median wall-clock seconds, with the median CPU seconds of this process in
    brackets (Oxigraph answers in the calling thread, so on a busy machine the CPU time is
    the query's own cost), and the number of rows."""
    walls, cpus, count = [], [], 0
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        found = graph.query(name, **params)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        count = len(found) if isinstance(found, list) else 1
    return f"{statistics.median(walls):.2f} ({statistics.median(cpus):.2f})", count


def shown(params: dict[str, str]) -> str:
    """Parameters as ``name=value``, an IRI of the project's namespaces as ``ogd:…``."""
    return " ".join(f"{k}={compact(val) if val.startswith('http') else val}"
                    for k, val in params.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph", help="a run's output folder or a graph file")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="only these queries")
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    args = parser.parse_args()
    graph = orggraph.open(args.graph)
    known = bound_cases(graph)
    print(f"{graph!r}; median of {args.runs} runs, wall-clock seconds (CPU seconds); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    header = ("query", "rows", "unbound s", "bound parameters", "rows", "bound s")
    print("| " + " | ".join(header) + " |\n|---|---:|---:|---|---:|---:|" if args.markdown
          else _text_line(header), flush=True)
    for info in list_queries():
        if args.only and info.name not in args.only:
            continue
        cases = cases_of(info.name, [p.name for p in info.parameters], known)
        seconds, rows = median_seconds(graph, info.name, cases[0], args.runs)
        unbound = (str(rows), seconds)
        for params in cases[1:] or [{}]:
            bound = ("-", "", "")
            if params:
                seconds, rows = median_seconds(graph, info.name, params, args.runs)
                bound = (shown(params), str(rows), seconds)
            line = (info.name, *unbound, *bound)
            print("| " + " | ".join(c.replace("|", "\\|") for c in line) + " |" if args.markdown
                  else _text_line(line), flush=True)
            unbound = ("", "")  # a second bound case: the unbound columns once only


def _text_line(cells: tuple[str, ...]) -> str:
    name, rows_u, sec_u, params, rows_b, sec_b = cells
    return f"{name:28} {rows_u:>6} {sec_u:>12}  {params:70} {rows_b:>6} {sec_b:>12}"


if __name__ == "__main__":
    main()
