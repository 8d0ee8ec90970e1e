"""Events (what the report is about), their participants, and the byline.

The main event is named in the headline or lede by a cue from ``event-cues.ttl``; its date is
the lede's date; participants' roles come from ``role-cues.ttl`` (chủ trì, phát biểu, dự) and
from the changes (``changes.py``) the report announces.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from orggraph.extract.changes import sentences
from orggraph.extract.dates import LEDE_CUE, DateMention, event_year
from orggraph.extract.doc import Doc
from orggraph.extract.tokens import PhraseMatcher, Token, tokenize
from orggraph.facts import Change, Event, Participant, Span

if TYPE_CHECKING:
    from orggraph.extract.chains import Grammar
    from orggraph.extract.pipeline import Extractor

# "Bài, ảnh: Minh Anh", "Tin và ảnh: …", "Theo …": the words before a byline's names


def lede_date(text: str, dates: list[DateMention], published: str | None) -> str | None:
    """The event date: the first date in the first paragraph after a cue (sáng, ngày …);
    when a summary paragraph opens the report with no date, the next paragraph's opening."""
    first_par = text.split("\n", 1)[0]
    found = _first_date(first_par, 0, dates, published)
    if found is None and "\n" in text:
        rest = text[len(first_par):]
        start = len(first_par) + len(rest) - len(rest.lstrip())
        second = text[start:].split("\n", 1)[0]
        # "Chiều 1-10, …" opening the paragraph; further on, only a date a cue marks
        # ("… tổ chức hội nghị … vào sáng 28-2")
        found = _first_date(second[:60], start, dates, published) or \
            _first_date(second, start, dates, published, cue_only=True)
    return found


_RANGE = re.compile(r"\b(?:từ|đến|tới)\s*(?:ngày\s*)?$", re.IGNORECASE)


def _first_date(par: str, offset: int, dates: list[DateMention], published: str | None,
                starts: list[int] | None = None, cue_only: bool = False) -> str | None:
    """The first date of ``par`` (which starts at ``offset`` in the text) that a cue marks
    (or, unless ``cue_only``, an early d/m date); ``starts`` are the dates' offsets, when the
    caller has them."""
    starts = starts if starts is not None else [d.start for d in dates]
    for d in dates[bisect_left(starts, offset):]:
        if d.start >= offset + len(par):
            break
        d_start, d_end = d.start - offset, d.end - offset
        before = par[max(0, d_start - 16):d_end]  # the match may open with "ngày"
        if _RANGE.search(par[max(0, d_start - 8):d_start]):
            continue  # "từ 30/12/2024 đến 4/1/2025": the bounds of a period
        if d.year_given and published and abs(int(d.iso[:4]) - int(published[:4])) > 1:
            continue  # "(6/12/1989 - 6/12/2023)": an anniversary's date, not the event's
        cue = LEDE_CUE.search(before) or _after_bracket(par, d_start)
        # without a cue only an early d/m date counts: "3-5 ngày" is a range, not 3 May
        if cue or (not cue_only and d_start < 40 and "/" in par[d_start:d_end]):
            if not d.year_given and published:
                y = event_year((int(d.iso[8:10]), int(d.iso[5:7])), int(d.iso[:4]), published)
                return f"{y:04d}{d.iso[4:]}"
            return d.iso
    return None


def _after_bracket(text: str, k: int) -> bool:
    """Is the last mark before ``text[k]``, spaces aside, an opening bracket? (Without
    copying what comes before: a paragraph can be a whole page, with many dates.)"""
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return k > 0 and text[k - 1] == "("


def _event_kind(cues: PhraseMatcher, toks: list[Token]) -> tuple[str, int] | None:
    for i, _end, concept in cues.scan(toks)[:1]:
        return concept.ref("cueFor") or "other", i
    return None


def _label(toks: list[Token], i: int, text: str) -> str:
    stop = {"do", "tại", "với", "nhằm", "để", ",", ".", ";", ":", "đã", "vào", "năm"}
    j = i
    while j < len(toks) and j - i < 18 and toks[j].key not in stop:
        j += 1
    label = text[toks[i].start:toks[j - 1].end] if j > i else ""
    return label[:1].upper() + label[1:]


