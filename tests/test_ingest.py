"""Unit tests of the readers: encodings, field checks, ids, dates, walking, stdin, HTML."""

from __future__ import annotations

import doctest
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import orggraph.atomic
import orggraph.ingest
import orggraph.ingest.encoding
import orggraph.ingest.html
import orggraph.ingest.readers
from orggraph.ingest import IngestError, decode_bytes, iter_articles, read_article_file
from orggraph.ingest.encoding import (
    decode_bytes_verbose,
    decode_tcvn3,
    decode_vni,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    repair_mojibake,
    text_stats,
)
from orggraph.ingest.html import _fallback, drop_noise, extract_page, parse, take_captions
from orggraph.ingest.readers import normalize_date, safe_id
from orggraph.report import RunReport
from orggraph.text import normalize

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev"

# Invented sentences (no names or places from the dev set).
A = ("Sáng 12/4, đồng chí Trần Văn Minh, Bí thư Đảng ủy xã Tân Phú, chủ trì hội nghị sơ kết "
     "công tác xây dựng Đảng quý I năm 2025 tại hội trường xã.")
B = ("Chiều 3/5, Ban Thường vụ Huyện ủy Đông Sơn tổ chức lễ trao Huy hiệu 40 năm tuổi Đảng cho "
     "đồng chí Lê Thị Hạnh; đồng chí Phạm Quốc Bảo, Phó Bí thư Thường trực, dự và phát biểu.")
C = ("Ngày 20/6, Hội đồng nhân dân xã Bình Khê họp kỳ họp bất thường, bầu đồng chí Đỗ Minh "
     "Tuấn giữ chức Chủ tịch Ủy ban nhân dân xã nhiệm kỳ 2021-2026.")
ENGLISH = "The provincial committee met on Monday to review the work of the first quarter."


def read(paths, **kw) -> tuple[list, RunReport]:
    report = RunReport()
    return list(iter_articles(paths, report, **kw)), report


def statuses(report: RunReport) -> list[tuple[str, str]]:
    return [(Path(s.input).name, s.status) for s in report.inputs]


# --------------------------------------------------------------------------- decoding

@pytest.mark.parametrize("encode,name", [
    (lambda t: t.encode("utf-8"), "UTF-8"),
    (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "UTF-8 with BOM"),
    (lambda t: t.encode("utf-16"), "UTF-16 with BOM"),
    (lambda t: t.encode("utf-32"), "UTF-32 with BOM"),
    (lambda t: t.encode("utf-16-be"), "UTF-16-BE without BOM"),
    (encode_cp1258, "Windows-1258"),
    (encode_tcvn3, "TCVN3"),
    (encode_vni, "VNI-Windows"),
])
def test_decode_bytes_recognises_each_encoding(encode, name):
    text = B.replace("Đông Sơn", "Đông Sơn")  # only TCVN3-safe capitals
    decoded = decode_bytes_verbose(encode(text), "x.txt")
    assert decoded.encoding == name
    assert unicodedata.normalize("NFC", decoded.text) == text


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL byte at offset 8"),
    (bytes(range(1, 9)) * 20, "control bytes"),
    (b"\xff\xfe\x00\xd8ab", "not valid UTF-16"),
    ("Le café est fermé, l'équipe a préparé la fête".encode("latin-1"), "no Vietnamese encoding"),
])
def test_decode_bytes_refuses_with_a_reason(data, reason):
    with pytest.raises(IngestError) as info:
        decode_bytes(data, "data/x.txt")
    assert reason in str(info.value)
    assert str(info.value).startswith("data/x.txt: ")
    assert "\n" not in str(info.value)


def test_a_stray_byte_costs_one_character_not_the_article():
    data = A.encode("utf-8")
    cut = data.index(b" ", 30)
    decoded = decode_bytes_verbose(data[:cut] + b"\xff" + data[cut:], "x.txt")
    assert decoded.text.replace("\ufffd", "") == A
    assert "1 invalid byte sequence" in decoded.encoding


# Vietnamese words over the letters TCVN3 can write in both cases.
_WORDS = (
    "đồng chí bí thư đảng ủy xã huyện tỉnh hội nghị phó chủ tịch ban thường vụ trưởng kiểm tra "
    "nhân dân mặt trận tổ quốc khóa nhiệm kỳ đại biểu bầu giữ chức lễ trao huy hiệu năm tuổi "
    "người được khuyến khích quyết định thuế ưu tiên Đông Tây Ông Ăn")
_SYLLABLES = st.sampled_from(_WORDS.split())
_VIET_TEXT = st.lists(_SYLLABLES, min_size=6, max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_VIET_TEXT, st.sampled_from([encode_cp1258, encode_tcvn3, encode_vni,
                                    lambda t: t.encode("utf-8"), lambda t: t.encode("utf-16")]))
