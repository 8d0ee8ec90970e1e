"""Extraction on several processes: chunks of articles to a pool, results back in input order.

:func:`extract_parallel` yields what :func:`orggraph.extract.pipeline.extract_all` yields, in
the same order and with the same report entries, so that the facts (and the graph built from
them) are byte-identical whatever the number of workers. Each worker loads its own
:class:`~orggraph.extract.pipeline.Extractor` once. At most ``2 × workers`` chunks are in
flight, so a 100k-article input is read as it is extracted, never held whole.

>>> from orggraph.articles import Article
>>> from orggraph.report import RunReport
>>> arts = [Article(id=f"a{n}", text="Sáng 26/3, đồng chí Lê Văn An, Bí thư Huyện ủy.")
...         for n in range(3)]
>>> [a.id for a, _ in extract_parallel(arts, RunReport(), workers=1)]
['a0', 'a1', 'a2']
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from multiprocessing.pool import AsyncResult

from orggraph.articles import Article
from orggraph.extract import pipeline
from orggraph.extract.pipeline import Extractor
from orggraph.facts import Facts
from orggraph.report import RunReport

CHUNK = 32  # articles per task: large enough that pickling and hand-over cost little

# the worker process's extractor (one per process, set by _start; never used in the parent)
_extractor: Extractor | None = None


def default_workers() -> int:
    """The cores this process may use (``os.cpu_count()`` when affinity is unknown)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start() -> None:
    global _extractor  # one extractor per worker process, loaded once
    # A forked worker inherits the command's handlers, which raise to end a run cleanly; in a
    # worker they would print a traceback when the pool ends it with SIGTERM. Ctrl-C is the
    # parent's to handle (it ends the pool); SIGTERM simply ends the worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _extractor = Extractor.load()


def _extract_chunk(articles: list[Article]) -> list[Facts | str]:
    """In a worker: :func:`_extract_with` its extractor."""
    assert _extractor is not None
    return _extract_with(_extractor, articles)


def _extract_with(extractor: Extractor, articles: list[Article]) -> list[Facts | str]:
    """Facts of each article, or the reason its extraction failed (reported by the parent)."""
    out: list[Facts | str] = []
    for article in articles:
        try:
            out.append(extractor.extract(article))
        except Exception as exc:  # one bad article must not end a 100k-article run
            out.append(f"extraction failed ({type(exc).__name__}: {exc}); "
                       "article left out of the graph")
    return out


def _add_error(report: RunReport, article: Article, reason: str) -> None:
    """Report a failed extraction where one worker would have: right after the article's
    own entry from reading (reading has gone on ahead meanwhile)."""
    report.add(article.origin or article.id, "error", article=article.id, reason=reason)
    entry = report.inputs.pop()
    at = next((i + 1 for i in range(len(report.inputs) - 1, -1, -1)
               if report.inputs[i].article == article.id), len(report.inputs))
    report.inputs.insert(at, entry)


def extract_parallel(articles: Iterable[Article], report: RunReport, workers: int | None = None,
                     chunk: int = CHUNK) -> Iterator[tuple[Article, Facts]]:
    """Extract with ``workers`` processes (default: :func:`default_workers`); with one, or
    with no more articles than one chunk, :func:`~orggraph.extract.pipeline.extract_all` in
    this process."""
    workers = workers or default_workers()
    if workers <= 1:
        yield from pipeline.extract_all(articles, report)
        return
    source = iter(articles)
    first = list(islice(source, chunk + 1))
    if len(first) <= chunk:  # one chunk: starting processes would cost more than it saves
        yield from pipeline.extract_all(first, report)
        return
    source = chain(first, source)
    # fork: the workers share the parent's loaded modules; nothing else is started before
    with mp.get_context("fork").Pool(workers, initializer=_start) as pool:
        pending: deque[tuple[list[Article], AsyncResult[list[Facts | str]]]] = deque()
        while True:
            while len(pending) < 2 * workers:
                batch = list(islice(source, chunk))
                if not batch:
                    break
                pending.append((batch, pool.apply_async(_extract_chunk, (batch,))))
            if not pending:
                return
            batch, result = pending.popleft()
            yield from _hand_over(batch, result.get(), report)


def _hand_over(batch: list[Article], results: list[Facts | str], report: RunReport
               ) -> Iterator[tuple[Article, Facts]]:
    """The articles with their facts, in order; failures reported as one worker would."""
    for article, got in zip(batch, results, strict=True):
        if isinstance(got, str):
            _add_error(report, article, got)
            continue
        report.counts["articles"] += 1
        yield article, got