def add_event(doc: Doc, ex: Extractor, changes: list[Change]) -> None:
    """The event the report is about: its kind (from a cue in the lede or the headline, else
    from the changes it announces), label, date, organiser, place and participants."""
    grammar, toks = ex.grammar, doc.toks
    lede = doc.lede
    lede_toks = [t for t in toks if t.end <= len(lede)]
    in_lede = _event_kind(grammar.cues, lede_toks)
    found = in_lede or _event_kind(grammar.cues, doc.title_toks)
    kind = found[0] if found else ("appointment" if changes else "other")
    if changes and kind in ("conference", "meeting"):
        kind = "appointment" if any(c.change == "appointed" for c in changes) else kind
    label_toks, label_text = (lede_toks, lede) if in_lede else (doc.title_toks, doc.title)
    at = found[1] if found else 0
    event = Event(kind=kind, label=_label(label_toks, at, label_text) or None, date=doc.date)
    # the organiser: "do <org> tổ chức", else a body in the first sentence that is not part
    # of someone's title ("Sáng 2/5, Huyện ủy X tổ chức …")
    m = re.search(r"\bdo\s+(.{3,80}?)\s+tổ chức", lede)
    first = next(iter(sentences(lede)), (0, 0))
    org_toks = tokenize(m.group(1), m.start(1)) if m else [
        t for t in lede_toks if t.end <= first[1]]
    covered = set() if m else {toks[k].start for x in doc.mentions for p in x.posts
                               for k in range(p.start, p.end)}
    for i in range(len(org_toks)):
        if org_toks[i].start in covered or not org_toks[i].is_cap:
            continue
        ref = grammar.parse_org(org_toks, i)
        if ref is not None:
            event.organizer = ex.organization(ref, doc, org_toks).name
            break
    unit = doc.places.resolve("district", 0) or doc.places.resolve("province", 0)
    if unit is not None:
        event.place = ex.gazetteer.full_label(unit)
    event.participants = _participants(grammar, doc, changes)
    event.evidence = Span(0, len(lede))
    doc.facts.events.append(event)
    doc.facts.events.extend(_dated_changes(doc, changes, event))


def _dated_changes(doc: Doc, changes: list[Change], main: Event) -> list[Event]:
    """Further events: a sentence that elects someone on a day of its own ("Tại Gia Lai, ông
    X tái đắc cử … vào ngày 29/9") reports an election of that day. (An appointment dated
    apart is a decision signed that day, the background of the report, not an event.)"""
    published = doc.article.published
    found: dict[str, Event] = {}
    starts = [d.start for d in doc.dates]
    # the elections by where their evidence starts: a sentence's are a slice, not a pass
    # over every change (then put back in the order of ``changes``)
    elections = sorted((c.evidence.start, n) for n, c in enumerate(changes)
                       if c.evidence and c.change in ("elected", "reelected"))
    at = [k for k, _ in elections]
    for start, end in sentences(doc.text):
        date = _first_date(doc.text[start:end], start, doc.dates, published, starts)
        if date is None or date == main.date or date in found:
            continue
        here = [changes[n] for n in sorted(
            n for _, n in elections[bisect_left(at, start):bisect_left(at, end)])]
        if here:
            found[date] = Event(kind="election", date=date, place=main.place,
                                participants=[Participant(c.person, "elected") for c in here],
                                evidence=Span(start, end))
    return list(found.values())


def _participants(grammar: Grammar, doc: Doc, changes: list[Change]) -> list[Participant]:
    """Each named person's role: from a change (elected, appointed), else from the nearest
    role cue after the name and before the next person, else from one before it."""
    roles: dict[str, str] = {}
    for c in changes:
        if c.change in ("elected", "reelected", "appointed"):
            roles.setdefault(c.person, "appointed" if c.change == "appointed" else "elected")
    cues = _cue_positions(grammar.role_cues, doc.toks)
    cue_at = [i for i, _ in cues]
    tok_at = [t.start for t in doc.toks]
    for s, e in sentences(doc.text):
        first, end = bisect_left(tok_at, s), bisect_left(tok_at, e)
        people = doc.mentions_in(first, end)
        for n, m in enumerate(people):
            stop = people[n + 1].start if n + 1 < len(people) else end
            after = cues[bisect_left(cue_at, max(m.end, m.chain_end)):bisect_left(cue_at, stop)]
            before = cues[bisect_left(cue_at, first):bisect_left(cue_at, m.start)]
            role = (after or before[-1:] or [(0, "")])[0][1]
            if role:
                roles.setdefault(m.name, role)
    return [Participant(p, r) for p, r in roles.items()]