def test_legacy_encodings_round_trip(text, encode):
    assert decode_bytes(encode(text), "x") == text


def test_tcvn3_and_vni_tables():
    assert decode_tcvn3(b"\xa7\xb6ng \xf1y x\xb7 T\xa9n Ph\xf3") == "Đảng ủy xã Tân Phú"
    assert decode_vni("Ñaûng uûy xaõ Taân Phuù".encode("cp1252")) == "Đảng ủy xã Tân Phú"
    assert decode_vni("ÑOÀNG CHÍ".encode("cp1252")) == "ĐỒNG CHÍ"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_decode_bytes_raises_only_ingest_errors(data):
    try:
        text = decode_bytes(data, "x")
    except IngestError as e:
        assert "\n" not in str(e)
    else:
        assert isinstance(text, str)


def test_repair_mojibake_and_its_limits():
    broken = A.encode("utf-8").decode("cp1252", errors="replace")
    fixed, note = repair_mojibake(broken)
    assert note and "UTF-8 read as Windows-1252" in note
    assert text_stats(fixed).looks_vietnamese
    assert repair_mojibake(A) == (A, None)  # good text is left alone
    twice = A.encode("utf-8").decode("latin-1").encode("utf-8").decode("latin-1")
    with pytest.raises(IngestError, match="mis-decoded"):
        repair_mojibake(twice)


def test_text_stats_accepts_every_dev_article():
    if not DEV.is_dir():
        pytest.skip("shared/dev not present")
    for path in sorted(DEV.glob("*.yaml")):
        stats = text_stats(yaml.safe_load(path.read_text(encoding="utf-8"))["text"])
        assert stats.looks_vietnamese and not stats.looks_mojibake, path.name
        assert stats.good_ratio > 0.97, path.name


# --------------------------------------------------------------------------- fields

@pytest.mark.parametrize("raw,iso", [
    ("2025-04-12", "2025-04-12"), ("2025-04-12T23:59:00+07:00", "2025-04-12"),
    ("2025/4/2", "2025-04-02"), ("12/04/2025", "2025-04-12"), ("2.4.2025", "2025-04-02"),
    ("Thứ bảy, 12/04/2025 - 08:30", "2025-04-12"), ("ngày 5 tháng 9 năm 2024", "2024-09-05"),
    ("20250412", "2025-04-12"), ("2025-02-30", None), ("31/31/2025", None), ("hôm qua", None),
    ("", None), (20250412, None),
])
def test_normalize_date(raw, iso):
    assert normalize_date(raw) == iso


@given(st.text(max_size=80))
def test_safe_id_is_always_file_name_safe(raw):
    out = safe_id(raw)
    assert re.fullmatch(r"(?:[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9_])?|[A-Za-z0-9]", out), out
    assert ".." not in out.split("/") and "/" not in out and len(out) <= 121


def test_jsonl_fields_ids_and_dates(tmp_path):
    lines = [
        {"id": "Tin số 1/2025", "text": A, "title": "  Hội   nghị ", "published": "12/04/2025",
         "url": "https://bao.example.vn/a.html", "source": "Báo Mẫu", "author": "Lê Thu"},
        {"text": B, "published": "không rõ"},
        {"id": "tin-so-1-2025", "text": C},
        {"id": ["x"], "text": A.replace("12/4", "13/4"), "captions": ["Ảnh: Lê Thu"]},
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n",
                    encoding="utf-8")
    arts, report = read([path])
    assert [a.id for a in arts] == ["Tin-so-1-2025", "news-2", "tin-so-1-2025-2", "news-4"]
    first = arts[0]
    assert (first.title, first.published, first.url, first.source, first.author) == (
        "Hội nghị", "2025-04-12", "https://bao.example.vn/a.html", "Báo Mẫu", "Lê Thu")
    assert first.origin == f"{path}:1"
    assert arts[3].captions == ("Ảnh: Lê Thu",)
    reasons = [s.reason or "" for s in report.inputs]
    assert "'không rõ' not understood" in reasons[1]
    assert "renamed 'tin-so-1-2025-2'" in reasons[2]
    assert "field 'id' ignored" in reasons[3]


def test_text_is_normalised_and_offsets_stay_valid(tmp_path):
    raw = unicodedata.normalize("NFD", "Đảng uỷ phường Hoà Lạc\u00a0họp.\r\n\r\nSức khoẻ tốt.")
    (tmp_path / "a.yaml").write_text(yaml.safe_dump({"text": raw}), encoding="utf-8")
    (art,), _ = read([tmp_path / "a.yaml"])
    assert art.text == normalize(art.text) == "Đảng ủy phường Hòa Lạc họp.\nSức khỏe tốt."
    assert art.text[art.text.index("Hòa"):][:7] == "Hòa Lạc"


