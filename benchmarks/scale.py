"""The whole pipeline at scale, stage by stage, against a plain rdflib + pyshacl baseline.

Run: ``make bench`` (1k articles) or ``python benchmarks/scale.py [--sizes 1000 10000 100000]
[--workers N] [--budget SECONDS] [--json FILE]``. For each size a corpus is written by
``benchmarks/corpus.py`` (fixed seed), then two fresh processes run on it:

- **orggraph**: :func:`orggraph.pipeline.run` (read+extract with ``--workers``, build the
  graph in Oxigraph, validate, export, picture) and then every bundled query of ``queries/``
  on the built store (its parameters left at their defaults, ``?asOf`` set to a date);
- **baseline**: the same extraction on one worker, then the plain tools on the same graph:
  the run's ``graph.trig`` parsed into an in-memory rdflib ``Dataset`` (build), pyshacl on
  the whole graph of the graphs orggraph validates (validate), the bundled queries through
  rdflib's SPARQL engine (query) and rdflib's TriG serialiser (export). The baseline is
  stopped after ``--budget`` seconds; the stages it finished are still shown.

A process's peak RSS is its own ``VmHWM``. Printed per size: each stage's seconds for both,
the ratio baseline/orggraph, quads/s of the build and articles/s of the whole run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("read+extract", "build graph", "validate", "export", "queries")
AS_OF = "2024-07-01"  # the date given to queries that need one


def _peak_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


def _emit(**row: Any) -> None:
    """One JSON line to the parent, at once: a stopped baseline keeps what it printed."""
    print(json.dumps(row), flush=True)


def child_ours(corpus: Path, out: Path, workers: int) -> None:
    from orggraph.pipeline import run
    from orggraph.query import list_queries, run_named_query

    result = run([corpus], out, workers=workers)
    t = result.report.timings
    _emit(stage="read+extract", s=t["read+extract"])
    _emit(stage="build graph", s=t["build graph"] + t.get("write facts", 0.0))
    _emit(stage="validate", s=t["validate"])
    _emit(stage="export", s=t["export"] + t.get("reporting lines", 0.0))
    slowest, total = ("", 0.0), 0.0
    for info in list_queries():
        params = {"asOf": AS_OF} if any(p.name == "asOf" for p in info.parameters) else {}
        start = time.perf_counter()
        run_named_query(result.store, info.path, params)
        took = time.perf_counter() - start
        total += took
        slowest = max(slowest, (info.name, took), key=lambda x: x[1])
    _emit(stage="queries", s=total, slowest=slowest[0], slowest_s=slowest[1])
    _emit(articles=result.report.counts["articles"], quads=result.report.counts["quads"],
          total=t["total"] + total, peak_mb=_peak_mb())


def child_baseline(corpus: Path, trig: Path) -> None:
    import rdflib

    from orggraph.extract.pipeline import extract_all
    from orggraph.ingest import iter_articles
    from orggraph.query import list_queries, load_query
    from orggraph.report import RunReport
    from orggraph.validate import validate

    begun = time.perf_counter()
    start = time.perf_counter()
    report = RunReport()
    n = sum(1 for _ in extract_all(iter_articles([corpus], report), report))
    _emit(stage="read+extract", s=time.perf_counter() - start)
    start = time.perf_counter()
    data = rdflib.Dataset(default_union=True)
    data.parse(str(trig), format="trig")
    _emit(stage="build graph", s=time.perf_counter() - start)
    start = time.perf_counter()
    # the graphs orggraph validates: the articles', the default graph and the tenure graph
    scope = rdflib.Dataset()
    corpus_graphs = "https://w3id.org/orggraph/id/graph/"
    for g in data.graphs():
        name = str(g.identifier)
        if not name.startswith(corpus_graphs) or name.endswith("/tenure"):
            target = scope.graph(g.identifier) if isinstance(g.identifier, rdflib.URIRef) \
                else scope.default_graph
            target += g
    validate(scope)
    _emit(stage="validate", s=time.perf_counter() - start)
    start = time.perf_counter()
    data.serialize(format="trig")
    _emit(stage="export", s=time.perf_counter() - start)
    start, slowest = time.perf_counter(), ("", 0.0)
    for info in list_queries():
        text, _ = load_query(info.path)
        bind = {"asOf": rdflib.Literal(AS_OF)} \
            if any(p.name == "asOf" for p in info.parameters) else {}
        one = time.perf_counter()
        list(data.query(text, initBindings=bind))
        slowest = max(slowest, (info.name, time.perf_counter() - one), key=lambda x: x[1])
    _emit(stage="queries", s=time.perf_counter() - start, slowest=slowest[0],
          slowest_s=slowest[1])
    _emit(articles=n, quads=len(data), total=time.perf_counter() - begun, peak_mb=_peak_mb())


def _child(args: list[str], timeout: float | None) -> dict[str, Any]:
    """Run this file as a child; its JSON lines merged (a stage's seconds under its name)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, __file__, *args]
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout,
                              check=False)
        stdout, stopped = done.stdout, False
        if done.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout or b""
        stdout, stopped = out.decode() if isinstance(out, bytes) else out, True
    merged: dict[str, Any] = {"stopped": stopped}
    for line in stdout.splitlines():
        if not line.startswith("{"):
            continue
        row = json.loads(line)
        if "stage" in row:
            merged[row.pop("stage")] = row
        else:
            merged.update(row)
    return merged


