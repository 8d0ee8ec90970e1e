"""Extraction throughput on one core: orggraph's extractor against the regex baseline.

Run: ``make bench`` (or ``python benchmarks/run.py [--articles N] [--repeat R]``). The corpus is
the bundled and gold articles, cycled to N articles; each measurement is repeated R times and
the median is reported with the ratio to the baseline measured in the same process.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline

from orggraph.articles import Article
from orggraph.extract.pipeline import Extractor
from orggraph.ingest import iter_articles
from orggraph.report import RunReport

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "data" / "articles", ROOT / "tests" / "data" / "heldout",
           ROOT.parent / "shared" / "dev"]


def corpus(n: int, min_kb: float = 0) -> list[Article]:
    """``n`` articles cycled from the bundled ones; with ``min_kb``, each is topped up with
    paragraphs of the next reports until it is at least that long (the target is stated for
    ~5 KB articles)."""
    found = [a for a in iter_articles([p for p in SOURCES if p.exists()], RunReport())]
    if not found:
        raise SystemExit(f"no articles to benchmark under {', '.join(map(str, SOURCES))}")
    out, k = [], 0
    while len(out) < n:
        first = found[k % len(found)]
        paragraphs = first.text.split("\n")
        k += 1
        while sum(len(p.encode()) + 1 for p in paragraphs) < min_kb * 1024:
            # top up paragraph by paragraph from the next reports, to stay near min_kb
            more = found[k % len(found)].text.split("\n")
            k += 1
            for p in more:
                paragraphs.append(p)
                if sum(len(q.encode()) + 1 for q in paragraphs) >= min_kb * 1024:
                    break
        out.append(Article(id=f"{first.id}-{len(out)}", text="\n".join(paragraphs),
                           title=first.title, published=first.published))
    return out


def measure(func, articles: list[Article], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for article in articles:
            func(article)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--min-kb", type=float, default=5.0,
                        help="join reports until each article is at least this long")
    args = parser.parse_args()
    articles = corpus(args.articles, args.min_kb)
    size = sum(len(a.text.encode()) for a in articles)
    start = time.perf_counter()
    extractor = Extractor.load()
    load_s = time.perf_counter() - start
    ours = measure(extractor.extract, articles, args.repeat)
    base = measure(baseline.extract, articles, args.repeat)
    med, bmed = statistics.median(ours), statistics.median(base)
    result = {
        "articles": len(articles), "mean_article_kb": round(size / len(articles) / 1024, 2),
        "extractor_load_s": round(load_s, 3),
        "orggraph": {"median_s": round(med, 3), "articles_per_s": round(len(articles) / med, 1),
                     "mb_per_s": round(size / med / 1e6, 3)},
        "regex_baseline": {"median_s": round(bmed, 3),
                           "articles_per_s": round(len(articles) / bmed, 1),
                           "mb_per_s": round(size / bmed / 1e6, 3)},
        "slowdown_vs_baseline": round(med / bmed, 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
