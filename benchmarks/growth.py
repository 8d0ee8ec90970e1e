"""How extraction time grows with an article's length (it should be linear).

Run: ``python benchmarks/growth.py [--paragraphs 1000 4000 16000] [--repeat 3]``. One report
paragraph (a name, a title chain, a change, places and a date) is repeated to make long
articles; each size is extracted ``--repeat`` times in this process and the median is printed
with its ratio to the previous size: ×4 text should cost about ×4 time, not ×16.
"""

from __future__ import annotations

import argparse
import statistics
import time

from orggraph.articles import Article
from orggraph.extract.pipeline import Extractor

PARAGRAPH = ("Sáng 2/5, đồng chí Hứa Văn Toàn, Bí thư Huyện ủy Quan Sơn, được bầu giữ chức Chủ "
             "tịch UBND xã Tân Lập tại tỉnh Thanh Hóa. Ông Toàn phát biểu tại hội nghị.")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--paragraphs", type=int, nargs="+", default=[1000, 4000, 16000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    ex = Extractor.load()
    previous: tuple[float, int] | None = None  # the last size's median and paragraphs
    for n in args.paragraphs:
        article = Article(id=f"long-{n}", text="\n".join([PARAGRAPH] * n), published="2024-05-02")
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            ex.extract(article)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        ratio = (f"  ×{median / previous[0]:.1f} time for ×{n / previous[1]:.0f} text"
                 if previous else "")
        size = len(article.text.encode()) / 1e6
        print(f"{n:>7} paragraphs {size:6.2f} MB  {median:7.2f} s{ratio}")
        previous = (median, n)


if __name__ == "__main__":
    main()
