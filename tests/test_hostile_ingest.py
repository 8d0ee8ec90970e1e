"""The hostile-input corpus (tests/hostile/): one run over every case, each checked against the
manifest; arbitrary bytes and text never make a reader raise; the 20 MB limit."""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orggraph.ingest import iter_articles, read_article_file
from orggraph.ingest.encoding import text_stats
from orggraph.report import STATUSES, RunReport
from orggraph.text import normalize

HOSTILE = Path(__file__).resolve().parent / "hostile"
CORPUS = HOSTILE / "corpus"
CASES = yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus", HOSTILE / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def run():
    report = RunReport()
    articles = list(iter_articles([CORPUS], report))
    prefix = f"{CORPUS}/"
    by_input = {}
    for status in report.inputs:
        assert status.input.startswith(prefix)
        by_input.setdefault(status.input[len(prefix):], []).append(status)
    return articles, report, by_input


def test_manifest_is_big_enough_and_well_formed():
    assert len(CASES) >= 30
    assert len({c["input"] for c in CASES}) == len(CASES)
    for case in CASES:
        assert case["status"] in STATUSES, case
        assert case["status"] == "ok" or case.get("message"), case  # every failure says why
        assert (case["status"] == "ok") == ("id" in case), case


def test_committed_corpus_matches_its_generator(tmp_path):
    written = _load_generator().write(tmp_path)
    expected = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in written}
    committed = {p.relative_to(CORPUS).as_posix(): p.read_bytes()
                 for p in CORPUS.rglob("*") if p.is_file()}
    assert committed.keys() == expected.keys()
    assert [name for name in expected if committed[name] != expected[name]] == []
    assert sum(len(b) for b in committed.values()) < 1_000_000


@pytest.mark.parametrize("case", CASES, ids=[c["input"] for c in CASES])
def test_case(run, case):
    articles, _, by_input = run
    (status,) = by_input[case["input"]]  # reported exactly once
    assert status.status == case["status"], status.reason
    if case.get("message"):
        assert case["message"] in (status.reason or ""), status.reason
    if case["status"] == "ok":
        assert status.article == case["id"]
        article = next(a for a in articles if a.id == case["id"])
        assert article.origin == f"{CORPUS}/{case['input']}"
        if case.get("contains"):
            assert case["contains"] in article.text


def test_every_input_is_in_the_manifest_exactly_once(run):
    _, _, by_input = run
    assert sorted(by_input) == sorted(c["input"] for c in CASES)
    assert all(len(v) == 1 for v in by_input.values())
    assert ".hidden.txt" not in by_input  # hidden files are not inputs


def test_every_good_article_came_through_once(run):
    articles, report, _ = run
    expected = sorted(c["id"] for c in CASES if c["status"] == "ok")
    assert sorted(a.id for a in articles) == expected
    assert len(articles) == sum(s.status == "ok" for s in report.inputs)


def test_messages_are_one_line_and_say_what_was_done(run):
    _, report, _ = run
    for s in report.inputs:
        if s.status == "ok":
            continue
        assert "\n" not in s.reason and "\r" not in s.reason
        assert re.search(r"(skipped|ignored|dropped|nothing read|not read)", s.reason), s.reason


def test_articles_are_clean_normalised_vietnamese(run):
    articles, _, _ = run
    for a in articles:
        assert a.text == a.text.strip() and a.text
        assert unicodedata.is_normalized("NFC", a.text)
        assert normalize(a.text) == a.text  # offsets into it survive re-normalisation
        assert text_stats(a.text).looks_vietnamese, a.id
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\ud800-\udfff]", a.text)
        assert re.fullmatch(r"[A-Za-z0-9._-]+", a.id)
        assert a.published is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.published)


