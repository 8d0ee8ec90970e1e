"""How extraction time and peak memory grow with an article's length (they should be linear).

Run: ``python benchmarks/growth.py [--paragraphs 1000 2000 4000 8000] [--repeat 3]
[--sources data/articles] [--mb 6]``. A long article is made of the report paragraphs of
``--sources`` (the bundled articles by default), copied again and again with the persons
and the places varied in each copy (another name, another province with its own districts
and communes), so that no cache of the extractor answers a later copy from an earlier one
as it would for one paragraph repeated. Each size is extracted in a fresh process,
``--repeat`` times; the median wall time and the median peak RSS of the extraction (VmHWM
above the process's RSS once the article is made, its text already in memory) are printed,
the RSS also as a multiple of the text's UTF-8 size, with their ratios to the previous
size: ×2 text should cost about ×2 time and memory, not ×4. ``--mb`` also times one
article of that many megabytes (the size of a long news page).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run in the child: make the article, extract it, print time and RSS as JSON.
CHILD = """
import gc, json, sys, time
sys.path.insert(0, {bench!r})
from growth import long_text
from orggraph.articles import Article
from orggraph.extract.pipeline import Extractor

def vm(key):  # this process's own figures: ru_maxrss would count the parent's, forked
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(key)) * 1024

ex = Extractor.load()
ex.extract(Article(id="warm", text="Sáng 2/5, ông Lê Văn An, Bí thư Huyện ủy Quan Sơn, họp."))
text = long_text({paragraphs}, {sources!r}, {mb})
article = Article(id="long", text=text, published="2024-05-02")
gc.collect()
with open("/proc/self/clear_refs", "w") as f:  # the peak from here on: not making the text
    f.write("5")
before = vm("VmRSS:")
start = time.perf_counter()
ex.extract(article)
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "peak": vm("VmHWM:") - before,
                   "bytes": len(text.encode()), "paragraphs": text.count("\\n") + 1}}))
"""


def _units_named(sources: list[Path]) -> tuple[list[str], list[str], dict[str, list]]:
    """The texts of ``sources``' articles, the persons they name and the places (level →
    units), as the extractor finds them."""
    from orggraph.extract.pipeline import Extractor
    from orggraph.ingest import iter_articles
    from orggraph.report import RunReport

    ex = Extractor.load()
    texts, persons, places = [], set(), {}
    for article in iter_articles(sources, RunReport()):
        doc = ex.read(article)
        texts.append(doc.text)
        persons.update(m.name for m in doc.mentions if len(m.name.split()) > 1)
        for _, unit in doc.places.mentions:
            places.setdefault(unit.level, {})[unit.id] = unit
    return texts, sorted(persons), {level: sorted(units.values(), key=lambda u: u.id)
                   for level, units in places.items()}


def _renaming(copy: int, places: dict[str, list], persons: list[str]) -> dict[str, str]:
    """Copy ``copy``'s names: every place named → another of its level, under the mapped
    parent where there is one (a district of the new province); every person → another
    given name. Copy 0 is the original."""
    from orggraph.gazetteer import default_gazetteer

    if copy == 0:
        return {}
    gaz = default_gazetteer()
    mapped: dict[str, object] = {}  # unit id → its replacement
    out: dict[str, str] = {}
    for level in ("province", "district", "commune"):
        for unit in places.get(level, ()):
            parent = mapped.get(unit.parent or "")
            pool = (gaz.children(parent) if parent is not None  # type: ignore[arg-type]
                    else list(gaz.units(era=unit.era, level=level)))
            pool = [u for u in pool if u.level == level] or [unit]
            new = pool[(zlib.crc32(unit.id.encode()) + copy * 7919) % len(pool)]
            mapped[unit.id] = new
            if len(unit.name) > 3 and not unit.name[-1].isdigit():
                out[unit.name] = new.name
    given = _given_names(gaz)
    for name in persons:
        parts = name.split()
        parts[-1] = given[(zlib.crc32(name.encode()) + copy) % len(given)]
        if len(parts) > 2:
            parts[-2] = given[(zlib.crc32(name.encode()) + 3 * copy) % len(given)]
        out[name] = " ".join(parts)
    return out


def _given_names(gaz) -> list[str]:
    """Name-like syllables: the capitalised words of the gazetteer's commune names."""
    return sorted({w for u in gaz.units(level="commune") for w in u.name.split()
                   if w.isalpha() and w[0].isupper() and len(w) > 1})


def _copies(sources: list[Path]) -> Iterator[str]:
    """Paragraphs of the sources' articles, copy after copy, each copy renamed."""
    texts, persons, places = _units_named(sources)
    paragraphs = [p for t in texts for p in t.split("\n") if p.strip()]
    copy = 0
    while True:
        rename = _renamer(_renaming(copy, places, persons))
        yield from (rename(p) for p in paragraphs)
        copy += 1


def _renamer(names: dict[str, str]) -> Callable[[str], str]:
    """A function that writes each of ``names`` (longest first) as its replacement."""
    if not names:
        return str
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda m: names[m.group(0)], text)


def long_text(paragraphs: int, sources: list[str] | None = None, mb: float = 0) -> str:
    """An article of ``paragraphs`` report paragraphs (or of ``mb`` megabytes, if given)."""
    found = [Path(s) for s in sources] if sources else [ROOT / "data" / "articles"]
    out: list[str] = []
    size = 0
    for p in _copies(found):
        if (mb and size >= mb * 1e6) or (not mb and len(out) >= paragraphs):
            break
        out.append(p)
        size += len(p.encode()) + 1
    return "\n".join(out)  # as a reader hands it on: normalised, one line break a paragraph


def measure(paragraphs: int, sources: list[str] | None, mb: float = 0) -> dict:
    """One extraction in a fresh process: seconds, peak bytes added, size."""
    code = CHILD.format(bench=str(Path(__file__).parent), paragraphs=paragraphs,
                        sources=sources, mb=mb)
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                          text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_of(repeat: int, paragraphs: int, sources: list[str] | None, mb: float = 0
              ) -> dict:
    runs = [measure(paragraphs, sources, mb) for _ in range(repeat)]
    return {**runs[0], "seconds": statistics.median(r["seconds"] for r in runs),
            "peak": statistics.median(r["peak"] for r in runs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--paragraphs", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sources", nargs="+", help="article files or folders to copy from")
    ap.add_argument("--mb", type=float, default=0, help="also one article of this many MB")
    args = ap.parse_args()
    print(f"{'paragraphs':>10} {'MB':>6} {'time':>8} {'peak RSS':>9} {'×size':>6}  ratios to "
          "the previous row")
    previous: dict | None = None
    for n in args.paragraphs:
        row = median_of(args.repeat, n, args.sources)
        _print(row, previous)
        previous = row
    if args.mb:
        _print(median_of(1, 0, args.sources, args.mb), None)


def _print(row: dict, previous: dict | None) -> None:
    mb = row["bytes"] / 1e6
    ratio = (f"  ×{row['bytes'] / previous['bytes']:.1f} text: ×"
             f"{row['seconds'] / previous['seconds']:.1f} time, ×"
             f"{row['peak'] / max(previous['peak'], 1):.1f} RSS" if previous else "")
    print(f"{row['paragraphs']:>10} {mb:6.2f} {row['seconds']:7.2f}s {row['peak'] / 1e6:7.0f}MB "
          f"{row['peak'] / row['bytes']:5.0f}×{ratio}", flush=True)


if __name__ == "__main__":
    main()
