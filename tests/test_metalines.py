"""A .txt file's optional title, and a page's date line and byline read as metadata (the
published date, the author, the outlet quoted), kept out of the text facts are taken from."""

from __future__ import annotations

import datetime as dt
import doctest

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orggraph.ingest.metalines
from orggraph.extract.pipeline import Extractor
from orggraph.ingest import iter_articles
from orggraph.ingest.metalines import byline_line, date_line, split_meta
from orggraph.report import RunReport
from orggraph.vocab import load_vocabulary

# Invented sentences (no names or places from the dev set).
LEDE = ("Sáng 3/3, Đảng ủy xã Tân Phú tổ chức hội nghị sơ kết công tác xây dựng Đảng quý I; "
        "đồng chí Lê Văn Tâm, Bí thư Đảng ủy xã, chủ trì hội nghị.")
MORE = "Hội nghị đã thống nhất các nhiệm vụ trọng tâm của quý II năm 2025."
LEADS = load_vocabulary().words("byline-lead")
SLOW = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def read_one(path):
    report = RunReport()
    articles = list(iter_articles([path], report))
    assert [s.status for s in report.inputs] == ["ok"], [s.reason for s in report.inputs]
    return articles[0], report.inputs[0]


# --------------------------------------------------------------------------- date lines

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "thứ tư", "Thứ 5", "Thứ Sáu", "Thứ bảy", "Chủ nhật", "CN", "T4"]


@st.composite
def date_lines(draw) -> tuple[str, str]:
    """A page's date line in one of the forms sites print, and its ISO date."""
    day = draw(st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)))
    sep = draw(st.sampled_from(["/", "-", "."]))
    pad = draw(st.booleans())
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if pad else (str(day.day), str(day.month))
    written = draw(st.sampled_from([
        f"{d}{sep}{m}{sep}{day.year}", f"ngày {d}/{m}/{day.year}",
        f"{d} tháng {m} năm {day.year}", f"ngày {day.day} tháng {day.month}, {day.year}",
        day.isoformat()]))
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    clock = draw(st.sampled_from(["", f"{hour:02d}:{minute:02d}", f"{hour}h{minute:02d}",
                                  f"{hour:02d}:{minute:02d}:07", f"lúc {hour}:{minute:02d}"]))
    zone = draw(st.sampled_from(["", " (GMT+7)", " GMT+7", " (UTC+07:00)"])) if clock else ""
    weekday = draw(st.sampled_from(["", *WEEKDAYS]))
    label = draw(st.sampled_from(["", "Cập nhật: ", "Đăng lúc ", "Ngày đăng: "]))
    order = draw(st.sampled_from(["date-time", "time-date", "pipe"]))
    if order == "time-date" and clock:
        body = f"{clock} {weekday + ', ' if weekday else ''}{written}{zone}"
    elif order == "pipe" and clock:
        body = f"{weekday + ', ' if weekday else ''}{written} | {clock}{zone}"
    else:
        body = f"{weekday + ', ' if weekday else ''}{written} {clock}{zone}".strip()
    return label + body, day.isoformat()


@SLOW
@given(date_lines())
def test_a_date_line_is_read_as_its_date(case):
    line, iso = case
    assert date_line(line) == iso


@SLOW
@given(date_lines(), st.booleans())
def test_an_html_date_line_is_the_published_date_not_text_and_not_the_event_date(
        tmp_path_factory, case, in_header):
    line, iso = case
    page = (f"<html><head><title>Hội nghị sơ kết</title></head><body><article>"
            f"<h1>Hội nghị sơ kết</h1>{'<div class=meta>' if in_header else '<p>'}{line}"
            f"{'</div>' if in_header else '</p>'}<p>{LEDE}</p><p>{MORE}</p></article>"
            "</body></html>")
    path = tmp_path_factory.mktemp("page") / "p.html"
    path.write_text(page, encoding="utf-8")
    article, _ = read_one(path)
    assert line not in article.text and article.text.startswith("Sáng 3/3")
    assert article.published == iso
    facts = Extractor.load().extract(article)
    assert [e.date for e in facts.events] == [f"{iso[:4]}-03-03"]  # the lede's, in its year


@SLOW
@given(date_lines())
def test_a_txt_date_line_under_the_title_is_metadata(tmp_path_factory, case):
    line, iso = case
    path = tmp_path_factory.mktemp("txt") / "t.txt"
    path.write_text(f"Hội nghị sơ kết quý I\n{line}\n\n{LEDE}\n{MORE}\n", encoding="utf-8")
    article, status = read_one(path)
    assert (article.title, article.published, article.text) == (
        "Hội nghị sơ kết quý I", iso, f"{LEDE}\n{MORE}")
    assert "read as metadata" in status.reason


@SLOW
@given(st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)),
       st.sampled_from(["Ngày {d}/{m}/{y}, ", "Sáng {d}-{m}-{y}, ", "{d}/{m}/{y}: ",
                        "Thứ Ba, {d}/{m}/{y}, "]))
def test_a_sentence_that_opens_with_a_date_stays_text(tmp_path_factory, day, opening):
    sentence = opening.format(d=day.day, m=day.month, y=day.year) + LEDE[10:]
    assert date_line(sentence) is None
    path = tmp_path_factory.mktemp("txt") / "t.txt"
    path.write_text(f"Hội nghị sơ kết\n{sentence}\n{MORE}\n", encoding="utf-8")
    article, _ = read_one(path)
    assert article.text == f"{sentence}\n{MORE}" and article.published is None


@pytest.mark.parametrize("line", ["31/02/2025", "04/13/2025 08:30", "Thứ Ba", "08:30",
                                  "Tin, ảnh: 04/03/2025 Minh Anh ghi"])
