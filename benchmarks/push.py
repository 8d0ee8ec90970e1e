"""The load rate of ``orggraph push`` into a local Oxigraph server (quads per second).

Run: ``python benchmarks/push.py GRAPH [--copies K] [--repeat 3]`` with GRAPH a run's output
folder or its ``graph.trig`` (e.g. ``orggraph run ../shared/dev --out /tmp/dev`` first).
``--copies K`` makes the graph K times larger by repeating each named graph under K names
(the same triples, so K times the graphs and quads). Each repeat starts a fresh writable
server on an on-disk store in a temporary folder on 127.0.0.1, pushes the graph (first
load), pushes it again (replacing every graph), and stops the server; the median of the
repeats is printed for both.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store

from orggraph.push import push
from orggraph.server import load_graph, running_server


def copied_graph(source: Path, copies: int, folder: Path) -> Path:
    """An N-Quads file with each named graph of ``source`` under ``copies`` names."""
    store = Store()
    load_graph(store, source)
    out = folder / f"graph-x{copies}.nq"
    big = Store()
    for k in range(copies):
        big.extend(Quad(q.subject, q.predicate, q.object,
                        NamedNode(f"{q.graph_name.value}-copy{k}")
                        if isinstance(q.graph_name, NamedNode) else q.graph_name)
                   for q in store)
    big.dump(output=str(out), format=RdfFormat.N_QUADS)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("graph", type=Path)
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="orggraph-bench-") as scratch:
        graph = (copied_graph(args.graph, args.copies, Path(scratch)) if args.copies > 1
                 else args.graph)
        first, again = [], []
        for n in range(args.repeat):
            store = Path(scratch) / f"store{n}"
            with running_server(store, read_only=False) as endpoint:
                start = time.perf_counter()
                stats = push(graph, endpoint.store_url)
                first.append(stats.quads / (time.perf_counter() - start))
                start = time.perf_counter()
                push(graph, endpoint.store_url)
                again.append(stats.quads / (time.perf_counter() - start))
        print(f"{stats.graphs} graphs, {stats.quads} quads; median of {args.repeat}: "
              f"first push {statistics.median(first):,.0f} quads/s, "
              f"re-push {statistics.median(again):,.0f} quads/s "
              f"(all: {', '.join(f'{r:,.0f}' for r in first)} / "
              f"{', '.join(f'{r:,.0f}' for r in again)})")


if __name__ == "__main__":
    main()
