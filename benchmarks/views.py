"""How the views hold up as the corpus grows: ``view.html`` and the ``viz`` pictures.

Run: ``python benchmarks/views.py [--articles 63 1000] [--graph out/graph.trig] [--repeat 3]``.
For each size a corpus is generated (``benchmarks/corpus.py``, fixed seed) and run through
``orggraph run``; ``--graph`` adds an existing graph (the dev reports'). For each graph it
prints the median seconds and the size of: the interactive view (``view.write_view``), the
overview ``run`` draws (``viz.overview``), and a one-province picture (``viz --province`` of
the province with the most bodies), with the number of boxes each picture shows out of the
bodies of the graph. Readable means a bounded number of boxes, whatever the corpus size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pyoxigraph import RdfFormat, Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus

from orggraph.pipeline import run
from orggraph.view import write_view
from orggraph.viewgraph import select, timed_graph
from orggraph.viz import overview, reporting_lines_svg


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def boxes(svg: Path) -> int:
    """The bodies a dot SVG draws: one ``class="node"`` group each."""
    return svg.read_text(encoding="utf-8").count('class="node"')


def measure(name: str, store: Store, work: Path, repeat: int) -> list[str]:
    G = timed_graph(store)
    bodies = G.number_of_nodes()
    view, lines, province = work / "view.html", work / "lines.svg", work / "province.svg"
    t_view = median_seconds(lambda: write_view(store, view), repeat)
    t_over = median_seconds(lambda: overview(store, lines), repeat)
    provinces = Counter(d.get("province_label") for _, d in G.nodes(data=True)
                        if d.get("province_label"))
    top = provinces.most_common(1)[0][0] if provinces else None
    rows = [f"| {name} | {bodies} | view.html | {t_view:.2f} | {view.stat().st_size / 1e6:.2f} MB"
            " | all, on demand |",
            f"| {name} | {bodies} | overview SVG | {t_over:.2f} | "
            f"{lines.stat().st_size / 1e3:.0f} kB | {boxes(lines)} |"]
    if top:
        def draw() -> None:
            reporting_lines_svg(select(G, province=top).graph, province)
        t_prov = median_seconds(draw, repeat)
        rows.append(f"| {name} | {bodies} | --province {top} | {t_prov:.2f} | "
                    f"{province.stat().st_size / 1e3:.0f} kB | {boxes(province)} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="*", default=[63, 1000])
    parser.add_argument("--graph", action="append", default=[], help="an existing graph.trig")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print("| graph | bodies | output | median s | size | boxes shown |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for path in args.graph:
            store = Store()
            store.bulk_load(path=path, format=RdfFormat.TRIG)
            for row in measure(Path(path).parent.name or path, store, work, args.repeat):
                print(row, flush=True)
        for n in args.articles:
            corpus = work / f"corpus-{n}.jsonl"
            write_corpus(n, corpus, seed=args.seed)
            result = run([corpus], work / f"out-{n}")
            for row in measure(f"{n} generated", result.store, work, args.repeat):
                print(row, flush=True)


if __name__ == "__main__":
    main()
