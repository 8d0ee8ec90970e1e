"""Merges and near-misses laid out for a reviewer (``orggraph identities``).

One row per merge step (``merged``: two mentions judged one person, the rules, what they
share) and per pair of persons of one name kept apart (``apart``: the rule and why). A
reviewer who disagrees writes a curated decision (:mod:`orggraph.identity.curated`).

>>> from orggraph.facts import Facts, Holding, Organization
>>> from orggraph.identity import resolve
>>> def art(i, place):
...     return Facts(id=i, published="2024-03-01",
...                  holdings=[Holding("Nguyễn Văn An", "Bí thư", f"Tỉnh ủy {place}")],
...                  organizations=[Organization(f"Tỉnh ủy {place}", place_id=place)])
>>> rows = review_rows(resolve([art("a1", "p1"), art("a2", "p1"), art("a3", "p2")]))
>>> [(r["decision"], r["rule"], r["articles_b"]) for r in rows]
[('merged', 'shared-body, shared-place', 'a2'), ('apart', 'two-places-at-once', 'a3')]
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

from orggraph.identity.resolve import Decision, Resolution

COLUMNS = ("decision", "name", "person_a", "person_b", "articles_a", "articles_b", "rule",
           "detail")


def review_rows(resolution: Resolution) -> list[dict[str, str]]:
    """Merge steps (by person) then near-misses (by name), each a dict of :data:`COLUMNS`."""
    rows = []
    for person in resolution.merges:
        for link in person.links:
            shared = "; ".join(f"{e.kind} {e.label or e.value}" for e in link.evidence)
            if link.where:
                shared = f"{link.where}" + (f": {shared}" if shared else "")
            rows.append({"decision": "merged", "name": person.name, "person_a": person.key,
                         "person_b": person.key, "articles_a": link.a.article,
                         "articles_b": link.b.article, "rule": ", ".join(link.rules),
                         "detail": shared})
    for near in resolution.near_misses:
        rows.append({"decision": "apart", "name": near.name, "person_a": near.a,
                     "person_b": near.b, "articles_a": " ".join(near.articles_a),
                     "articles_b": " ".join(near.articles_b), "rule": near.rule,
                     "detail": near.detail})
    return rows


def format_rows(rows: list[dict[str, str]], fmt: str = "table") -> str:
    """``table`` (for a terminal), ``csv`` or ``json``."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().rstrip("\n")
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r} (table, csv, json)")
    lines = []
    for r in rows:
        lines.append(f"{r['decision']:6}  {r['name']}  [{r['rule']}]")
        lines.append(f"        {r['articles_a']}  |  {r['articles_b']}")
        if r["detail"]:
            lines.append(f"        {r['detail']}")
    return "\n".join(lines) if lines else "(no merges, no near-misses)"


def identities(inputs: Iterable[str | Path], decisions: Iterable[Decision] = (),
               report=None) -> Resolution:
    """Read and extract ``inputs`` (articles, as ``orggraph run`` takes them) and resolve their
    persons, with curated ``decisions``; what ``orggraph identities`` prints."""
    import sys

    from orggraph.extract.pipeline import extract_all
    from orggraph.ingest import iter_articles
    from orggraph.pipeline import resolve_persons
    from orggraph.report import RunReport

    report = report if report is not None else RunReport()
    pairs = extract_all(iter_articles(list(inputs), report, stdin=sys.stdin), report)
    return resolve_persons([f for _, f in pairs], decisions, report)
