"""The rows of every bundled query, unbound and with the benchmark's bound cases, written to
a JSON file, and two such files compared: a rewrite of a query for speed must not change
what it answers.

    PYTHONPATH=src python benchmarks/query_rows.py dump OUT_DIR_OR_GRAPH rows.json [--only Q ...]
    ORGGRAPH_HOME=/old/checkout python benchmarks/query_rows.py dump … before.json
    python benchmarks/query_rows.py compare before.json after.json

Rows are compared as sorted multisets of N-Triples terms (an unbound column as ``UNDEF``):
the order of equal sort keys is not part of a query's answer, a duplicate row is. ``compare``
exits 1 when a case present in both files differs, and names the cases only one file has.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import orggraph
from orggraph.query import list_queries
from queries import bound_cases, cases_of, shown

# Cases the benchmark does not time but a rewrite must keep: the other parameters of a query
# (the name's text besides its IRI), one parameter of two, another date.
_EXTRA: dict[str, list[dict[str, str]]] = {
    "career": [{"personText": "văn"}],
    "holding-evidence": [{"personText": "văn"}],
    "concurrent-posts": [{"asOf": "2025-10-01"}],
    "posts-in-organization": [{"orgText": "huyện"}],
    "hierarchy-on-date": [{"asOf": "2025-06-30"}, {"asOf": "2025-07-01"}],
    "hierarchy-below-on-date": [{"asOf": "2025-06-30"}, {"asOf": "2025-07-01"}],
    "holders-on-date": [{"asOf": "2025-10-01"}],
    "changes-in-period": [{"kind": "appointed"}, {"to": "2024-06"}],
}


def dump(graph_path: str, target: Path, only: list[str] | None) -> None:
    graph = orggraph.open(graph_path)
    known = bound_cases(graph)
    for name, extra in _EXTRA.items():
        known[name] = [*known.get(name, []), *extra]
    for name in ("hierarchy-on-date", "hierarchy-below-on-date"):  # the body, no date
        known[name] = [*known.get(name, []), *({"org": c["org"]} for c in known.get(name, [])
                                               if "org" in c)]
    found: dict[str, dict[str, object]] = {}
    for info in list_queries():
        if only and info.name not in only:
            continue
        for params in cases_of(info.name, [p.name for p in info.parameters], known):
            result = graph.result(info.name, **params)
            rows = sorted(json.dumps([str(r[c]) if r[c] is not None else "UNDEF"
                                      for c in result.variables], ensure_ascii=False)
                          for r in result.rows)
            found[f"{info.name} {shown(params) or '-'}"] = {"columns": result.variables,
                                                              "rows": rows}
            print(f"{info.name:28} {shown(params) or '-':64} {len(rows):6}", flush=True)
    target.write_text(json.dumps(found, ensure_ascii=False, indent=0), encoding="utf-8")


def compare(before_path: Path, after_path: Path) -> int:
    before = json.loads(before_path.read_text(encoding="utf-8"))
    after = json.loads(after_path.read_text(encoding="utf-8"))
    failed = 0
    for case in sorted(set(before) | set(after)):
        if case not in after or case not in before:
            print(f"only {'before' if case in before else 'after'}: {case}")
            continue
        old, new = before[case], after[case]
        if old["columns"] != new["columns"]:
            print(f"DIFFERENT COLUMNS {case}: {old['columns']} → {new['columns']}")
            failed += 1
            continue
        gone = Counter(old["rows"]) - Counter(new["rows"])
        added = Counter(new["rows"]) - Counter(old["rows"])
        if gone or added:
            failed += 1
            print(f"DIFFERENT {case}: {sum(gone.values())} rows gone, "
                  f"{sum(added.values())} new")
            for row in list(gone.elements())[:5]:
                print(f"  - {row}")
            for row in list(added.elements())[:5]:
                print(f"  + {row}")
        else:
            print(f"same {case} ({len(new['rows'])} rows)")
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("graph")
    d.add_argument("target", type=Path)
    d.add_argument("--only", nargs="*", default=None)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.graph, args.target, args.only)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
