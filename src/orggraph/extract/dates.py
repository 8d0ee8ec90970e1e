"""Dates in Vietnamese reports, and the year they leave out.

>>> [d.iso for d in find_dates("Chiều ngày 26/3, ... ngày 15/5/2024 ... tháng 3/2024", 2024)]
['2024-03-26', '2024-05-15', '2024-03']
>>> infer_year("kết quả năm 2023 và 3 tháng đầu năm 2024; mục tiêu đến năm 2030", None)
2024
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

_SEP = r"\s*[/\-.]\s*"
_DAY_MONTH_YEAR = re.compile(
    r"(?<![\d/])(?<!tháng )(?:ngày\s+)?(\d{1,2})" + _SEP + r"(\d{1,2})(?:" + _SEP
    + r"(\d{4}))?(?![\d/])",
    re.IGNORECASE)
# "28 – 29/7", "7- 8/5/2020", "1 và 2-10": days running to one month; the first day is the
# date (not after "tháng": "tháng 3-5/2024" is a span of months)
_DAY_RANGE = re.compile(
    r"(?<![\d/])(?<!tháng )(?:ngày\s+)?(\d{1,2})\s*(?:[-–]|và)\s*\d{1,2}" + _SEP
    + r"(\d{1,2})(?:" + _SEP + r"(\d{4}))?(?![\d/])", re.IGNORECASE)
_LONG = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"tháng\s+(\d{1,2})\s*[/\-]\s*(\d{4})|tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
                         re.IGNORECASE)
# A date cue in a lede: part of day, or "ngày", before day/month.
LEDE_CUE = re.compile(r"\b(?:sáng|chiều|trưa|tối|đêm|ngày|hôm nay|sáng nay|chiều nay)\b",
                      re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    iso: str  # "2024-03-26", or "2024-03" when only the month is known
    start: int
    end: int
    year_given: bool


def _valid(y: int, m: int, d: int | None) -> bool:
    try:
        date(y, m, d or 1)
    except ValueError:
        return False
    return 1900 <= y <= 2100


def find_dates(text: str, year: int | None) -> list[DateMention]:
    """Every date in ``text``; day/month dates without a year take ``year`` (skipped if None)."""
    found: dict[int, DateMention] = {}
    covered: set[int] = set()  # offsets inside a date found: a later pattern starts none

    def keep(m: re.Match[str], date: DateMention) -> None:
        found[m.start()] = date
        covered.update(range(m.start(), m.end()))

    for rx in (_LONG, _DAY_RANGE, _DAY_MONTH_YEAR):
        for m in rx.finditer(text):
            if m.start() in covered:
                continue
            d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
            yy = int(y) if y else year
            if yy is None or not _valid(yy, mo, d):
                continue
            keep(m, DateMention(f"{yy:04d}-{mo:02d}-{d:02d}", m.start(), m.end(), bool(y)))
    for m in _MONTH_YEAR.finditer(text):
        month, year_ = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if m.start() not in covered and _valid(int(year_), int(month), 1):
            keep(m, DateMention(f"{int(year_):04d}-{int(month):02d}", m.start(), m.end(), True))
    return [found[k] for k in sorted(found)]


# Years the report speaks of as its present ("3 tháng đầu năm 2024", "năm 2024") rather than a
# target ("đến năm 2030") or a term ("nhiệm kỳ 2020-2025", which still tells the period).
_YEAR = re.compile(r"(\b(?:đến|tới|trước|sau|từ|vào)\s+)?năm\s+(\d{4})", re.IGNORECASE)
_CURRENT = re.compile(r"tháng\s+đầu\s+năm\s+(\d{4})|đầu\s+năm\s+(\d{4})", re.IGNORECASE)
_TERM = re.compile(r"nhiệm\s+kỳ\s+(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)


def infer_year(text: str, published: str | None, title: str = "",
               term_openings: Iterable[str] | None = None) -> int | None:
    """The year of the report: from the publication date, else from the text's own cues.

    In order of trust: a full date in the first sentence; "N tháng đầu năm YYYY"; a year in the
    headline; the latest plain "năm YYYY" that is not a target ("đến năm 2030"); any full
    date (often a cited document's, so last); a term ("nhiệm kỳ 2020-2025"), only for a report
    of what opens one (one of ``term_openings``, if given: "đại hội", "kỳ họp thứ nhất"): the
    14th session of a council elected for 2021-2026 is not of 2021.
    """
    if published and published[:4].isdigit():
        return int(published[:4])

    def full_dates(part: str) -> list[int]:
        return [int(m.group(3)) for m in _DAY_MONTH_YEAR.finditer(part)
                if m.group(3) and _valid(int(m.group(3)), int(m.group(2)), int(m.group(1)))]

    lede = full_dates(re.split(r"[.!?\n]\s", text, maxsplit=1)[0])  # the first sentence
    if lede:
        return lede[0]
    current = [int(a or b) for a, b in _CURRENT.findall(text)]
    if current:
        return max(current)
    headline = [int(y) for prep, y in _YEAR.findall(title) if not prep]
    if headline:
        return headline[0]
    plain = [int(y) for prep, y in _YEAR.findall(text) if not prep]
    if plain:
        return max(plain)
    anywhere = full_dates(text)
    if anywhere:
        return max(anywhere)
    terms = _TERM.findall(title + "\n" + text)
    low = (title + "\n" + text).lower()
    if terms and (term_openings is None or any(o in low for o in term_openings)):
        return int(terms[0][0])
    return None


def event_year(day_month: tuple[int, int], year: int, published: str | None) -> int:
    """January reports of December events belong to the year before."""
    if published and len(published) >= 7:
        pub_month = int(published[5:7])
        if day_month[1] >= 11 and pub_month <= 2:
            return year - 1
    return year