def _cue_positions(matcher: PhraseMatcher, toks: list[Token]) -> list[tuple[int, str]]:
    """(token index, value) of each cue, left to right, skipping look-alikes (value None)."""
    return [(i, value) for i, _end, value in matcher.scan(toks) if value is not None]


def byline(text: str, grammar: Grammar) -> list[str]:
    """Authors' names from a short last line ("Minh Anh - Trung tâm TT", "Hà Vy - Lê Nam",
    "MINH NGỌC")."""
    lines = _first_and_last_lines(text)
    if lines is None:
        return []
    if len(lines[0]) <= 40:  # some outlets put the byline above the lede
        first = _names_in(grammar.byline_lead.sub("", lines[0]), grammar)
        if first and " ".join(first) == " ".join(lines[0].replace(",", " ").split()):
            return first
    if len(lines[1]) > 80:
        return []
    return _names_in(grammar.byline_lead.sub("", lines[1]), grammar)


def _first_and_last_lines(text: str) -> tuple[str, str] | None:
    """The first and the last line with words (stripped), if there are two such: found
    from either end, not by splitting a text that can be a whole page into its lines."""
    first = _line_with_words(text, 0, 1)
    last = _line_with_words(text, len(text), -1)
    if first is None or last is None or first[0] >= last[0]:
        return None
    return text[first[0]:first[1]].strip(), text[last[0]:last[1]].strip()


def _line_with_words(text: str, at: int, step: int) -> tuple[int, int] | None:
    """(start, end) of the first line from offset ``at`` going forward (``step`` 1) or
    back (-1) that is not blank."""
    while 0 <= at <= len(text):
        if step > 0:
            end = text.find("\n", at)
            start, end = at, (len(text) if end < 0 else end)
            at = end + 1
        else:
            start = text.rfind("\n", 0, at) + 1
            end, at = at, start - 1
        if start < end and not text[start:end].isspace():
            return start, end
    return None


def author_names(author: str | None, grammar: Grammar) -> list[str]:
    """The personal names of an article's ``author`` field ("Minh Anh", "Hà Vy - Lê Nam");
    none for an outlet or a bare "PV"."""
    return _names_in(grammar.byline_lead.sub("", author), grammar) if author else []


# "Ảnh: Thu Trang", "(Ảnh: Đỗ Trường)", "Ảnh: NGUYÊN DU": a photo credit, to the end of its
# line, bracket or sentence
_CREDIT = re.compile(r"(?<!\w)(?:ảnh|ảnh minh họa|ảnh tư liệu)\s*:\s*([^\n()]{2,60}?)"
                     r"(?=\s*(?:$|\n|\)|\.(?:\s|$)))", re.IGNORECASE | re.MULTILINE)


def photo_credits(text: str, grammar: Grammar) -> list[tuple[str, int, int]]:
    """Names in photo credits, with their character spans: "Ảnh: Thu Trang" → Thu Trang.
    Bare initials ("Ảnh: LA") and outlets ("Ảnh: TTXVN", "Ảnh: Cổng TTĐT tỉnh") are none."""
    found = []
    for m in _CREDIT.finditer(text):
        for name in _names_in(m.group(1), grammar):
            at = text.find(name, m.start(1), m.end(1))  # -1: written in capitals
            found.append((name, *((at, at + len(name)) if at >= 0 else m.span(1))))
    return found


def _names_in(part_text: str, grammar: Grammar) -> list[str]:
    """The personal names of a credit or byline, split at dashes, commas and "và"."""
    names = []
    for part in re.split(r"\s+[-–—]\s+|\s*[(,/]\s*|\s+và\s+", part_text.strip()):
        part = part.strip()
        if part.isupper() and len(part) > 3:  # "MINH NGỌC": a byline in capitals
            part = " ".join(w.capitalize() for w in part.split())
        toks = tokenize(part)
        if not toks or len(toks) > 4 or part.lower() in grammar.words["outlet"] or any(
                m.first(toks, 0) for m in (grammar.titles, grammar.kinds, grammar.unit_types)):
            break
        initial = re.fullmatch(r"[A-ZĐ]\.\s?[A-ZĐ][a-zà-ỹđ]+", part)  # "K.Thùy"
        if not initial and grammar.names.name_end(toks, 0, need_surname=False,
                                                  max_len=4) != len(toks):
            break
        names.append(part)
    return names
