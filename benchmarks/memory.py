"""Peak memory (VmHWM) and time of reading (and extracting) one huge article, per input format.

Run: ``python benchmarks/memory.py [--mb 19.5] [--formats jsonl txt yaml html tcvn3]
[--stages read extract] [--repeat 3] [--against REV]``. One article of about ``--mb``
megabytes of UTF-8 Vietnamese text (report paragraphs, varied so no two are alike, some in
the old tone convention: "hoá", "uỷ") is written in each format (``tcvn3``: a .txt file in
that legacy encoding, whose letters are one byte each, so that its text takes twice the
file's size in memory); each measurement runs in a
fresh process, ``--repeat`` times, and the median wall time and the median peak RSS are
printed, with the RSS above the process's own after start-up ("added") and that as a
multiple of the file's size. With ``--against REV`` that git revision's ``src/`` (taken with
``git archive``, no checkout) is measured on the same files, row by row. Stages:

- ``read``: :func:`orggraph.ingest.iter_articles` to the :class:`Article` (decoding,
  normalisation, checks, duplicate key): the part the README bounds;
- ``extract``: the same, then :meth:`Extractor.extract` on it (the extractor's own cost).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from orggraph.ingest.encoding import encode_tcvn3

PARAGRAPHS = (
    "Sáng {n}/5, đồng chí Hứa Văn Toàn, Bí thư Huyện ủy Quan Sơn, được bầu giữ chức Chủ tịch "
    "UBND xã Tân Lập tại tỉnh Thanh Hóa. Ông Toàn phát biểu tại hội nghị lần thứ {n}.",
    "Theo báo cáo số {n}, kinh tế của huyện tiếp tục phát triển, thu nhập bình quân đầu người "
    "đạt {n} triệu đồng, công tác xây dựng Đảng được chú trọng.",
    "Hội nghị đã thảo luận, đánh giá kết quả thực hiện nghị quyết, đề ra nhiệm vụ trọng tâm "
    "{n} trong thời gian tới.",
    "Ban Thường vụ Tỉnh uỷ Thanh Hoá giao nhiệm vụ số {n} cho Uỷ ban Kiểm tra, hoàn thành "
    "trong quý.",
)

# Run in the child: read (and extract) the article, then print start-up and peak RSS.
CHILD = """
import sys, time
from orggraph.ingest import iter_articles
from orggraph.report import RunReport

def vm(key):  # this process's own figures: ru_maxrss would count the parent's, forked
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith(key))

stage, path = sys.argv[1], sys.argv[2]
try:  # imported when a file is not UTF-8: once per process, not the article's cost
    import charset_normalizer
except ImportError:
    pass
# read once per process (cached) by the readers of pages and plain texts, for the byline words
from orggraph.vocab import load_vocabulary
load_vocabulary()
extractor = None
if stage == "extract":
    from orggraph.extract.pipeline import Extractor
    extractor = Extractor.load()
base = vm("VmRSS:")
start = time.perf_counter()
report = RunReport()
chars = 0
for article in iter_articles([path], report):
    chars += len(article.text)
    if extractor is not None:
        extractor.extract(article)
elapsed = time.perf_counter() - start
assert chars, [(s.status, s.reason) for s in report.inputs]
print(base, vm("VmHWM:"), elapsed, chars)
"""


def article_text(megabytes: float) -> str:
    """Report paragraphs up to ``megabytes`` of UTF-8."""
    out, size, n = [], 0, 0
    while size < megabytes * 1e6:
        paragraph = PARAGRAPHS[n % len(PARAGRAPHS)].format(n=n)
        out.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
        n += 1
    return "\n".join(out)


def write_inputs(folder: Path, megabytes: float, formats: list[str]) -> dict[str, Path]:
    """The article in each format, named ``big.FORMAT``, each file about ``megabytes``."""
    made = {}
    for fmt in formats:
        path = folder / (f"big.{fmt}" if fmt != "tcvn3" else "big-tcvn3.txt")
        # the markup around each paragraph: the text is cut so that the file keeps the size
        text = article_text(megabytes / {"html": 1.05, "yaml": 1.015}.get(fmt, 1.0))
        if fmt == "jsonl":
            data = json.dumps({"id": "big", "text": text, "published": "2024-05-02"},
                              ensure_ascii=False) + "\n"
        elif fmt == "txt":
            data = "Tin dài\n" + text
        elif fmt == "yaml":
            data = "id: big\npublished: 2024-05-02\ntext: |\n" + "".join(
                f"  {line}\n" for line in text.split("\n"))
        elif fmt == "tcvn3":  # a legacy 8-bit encoding: found by trying each
            path.write_bytes(encode_tcvn3("Tin dài\n" + text))
            made[fmt] = path
            continue
        elif fmt == "html":
            data = ("<html><head><meta charset='utf-8'><title>Tin dài</title></head><body>"
                    "<article>" + "".join(f"<p>{line}</p>" for line in text.split("\n"))
                    + "</article></body></html>")
        else:
            raise SystemExit(f"unknown format {fmt}")
        path.write_text(data, encoding="utf-8")
        made[fmt] = path
    return made


ROOT = Path(__file__).resolve().parents[1]


def measure(stage: str, path: Path, src: Path) -> tuple[int, int, float]:
    """(RSS after start-up, peak RSS, seconds) of one fresh process running ``src``'s code."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), os.environ.get("PYTHONPATH",
                                                                                 "")])}
    done = subprocess.run([sys.executable, "-c", CHILD, stage, str(path)], env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(done.stderr)
    base, peak, elapsed, _ = done.stdout.split()
    return int(base), int(peak), float(elapsed)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=19.5, help="article size in MB (limit: 20)")
    ap.add_argument("--formats", nargs="+", default=["jsonl", "txt", "yaml", "html", "tcvn3"])
    ap.add_argument("--stages", nargs="+", default=["read"], choices=["read", "extract"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--against", metavar="REV", help="also measure this git revision's code")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = write_inputs(Path(tmp), args.mb, args.formats)
        codes = {"this": ROOT / "src"}
        if args.against:
            codes[args.against] = export_src(args.against, Path(tmp) / "against")
        print(f"{'code':8} {'stage':8} {'format':6} {'file MB':>8} {'time s':>7} {'peak MB':>8} "
              f"{'added MB':>9} {'× file':>7}")
        for stage in args.stages:
            for fmt, path in inputs.items():
                for name, src in codes.items():
                    runs = [measure(stage, path, src) for _ in range(args.repeat)]
                    size = path.stat().st_size
                    peak = statistics.median(r[1] for r in runs)
                    added = statistics.median(r[1] - r[0] for r in runs)
                    seconds = statistics.median(r[2] for r in runs)
                    print(f"{name[:8]:8} {stage:8} {fmt:6} {size / 1e6:8.1f} {seconds:7.2f} "
                          f"{peak / 1e6:8.0f} {added / 1e6:9.0f} {added / size:7.1f}", flush=True)


def export_src(rev: str, folder: Path) -> Path:
    """``src/`` of git revision ``rev``, unpacked under ``folder`` (the checkout untouched)
    with the ``ontology/`` beside it that the extractor reads."""
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src", "ontology"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


if __name__ == "__main__":
    main()
