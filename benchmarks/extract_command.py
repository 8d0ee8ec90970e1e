"""Throughput of the whole ``orggraph extract`` command, start-up included, on 1–3 KB reports.

Run: ``python benchmarks/extract_command.py [--articles N] [--repeat R] [--against REV]``.

The corpus is every gold article of 1–3 KB (``../shared/dev``, ``tests/data/heldout*``,
``tests/data/real*``) cycled to N articles, each made unique by a last line (the reader drops
duplicates). Each run is a fresh process, as a user runs the command; the median of R runs is
reported in MB of article text per second. With ``--against REV`` the same corpus goes through
the command of another revision of this repository (checked out in a temporary work tree)
in alternation with this one, and the ratio of the medians is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT.parent / "shared" / "dev", *sorted((ROOT / "tests" / "data").glob("heldout*")),
           *sorted((ROOT / "tests" / "data").glob("real[0-9]"))]


def corpus(n: int, path: Path) -> int:
    """Write ``n`` articles of 1–3 KB as JSON Lines to ``path``; return the text's bytes."""
    from orggraph.ingest import iter_articles
    from orggraph.report import RunReport

    found = [a for a in iter_articles([p for p in SOURCES if p.exists()], RunReport())
             if 1024 <= len(a.text.encode()) <= 3 * 1024]
    if not found:
        raise SystemExit("no gold articles of 1–3 KB to benchmark")
    size = 0
    with path.open("w", encoding="utf-8") as f:
        for k in range(n):
            a = found[k % len(found)]
            text = f"{a.text}\n\n(Mã tin {k})"
            size += len(text.encode())
            f.write(json.dumps({"id": f"{a.id}-{k}", "title": a.title, "text": text,
                                "published": a.published}, ensure_ascii=False) + "\n")
    return size


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--against", metavar="REV", help="also time this git revision's command")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "articles.jsonl", Path(tmp) / "facts.jsonl"
        size = corpus(args.articles, data)
        runs = {"this checkout": (ROOT / "src", [])}
        if args.against:
            tree = Path(tmp) / "against"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree),
                            args.against], check=True, capture_output=True)
            runs[args.against] = (tree / "src", [])
        try:
            for _ in range(args.repeat):  # alternate, so that load on the machine is shared
                for src, times in runs.values():
                    env = {**os.environ, "PYTHONPATH": str(src)}
                    times.append(timed([sys.executable, "-m", "orggraph.cli", "extract",
                                        str(data), "-o", str(out)], env))
        finally:
            if args.against:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                str(Path(tmp) / "against")], capture_output=True)
    mb = size / 1e6
    print(f"{args.articles} articles, {mb:.2f} MB of text, median of {args.repeat} runs "
          "(a fresh process each, start-up included)")
    medians = {}
    for name, (_, times) in runs.items():
        medians[name] = statistics.median(times)
        print(f"  {name:<16} {medians[name]:6.2f} s   {mb / medians[name]:5.2f} MB/s   "
              f"{args.articles / medians[name]:6.0f} articles/s")
    if args.against:
        ratio = medians[args.against] / medians["this checkout"]
        print(f"  speed-up against {args.against}: {ratio:.2f}×")


if __name__ == "__main__":
    main()
