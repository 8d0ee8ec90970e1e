"""Reading one huge article costs a bounded multiple of its size, keeps nothing once it is
used, and the memory-saving paths give the same results as the plain ones."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tracemalloc
import unicodedata
from collections import deque
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orggraph.ingest import _text_key, iter_articles
from orggraph.ingest.readers import read_txt
from orggraph.jsonline import JsonLineError, loads_line
from orggraph.report import RunReport
from orggraph.text import _TO_SPACE, fold_tones, nfc, split_at_spaces

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))
from memory import CHILD, write_inputs  # noqa: E402  (the benchmark's own files and probe)

# README: reading an article costs at most 15 times its file's size, plus a fixed 20 MB
# (first use of caches and lazily loaded modules; the legacy-encoding guess on 200 KB)
READ_BOUND, READ_FIXED = 15, 20_000_000


# --------------------------------------------------------------------------- bounds

@pytest.mark.parametrize("fmt", ["jsonl", "txt", "yaml", "html", "tcvn3"])
def test_reading_a_huge_article_costs_a_bounded_multiple_of_its_size(tmp_path, fmt):
    """Peak memory (VmHWM, this process only) above start-up, in a fresh process."""
    path = write_inputs(tmp_path, 4, [fmt])[fmt]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parents[1] / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", CHILD, "read", str(path)], env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    base, peak, _, chars = done.stdout.split()
    added = int(peak) - int(base)
    assert int(chars) > 2_000_000
    assert added <= READ_BOUND * path.stat().st_size + READ_FIXED, (fmt, added / 1e6)


def _article_jsonl(folder: Path, text: str, n: int = 1, first: str = "Bài số") -> Path:
    """``n`` articles of ``text`` in one JSON Lines file, each with its own first line."""
    path = folder / f"{first}.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"a{i}", "text": f"{first} {i}.\n{text}"},
                               ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def long_text() -> str:
    from memory import article_text
    return article_text(2)


@pytest.mark.parametrize("fmt", ["jsonl", "txt"])
def test_while_an_article_is_used_reading_holds_nothing_but_its_text(tmp_path, long_text, fmt):
    """The file's bytes, its decoded text and the raw field are gone once the article is
    handed on (a generator's local names live on while the article is being extracted)."""
    if fmt == "jsonl":
        path = _article_jsonl(tmp_path, long_text)
    else:
        path = tmp_path / "big.txt"
        path.write_text("Tin dài\n" + long_text, encoding="utf-8")
    list(iter_articles([path], RunReport()))  # the caches of word checks, filled before
    tracemalloc.start()
    try:
        held = [tracemalloc.get_traced_memory()[0] - 2 * len(article.text)
                for article in iter_articles([path], RunReport())]
    finally:
        tracemalloc.stop()
    (beyond_text,) = held  # the article's text is 2 bytes a character (Vietnamese, UCS-2)
    assert beyond_text < 0.2 * path.stat().st_size, beyond_text / path.stat().st_size


def test_nothing_of_an_article_is_kept_once_it_is_dropped(tmp_path, long_text):
    """No cache keeps whole texts: the language check's cache once held the last 16."""
    list(iter_articles([_article_jsonl(tmp_path, long_text, n=3, first="Khởi động")],
                       RunReport()))  # the caches of word checks, filled before
    path = _article_jsonl(tmp_path, long_text, n=3)
    tracemalloc.start()
    try:
        deque(iter_articles([path], RunReport()), maxlen=0)  # each article dropped at once
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    # the cache keeps the first 200,000 characters of the last 16 texts, never a whole one
    assert kept < path.stat().st_size / 3, kept / (path.stat().st_size / 3)


# --------------------------------------------------------------------------- same results

_TEXT = st.text(alphabet=st.sampled_from(
    [*"aoueyqhkOUY \n\r\t", "á", "à", "ả", "ã", "ạ", "é", "ý", "ỷ", "\u0301", "\u0309",
     "\u00a0", "\u2028", "\x85", "\u3000", "Đ", "ư", "ơ"]),
    max_size=80)


def _nfc_plain(text: str) -> str:
    """nfc as it was written before it learnt to skip work: the reference."""
    text = unicodedata.normalize("NFC", text).translate(_TO_SPACE)
    return re.sub("  +", " ", re.sub(r" *\n[ \n]*", "\n", text))


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_nfc_gives_what_the_plain_recipe_gives(text):
    assert nfc(text) == _nfc_plain(text)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.integers(1, 12))
def test_tone_folding_in_pieces_is_folding_at_once(text, piece):
    assert fold_tones(text, piece=piece) == fold_tones(text, piece=10**9)
    assert "".join(split_at_spaces(text, piece)) == text


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.integers(1, 12))
def test_the_duplicate_key_in_pieces_is_the_key_of_the_whole(text, piece):
    plain = hashlib.sha1(" ".join(text.split()).casefold().encode("utf-8", "replace"))
    assert _text_key(text, piece) == plain.hexdigest()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "  \t", "Tiêu đề", "Thân bài một", "x y"]),
                max_size=6),
       st.sampled_from(["\n", "\r\n", "\r", "\u2028"]))
def test_a_txt_file_gives_the_title_and_body_it_gave_when_split_into_lines(
        tmp_path_factory, lines, end):
    path = tmp_path_factory.mktemp("txt") / "a.txt"
    path.write_bytes(end.join(lines).encode("utf-8"))
    (record,) = read_txt(path, "a.txt", 10_000)
    # the reference: every line end to "\n", blank lines off the top, first line the title
    # when more text follows (these lines all read as headlines), else the one line the body
    split = re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", end.join(lines)).split("\n")
    while split and not split[0].strip():
        split.pop(0)
    if not split:
        assert record.fields is None
        return
    assert record.fields is not None
    text = re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", record.fields["text"])
    if "\n".join(split[1:]).strip():
        assert (record.fields["title"], text) == (split[0], "\n".join(split[1:]))
    else:
        assert "title" not in record.fields and text == "\n".join(split)


@pytest.mark.parametrize("line", ['{"id": "a"}\n', '{"id": "a"}\r\n', '{"id": "a"}\r'])
def test_a_line_end_is_no_part_of_the_json(line):
    assert loads_line(line) == {"id": "a"}


def test_a_syntax_error_at_the_end_still_says_the_line_is_cut(tmp_path):
    with pytest.raises(JsonLineError, match=r"at column 11\)$"):
        loads_line('{"id": "a"\n')
    with pytest.raises(JsonLineError, match="cut short"):
        loads_line('{"id": "a', complete=False)


def test_a_page_with_more_text_than_trafilatura_handles_well_takes_the_plain_way(monkeypatch):
    from orggraph.ingest import html

    page = ("<html><head><title>Tin</title></head><body><article>"
            + "".join(f"<p>Đoạn {n}: Đảng ủy xã họp.</p>" for n in range(50))
            + "</article></body></html>")
    monkeypatch.setattr(html, "MAX_TRAFILATURA_CHARS", 500)
    fields = html.extract_page(page)
    assert "used the plain lxml extractor" in fields["note"]
    assert fields["text"].split("\n")[49] == "Đoạn 49: Đảng ủy xã họp."