def _cell(row: dict[str, Any], stage: str) -> str:
    return f"{row[stage]['s']:9.1f}" if stage in row else f"{'—':>9}"


def table(size: int, ours: dict[str, Any], base: dict[str, Any], workers: int) -> str:
    lines = [f"\n{size} articles, {ours['quads']:,} quads; orggraph --workers {workers}, "
             f"baseline budget {'stopped' if base['stopped'] else 'not reached'}",
             f"{'stage':14} {'orggraph s':>10} {'baseline s':>10} {'ratio':>7}"]
    for stage in STAGES:
        ratio = (f"{base[stage]['s'] / ours[stage]['s']:6.1f}×"
                 if stage in base and ours[stage]["s"] > 0 else f"{'—':>7}")
        lines.append(f"{stage:14} {_cell(ours, stage):>10} {_cell(base, stage):>10} {ratio}")
    build = ours["build graph"]["s"]
    lines.append(f"{'total':14} {ours['total']:10.1f} "
                 f"{(base['total'] if 'total' in base else float('nan')):10.1f}")
    lines.append(f"build: {ours['quads'] / build:,.0f} quads/s; whole run: "
                 f"{ours['articles'] / ours['total']:.1f} articles/s; peak RSS "
                 f"{ours['peak_mb']:,.0f} MB (baseline "
                 f"{base.get('peak_mb', float('nan')):,.0f} MB); slowest query "
                 f"{ours['queries']['slowest']} {ours['queries']['slowest_s']:.2f} s")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--budget", type=float, default=600,
                    help="seconds after which the baseline is stopped (per size)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="also write the measurements to this file")
    ap.add_argument("--child", choices=["ours", "baseline"], help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child == "ours":
        return child_ours(Path(args.corpus), Path(args.out), args.workers)
    if args.child == "baseline":
        return child_baseline(Path(args.corpus), Path(args.out) / "graph.trig")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import write_corpus

    measured = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            corpus, out = Path(tmp) / "corpus.jsonl", Path(tmp) / "out"
            write_corpus(size, corpus, args.seed)
            common = ["--corpus", str(corpus), "--out", str(out)]
            ours = _child(["--child", "ours", "--workers", str(args.workers), *common], None)
            base = _child(["--child", "baseline", *common], args.budget)
        print(table(size, ours, base, args.workers), flush=True)
        measured.append({"articles": size, "orggraph": ours, "baseline": base})
    if args.json:
        Path(args.json).write_text(json.dumps(measured, indent=2) + "\n")


if __name__ == "__main__":
    main()
