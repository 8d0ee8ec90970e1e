"""Extraction's work grows linearly with an article's length (issue: hardening).

Work is counted, not timed: the lines of orggraph's own code that run (``sys.settrace``), so
a step that walks every earlier mention, holding or body once per new one shows as the count
growing faster than the text, on any machine and under any load. The report is made of
invented paragraphs whose persons, places and posts differ from one paragraph to the next,
so that no cache answers a later paragraph from an earlier one.
"""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any

import pytest

from orggraph.articles import Article
from orggraph.extract.pipeline import Extractor
from orggraph.gazetteer import default_gazetteer

SURNAMES = ("Lạc", "Hứa", "Khúc", "Lò", "Mai", "Đinh", "Cầm", "Vi", "Quách", "Tạ", "Lữ")
MIDDLES = ("Văn", "Thị", "Đức", "Minh", "Hồng", "Xuân", "Quang", "Ngọc", "Thanh")
GIVEN = ("Toàn", "Bình", "Thiện", "Đạo", "Mai", "Lực", "Khải", "Quế", "Nhung", "Hiếu",
         "Thịnh", "Dũng", "Vinh", "Chung", "Hà", "Lâm", "Tùng", "Sơn", "Phúc", "Yến")
PARAGRAPHS = (
    "Sáng {day}/5, Huyện ủy {district} tổ chức hội nghị. Đồng chí {a}, Bí thư Huyện ủy "
    "{district}, chủ trì; cùng dự có đồng chí {b}, Phó Bí thư Huyện ủy, Chủ tịch UBND huyện.",
    "Tại kỳ họp, đồng chí {c}, Phó Chủ tịch UBND huyện {district}, được bầu giữ chức Chủ tịch "
    "HĐND huyện {district} nhiệm kỳ 2021-2026.",
    "Ban Thường vụ Tỉnh ủy {province} điều động đồng chí {b} giữ chức Phó Trưởng ban Tổ chức "
    "Tỉnh ủy kể từ ngày {day}/6/2024; đồng chí {a} phát biểu giao nhiệm vụ.",
    "Ông {short} đề nghị Đảng bộ huyện {district} tiếp tục thực hiện nghị quyết, chăm lo đời "
    "sống Nhân dân (Ảnh: {c}).",
)


def _person(k: int) -> str:
    """The ``k``-th person: no two of the first six hundred share a name."""
    return (f"{SURNAMES[k % len(SURNAMES)]} {MIDDLES[k // len(SURNAMES) % len(MIDDLES)]} "
            f"{GIVEN[(k * 7 + k // 99) % len(GIVEN)]}")


def report(copies: int) -> str:
    """``copies`` rounds of the paragraphs, each round with its own persons and district
    (so with bodies of its own: the bodies named grow with the report, as in a real one)."""
    gaz = default_gazetteer()
    districts = [d for d in gaz.units(era="pre2025", level="district") if d.type == "huyện"]
    out = []
    for k in range(copies):
        a, b, c = _person(3 * k), _person(3 * k + 1), _person(3 * k + 2)
        district = districts[k * 7 % len(districts)]
        province = gaz.get(district.parent or "").name
        out.extend(p.format(day=1 + k % 28, district=district.name, province=province, a=a,
                            b=b, c=c, short=a.split()[-1]) for p in PARAGRAPHS)
    return "\n".join(out)


def lines_run(ex: Extractor, text: str) -> int:
    """How many lines of orggraph's code run while ``text`` is extracted."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += event == "line"
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        return local if "orggraph" in frame.f_code.co_filename else None

    sys.settrace(tracer)
    try:
        ex.extract(Article(id="long", text=text, published="2024-05-02"))
    finally:
        sys.settrace(None)
    return count


@pytest.mark.skipif(sys.gettrace() is not None, reason="a tracer (coverage) is running")
def test_extraction_work_grows_linearly_with_the_article():
    ex = Extractor.load()
    lines_run(ex, report(2))  # warm the caches that any report fills
    small, large = lines_run(ex, report(25)), lines_run(ex, report(200))
    # eight times the text: eight times the lines, give or take; with the steps that walked
    # every earlier holding, person or body for each new one it was ×11
    assert large <= 8.8 * small, (small, large, large / small)
