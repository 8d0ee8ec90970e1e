"""Validation time: pyshacl on the whole graph against the parts validator, same store.

Run: ``python benchmarks/validation.py [--sizes 200 1000] [--repeat 3] [--whole-repeat 1]
[--workers 1 2]``. For each size a corpus is written by ``benchmarks/corpus.py`` (fixed
seed), extracted and built into a store as ``orggraph run`` does (the run's description
included); then :func:`orggraph.validate.validate` (one rdflib copy, pyshacl on it: the
validation before the parts validator) and :func:`orggraph.validate_parts.validate_parts`
on each number of workers are timed, and their reports compared. Printed per size: the
validated quads, the median seconds of each (and the runs), and whether the reports are
equal. The load average is printed first and last: the numbers mean little on a busy machine.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus

from orggraph.extract.pipeline import extract_all
from orggraph.ingest import iter_articles
from orggraph.pipeline import build_store
from orggraph.rdf.provenance import run_iri, run_quads
from orggraph.report import RunReport
from orggraph.store import article_graphs, load_quads
from orggraph.validate import CORPUS_GRAPHS, ValidationReport, validate
from orggraph.validate_parts import validate_parts


def built(articles: int, folder: Path) -> ox.Store:
    """The store ``orggraph run`` validates, for a generated corpus of ``articles``."""
    path = folder / f"corpus-{articles}.jsonl"
    write_corpus(articles, path)
    report = RunReport()
    pairs = [(f, a.text) for a, f in extract_all(iter_articles([path], report), report)]
    run = run_iri("bench", (f.id for f, _ in pairs))
    store = build_store(pairs, run=run)
    load_quads(store, run_quads(run, article_graphs(store), version="bench"))
    return store


def timed(repeat: int, job: Callable[[], ValidationReport]
          ) -> tuple[list[float], ValidationReport]:
    runs, report = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        report = job()
        runs.append(round(time.perf_counter() - start, 2))
    assert report is not None
    return runs, report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    ap.add_argument("--repeat", type=int, default=3, help="runs of the parts validator")
    ap.add_argument("--whole-repeat", type=int, default=1, help="runs of whole-graph pyshacl")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    print(f"load average {os.getloadavg()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            store = built(size, Path(tmp))
            quads = sum(1 for g in [*article_graphs(store), *CORPUS_GRAPHS, ox.DefaultGraph()]
                        for _ in store.quads_for_pattern(None, None, None, g))
            print(f"{size} articles, {quads} validated quads ({len(store)} in the store)",
                  flush=True)
            runs, whole = timed(args.whole_repeat, functools.partial(validate, store))
            print(f"  whole graph (pyshacl):  median {statistics.median(runs):7.2f} s  {runs}",
                  flush=True)
            for workers in args.workers:
                runs, parts = timed(args.repeat, functools.partial(validate_parts, store,
                                                                   workers=workers))
                print(f"  parts, {workers} worker(s):    median {statistics.median(runs):7.2f} s"
                      f"  {runs}  same report: {parts == whole}", flush=True)
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