def test_no_date_in_a_line_that_is_no_real_date(line):
    assert date_line(line) is None


# --------------------------------------------------------------------------- bylines

@pytest.mark.parametrize("line,said", [
    ("PV", ("author", "PV")), ("Nhóm PV", ("author", "Nhóm PV")),
    ("Tin, ảnh: Minh Anh", ("author", "Minh Anh")), ("Bài và ảnh: Hà Vy", ("author", "Hà Vy")),
    ("Tác giả: Lê Nam - Thu Hà", ("author", "Lê Nam - Thu Hà")),
    ("Theo TTXVN", ("source", "TTXVN")),
    ("(Theo Báo Nông thôn Ngày nay)", ("source", "Báo Nông thôn Ngày nay")),
    ("MINH NGỌC", ("author", "MINH NGỌC")), ("K.Thùy", None),  # one word: not a name line
    ("Hà Vy - Lê Nam", ("author", "Hà Vy - Lê Nam")),
    ("Theo đó, xã đã họp.", None), ("Tính đến nay", None), ("Tin vui đã đến", None),
    ("Hội nghị kết thúc.", None), ("Xã Tân Phú", ("author", "Xã Tân Phú")),
])
def test_byline_lines_at_the_end(line, said):
    assert byline_line(line, LEADS, at_end=True) == said


def test_a_bare_name_opens_no_byline_at_the_top():
    assert byline_line("Minh Anh", LEADS, at_end=False) is None
    assert byline_line("PV", LEADS, at_end=False) == ("author", "PV")


def test_a_page_byline_is_the_author_and_a_person_but_not_text(tmp_path):
    path = tmp_path / "p.html"
    path.write_text(f"<html><body><article><h1>Hội nghị</h1><p>PV</p><p>{LEDE}</p><p>{MORE}</p>"
                    "<p>Tin, ảnh: Hoàng Minh Thu</p></article></body></html>", encoding="utf-8")
    article, _ = read_one(path)
    assert article.author == "Hoàng Minh Thu"  # the name, not the bare "PV" above the lede
    assert "Tin, ảnh" not in article.text and "PV" not in article.text.split()
    facts = Extractor.load().extract(article)
    assert facts.author == "Hoàng Minh Thu" and "Hoàng Minh Thu" in facts.persons


def test_the_page_s_own_metadata_wins_over_its_date_line(tmp_path):
    path = tmp_path / "p.html"
    path.write_text('<html><head><meta property="article:published_time" '
                    'content="2025-03-05T07:00:00+07:00"><meta name="author" content="Lê Hà">'
                    f'</head><body><article><p>Thứ Ba, 04/03/2025 08:30</p><p>{LEDE}</p>'
                    f"<p>{MORE}</p><p>MINH NGỌC</p></article></body></html>", encoding="utf-8")
    article, _ = read_one(path)
    assert (article.published, article.author) == ("2025-03-05", "Lê Hà")
    assert "08:30" not in article.text and "MINH NGỌC" not in article.text


def test_only_the_ends_are_looked_at():
    middle = f"{LEDE}\nPV\nThứ Ba, 04/03/2025 08:30\n{MORE}"
    assert split_meta(middle, LEADS).text == middle


def test_a_text_of_metadata_alone_is_left_whole():
    assert split_meta("Thứ Ba, 04/03/2025\nPV", LEADS).text == "Thứ Ba, 04/03/2025\nPV"


def test_yaml_and_jsonl_texts_are_taken_as_given(tmp_path):
    """Structured inputs carry their own fields: their text is never cut."""
    path = tmp_path / "a.yaml"
    path.write_text(f"id: a\ntext: |\n  Thứ Ba, 04/03/2025 08:30\n  {LEDE}\n", encoding="utf-8")
    article, _ = read_one(path)
    assert article.text.startswith("Thứ Ba") and article.published is None


# --------------------------------------------------------------------------- .txt title

SENTENCES = [LEDE, MORE, "Đồng chí Phạm Thu Hằng, Phó Bí thư Thường trực, phát biểu.",
             "Hội nghị biểu quyết thông qua nghị quyết!", "Các đại biểu thảo luận sôi nổi…"]


@SLOW
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6), st.booleans())
def test_a_one_paragraph_txt_is_its_body(tmp_path_factory, sentences, blank_top):
    paragraph = " ".join(sentences)
    path = tmp_path_factory.mktemp("txt") / "p.txt"
    path.write_text(("\n\n" if blank_top else "") + paragraph + "\n", encoding="utf-8")
    article, _ = read_one(path)
    assert (article.title, article.text) == (None, paragraph)


@SLOW
@given(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=6))
def test_paragraphs_without_a_headline_are_all_body(tmp_path_factory, paragraphs):
    path = tmp_path_factory.mktemp("txt") / "p.txt"
    path.write_text("\n".join(paragraphs), encoding="utf-8")
    article, _ = read_one(path)
    first_is_headline = paragraphs[0] == SENTENCES[3]  # "!" ends headlines too
    assert article.title == (paragraphs[0] if first_is_headline else None)
    assert article.text == "\n".join(paragraphs[1:] if first_is_headline else paragraphs)


def test_a_headline_over_a_paragraph_is_the_title(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(f"Xã Tân Phú sơ kết quý I\n{LEDE}", encoding="utf-8")
    article, _ = read_one(path)
    assert (article.title, article.text) == ("Xã Tân Phú sơ kết quý I", LEDE)


def test_docstring_examples():
    result = doctest.testmod(orggraph.ingest.metalines)
    assert result.attempted > 0 and result.failed == 0
