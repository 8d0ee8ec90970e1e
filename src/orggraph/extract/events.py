"""Events (what the report is about), personnel changes, and the byline.

The main event is named in the headline or lede by a cue from ``event-cues.ttl``; its date is
the lede's date; participants' roles come from the verbs around them (chủ trì, phát biểu, dự).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from orggraph.extract.chains import complete_organs
from orggraph.extract.dates import LEDE_CUE, DateMention, event_year
from orggraph.extract.names import name_end
from orggraph.extract.tokens import PhraseMatcher, Token, tokenize
from orggraph.facts import Change, Event, Facts, Participant, Span

if TYPE_CHECKING:
    from orggraph.extract.chains import Grammar
    from orggraph.extract.pipeline import Extractor, Mention
    from orggraph.extract.places import PlaceContext

_NEW_POST = PhraseMatcher((w, w) for w in (
    "giữ chức", "làm", "giữ chức vụ", "đảm nhiệm chức", "đảm nhiệm chức vụ", "đảm nhiệm",
    "đảm nhận", "đảm nhận chức vụ", "tham gia", "vào", "là"))
# Words between a person and a passive verb that show the verb is about someone else
# ("X trao quyết định cho hai cán bộ vừa được chuẩn y").
_OTHER_OBJECT = frozenset({"cho", "tới", "với", "trao", "các", "hai", "ba", "những"})
_EFFECTIVE = re.compile(r"(?:kể\s+)?từ\s+(?=ngày)", re.IGNORECASE)  # the date match owns "ngày"
_SENTENCE = re.compile(r"[.!?\n]")
# "Bài, ảnh: Minh Anh", "Tin và ảnh: …", "Theo …": the words before a byline's names
_BYLINE_LEAD = re.compile(r"^(?:(?:bài|tin|ảnh|video|nhóm pv)(?:\s*(?:,|và)\s*(?:ảnh|bài|video))?"
                          r"|theo)\s*:?\s*", re.IGNORECASE)


def lede_date(text: str, dates: list[DateMention], published: str | None) -> str | None:
    """The event date: the first date in the first paragraph after a cue (sáng, ngày …)."""
    first_par = text.split("\n", 1)[0]
    for d in dates:
        if d.start >= len(first_par):
            break
        before = first_par[max(0, d.start - 16):d.end]  # the match may open with "ngày"
        if LEDE_CUE.search(before) or d.start < 40 or "(" in before[-2:]:
            if not d.year_given and published:
                y = event_year((int(d.iso[8:10]), int(d.iso[5:7])), int(d.iso[:4]), published)
                return f"{y:04d}{d.iso[4:]}"
            return d.iso
    return None


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE.finditer(text):
        if m.start() > start:
            spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _event_kind(cues: PhraseMatcher, toks: list[Token]) -> tuple[str, int] | None:
    for i in range(len(toks)):
        for _end, concept in cues.match(toks, i):
            return concept.ref("cueFor") or "other", i
    return None


def _label(toks: list[Token], i: int, text: str) -> str:
    stop = {"do", "tại", "với", "nhằm", "để", ",", ".", ";", ":", "đã", "vào", "năm"}
    j = i
    while j < len(toks) and j - i < 18 and toks[j].key not in stop:
        j += 1
    label = text[toks[i].start:toks[j - 1].end] if j > i else ""
    return label[:1].upper() + label[1:]


def add_events_and_changes(facts: Facts, text: str, title: str, toks: list[Token],
                           mentions: list[Mention], date: str | None,
                           dates: list[DateMention], ex: Extractor, places: PlaceContext,
                           orgs: dict) -> None:
    grammar = ex.grammar
    cues = grammar.cues
    lede = text.split("\n", 1)[0]
    lede_toks = [t for t in toks if t.end <= len(lede)]
    found = _event_kind(cues, lede_toks) or _event_kind(cues, tokenize(title))
    changes = _changes(text, toks, mentions, date, dates, ex, places, orgs, facts)
    kind = found[0] if found else ("appointment" if changes else "other")
    if changes and kind in ("conference", "meeting"):
        kind = "appointment" if any(c.change == "appointed" for c in changes) else kind
    label_toks, at = (lede_toks, found[1]) if found and _event_kind(cues, lede_toks) else (
        tokenize(title), found[1] if found else 0)
    label_text = lede if label_toks is lede_toks else title
    event = Event(kind=kind, label=_label(label_toks, at, label_text) or None, date=date)
    # the organiser: "do <org> tổ chức" or an organisation opening the lede
    m = re.search(r"\bdo\s+(.{3,80}?)\s+tổ chức", lede)
    org_toks = tokenize(m.group(1), m.start(1)) if m else lede_toks
    for i in range(len(org_toks)):
        ref = grammar.parse_org(org_toks, i)
        if ref is not None and org_toks[i].is_cap:
            event.organizer = ex.organization(ref, org_toks, places, orgs).name
            break
    unit = places.resolve("district", 0) or places.resolve("province", 0)
    if unit is not None:
        event.place = ex.gazetteer.full_label(unit)
    event.participants = _participants(grammar, text, toks, mentions, changes)
    event.evidence = Span(0, len(lede))
    facts.events.append(event)
    facts.changes.extend(changes)


def _participants(grammar, text, toks, mentions, changes) -> list[Participant]:
    """Each named person's role: from a change (elected, appointed), else from the nearest
    role cue after the name and before the next person, else from one before it."""
    roles: dict[str, str] = {}
    for c in changes:
        if c.change in ("elected", "reelected", "appointed"):
            roles.setdefault(c.person, "appointed" if c.change == "appointed" else "elected")
    cues = _cue_positions(grammar.role_cues, toks)
    cue_at = [i for i, _ in cues]
    tok_at = [t.start for t in toks]
    for s, e in _sentences(text):
        first, end = bisect_left(tok_at, s), bisect_left(tok_at, e)
        people = [m for m in mentions if first <= m.start < end]
        for n, m in enumerate(people):
            stop = people[n + 1].start if n + 1 < len(people) else end
            after = [r for i, r in cues[bisect_left(cue_at, max(m.end, m.chain_end)):]
                     if i < stop]
            before = [r for i, r in cues if first <= i < m.start]
            role = (after or before[-1:] or [None])[0]
            if role:
                roles.setdefault(m.name, role)
    return [Participant(p, r) for p, r in roles.items()]


def _cue_positions(matcher: PhraseMatcher, toks: list[Token]) -> list[tuple[int, str]]:
    """(token index, value) of each cue, left to right, skipping look-alikes (value None)."""
    found, i = [], 0
    while i < len(toks):
        hit = matcher.first(toks, i)
        if hit is None:
            i += 1
            continue
        if hit[1] is not None:
            found.append((i, hit[1]))
        i = hit[0]
    return found


def _changes(text, toks, mentions, date, dates, ex, places, orgs, facts) -> list[Change]:
    out: list[Change] = []
    seen: set[tuple[str, str, str | None, str | None]] = set()
    recent = None  # the body of the post last taken, for a later bare title
    # "Các quyết định có hiệu lực kể từ ngày …" dates the changes of the whole report
    effective = _effective(text, dates, 0, len(text))
    starts = [t.start for t in toks]
    all_verbs: list[tuple[int, int, str]] = []  # (start, end, kind), found in one pass
    for i in range(len(toks)):
        found = ex.grammar.change_cues.first(toks, i)
        if found and not (all_verbs and i < all_verbs[-1][1]):  # not inside the previous one
            all_verbs.append((i, found[0], found[1]))
    verb_starts = [v[0] for v in all_verbs]
    for s, e in _sentences(text):
        sent = range(bisect_left(starts, s), bisect_left(starts, e))
        if not sent:
            continue
        verbs = all_verbs[bisect_left(verb_starts, sent.start):
                          bisect_left(verb_starts, sent.stop)]
        if not verbs:
            continue
        people = [m for m in mentions if s <= toks[m.start].start < e]
        if not people:
            continue
        when = _effective(text, dates, s, e) or effective or date
        last: tuple[int, list, int] | None = None  # coordinated verbs share their persons
        kinds = {k for _, _, k in verbs}
        moves = "transferred" in kinds or "moves-on" in kinds
        for vi, vend, verb_kind in verbs:
            if verb_kind == "moves-on":
                continue  # no change by itself
            group = _subject(ex.grammar, toks, people, vi, vend, last)
            if verb_kind == "elected" and any(
                    t.key in ("tiếp", "lại") for t in toks[max(0, vi - 5):vend + 2]):
                verb_kind = "reelected"  # "tiếp tục được tín nhiệm bầu", "bầu tiếp tục giữ"
            if verb_kind == "left":  # a post left: why, the sentence says
                verb_kind = ("transferred" if moves else "retired" if "retired" in kinds
                             else "dismissed")
            elif verb_kind == "dismissed" and moves:
                verb_kind = "transferred"  # "miễn nhiệm … do được phân công đảm nhiệm …"
            reach = vend  # where this verb's objects end, to tell coordination from distance
            for who in group:
                taken = _apply(verb_kind, who, toks, (vi, vend), people, e, ex, out, seen, when,
                               places, orgs, facts, recent)
                recent = next((p.org for p in reversed(taken) if p.org is not None), recent)
                reach = max([reach, *(p.end for p in taken)])
            if group:
                last = (vi, group, reach)
    return out


def _apply(kind, who, toks, verb, people, e, ex, out, seen, when, places, orgs, facts,
           recent=None) -> list:
    """Record ``who``'s change of ``kind``, with the posts left and the posts taken; return
    the posts taken."""
    new_posts = _new_posts(toks, verb, who, people, e, ex, recent)
    if toks[verb[0]].key == "thôi" or kind in ("dismissed", "retired"):
        # "thôi giữ chức X", "cách chức X", "miễn nhiệm X": X is left, not taken
        for post in new_posts or [None]:
            _add_change(out, seen, who.name, kind, post, when, ex, toks, places, orgs)
        return new_posts
    if any(t.key == "quyền" for t in toks[verb[0]:verb[1]]):  # "giao quyền Chủ tịch"
        for post in new_posts:
            post.acting = True
    if kind == "transferred":
        for post in who.posts or [None]:
            _add_change(out, seen, who.name, kind, post, when, ex, toks, places, orgs)
        if not new_posts:
            return []
        kind = "appointed"  # "điều động … giữ chức": leaves one post, takes another
    for post in new_posts:
        _add_change(out, seen, who.name, kind, post, when, ex, toks, places, orgs)
        ex.add_holding(facts, who.name, post, toks, places, orgs, rule=f"change:{kind}+")
    if not new_posts:
        _add_change(out, seen, who.name, kind, None, when, ex, toks, places, orgs)
    return new_posts


def _effective(text: str, dates: list[DateMention], start: int, end: int) -> str | None:
    """The date after "(kể) từ ngày" between ``start`` and ``end``, if any."""
    for m in _EFFECTIVE.finditer(text, start, end):
        found = next((d for d in dates if d.start == m.end()), None)
        if found is not None:
            return found.iso
    return None


def _subject(grammar, toks, people, vi, vend, last) -> list:
    """Whom a change verb is about: "X, <posts>, được (…) <verb>" or "<verb> đồng chí X".

    A list of names before a passive verb ("A, B và C được bầu …") all take the change; so do
    the names after "là" in "… được bầu giữ chức Phó Bí thư là A, … và B".
    """
    passive = any(t.key == "được" for t in toks[max(0, vi - 6):vi])
    if passive:
        near = [m for m in people if m.start < vi and vi - max(m.chain_end, m.end) <= 12
                and not any(t.key in _OTHER_OBJECT for t in toks[max(m.chain_end, m.end):vi])]
        if near:
            group = [near[-1]]
            for m in reversed([p for p in people if p.start < group[0].start]):
                if group[0].start - max(m.chain_end, m.end) <= 1:
                    group.insert(0, m)
                else:
                    break
            return group
        after = [m for m in people if m.start > vi]
        la = next((k for k in range(vend, after[0].start) if toks[k].key == "là"), None) \
            if after else None
        if la is not None:
            group = [after[0]]
            for m in after[1:]:
                if m.start - max(group[-1].chain_end, group[-1].end) <= 1:
                    group.append(m)
            return group
    else:
        near = [m for m in people if 0 <= m.start - vend <= 2]
        if near:
            return [near[0]]
        # an intransitive verb after its subject: "đồng chí X nghỉ hưu"
        before = [m for m in people if m.start < vi and vi - max(m.chain_end, m.end) <= 1]
        if before:
            return [before[-1]]
    # "miễn nhiệm chức vụ … đối với ông X": the object introduced after the post
    after = [m for m in people if m.start > vi]
    if not passive and after and any(
            toks[k].key == "với" and toks[k - 1].key == "đối"
            for k in range(vend, min(after[0].start, len(toks)))) and not any(
            _verb_at(grammar, toks, k) for k in range(vend, after[0].start)):
        return [after[0]]
    # a verb coordinated with the previous one shares its persons, unless someone else is
    # named in between: "được điều động, chỉ định …", "… và được bầu …"; an active verb
    # further off has a subject of its own ("cho đến khi HĐND tỉnh bầu …")
    if last is not None and not any(last[0] < m.start < vi for m in people):
        between = {t.key for t in toks[last[2]:vi]}
        if passive or vi - last[2] <= 3 or (
                vi - last[2] <= 8 and "và" in between and not between & {"khi", "cho"}):
            return last[1]
    return []


def _new_posts(toks, verb, who, people, e_char, ex, recent=None):
    """Posts taken up (or, after "thôi", left): right after the verb ("giao quyền Chủ tịch
    …"), or after "giữ chức", "làm", "tham gia", "vào" … up to the next verb or person.

    A bare title ("được bầu giữ chức Phó Chủ tịch.") belongs to ``recent``, the body of the
    post last taken in the report.
    """
    from orggraph.extract.chains import PostRef

    g, vocabulary = ex.grammar, ex.grammar.vocabulary
    vi, vend = verb
    posts: list = []
    direct, _ = g.parse_chain(toks, vend)
    if direct:
        return [p for p in direct if not p.former]
    if toks[vi].key == "thôi":
        if toks[vend - 1].key == "gia":  # "thôi tham gia Ban Chấp hành, Ban Thường vụ"
            _joined_bodies(toks, vend, ex, posts)
            complete_organs(posts, vocabulary)
        return posts
    j = max(vend, who.chain_end) if who.start > vi else vend
    stop = min([m.start for m in people if m.start > max(vi, who.start)] + [len(toks)])
    stop = next((k for k in range(vend, stop) if _verb_at(g, toks, k)), stop)
    while j < stop and toks[j].start < e_char:
        cue = _NEW_POST.first(toks, j)
        if cue is None:
            j += 1
            continue
        j = cue[0]
        if cue[1] in ("tham gia", "vào"):
            j = _joined_bodies(toks, j, ex, posts)
            continue
        chain, k = g.parse_chain(toks, j)
        if not chain and recent is not None:
            title = g.titles.first(toks, j)
            if title is not None and toks[j].is_cap:
                chain, k = [PostRef(title[1], recent, j, title[0])], title[0]
        posts.extend(p for p in chain if not p.former)
        j = max(k, j + 1)
    complete_organs(posts, vocabulary)
    _share_place(posts)
    return posts


def _share_place(posts) -> None:
    """"tham gia BCH, BTV Huyện ủy và giữ chức Phó Bí thư Huyện ủy X": X is everyone's."""
    for post in posts:
        root = post.org.root() if post.org else None
        if root is None or root.place_name:
            continue
        for later in posts:
            other = later.org.root() if later.org else None
            if other is not None and other.place_name and other.level == root.level \
                    and later.start > post.start:
                root.place_name = other.place_name
                break


def _verb_at(grammar, toks, k) -> bool:
    """Does a change verb start at ``k`` (a "moving on" phrase is none)?"""
    found = grammar.change_cues.first(toks, k)
    return found is not None and found[1] != "moves-on"


def _joined_bodies(toks, j, ex, posts) -> int:
    """"tham gia Ban Chấp hành, Ban Thường vụ Tỉnh ủy" → a member post of each body (their
    committee, when left out, is completed from the posts that follow)."""
    from orggraph.extract.chains import PostRef

    member = ex.grammar.vocabulary.titles.get("uy-vien")
    while j < len(toks) and member is not None:
        ref = ex.grammar.parse_org(toks, j)
        if ref is None:
            break
        posts.append(PostRef(member, ref, ref.start, ref.end))
        j = ref.end
        if j < len(toks) and toks[j].key in (",", "và"):
            j += 1
            continue
        break
    return j


def _add_change(out, seen, person, kind, post, when, ex, toks, places, orgs):
    org = ex.organization(post.org, toks, places, orgs).name if post and post.org else None
    label = post.post_label() if post else None
    key = (person, kind, label, org)
    if key in seen:
        return
    seen.add(key)
    out.append(Change(person=person, change=kind, post=label, organization=org, date=when,
                      evidence=Span(toks[post.start].start, toks[post.end - 1].end) if post
                      else None, rule=f"verb:{kind}"))


def byline(text: str, grammar: Grammar) -> list[str]:
    """Authors' names from a short last line ("Minh Anh - Trung tâm TT", "Hà Vy - Lê Nam")."""
    lines = [ln.strip() for ln in text.strip().split("\n") if ln.strip()]
    if len(lines) < 2 or len(lines[-1]) > 80:
        return []
    authors = []
    last = _BYLINE_LEAD.sub("", lines[-1])
    for part in re.split(r"\s+[-–—]\s+|\s*[(,]\s*", last):
        toks = tokenize(part.strip())
        if not toks or len(toks) > 4 or any(
                m.first(toks, 0) for m in (grammar.titles, grammar.kinds, grammar.unit_types)):
            break
        if name_end(toks, 0, need_surname=False, max_len=4) != len(toks):
            break
        authors.append(part.strip())
    return authors
