"""A page's date line and byline, told apart from its body text.

News pages (and texts copied from them) open with a date line ("Thứ Ba, 04/03/2025 08:30")
and open or close with a byline ("PV", "Tin, ảnh: Minh Anh", "Theo TTXVN", "MINH NGỌC"). Read
as body text, the date line becomes the event's date and the byline a sentence; they are
metadata: the publication date, the author, the outlet quoted. :func:`split_meta` takes such
lines off the top and the bottom of a body (never from its middle) and says what they gave.

The words that open a byline are the ``byline-lead`` grammar words of
``ontology/vocab/grammar-words.ttl``; the shapes of dates and times are written here.

>>> meta = split_meta("Thứ Ba, 04/03/2025 08:30\\nSáng 3/3, Đảng ủy xã họp.\\nPV",
...                   ("pv", "theo", "tin, ảnh"))
>>> meta.text, meta.published, meta.author
('Sáng 3/3, Đảng ủy xã họp.', '2025-03-04', 'PV')
>>> split_meta("Ngày 04/03/2025, Đảng ủy xã họp.", ("pv",)).removed
()
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# How many non-blank lines at each end may be metadata: a page has a date line, a byline and
# perhaps a "Cập nhật" line above its lede, and a byline and a source line below its end.
_HEAD_LINES, _TAIL_LINES = 3, 3
_MAX_LINE = 120  # a longer line is a paragraph

_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|cn|t[2-7])"
_DAY_MONTH_YEAR = (r"(?:ngày\s*)?(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
                   r"|(?:ngày\s*)?(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*(?:,|\s+năm)\s*"
                   r"(?P<y2>\d{4})"
                   r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})")
_ZONE = r"(?:\s*\(?\s*(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?00)?\s*\)?)?"
_TIME = (r"(?:lúc\s*)?\d{1,2}\s*(?::|h|giờ)\s*\d{1,2}(?:\s*:\s*\d{2})?(?:\s*(?:phút|sa|ch|am|pm))?"
         + _ZONE)
_LABEL = r"(?:cập\s*nhật|ngày\s*đăng|đăng|xuất\s*bản|thời\s*gian|phát\s*hành)(?:\s*lúc)?\s*:?"
_SEP = r"[\s,|/–—-]*"
# A date segment: an optional label and weekday, the date, a time before or after it.
_DATE_SEGMENT = re.compile(
    rf"(?:{_LABEL}\s*)?(?:{_TIME}{_SEP})?(?:{_WEEKDAY}{_SEP})?(?:{_DAY_MONTH_YEAR})"
    rf"(?:{_SEP}{_TIME})?{_ZONE}",
    re.IGNORECASE)
_PIPES = re.compile(r"\s*\|\s*")
# A name line at the end: two to six words, each capitalised or in capitals ("Minh Anh",
# "MINH NGỌC", "Hà Vy - Lê Nam", "K.Thùy"); no digits, no sentence punctuation.
_NAME_SHAPE = re.compile(r"[^\W\d_](?:[^\W\d_]|\.\s?)*(?:(?:\s+|\s*[-–,]\s*)[^\W\d_]"
                         r"(?:[^\W\d_]|\.\s?)*){1,5}\.?")


def _name_line(line: str) -> bool:
    """Whether ``line`` is only capitalised words (a character class cannot say "upper case"
    for Vietnamese letters: À-Ỹ spans lower-case ones too)."""
    return bool(_NAME_SHAPE.fullmatch(line)) and all(
        w[0].isupper() for w in re.split(r"[\s.,–-]+", line) if w)


@dataclass(frozen=True)
class PageMeta:
    """A body without its metadata lines, and what those lines said (None: nothing)."""

    text: str
    published: str | None = None
    author: str | None = None
    source: str | None = None
    removed: tuple[str, ...] = ()


def date_line(line: str) -> str | None:
    """The ISO date of a line that is only a date (with a weekday, a time, a label), or None.

    >>> [date_line(s) for s in ("Thứ Ba, 04/03/2025 08:30", "08:30 | 04-03-2025",
    ...                         "Cập nhật: 14h05 ngày 4 tháng 3 năm 2025 (GMT+7)",
    ...                         "Ngày 4/3/2025, Đảng ủy xã họp", "31/02/2025")]
    ['2025-03-04', '2025-03-04', '2025-03-04', None, None]
    """
    line = line.strip().rstrip(".")
    if not line or len(line) > _MAX_LINE:
        return None
    found = None
    for segment in _PIPES.split(line):
        m = _DATE_SEGMENT.fullmatch(segment)
        if m is None:
            if re.fullmatch(rf"(?:{_TIME}|{_WEEKDAY})?", segment, re.IGNORECASE):
                continue  # "04/03/2025 | 08:30": a time or a weekday of its own
            return None
        if found is None:
            found = _iso(m)
            if found is None:
                return None
    return found


def _iso(m: re.Match[str]) -> str | None:
    parts = m.group("y", "m", "d") if m.group("y") else (
        m.group("y2", "m2", "d2") if m.group("y2") else m.group("y3", "m3", "d3"))
    try:
        return dt.date(*(int(p) for p in parts)).isoformat()
    except ValueError:
        return None


def byline_line(line: str, leads: tuple[str, ...], *, at_end: bool) -> tuple[str, str] | None:
    """``("author", names)`` or ``("source", outlet)`` for a byline, else None.

    ``leads`` are the lower-case words that open a byline ("pv", "tin, ảnh", "theo"); "theo"
    ("according to") names the outlet quoted. A bare name line counts only ``at_end``.

    >>> leads = ("pv", "theo", "tin, ảnh", "nhóm pv")
    >>> [byline_line(s, leads, at_end=True) for s in ("Tin, ảnh: Minh Anh", "Theo TTXVN",
    ...  "Nhóm PV", "MINH NGỌC", "Theo đó, xã đã họp.", "Hà Vy - Lê Nam")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('author', 'Minh Anh'), ('source', 'TTXVN'), ('author', 'Nhóm PV'),
     ('author', 'MINH NGỌC'), None, ('author', 'Hà Vy - Lê Nam')]
    """
    line = line.strip().strip("()").strip()
    if not line or len(line) > 60:
        return None
    folded = line.casefold()
    for lead in sorted(leads, key=len, reverse=True):
        if not folded.startswith(lead):
            continue
        rest = line[len(lead):]
        if rest and rest[0].isalnum():
            continue  # "Tính" is no "tin"
        rest = rest.strip().lstrip(":").strip().rstrip(".").strip()
        if not rest:
            return ("author", line.rstrip(".")) if lead != "theo" else None
        # the rest names someone or an outlet: capitalised words, no clause
        if not rest[0].isupper() or "," in rest or len(rest.split()) > 8:
            return None
        return ("source", rest) if lead == "theo" else ("author", rest)
    if at_end and _name_line(line):
        return "author", line.rstrip(".")
    return None


def split_meta(text: str, leads: tuple[str, ...]) -> PageMeta:
    """``text`` without the date lines and bylines among its first and last few lines.

    Only the lines at either end are looked at (a long text is not split into lines), and a
    text is never left empty: a one-line body stays whatever it looks like.
    """
    head: list[tuple[int, int]] = []  # (start, end) of each non-blank line, top down
    pos = 0
    while len(head) < _HEAD_LINES and pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if end - pos > _MAX_LINE:  # a paragraph (not copied: a text may be one long line)
            break
        if text[pos:end].strip():
            head.append((pos, end))
        pos = end + 1
    tail: list[tuple[int, int]] = []  # bottom up
    end = len(text)
    while len(tail) < _TAIL_LINES and end > 0:
        start = text.rfind("\n", 0, end) + 1
        if end - start > _MAX_LINE:
            break
        if text[start:end].strip():
            tail.append((start, end))
        end = start - 1
    found: dict[str, str] = {}
    removed: list[str] = []
    cut_top = 0
    for start, end in head:
        if not _take(text[start:end], leads, False, found, removed):
            break
        cut_top = end + 1
    cut_bottom = len(text)
    for start, end in tail:
        if start < cut_top or not _take(text[start:end], leads, True, found, removed):
            break
        cut_bottom = start
    if cut_top == 0 and cut_bottom == len(text):
        return PageMeta(text)
    # the body's bounds without its outer white space, found before the one copy is made
    while cut_top < cut_bottom and text[cut_top].isspace():
        cut_top += 1
    while cut_bottom > cut_top and text[cut_bottom - 1].isspace():
        cut_bottom -= 1
    if cut_top >= cut_bottom:
        return PageMeta(text)
    return PageMeta(text[cut_top:cut_bottom], found.get("published"), found.get("author"),
                    found.get("source"), tuple(removed))


def _take(line: str, leads: tuple[str, ...], at_end: bool, found: dict[str, str],
          removed: list[str]) -> bool:
    """Whether ``line`` is metadata; what it says goes into ``found`` (first one kept)."""
    segments = [s for s in _PIPES.split(line.strip()) if s]
    said: list[tuple[str, str]] = []
    iso = date_line(line)
    if iso is not None:
        said.append(("published", iso))
    else:  # "Minh Anh | 04/03/2025 08:30": each segment a byline or a date
        for segment in segments:
            seg_date = date_line(segment)
            byline = None if seg_date else byline_line(segment, leads, at_end=at_end)
            if seg_date is None and byline is None:
                return False
            said.append(("published", seg_date) if seg_date else byline)  # type: ignore[arg-type]
    for key, value in said:
        if key == "author" and found.get(key, "").casefold() in leads:
            found[key] = value  # a name says more than a bare "PV" above the lede
        found.setdefault(key, value)
    removed.append(line.strip())
    return True