def test_duplicates_by_url_variant_and_by_text(tmp_path):
    rows = [{"id": "a", "url": "https://www.bao.example.vn/tin/1.html", "text": A},
            {"id": "b", "url": "http://bao.example.vn/tin/1.html/?utm_source=x#c", "text": B},
            {"id": "c", "text": "  " + A.replace(" ", "  ") + " "}]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    arts, report = read([path])
    assert [a.id for a in arts] == ["a"]
    assert [s.status for s in report.inputs] == ["ok", "duplicate", "duplicate"]
    assert report.inputs[1].reason.startswith(f"same URL as {path}:1; processed once")
    assert report.inputs[2].reason.startswith(f"same text as {path}:1")


def test_max_bytes_for_files_and_lines(tmp_path):
    (tmp_path / "big.txt").write_text("Tiêu đề\n" + A * 20, encoding="utf-8")
    rows = [json.dumps({"id": "s", "text": A}), json.dumps({"id": "l", "text": B * 30}),
            json.dumps({"id": "t", "text": C})]
    (tmp_path / "mix.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    arts, report = read([tmp_path], max_bytes=2000)
    assert [a.id for a in arts] == ["s", "t"]
    by = {Path(s.input).name: s for s in report.inputs}
    assert by["big.txt"].status == "skipped" and "over the limit of 2,000 bytes" in by[
        "big.txt"].reason
    assert by["mix.jsonl:2"].status == "skipped"
    assert "line is" in by["mix.jsonl:2"].reason and "the other lines were read" in by[
        "mix.jsonl:2"].reason


# --------------------------------------------------------------------------- inputs

def test_folders_globs_missing_and_repeated_inputs(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text("T\n" + A, encoding="utf-8")
    (tmp_path / "a.txt").write_text("T\n" + B, encoding="utf-8")
    (tmp_path / "c.txt").write_text("T\n" + C, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "y.txt").write_text("T\n" + A, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    arts, report = read([tmp_path / "b" / "x.txt", tmp_path, str(tmp_path / "*.txt"),
                         tmp_path / "nope.txt", str(tmp_path / "*.yaml"), tmp_path / "empty"])
    assert [a.id for a in arts] == ["x", "a", "c"]  # x.txt read once although named twice
    assert [s for s in statuses(report) if s[1] != "ok"] == [
        ("nope.txt", "skipped"), ("*.yaml", "skipped"), ("empty", "skipped")]
    reasons = [s.reason for s in report.inputs if s.status != "ok"]
    assert reasons == ["no such file or folder; nothing read",
                       "no files match this pattern; nothing read",
                       "folder has no files; nothing read"]


def test_folder_order_is_sorted_by_path(tmp_path):
    for name, text in (("c.txt", A), ("a/z.txt", B), ("b.txt", C)):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("T\n" + text, encoding="utf-8")
    arts, _ = read([tmp_path])
    assert [a.id for a in arts] == ["z", "b", "c"]


def test_stdin_text_and_bytes():
    lines = json.dumps({"id": "x", "text": A}) + "\nnot json\n" + json.dumps({"text": B}) + "\n"
    arts, report = read(["-"], stdin=io.StringIO(lines))
    assert [a.id for a in arts] == ["x", "stdin-3"]
    assert [s.input for s in report.inputs] == ["<stdin>:1", "<stdin>:2", "<stdin>:3"]
    raw = io.TextIOWrapper(io.BytesIO(lines.encode("utf-8") + b'{"text": "\xff\xfe"}\n'))
    arts, report = read(["-"], stdin=raw)
    assert len(arts) == 2 and report.inputs[-1].status == "skipped"
    _, report = read(["-"], stdin=io.StringIO(""))
    assert statuses(report) == [("<stdin>", "skipped")]


def test_stdin_missing_or_closed(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    _, report = read(["-"])
    assert [(s.input, s.status) for s in report.inputs] == [("<stdin>", "skipped")]
    assert "no standard input" in report.inputs[0].reason
    closed = io.StringIO("x")
    closed.close()
    _, report = read(["-"], stdin=closed)
    assert [(s.input, s.status) for s in report.inputs] == [("<stdin>", "error")]
    assert report.inputs[0].reason.startswith("unexpected ValueError")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_stdin_never_raises_on_any_text(text):
    arts, report = read(["-"], stdin=io.StringIO(text))
    assert len(report.inputs) >= 1
    assert len({s.input for s in report.inputs}) == len(report.inputs)
    assert all("\n" not in (s.reason or "") for s in report.inputs)
    assert len(arts) == sum(s.status == "ok" for s in report.inputs)


def test_unexpected_input_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "a.txt").write_text("T\n" + A, encoding="utf-8")
    arts, report = read([None, tmp_path / "a.txt"])
    assert [a.id for a in arts] == ["a"]
    assert report.inputs[0].status == "error"
    assert report.inputs[0].reason.startswith("unexpected TypeError")


def test_messages_name_file_reason_and_action(tmp_path):
    (tmp_path / "x.jsonl").write_text('{"id": 1, "text": "Sáng 12/4" "đồng chí"}\n',
                                      encoding="utf-8")
    out = io.StringIO()
    report = RunReport(messages=out)
    list(iter_articles([tmp_path / "x.jsonl"], report))
    assert out.getvalue() == (
        f"{tmp_path / 'x.jsonl'}:1: skipped: not valid JSON (Expecting ',' delimiter at column "
        "31); line skipped, the other lines were read\n")


def test_read_article_file_one_file(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("Tiêu đề\n" + A + "\n" + B, encoding="utf-8")
    report = RunReport()
    (art,) = read_article_file(path, report)
    assert (art.id, art.title, art.text) == ("p", "Tiêu đề", A + "\n" + B)
    assert [(s.input, s.status) for s in report.inputs] == [(str(path), "ok")]


# --------------------------------------------------------------------------- HTML

PAGE = """<html><head><meta charset="utf-8"><title>Hội nghị sơ kết - Báo Mẫu</title>
<meta property="og:title" content="Hội nghị sơ kết quý I">
<meta property="article:published_time" content="2025-04-12T08:00:00+07:00">
<meta name="author" content="Lê Thu Trang"><meta property="og:site_name" content="Báo Mẫu">
<link rel="canonical" href="https://baomau.example.vn/tin/hoi-nghi.html"></head>
<body><nav><li>Trang chủ</li><li>Thời sự</li></nav><article><h1>Hội nghị sơ kết quý I</h1>
<p>{a}</p><figure><img src="x.jpg"><figcaption>Quang cảnh hội nghị.</figcaption></figure>
<p>{b}</p><div class="PhotoCMS_Caption"><p>Đồng chí Trần Văn Minh phát biểu.</p></div>
<p>{c}</p></article><footer>Bản quyền Báo Mẫu</footer></body></html>"""


def test_html_page_fields_and_captions_apart(tmp_path):
    (tmp_path / "p.html").write_text(PAGE.format(a=A, b=B, c=C), encoding="utf-8")
    (art,), _ = read([tmp_path / "p.html"])
    assert art.captions == ("Quang cảnh hội nghị.", "Đồng chí Trần Văn Minh phát biểu.")
    assert "Quang cảnh" not in art.text and "Trần Văn Minh phát biểu" not in art.text
    assert A in art.text and C in art.text
    assert not art.text.startswith("Hội nghị sơ kết")  # headline not repeated in the body
    assert (art.title, art.published, art.url, art.author, art.source) == (
        "Hội nghị sơ kết quý I", "2025-04-12", "https://baomau.example.vn/tin/hoi-nghi.html",
        "Lê Thu Trang", "Báo Mẫu")
    assert "Trang chủ" not in art.text and "Bản quyền" not in art.text


def test_html_fallback_extractor_without_trafilatura():
    tree = parse(PAGE.format(a=A, b=B, c=C))
    captions = take_captions(tree)
    drop_noise(tree)
    fields = _fallback(tree)
    assert len(captions) == 2
    assert fields["text"].split("\n") == [A, B, C]  # no captions, menus or footer
    assert fields["url"] == "https://baomau.example.vn/tin/hoi-nghi.html"
    assert fields["published"].startswith("2025-04-12")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_extract_page_never_raises(html):
    fields = extract_page(html)
    assert isinstance(fields["text"], str) and isinstance(fields["captions"], list)


def test_html_without_trafilatura_still_reads_the_page(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as when lxml_html_clean is missing
    (tmp_path / "p.html").write_text(PAGE.format(a=A, b=B, c=C), encoding="utf-8")
    (art,), report = read([tmp_path / "p.html"])
    assert art.text == "\n".join([A, B, C])
    assert (art.title, art.published, art.url) == (
        "Hội nghị sơ kết quý I", "2025-04-12", "https://baomau.example.vn/tin/hoi-nghi.html")
    assert len(art.captions) == 2
    assert "plain lxml extractor" in report.inputs[0].reason


@pytest.mark.parametrize("module", [orggraph.ingest, orggraph.ingest.encoding,
                                    orggraph.ingest.html, orggraph.ingest.readers,
                                    orggraph.atomic])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_captions_inside_a_long_caption_named_wrapper():
    tree = parse(f"<html><body><div class='caption-wrap'><p>{A} {B} {C} {A} {B}</p>"
                 "<figure><img src='x.jpg'><figcaption>Ảnh: Lê Thu</figcaption></figure>"
                 f"<p>{C}</p></div></body></html>")
    assert take_captions(tree) == ["Ảnh: Lê Thu"]
    assert "Ảnh" not in tree.text_content() and C in tree.text_content()