def test_particular_articles(run):
    articles, _, _ = run
    by_id = {a.id: a for a in articles}
    page = by_id["page-good"]
    assert page.captions == ("Đồng chí Phạm Quốc Bảo trao huy hiệu cho đảng viên. Ảnh: Lê Thu "
                             "Trang", "Các đại biểu dự buổi lễ.")
    assert "Ảnh:" not in page.text and "Các đại biểu dự buổi lễ" not in page.text
    assert (page.title, page.published, page.author, page.source, page.url) == (
        "Trao Huy hiệu 40 năm tuổi Đảng", "2025-05-03", "Lê Thu Trang", "Báo Mẫu",
        "https://baomau.example.vn/tin/trao-huy-hieu.html")
    gold = by_id["tin-yaml-01"]
    assert (gold.url, gold.published, gold.source) == (
        "https://baomau.example.vn/tin/hoi-nghi-01.html", "2025-04-12", "Báo Mẫu")
    assert "Trần Văn Minh" not in gold.text  # only in the gold section, which is ignored
    assert by_id["tin-01"].published == "2025-04-12"
    assert by_id["20250412"].published == "2025-04-12"
    tones = by_id["good-old-tones"]
    assert tones.title == "Đảng ủy phường Hòa Lạc"
    assert "phường Hòa Lạc" in tones.text and "sức khỏe" in tones.text
    assert not {"Hoà", "uỷ", "khoẻ"} & set(tones.text.split())
    assert by_id["tin-13"].text.endswith("\ufffd")  # a lone surrogate, made harmless
    # TCVN3 writes ư as a soft hyphen: repaired before invisible characters are dropped
    assert by_id["mojibake-tcvn3-as-unicode"].title == "Văn bản TCVN3 dán vào thư mục"
    assert by_id["mojibake-repairable"].title == "Tin bị lỗi mã"
    assert by_id["good-utf16le-bom"].title == "Kỳ họp bất thường"


# --------------------------------------------------------------------------- limits

def test_twenty_megabyte_article_is_skipped_with_its_size(tmp_path):
    line = "Sáng 12/4, đồng chí Trần Văn Minh chủ trì hội nghị của Đảng ủy xã Tân Phú.\n"
    body = line * (20_000_100 // len(line.encode("utf-8")) + 1)
    big = tmp_path / "huge.txt"
    big.write_text("Tiêu đề\n" + body, encoding="utf-8")
    size = big.stat().st_size
    assert size > 20_000_000
    rows = [{"id": "nho", "text": line.strip()}, {"id": "lon", "text": body},
            {"id": "n2", "text": "Chiều 3/5, Huyện ủy Đông Sơn trao Huy hiệu Đảng."}]
    (tmp_path / "feed.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = RunReport()
    articles = list(iter_articles([tmp_path], report))
    assert [a.id for a in articles] == ["nho", "n2"]
    by = {Path(s.input).name: s for s in report.inputs}
    assert by["huge.txt"].status == "skipped"
    assert f"file is {size:,} bytes, over the limit of 20,000,000 bytes" in by["huge.txt"].reason
    assert by["feed.jsonl:2"].status == "skipped"
    assert "over the limit of 20,000,000 bytes" in by["feed.jsonl:2"].reason
    assert by["feed.jsonl:3"].status == "ok"


# --------------------------------------------------------------------------- never raises

_SUFFIXES = st.sampled_from([".txt", ".jsonl", ".yaml", ".html", ".md"])
_VIETNAMESE_ISH = st.text(alphabet=st.sampled_from(list(
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữự"
    "ỳýỷỹỵ ĐÂ\n:{}\"'[]-,.0123456789\\\x00\ufeff")), max_size=300)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=600),
                      _VIETNAMESE_ISH.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       suffix=_SUFFIXES)
def test_readers_never_raise_on_arbitrary_bytes(tmp_path, data, suffix):
    path = tmp_path / f"x{suffix}"
    path.write_bytes(data)
    report = RunReport()
    articles = list(read_article_file(path, report))
    assert report.inputs, "every input is reported"
    assert len({s.input for s in report.inputs}) == len(report.inputs)
    assert all(s.status in STATUSES and s.status != "error" for s in report.inputs), [
        s.reason for s in report.inputs]
    assert len(articles) == sum(s.status == "ok" for s in report.inputs)
    if suffix != ".jsonl":
        assert len(report.inputs) == 1
    for a in articles:
        assert normalize(a.text) == a.text


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=400), suffix=_SUFFIXES)
def test_readers_never_raise_on_arbitrary_text(tmp_path, text, suffix):
    path = tmp_path / f"y{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    report = RunReport()
    list(read_article_file(path, report))
    assert report.inputs and all(s.status != "error" for s in report.inputs)
