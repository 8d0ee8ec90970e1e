"""Whole-pipeline timings by stage on N distinct articles (bundled reports, varied so that
de-duplication keeps them all): read+extract, build graph, validate, export, picture.

Run: ``python benchmarks/pipeline.py [--articles N]``; prints run.json's timings and counts.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import corpus

from orggraph.pipeline import run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with src.open("w", encoding="utf-8") as out:
            for n, a in enumerate(corpus(args.articles)):
                # a distinct closing line keeps every copy (ingest drops repeated texts)
                out.write(json.dumps({"id": f"bench-{n}", "text": f"{a.text}\n\nBản tin số {n}.",
                                      "title": a.title, "published": a.published},
                                     ensure_ascii=False) + "\n")
        result = run([src], Path(tmp) / "out")
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"articles": result.report.counts["articles"],
                          "quads": result.report.counts["quads"],
                          "conforms": result.validation.conforms,
                          "timings_s": result.report.timings,
                          "max_rss_mb": round(rss_mb)}, indent=2))


if __name__ == "__main__":
    main()
